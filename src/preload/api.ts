/**
 * The one contract between the main process and the renderer: IPC channel names and the typed
 * API that the preload script exposes as `window.api`. Main validates every payload against
 * the schemas in src/main/ipc.ts; the renderer sees only these functions, never ipcRenderer.
 */

import type { CommandId } from './commands.js';

export const channels = {
  openDialog: 'file:open-dialog',
  openDataDialog: 'file:open-data-dialog',
  openPath: 'file:open-path',
  save: 'file:save',
  exportFile: 'file:export',
  recentList: 'recent:list',
  recentClear: 'recent:clear',
  grantDropped: 'file:grant-dropped',
  backupWrite: 'backup:write',
  backupRead: 'backup:read',
  backupClear: 'backup:clear',
  documentState: 'window:document-state',
  closeWindow: 'window:close',
  /** main → renderer: a menu command. */
  command: 'app:command',
  /** main → renderer: a file to open (from the OS, the command line, Open Recent). */
  openFile: 'app:open-file',
  /** renderer → main, synchronous: the app's language as the page starts. */
  language: 'app:language',
  /** renderer → main: the user chose a language in the command palette. */
  setLanguage: 'app:set-language',
  /** main → renderer: the language changed (View → Language). */
  languageChanged: 'app:language-changed',
} as const;

export interface OpenedFile {
  path: string;
  /** The file's base name, for the title bar. */
  name: string;
  /** The contents as UTF-8 text (empty for binary files such as ONNX models). */
  text: string;
  /** The raw contents of a binary file (an `.onnx` model). */
  bytes?: Uint8Array;
}

export interface SavedFile {
  path: string;
  name: string;
}

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface SaveRequest {
  text: string;
  /** Save to this path; when absent, ask with a Save dialog. */
  path?: string;
  /** File name proposed by the Save dialog. */
  suggestedName?: string;
  filters?: FileFilter[];
}

export interface ExportRequest {
  /** Text, or binary data for formats such as ONNX. */
  data: string | Uint8Array;
  suggestedName: string;
  filters: FileFilter[];
}

export interface Backup {
  text: string;
  /** ms since the epoch. */
  savedAt: number;
  /** The file the work belongs to, if it was ever saved. */
  path: string | null;
  /**
   * Set when that file changed on disk since the backup ('modified') or is gone ('missing'):
   * restoring must then not write over it.
   */
  fileChanged?: 'modified' | 'missing';
}

export interface DocumentState {
  /** Shown in the title bar. */
  name: string;
  path: string | null;
  dirty: boolean;
}

/**
 * Commands, sent from main to the renderer (menus) and run by the renderer's toolbar, keys and
 * command palette: the ids of commands.ts, plus one per example, per block type and per language.
 */
export type Command = CommandId | `template:${string}` | `add:${string}` | `language:${string}`;

export interface BackpropApi {
  readonly platform: string;
  openDialog(): Promise<OpenedFile | null>;
  /** Asks for a CSV data file and reads it. */
  openDataDialog(): Promise<OpenedFile | null>;
  openPath(path: string): Promise<OpenedFile>;
  /** Saves atomically; resolves null when the user cancels the Save dialog. */
  save(request: SaveRequest): Promise<SavedFile | null>;
  exportFile(request: ExportRequest): Promise<SavedFile | null>;
  recentFiles(): Promise<string[]>;
  clearRecentFiles(): Promise<void>;
  /** Backs up unsaved work; `path` (the file it belongs to) must be one the user chose, or null. */
  writeBackup(backup: { text: string; path: string | null }): Promise<void>;
  readBackup(): Promise<Backup | null>;
  clearBackup(): Promise<void>;
  setDocumentState(state: DocumentState): void;
  /** Closes the window without asking again (after the renderer dealt with unsaved work). */
  closeWindow(): void;
  /**
   * For a graph file the user dropped onto the window: lets it be saved in place and resolves
   * its path. Resolves null for anything else (a file that was not dropped, or is not a graph on
   * disk): it then opens as an unsaved copy.
   */
  grantDroppedFile(file: File): Promise<string | null>;
  onCommand(listener: (command: Command) => void): () => void;
  onOpenFile(listener: (file: OpenedFile) => void): () => void;
  /** The app's language as the page started (a code such as `ru`). */
  readonly language: string;
  /** Makes `language` the app's language (menus, dialogs, and every window's page). */
  setLanguage(language: string): void;
  onLanguageChanged(listener: (language: string) => void): () => void;
}
