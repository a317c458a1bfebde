/**
 * The Runs list (beside the charts): every kept Train run of the document, newest first, with
 * its name (editable), colour, a visibility toggle for the charts, what changed from the run
 * before it, Restore (its final weights and settings back, one undo step) and Delete.
 */
import { useEffect, useMemo, useState } from 'react';
import { graphFingerprint, MAX_RUNS, runDiff, runLossName, runSummary, type RunRecord } from '../../../engine/index.js';
import { useEditor, useServices, useTraining } from '../context.js';
import { restoreProblem } from '../editor/store.js';
import { toast } from '../ui.js';
import { fmt } from './WeightsView.js';

function RunName({ run }: { run: RunRecord }) {
  const { editor } = useServices();
  const [draft, setDraft] = useState(run.name);
  useEffect(() => setDraft(run.name), [run.name]);
  const commit = () => {
    const name = draft.trim();
    if (name && name !== run.name) editor.getState().updateRun(run.id, { name });
    else setDraft(run.name);
  };
  return (
    <input
      className="run-name"
      data-testid={`run-name-${run.id}`}
      aria-label={`Name of ${run.name}`}
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
        if (e.key === 'Escape') setDraft(run.name);
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
  const { editor, training } = useServices();
  const nodes = useEditor((s) => s.nodes);
  const params = useEditor((s) => s.analysis.params);
  const visible = run.visible !== false;
  const problem = running ? 'pause training first' : restoreProblem(run, nodes, params);
  const otherGraph = run.fingerprint !== fingerprint;
  const changes = useMemo(() => (previous ? runDiff(previous, run) : null), [previous, run]);
  const final = run.final;
  const restore = () => {
    const why = training.restoreRun(run.id);
    if (why) toast(`${run.name} cannot be restored: ${why}.`, 'error');
    else
      toast(
        `Restored ${run.name}: its weights and settings${otherGraph ? ' (the graph stays as it is now)' : ''}. Ctrl+Z undoes.`,
        'success',
        3000,
      );
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
          aria-label={`Show ${run.name} in the charts`}
          title={visible ? 'Shown in the charts: untick to hide' : 'Hidden: tick to show in the charts'}
          onChange={(e) => editor.getState().updateRun(run.id, { visible: e.target.checked })}
        />
        <input
          type="color"
          className="run-swatch"
          value={run.color}
          data-testid={`run-color-${run.id}`}
          aria-label={`Colour of ${run.name}`}
          title="Its colour in the charts"
          onChange={(e) => editor.getState().updateRun(run.id, { color: e.target.value })}
        />
        <RunName run={run} />
        {live && (
          <span className="run-current" title="The charts' live lines and the weights on the canvas are this run's">
            current
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
              ? `Cannot restore: ${problem}`
              : otherGraph
                ? "Put this run's final weights and settings back (one undo step); the graph has changed since this run and stays as it is"
                : "Put this run's final weights and settings back (one undo step)"
          }
        >
          Restore
        </button>
        <button
          type="button"
          className="small icon"
          data-testid={`run-delete-${run.id}`}
          aria-label={`Delete ${run.name}`}
          title="Delete this run (undo brings it back)"
          onClick={() => editor.getState().deleteRun(run.id)}
        >
          ×
        </button>
      </div>
      <div className="run-summary muted" data-testid={`run-summary-${run.id}`}>
        {runSummary(run)} · {runLossName(run)}
        {final && (
          <>
            {' '}
            · loss {fmt(final.loss)}
            {final.valLoss !== undefined && <> (val {fmt(final.valLoss)})</>}
            {final.accuracy !== undefined && <> · {(final.accuracy * 100).toFixed(1)} %</>}
          </>
        )}
      </div>
      {changes && (
        <div className="run-diff" data-testid={`run-diff-${run.id}`}>
          <span className="muted">vs {previous!.name}: </span>
          {changes.length ? (
            changes.map((c) => (
              <span key={c} className="run-change">
                {c}
              </span>
            ))
          ) : (
            <span className="muted">same settings</span>
          )}
        </div>
      )}
    </li>
  );
}

export function RunsPanel() {
  const { editor } = useServices();
  const runs = useEditor((s) => s.meta.runs) ?? [];
  const structure = useEditor((s) => s.structureVersion);
  const liveRunId = useTraining((s) => s.liveRunId);
  const running = useTraining((s) => s.status === 'running' || s.status === 'starting');
  // biome-ignore lint/correctness/useExhaustiveDependencies: the graph's fingerprint changes only with its structure
  const fingerprint = useMemo(() => graphFingerprint(editor.getState().document()), [editor, structure]);
  return (
    <section className="runs-panel" data-testid="runs-panel" aria-label="Runs">
      <h3>
        Runs{' '}
        <span className="muted" title={`The document keeps the last ${MAX_RUNS} runs`}>
          {runs.length}/{MAX_RUNS}
        </span>
      </h3>
      {runs.length === 0 ? (
        <p className="muted">
          Each Train run is kept here: its curves stay in the charts beside the next run's, with what changed, and
          Restore brings its weights back.
        </p>
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
