/**
 * File I/O of the main process as plain functions over a folder: atomic saves, reading
 * documents, the recent-files list, the crash backup and the remembered window bounds. Tests
 * run them on a real temporary folder.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { FORMAT } from '../engine/format.js';
import { MAX_DOCUMENT_BYTES } from '../engine/limits.js';
import type { Backup, OpenedFile } from '../preload/api.js';

/** One limit for every document that is opened, saved, backed up or imported (src/engine/limits.ts). */
export { MAX_DOCUMENT_BYTES };

const MB = 1024 * 1024;
/** A size as people read it: "64 MB", "64.2 MB" just over a limit, "0.3 MB". */
const megabytes = (bytes: number) => `${Number.isInteger(bytes / MB) ? bytes / MB : (bytes / MB).toFixed(1)} MB`;

/** Refuses text that would make a file larger than the document limit, naming both sizes. */
export function checkDocumentSize(what: string, data: string | Uint8Array): void {
  // A UTF-16 string is never fewer UTF-8 bytes than characters nor more than three per character.
  if (typeof data === 'string' && data.length * 3 <= MAX_DOCUMENT_BYTES) return;
  const bytes = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.byteLength;
  if (bytes > MAX_DOCUMENT_BYTES)
    throw new Error(
      `${what} is ${megabytes(bytes)}; documents over ${megabytes(MAX_DOCUMENT_BYTES)} cannot be opened again, so it was not written`,
    );
}

/** The longest file name (bytes) common file systems allow (NAME_MAX on Linux and macOS, 255 on NTFS). */
const NAME_MAX = 255;

/** `text` cut to at most `bytes` UTF-8 bytes, never inside a character. */
function truncateUtf8(text: string, bytes: number): string {
  let used = 0;
  let end = 0;
  for (const ch of text) {
    used += Buffer.byteLength(ch, 'utf8');
    if (used > bytes) break;
    end += ch.length;
  }
  return text.slice(0, end);
}

/** A hidden temporary name beside `name`, short enough for any file system however long `name` is. */
export function temporaryName(name: string): string {
  const suffix = `.${randomBytes(6).toString('hex')}.tmp`;
  return `.${truncateUtf8(name, NAME_MAX - 1 - suffix.length)}${suffix}`;
}

/**
 * The file a save to `path` must replace: through symbolic links to their final target, so that
 * saving through a link updates the file it points to and keeps the link. A missing file (or a
 * link to one) resolves to where it would be created.
 */
async function saveTarget(path: string): Promise<string> {
  let current = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    let link: string;
    try {
      link = await fs.readlink(current);
    } catch (e) {
      // EINVAL: not a link; ENOENT: nothing there yet. Either way this is the file to write.
      if ((e as NodeJS.ErrnoException).code === 'EINVAL' || (e as NodeJS.ErrnoException).code === 'ENOENT')
        return join(await fs.realpath(dirname(current)), basename(current));
      throw e;
    }
    current = resolve(dirname(current), link);
  }
  throw new Error(`${path}: too many levels of symbolic links`);
}

/** Flushes a folder's entries (the rename) to disk. Windows cannot open folders; there the rename is already durable. */
async function syncFolder(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Not supported here (Windows, some network file systems): nothing more can be done.
  } finally {
    await handle?.close();
  }
}

/**
 * Writes `data` to `path` atomically: a temporary file beside the target is written, given the
 * target's mode (and owner, where permitted) and flushed, then renamed over the target, and the
 * folder is flushed. A crash leaves either the old file or the new one; a failure (disk full,
 * read-only) leaves the old file and removes the temporary one. Through a symbolic link, the
 * link's target is replaced and the link kept.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const target = await saveTarget(path);
  const existing = await fs.stat(target).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
  if (existing && !existing.isFile()) throw new Error(`${path} is not a file`);
  const dir = dirname(target);
  const tmp = join(dir, temporaryName(basename(target)));
  const handle = await fs.open(tmp, 'wx');
  try {
    try {
      await handle.writeFile(data);
      if (existing) {
        await handle.chmod(existing.mode & 0o7777);
        if (existing.uid !== process.getuid?.() || existing.gid !== process.getgid?.())
          await handle.chown(existing.uid, existing.gid).catch(() => undefined);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
  await syncFolder(dir);
}

/** What the app opens: graphs (`.bps.json`, `.json`) and ONNX models to import. */
export const isDocumentPath = (path: string): boolean => /\.(json|onnx)$/i.test(path);
/** Files opened as bytes rather than text: ONNX models. */
export const isBinaryDocument = (path: string): boolean => /\.onnx$/i.test(path);

