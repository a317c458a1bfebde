/**
 * What every command does. The catalog (src/preload/commands.ts) names the commands, their
 * titles and keys; this binds each id to an action on the app's services. The toolbar, the
 * native menu (through `platform.onCommand`), keyboard shortcuts and the command palette all
 * run commands through one `CommandRegistry`, so a command behaves the same from each.
 */
import type { ReactFlowInstance } from '@xyflow/react';
import { blockTypes, findBlock } from '../../../engine/index.js';
import type { Command } from '../../../preload/api.js';
import { LANGUAGES } from '../../../i18n/index.js';
import {
  categoryName,
  commandCatalog,
  commandFamilies,
  commandShort,
  commandTitle,
  familyTitle,
  shortcutOf,
  type CommandCategory,
  type CommandId,
  type CommandInfo,
} from '../../../preload/commands.js';
import type { Services } from '../context.js';
import { lastCopied, parseClipboard } from '../editor/clipboard.js';
import { inputChoices, outputChoices, type ConnectionChoice } from '../editor/connections.js';
import type { BlockNode, FlowEdge } from '../editor/model.js';
import { templates } from '../editor/templates.js';
import type { FileCommands } from '../files/commands.js';
import {
  layoutStore,
  setPresentation,
  showDockTab,
  showSidebarTab,
  stepUiScale,
  togglePanel,
  type DockTab,
  type SidebarTab,
} from '../layout.js';
import { blockDescription, blockLabel, blockTitle, categoryTitle, exampleText } from '../block-text.js';
import { chooseLanguage, t } from '../i18n.js';
import { closePicker, openPicker, toast, type PickerItem } from '../ui.js';
import { isMacPlatform, matchesShortcut } from './shortcuts.js';

/** Whether keyboard focus is in a text field (then text editing wins over canvas commands). */
export function isEditable(el: Element | null): boolean {
  return (
    !!el &&
    (el instanceof HTMLInputElement ||
      el instanceof HTMLTextAreaElement ||
      el instanceof HTMLSelectElement ||
      (el as HTMLElement).isContentEditable)
  );
}

export interface CommandContext {
  services: Services;
  files: FileCommands;
  flow: Pick<
    ReactFlowInstance,
    'zoomIn' | 'zoomOut' | 'fitView' | 'setCenter' | 'getViewport' | 'screenToFlowPosition'
  >;
}

/** A command ready to show and run. */
export interface RunnableCommand {
  id: Command;
  title: string;
  /** The name on a toolbar button. */
  short: string;
  category: CommandCategory;
  /** Accelerator syntax; format it with `formatShortcut`. */
  shortcut?: string;
  keywords?: string;
  enabled(): boolean;
  run(): void;
}

interface Binding {
  run(): unknown;
  enabled?(): boolean;
}

/** The wire that has keyboard focus (wires are focusable on the canvas), if one has. */
function focusedEdge(): string | null {
  return document.activeElement?.closest('.react-flow__edge')?.getAttribute('data-id') ?? null;
}

/** The block selected alone, if exactly one is. */
function soleSelection(nodes: readonly BlockNode[]): BlockNode | null {
  const selected = nodes.filter((n) => n.selected);
  return selected.length === 1 ? selected[0] : null;
}

function blockName(nodes: readonly BlockNode[], id: string): string {
  const node = nodes.find((n) => n.id === id);
  const def = node && findBlock(node.data.type);
  if (!node || !def) return id;
  const parsed = def.schema.safeParse(node.data.params);
  return `${node.data.label ?? (parsed.success ? blockLabel(def, parsed.data, t) : blockTitle(def, t))} (${id})`;
}

export class CommandRegistry {
  private readonly bindings: Record<CommandId, Binding>;
  private readonly isMac = isMacPlatform();

