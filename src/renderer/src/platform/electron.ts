import type { BackpropApi } from '../../../preload/api.js';
import type { Platform } from './platform.js';
import { documentFilter } from './filters.js';
import { readFile } from './read.js';

/** The main process's own message, without the "Error invoking remote method 'file:save': Error: " Electron puts before it. */
export function ipcMessage(e: unknown): Error {
  const message = e instanceof Error ? e.message : String(e);
  return new Error(message.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, ''));
}

async function call<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (e) {
    throw ipcMessage(e);
  }
}

export function electronPlatform(api: BackpropApi): Platform {
  return {
    kind: 'electron',
    nativeMenu: true,
    openFile: () => call(api.openDialog()),
    openDataFile: () => call(api.openDataDialog()),
    readDroppedFile: async (file) => {
      const opened = await readFile(file);
      // A dropped graph may be saved in place once the main process has granted its path.
      return opened.bytes ? opened : { ...opened, path: await call(api.grantDroppedFile(file)) };
    },
    save: (text, { path, suggestedName }) =>
      call(api.save({ text, ...(path ? { path } : {}), suggestedName, filters: [documentFilter] })),
    exportFile: async (data, suggestedName, filters) =>
      (await call(api.exportFile({ data, suggestedName, filters }))) !== null,
    recentFiles: () => call(api.recentFiles()),
    openRecent: (path) => call(api.openPath(path)),
    writeBackup: (text, path) => call(api.writeBackup({ text, path })),
    readBackup: () => call(api.readBackup()),
    clearBackup: () => call(api.clearBackup()),
    setDocumentState: (state) => api.setDocumentState(state),
    closeWindow: () => api.closeWindow(),
    onCommand: (listener) => api.onCommand(listener),
    onOpenFile: (listener) => api.onOpenFile(listener),
    language: api.language || null,
    setLanguage: (language) => api.setLanguage(language),
    onLanguageChanged: (listener) => api.onLanguageChanged(listener),
  };
}
