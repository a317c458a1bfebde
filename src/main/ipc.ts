/**
 * IPC handlers as plain functions. Every message's sender is checked (only our own pages may
 * call) and every payload is validated with zod before anything touches the disk.
 *
 * The renderer is treated as possibly compromised. It never names a location for the main
 * process to choose (the crash backup's file is fixed here), and it may read or overwrite a
 * document by path only when the user granted that path this session: chosen in a native
 * dialog, dropped on the window (a graph file, see `grantDropped`), or opened from the OS. A
 * path on the recent list (which only this process writes, after the user opened or saved the
 * file) is granted again when it still is a file and the user opens it; a crash backup's file
 * only when it has not changed on disk since the backup.
 */
import { basename, extname } from 'node:path';
import { z } from 'zod';
import { isLanguage, type Language, type Translate } from '../i18n/index.js';
import { channels, type Backup, type DocumentState, type OpenedFile, type SavedFile } from '../preload/api.js';
import {
  checkDocumentSize,
  FileProblem,
  tellError,
  isBinaryDocument,
  isDocumentPath,
  isGraphDocumentText,
  MAX_DOCUMENT_BYTES,
  readDocumentFile,
  writeFileAtomic,
  type BackupStore,
  type RecentFiles,
} from './files.js';

/**
 * Exports that are not documents (ONNX models, PyTorch code) may be larger than the document
 * they come from: PyTorch code spells every weight out in decimal.
 */
export const MAX_EXPORT_BYTES = 4 * MAX_DOCUMENT_BYTES;

const pathString = z.string().min(1).max(4096);
// Cheap bounds before anything is measured; the exact UTF-8 size is checked by checkDocumentSize.
const documentText = z.string().max(MAX_DOCUMENT_BYTES);
const filterSchema = z.object({ name: z.string().max(200), extensions: z.array(z.string().regex(/^[\w.]+$/)).max(10) });
const pathSchema = z.object({ path: pathString });
const saveSchema = z.object({
  text: documentText,
  path: pathString.optional(),
  suggestedName: z.string().max(255).optional(),
  filters: z.array(filterSchema).max(10).optional(),
});
const exportSchema = z.object({
  data: z.union([
    z.string().max(MAX_EXPORT_BYTES),
    z.instanceof(Uint8Array).refine((d) => d.byteLength <= MAX_EXPORT_BYTES),
  ]),
  suggestedName: z.string().min(1).max(255),
  filters: z.array(filterSchema).min(1).max(10),
});
const backupSchema = z.object({ text: documentText, path: pathString.nullable() });
const documentStateSchema = z.object({
  name: z.string().max(1000),
  path: z.string().max(4096).nullable(),
  dirty: z.boolean(),
});

export const documentFilters = [{ name: 'Backprop Studio graph', extensions: ['bps.json'] }];
/** What File → Open accepts: graphs, and ONNX models to import. */
export const openFilters = [
  { name: 'Graphs and ONNX models', extensions: ['bps.json', 'json', 'onnx'] },
  ...documentFilters,
  { name: 'ONNX model', extensions: ['onnx'] },
];
export const dataFilters = [{ name: 'CSV data', extensions: ['csv', 'tsv', 'txt'] }];

/** Catalogue keys of the file types the app's dialogs offer, by their extensions. */
export const filterKeys: Readonly<Record<string, string>> = {
  'bps.json': 'graph',
  'bps.json json onnx': 'graphsAndModels',
  onnx: 'onnx',
  'csv tsv txt': 'csv',
  json: 'json',
  py: 'python',
  png: 'png',
  '*': 'all',
};

/**
 * Dialog filters with their names in the user's language: the names are looked up by the
 * extensions (whatever name the renderer sent), an unknown type keeps its name.
 */
export function localizeFilters<F extends { name: string; extensions: string[] }>(
  filters: readonly F[],
  t: Translate,
): F[] {
  return filters.map((f) => {
    const key = filterKeys[f.extensions.join(' ')];
    return key ? { ...f, name: t(`dialogs.filters.${key}`) } : f;
  });
}

