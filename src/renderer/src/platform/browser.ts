/**
 * The browser host: files are opened with a file input and saved as downloads; the crash
 * backup lives in local storage; shortcuts are handled by the page itself.
 */
import type { Backup } from '../../../preload/api.js';
import type { Platform } from './platform.js';
import { readFile } from './read.js';

const BACKUP_KEY = 'backprop-studio.backup';
const LANGUAGE_KEY = 'backprop-studio.language';

function readStorage(storage: Storage, key: string): string | null {
  try {
    return storage.getItem(key);
  } catch {
    return null; // storage disabled
  }
}

function pickFile(accept: string): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.style.display = 'none';
    input.addEventListener('change', () => {
      resolve(input.files?.[0] ?? null);
      input.remove();
    });
    input.addEventListener('cancel', () => {
      resolve(null);
      input.remove();
    });
    document.body.append(input);
    input.click();
  });
}

export function download(data: string | Uint8Array | Blob, name: string, type = 'application/json'): void {
  const blob = data instanceof Blob ? data : new Blob([data as BlobPart], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function browserPlatform(storage: Storage = window.localStorage): Platform {
  return {
    kind: 'browser',
    nativeMenu: false,
    openFile: async () => {
      const file = await pickFile('.json,.bps.json,.onnx,application/json');
      return file ? readFile(file) : null;
    },
    openDataFile: async () => {
      const file = await pickFile('.csv,.tsv,.txt,text/csv');
      return file ? readFile(file) : null;
    },
    readDroppedFile: readFile,
    save: async (text, { suggestedName }) => {
      download(text, suggestedName);
      return { path: null, name: suggestedName };
    },
    exportFile: async (data, suggestedName) => {
      download(data, suggestedName, typeof data === 'string' ? 'text/plain' : 'application/octet-stream');
      return true;
    },
    recentFiles: async () => [],
    openRecent: async () => {
      throw new Error('recent files are not available in the browser');
    },
    writeBackup: async (text, path) => {
      const backup: Backup = { text, path, savedAt: Date.now() };
      try {
        storage.setItem(BACKUP_KEY, JSON.stringify(backup));
      } catch {
        // Storage full or disabled: the backup is a safety net, not worth interrupting work for.
      }
    },
    readBackup: async () => {
      try {
        const value = JSON.parse(storage.getItem(BACKUP_KEY) ?? 'null') as Backup | null;
        return value && typeof value.text === 'string' && typeof value.savedAt === 'number' ? value : null;
      } catch {
        return null;
      }
    },
    clearBackup: async () => storage.removeItem(BACKUP_KEY),
    setDocumentState: ({ name, dirty }) => {
      document.title = `${dirty ? '• ' : ''}${name} — Backprop Studio`;
    },
    closeWindow: () => window.close(),
    onCommand: () => () => undefined,
    onOpenFile: () => () => undefined,
    get language() {
      return readStorage(storage, LANGUAGE_KEY);
    },
    setLanguage: (language) => {
      try {
        storage.setItem(LANGUAGE_KEY, language);
      } catch {
        // Storage disabled: the choice lasts until the page is closed.
      }
    },
    onLanguageChanged: () => () => undefined,
  };
}
