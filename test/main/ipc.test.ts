import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_DOCUMENT_BYTES } from '../../src/engine/limits.js';
import { BackupStore, RecentFiles } from '../../src/main/files.js';
import { createI18n, translator } from '../../src/i18n/index.js';
import {
  createIpcHandlers,
  IpcError,
  localizeFilters,
  openFilters,
  withExtension,
  type IpcDeps,
} from '../../src/main/ipc.js';
import { isAppUrl } from '../../src/main/security.js';
import { channels } from '../../src/preload/api.js';

let dir: string;
let deps: IpcDeps;
const own = { senderFrame: { url: 'app://bundle/index.html' } };
const graph = '{"format":"backprop-studio.graph","version":1,"name":"n","nodes":[],"edges":[]}';
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
    language: () => 'ru',
    setLanguage: vi.fn(),
  };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('IPC handlers', () => {
  it('tell the page the app’s language at once and take the one the user chose in the page', () => {
    const { on } = createIpcHandlers(deps);
    const event: { senderFrame: { url: string }; returnValue?: unknown } = { ...own };
    on[channels.language](event);
    expect(event.returnValue).toBe('ru');
    on[channels.setLanguage](own, 'en');
    expect(deps.setLanguage).toHaveBeenCalledWith('en');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    on[channels.setLanguage](own, 'xx');
    on[channels.setLanguage](stranger, 'ru');
    expect(deps.setLanguage).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it('name the file types of Open and Save dialogs in the user’s language, by their extensions', () => {
    const ru = translator(createI18n('ru'));
    expect(localizeFilters([...openFilters, { name: 'All files', extensions: ['*'] }], ru).map((f) => f.name)).toEqual([
      'Графы и модели ONNX',
      'Граф Backprop Studio',
      'Модель ONNX',
      'Все файлы',
    ]);
    // Whatever name the page sent; a type the catalogue does not know keeps its name.
    expect(
      localizeFilters(
        [
          { name: 'Python', extensions: ['py'] },
          { name: 'Weird', extensions: ['xyz'] },
        ],
        ru,
      ),
    ).toEqual([
      { name: 'Python', extensions: ['py'] },
      { name: 'Weird', extensions: ['xyz'] },
    ]);
    const en = translator(createI18n('en'));
    expect(localizeFilters(openFilters, en)).toEqual(openFilters);
  });

  it('refuse every call from a page that is not ours', async () => {
    const { handle, on } = createIpcHandlers(deps);
    for (const fn of Object.values(handle)) expect(() => fn(stranger, {})).toThrow(/untrusted/);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    on[channels.documentState](stranger, { name: 'x', path: null, dirty: true });
    on[channels.closeWindow](stranger);
    on[channels.setLanguage](stranger, 'en');
    expect(deps.onDocumentState).not.toHaveBeenCalled();
    expect(deps.onCloseWindow).not.toHaveBeenCalled();
    expect(deps.setLanguage).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(3);
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
    deps.granted.add('/x.bps.json');
    on[channels.documentState](own, { name: 'xor.bps.json', path: '/x.bps.json', dirty: true });
    expect(deps.onDocumentState).toHaveBeenCalledWith(own, { name: 'xor.bps.json', path: '/x.bps.json', dirty: true });
    // A path the user never chose is not passed on (it would seed the Save dialog's folder).
    on[channels.documentState](own, { name: 'x', path: '/etc/passwd', dirty: true });
    expect(deps.onDocumentState).toHaveBeenLastCalledWith(own, { name: 'x', path: null, dirty: true });
  });

  it('back up work only for a file the user chose, and grant it again after a restart only while unchanged', async () => {
    const path = join(dir, 'net.bps.json');
    writeFileSync(path, graph);
    deps.showOpenDialog = vi.fn(async () => path);
    const { handle } = createIpcHandlers(deps);
    await handle[channels.openDialog](own);
    await handle[channels.backupWrite](own, { text: 'unsaved', path });

    // Restart: nothing granted yet. The backup names the file, unchanged: it may be saved over.
    const restarted = { ...deps, granted: new Set<string>() };
    const after = createIpcHandlers(restarted).handle;
    expect(await after[channels.backupRead](own)).toEqual({ text: 'unsaved', path, savedAt: expect.any(Number) });
    await after[channels.save](own, { text: 'restored and saved', path });
    expect(readFileSync(path, 'utf8')).toBe('restored and saved');

    // The file changed on disk after the backup: the restore is told, and may not write over it.
    await after[channels.backupWrite](own, { text: 'more unsaved', path });
    writeFileSync(path, `${graph} edited elsewhere`);
    const again = { ...deps, granted: new Set<string>() };
    const third = createIpcHandlers(again).handle;
    expect(await third[channels.backupRead](own)).toMatchObject({ path, fileChanged: 'modified' });
    await expect(third[channels.save](own, { text: 'x', path })).rejects.toThrow(/not chosen by the user/);
    expect(readFileSync(path, 'utf8')).toBe(`${graph} edited elsewhere`);
  });

  it('grant a dropped file only when it is a graph on disk', async () => {
    const dropped = join(dir, 'dropped.bps.json');
    writeFileSync(dropped, graph);
    const { handle } = createIpcHandlers(deps);
    expect(await handle[channels.grantDropped](own, { path: dropped })).toBe(dropped);
    expect(deps.granted.has(dropped)).toBe(true);
    expect(await deps.recent.list()).toEqual([dropped]);
    // Ctrl+S on the dropped file saves in place.
    expect(await handle[channels.save](own, { text: 'saved in place', path: dropped })).toEqual({
      path: dropped,
      name: 'dropped.bps.json',
    });
    expect(readFileSync(dropped, 'utf8')).toBe('saved in place');

    const settings = join(dir, 'settings.json');
    writeFileSync(settings, '{"editor.fontSize": 14}');
    const model = join(dir, 'model.onnx');
    writeFileSync(model, graph);
    for (const path of [settings, model, join(dir, 'missing.bps.json'), dir, '/etc/passwd', 'relative.bps.json'])
      expect(await handle[channels.grantDropped](own, { path }), path).toBeNull();
    expect([...deps.granted]).toEqual([dropped]);
  });

  it('exporting does not let the page write to the export later', async () => {
    deps.showSaveDialog = vi.fn(async () => join(dir, 'model.onnx'));
    const { handle } = createIpcHandlers(deps);
    await handle[channels.exportFile](own, {
      data: new Uint8Array([1]),
      suggestedName: 'model.onnx',
      filters: [{ name: 'ONNX', extensions: ['onnx'] }],
    });
    await expect(handle[channels.save](own, { text: 'x', path: join(dir, 'model.onnx') })).rejects.toThrow(
      /not chosen/,
    );
  });

  it('refuse documents over the one size limit for save and backup, naming the size', async () => {
    const path = join(dir, 'big.bps.json');
    writeFileSync(path, graph);
    deps.granted.add(path);
    const { handle } = createIpcHandlers(deps);
    // Fewer characters than the limit, more UTF-8 bytes: the file could not be opened again.
    const tooBig = 'я'.repeat(MAX_DOCUMENT_BYTES / 2 + 1);
    // Told in the app's language (Russian here), as the page shows it.
    await expect(handle[channels.save](own, { text: tooBig, path })).rejects.toThrow(
      /^Граф занимает 64,0 МБ; документ больше 64 МБ нельзя будет открыть снова/,
    );
    await expect(handle[channels.backupWrite](own, { text: tooBig, path: null })).rejects.toThrow(
      /^Резервная копия занимает 64,0 МБ/,
    );
    await expect(handle[channels.save](own, { text: 'a'.repeat(MAX_DOCUMENT_BYTES + 1), path })).rejects.toThrow(
      /invalid file:save request: text/,
    );
    expect(readFileSync(path, 'utf8')).toBe(graph);
    expect(await deps.backup.read()).toBeNull();
    expect(deps.showSaveDialog).not.toHaveBeenCalled();
  });
});

describe('IPC handlers against a compromised page', () => {
  /**
   * The page plays hostile, as a renderer would that runs code of its own and so bypasses the
   * preload: it calls every channel with every payload below after the user opened one file.
   * Nothing outside that file may be read, written, granted or remembered, and every refusal is
   * a clear error, never a crash. (The one path to a grant without a dialog is the drop channel,
   * which this process cannot check against a real drop: it reaches only files that already are
   * Backprop Studio graphs — see 'grant a dropped file only when it is a graph on disk'. A page
   * that goes through the preload cannot use it without a real drop: test/main/preload.test.ts.)
   */
  it('read, write, grant and remember nothing the user did not choose', async () => {
    const userFile = join(dir, 'mine.bps.json');
    writeFileSync(userFile, graph);
    const secretDir = mkdtempSync(join(tmpdir(), 'bps-secret-'));
    const secrets = {
      text: join(secretDir, 'id_rsa'),
      json: join(secretDir, 'settings.json'),
      notGraph: join(secretDir, 'notes.bps.json'),
      model: join(secretDir, 'model.onnx'),
    };
    writeFileSync(secrets.text, 'PRIVATE KEY');
    writeFileSync(secrets.json, '{"token": "secret"}');
    writeFileSync(secrets.notGraph, '{"format":"something else"}');
    writeFileSync(secrets.model, 'onnx');
    const before = Object.fromEntries(Object.values(secrets).map((p) => [p, readFileSync(p, 'utf8')]));
    try {
      deps.showOpenDialog = vi.fn(async () => userFile);
      const { handle, on } = createIpcHandlers(deps);
      await handle[channels.openDialog](own);

      const paths = [
        ...Object.values(secrets),
        `${dir}/../${secretDir.split('/').pop()}/id_rsa`,
        `${userFile}/../${secretDir.split('/').pop()}`,
        `${userFile}\0.txt`,
        `file://${secrets.text}`,
        'relative/evil.bps.json',
        `${userFile} `,
        userFile.toUpperCase(),
        join(dir, 'recent.json'),
        join(dir, 'backup.json'),
        '',
        'x'.repeat(5000),
      ];
      const values = [undefined, null, 0, -1, Number.NaN, 'string', true, [], [userFile], {}, new Uint8Array(4)];
      const payloads: unknown[] = [
        ...values,
        ...paths.flatMap((path) => [
          { path },
          { text: 'PWNED', path },
          { text: 'PWNED', path, suggestedName: '../../evil', filters: [{ name: 'x', extensions: ['*'] }] },
          { data: 'PWNED', suggestedName: path, filters: [{ name: 'x', extensions: ['json'] }] },
          { name: 'x', path, dirty: true },
        ]),
        ...values.flatMap((v) => [{ path: v }, { text: v, path: v }, { text: 'PWNED', path: v }]),
        { path: userFile, __proto__: { path: secrets.text } },
        JSON.parse(`{"path": ${JSON.stringify(secrets.text)}, "__proto__": {"isAdmin": true}}`),
        { text: 'PWNED', path: secrets.text, extra: 'field' },
      ];

      const outcomes = new Map<string, number>();
      for (const [channel, fn] of Object.entries(handle))
        for (const payload of payloads) {
          let outcome: string;
          try {
            const result = await fn(own, payload);
            // Whatever a call returns must not carry a secret.
            const json = JSON.stringify(result ?? null);
            for (const secret of Object.values(before)) expect(json, channel).not.toContain(secret);
            outcome = 'answered';
          } catch (e) {
            // Refusals are our own messages (or the file system's for the user's own file), never a TypeError.
            expect(e, `${channel} ${JSON.stringify(payload)?.slice(0, 200)}`).not.toBeInstanceOf(TypeError);
            outcome = e instanceof IpcError ? 'refused' : 'failed';
          }
          outcomes.set(`${channel} ${outcome}`, (outcomes.get(`${channel} ${outcome}`) ?? 0) + 1);
        }
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      for (const fn of Object.values(on)) for (const payload of payloads) fn(own, payload);
      warn.mockRestore();

      // Nothing outside the user's file was touched, granted or remembered.
      for (const [path, contents] of Object.entries(before)) expect(readFileSync(path, 'utf8')).toBe(contents);
      expect(readdirSync(secretDir).sort()).toEqual(['id_rsa', 'model.onnx', 'notes.bps.json', 'settings.json']);
      expect([...deps.granted]).toEqual([userFile]);
      // (It may have cleared the list: that takes nothing from the user but a convenience.)
      for (const path of await deps.recent.list()) expect(path).toBe(userFile);
      for (const call of vi.mocked(deps.onDocumentState).mock.calls) expect([null, userFile]).toContain(call[1].path);
      // The dialogs were the only way to a new path: a cancelled one wrote nothing.
      for (const name of readdirSync(dir)) expect(['backup.json', 'mine.bps.json', 'recent.json']).toContain(name);
      // The backup names no path but the user's.
      const backup = await deps.backup.read();
      expect([null, userFile]).toContain(backup?.path ?? null);

      // After a restart, the backup and the recent list grant nothing but the user's file.
      const restarted = { ...deps, granted: new Set<string>() };
      const after = createIpcHandlers(restarted).handle;
      await after[channels.backupRead](own);
      for (const path of Object.values(secrets)) {
        await expect(after[channels.save](own, { text: 'PWNED', path })).rejects.toThrow(/not chosen by the user/);
        await expect(after[channels.openPath](own, { path })).rejects.toThrow(/not chosen by the user/);
      }
      for (const [path, contents] of Object.entries(before)) expect(readFileSync(path, 'utf8')).toBe(contents);
      expect([...restarted.granted].every((p) => p === userFile)).toBe(true);
      // The page did call everything: each channel answered or refused (the test exercised them all).
      for (const channel of Object.keys(handle))
        expect(
          [...outcomes.keys()].some((k) => k.startsWith(`${channel} `)),
          channel,
        ).toBe(true);
    } finally {
      rmSync(secretDir, { recursive: true, force: true });
    }
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
