import { mkdtempSync, promises as fsp, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  tellError,
  BackupStore,
  checkDocumentSize,
  documentArguments,
  MAX_DOCUMENT_BYTES,
  readDocumentFile,
  RecentFiles,
  WindowStateStore,
} from '../../src/main/files.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bps-main-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const failure = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });

/** Makes the next file opened for writing fail half way through its write, as a full disk does. */
function failNextWrite() {
  const open = fsp.open.bind(fsp);
  vi.spyOn(fsp, 'open').mockImplementation(async (...args: Parameters<typeof fsp.open>) => {
    const handle = await open(...args);
    if (args[1] !== 'wx') return handle;
    handle.writeFile = async (data) => {
      await handle.write(typeof data === 'string' ? data.slice(0, data.length / 2) : 'partial');
      throw failure('ENOSPC');
    };
    return handle;
  });
}

describe('readDocumentFile', () => {
  it('reads text with the base name', async () => {
    const path = join(dir, 'xor.bps.json');
    writeFileSync(path, '{"a":1}');
    expect(await readDocumentFile(path)).toEqual({ path, name: 'xor.bps.json', text: '{"a":1}' });
  });
  it('reads ONNX models as bytes', async () => {
    const path = join(dir, 'model.onnx');
    writeFileSync(path, Buffer.from([8, 7, 0, 255]));
    const file = await readDocumentFile(path);
    expect(file.text).toBe('');
    expect([...file.bytes!]).toEqual([8, 7, 0, 255]);
  });
  it('refuses folders and files over the size limit', async () => {
    await expect(readDocumentFile(dir)).rejects.toThrow(/not a file/);
    const big = join(dir, 'big.json');
    writeFileSync(big, '');
    const { truncateSync } = await import('node:fs');
    truncateSync(big, MAX_DOCUMENT_BYTES + 1);
    await expect(readDocumentFile(big)).rejects.toThrow(/MB/);
  });
});

describe('checkDocumentSize', () => {
  it('measures UTF-8 bytes, not characters, against the one document limit', () => {
    expect(() => checkDocumentSize('graph', 'a'.repeat(MAX_DOCUMENT_BYTES))).not.toThrow();
    expect(() => checkDocumentSize('graph', 'a'.repeat(MAX_DOCUMENT_BYTES + 1))).toThrow(
      /The graph is 64.0 MB; documents over 64 MB cannot be opened again/,
    );
    // Half as many characters, each two bytes in UTF-8.
    expect(() => checkDocumentSize('backup', 'я'.repeat(MAX_DOCUMENT_BYTES / 2 + 1))).toThrow(/The backup is/);
  });

  it('is told in the app’s language, with the language’s decimal separator', () => {
    let problem: unknown;
    try {
      checkDocumentSize('graph', 'a'.repeat(MAX_DOCUMENT_BYTES + 1));
    } catch (e) {
      problem = e;
    }
    expect(tellError(problem, 'en')).toBe((problem as Error).message);
    expect(tellError(problem, 'ru')).toBe(
      'Граф занимает 64,0 МБ; документ больше 64 МБ нельзя будет открыть снова, поэтому он не записан',
    );
    expect(tellError(new Error('EACCES'), 'ru')).toBe('EACCES');
  });
});

describe('RecentFiles', () => {
  it('keeps the newest first, without duplicates, up to the limit, and survives a damaged file', async () => {
    const file = join(dir, 'recent.json');
    const recent = new RecentFiles(file, 3);
    expect(await recent.list()).toEqual([]);
    await recent.add('/a');
    await recent.add('/b');
    await recent.add('/a');
    expect(await recent.list()).toEqual(['/a', '/b']);
    await recent.add('/c');
    await recent.add('/d');
    expect(await recent.list()).toEqual(['/d', '/c', '/a']);
    await recent.remove('/c');
    expect(await new RecentFiles(file, 3).list()).toEqual(['/d', '/a']);
    writeFileSync(file, '{not json');
    expect(await recent.list()).toEqual([]);
    await recent.clear();
    expect(await recent.list()).toEqual([]);
  });
});

