/**
 * The Runs list (beside the charts): every kept Train run of the document, newest first, with
 * its name (editable), colour, a visibility toggle for the charts, what changed from the run
 * before it, Restore (its final weights and settings back, one undo step) and Delete.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  graphFingerprint,
  MAX_RUNS,
  type RunRecord,
  runDiff,
  runLossTitles,
  runSummary,
  runTitle,
} from '../../../engine/index.js';
import { useEditor, useServices, useTraining } from '../context.js';
import { restoreProblem } from '../editor/store.js';
import { proseNumber, say } from '../i18n.js';
import { toast } from '../ui.js';
import { Said } from './Said.js';
import { fmt } from './WeightsView.js';

/** A run's name in the page's language: a default name ("Run 3") told, a name the user gave as it is. */
const nameOf = (run: RunRecord) => say(runTitle(run.name));

function RunName({ run }: { run: RunRecord }) {
  const { t } = useTranslation();
  const { editor } = useServices();
  const shown = nameOf(run);
  const [draft, setDraft] = useState(shown);
  useEffect(() => setDraft(shown), [shown]);
  const commit = () => {
    const name = draft.trim();
    // The default name as this language tells it is not a new name: the document keeps "Run N".
    if (name && name !== shown) editor.getState().updateRun(run.id, { name });
    else setDraft(shown);
  };
  return (
    <input
      className="run-name"
      data-testid={`run-name-${run.id}`}
      aria-label={t('runsPanel.nameOf', { name: shown })}
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
        if (e.key === 'Escape') setDraft(shown);
      }}
    />
  );
}

function RunRow({
  run,
  previous,
  live,
  fingerprint,
  running,
}: {
  run: RunRecord;
  previous: RunRecord | undefined;
  live: boolean;
  fingerprint: string;
  running: boolean;
}) {
  const { t } = useTranslation();
  const { editor, training } = useServices();
  const nodes = useEditor((s) => s.nodes);
  const params = useEditor((s) => s.analysis.params);
  const visible = run.visible !== false;
  const problem = running ? t('runsPanel.pauseFirst') : restoreProblem(run, nodes, params);
  const name = nameOf(run);
  const otherGraph = run.fingerprint !== fingerprint;
  const changes = useMemo(() => (previous ? runDiff(previous, run) : null), [previous, run]);
  const final = run.final;
  const restore = () => {
    const why = training.restoreRun(run.id);
    if (why) toast(t('runsPanel.notRestored', { name, why }), 'error');
    else toast(t(otherGraph ? 'runsPanel.restoredOtherGraph' : 'runsPanel.restored', { name }), 'success', 3000);
  };
  return (
    <li
      className={`run-row${live ? ' live' : ''}${visible ? '' : ' hidden-run'}`}
      data-testid={`run-${run.id}`}
      style={{ borderLeftColor: run.color }}
    >
      <div className="run-head">
        <input
          type="checkbox"
          checked={visible}
          data-testid={`run-visible-${run.id}`}
          aria-label={t('runsPanel.show', { name })}
          title={visible ? t('runsPanel.shown') : t('runsPanel.hidden')}
          onChange={(e) => editor.getState().updateRun(run.id, { visible: e.target.checked })}
        />
        <input
          type="color"
          className="run-swatch"
          value={run.color}
          data-testid={`run-color-${run.id}`}
          aria-label={t('runsPanel.colourOf', { name })}
          title={t('runsPanel.colour')}
          onChange={(e) => editor.getState().updateRun(run.id, { color: e.target.value })}
        />
        <RunName run={run} />
        {live && (
          <span className="run-current" title={t('runsPanel.currentTitle')}>
            {t('runsPanel.current')}
          </span>
        )}
        <button
          type="button"
          className="small"
          data-testid={`run-restore-${run.id}`}
          disabled={problem !== null}
          onClick={restore}
          title={
            problem
              ? t('runsPanel.cannotRestore', { why: problem })
              : otherGraph
                ? t('runsPanel.restoreOtherGraph')
                : t('runsPanel.restoreTitle')
          }
        >
          {t('runsPanel.restore')}
        </button>
        <button
          type="button"
          className="small icon"
          data-testid={`run-delete-${run.id}`}
          aria-label={t('runsPanel.delete', { name })}
          title={t('runsPanel.deleteTitle')}
          onClick={() => editor.getState().deleteRun(run.id)}
        >
          ×
        </button>
      </div>
      <div className="run-summary muted" data-testid={`run-summary-${run.id}`}>
        {say(runSummary(run))} ·{' '}
        {runLossTitles(run)
          .map((v) => (typeof v === 'string' ? v : say(v)))
          .join(', ')}
        {final && (
          <>
            {' · '}
            {t('runsPanel.loss', { value: proseNumber(fmt(final.loss)) })}
            {final.valLoss !== undefined && (
              <> {t('runsPanel.validation', { value: proseNumber(fmt(final.valLoss)) })}</>
            )}
            {final.accuracy !== undefined && (
              <>
                {' · '}
                {t('runsPanel.accuracy', { value: proseNumber((final.accuracy * 100).toFixed(1)) })}
              </>
            )}
          </>
        )}
      </div>
      {changes && (
        <div className="run-diff" data-testid={`run-diff-${run.id}`}>
          <span className="muted">{t('runsPanel.versus', { name: nameOf(previous!) })} </span>
          {changes.length ? (
            changes.map((c) => (
              <span key={JSON.stringify(c)} className="run-change">
                <Said p={c} />
              </span>
            ))
          ) : (
            <span className="muted">{t('runsPanel.same')}</span>
          )}
        </div>
      )}
    </li>
  );
}

export function RunsPanel() {
  const { t } = useTranslation();
  const { editor } = useServices();
  const runs = useEditor((s) => s.meta.runs) ?? [];
  const structure = useEditor((s) => s.structureVersion);
  const liveRunId = useTraining((s) => s.liveRunId);
  const running = useTraining((s) => s.status === 'running' || s.status === 'starting');
  // biome-ignore lint/correctness/useExhaustiveDependencies: the graph's fingerprint changes only with its structure
  const fingerprint = useMemo(() => graphFingerprint(editor.getState().document()), [editor, structure]);
  return (
    <section className="runs-panel" data-testid="runs-panel" aria-label={t('runsPanel.title')}>
      <h3>
        {t('runsPanel.title')}{' '}
        <span className="muted" title={t('runsPanel.kept', { count: MAX_RUNS })}>
          {runs.length}/{MAX_RUNS}
        </span>
      </h3>
      {runs.length === 0 ? (
        <p className="muted">{t('runsPanel.empty')}</p>
      ) : (
        <ol className="runs-list">
          {runs
            .map((run, i) => (
              <RunRow
                key={run.id}
                run={run}
                previous={runs[i - 1]}
                live={run.id === liveRunId}
                fingerprint={fingerprint}
                running={running}
              />
            ))
            .reverse()}
        </ol>
      )}
    </section>
  );
}
