/**
 * The preload script against a stand-in for `electron`: it exposes exactly the typed API, never
 * ipcRenderer itself, and each call goes to its channel; listeners get payloads, not events.
 */
import { describe, expect, it, vi } from 'vitest';
import { channels } from '../../src/preload/api.js';

const exposed = vi.hoisted(() => {
  const state = {
    api: null as any,
    invoked: [] as unknown[][],
    sent: [] as unknown[][],
    listeners: {} as Record<string, ((...a: unknown[]) => void)[]>,
    /** The page's window: the preload listens for drops on it. */
    windowListeners: [] as { type: string; fn: (event: unknown) => void; capture: boolean }[],
  };
  (globalThis as any).window = {
    addEventListener: (type: string, fn: (event: unknown) => void, capture: boolean) =>
      state.windowListeners.push({ type, fn, capture }),
  };
  return state;
});

/** A File as Chromium hands it out: dropped or picked files know their path, made-up ones do not. */
const file = (path: string) => ({ path });

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => key === 'api' && (exposed.api = api) },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => exposed.invoked.push(args),
    send: (...args: unknown[]) => exposed.sent.push(args),
    sendSync: (channel: string) => (channel === 'app:language' ? 'ru' : undefined),
    on: (channel: string, fn: (...a: unknown[]) => void) => (exposed.listeners[channel] ??= []).push(fn),
    removeListener: (channel: string, fn: (...a: unknown[]) => void) =>
      (exposed.listeners[channel] = exposed.listeners[channel].filter((f) => f !== fn)),
  },
  webUtils: {
    getPathForFile: (f: { path?: string }) => {
      if (!f || typeof f !== 'object') throw new TypeError('not a File');
      return f.path ?? '';
    },
  },
}));

describe('preload API', () => {
  it('exposes only the typed functions, each on its channel', async () => {
    await import('../../src/preload/index.js');
    const api = exposed.api;
    expect(Object.keys(api).sort()).toEqual([
      'clearBackup',
      'clearRecentFiles',
      'closeWindow',
      'exportFile',
      'grantDroppedFile',
      'language',
      'onCommand',
      'onLanguageChanged',
      'onOpenFile',
      'openDataDialog',
      'openDialog',
      'openPath',
      'platform',
      'readBackup',
      'recentFiles',
      'save',
      'setDocumentState',
      'setLanguage',
      'writeBackup',
    ]);
    expect(Object.values(api).some((v) => v && typeof v === 'object' && 'invoke' in (v as object))).toBe(false);
    await api.openPath('/a.bps.json');
    await api.save({ text: 'x' });
    api.setDocumentState({ name: 'n', path: null, dirty: false });
    expect(exposed.invoked).toEqual([
      [channels.openPath, { path: '/a.bps.json' }],
      [channels.save, { text: 'x' }],
    ]);
    expect(exposed.sent).toEqual([[channels.documentState, { name: 'n', path: null, dirty: false }]]);
    const seen: unknown[] = [];
    const off = api.onCommand((c: unknown) => seen.push(c));
    exposed.listeners[channels.command][0]({ sender: 'event' }, 'undo');
    expect(seen).toEqual(['undo']);
    off();
    expect(exposed.listeners[channels.command]).toEqual([]);
    // A file from the OS that arrives before the page listens is delivered when it does.
    const early = { path: '/a.bps.json', name: 'a.bps.json', text: '{}' };
    for (const fn of exposed.listeners[channels.openFile]) fn({}, early);
    const opened: unknown[] = [];
    const offOpen = api.onOpenFile((f: unknown) => opened.push(f));
    expect(opened).toEqual([early]);
    const later = { path: '/b.bps.json', name: 'b.bps.json', text: '{}' };
    for (const fn of exposed.listeners[channels.openFile]) fn({}, later);
    expect(opened).toEqual([early, later]);
    offOpen();
  });

  it('knows the app’s language as the page starts, asks main to change it and hears when it changed', () => {
    const api = exposed.api;
    expect(api.language).toBe('ru');
    exposed.sent.length = 0;
    api.setLanguage('en');
    expect(exposed.sent).toEqual([[channels.setLanguage, 'en']]);
    const heard: unknown[] = [];
    const off = api.onLanguageChanged((l: unknown) => heard.push(l));
    exposed.listeners[channels.languageChanged][0]({ sender: 'event' }, 'en');
    expect(heard).toEqual(['en']);
    off();
  });

  it('asks main to grant a dropped file only for a file of a real drop by the user', async () => {
    const api = exposed.api;
    exposed.invoked.length = 0;
    const drop = exposed.windowListeners.find((l) => l.type === 'drop');
    // Seen first (capture phase), before any handler of the page.
    expect(drop?.capture).toBe(true);
    const dropped = file('/home/u/net.bps.json');
    // Before any drop, and for a drop the page made up itself (isTrusted false), nothing is asked.
    expect(await api.grantDroppedFile(dropped)).toBeNull();
    drop!.fn({ isTrusted: false, dataTransfer: { files: [file('/home/u/.ssh/config.json')] } });
    expect(await api.grantDroppedFile(file('/home/u/.ssh/config.json'))).toBeNull();
    expect(exposed.invoked).toEqual([]);
    // The user drops a file: that one is asked for, and nothing else.
    drop!.fn({ isTrusted: true, dataTransfer: { files: [dropped] } });
    await api.grantDroppedFile(dropped);
    expect(await api.grantDroppedFile(file('/home/u/other.bps.json'))).toBeNull();
    expect(await api.grantDroppedFile(file(''))).toBeNull();
    expect(await api.grantDroppedFile(null)).toBeNull();
    expect(exposed.invoked).toEqual([[channels.grantDropped, { path: '/home/u/net.bps.json' }]]);
    // The next drop replaces the last one.
    drop!.fn({ isTrusted: true, dataTransfer: { files: [file('/home/u/b.bps.json')] } });
    await api.grantDroppedFile(dropped);
    expect(exposed.invoked).toHaveLength(1);
  });
});
