/**
 * Problems: the engine's findings in the graph as it is edited, why training cannot start (graph
 * or data), a diverged run naming the node, and worker errors. Clicking one shows its block.
 */
import { useReactFlow } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import type { Diagnostic } from '../../../engine/index.js';
import { useEditor, useServices, useTraining } from '../context.js';
import { describeDivergence } from '../training/divergence.js';
import { DiagnosticList } from './DiagnosticList.js';

const errorsFirst = (list: readonly Diagnostic[]) =>
  [...list].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));

export function ProblemsPanel() {
  const { editor } = useServices();
  const { t } = useTranslation();
  const flow = useReactFlow();
  const diagnostics = useEditor((s) => s.analysis.diagnostics);
  const trainingDiagnostics = useTraining((s) => s.diagnostics);
  const divergence = useTraining((s) => s.divergence);
  const error = useTraining((s) => s.error);
  const show = (ids: readonly string[]) => {
    if (ids.length === 0) return;
    editor.getState().select([ids[0]]);
    void flow.fitView({ nodes: ids.map((id) => ({ id })), padding: 0.6, maxZoom: 1.3, duration: 250 });
  };
  const pick = (d: Diagnostic) => show(d.nodeIds ?? []);
  const graphErrors = diagnostics.filter((d) => d.severity === 'error').length;
  const nothing = diagnostics.length === 0 && trainingDiagnostics.length === 0 && !divergence && !error;
  return (
    <div className="problems" data-testid="problems">
      {divergence && (
        <div className="problem-banner" role="alert" data-testid="divergence">
          <strong>{t('problems.diverged')}</strong> {describeDivergence(divergence, t)}{' '}
          <button type="button" onClick={() => show([divergence.report.nodeId])}>
            {t('problems.show', { id: divergence.report.nodeId })}
          </button>
        </div>
      )}
      {error && (
        <div className="problem-banner" role="alert">
          {error}
        </div>
      )}
      {trainingDiagnostics.length > 0 && (
        <DiagnosticList diagnostics={trainingDiagnostics} intro={t('problems.cannotStart')} onPick={pick} />
      )}
      {diagnostics.length > 0 && <DiagnosticList diagnostics={errorsFirst(diagnostics)} onPick={pick} />}
      {nothing && <p className="muted">{t('problems.none')}</p>}
      {!nothing && graphErrors === 0 && diagnostics.length > 0 && <p className="muted">{t('problems.onlyWarnings')}</p>}
    </div>
  );
}
