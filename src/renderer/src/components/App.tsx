/**
 * The editor window: toolbar, palette, canvas, inspector and problems panel, plus the glue
 * for commands (menu, toolbar, keyboard), clipboard, dropped files and the crash backup.
 */
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useMemo, useState, type CSSProperties } from 'react';
import { navigateByKey } from '../commands/navigation.js';
import { CommandsProvider } from '../commands/provider.js';
import { isEditable } from '../commands/registry.js';
import { useCommands } from '../commands/use.js';
import { useEditor, useServices } from '../context.js';
import { parseClipboard, rememberCopied } from '../editor/clipboard.js';
import { isDirty } from '../editor/store.js';
import { exampleDocument, templates } from '../editor/templates.js';
import { BACKUP_INTERVAL_MS, FileCommands } from '../files/commands.js';
import { COLLAPSED_WIDTH, useLayout } from '../layout.js';
import { useTranslation } from 'react-i18next';
import { t as translate } from '../i18n.js';
import { closePicker, toast, uiStore } from '../ui.js';
import { applyData } from '../data/apply.js';
import { Canvas } from './Canvas.js';
import { Dock } from './Dock.js';
import { ModalHost, Toasts } from './Overlays.js';
import { Palette } from './Palette.js';
import { Picker } from './Picker.js';
import { Sidebar } from './Sidebar.js';
import { Splitter } from './Splitter.js';
import { StepThrough } from './StepThrough.js';
import { Toolbar } from './Toolbar.js';

function Workspace({ files }: { files: FileCommands }) {
  const services = useServices();
  const { t } = useTranslation();
  const { editor, platform } = services;
  const [dropping, setDropping] = useState(false);
  const presentation = useLayout((s) => s.presentation);
  const paletteWidth = useLayout((s) => (s.presentation ? 0 : s.palette.collapsed ? COLLAPSED_WIDTH : s.palette.size));
  const sidebarWidth = useLayout((s) => (s.presentation ? 0 : s.sidebar.collapsed ? COLLAPSED_WIDTH : s.sidebar.size));
  const uiScale = useLayout((s) => s.uiScale);
  const workspaceStyle = {
    '--palette-width': `${paletteWidth}px`,
    '--sidebar-width': `${sidebarWidth}px`,
  } as CSSProperties;
  // On the root, so dialogs and toasts (outside the workspace) follow the UI scale too.
  useEffect(() => document.documentElement.style.setProperty('--ui-scale', String(uiScale)), [uiScale]);

  const commands = useCommands();

  useEffect(() => {
    const offCommand = platform.onCommand((command) => commands.run(command));
    const offOpen = platform.onOpenFile((file) => void files.openText(file));

    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || uiStore.getState().modals.length > 0) return;
      // While the picker is open it owns the keys, but the palette's own key closes it.
      if (uiStore.getState().picker) {
        const again = commands.commandForKey(e, false);
        if (again?.id === 'commandPalette') {
          e.preventDefault();
          closePicker();
        }
        return;
      }
      const command = commands.commandForKey(e, platform.nativeMenu);
      if (command) {
        e.preventDefault();
        commands.run(command.id);
        return;
      }
      navigateByKey(e, commands, editor);
    };
    const onCopy = (e: ClipboardEvent) => {
      if (isEditable(document.activeElement)) return;
      const payload = editor.getState().copySelection();
      if (!payload) return;
      rememberCopied(payload);
      e.clipboardData?.setData('text/plain', JSON.stringify(payload));
      e.preventDefault();
      if (e.type === 'cut') editor.getState().deleteSelection();
    };
    const onPaste = (e: ClipboardEvent) => {
      if (isEditable(document.activeElement)) return;
      const payload = parseClipboard(e.clipboardData?.getData('text/plain') ?? '');
      if (!payload) return;
      e.preventDefault();
      editor.getState().paste(payload);
    };
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (!platform.nativeMenu && isDirty(editor.getState())) e.preventDefault();
    };
    // Files dropped anywhere on the window open (graphs, models) or load as data (CSV).
    const onDragOver = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) {
        e.preventDefault();
        setDropping(true);
      }
    };
    const onDragLeave = (e: DragEvent) => {
      if (!e.relatedTarget) setDropping(false);
    };
    const onDrop = (e: DragEvent) => {
      setDropping(false);
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      e.preventDefault();
      if (/\.(csv|tsv)$/i.test(file.name)) {
        void file
          .text()
          .then(
            (text) =>
              applyData(services, { kind: 'csv', name: file.name, text }) ||
              toast(translate('workspace.notLoaded', { name: file.name }), 'error'),
          );
        return;
      }
      void files.openDropped(file);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('dragleave', onDragLeave);
    window.addEventListener('drop', onDrop);
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCopy);
    document.addEventListener('paste', onPaste);
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      offCommand();
      offOpen();
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('dragleave', onDragLeave);
      window.removeEventListener('drop', onDrop);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCopy);
      document.removeEventListener('paste', onPaste);
      window.removeEventListener('beforeunload', beforeUnload);
    };
  }, [services, editor, platform, files, commands]);

  return (
    <>
      <div className={`workspace${presentation ? ' presenting' : ''}`} style={workspaceStyle}>
        <Toolbar files={files} />
        <Palette />
        <main className="center">
          <Canvas />
          <StepThrough />
          <Dock />
          {!presentation && <Splitter panel="palette" />}
          {!presentation && <Splitter panel="sidebar" />}
        </main>
        <Sidebar />
        {dropping && <div className="drop-overlay">{t('workspace.dropHint')}</div>}
      </div>
      <Picker />
    </>
  );
}

export function App({ initialTemplate = 'xor' }: { initialTemplate?: string }) {
  const { editor, platform, training } = useServices();
  const files = useMemo(
    () =>
      new FileCommands(
        editor,
        platform,
        () => training.trainedDocument(),
        () => training.store.getState().status === 'running',
      ),
    [editor, platform, training],
  );
  const revision = useEditor((s) => s.revision);
  const saved = useEditor((s) => s.savedRevision);
  const fileName = useEditor((s) => s.file.name);
  const name = useEditor((s) => s.meta.name);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the title and menu state follow these values
  useEffect(() => files.publishState(), [files, revision, saved, fileName, name]);

  useEffect(() => {
    let cancelled = false;
    void files.offerRestore().then((restored) => {
      if (!restored && !cancelled && editor.getState().nodes.length === 0 && initialTemplate) {
        const template = templates.find((t) => t.id === initialTemplate);
        if (template) editor.getState().load(exampleDocument(template, translate));
      }
    });
    const timer = setInterval(() => void files.backupNow(), BACKUP_INTERVAL_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [files, editor, initialTemplate]);

  return (
    <ReactFlowProvider>
      <CommandsProvider files={files}>
        <Workspace files={files} />
      </CommandsProvider>
      <ModalHost />
      <Toasts />
    </ReactFlowProvider>
  );
}
