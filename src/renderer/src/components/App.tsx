/**
 * The editor window: toolbar, palette, canvas, inspector and problems panel, plus the glue
 * for commands (menu, toolbar, keyboard), clipboard, dropped files and the crash backup.
 */
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useEffect, useMemo, useState, type DragEvent } from 'react';
import { useStore } from 'zustand';
import type { Command } from '../../../preload/api.js';
import { useEditor, useServices } from '../context.js';
import { parseClipboard } from '../editor/clipboard.js';
import { isDirty } from '../editor/store.js';
import { templates } from '../editor/templates.js';
import { BACKUP_INTERVAL_MS, FileCommands } from '../files/commands.js';
import { toast, uiStore } from '../ui.js';
import { applyData } from '../data/apply.js';
import { Canvas } from './Canvas.js';
import { Dock } from './Dock.js';
import { ModalHost, Toasts } from './Overlays.js';
import { Palette } from './Palette.js';
import { Sidebar } from './Sidebar.js';
import { StepThrough } from './StepThrough.js';
import { Toolbar } from './Toolbar.js';

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

function Workspace({ files }: { files: FileCommands }) {
  const services = useServices();
  const { editor, platform } = services;
  const flow = useReactFlow();
  const modalsOpen = useStore(uiStore, (s) => s.modals.length > 0);
  const [dropping, setDropping] = useState(false);

  useEffect(() => {
    const run = (command: Command) => {
      const s = editor.getState();
      const editable = isEditable(document.activeElement);
      if (command.startsWith('template:')) return void files.newFromTemplate(command.slice('template:'.length));
      if (command === 'export:onnx' || command === 'export:pytorch')
        return void files.exportAs(command.slice('export:'.length) as 'onnx' | 'pytorch');
      switch (command) {
        case 'new':
          return void files.newDocument();
        case 'open':
          return void files.open();
        case 'save':
          return void files.save();
        case 'saveAs':
          return void files.save(true);
        case 'exportTrained':
          return void files.exportTrained();
        case 'saveAndClose':
          return void files.saveAndClose();
        case 'undo':
          return editable ? void document.execCommand('undo') : s.undo();
        case 'redo':
          return editable ? void document.execCommand('redo') : s.redo();
        case 'duplicate':
          return s.duplicateSelection();
        case 'selectAll':
          return editable ? (document.activeElement as HTMLInputElement).select?.() : s.selectAll();
        case 'zoomIn':
          return void flow.zoomIn();
        case 'zoomOut':
          return void flow.zoomOut();
        case 'fitView':
          return void flow.fitView({ padding: 0.15 });
        case 'autoLayout':
          s.autoLayout();
          return void requestAnimationFrame(() => void flow.fitView({ padding: 0.15 }));
      }
    };
    const offCommand = platform.onCommand(run);
    const offOpen = platform.onOpenFile((file) => void files.openText(file));

    const onKey = (e: KeyboardEvent) => {
      if (modalsOpen) return;
      const editable = isEditable(document.activeElement);
      const mod = e.ctrlKey || e.metaKey;
      if ((e.key === 'Delete' || e.key === 'Backspace') && !editable && !mod) {
        e.preventDefault();
        editor.getState().deleteSelection();
        return;
      }
      if (platform.nativeMenu || !mod) return;
      const key = e.key.toLowerCase();
      const map: Record<string, Command | undefined> = {
        z: e.shiftKey ? 'redo' : 'undo',
        y: 'redo',
        d: 'duplicate',
        a: 'selectAll',
        s: e.shiftKey ? 'saveAs' : 'save',
        o: 'open',
        e: 'exportTrained',
        l: 'autoLayout',
        '0': 'fitView',
        '=': 'zoomIn',
        '+': 'zoomIn',
        '-': 'zoomOut',
      };
      const command = map[key];
      if (!command) return;
      if (editable && ['undo', 'redo', 'selectAll'].includes(command)) return;
      e.preventDefault();
      run(command);
    };
    const onCopy = (e: ClipboardEvent) => {
      if (isEditable(document.activeElement)) return;
      const payload = editor.getState().copySelection();
      if (!payload) return;
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
    window.addEventListener('keydown', onKey);
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCopy);
    document.addEventListener('paste', onPaste);
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      offCommand();
      offOpen();
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCopy);
      document.removeEventListener('paste', onPaste);
      window.removeEventListener('beforeunload', beforeUnload);
    };
  }, [editor, platform, files, flow, modalsOpen]);

  const onDragOver = (e: DragEvent) => {
    if (e.dataTransfer.types.includes('Files')) {
      e.preventDefault();
      setDropping(true);
    }
  };
  const onDrop = (e: DragEvent) => {
    setDropping(false);
    const file = e.dataTransfer.files[0];
    if (!file) return;
    e.preventDefault();
    if (/\.(csv|tsv)$/i.test(file.name)) {
      void file
        .text()
        .then(
          (text) =>
            applyData(services, { kind: 'csv', name: file.name, text }) ||
            toast(`${file.name} was not loaded: see the Data panel.`, 'error'),
        );
      return;
    }
    void files.openDropped(file);
  };

  return (
    <div className="workspace" onDragOver={onDragOver} onDragLeave={() => setDropping(false)} onDrop={onDrop}>
      <Toolbar files={files} />
      <Palette />
      <main className="center">
        <Canvas />
        <StepThrough />
        <Dock />
      </main>
      <Sidebar />
      {dropping && (
        <div className="drop-overlay">
          Drop a .bps.json graph or an .onnx model to open it, or a .csv to train on it
        </div>
      )}
    </div>
  );
}

export function App({ initialTemplate = 'xor' }: { initialTemplate?: string }) {
  const { editor, platform, training } = useServices();
  const files = useMemo(
    () => new FileCommands(editor, platform, () => training.trainedDocument()),
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
        if (template) editor.getState().load(structuredClone(template.document));
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
      <Workspace files={files} />
      <ModalHost />
      <Toasts />
    </ReactFlowProvider>
  );
}
