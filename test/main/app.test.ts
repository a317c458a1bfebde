/**
 * The Electron glue (src/main/index.ts) against a stand-in for the `electron` module — Electron
 * itself cannot run on these machines. Checks what the real app relies on: the secure window,
 * the app:// protocol with its Content-Security-Policy, every IPC channel registered, denied
 * permissions and navigation, the unsaved-changes prompt, and files from a second instance.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channels } from '../../src/preload/api.js';

type Listener = (...args: any[]) => any;

const state = vi.hoisted(() => {
  const listeners = (): Record<string, Listener[]> => ({});
  return {
    userData: '',
    appEvents: listeners(),
    windows: [] as any[],
    handles: {} as Record<string, Listener>,
    ons: {} as Record<string, Listener>,
    protocolHandler: null as null | ((req: { url: string }) => Promise<Response>),
    privileged: [] as unknown[],
    permissionHandler: null as null | Listener,
    menu: null as unknown,
    messageBoxChoice: 1,
    messageBoxes: [] as unknown[],
    ready: null as null | (() => void),
  };
});

vi.mock('electron', () => {
  const emitter = () => {
    const events: Record<string, Listener[]> = {};
    return {
      events,
      on(name: string, fn: Listener) {
        (events[name] ??= []).push(fn);
        return this;
      },
      once(name: string, fn: Listener) {
        (events[name] ??= []).push(fn);
        return this;
      },
      emit(name: string, ...args: unknown[]) {
        for (const fn of events[name] ?? []) fn(...args);
      },
    };
  };
  class BrowserWindow {
    static getAllWindows = () => state.windows;
    options: any;
    loaded: string[] = [];
    closed = false;
    title = '';
    webContents = Object.assign(emitter(), {
      sent: [] as unknown[][],
      send(...args: unknown[]) {
        this.sent.push(args);
      },
      openHandler: null as null | Listener,
      setWindowOpenHandler(fn: Listener) {
        this.openHandler = fn;
      },
    });
    private ev = emitter();
    constructor(options: any) {
      this.options = options;
      state.windows.push(this);
      for (const fn of state.appEvents['web-contents-created'] ?? []) fn({}, this.webContents);
    }
    on(name: string, fn: Listener) {
      this.ev.on(name, fn);
      return this;
    }
    once(name: string, fn: Listener) {
      this.ev.once(name, fn);
      return this;
    }
    emit(name: string, ...args: unknown[]) {
      this.ev.emit(name, ...args);
    }
    async loadURL(url: string) {
      this.loaded.push(url);
    }
    getNormalBounds = () => ({ x: 1, y: 2, width: 1000, height: 700 });
    isMaximized = () => false;
    isMinimized = () => false;
    maximize() {}
    restore() {}
    focus() {}
    show() {}
    setTitle(t: string) {
      this.title = t;
    }
    setDocumentEdited() {}
    setRepresentedFilename() {}
    close() {
      const event = {
        defaultPrevented: false,
        preventDefault() {
          this.defaultPrevented = true;
        },
      };
      this.ev.emit('close', event);
      if (!event.defaultPrevented) this.closed = true;
    }
  }
  return {
    app: {
      isPackaged: false,
      getPath: () => state.userData,
      getVersion: () => '0.0.0-test',
      getLocale: () => 'ru-RU',
      requestSingleInstanceLock: () => true,
      on(name: string, fn: Listener) {
        (state.appEvents[name] ??= []).push(fn);
      },
      whenReady: () => new Promise<void>((resolve) => (state.ready = resolve)),
      quit: vi.fn(),
    },
    BrowserWindow,
    dialog: {
      showMessageBoxSync: (_w: unknown, options: unknown) => {
        state.messageBoxes.push(options);
        return state.messageBoxChoice;
      },
      showMessageBox: vi.fn(async () => ({ response: 0 })),
      showErrorBox: vi.fn(),
      showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] })),
      showSaveDialog: vi.fn(async () => ({ canceled: true })),
    },
    ipcMain: {
      handle: (channel: string, fn: Listener) => (state.handles[channel] = fn),
      on: (channel: string, fn: Listener) => (state.ons[channel] = fn),
    },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => (state.menu = m) },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => state.privileged.push(...s),
      handle: (_scheme: string, fn: any) => (state.protocolHandler = fn),
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Listener) => (state.permissionHandler = fn),
        setPermissionCheckHandler: vi.fn(),
      },
    },
  };
});

const own = { senderFrame: { url: 'app://bundle/index.html' } };
/** Waits on the app's state (never a fixed sleep), bounded generously for a loaded machine. */
const until = (check: () => void) => vi.waitFor(check, { timeout: 30_000, interval: 10 });

beforeAll(async () => {
  state.userData = mkdtempSync(join(tmpdir(), 'bps-electron-'));
  await import('../../src/main/index.js');
  state.ready!();
  await until(() => expect(state.windows[0]?.loaded).toHaveLength(1));
});
afterAll(() => rmSync(state.userData, { recursive: true, force: true }));

