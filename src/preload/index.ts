/**
 * Preload: exposes the narrow typed API of api.ts to the renderer through contextBridge. It
 * never hands out ipcRenderer itself, and listeners receive only the payload, not the event.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { channels, type BackpropApi, type Command, type OpenedFile } from './api.js';

function subscribe<T>(channel: string, listener: (payload: T) => void): () => void {
  const handler = (_event: unknown, payload: T) => listener(payload);
  ipcRenderer.on(channel, handler);
  return () => ipcRenderer.removeListener(channel, handler);
}

/**
 * Files opened from the OS can arrive before the page has subscribed (at start-up): they wait
 * here until it does.
 */
const waitingFiles: OpenedFile[] = [];
let fileListeners = 0;
ipcRenderer.on(channels.openFile, (_event: unknown, file: OpenedFile) => {
  if (fileListeners === 0) waitingFiles.push(file);
});

/**
 * Paths of the files of the last drop the user made. Only a drop by the user is trusted
 * (`isTrusted`: a page cannot forge one); it is seen here first, in the capture phase, before
 * any of the page's own handlers. A page can hand `grantDroppedFile` any File it likes, but only
 * one of these makes the main process grant a path.
 */
const droppedPaths = new Set<string>();

/** The little of the DOM used here (the preload is type-checked with the main process's Node types). */
interface DropEvent {
  readonly isTrusted: boolean;
  readonly dataTransfer: { readonly files: ArrayLike<File> } | null;
}
declare const window: {
  addEventListener(type: 'drop', listener: (event: DropEvent) => void, capture: boolean): void;
};

window.addEventListener(
  'drop',
  (event) => {
    if (!event.isTrusted) return;
    droppedPaths.clear();
    for (const file of Array.from(event.dataTransfer?.files ?? [])) {
      const path = webUtils.getPathForFile(file);
      if (path) droppedPaths.add(path);
    }
  },
  true,
);

async function grantDroppedFile(file: File): Promise<string | null> {
  let path: string;
  try {
    path = webUtils.getPathForFile(file);
  } catch {
    return null; // not a File
  }
  if (!path || !droppedPaths.has(path)) return null;
  return ipcRenderer.invoke(channels.grantDropped, { path });
}

function onOpenFile(listener: (file: OpenedFile) => void): () => void {
  fileListeners++;
  const off = subscribe<OpenedFile>(channels.openFile, listener);
  for (const file of waitingFiles.splice(0)) listener(file);
  return () => {
    fileListeners--;
    off();
  };
}

const api: BackpropApi = {
  platform: process.platform,
  openDialog: () => ipcRenderer.invoke(channels.openDialog),
  openDataDialog: () => ipcRenderer.invoke(channels.openDataDialog),
  openPath: (path) => ipcRenderer.invoke(channels.openPath, { path }),
  save: (request) => ipcRenderer.invoke(channels.save, request),
  exportFile: (request) => ipcRenderer.invoke(channels.exportFile, request),
  recentFiles: () => ipcRenderer.invoke(channels.recentList),
  clearRecentFiles: () => ipcRenderer.invoke(channels.recentClear),
  writeBackup: (backup) => ipcRenderer.invoke(channels.backupWrite, backup),
  readBackup: () => ipcRenderer.invoke(channels.backupRead),
  clearBackup: () => ipcRenderer.invoke(channels.backupClear),
  setDocumentState: (state) => ipcRenderer.send(channels.documentState, state),
  closeWindow: () => ipcRenderer.send(channels.closeWindow),
  grantDroppedFile,
  onCommand: (listener) => subscribe<Command>(channels.command, listener),
  onOpenFile,
  language: String(ipcRenderer.sendSync(channels.language) ?? ''),
  setLanguage: (language) => ipcRenderer.send(channels.setLanguage, language),
  onLanguageChanged: (listener) => subscribe<string>(channels.languageChanged, listener),
};

contextBridge.exposeInMainWorld('api', api);
