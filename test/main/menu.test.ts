import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { aboutText, buildMenuTemplate, type MenuContext } from '../../src/main/menu.js';

function context(overrides: Partial<MenuContext> = {}): MenuContext {
  return {
    isMac: false,
    appName: 'Backprop Studio',
    recent: [],
    templates: [{ id: 'xor', name: 'XOR, one hidden layer' }],
    exportFormats: [],
    send: vi.fn(),
    openRecent: vi.fn(),
    clearRecent: vi.fn(),
    about: vi.fn(),
    ...overrides,
  };
}

const sub = (item: MenuItemConstructorOptions) => item.submenu as MenuItemConstructorOptions[];
const find = (items: MenuItemConstructorOptions[], label: string) => items.find((i) => i.label === label)!;
const click = (item: MenuItemConstructorOptions) => (item.click as () => void)();

describe('application menu', () => {
  it('has File, Edit, View and Help with standard accelerators', () => {
    const ctx = context();
    const menu = buildMenuTemplate(ctx);
    expect(menu.map((m) => m.label ?? m.role)).toEqual(['&File', '&Edit', '&View', 'help']);
    const file = sub(menu[0]);
    expect(find(file, 'New').accelerator).toBe('CmdOrCtrl+N');
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

  it('About names the data sets and their sources', () => {
    const text = aboutText('1.2.3', [{ title: 'Iris', credit: 'Iris (R. A. Fisher, 1936), UCI, CC BY 4.0' }]);
    expect(text).toContain('Backprop Studio 1.2.3');
    expect(text).toContain('Iris (R. A. Fisher, 1936)');
  });
});
