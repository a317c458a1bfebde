import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BackupStore, RecentFiles } from '../../src/main/files.js';
import { createIpcHandlers, withExtension, type IpcDeps } from '../../src/main/ipc.js';
import { isAppUrl } from '../../src/main/security.js';
import { channels } from '../../src/preload/api.js';

let dir: string;
let deps: IpcDeps;
const own = { senderFrame: { url: 'app://bundle/index.html' } };
const stranger = { senderFrame: { url: 'https://evil.example/' } };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bps-ipc-'));
  deps = {
    recent: new RecentFiles(join(dir, 'recent.json')),
    backup: new BackupStore(join(dir, 'backup.json')),
    granted: new Set(),
    isTrustedSender: (url) => isAppUrl(url),
    showOpenDialog: vi.fn(async () => null),
    showSaveDialog: vi.fn(async () => null),
    onDocumentState: vi.fn(),
    onCloseWindow: vi.fn(),
    onRecentChanged: vi.fn(),
  };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('IPC handlers', () => {
  it('refuse every call from a page that is not ours', async () => {
    const { handle, on } = createIpcHandlers(deps);
    for (const fn of Object.values(handle)) expect(() => fn(stranger, {})).toThrow(/untrusted/);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    on[channels.documentState](stranger, { name: 'x', path: null, dirty: true });
    on[channels.closeWindow](stranger);
    expect(deps.onDocumentState).not.toHaveBeenCalled();
    expect(deps.onCloseWindow).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it('validate payloads and name what is wrong', async () => {
    const { handle } = createIpcHandlers(deps);
    await expect(handle[channels.save](own, { text: 42 })).rejects.toThrow(/invalid file:save request: text/);
    await expect(handle[channels.openPath](own, { path: '' })).rejects.toThrow(/invalid file:open-path request: path/);
    await expect(
      handle[channels.exportFile](own, {
        data: 'x',
        suggestedName: 'a',
        filters: [{ name: 'x', extensions: ['../evil'] }],
      }),
    ).rejects.toThrow(/extensions/);
    await expect(handle[channels.backupWrite](own, { text: 'x' })).rejects.toThrow(/path/);
  });

  it('open through the dialog, remember the file, and allow opening it again by path', async () => {
    const path = join(dir, 'xor.bps.json');
    writeFileSync(path, '{"x":1}');
    deps.showOpenDialog = vi.fn(async () => path);
    const { handle } = createIpcHandlers(deps);
    expect(await handle[channels.openDialog](own)).toEqual({ path, name: 'xor.bps.json', text: '{"x":1}' });
    expect(await deps.recent.list()).toEqual([path]);
    expect(deps.onRecentChanged).toHaveBeenCalledWith([path]);
    deps.granted.clear();
    expect(await handle[channels.openPath](own, { path })).toMatchObject({ name: 'xor.bps.json' });
  });

  it('refuse to read or overwrite a path the user never chose', async () => {
    const secret = join(dir, 'secret.txt');
    writeFileSync(secret, 'secret');
    const { handle } = createIpcHandlers(deps);
    await expect(handle[channels.openPath](own, { path: secret })).rejects.toThrow(/not chosen by the user/);
    await expect(handle[channels.save](own, { text: 'pwned', path: secret })).rejects.toThrow(/not chosen by the user/);
    expect(readFileSync(secret, 'utf8')).toBe('secret');
  });

  it('save as: ask where, add the extension, write atomically, then save in place', async () => {
    const chosen = join(dir, 'my net');
    deps.showSaveDialog = vi.fn(async () => chosen);
    const { handle } = createIpcHandlers(deps);
    const saved = await handle[channels.save](own, { text: 'v1', suggestedName: 'XOR.bps.json' });
    expect(saved).toEqual({ path: `${chosen}.bps.json`, name: 'my net.bps.json' });
    expect(readFileSync(`${chosen}.bps.json`, 'utf8')).toBe('v1');
    expect(deps.showSaveDialog).toHaveBeenCalledWith({
      suggestedName: 'XOR.bps.json',
      filters: [{ name: 'Backprop Studio graph', extensions: ['bps.json'] }],
    });
    await handle[channels.save](own, { text: 'v2', path: `${chosen}.bps.json` });
    expect(readFileSync(`${chosen}.bps.json`, 'utf8')).toBe('v2');
    expect(deps.showSaveDialog).toHaveBeenCalledTimes(1);
  });

  it('cancelled dialogs resolve null and write nothing', async () => {
    const { handle } = createIpcHandlers(deps);
    expect(await handle[channels.save](own, { text: 'x' })).toBeNull();
    expect(
      await handle[channels.exportFile](own, {
        data: 'x',
        suggestedName: 'a.onnx',
        filters: [{ name: 'ONNX', extensions: ['onnx'] }],
      }),
    ).toBeNull();
    expect(await handle[channels.openDialog](own)).toBeNull();
  });

  it('export binary data', async () => {
    deps.showSaveDialog = vi.fn(async () => join(dir, 'model'));
    const { handle } = createIpcHandlers(deps);
    await handle[channels.exportFile](own, {
      data: new Uint8Array([8, 1]),
      suggestedName: 'model.onnx',
      filters: [{ name: 'ONNX', extensions: ['onnx'] }],
    });
    expect([...readFileSync(join(dir, 'model.onnx'))]).toEqual([8, 1]);
  });

  it('write, read and clear the crash backup; forward document state', async () => {
    const { handle, on } = createIpcHandlers(deps);
    await handle[channels.backupWrite](own, { text: 'doc', path: null });
    expect(await handle[channels.backupRead](own)).toMatchObject({ text: 'doc', path: null });
    await handle[channels.backupClear](own);
    expect(await handle[channels.backupRead](own)).toBeNull();
    on[channels.documentState](own, { name: 'xor.bps.json', path: '/x', dirty: true });
    expect(deps.onDocumentState).toHaveBeenCalledWith(own, { name: 'xor.bps.json', path: '/x', dirty: true });
  });
});

describe('withExtension', () => {
  it('adds the first filter’s extension only when missing', () => {
    const f = [{ extensions: ['bps.json'] }];
    expect(withExtension('/a/net', f)).toBe('/a/net.bps.json');
    expect(withExtension('/a/net.bps.json', f)).toBe('/a/net.bps.json');
    expect(withExtension('/a/NET.BPS.JSON', f)).toBe('/a/NET.BPS.JSON');
    expect(withExtension('/a/m', [{ extensions: ['onnx'] }])).toBe('/a/m.onnx');
  });
});
