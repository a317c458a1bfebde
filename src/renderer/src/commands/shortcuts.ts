/**
 * Keyboard shortcuts in Electron's accelerator syntax (`CmdOrCtrl+Shift+P`), as the command
 * catalog writes them: shown the way each platform spells them, and matched against key events.
 */

interface Parsed {
  mod: boolean;
  shift: boolean;
  alt: boolean;
  key: string;
}

const KEY_NAMES: Record<string, string> = { plus: '+', space: ' ', esc: 'escape', return: 'enter' };

function parse(accelerator: string): Parsed {
  const parts = accelerator.split('+');
  // `CmdOrCtrl++` is not a valid accelerator; `Plus` names the key.
  const key = parts.pop()!.toLowerCase();
  const mods = parts.map((p) => p.toLowerCase());
  return {
    mod: mods.some((m) => m === 'cmdorctrl' || m === 'commandorcontrol' || m === 'ctrl' || m === 'cmd'),
    shift: mods.includes('shift'),
    alt: mods.includes('alt') || mods.includes('option'),
    key: KEY_NAMES[key] ?? key,
  };
}

/** Whether the app runs on macOS (then CmdOrCtrl is ⌘). */
export function isMacPlatform(): boolean {
  const api = (globalThis as { api?: { platform?: string } }).api;
  if (api?.platform) return api.platform === 'darwin';
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}

const KEY_LABELS: Record<string, string> = {
  enter: 'Enter',
  delete: 'Delete',
  backspace: 'Backspace',
  escape: 'Esc',
  ' ': 'Space',
  arrowleft: '←',
  arrowright: '→',
  arrowup: '↑',
  arrowdown: '↓',
};

/** How a shortcut is written for people: `Ctrl+Shift+P` elsewhere, `⇧⌘P` on macOS. */
export function formatShortcut(accelerator: string, mac = isMacPlatform()): string {
  const p = parse(accelerator);
  const key = KEY_LABELS[p.key] ?? (p.key.length === 1 ? p.key.toUpperCase() : p.key[0].toUpperCase() + p.key.slice(1));
  if (mac) return `${p.alt ? '⌥' : ''}${p.shift ? '⇧' : ''}${p.mod ? '⌘' : ''}${key === 'Enter' ? '↩' : key}`;
  return [p.mod && 'Ctrl', p.alt && 'Alt', p.shift && 'Shift', key].filter(Boolean).join('+');
}

/**
 * Whether a key event is the shortcut. Ctrl and ⌘ both count as CmdOrCtrl (a Mac keyboard in a
 * browser, a PC keyboard on a Mac). For symbol keys Shift is part of the symbol (`+` is Shift+=).
 */
export function matchesShortcut(accelerator: string, event: KeyboardEvent): boolean {
  const p = parse(accelerator);
  const key = event.key.toLowerCase();
  // With Alt (Option on a Mac) a letter or digit key types another character: compare the key itself.
  const code = /^[a-z]$/.test(p.key) ? `Key${p.key.toUpperCase()}` : /^[0-9]$/.test(p.key) ? `Digit${p.key}` : null;
  if (key !== p.key && !(code && event.code === code)) return false;
  if ((event.ctrlKey || event.metaKey) !== p.mod || event.altKey !== p.alt) return false;
  const symbol = p.key.length === 1 && !/[a-z0-9]/.test(p.key);
  return symbol || event.shiftKey === p.shift;
}
