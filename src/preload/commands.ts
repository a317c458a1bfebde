/**
 * Every command of the app, defined once: its id, the title the menus, the toolbar and the
 * command palette show, and its keyboard shortcut. The native menu (src/main/menu.ts) and the
 * renderer (src/renderer/src/commands) both read this table; the renderer binds each id to
 * what it does. User-visible strings of commands live here and nowhere else.
 *
 * The English titles here are the catalogue's (src/i18n/locales/en.ts `commands.<id>`, kept
 * equal by test/i18n/commands.test.ts); menus, toolbar and palette show `commandTitle(id, t)`,
 * the title in the user's language.
 *
 * Shortcuts use Electron's accelerator syntax (`CmdOrCtrl+Shift+P`). A shortcut with
 * `scope: 'canvas'` applies only when keyboard focus is not in a text field (Delete, single
 * keys); the renderer handles those itself and the native menu only shows them.
 */
import type { Translate } from '../i18n/index.js';

export type CommandCategory = 'File' | 'Edit' | 'Blocks' | 'View' | 'Training' | 'Help';

export interface CommandInfo {
  title: string;
  /** A shorter name for a toolbar button, when the title is long. */
  short?: string;
  category: CommandCategory;
  /** The shortcut shown and, in the native menu, registered. */
  shortcut?: string;
  /** On macOS, when it differs. */
  macShortcut?: string;
  /** Further keys that run the command (never shown in menus). */
  alternatives?: readonly string[];
  /** `canvas`: the keys act only outside text fields and are handled by the renderer. */
  scope?: 'canvas';
  /** The keys are the browser's own (clipboard): shown, never intercepted. */
  nativeKeys?: boolean;
  /** Words the palette's search also matches. */
  keywords?: string;
  /** Browsers take the key for themselves (Ctrl+N): only the desktop app shows and handles it. */
  reservedByBrowsers?: boolean;
  /** Not offered in the palette (sent by the main process only). */
  internal?: boolean;
}

