/**
 * File I/O of the main process as plain functions over a folder: atomic saves, reading
 * documents, the recent-files list, the crash backup, the remembered window bounds and the
 * settings (the language). Tests
 * run them on a real temporary folder.
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { basename } from 'node:path';
import { FORMAT } from '../engine/format.js';
import { createI18n, describePhrase, isLanguage, type Language, translator } from '../i18n/index.js';
import { MAX_DOCUMENT_BYTES } from '../engine/limits.js';
import { writeFileAtomic } from '../files/atomic.js';
import type { Backup, OpenedFile } from '../preload/api.js';

/** Saves, the backup and the recent list are written as the CLI writes its output (src/files/atomic.ts). */
export { temporaryName, writeFileAtomic } from '../files/atomic.js';

/** One limit for every document that is opened, saved, backed up or imported (src/engine/limits.ts). */
export { MAX_DOCUMENT_BYTES };

const MB = 1024 * 1024;
/** A size as people read it: "64 MB", "64.2 MB" just over a limit, "0.3 MB". */
const size = (bytes: number) => `${Number.isInteger(bytes / MB) ? bytes / MB : (bytes / MB).toFixed(1)}`;
const megabytes = (bytes: number) => `${size(bytes)} MB`;

/**
 * A problem with a file the user asked for: its English message (logs, tests) and its catalogue
 * key (`fileProblems.*`) with the values it names, for the app to tell it in the user's language.
 */
export class FileProblem extends Error {
  constructor(
    message: string,
    readonly key: string,
    readonly values: Record<string, string | number>,
  ) {
    super(message);
    this.name = 'FileProblem';
  }
}

/** An error's text in `language`: a FileProblem from the catalogue, any other error as it is. */
export function tellError(e: unknown, language: Language): string {
  if (e instanceof FileProblem) return describePhrase(e, translator(createI18n(language)), language);
  return e instanceof Error ? e.message : String(e);
}

const DOCUMENTS = { graph: 'The graph', backup: 'The backup' } as const;

/** Refuses text that would make a file larger than the document limit, naming both sizes. */
export function checkDocumentSize(what: keyof typeof DOCUMENTS, data: string | Uint8Array): void {
  // A UTF-16 string is never fewer UTF-8 bytes than characters nor more than three per character.
  if (typeof data === 'string' && data.length * 3 <= MAX_DOCUMENT_BYTES) return;
  const bytes = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.byteLength;
  if (bytes > MAX_DOCUMENT_BYTES)
    throw new FileProblem(
      `${DOCUMENTS[what]} is ${megabytes(bytes)}; documents over ${megabytes(MAX_DOCUMENT_BYTES)} cannot be opened again, so it was not written`,
      `fileProblems.notWritten.${what}`,
      { size: size(bytes), max: size(MAX_DOCUMENT_BYTES) },
    );
}

/** What the app opens: graphs (`.bps.json`, `.json`) and ONNX models to import. */
export const isDocumentPath = (path: string): boolean => /\.(json|onnx)$/i.test(path);
/** Files opened as bytes rather than text: ONNX models. */
export const isBinaryDocument = (path: string): boolean => /\.onnx$/i.test(path);

/** Reads a file for opening; refuses huge or non-regular files with a clear message. */
export async function readDocumentFile(path: string): Promise<OpenedFile> {
  const stat = await fs.stat(path);
  if (!stat.isFile()) throw new FileProblem(`${path} is not a file`, 'fileProblems.notAFile', { path });
  if (stat.size > MAX_DOCUMENT_BYTES)
    throw new FileProblem(
      `${basename(path)} is ${megabytes(stat.size)}; files over ${megabytes(MAX_DOCUMENT_BYTES)} are not opened`,
      'fileProblems.tooLarge',
      { name: basename(path), size: size(stat.size), max: size(MAX_DOCUMENT_BYTES) },
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

/** What the user chose in the app's menus and keeps across restarts. */
export interface Settings {
  /** View → Language; absent: follow the operating system. */
  language?: Language;
}

/** The app's settings in a JSON file; a missing, unreadable or odd file means the defaults. */
export class SettingsStore {
  private readonly updates = new SerialQueue();

  constructor(private readonly file: string) {}

  async load(): Promise<Settings> {
    const value = (await readJson(this.file)) as Record<string, unknown> | undefined;
    const settings: Settings = {};
    if (value && typeof value === 'object' && isLanguage(value.language)) settings.language = value.language;
    return settings;
  }

  /** Changes some settings, keeping the others. */
  update(change: Partial<Settings>): Promise<Settings> {
    return this.updates.run(async () => {
      const settings = { ...(await this.load()), ...change };
      await writeFileAtomic(this.file, JSON.stringify(settings));
      return settings;
    });
  }
}

/** Document paths among command-line arguments (files opened from the OS arrive this way). */
export function documentArguments(argv: readonly string[]): string[] {
  return argv.filter((a) => !a.startsWith('-') && /\.(bps\.json|json|onnx)$/i.test(a));
}
