/**
 * Electron main process: one window, native menus, single instance, files from the OS, and the
 * security settings of Electron's checklist. The logic lives in files.ts, ipc.ts, menu.ts and
 * security.ts; this file only wires it to Electron.
 */
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session, type WebContents } from 'electron';
import { inCourseOrder } from '../engine/course.js';
import { builtinDatasets } from '../engine/datasets/index.js';
import { createI18n, DEFAULT_LANGUAGE, type Language, pickLanguage, translator } from '../i18n/index.js';
import { channels, type Command, type DocumentState, type OpenedFile } from '../preload/api.js';
import {
  BackupStore,
  documentArguments,
  isBinaryDocument,
  readDocumentFile,
  tellError,
  RecentFiles,
  SettingsStore,
  WindowStateStore,
} from './files.js';
import { createIpcHandlers, localizeFilters, openFilters } from './ipc.js';
import { aboutText, buildMenuTemplate } from './menu.js';
import {
  APP_ORIGIN,
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  isAppUrl,
  MIME_TYPES,
  resolveAppPath,
  secureWebPreferences,
} from './security.js';

const examples = import.meta.glob<{ name: string }>('../../examples/*.bps.json', { eager: true, import: 'default' });
/** New from Example, in the course's order (as the app's New menu). */
const templates = inCourseOrder(
  Object.entries(examples).map(([file, doc]) => ({ id: file.replace(/^.*\/|\.bps\.json$/g, ''), name: doc.name })),
);

const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const rendererRoot = join(import.meta.dirname, '../renderer');
const isMac = process.platform === 'darwin';
/** DevTools (menu item and window option) only in development, never in the packaged app. */
const devTools = !app.isPackaged;

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

let mainWindow: BrowserWindow | null = null;
let documentState: DocumentState = { name: 'Untitled', path: null, dirty: false };
let forceClose = false;
/** Files to open once the renderer is ready (from the command line or the OS before start). */
const pendingFiles: string[] = documentArguments(process.argv.slice(app.isPackaged ? 1 : 2));

const recent = new RecentFiles(join(app.getPath('userData'), 'recent-files.json'));
const backup = new BackupStore(join(app.getPath('userData'), 'backup.json'));
const windowState = new WindowStateStore(join(app.getPath('userData'), 'window-state.json'));
const settings = new SettingsStore(join(app.getPath('userData'), 'settings.json'));
const granted = new Set<string>();
/** The recent files the menu shows (kept to rebuild the menu when the language changes). */
let recentList: readonly string[] = [];

/** The language of menus, dialogs and the page: View → Language if chosen, else the OS's (known once the app is ready). */
let language: Language = DEFAULT_LANGUAGE;
const i18n = createI18n(language);
const t = translator(i18n);

/** View → Language (or the command palette): remembered, the menu rebuilt, the page told; nothing restarts. */
function setLanguage(next: Language): void {
  // Remembering is a convenience: a failure (disk full) must not stop the switch.
  void settings.update({ language: next }).catch(() => undefined);
  if (next === language) return;
  language = next;
  void i18n.changeLanguage(next);
  rebuildMenu(recentList);
  mainWindow?.webContents.send(channels.languageChanged, next);
}

function send(command: Command): void {
  mainWindow?.webContents.send(channels.command, command);
}

async function openInWindow(path: string): Promise<void> {
  if (!mainWindow) {
    pendingFiles.push(path);
    return;
  }
  try {
    const file: OpenedFile = await readDocumentFile(path);
    // Opened from the OS by the user: a graph may be saved in place (models are imported, never saved over).
    if (!isBinaryDocument(path)) granted.add(path);
    rebuildMenu(await recent.add(path));
    mainWindow.webContents.send(channels.openFile, file);
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  } catch (e) {
    dialog.showErrorBox(t('dialogs.cannotOpen'), `${path}\n\n${tellError(e, language)}`);
  }
}

function showAbout(): void {
  void dialog.showMessageBox({
    type: 'info',
    title: t('menu.about', { app: 'Backprop Studio' }),
    message: 'Backprop Studio',
    detail: aboutText(
      app.getVersion(),
      builtinDatasets.filter((d) => d.credit).map((d) => ({ title: d.title, credit: d.credit! })),
      t,
    ),
  });
}

function rebuildMenu(list: readonly string[]): void {
  recentList = list;
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        isMac,
        appName: 'Backprop Studio',
        recent: list,
        templates,
        send,
        openRecent: (path) => void openInWindow(path),
        clearRecent: () => void recent.clear().then(() => rebuildMenu([])),
        about: showAbout,
        devTools,
        t,
        language,
        setLanguage,
      }),
    ),
  );
}