export const commandCatalog = {
  new: {
    title: 'New Blank Graph',
    category: 'File',
    shortcut: 'CmdOrCtrl+N',
    reservedByBrowsers: true,
    keywords: 'empty clear',
  },
  open: { title: 'Open…', short: 'Open', category: 'File', shortcut: 'CmdOrCtrl+O', keywords: 'file load onnx' },
  save: { title: 'Save', category: 'File', shortcut: 'CmdOrCtrl+S' },
  saveAs: { title: 'Save As…', short: 'Save As', category: 'File', shortcut: 'CmdOrCtrl+Shift+S' },
  exportTrained: {
    title: 'Export Trained Graph…',
    category: 'File',
    shortcut: 'CmdOrCtrl+E',
    keywords: 'weights download',
  },
  'export:onnx': { title: 'Export ONNX Model…', category: 'File', keywords: 'onnxruntime download' },
  'export:pytorch': { title: 'Export PyTorch Code…', category: 'File', keywords: 'python torch nn.Module download' },
  saveAndClose: { title: 'Save and Close', category: 'File', internal: true },

  undo: { title: 'Undo', category: 'Edit', shortcut: 'CmdOrCtrl+Z' },
  redo: {
    title: 'Redo',
    category: 'Edit',
    shortcut: 'CmdOrCtrl+Y',
    macShortcut: 'Shift+CmdOrCtrl+Z',
    alternatives: ['Shift+CmdOrCtrl+Z'],
  },
  cut: { title: 'Cut', category: 'Edit', shortcut: 'CmdOrCtrl+X', nativeKeys: true },
  copy: { title: 'Copy', category: 'Edit', shortcut: 'CmdOrCtrl+C', nativeKeys: true },
  paste: { title: 'Paste', category: 'Edit', shortcut: 'CmdOrCtrl+V', nativeKeys: true },
  duplicate: { title: 'Duplicate', category: 'Edit', shortcut: 'CmdOrCtrl+D', keywords: 'copy clone' },
  deleteSelection: {
    title: 'Delete Selection',
    category: 'Edit',
    shortcut: 'Delete',
    alternatives: ['Backspace'],
    scope: 'canvas',
    keywords: 'remove',
  },
  selectAll: { title: 'Select All', category: 'Edit', shortcut: 'CmdOrCtrl+A' },

  addBlock: { title: 'Add Block…', category: 'Blocks', shortcut: 'Shift+A', scope: 'canvas', keywords: 'insert new' },
  connectOutput: {
    title: 'Connect Output To…',
    category: 'Blocks',
    shortcut: 'C',
    scope: 'canvas',
    keywords: 'wire edge link',
  },
  connectInput: {
    title: 'Connect Input From…',
    category: 'Blocks',
    shortcut: 'Shift+C',
    scope: 'canvas',
    keywords: 'wire edge link',
  },
  disconnect: { title: 'Disconnect Wire…', category: 'Blocks', keywords: 'remove delete edge unlink' },
  goToBlock: { title: 'Go to Block…', category: 'Blocks', shortcut: 'CmdOrCtrl+G', keywords: 'find select jump' },
  editBlock: {
    title: 'Edit Selected Block',
    category: 'Blocks',
    shortcut: 'Enter',
    scope: 'canvas',
    keywords: 'inspector parameters',
  },

  commandPalette: {
    title: 'Show All Commands',
    short: 'Commands',
    category: 'View',
    shortcut: 'CmdOrCtrl+Shift+P',
    alternatives: ['CmdOrCtrl+K'],
    keywords: 'command palette',
  },
  // Ctrl/Cmd + = / − / 0 scale the whole window (text, panels, charts), as in other desktop apps;
  // the canvas has its own zoom (the wheel, + / − outside text fields, the strip under it).
  uiZoomIn: {
    title: 'Zoom In (Whole Window)',
    short: 'Zoom In',
    category: 'View',
    shortcut: 'CmdOrCtrl+=',
    alternatives: ['CmdOrCtrl+Plus', 'CmdOrCtrl+Shift+='],
    keywords: 'ui scale larger text bigger font',
  },
  uiZoomOut: {
    title: 'Zoom Out (Whole Window)',
    short: 'Zoom Out',
    category: 'View',
    shortcut: 'CmdOrCtrl+-',
    keywords: 'ui scale smaller text font',
  },
  uiZoomReset: {
    title: 'Actual Size (Whole Window)',
    short: 'Actual Size',
    category: 'View',
    shortcut: 'CmdOrCtrl+0',
    keywords: 'ui scale reset 100%',
  },
  zoomIn: { title: 'Zoom Canvas In', category: 'View', shortcut: '=', alternatives: ['Plus'], scope: 'canvas' },
  zoomOut: { title: 'Zoom Canvas Out', category: 'View', shortcut: '-', scope: 'canvas' },
  fitView: { title: 'Fit Graph to Window', short: 'Fit', category: 'View', shortcut: 'Shift+1', scope: 'canvas' },
  presentation: {
    title: 'Presentation Mode',
    short: 'Present',
    category: 'View',
    shortcut: 'F5',
    keywords: 'projector teacher classroom slideshow large',
  },
  exitPresentation: { title: 'Exit Presentation Mode', category: 'View', shortcut: 'Escape', scope: 'canvas' },
  togglePalette: { title: 'Show or Hide the Block Palette', category: 'View', keywords: 'panel collapse expand' },
  toggleSidebar: {
    title: 'Show or Hide the Side Panel',
    category: 'View',
    keywords: 'inspector panel collapse expand',
  },
  toggleMinimap: { title: 'Show or Hide the Minimap', category: 'View', keywords: 'overview map' },
  autoLayout: {
    title: 'Arrange Left to Right',
    short: 'Arrange',
    category: 'View',
    shortcut: 'CmdOrCtrl+L',
    keywords: 'layout tidy auto',
  },
  focusCanvas: { title: 'Focus the Canvas', category: 'View', shortcut: 'F6', keywords: 'blocks keyboard' },
  showInspector: { title: 'Show Inspector', category: 'View', shortcut: 'Alt+1', keywords: 'panel parameters' },
  showData: { title: 'Show Data Panel', category: 'View', shortcut: 'Alt+2', keywords: 'panel csv dataset' },
  showTraining: {
    title: 'Show Training Settings',
    category: 'View',
    shortcut: 'Alt+3',
    keywords: 'panel optimizer learning rate epochs',
  },
  showProblems: { title: 'Show Problems', category: 'View', keywords: 'dock errors' },
  showCharts: { title: 'Show Charts', category: 'View', keywords: 'dock loss accuracy' },
  showOutput: { title: 'Show Output', category: 'View', keywords: 'dock decision boundary' },
  showGradientCheck: { title: 'Show Gradient Check', category: 'View', keywords: 'dock finite differences' },
  toggleDock: { title: 'Toggle Bottom Dock', category: 'View', keywords: 'collapse expand panel' },

  train: { title: 'Train', category: 'Training', shortcut: 'CmdOrCtrl+Enter', keywords: 'run start' },
  pause: {
    title: 'Pause Training',
    short: 'Pause',
    category: 'Training',
    shortcut: 'CmdOrCtrl+Enter',
    keywords: 'stop',
  },
  step: {
    title: 'Step One Batch',
    short: 'Step',
    category: 'Training',
    shortcut: 'CmdOrCtrl+Shift+Enter',
    keywords: 'single',
  },
  reset: {
    title: 'Reset Weights (Same Seed), Keeping Hand-Set Ones',
    category: 'Training',
    keywords: 'restart initialise keep my weights manual',
  },
  resetAll: {
    title: 'Reset All Weights (Same Seed), Hand-Set Ones Too',
    category: 'Training',
    keywords: 'restart re-initialise all manual zero',
  },
  resetNewSeed: { title: 'Reset Weights with a New Seed', category: 'Training', keywords: 'restart random' },
  stepThrough: { title: 'Step Through Backprop', category: 'Training', keywords: 'trace forward backward' },
  gradientCheck: { title: 'Run Gradient Check', category: 'Training', keywords: 'finite differences verify' },
} as const satisfies Record<string, CommandInfo>;

