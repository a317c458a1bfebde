/** Train / Pause, Step and Reset, with the run's live numbers. */
import { useEffect, useState } from 'react';
import { useCommand } from '../commands/use.js';
import { useServices, useTraining } from '../context.js';
import { CommandButton } from './Toolbar.js';
import { fmt } from './WeightsView.js';

export function TrainingControls() {
  const { training } = useServices();
  const status = useTraining((s) => s.status);
  const progress = useTraining((s) => s.progress);
  const last = useTraining((s) => s.history.at(-1));
  const [resetOpen, setResetOpen] = useState(false);
  const reset = useCommand('reset');
  const resetNewSeed = useCommand('resetNewSeed');
  const running = status === 'running' || status === 'starting';
  useEffect(() => {
    if (!resetOpen) return;
    const close = () => setResetOpen(false);
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [resetOpen]);

  return (
    <fieldset className="training-controls group" aria-label="Training">
      <CommandButton id={running ? 'pause' : 'train'} className={running ? 'pause' : 'primary train'} testId="train">
        {running ? 'Pause' : '▶ Train'}
      </CommandButton>
      <CommandButton id="step" testId="step" />
      <div className="menu">
        <button
          type="button"
          data-testid="reset"
          aria-haspopup="menu"
          aria-expanded={resetOpen}
          onClick={() => setResetOpen(!resetOpen)}
          title="Start again from fresh weights"
        >
          Reset ▾
        </button>
        {resetOpen && (
          <div className="menu-list" role="menu" onMouseDown={(e) => e.stopPropagation()}>
            <button
              type="button"
              role="menuitem"
              data-testid="reset-same"
              title={reset.tooltip}
              onClick={() => {
                setResetOpen(false);
                reset.run();
              }}
            >
              Same seed ({training.config().seed}) — identical start
            </button>
            <button
              type="button"
              role="menuitem"
              data-testid="reset-new"
              title={resetNewSeed.tooltip}
              onClick={() => {
                setResetOpen(false);
                resetNewSeed.run();
              }}
            >
              New random seed
            </button>
          </div>
        )}
      </div>
      <span className={`status-chip status-${status}`} data-testid="training-status">
        {statusText(status)}
      </span>
      {progress && progress.steps > 0 && (
        <span className="run-numbers" data-testid="run-numbers">
          epoch <b data-testid="epoch">{progress.epoch}</b>
          {' · '}loss <b data-testid="loss">{fmt(last?.loss ?? progress.lastLoss)}</b>
          {last?.accuracy !== undefined && (
            <>
              {' '}
              · acc <b data-testid="accuracy">{(last.accuracy * 100).toFixed(1)} %</b>
            </>
          )}
          {last?.valLoss !== undefined && last.valAccuracy === undefined && (
            <>
              {' '}
              · val loss <b data-testid="val-loss">{fmt(last.valLoss)}</b>
            </>
          )}
          {last?.valAccuracy !== undefined && (
            <>
              {' '}
              · val <b data-testid="val-accuracy">{(last.valAccuracy * 100).toFixed(1)} %</b>
            </>
          )}
        </span>
      )}
      {progress && progress.steps > 0 && running && progress.samplesPerSecond > 0 && (
        <span className="run-rate muted">· {formatRate(progress.samplesPerSecond)}</span>
      )}
    </fieldset>
  );
}

function statusText(status: string): string {
  switch (status) {
    case 'idle':
      return 'not started';
    case 'invalid':
      return 'cannot train';
    case 'starting':
      return 'starting…';
    case 'ready':
      return 'ready';
    case 'running':
      return 'training';
    case 'paused':
      return 'paused';
    case 'finished':
      return 'finished';
    case 'diverged':
      return 'diverged';
    default:
      return status;
  }
}

function formatRate(r: number): string {
  return r >= 1e6
    ? `${(r / 1e6).toFixed(1)} M samples/s`
    : r >= 1e3
      ? `${(r / 1e3).toFixed(0)} k samples/s`
      : `${r.toFixed(0)} samples/s`;
}
