/**
 * The preload script against a stand-in for `electron`: it exposes exactly the typed API, never
 * ipcRenderer itself, and each call goes to its channel; listeners get payloads, not events.
 */
import { describe, expect, it, vi } from 'vitest';
import { channels } from '../../src/preload/api.js';

const exposed = vi.hoisted(() => ({
  api: null as any,
  invoked: [] as unknown[][],
  sent: [] as unknown[][],
  listeners: {} as Record<string, ((...a: unknown[]) => void)[]>,
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => key === 'api' && (exposed.api = api) },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => exposed.invoked.push(args),
    send: (...args: unknown[]) => exposed.sent.push(args),
    on: (channel: string, fn: (...a: unknown[]) => void) => (exposed.listeners[channel] ??= []).push(fn),
    removeListener: (channel: string, fn: (...a: unknown[]) => void) =>
      (exposed.listeners[channel] = exposed.listeners[channel].filter((f) => f !== fn)),
  },
  webUtils: { getPathForFile: () => '/dropped/file.bps.json' },
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
      'onCommand',
      'onOpenFile',
      'openDataDialog',
      'openDialog',
      'openPath',
      'pathForFile',
      'platform',
      'readBackup',
      'recentFiles',
      'save',
      'setDocumentState',
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
    expect(api.pathForFile({})).toBe('/dropped/file.bps.json');
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
});
