/**
 * IPC handlers as plain functions. Every message's sender is checked (only our own pages may
 * call) and every payload is validated with zod before anything touches the disk. The renderer
 * may only read or overwrite files the user chose (dialog, OS, recent list): a compromised page
 * cannot name arbitrary paths.
 */
import { basename, extname } from 'node:path';
import { z } from 'zod';
import { channels, type Backup, type DocumentState, type OpenedFile, type SavedFile } from '../preload/api.js';
import { readDocumentFile, writeFileAtomic, type BackupStore, type RecentFiles } from './files.js';

const filterSchema = z.object({ name: z.string().max(200), extensions: z.array(z.string().regex(/^[\w.]+$/)).max(10) });
const pathSchema = z.object({ path: z.string().min(1).max(4096) });
const saveSchema = z.object({
  text: z.string().max(256 * 1024 * 1024),
  path: z.string().min(1).max(4096).optional(),
  suggestedName: z.string().max(255).optional(),
  filters: z.array(filterSchema).max(10).optional(),
});
const exportSchema = z.object({
  data: z.union([z.string(), z.instanceof(Uint8Array)]),
  suggestedName: z.string().min(1).max(255),
  filters: z.array(filterSchema).min(1).max(10),
});
const backupSchema = z.object({ text: z.string().max(256 * 1024 * 1024), path: z.string().max(4096).nullable() });
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

export interface IpcEvent {
  senderFrame?: { url: string } | null;
  sender?: unknown;
}

export interface IpcDeps {
  recent: RecentFiles;
  backup: BackupStore;
  /** Paths the user has chosen; only these may be read or written by path. */
  granted: Set<string>;
  isTrustedSender(frameUrl: string | undefined): boolean;
  showOpenDialog(filters?: { name: string; extensions: string[] }[]): Promise<string | null>;
  showSaveDialog(options: {
    suggestedName: string;
    filters: { name: string; extensions: string[] }[];
  }): Promise<string | null>;
  onDocumentState(event: IpcEvent, state: DocumentState): void;
  onCloseWindow(event: IpcEvent): void;
  /** Called when the recent list changed (to rebuild the menu). */
  onRecentChanged(list: string[]): void;
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
      return fn(event, ...args);
    };
  const remember = async (path: string) => {
    deps.granted.add(path);
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
      const recent = await deps.recent.list();
      if (!deps.granted.has(path) && !recent.includes(path))
        throw new IpcError(`refused to open ${path}: it was not chosen by the user`);
      try {
        return await open(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') deps.onRecentChanged(await deps.recent.remove(path));
        throw e;
      }
    }),
    [channels.save]: trusted(async (_e, payload) => {
      const request = parse(saveSchema, payload, channels.save);
      let path = request.path;
      if (path && !deps.granted.has(path))
        throw new IpcError(`refused to write ${path}: it was not chosen by the user`);
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
      const path = withExtension(chosen, request.filters);
      deps.granted.add(path);
      return saveTo(path, request.data);
    }),
    [channels.recentList]: trusted(async () => deps.recent.list()),
    [channels.recentClear]: trusted(async () => {
      await deps.recent.clear();
      deps.onRecentChanged([]);
    }),
    [channels.backupWrite]: trusted(async (_e, payload) => {
      const { text, path } = parse(backupSchema, payload, channels.backupWrite);
      await deps.backup.write(text, path);
    }),
    [channels.backupRead]: trusted(async (): Promise<Backup | null> => {
      const backup = await deps.backup.read();
      if (backup?.path) deps.granted.add(backup.path);
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
      trusted((event, payload) =>
        deps.onDocumentState(event, parse(documentStateSchema, payload, channels.documentState)),
      ),
    ),
    [channels.closeWindow]: quiet(trusted((event) => deps.onCloseWindow(event))),
  };
  return { handle, on };
}
