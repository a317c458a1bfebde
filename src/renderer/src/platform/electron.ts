import type { BackpropApi } from '../../../preload/api.js';
import type { Platform } from './platform.js';
import { documentFilter } from './filters.js';

export function electronPlatform(api: BackpropApi): Platform {
  return {
    kind: 'electron',
    nativeMenu: true,
    openFile: () => api.openDialog(),
    openDataFile: () => api.openDataDialog(),
    readDroppedFile: async (file) =>
      /\.onnx$/i.test(file.name)
        ? { name: file.name, path: null, text: '', bytes: new Uint8Array(await file.arrayBuffer()) }
        : { name: file.name, path: api.pathForFile(file) || null, text: await file.text() },
    save: (text, { path, suggestedName }) =>
      api.save({ text, ...(path ? { path } : {}), suggestedName, filters: [documentFilter] }),
    exportFile: async (data, suggestedName, filters) =>
      (await api.exportFile({ data, suggestedName, filters })) !== null,
    recentFiles: () => api.recentFiles(),
    openRecent: (path) => api.openPath(path),
    writeBackup: (text, path) => api.writeBackup({ text, path }),
    readBackup: () => api.readBackup(),
    clearBackup: () => api.clearBackup(),
    setDocumentState: (state) => api.setDocumentState(state),
    closeWindow: () => api.closeWindow(),
    onCommand: (listener) => api.onCommand(listener),
    onOpenFile: (listener) => api.onOpenFile(listener),
  };
}
