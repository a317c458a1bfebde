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
  pathForFile: (file) => webUtils.getPathForFile(file),
  onCommand: (listener) => subscribe<Command>(channels.command, listener),
  onOpenFile,
};

contextBridge.exposeInMainWorld('api', api);