export interface IpcEvent {
  senderFrame?: { url: string } | null;
  sender?: unknown;
  /** The answer to a synchronous message. */
  returnValue?: unknown;
}

export interface IpcDeps {
  recent: RecentFiles;
  backup: BackupStore;
  /** Paths the user has chosen this session; only these may be written by path. */
  granted: Set<string>;
  isTrustedSender(frameUrl: string | undefined): boolean;
  showOpenDialog(filters?: { name: string; extensions: string[] }[]): Promise<string | null>;
  showSaveDialog(options: {
    suggestedName: string;
    filters: { name: string; extensions: string[] }[];
  }): Promise<string | null>;
  /** The document's title and state; its path is null unless it is a granted one. */
  onDocumentState(event: IpcEvent, state: DocumentState): void;
  onCloseWindow(event: IpcEvent): void;
  /** Called when the recent list changed (to rebuild the menu). */
  onRecentChanged(list: string[]): void;
  /** The app's language now. */
  language(): Language;
  /** The renderer's command palette chose a language (as View → Language does). */
  setLanguage(language: Language): void;
}

export class IpcError extends Error {}

type Handler = (event: IpcEvent, payload?: unknown) => Promise<unknown>;
type Listener = (event: IpcEvent, payload?: unknown) => void;

function parse<T>(schema: z.ZodType<T>, payload: unknown, channel: string): T {
  const result = schema.safeParse(payload);
  if (!result.success)
    throw new IpcError(
      `invalid ${channel} request: ${result.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ')}`,
    );
  return result.data;
}

/** Adds the extension of the first filter when the chosen name lacks it (GTK dialogs do not). */
export function withExtension(path: string, filters: readonly { extensions: string[] }[] | undefined): string {
  const ext = filters?.[0]?.extensions[0];
  if (!ext || ext === '*') return path;
  return path.toLowerCase().endsWith(`.${ext.toLowerCase()}`)
    ? path
    : `${path}${extname(path) === '.' ? '' : '.'}${ext}`;
}