describe('RecentFiles under concurrent updates', () => {
  it('loses no entry when many are added at once', async () => {
    const recent = new RecentFiles(join(dir, 'recent.json'), 200);
    const paths = Array.from({ length: 100 }, (_, i) => `/docs/${i}.bps.json`);
    const answers = await Promise.all(paths.map((p) => recent.add(p)));
    // Applied one after another in the order asked: each answer holds every earlier entry.
    answers.forEach((answer, i) => expect(answer).toEqual(paths.slice(0, i + 1).reverse()));
    expect(await recent.list()).toEqual([...paths].reverse());
    await Promise.all([recent.remove(paths[0]), recent.add('/docs/new.bps.json'), recent.remove(paths[1])]);
    const list = await recent.list();
    expect(list[0]).toBe('/docs/new.bps.json');
    expect(list).not.toContain(paths[0]);
    expect(list).not.toContain(paths[1]);
    expect(list).toHaveLength(99);
  });
});

describe('BackupStore', () => {
  it('round-trips the backup and clears it', async () => {
    const store = new BackupStore(join(dir, 'backup.json'), () => 1234);
    expect(await store.read()).toBeNull();
    const doc = join(dir, 'x.bps.json');
    writeFileSync(doc, '{}');
    await store.write('{"doc":1}', doc);
    expect(await store.read()).toEqual({ text: '{"doc":1}', path: doc, savedAt: 1234 });
    await store.clear();
    expect(await store.read()).toBeNull();
    await store.clear();
  });
  it('a failed backup (disk full) leaves no temporary file', async () => {
    const store = new BackupStore(join(dir, 'backup.json'));
    await store.write('first', null);
    for (let i = 0; i < 3; i++) {
      failNextWrite();
      await expect(store.write('second', null)).rejects.toThrow('ENOSPC');
      vi.restoreAllMocks();
    }
    expect(readdirSync(dir)).toEqual(['backup.json']);
    expect(await store.read()).toMatchObject({ text: 'first' });
  });

  it("tells when the backup's file changed on disk or went away since", async () => {
    const doc = join(dir, 'net.bps.json');
    writeFileSync(doc, 'saved version');
    const store = new BackupStore(join(dir, 'backup.json'));
    await store.write('unsaved work', doc);
    expect(await store.read()).toEqual({ text: 'unsaved work', path: doc, savedAt: expect.any(Number) });
    // Touched but the same contents: unchanged.
    utimesSync(doc, new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect((await store.read())?.fileChanged).toBeUndefined();
    // Same size, same time, different contents (a copy over it that kept the time): the hash tells.
    writeFileSync(doc, 'SAVED VERSION');
    utimesSync(doc, new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect((await store.read())?.fileChanged).toBe('modified');
    rmSync(doc);
    expect((await store.read())?.fileChanged).toBe('missing');
    // A backup written by an older version has no record of the file: treated as changed.
    writeFileSync(doc, 'saved version');
    writeFileSync(join(dir, 'backup.json'), JSON.stringify({ text: 'x', path: doc, savedAt: 1 }));
    expect((await store.read())?.fileChanged).toBe('modified');
  });

  it('ignores a damaged backup', async () => {
    writeFileSync(join(dir, 'backup.json'), '{"text": 5}');
    expect(await new BackupStore(join(dir, 'backup.json')).read()).toBeNull();
  });
});

describe('WindowStateStore', () => {
  const display = { x: 0, y: 0, width: 1920, height: 1080 };
  const fallback = { x: 80, y: 60, width: 1400, height: 880 };
  it('restores saved bounds that are on a display', async () => {
    const store = new WindowStateStore(join(dir, 'window.json'));
    expect(await store.load([display], fallback)).toEqual(fallback);
    await store.save({ x: 100, y: 120, width: 1000, height: 700, maximized: true });
    expect(await store.load([display], fallback)).toEqual({
      x: 100,
      y: 120,
      width: 1000,
      height: 700,
      maximized: true,
    });
  });
  it('moves a window that would open off-screen (a display was unplugged)', async () => {
    const store = new WindowStateStore(join(dir, 'window.json'));
    await store.save({ x: 2500, y: 100, width: 1000, height: 700 });
    expect(await store.load([display], fallback)).toEqual({
      ...fallback,
      width: 1000,
      height: 700,
      maximized: undefined,
    });
  });
  it('ignores nonsense', async () => {
    writeFileSync(join(dir, 'window.json'), JSON.stringify({ x: 'a', y: 0, width: 10, height: 10 }));
    expect(await new WindowStateStore(join(dir, 'window.json')).load([display], fallback)).toEqual(fallback);
  });
});

describe('documentArguments', () => {
  it('picks document paths out of a command line', () => {
    expect(documentArguments(['--inspect', '/x/a.bps.json', 'b.json', 'readme.txt', '-v', 'm.onnx'])).toEqual([
      '/x/a.bps.json',
      'b.json',
      'm.onnx',
    ]);
  });
});
