/** Train / Pause, Step and Reset, the speed limit, and the run's live numbers. */
import { useEffect, useRef, useState } from 'react';
import { initSeedOf } from '../../../engine/index.js';
import { useCommand } from '../commands/use.js';
import { useEditor, useServices, useTraining } from '../context.js';
import { isHandSet } from '../editor/weights.js';
import { CommandButton } from './Toolbar.js';
import { fmt } from './WeightsView.js';

const resetText = {
  button: 'Reset ▾',
  tooltip: 'Start again from fresh weights',
  keep: (seed: number) => `Same seed (${seed}), keep my weights`,
  keepDetail: (blocks: string) =>
    blocks ? `keeps ${blocks} (set by hand), re-initialises the others` : 'identical start: no weights are set by hand',
  all: (seed: number) => `Same seed (${seed}), re-initialise all`,
  allDetail: (blocks: string) => (blocks ? `hand-set weights too (${blocks})` : 'every block from the seed'),
  newSeed: 'New random seed, keep my weights',
};

export function TrainingControls() {
  const { training } = useServices();
  const status = useTraining((s) => s.status);
  const progress = useTraining((s) => s.progress);
  const last = useTraining((s) => s.history.at(-1));
  const divergence = useTraining((s) => s.divergence);
  const finishedNotice = useTraining((s) => s.finishedNotice);
  const earlyStopped = useTraining((s) => s.earlyStopMessage !== null);
  const [resetOpen, setResetOpen] = useState(false);
  const reset = useCommand('reset');
  const resetAll = useCommand('resetAll');
  const resetNewSeed = useCommand('resetNewSeed');
  const handSet = useEditor((s) =>
    s.nodes
      .filter(isHandSet)
      .map((n) => n.id)
      .join(', '),
  );
  const running = status === 'running' || status === 'starting';
  const loss = last?.loss ?? progress?.lastLoss ?? Number.NaN;
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
          title={resetText.tooltip}
        >
          {resetText.button}
        </button>
        {resetOpen && (
          <div className="menu-list" role="menu" onMouseDown={(e) => e.stopPropagation()}>
            {(
              [
                ['reset-same', reset, resetText.keep(initSeedOf(training.config())), resetText.keepDetail(handSet)],
                ['reset-all', resetAll, resetText.all(initSeedOf(training.config())), resetText.allDetail(handSet)],
                ['reset-new', resetNewSeed, resetText.newSeed, null],
              ] as const
            ).map(([testId, command, label, detail]) => (
              <button
                key={testId}
                type="button"
                role="menuitem"
                data-testid={testId}
                title={command.tooltip}
                onClick={() => {
                  setResetOpen(false);
                  command.run();
                }}
              >
                {label}
                {detail && <small className="menu-detail">{detail}</small>}
              </button>
            ))}
          </div>
        )}
      </div>
      <SpeedControl />
      <span className={`status-chip status-${status}`} data-testid="training-status">
        {status === 'diverged' && divergence
          ? `diverged in epoch ${divergence.epoch}`
          : status === 'finished' && earlyStopped
            ? 'stopped early'
            : statusText(status)}
      </span>
      {finishedNotice && <FinishedNotice />}
      {progress && (progress.steps > 0 || last || divergence) && (
        <span className="run-numbers" data-testid="run-numbers">
          {/* The history's epochs continue those a reopened document had trained; a diverged run
              names the epoch it diverged in, as its message does. */}
          epoch <b data-testid="epoch">{divergence?.epoch ?? last?.epoch ?? progress.epoch}</b>
          {/* A run that diverged in its first step has no loss yet. */}
          {' · '}loss <b data-testid="loss">{Number.isFinite(loss) ? fmt(loss) : '—'}</b>
          {last?.penalty !== undefined && (
            <>
              {' '}
              <span title="the regularisation penalty beside the data loss: (λ/2)·Σw² + λ₁·Σ|w| over the weight matrices">
                + penalty <b data-testid="penalty">{fmt(last.penalty)}</b>
              </span>
            </>
          )}
          {last?.lr !== undefined && (
            <>
              {' '}
              · lr <b data-testid="scheduled-lr">{Number(last.lr.toPrecision(3))}</b>
            </>
          )}
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

/** Steps a second the speed slider offers, slowest first; past the last one: full speed. */
export const SPEEDS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] as const;

/**
 * A speed limit, so that a small net's run can be watched step by step instead of ending in a
 * blink. The toolbar shows the speed; its slider opens under it (the toolbar has no room for one
 * at 1280 px beside the run's numbers).
 */
function SpeedControl() {
  const { training } = useServices();
  const speed = useTraining((s) => s.stepsPerSecond);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const slider = useRef<HTMLInputElement>(null);
  const position = speed === null ? SPEEDS.length : Math.max(0, SPEEDS.indexOf(speed as (typeof SPEEDS)[number]));
  const text = speed === null ? 'full speed' : `${speed} step${speed === 1 ? '' : 's'}/s`;
  useEffect(() => {
    if (!open) return;
    slider.current?.focus();
    const close = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [open]);
  const closeToButton = () => {
    setOpen(false);
    button.current?.focus();
  };
  return (
    <div className="menu speed-control" ref={root}>
      <button
        ref={button}
        type="button"
        data-testid="speed-button"
        aria-expanded={open}
        aria-haspopup="dialog"
        aria-label={`Training speed: ${text}`}
        title="How fast training runs: slow motion to watch each step, or full speed"
        onClick={() => (open ? closeToButton() : setOpen(true))}
      >
        <span className="muted">speed</span> {speed === null ? 'full' : `${speed}/s`} ▾
      </button>
      {open && (
        <div className="menu-list speed-popover" role="dialog" aria-label="Training speed">
          <label htmlFor="speed">
            Steps a second: <b data-testid="speed-value">{text}</b>
          </label>
          <input
            ref={slider}
            id="speed"
            type="range"
            data-testid="speed"
            min={0}
            max={SPEEDS.length}
            step={1}
            value={position}
            aria-valuetext={text}
            onKeyDown={(e) => {
              if (e.key === 'Escape' || e.key === 'Enter') closeToButton();
            }}
            onChange={(e) => {
              const i = Number(e.target.value);
              training.setSpeed(i >= SPEEDS.length ? null : SPEEDS[i]);
            }}
          />
          <div className="speed-ends muted" aria-hidden="true">
            <span>slow motion</span>
            <span>full speed</span>
          </div>
        </div>
      )}
    </div>
  );
}

/** Train on a finished run: say so, and offer what can be done. */
function FinishedNotice() {
  const { training } = useServices();
  const reason = useTraining((s) => s.finishedReason);
  const earlyStop = useTraining((s) => s.earlyStopMessage);
  const { epochs, targetLoss } = training.config();
  const more = Math.max(1, epochs);
  return (
    <div className="finished-notice" role="status" data-testid="finished-notice">
      {reason === 'target'
        ? `Training is finished: the loss reached the target ${targetLoss}.`
        : reason === 'early' && earlyStop
          ? `Training is finished: ${earlyStop}.`
          : `Training is finished: all ${epochs} epochs are done.`}{' '}
      <button type="button" data-testid="train-more" onClick={() => training.trainMore(more)}>
        Train {more} more epochs
      </button>{' '}
      <button type="button" data-testid="finished-reset" onClick={() => training.reset()}>
        Reset
      </button>{' '}
      <button
        type="button"
        className="icon"
        aria-label="Close"
        onClick={() => training.store.setState({ finishedNotice: false })}
      >
        ×
      </button>
    </div>
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