export function createIpcHandlers(deps: IpcDeps): { handle: Record<string, Handler>; on: Record<string, Listener> } {
  const trusted =
    <A extends unknown[], R>(fn: (event: IpcEvent, ...args: A) => R) =>
    (event: IpcEvent, ...args: A): R => {
      if (!deps.isTrustedSender(event.senderFrame?.url))
        throw new IpcError(`refused IPC from untrusted page ${event.senderFrame?.url ?? '(unknown)'}`);
      const result = fn(event, ...args);
      // A problem with the user's file reaches the page in the app's language.
      if (!(result instanceof Promise)) return result;
      return result.catch((e: unknown) => {
        throw e instanceof FileProblem ? new Error(tellError(e, deps.language())) : e;
      }) as R;
    };
  const writable = (path: string, action: string) => {
    if (!deps.granted.has(path)) throw new IpcError(`refused to ${action} ${path}: it was not chosen by the user`);
  };
  /** Records a file the user opened or saved: recent list, and (graphs only: models are imported, never saved over) the grant. */
  const remember = async (path: string) => {
    if (!isBinaryDocument(path)) deps.granted.add(path);
    deps.onRecentChanged(await deps.recent.add(path));
  };
  const open = async (path: string): Promise<OpenedFile> => {
    const file = await readDocumentFile(path);
    await remember(path);
    return file;
  };
  const saveTo = async (path: string, data: string | Uint8Array): Promise<SavedFile> => {
    await writeFileAtomic(path, data);
    return { path, name: basename(path) };
  };

  const handle: Record<string, Handler> = {
    [channels.openDialog]: trusted(async () => {
      const path = await deps.showOpenDialog();
      return path ? open(path) : null;
    }),
    [channels.openDataDialog]: trusted(async () => {
      const path = await deps.showOpenDialog(dataFilters);
      return path ? readDocumentFile(path) : null;
    }),
    [channels.openPath]: trusted(async (_e, payload) => {
      const { path } = parse(pathSchema, payload, channels.openPath);
      if (!deps.granted.has(path) && !(isDocumentPath(path) && (await deps.recent.list()).includes(path)))
        throw new IpcError(`refused to open ${path}: it was not chosen by the user`);
      try {
        return await open(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') deps.onRecentChanged(await deps.recent.remove(path));
        throw e;
      }
    }),
    [channels.grantDropped]: trusted(async (_e, payload) => {
      // The preload sends only paths Chromium gave it for files of a real drop event; this
      // process cannot see the drop, so it also insists the file is a graph on disk: a renderer
      // that sends a made-up path can at most reach a file that already is a Backprop Studio graph.
      const { path } = parse(pathSchema, payload, channels.grantDropped);
      if (!isDocumentPath(path) || isBinaryDocument(path)) return null;
      let file: OpenedFile;
      try {
        file = await readDocumentFile(path);
      } catch {
        return null;
      }
      if (!isGraphDocumentText(file.text)) return null;
      await remember(path);
      return path;
    }),
    [channels.save]: trusted(async (_e, payload) => {
      const request = parse(saveSchema, payload, channels.save);
      let path = request.path;
      if (path) writable(path, 'write');
      checkDocumentSize('graph', request.text);
      if (!path) {
        const filters = request.filters ?? documentFilters;
        const chosen = await deps.showSaveDialog({
          suggestedName: request.suggestedName ?? 'Untitled.bps.json',
          filters,
        });
        if (!chosen) return null;
        path = withExtension(chosen, filters);
      }
      const saved = await saveTo(path, request.text);
      await remember(path);
      return saved;
    }),
    [channels.exportFile]: trusted(async (_e, payload) => {
      const request = parse(exportSchema, payload, channels.exportFile);
      const chosen = await deps.showSaveDialog({ suggestedName: request.suggestedName, filters: request.filters });
      if (!chosen) return null;
      return saveTo(withExtension(chosen, request.filters), request.data);
    }),
    [channels.recentList]: trusted(async () => deps.recent.list()),
    [channels.recentClear]: trusted(async () => {
      await deps.recent.clear();
      deps.onRecentChanged([]);
    }),
    [channels.backupWrite]: trusted(async (_e, payload) => {
      const { text, path } = parse(backupSchema, payload, channels.backupWrite);
      if (path) writable(path, 'back up work for');
      checkDocumentSize('backup', text);
      await deps.backup.write(text, path);
    }),
    [channels.backupRead]: trusted(async (): Promise<Backup | null> => {
      const backup = await deps.backup.read();
      // The backup names only files that were granted when it was written; it may be saved over
      // again only while that file is as it was then.
      if (backup?.path && !backup.fileChanged) deps.granted.add(backup.path);
      return backup;
    }),
    [channels.backupClear]: trusted(async () => deps.backup.clear()),
  };

  // A listener has no caller to report to: refusals are logged, never thrown into the event loop.
  const quiet =
    (fn: Listener): Listener =>
    (event, payload) => {
      try {
        fn(event, payload);
      } catch (e) {
        console.warn(`[ipc] ${(e as Error).message}`);
      }
    };
  const on: Record<string, Listener> = {
    [channels.documentState]: quiet(
      trusted((event, payload) => {
        const state = parse(documentStateSchema, payload, channels.documentState);
        deps.onDocumentState(event, { ...state, path: state.path && deps.granted.has(state.path) ? state.path : null });
      }),
    ),
    [channels.closeWindow]: quiet(trusted((event) => deps.onCloseWindow(event))),
    // Synchronous, read by the preload as the page loads, so the first frame is in the right language.
    [channels.language]: (event) => {
      event.returnValue = deps.language();
    },
    [channels.setLanguage]: quiet(
      trusted((_event, payload) => {
        if (!isLanguage(payload)) throw new IpcError(`invalid ${channels.setLanguage} request: not a language`);
        deps.setLanguage(payload);
      }),
    ),
  };
  return { handle, on };
}