  constructor(private readonly ctx: CommandContext) {
    const { editor, training } = ctx.services;
    const { files, flow } = ctx;
    const s = () => editor.getState();
    const editable = () => isEditable(document.activeElement);
    const status = () => training.store.getState().status;
    const running = () => status() === 'running' || status() === 'starting';
    const hasSelection = () => s().nodes.some((n) => n.selected) || s().edges.some((e) => e.selected);
    const oneSelected = () => soleSelection(s().nodes) !== null;
    const fit = () => void flow.fitView({ padding: 0.15 });
    const dock = (tab: DockTab) => () => showDockTab(layoutStore, tab);
    const side = (sidebarTab: SidebarTab) => () => {
      showSidebarTab(layoutStore, sidebarTab);
      requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-testid="tab-${sidebarTab}"]`)?.focus());
    };

    this.bindings = {
      new: { run: () => files.newDocument() },
      open: { run: () => files.open() },
      save: { run: () => files.save() },
      saveAs: { run: () => files.save(true) },
      exportTrained: { run: () => files.exportTrained() },
      'export:onnx': { run: () => files.exportAs('onnx') },
      'export:pytorch': { run: () => files.exportAs('pytorch') },
      saveAndClose: { run: () => files.saveAndClose() },

      undo: {
        run: () => (editable() ? document.execCommand('undo') : s().undo()),
        enabled: () => editable() || s().past.length > 0,
      },
      redo: {
        run: () => (editable() ? document.execCommand('redo') : s().redo()),
        enabled: () => editable() || s().future.length > 0,
      },
      cut: { run: () => document.execCommand('cut'), enabled: hasSelection },
      copy: { run: () => document.execCommand('copy'), enabled: hasSelection },
      paste: { run: () => this.paste() },
      duplicate: { run: () => s().duplicateSelection(), enabled: () => s().nodes.some((n) => n.selected) },
      deleteSelection: {
        run: () => {
          const edge = focusedEdge();
          if (edge) s().onEdgesChange([{ type: 'remove', id: edge }]);
          else s().deleteSelection();
        },
        enabled: () => hasSelection() || focusedEdge() !== null,
      },
      selectAll: {
        run: () => (editable() ? (document.activeElement as HTMLInputElement).select?.() : s().selectAll()),
      },

      addBlock: { run: () => this.pickBlockToAdd() },
      connectOutput: { run: () => this.pickConnection('output'), enabled: oneSelected },
      connectInput: { run: () => this.pickConnection('input'), enabled: oneSelected },
      disconnect: { run: () => this.pickWireToRemove(), enabled: () => s().edges.length > 0 },
      goToBlock: { run: () => this.pickBlockToVisit(), enabled: () => s().nodes.length > 0 },
      editBlock: { run: () => this.editSelected(), enabled: oneSelected },

      commandPalette: { run: () => this.openPalette() },
      zoomIn: { run: () => flow.zoomIn() },
      zoomOut: { run: () => flow.zoomOut() },
      fitView: { run: fit },
      autoLayout: {
        // The canvas fits the arranged graph into view when it is done (layoutVersion).
        run: () => s().autoLayout(),
        enabled: () => s().nodes.length > 0 && !s().arranging,
      },
      focusCanvas: { run: () => this.focusCanvas() },
      showInspector: { run: side('inspector') },
      showData: { run: side('data') },
      showTraining: { run: side('training') },
      showProblems: { run: dock('problems') },
      showCharts: { run: dock('charts') },
      showOutput: { run: dock('output') },
      showGradientCheck: { run: dock('gradcheck') },
      toggleDock: { run: () => togglePanel(layoutStore, 'dock') },
      uiZoomIn: { run: () => stepUiScale(layoutStore, 1) },
      uiZoomOut: { run: () => stepUiScale(layoutStore, -1) },
      uiZoomReset: { run: () => stepUiScale(layoutStore, 0) },
      presentation: { run: () => setPresentation(layoutStore) },
      exitPresentation: {
        run: () => setPresentation(layoutStore, false),
        enabled: () => layoutStore.getState().presentation,
      },
      togglePalette: {
        run: () => togglePanel(layoutStore, 'palette'),
        enabled: () => !layoutStore.getState().presentation,
      },
      toggleSidebar: {
        run: () => togglePanel(layoutStore, 'sidebar'),
        enabled: () => !layoutStore.getState().presentation,
      },
      toggleMinimap: { run: () => layoutStore.setState((l) => ({ minimapCollapsed: !l.minimapCollapsed })) },

      // Train and Pause share a key (and the native menu sends Train for it): Train pauses a run.
      train: { run: () => (running() ? training.pause() : training.run()), enabled: () => !running() },
      pause: { run: () => training.pause(), enabled: running },
      step: { run: () => training.step(), enabled: () => !running() },
      reset: { run: () => training.reset() },
      resetAll: { run: () => training.reset(undefined, { keepHandSet: false }) },
      resetNewSeed: { run: () => training.reset(Math.floor(Math.random() * 1e6)) },
      stepThrough: {
        run: () => training.trace(),
        enabled: () => !running(),
      },
      gradientCheck: {
        run: () => {
          showDockTab(layoutStore, 'gradcheck');
          training.gradcheck();
        },
        enabled: () => !running() && !training.store.getState().gradcheckRunning,
      },
    };
  }

  private entry(id: CommandId): RunnableCommand {
    const info: CommandInfo = commandCatalog[id];
    const binding = this.bindings[id];
    return {
      id,
      title: commandTitle(id, t),
      short: commandShort(id, t),
      category: info.category,
      // Browsers keep some keys (Ctrl+N opens a window): show them only where they work.
      shortcut:
        'reservedByBrowsers' in info && !this.ctx.services.platform.nativeMenu ? undefined : shortcutOf(id, this.isMac),
      keywords: info.keywords,
      enabled: () => binding.enabled?.() ?? true,
      // A command that fails says so instead of failing silently.
      run: () =>
        void Promise.resolve()
          .then(() => binding.run())
          .catch((e: unknown) =>
            toast(
              t('commandRun.failed', { command: commandTitle(id, t), error: (e as Error)?.message ?? String(e) }),
              'error',
              8000,
            ),
          ),
    };
  }

  private familyEntries(): RunnableCommand[] {
    const translate = t;
    const examples = templates.map(
      (t): RunnableCommand => ({
        id: `${commandFamilies.template.prefix}${t.id}`,
        title: familyTitle('template', exampleText(t, translate).title, translate),
        short: exampleText(t, translate).title,
        category: commandFamilies.template.category,
        keywords: `new template ${t.description} ${exampleText(t, translate).description}`,
        enabled: () => true,
        run: () => void this.ctx.files.newFromTemplate(t.id),
      }),
    );
    const blocks = blockTypes().map(
      (d): RunnableCommand => ({
        id: `${commandFamilies.add.prefix}${d.type}`,
        title: familyTitle('add', blockTitle(d, translate), translate),
        short: blockTitle(d, translate),
        category: commandFamilies.add.category,
        keywords: `${d.type} ${d.category} insert new`,
        enabled: () => true,
        run: () => this.addBlock(d.type),
      }),
    );
    const languages = LANGUAGES.map(
      (l): RunnableCommand => ({
        id: `${commandFamilies.language.prefix}${l.code}`,
        title: familyTitle('language', l.name, translate),
        short: l.name,
        category: commandFamilies.language.category,
        // Found by the word in either language, whatever the page speaks now.
        keywords: `language язык ${l.code}`,
        enabled: () => true,
        run: () => chooseLanguage(this.ctx.services.platform, l.code),
      }),
    );
    return [...blocks, ...examples, ...languages];
  }

  /** Every command a person can run (the palette's list). */
  list(): RunnableCommand[] {
    const statics = (Object.keys(commandCatalog) as CommandId[])
      .filter((id) => !('internal' in commandCatalog[id]))
      .map((id) => this.entry(id));
    return [...statics, ...this.familyEntries()];
  }

  get(id: Command): RunnableCommand | undefined {
    if (id in this.bindings) return this.entry(id as CommandId);
    return this.familyEntries().find((c) => c.id === id);
  }

  /** Runs a command if it applies now; says why when it does not. */
  run(id: Command): void {
    const command = this.get(id);
    if (!command) return;
    if (!command.enabled()) {
      if (id === 'connectOutput' || id === 'connectInput' || id === 'editBlock') toast(t('picker.selectFirst'));
      return;
    }
    command.run();
  }

  /**
   * The command a key press runs, if any. With a native menu, the menu's own accelerators are
   * left to it; keys that act outside text fields only, and second keys, are handled here.
   */
  commandForKey(event: KeyboardEvent, nativeMenu: boolean): RunnableCommand | undefined {
    const active = document.activeElement;
    const inText = isEditable(active);
    const onControl =
      !!active && active !== document.body && !active.closest('.react-flow') && active.matches('button, a, [role]');
    for (const id of Object.keys(commandCatalog) as CommandId[]) {
      const info: CommandInfo = commandCatalog[id];
      if (info.nativeKeys || info.internal) continue;
      const primary = shortcutOf(id, this.isMac);
      const keys = [primary, ...(info.alternatives ?? [])].filter((k): k is string => !!k);
      const hit = keys.find((k) => matchesShortcut(k, event));
      if (!hit) continue;
      if (info.scope === 'canvas') {
        if (inText) continue;
        if ((event.key === 'Enter' || event.key === ' ') && onControl) continue;
      } else if (nativeMenu && hit === primary) {
        continue;
      }
      if (inText && (id === 'selectAll' || id === 'undo' || id === 'redo')) continue;
      const command = this.entry(id);
      if (!command.enabled() && keys.some((k) => this.sharedKey(id, k))) continue;
      return command;
    }
    return undefined;
  }

  /** Whether another command also uses this key (Train and Pause): then the enabled one wins. */
  private sharedKey(id: CommandId, key: string): boolean {
    return (Object.keys(commandCatalog) as CommandId[]).some(
      (other) => other !== id && shortcutOf(other, this.isMac) === key,
    );
  }

  openPalette(query = ''): void {
    const items = this.list()
      .filter((c) => c.enabled())
      .map(
        (c): PickerItem => ({
          key: c.id,
          label: c.title,
          detail: categoryName(c.category, t),
          shortcut: c.shortcut,
          keywords: c.keywords,
          run: () => this.run(c.id),
        }),
      );
    openPicker({
      title: t('picker.commands.title'),
      placeholder: t('picker.commands.placeholder'),
      items,
      empty: t('picker.commands.empty'),
      query,
    });
  }

  private async paste(): Promise<void> {
    const text = await navigator.clipboard?.readText().catch(() => null);
    const payload = (text ? parseClipboard(text) : null) ?? lastCopied();
    if (payload) this.ctx.services.editor.getState().paste(payload);
    else toast(t('picker.nothingToPaste'));
  }

  /**
   * Adds a block at `at` (flow coordinates), else beside the selected one or in the middle of the
   * view (the nearest free space to there); selects and focuses it.
   */
  addBlock(type: string, at?: { x: number; y: number }): void {
    const s = this.ctx.services.editor.getState();
    const id = s.addBlock(type, at ?? this.newBlockPlace());
    this.revealNode(id);
  }

  /** Where a new block goes when no place is given: right of the selected block, or mid-view. */
  private newBlockPlace(): { x: number; y: number } {
    const anchor = soleSelection(this.ctx.services.editor.getState().nodes);
    if (anchor) return { x: anchor.position.x + (anchor.measured?.width ?? 160) + 60, y: anchor.position.y };
    const canvas = document.querySelector('.canvas')?.getBoundingClientRect();
    const centre = canvas
      ? { x: canvas.left + canvas.width / 2, y: canvas.top + canvas.height / 2 }
      : { x: 400, y: 300 };
    const p = this.ctx.flow.screenToFlowPosition(centre);
    return { x: p.x - 80, y: p.y - 30 };
  }

  /**
   * The Add Block list. With `place` (a double-click on the canvas), it opens there and the block
   * goes there; otherwise beside the selected block or in the middle of the view.
   */
  pickBlockToAdd(place?: { screen: { x: number; y: number }; flow: { x: number; y: number } }): void {
    const items = blockTypes().map(
      (d): PickerItem => ({
        key: d.type,
        label: blockTitle(d, t),
        detail: categoryTitle(d.category, t),
        keywords: `${d.type} ${d.title} ${d.description} ${blockDescription(d, t)}`,
        run: () => this.addBlock(d.type, place?.flow),
      }),
    );
    const anchor = place ? null : soleSelection(this.ctx.services.editor.getState().nodes);
    openPicker({
      title: t('picker.add.title'),
      placeholder: t('picker.add.placeholder'),
      note: anchor ? t('picker.add.note', { id: anchor.id }) : undefined,
      items,
      empty: t('picker.add.empty'),
      at: place?.screen,
    });
  }

  private pickConnection(direction: 'output' | 'input'): void {
    const { nodes, edges } = this.ctx.services.editor.getState();
    const selected = soleSelection(nodes);
    if (!selected) return void toast(t('picker.selectFirst'));
    const choices =
      direction === 'output' ? outputChoices(nodes, edges, selected.id) : inputChoices(nodes, edges, selected.id);
    const describe = (c: ConnectionChoice) =>
      direction === 'output'
        ? `${blockName(nodes, c.target)}${c.port ? t('picker.connect.toInput', { port: c.port }) : ''}`
        : `${blockName(nodes, c.source)}${t('picker.connect.toInput', { port: c.port })}`;
    const items = choices.map(
      (c): PickerItem => ({
        key: `${c.source}>${c.target}:${c.port ?? ''}`,
        label: describe(c),
        disabledReason: c.problem ?? undefined,
        run: () => {
          const problem = this.ctx.services.editor.getState().connect({
            source: c.source,
            target: c.target,
            sourceHandle: 'out',
            targetHandle: c.port,
          });
          if (problem) toast(t('picker.connect.failed', { problem }), 'error');
          else toast(t('picker.connect.done', { wire: `${c.source} → ${c.target}.${c.port}` }), 'success');
          this.revealNode(selected.id);
        },
      }),
    );
    const possible = items.filter((i) => !i.disabledReason).length;
    // One reason for every choice is about the selected block itself: say it once.
    const oneReason = possible === 0 && new Set(choices.map((c) => c.problem)).size === 1;
    const name = blockName(nodes, selected.id);
    const def = findBlock(selected.data.type);
    openPicker({
      title: t(direction === 'output' ? 'picker.connect.outputTitle' : 'picker.connect.inputTitle', { name }),
      placeholder: t(direction === 'output' ? 'picker.connect.outputPlaceholder' : 'picker.connect.inputPlaceholder'),
      note:
        possible === 0
          ? (choices.find((c) => c.problem)?.problem ??
            (direction === 'input' && def?.category === 'data'
              ? t('picker.connect.dataBlock', { block: blockTitle(def, t) })
              : t('picker.connect.noOther')))
          : t('picker.connect.possible', { count: possible }),
      items: oneReason ? [] : items,
      empty: oneReason ? t('picker.connect.nothing') : t('picker.noBlock'),
    });
  }

  private pickWireToRemove(): void {
    const { nodes, edges } = this.ctx.services.editor.getState();
    const selected = soleSelection(nodes);
    const wires = selected ? edges.filter((e) => e.source === selected.id || e.target === selected.id) : edges;
    const items = wires.map(
      (e: FlowEdge): PickerItem => ({
        key: e.id,
        label: t('picker.disconnect.wire', {
          source: blockName(nodes, e.source),
          target: blockName(nodes, e.target),
          port: e.targetHandle,
        }),
        run: () => {
          const s = this.ctx.services.editor.getState();
          s.onEdgesChange([{ type: 'remove', id: e.id }]);
          if (selected) this.revealNode(selected.id);
        },
      }),
    );
    openPicker({
      title: selected ? t('picker.disconnect.titleOf', { id: selected.id }) : t('picker.disconnect.title'),
      placeholder: t('picker.disconnect.placeholder'),
      items,
      empty: selected ? t('picker.disconnect.noneOf', { id: selected.id }) : t('picker.disconnect.none'),
    });
  }

  private pickBlockToVisit(): void {
    const { nodes } = this.ctx.services.editor.getState();
    openPicker({
      title: t('picker.goTo.title'),
      placeholder: t('picker.goTo.placeholder'),
      items: nodes.map((n) => ({
        key: n.id,
        label: blockName(nodes, n.id),
        detail: (() => {
          const def = findBlock(n.data.type);
          return def ? categoryTitle(def.category, t) : undefined;
        })(),
        run: () => this.revealNode(n.id),
      })),
      empty: t('picker.noBlock'),
    });
  }

  private editSelected(): void {
    showSidebarTab(layoutStore, 'inspector');
    // The inspector renders the selected block's fields on the next frame.
    requestAnimationFrame(() =>
      document
        .querySelector<HTMLElement>('.sidebar [role="tabpanel"] input, .sidebar [role="tabpanel"] select')
        ?.focus(),
    );
  }

  focusCanvas(): void {
    const { nodes } = this.ctx.services.editor.getState();
    const target = nodes.find((n) => n.selected) ?? nodes[0];
    if (target) this.revealNode(target.id);
    else document.querySelector<HTMLElement>('.react-flow')?.focus();
  }

  /** Selects a block alone, scrolls it into view and gives it keyboard focus. */
  revealNode(id: string): void {
    closePicker();
    this.ctx.services.editor.getState().select([id]);
    // A new block is shown once React Flow has measured it: try again for a few frames until then.
    let frames = 30;
    const attempt = () => {
      const el = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`);
      const node = this.ctx.services.editor.getState().nodes.find((n) => n.id === id);
      if (!node) return;
      if (!el || !node.measured?.width || getComputedStyle(el).visibility === 'hidden') {
        if (--frames > 0) requestAnimationFrame(attempt);
        return;
      }
      this.scrollIntoView(node, el);
      el.focus({ preventScroll: true });
    };
    requestAnimationFrame(attempt);
  }

  private scrollIntoView(node: BlockNode, el: HTMLElement): void {
    const canvas = document.querySelector('.react-flow')?.getBoundingClientRect();
    if (!canvas) return;
    const r = el.getBoundingClientRect();
    const inside = r.left >= canvas.left && r.right <= canvas.right && r.top >= canvas.top && r.bottom <= canvas.bottom;
    if (inside) return;
    const { width = 160, height = 60 } = node.measured ?? {};
    void this.ctx.flow.setCenter(node.position.x + width / 2, node.position.y + height / 2, {
      zoom: this.ctx.flow.getViewport().zoom,
      duration: 0,
    });
  }
}