export type CommandId = keyof typeof commandCatalog;

/** Commands made per item of a list: examples, block types. */
export const commandFamilies = {
  template: { prefix: 'template:', title: (name: string) => `Open Example: ${name}`, category: 'File' },
  add: { prefix: 'add:', title: (block: string) => `Add Block: ${block}`, category: 'Blocks' },
  language: { prefix: 'language:', title: (name: string) => `Language: ${name}`, category: 'View' },
} as const satisfies Record<string, { prefix: string; title(name: string): string; category: CommandCategory }>;

export function commandInfo(id: CommandId): CommandInfo {
  return commandCatalog[id];
}

/** A command's title in the language of `t`. */
export function commandTitle(id: CommandId, t: Translate): string {
  return t(`commands.${id}.title`);
}

/** A command's toolbar label (its short name, else its title) in the language of `t`. */
export function commandShort(id: CommandId, t: Translate): string {
  return 'short' in commandCatalog[id] ? t(`commands.${id}.short`) : commandTitle(id, t);
}

/** The title of a command made for one item of a list (an example, a block type). */
export function familyTitle(family: keyof typeof commandFamilies, name: string, t: Translate): string {
  return family === 'language' ? t('language.command', { name }) : t(`commandFamilies.${family}`, { name });
}

/** A command category's name in the language of `t`. */
export function categoryName(category: CommandCategory, t: Translate): string {
  return t(`categories.${category}`);
}

/** The shortcut of a command on this platform, if it has one. */
export function shortcutOf(id: CommandId, isMac: boolean): string | undefined {
  const info = commandInfo(id);
  return (isMac && info.macShortcut) || info.shortcut;
}
