/** Problems found by the engine in the current graph; clicking one selects and shows its block. */
import { useReactFlow } from '@xyflow/react';
import { useState } from 'react';
import type { Diagnostic } from '../../../engine/index.js';
import { useEditor, useServices } from '../context.js';
import { DiagnosticList } from './DiagnosticList.js';

export function ProblemsPanel() {
  const { editor } = useServices();
  const flow = useReactFlow();
  const diagnostics = useEditor((s) => s.analysis.diagnostics);
  const [open, setOpen] = useState(true);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const pick = (d: Diagnostic) => {
    const ids = d.nodeIds ?? [];
    if (ids.length === 0) return;
    editor.getState().select([ids[0]]);
    void flow.fitView({ nodes: ids.map((id) => ({ id })), padding: 0.6, maxZoom: 1.3, duration: 250 });
  };
  return (
    <section className={`problems${open ? ' open' : ''}`} aria-label="Problems" data-testid="problems">
      <button className="problems-header" onClick={() => setOpen(!open)} aria-expanded={open}>
        Problems
        <span className={`badge ${errors ? 'badge-error' : 'badge-ok'}`} data-testid="problem-count">{errors}</span>
        {warnings > 0 && <span className="badge badge-warning">{warnings}</span>}
        <span className="muted">{errors === 0 ? 'The graph is valid.' : `${errors} error${errors === 1 ? '' : 's'}`}</span>
      </button>
      {open && diagnostics.length > 0 && <DiagnosticList diagnostics={[...diagnostics].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1))} onPick={pick} />}
    </section>
  );
}
