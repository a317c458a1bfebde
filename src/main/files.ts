/**
 * File I/O of the main process as plain functions over a folder: atomic saves, reading
 * documents, the recent-files list, the crash backup and the remembered window bounds. Tests
 * run them on a real temporary folder.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Backup, OpenedFile } from '../preload/api.js';

/** Documents larger than this are refused rather than read into memory. */
import { MAX_DOCUMENT_BYTES as MAX_FILE_BYTES } from '../engine/limits.js';

export { MAX_FILE_BYTES };

/**
 * Writes `data` to `path` atomically: a temporary file beside the target is written and
 * flushed, then renamed over the target. A crash leaves either the old file or the new one.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

/** Files opened as bytes rather than text: ONNX models. */
export const isBinaryDocument = (path: string): boolean => /\.onnx$/i.test(path);

/** Reads a text file for opening; refuses huge or non-regular files with a clear message. */
export async function readDocumentFile(path: string): Promise<OpenedFile> {
  const stat = await fs.stat(path);
  if (!stat.isFile()) throw new Error(`${path} is not a file`);
  if (stat.size > MAX_FILE_BYTES)
    throw new Error(
      `${basename(path)} is ${(stat.size / 1e6).toFixed(0)} MB; files over ${MAX_FILE_BYTES / 1e6} MB are not opened`,
    );
  if (isBinaryDocument(path))
    return { path, name: basename(path), text: '', bytes: new Uint8Array(await fs.readFile(path)) };
  const text = await fs.readFile(path, 'utf8');
  return { path, name: basename(path), text };
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await fs.readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The most recently opened or saved documents, newest first, persisted in a JSON file. */
export class RecentFiles {
  constructor(
    private readonly file: string,
    private readonly limit = 10,
  ) {}

  async list(): Promise<string[]> {
    const value = await readJson(this.file);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').slice(0, this.limit) : [];
  }

  async add(path: string): Promise<string[]> {
    const next = [path, ...(await this.list()).filter((p) => p !== path)].slice(0, this.limit);
    await writeFileAtomic(this.file, JSON.stringify(next));
    return next;
  }

  async remove(path: string): Promise<string[]> {
    const next = (await this.list()).filter((p) => p !== path);
    await writeFileAtomic(this.file, JSON.stringify(next));
    return next;
  }

  async clear(): Promise<void> {
    await writeFileAtomic(this.file, '[]');
  }
}

/** Unsaved work, written every few seconds while there are changes, offered after a crash. */
export class BackupStore {
  constructor(
    private readonly file: string,
    private readonly now: () => number = Date.now,
  ) {}

  async write(text: string, path: string | null): Promise<void> {
    const backup: Backup = { text, path, savedAt: this.now() };
    await writeFileAtomic(this.file, JSON.stringify(backup));
  }

  async read(): Promise<Backup | null> {
    const value = (await readJson(this.file)) as Partial<Backup> | undefined;
    if (!value || typeof value.text !== 'string' || typeof value.savedAt !== 'number') return null;
    return { text: value.text, savedAt: value.savedAt, path: typeof value.path === 'string' ? value.path : null };
  }

  async clear(): Promise<void> {
    await fs.rm(this.file, { force: true });
  }
}

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
  maximized?: boolean;
}

/** The window's last bounds; `restore` drops bounds that no longer fit on any display. */
export class WindowStateStore {
  constructor(private readonly file: string) {}

  async load(displays: readonly Bounds[], fallback: Bounds): Promise<Bounds> {
    const b = (await readJson(this.file)) as Partial<Bounds> | undefined;
    const valid =
      b &&
      [b.x, b.y, b.width, b.height].every((v) => typeof v === 'number' && Number.isFinite(v)) &&
      b.width! >= 400 &&
      b.height! >= 300;
    if (!valid) return fallback;
    const bounds = b as Bounds;
    const visible = displays.some(
      (d) =>
        bounds.x < d.x + d.width - 50 &&
        bounds.x + bounds.width > d.x + 50 &&
        bounds.y >= d.y - 10 &&
        bounds.y < d.y + d.height - 50,
    );
    return visible ? bounds : { ...fallback, width: bounds.width, height: bounds.height, maximized: bounds.maximized };
  }

  async save(bounds: Bounds): Promise<void> {
    await writeFileAtomic(this.file, JSON.stringify(bounds));
  }
}

/** Document paths among command-line arguments (files opened from the OS arrive this way). */
export function documentArguments(argv: readonly string[]): string[] {
  return argv.filter((a) => !a.startsWith('-') && /\.(bps\.json|json|onnx)$/i.test(a));
}
