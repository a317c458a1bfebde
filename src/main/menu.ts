/**
 * The application menu as a plain template (tested without Electron). Standard roles where the
 * OS should act (clipboard in text fields, window management); custom items where the canvas
 * acts (its own undo history, zoom, layout), each sending a command to the renderer.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { LANGUAGES, type Language, type Translate } from '../i18n/index.js';
import type { Command } from '../preload/api.js';
import { commandCatalog, commandFamilies, commandTitle, shortcutOf, type CommandId } from '../preload/commands.js';

export interface MenuContext {
  isMac: boolean;
  appName: string;
  recent: readonly string[];
  templates: readonly { id: string; name: string }[];
  send(command: Command): void;
  openRecent(path: string): void;
  clearRecent(): void;
  about(): void;
  /** Whether to offer Toggle Developer Tools (development builds only). */
  devTools?: boolean;
  /** The messages in the app's language; the menu is built again when the language changes. */
  t: Translate;
  language: Language;
  /** View → Language: the user chose a language. */
  setLanguage(language: Language): void;
}

export function buildMenuTemplate(ctx: MenuContext): MenuItemConstructorOptions[] {
  const { t } = ctx;
  /** An example's name in the menu's language (examples.<id>.title), else the document's own. */
  const exampleName = (template: { id: string; name: string }) => {
    const key = `examples.${template.id}.title`;
    const text = t(key);
    return text === key ? template.name : text;
  };
  /** A menu item for a command of the catalog: its title and shortcut are defined there, once. */
  const command = (id: CommandId): MenuItemConstructorOptions => {
    const info = commandCatalog[id];
    const accelerator = shortcutOf(id, ctx.isMac);
    return {
      label: commandTitle(id, t),
      ...(accelerator ? { accelerator } : {}),
      // Keys that act only outside text fields are the renderer's to handle; the menu shows them.
      ...(accelerator && 'scope' in info ? { registerAccelerator: false } : {}),
      click: () => ctx.send(id),
    };
  };
  const sep: MenuItemConstructorOptions = { type: 'separator' };
  const recent: MenuItemConstructorOptions[] = ctx.recent.length
    ? [
        ...ctx.recent.map((path) => ({ label: path, click: () => ctx.openRecent(path) })),
        sep,
        { label: t('menu.clearRecent'), click: () => ctx.clearRecent() },
      ]
    : [{ label: t('menu.noRecent'), enabled: false }];

  const file: MenuItemConstructorOptions = {
    label: t('menu.file'),
    submenu: [
      command('new'),
      {
        label: t('menu.newFromExample'),
        submenu: ctx.templates.map((template) => ({
          label: exampleName(template),
          click: () => ctx.send(`${commandFamilies.template.prefix}${template.id}`),
        })),
      },
      command('open'),
      { label: t('menu.openRecent'), submenu: recent },
      sep,
      command('save'),
      command('saveAs'),
      sep,
      command('exportTrained'),
      command('export:onnx'),
      command('export:pytorch'),
      sep,
      ctx.isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: t('menu.edit'),
    submenu: [
      command('undo'),
      command('redo'),
      sep,
      // The OS's own clipboard actions, so they also work in text fields; the canvas listens to them.
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      command('duplicate'),
      command('deleteSelection'),
      command('selectAll'),
    ],
  };
  const blocks: MenuItemConstructorOptions = {
    label: t('menu.blocks'),
    submenu: [
      command('addBlock'),
      command('connectOutput'),
      command('connectInput'),
      command('disconnect'),
      sep,
      command('goToBlock'),
      command('editBlock'),
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: t('menu.view'),
    submenu: [
      command('commandPalette'),
      sep,
      command('presentation'),
      command('exitPresentation'),
      command('uiZoomIn'),
      command('uiZoomOut'),
      command('uiZoomReset'),
      sep,
      command('zoomIn'),
      command('zoomOut'),
      command('fitView'),
      command('autoLayout'),
      sep,
      command('togglePalette'),
      command('toggleSidebar'),
      command('toggleMinimap'),
      command('focusCanvas'),
      command('showInspector'),
      command('showData'),
      command('showTraining'),
      sep,
      command('showProblems'),
      command('showCharts'),
      command('showOutput'),
      command('showGradientCheck'),
      command('toggleDock'),
      sep,
      {
        label: t('language.menu'),
        // Each language by its own name, so that a person who cannot read the current one finds theirs.
        submenu: LANGUAGES.map(
          (l): MenuItemConstructorOptions => ({
            label: l.name,
            type: 'radio',
            checked: l.code === ctx.language,
            click: () => ctx.setLanguage(l.code),
          }),
        ),
      },
      sep,
      { role: 'togglefullscreen' },
      ...(ctx.devTools ? [{ role: 'toggleDevTools' } as MenuItemConstructorOptions] : []),
    ],
  };
  const training: MenuItemConstructorOptions = {
    label: t('menu.training'),
    submenu: [
      // Train and Pause share one key: the renderer runs whichever applies.
      command('train'),
      { ...command('pause'), registerAccelerator: false },
      command('step'),
      sep,
      command('reset'),
      command('resetAll'),
      command('resetNewSeed'),
      sep,
      command('stepThrough'),
      command('gradientCheck'),
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [{ label: t('menu.about', { app: ctx.appName }), click: () => ctx.about() }],
  };
  const mac: MenuItemConstructorOptions[] = ctx.isMac
    ? [
        {
          label: ctx.appName,
          submenu: [
            { label: t('menu.about', { app: ctx.appName }), click: () => ctx.about() },
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
  return [
    ...mac,
    file,
    edit,
    blocks,
    view,
    training,
    ...(ctx.isMac ? [{ role: 'windowMenu' } as MenuItemConstructorOptions] : []),
    help,
  ];
}

/** The About box's text: version and the sources of the shipped data sets. */
export function aboutText(
  version: string,
  credits: readonly { title: string; credit: string }[],
  t: Translate,
): string {
  return [
    `Backprop Studio ${version}`,
    t('about.tagline'),
    '',
    t('about.datasets'),
    ...credits.map((c) => `• ${c.title}: ${c.credit}`),
  ].join('\n');
}
