/**
 * What the renderer needs from its host, with two implementations: the Electron app (native
 * dialogs and menus through the preload API) and a plain browser (file input, downloads, local
 * storage). Chosen once at start-up.
 */
import type { Backup, BackpropApi, Command, FileFilter } from '../../../preload/api.js';

export interface OpenedDocument {
  name: string;
  /** Null in the browser, where files have no path. */
  path: string | null;
  text: string;
  /** Raw contents of a binary file (an ONNX model). */
  bytes?: Uint8Array;
}

export interface Platform {
  readonly kind: 'electron' | 'browser';
  /** Whether the host's menu delivers keyboard shortcuts (the page must not handle them too). */
  readonly nativeMenu: boolean;
  openFile(): Promise<OpenedDocument | null>;
  /** Asks for a CSV data file. */
  openDataFile(): Promise<OpenedDocument | null>;
  readDroppedFile(file: File): Promise<OpenedDocument>;
  /** Saves to `path` (or asks where); resolves null when the user cancels. */
  save(
    text: string,
    options: { path: string | null; suggestedName: string },
  ): Promise<{ path: string | null; name: string } | null>;
  exportFile(data: string | Uint8Array, suggestedName: string, filters: FileFilter[]): Promise<boolean>;
  recentFiles(): Promise<string[]>;
  openRecent(path: string): Promise<OpenedDocument>;
  writeBackup(text: string, path: string | null): Promise<void>;
  readBackup(): Promise<Backup | null>;
  clearBackup(): Promise<void>;
  setDocumentState(state: { name: string; path: string | null; dirty: boolean }): void;
  closeWindow(): void;
  onCommand(listener: (command: Command) => void): () => void;
  onOpenFile(listener: (file: OpenedDocument) => void): () => void;
  /** The language the host keeps (the app's View → Language or OS language; the browser's remembered choice), if any. */
  readonly language: string | null;
  /** Keeps the user's choice of language (the app also rebuilds its menus). */
  setLanguage(language: string): void;
  /** The host changed the language (View → Language in the app). */
  onLanguageChanged(listener: (language: string) => void): () => void;
}

declare global {
  interface Window {
    api?: BackpropApi;
  }
}
