import { mkdtempSync, readdirSync, readFileSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BackupStore,
  documentArguments,
  MAX_FILE_BYTES,
  readDocumentFile,
  RecentFiles,
  WindowStateStore,
  writeFileAtomic,
} from '../../src/main/files.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bps-main-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temporary file behind', async () => {
    const path = join(dir, 'graph.bps.json');
    writeFileSync(path, 'old');
    await writeFileAtomic(path, 'new contents');
    expect(readFileSync(path, 'utf8')).toBe('new contents');
    expect(readdirSync(dir)).toEqual(['graph.bps.json']);
  });

  it('writes binary data', async () => {
    const path = join(dir, 'model.onnx');
    await writeFileAtomic(path, new Uint8Array([0, 1, 2, 255]));
    expect([...readFileSync(path)]).toEqual([0, 1, 2, 255]);
  });

  it('keeps the old file intact when the final rename fails', async () => {
    const target = join(dir, 'occupied');
    mkdirSync(target);
    writeFileSync(join(target, 'keep.txt'), 'precious');
    await expect(writeFileAtomic(target, 'x')).rejects.toThrow();
    expect(readFileSync(join(target, 'keep.txt'), 'utf8')).toBe('precious');
    expect(readdirSync(dir)).toEqual(['occupied']);
  });

  it('fails without creating anything when the folder does not exist', async () => {
    await expect(writeFileAtomic(join(dir, 'missing', 'a.json'), 'x')).rejects.toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

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
    truncateSync(big, MAX_FILE_BYTES + 1);
    await expect(readDocumentFile(big)).rejects.toThrow(/MB/);
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

describe('BackupStore', () => {
  it('round-trips the backup and clears it', async () => {
    const store = new BackupStore(join(dir, 'backup.json'), () => 1234);
    expect(await store.read()).toBeNull();
    await store.write('{"doc":1}', '/home/u/x.bps.json');
    expect(await store.read()).toEqual({ text: '{"doc":1}', path: '/home/u/x.bps.json', savedAt: 1234 });
    await store.clear();
    expect(await store.read()).toBeNull();
    await store.clear();
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