/** Reads a file for opening; refuses huge or non-regular files with a clear message. */
export async function readDocumentFile(path: string): Promise<OpenedFile> {
  const stat = await fs.stat(path);
  if (!stat.isFile()) throw new Error(`${path} is not a file`);
  if (stat.size > MAX_DOCUMENT_BYTES)
    throw new Error(
      `${basename(path)} is ${megabytes(stat.size)}; files over ${megabytes(MAX_DOCUMENT_BYTES)} are not opened`,
    );
  if (isBinaryDocument(path))
    return { path, name: basename(path), text: '', bytes: new Uint8Array(await fs.readFile(path)) };
  const text = await fs.readFile(path, 'utf8');
  return { path, name: basename(path), text };
}

/** Whether `text` is a Backprop Studio graph (of any version, valid or not): JSON whose `format` says so. */
export function isGraphDocumentText(text: string): boolean {
  try {
    const value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
    return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === FORMAT;
  } catch {
    return false;
  }
}

/** Size, modification time and SHA-256 of a file, to tell whether it changed; null when it is gone. */
export interface FileFingerprint {
  size: number;
  mtimeMs: number;
  sha256: string;
}

export async function fingerprintFile(path: string): Promise<FileFingerprint | null> {
  let stat: Awaited<ReturnType<typeof fs.stat>>;
  try {
    stat = await fs.stat(path);
  } catch {
    return null;
  }
  if (!stat.isFile()) return null;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return { size: stat.size, mtimeMs: stat.mtimeMs, sha256: hash.digest('hex') };
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await fs.readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Runs async updates of one file one after another, so that none reads a state another is about to replace. */
class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(update: () => Promise<T>): Promise<T> {
    const result = this.tail.then(update);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * The most recently opened or saved documents, newest first, persisted in a JSON file. Only the
 * main process adds to it, and only files the user opened or saved; it is not a permission by
 * itself (see ipc.ts: a listed file is opened again only if it still is a file).
 */
export class RecentFiles {
  private readonly updates = new SerialQueue();

  constructor(
    private readonly file: string,
    private readonly limit = 10,
  ) {}

  async list(): Promise<string[]> {
    const value = await readJson(this.file);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').slice(0, this.limit) : [];
  }

  private update(change: (list: string[]) => string[]): Promise<string[]> {
    return this.updates.run(async () => {
      const next = change(await this.list()).slice(0, this.limit);
      await writeFileAtomic(this.file, JSON.stringify(next));
      return next;
    });
  }

  add(path: string): Promise<string[]> {
    return this.update((list) => [path, ...list.filter((p) => p !== path)]);
  }

  remove(path: string): Promise<string[]> {
    return this.update((list) => list.filter((p) => p !== path));
  }

  async clear(): Promise<void> {
    await this.update(() => []);
  }
}

/** What the backup file holds: the work, the file it belongs to, and that file as it was then. */
interface StoredBackup {
  text: string;
  path: string | null;
  savedAt: number;
  file: FileFingerprint | null;
}

/**
 * Unsaved work, written every few seconds while there are changes, offered after a crash. Its
 * location is fixed by the main process. With the work it records the file the work belongs to
 * as it was on disk, so that a restore can tell when that file has changed since.
 */
export class BackupStore {
  private readonly updates = new SerialQueue();
  /** The last fingerprint computed, reused while the file's size and time are unchanged (no re-hash every few seconds). */
  private known: { path: string; fingerprint: FileFingerprint } | null = null;

  constructor(
    private readonly file: string,
    private readonly now: () => number = Date.now,
  ) {}

  private async fingerprint(path: string): Promise<FileFingerprint | null> {
    const stat = await fs.stat(path).catch(() => null);
    const known = this.known;
    if (
      stat &&
      known?.path === path &&
      known.fingerprint.size === stat.size &&
      known.fingerprint.mtimeMs === stat.mtimeMs
    )
      return known.fingerprint;
    const fingerprint = await fingerprintFile(path);
    this.known = fingerprint ? { path, fingerprint } : null;
    return fingerprint;
  }

  write(text: string, path: string | null): Promise<void> {
    return this.updates.run(async () => {
      const backup: StoredBackup = {
        text,
        path,
        savedAt: this.now(),
        file: path ? await this.fingerprint(path) : null,
      };
      await writeFileAtomic(this.file, JSON.stringify(backup));
    });
  }

  /** The backup, if any, and whether its file changed on disk (or went away) since it was written. */
  async read(): Promise<Backup | null> {
    const value = (await readJson(this.file)) as Partial<StoredBackup> | undefined;
    if (!value || typeof value.text !== 'string' || typeof value.savedAt !== 'number') return null;
    const backup: Backup = {
      text: value.text,
      savedAt: value.savedAt,
      path: typeof value.path === 'string' ? value.path : null,
    };
    if (!backup.path) return backup;
    const now = await fingerprintFile(backup.path);
    const then = value.file;
    if (!now) return { ...backup, fileChanged: 'missing' };
    if (!then || typeof then !== 'object' || then.sha256 !== now.sha256) return { ...backup, fileChanged: 'modified' };
    return backup;
  }

  clear(): Promise<void> {
    return this.updates.run(() => fs.rm(this.file, { force: true }));
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