describe('Electron main process', () => {
  it('registers app:// as a secure standard scheme before the app is ready', () => {
    expect(state.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('opens one isolated, sandboxed window without Node, loading the built app from app://', () => {
    expect(state.windows).toHaveLength(1);
    const win = state.windows[0];
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(win.options.webPreferences.preload).toMatch(/preload[/\\]index\.cjs$/);
    expect(win.loaded).toEqual(['app://bundle/index.html']);
    expect(state.menu).toBeTruthy();
  });

  it('registers a handler for every request channel and a listener for every notification', () => {
    const requests = [
      channels.openDialog,
      channels.openDataDialog,
      channels.openPath,
      channels.grantDropped,
      channels.save,
      channels.exportFile,
      channels.recentList,
      channels.recentClear,
      channels.backupWrite,
      channels.backupRead,
      channels.backupClear,
    ];
    expect(Object.keys(state.handles).sort()).toEqual([...requests].sort());
    expect(Object.keys(state.ons).sort()).toEqual(
      [channels.closeWindow, channels.documentState, channels.language, channels.setLanguage].sort(),
    );
  });

  it('serves the renderer with a Content-Security-Policy and refuses paths outside it', async () => {
    const page = await state.protocolHandler!({ url: 'app://bundle/index.html' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<div id="root">');
    expect((await state.protocolHandler!({ url: 'app://bundle/%2e%2e/%2e%2e/package.json' })).status).toBe(404);
    expect((await state.protocolHandler!({ url: 'app://bundle/missing.js' })).status).toBe(404);
  });

  it('denies permissions, new windows and navigation away from the app', () => {
    const answer = vi.fn();
    state.permissionHandler!({}, 'media', answer);
    expect(answer).toHaveBeenCalledWith(false);
    const contents = state.windows[0].webContents;
    expect(contents.openHandler({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    const away = { preventDefault: vi.fn() };
    contents.emit('will-navigate', away, 'https://example.com/');
    expect(away.preventDefault).toHaveBeenCalled();
    const inside = { preventDefault: vi.fn() };
    contents.emit('will-navigate', inside, 'app://bundle/index.html');
    expect(inside.preventDefault).not.toHaveBeenCalled();
    for (const url of ['https://example.com/', 'app://bundle.evil.com/', 'file:///etc/passwd']) {
      const redirect = { preventDefault: vi.fn() };
      contents.emit('will-redirect', redirect, url);
      expect(redirect.preventDefault, url).toHaveBeenCalled();
    }
    const ownRedirect = { preventDefault: vi.fn() };
    contents.emit('will-redirect', ownRedirect, 'app://bundle/index.html');
    expect(ownRedirect.preventDefault).not.toHaveBeenCalled();
  });

  it('shows the unsaved state in the title and asks before closing with unsaved changes', async () => {
    const win = state.windows[0];
    state.ons[channels.documentState](own, { name: 'xor.bps.json', path: null, dirty: true });
    expect(win.title).toBe('• xor.bps.json — Backprop Studio');
    state.messageBoxChoice = 2;
    win.close();
    expect(state.messageBoxes).toHaveLength(1);
    // The OS speaks Russian (app.getLocale()), so does the prompt.
    expect(state.messageBoxes[0]).toMatchObject({
      buttons: ['Сохранить', 'Не сохранять', 'Отмена'],
      message: 'Сохранить изменения в «xor.bps.json»?',
    });
    expect(win.closed).toBe(false);
    state.messageBoxChoice = 0;
    win.close();
    expect(win.webContents.sent.at(-1)).toEqual([channels.command, 'saveAndClose']);
    expect(win.closed).toBe(false);
    state.ons[channels.closeWindow](own);
    await until(() => expect(win.closed).toBe(true));
  });

  it('follows the OS language and switches when the user chooses another, remembering it, without a restart', async () => {
    const win = state.windows[0];
    const labels = () => (state.menu as { label?: string }[]).map((m) => m.label);
    const event: { senderFrame: { url: string }; returnValue?: unknown } = { ...own };
    state.ons[channels.language](event);
    expect(event.returnValue).toBe('ru');
    expect(labels()).toContain('&Файл');
    state.ons[channels.setLanguage](own, 'en');
    expect(labels()).toContain('&File');
    expect(win.webContents.sent.at(-1)).toEqual([channels.languageChanged, 'en']);
    state.ons[channels.language](event);
    expect(event.returnValue).toBe('en');
    const settings = join(state.userData, 'settings.json');
    await until(() => expect(JSON.parse(readFileSync(settings, 'utf8'))).toEqual({ language: 'en' }));
    // The same window; nothing was reloaded.
    expect(state.windows).toHaveLength(1);
    expect(win.loaded).toHaveLength(1);
    // View → Language does the same.
    const view = (state.menu as { label?: string; submenu?: any[] }[]).find((m) => m.label === '&View')!;
    const language = view.submenu!.find((i) => i.label === 'Language');
    language.submenu.find((i: { label: string }) => i.label === 'Русский').click();
    expect(labels()).toContain('&Файл');
    await until(() => expect(JSON.parse(readFileSync(settings, 'utf8'))).toEqual({ language: 'ru' }));
  });

  it('opens files given to a second instance in the existing window', async () => {
    const file = join(state.userData, 'net.bps.json');
    writeFileSync(file, '{"format":"backprop-studio.graph"}');
    for (const fn of state.appEvents['second-instance']) fn({}, ['electron', '.', file]);
    const opened = () => state.windows[0].webContents.sent.find((m: unknown[]) => m[0] === channels.openFile);
    await until(() => expect(opened()).toBeDefined());
    expect(opened()?.[1]).toMatchObject({
      path: file,
      name: 'net.bps.json',
      text: '{"format":"backprop-studio.graph"}',
    });
    expect(await state.handles[channels.openPath](own, { path: file })).toMatchObject({ name: 'net.bps.json' });
  });
});
