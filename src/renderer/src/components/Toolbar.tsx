/** The toolbar: file commands, templates, undo/redo, layout, and the document's name and state. */
import { useReactFlow } from '@xyflow/react';
import { useEffect, useRef, useState } from 'react';
import { useEditor, useServices } from '../context.js';
import { isDirty } from '../editor/store.js';
import { templates } from '../editor/templates.js';
import type { FileCommands } from '../files/commands.js';
import { TrainingControls } from './TrainingControls.js';

function Menu({
  label,
  testId,
  children,
}: {
  label: string;
  testId: string;
  children: (close: () => void) => React.ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => !ref.current?.contains(e.target as Node) && setOpen(false);
    window.addEventListener('mousedown', onDown);
    return () => window.removeEventListener('mousedown', onDown);
  }, [open]);
  return (
    <div className="menu" ref={ref}>
      <button
        type="button"
        data-testid={testId}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {label} ▾
      </button>
      {open && (
        <div className="menu-list" role="menu">
          {children(() => setOpen(false))}
        </div>
      )}
    </div>
  );
}

export function Toolbar({ files }: { files: FileCommands }) {
  const { editor, platform } = useServices();
  const flow = useReactFlow();
  const canUndo = useEditor((s) => s.past.length > 0);
  const canRedo = useEditor((s) => s.future.length > 0);
  const dirty = useEditor(isDirty);
  const fileName = useEditor((s) => s.file.name);
  const name = useEditor((s) => s.meta.name);
  const [recent, setRecent] = useState<string[]>([]);
  const mod = platform.kind === 'electron' && window.api?.platform === 'darwin' ? '⌘' : 'Ctrl+';

  return (
    <header className="toolbar">
      <span className="brand" title="Backprop Studio">
        ◆<span className="long"> Backprop Studio</span>
      </span>
      <Menu label="New" testId="menu-new">
        {(close) => (
          <>
            <button
              type="button"
              role="menuitem"
              onClick={() => {
                close();
                void files.newDocument();
              }}
            >
              Blank graph
            </button>
            <hr />
            {templates.map((t) => (
              <button
                type="button"
                role="menuitem"
                key={t.id}
                title={t.description}
                data-testid={`template-${t.id}`}
                onClick={() => {
                  close();
                  void files.newFromTemplate(t.id);
                }}
              >
                {t.name}
              </button>
            ))}
          </>
        )}
      </Menu>
      <button type="button" onClick={() => void files.open()} title={`Open a graph (${mod}O)`} data-testid="open">
        Open
      </button>
      {platform.kind === 'electron' && (
        <div onMouseEnter={() => void platform.recentFiles().then(setRecent)}>
          <Menu label="Recent" testId="menu-recent">
            {(close) =>
              recent.length ? (
                recent.map((p) => (
                  <button
                    type="button"
                    role="menuitem"
                    key={p}
                    onClick={() => {
                      close();
                      void files.openRecent(p);
                    }}
                  >
                    {p}
                  </button>
                ))
              ) : (
                <span className="muted">No recent files</span>
              )
            }
          </Menu>
        </div>
      )}
      <button type="button" onClick={() => void files.save()} title={`Save (${mod}S)`} data-testid="save">
        Save
      </button>
      <button
        type="button"
        onClick={() => void files.save(true)}
        title={`Save as a new file (${mod}Shift+S)`}
        data-testid="save-as"
      >
        Save As
      </button>
      <Menu label="Export" testId="menu-export">
        {(close) => (
          <>
            <button
              type="button"
              role="menuitem"
              data-testid="export"
              title={`The graph with its trained weights, normalisation and metrics (${mod}E)`}
              onClick={() => {
                close();
                void files.exportTrained();
              }}
            >
              Trained graph (.bps.json)
            </button>
            <button
              type="button"
              role="menuitem"
              data-testid="export-onnx"
              title="For onnxruntime and other ONNX tools"
              onClick={() => {
                close();
                void files.exportAs('onnx');
              }}
            >
              ONNX model (.onnx)
            </button>
            <button
              type="button"
              role="menuitem"
              data-testid="export-pytorch"
              title="An nn.Module with the weights and a training loop"
              onClick={() => {
                close();
                void files.exportAs('pytorch');
              }}
            >
              PyTorch code (.py)
            </button>
          </>
        )}
      </Menu>
      <span className="sep" />
      <button
        type="button"
        disabled={!canUndo}
        onClick={() => editor.getState().undo()}
        title={`Undo (${mod}Z)`}
        data-testid="undo"
      >
        Undo
      </button>
      <button
        type="button"
        disabled={!canRedo}
        onClick={() => editor.getState().redo()}
        title={`Redo (${mod}${platform.kind === 'electron' && window.api?.platform === 'darwin' ? 'Shift+Z' : 'Y'})`}
        data-testid="redo"
      >
        Redo
      </button>
      <span className="sep" />
      <button
        type="button"
        onClick={() => {
          editor.getState().autoLayout();
          requestAnimationFrame(() => void flow.fitView({ padding: 0.15 }));
        }}
        title={`Arrange left to right (${mod}L)`}
        data-testid="arrange"
      >
        Arrange
      </button>
      <button type="button" onClick={() => void flow.fitView({ padding: 0.15 })} title={`Fit to window (${mod}0)`}>
        Fit
      </button>
      <span className="sep" />
      <TrainingControls />
      <span
        className="doc-title"
        data-testid="doc-title"
        title={`${fileName ?? name}${fileName ? '' : ' (not saved yet)'}${dirty ? ', with unsaved changes' : ''}`}
      >
        {dirty && (
          <span className="dirty-dot" aria-label="unsaved changes">
            ●
          </span>
        )}
        <span className="doc-name">{fileName ?? name}</span>
      </span>
    </header>
  );
}
