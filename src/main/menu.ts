/**
 * The application menu as a plain template (tested without Electron). Standard roles where the
 * OS should act (clipboard in text fields, window management); custom items where the canvas
 * acts (its own undo history, zoom, layout), each sending a command to the renderer.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { Command } from '../preload/api.js';

export interface MenuContext {
  isMac: boolean;
  appName: string;
  recent: readonly string[];
  templates: readonly { id: string; name: string }[];
  exportFormats: readonly { id: string; label: string }[];
  send(command: Command): void;
  openRecent(path: string): void;
  clearRecent(): void;
  about(): void;
}

export function buildMenuTemplate(ctx: MenuContext): MenuItemConstructorOptions[] {
  const command = (label: string, cmd: Command, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => ctx.send(cmd),
  });
  const sep: MenuItemConstructorOptions = { type: 'separator' };
  const recent: MenuItemConstructorOptions[] = ctx.recent.length
    ? [
        ...ctx.recent.map((path) => ({ label: path, click: () => ctx.openRecent(path) })),
        sep,
        { label: 'Clear Recent', click: () => ctx.clearRecent() },
      ]
    : [{ label: 'No Recent Files', enabled: false }];

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      command('New', 'new', 'CmdOrCtrl+N'),
      { label: 'New from Example', submenu: ctx.templates.map((t) => command(t.name, `template:${t.id}`)) },
      command('Open…', 'open', 'CmdOrCtrl+O'),
      { label: 'Open Recent', submenu: recent },
      sep,
      command('Save', 'save', 'CmdOrCtrl+S'),
      command('Save As…', 'saveAs', 'CmdOrCtrl+Shift+S'),
      sep,
      command('Export Trained Graph…', 'exportTrained', 'CmdOrCtrl+E'),
      ...(ctx.exportFormats.length
        ? [{ label: 'Export As', submenu: ctx.exportFormats.map((f) => command(f.label, `export:${f.id}`)) }]
        : []),
      sep,
      ctx.isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      command('Undo', 'undo', 'CmdOrCtrl+Z'),
      command('Redo', 'redo', ctx.isMac ? 'Shift+CmdOrCtrl+Z' : 'CmdOrCtrl+Y'),
      sep,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      command('Duplicate', 'duplicate', 'CmdOrCtrl+D'),
      command('Select All', 'selectAll', 'CmdOrCtrl+A'),
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      command('Zoom In', 'zoomIn', 'CmdOrCtrl+='),
      command('Zoom Out', 'zoomOut', 'CmdOrCtrl+-'),
      command('Fit to Window', 'fitView', 'CmdOrCtrl+0'),
      command('Arrange Left to Right', 'autoLayout', 'CmdOrCtrl+L'),
      sep,
      { role: 'togglefullscreen' },
      { role: 'toggleDevTools' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [{ label: `About ${ctx.appName}`, click: () => ctx.about() }],
  };
  const mac: MenuItemConstructorOptions[] = ctx.isMac
    ? [
        {
          label: ctx.appName,
          submenu: [
            { label: `About ${ctx.appName}`, click: () => ctx.about() },
            sep,
            { role: 'services' },
            sep,
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            sep,
            { role: 'quit' },
          ],
        },
      ]
    : [];
  return [...mac, file, edit, view, ...(ctx.isMac ? [{ role: 'windowMenu' } as MenuItemConstructorOptions] : []), help];
}

/** The About box's text: version and the sources of the shipped data sets. */
export function aboutText(version: string, credits: readonly { title: string; credit: string }[]): string {
  return [
    `Backprop Studio ${version}`,
    'Build neural networks by wiring blocks, and watch them learn.',
    '',
    'Built-in data sets:',
    ...credits.map((c) => `• ${c.title}: ${c.credit}`),
  ].join('\n');
}