function harden(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const stayInApp = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url, devServerUrl)) event.preventDefault();
  };
  contents.on('will-navigate', stayInApp);
  // A server redirect (the dev server, or anything the page fetched as a document) is a navigation too.
  contents.on('will-redirect', stayInApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

async function createWindow(): Promise<void> {
  const displays = screen.getAllDisplays().map((d) => d.workArea);
  const bounds = await windowState.load(displays, { x: 80, y: 60, width: 1400, height: 880 });
  const win = new BrowserWindow({
    ...bounds,
    minWidth: 900,
    minHeight: 600,
    title: 'Backprop Studio',
    show: false,
    backgroundColor: '#1e1f24',
    webPreferences: secureWebPreferences(join(import.meta.dirname, '../preload/index.cjs'), { devTools }),
  });
  mainWindow = win;
  if (bounds.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  // Remembering the bounds is a convenience: a failure (disk full, profile gone) is not worth a message.
  const saveBounds = () =>
    void windowState.save({ ...win.getNormalBounds(), maximized: win.isMaximized() }).catch(() => undefined);
  win.on('resized', saveBounds);
  win.on('moved', saveBounds);
  win.on('close', (event) => {
    saveBounds();
    if (forceClose || !documentState.dirty) return;
    event.preventDefault();
    const choice = dialog.showMessageBoxSync(win, {
      type: 'warning',
      buttons: [t('dialogs.buttons.save'), t('dialogs.buttons.dontSave'), t('dialogs.buttons.cancel')],
      defaultId: 0,
      cancelId: 2,
      message: t('dialogs.closeUnsaved.message', { name: documentState.name }),
      detail: t('dialogs.closeUnsaved.detail'),
    });
    if (choice === 0) send('saveAndClose');
    if (choice === 1) {
      forceClose = true;
      void backup.clear().finally(() => win.close());
    }
  });
  win.on('closed', () => {
    mainWindow = null;
  });
  win.webContents.on('did-finish-load', () => {
    for (const path of pendingFiles.splice(0)) void openInWindow(path);
  });
  if (devServerUrl) await win.loadURL(devServerUrl);
  else await win.loadURL(`${APP_ORIGIN}/index.html`);
}

function registerIpc(): void {
  const { handle, on } = createIpcHandlers({
    recent,
    backup,
    granted,
    isTrustedSender: (url) => isAppUrl(url, devServerUrl),
    showOpenDialog: async (filters = openFilters) => {
      const result = await dialog.showOpenDialog(mainWindow!, {
        properties: ['openFile'],
        filters: localizeFilters([...filters, { name: 'All files', extensions: ['*'] }], t),
      });
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    showSaveDialog: async ({ suggestedName, filters }) => {
      const defaultPath = documentState.path
        ? join(documentState.path, '..', suggestedName)
        : join(app.getPath('documents'), suggestedName);
      const result = await dialog.showSaveDialog(mainWindow!, { defaultPath, filters: localizeFilters(filters, t) });
      return result.canceled ? null : (result.filePath ?? null);
    },
    onDocumentState: (_event, state) => {
      documentState = state;
      if (!mainWindow) return;
      mainWindow.setTitle(`${state.dirty ? '• ' : ''}${state.name} — Backprop Studio`);
      mainWindow.setDocumentEdited(state.dirty);
      if (state.path) mainWindow.setRepresentedFilename(state.path);
    },
    onCloseWindow: () => {
      forceClose = true;
      void backup.clear().finally(() => mainWindow?.close());
    },
    onRecentChanged: rebuildMenu,
    language: () => language,
    setLanguage,
  });
  for (const [channel, fn] of Object.entries(handle)) ipcMain.handle(channel, fn);
  for (const [channel, fn] of Object.entries(on)) ipcMain.on(channel, fn);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    for (const path of documentArguments(argv.slice(1))) void openInWindow(path);
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.on('open-file', (event, path) => {
    event.preventDefault();
    void openInWindow(path);
  });
  app.on('web-contents-created', (_event, contents) => harden(contents));

  void app.whenReady().then(async () => {
    protocol.handle(APP_SCHEME, async (request) => {
      const file = resolveAppPath(rendererRoot, request.url);
      if (!file) return new Response('Not found', { status: 404 });
      try {
        const body = await readFile(file);
        return new Response(body, {
          headers: {
            'content-type': MIME_TYPES[extname(file)] ?? 'application/octet-stream',
            'content-security-policy': CONTENT_SECURITY_POLICY,
            'x-content-type-options': 'nosniff',
          },
        });
      } catch {
        return new Response('Not found', { status: 404 });
      }
    });
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    language = (await settings.load()).language ?? pickLanguage([app.getLocale()]);
    await i18n.changeLanguage(language);
    registerIpc();
    rebuildMenu(await recent.list());
    await createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void createWindow();
    });
  });
  app.on('window-all-closed', () => {
    if (!isMac) app.quit();
  });
}
