import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { createI18n, english, translator } from '../../src/i18n/index.js';
import { aboutText, buildMenuTemplate, type MenuContext } from '../../src/main/menu.js';
import { commandCatalog, type CommandId } from '../../src/preload/commands.js';

function context(overrides: Partial<MenuContext> = {}): MenuContext {
  return {
    isMac: false,
    appName: 'Backprop Studio',
    recent: [],
    templates: [{ id: 'xor', name: 'XOR, one hidden layer' }],
    send: vi.fn(),
    openRecent: vi.fn(),
    clearRecent: vi.fn(),
    about: vi.fn(),
    t: english,
    language: 'en',
    setLanguage: vi.fn(),
    ...overrides,
  };
}

const sub = (item: MenuItemConstructorOptions) => item.submenu as MenuItemConstructorOptions[];
const find = (items: MenuItemConstructorOptions[], label: string) => items.find((i) => i.label === label)!;
const click = (item: MenuItemConstructorOptions) => (item.click as () => void)();

describe('application menu', () => {
  it('has File, Edit, Blocks, View, Training and Help with standard accelerators', () => {
    const ctx = context();
    const menu = buildMenuTemplate(ctx);
    expect(menu.map((m) => m.label ?? m.role)).toEqual(['&File', '&Edit', '&Blocks', '&View', '&Training', 'help']);
    const file = sub(menu[0]);
    expect(find(file, 'New Blank Graph').accelerator).toBe('CmdOrCtrl+N');
    expect(find(file, 'Open…').accelerator).toBe('CmdOrCtrl+O');
    expect(find(file, 'Save').accelerator).toBe('CmdOrCtrl+S');
    expect(find(file, 'Save As…').accelerator).toBe('CmdOrCtrl+Shift+S');
    click(find(file, 'Save As…'));
    expect(ctx.send).toHaveBeenCalledWith('saveAs');
    click(sub(find(file, 'New from Example'))[0]);
    expect(ctx.send).toHaveBeenCalledWith('template:xor');
  });

  it('routes undo/redo to the canvas history and keeps clipboard roles native', () => {
    const ctx = context();
    const edit = sub(buildMenuTemplate(ctx)[1]);
    const undo = find(edit, 'Undo');
    expect(undo.role).toBeUndefined();
    expect(undo.accelerator).toBe('CmdOrCtrl+Z');
    click(undo);
    click(find(edit, 'Redo'));
    expect(ctx.send).toHaveBeenNthCalledWith(1, 'undo');
    expect(ctx.send).toHaveBeenNthCalledWith(2, 'redo');
    expect(edit.filter((i) => i.role).map((i) => i.role)).toEqual(['cut', 'copy', 'paste']);
  });

  it('offers presentation mode (F5) and the whole-window zoom in View; the canvas zoom keys are the page’s own', () => {
    const ctx = context();
    const view = sub(buildMenuTemplate(ctx)[3]);
    const present = find(view, 'Presentation Mode');
    expect(present.accelerator).toBe('F5');
    click(present);
    expect(ctx.send).toHaveBeenCalledWith('presentation');
    expect(find(view, 'Zoom In (Whole Window)').accelerator).toBe('CmdOrCtrl+=');
    expect(find(view, 'Zoom Out (Whole Window)').accelerator).toBe('CmdOrCtrl+-');
    expect(find(view, 'Actual Size (Whole Window)').accelerator).toBe('CmdOrCtrl+0');
    click(find(view, 'Zoom In (Whole Window)'));
    expect(ctx.send).toHaveBeenLastCalledWith('uiZoomIn');
    // Single keys must not be taken from text fields: shown in the menu, handled by the page.
    const canvasZoom = find(view, 'Zoom Canvas In');
    expect(canvasZoom.accelerator).toBe('=');
    expect(canvasZoom.registerAccelerator).toBe(false);
    expect(find(view, 'Fit Graph to Window').registerAccelerator).toBe(false);
    for (const label of ['Show or Hide the Block Palette', 'Show or Hide the Side Panel', 'Show or Hide the Minimap'])
      expect(find(view, label)).toBeDefined();
  });

  it('lists recent files and clears them', () => {
    const ctx = context({ recent: ['/a/x.bps.json', '/b/y.bps.json'] });
    const recent = sub(find(sub(buildMenuTemplate(ctx)[0]), 'Open Recent'));
    expect(recent.map((i) => i.label)).toEqual(['/a/x.bps.json', '/b/y.bps.json', undefined, 'Clear Recent']);
    click(recent[1]);
    expect(ctx.openRecent).toHaveBeenCalledWith('/b/y.bps.json');
    click(recent[3]);
    expect(ctx.clearRecent).toHaveBeenCalled();
    expect(sub(find(sub(buildMenuTemplate(context())[0]), 'Open Recent'))[0]).toMatchObject({
      label: 'No Recent Files',
      enabled: false,
    });
  });

  it('on macOS adds the app and window menus and uses ⇧⌘Z for redo', () => {
    const menu = buildMenuTemplate(context({ isMac: true }));
    expect(menu[0].label).toBe('Backprop Studio');
    expect(menu.some((m) => m.role === 'windowMenu')).toBe(true);
    expect(find(sub(menu[2]), 'Redo').accelerator).toBe('Shift+CmdOrCtrl+Z');
  });

  it('takes every title and shortcut from the command catalog, and offers every command but internal ones', () => {
    const ctx = context();
    const items = buildMenuTemplate(ctx).flatMap(function flat(m): MenuItemConstructorOptions[] {
      return [m, ...(Array.isArray(m.submenu) ? m.submenu.flatMap(flat) : [])];
    });
    const offered = new Set<string>();
    for (const item of items) {
      if (!item.click || !item.label) continue;
      (ctx.send as ReturnType<typeof vi.fn>).mockClear();
      click(item);
      const sent = (ctx.send as ReturnType<typeof vi.fn>).mock.calls[0]?.[0] as string | undefined;
      if (!sent || !(sent in commandCatalog)) continue;
      const info = commandCatalog[sent as CommandId];
      offered.add(sent);
      expect(item.label).toBe(info.title);
      if ('shortcut' in info && !('macShortcut' in info)) expect(item.accelerator).toBe(info.shortcut);
    }
    // Clipboard commands are the OS's roles in the menu (they must also work in text fields).
    const expected = Object.entries(commandCatalog)
      .filter(([, info]) => !('internal' in info) && !('nativeKeys' in info))
      .map(([id]) => id);
    expect([...offered].sort()).toEqual(expected.sort());
  });

  it('leaves keys that act only outside text fields, and the second use of a key, to the renderer', () => {
    const items = buildMenuTemplate(context()).flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : []));
    expect(find(items, 'Delete Selection')).toMatchObject({ accelerator: 'Delete', registerAccelerator: false });
    expect(find(items, 'Connect Output To…')).toMatchObject({ accelerator: 'C', registerAccelerator: false });
    expect(find(items, 'Train').registerAccelerator).toBeUndefined();
    expect(find(items, 'Pause Training')).toMatchObject({ accelerator: 'CmdOrCtrl+Enter', registerAccelerator: false });
    const registered = items
      .filter((i) => i.accelerator && i.registerAccelerator !== false)
      .map((i) => String(i.accelerator));
    expect(new Set(registered).size).toBe(registered.length);
  });

  it('offers Toggle Developer Tools only in development', () => {
    const roles = (ctx: MenuContext) => sub(find(buildMenuTemplate(ctx), '&View')).map((i) => i.role);
    expect(roles(context())).not.toContain('toggleDevTools');
    expect(roles(context({ devTools: false }))).not.toContain('toggleDevTools');
    expect(roles(context({ devTools: true }))).toContain('toggleDevTools');
    for (const isMac of [false, true])
      expect(JSON.stringify(buildMenuTemplate(context({ isMac })))).not.toMatch(/devtools/i);
  });

  it('About names the data sets and their sources', () => {
    const credits = [{ title: 'Iris', credit: 'Iris (R. A. Fisher, 1936), UCI, CC BY 4.0' }];
    const text = aboutText('1.2.3', credits, english);
    expect(text).toContain('Backprop Studio 1.2.3');
    expect(text).toContain('Built-in data sets:');
    expect(text).toContain('Iris (R. A. Fisher, 1936)');
    const ru = aboutText('1.2.3', credits, translator(createI18n('ru')));
    expect(ru).toContain('Встроенные наборы данных:');
    expect(ru).toContain('Собирайте нейронные сети из блоков');
  });

  it('offers View → Language with each language by its own name, the current one checked', () => {
    const ctx = context({ language: 'ru', t: translator(createI18n('ru')) });
    const view = sub(find(buildMenuTemplate(ctx), '&Вид'));
    const languages = sub(find(view, 'Язык'));
    expect(languages.map((l) => [l.label, l.type, l.checked])).toEqual([
      ['English', 'radio', false],
      ['Русский', 'radio', true],
    ]);
    click(languages[0]);
    expect(ctx.setLanguage).toHaveBeenCalledWith('en');
    const english = sub(find(sub(find(buildMenuTemplate(context()), '&View')), 'Language'));
    expect(english.map((l) => l.checked)).toEqual([true, false]);
  });

  it('speaks Russian in Russian: menus, commands, recent files and About', () => {
    const ctx = context({ language: 'ru', t: translator(createI18n('ru')), isMac: true });
    const menu = buildMenuTemplate(ctx);
    expect(menu.map((m) => m.label ?? m.role)).toEqual([
      'Backprop Studio',
      '&Файл',
      '&Правка',
      '&Блоки',
      '&Вид',
      '&Обучение',
      'windowMenu',
      'help',
    ]);
    expect(sub(menu[0])[0].label).toBe('О программе Backprop Studio');
    const file = sub(menu[1]);
    expect(find(file, 'Открыть…').accelerator).toBe('CmdOrCtrl+O');
    expect(sub(find(file, 'Недавние файлы'))[0]).toMatchObject({ label: 'Нет недавних файлов', enabled: false });
    expect(find(sub(menu[5]), 'Обучить').accelerator).toBe('CmdOrCtrl+Enter');
    expect(sub(find(file, 'Создать из примера')).map((i) => i.label)).toEqual(['XOR, один скрытый слой']);
    // No English word left but the app's and the examples' names and the formats' (ONNX, PyTorch).
    const labels = menu.flatMap(function flat(m): string[] {
      return [m.label ?? '', ...(Array.isArray(m.submenu) ? m.submenu.flatMap(flat) : [])];
    });
    const english = labels
      .map((l) => l.replace(/Backprop Studio|ONNX|PyTorch|seed|English|XOR/g, ''))
      .filter((l) => /[A-Za-z]{2,}/.test(l));
    expect(english).toEqual([]);
  });
});
