/** Train / Pause, Step and Reset, the speed limit, and the run's live numbers. */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { initSeedOf } from '../../../engine/index.js';
import { useCommand } from '../commands/use.js';
import { useEditor, useServices, useTraining } from '../context.js';
import { isHandSet } from '../editor/weights.js';
import { proseNumber } from '../i18n.js';
import { CommandButton } from './Toolbar.js';
import { fmt } from './WeightsView.js';

export function TrainingControls() {
  const { training } = useServices();
  const { t } = useTranslation();
  const num = (v: number) => proseNumber(fmt(v));
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
  // Weights set by hand since the last step: the numbers are theirs, over the training rows.
  const evaluation = progress?.evaluation;
  const loss = evaluation?.loss ?? last?.loss ?? progress?.lastLoss ?? Number.NaN;
  const accuracy = evaluation ? evaluation.accuracy : last?.accuracy;
  useEffect(() => {
    if (!resetOpen) return;
    const close = () => setResetOpen(false);
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [resetOpen]);

  return (
    <fieldset className="training-controls group" aria-label={t('run.training')}>
      <CommandButton id={running ? 'pause' : 'train'} className={running ? 'pause' : 'primary train'} testId="train">
        {running ? t('commands.pause.short') : `▶ ${t('commands.train.title')}`}
      </CommandButton>
      <CommandButton id="step" testId="step" />
      <div className="menu">
        <button
          type="button"
          data-testid="reset"
          aria-haspopup="menu"
          aria-expanded={resetOpen}
          onClick={() => setResetOpen(!resetOpen)}
          title={t('run.reset.tooltip')}
        >
          {t('run.reset.button')} ▾
        </button>
        {resetOpen && (
          <div className="menu-list" role="menu" onMouseDown={(e) => e.stopPropagation()}>
            {(
              [
                [
                  'reset-same',
                  reset,
                  t('run.reset.keep', { seed: initSeedOf(training.config()) }),
                  handSet ? t('run.reset.keepDetail', { blocks: handSet }) : t('run.reset.keepDetailNone'),
                ],
                [
                  'reset-all',
                  resetAll,
                  t('run.reset.all', { seed: initSeedOf(training.config()) }),
                  handSet ? t('run.reset.allDetail', { blocks: handSet }) : t('run.reset.allDetailNone'),
                ],
                ['reset-new', resetNewSeed, t('run.reset.newSeed'), null],
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
          ? t('run.divergedIn', { epoch: divergence.epoch })
          : status === 'finished' && earlyStopped
            ? t('run.stoppedEarly')
            : t(`run.status.${status}`)}
      </span>
      {finishedNotice && <FinishedNotice />}
      {progress && (progress.steps > 0 || last || divergence || evaluation) && (
        <span
          className="run-numbers"
          data-testid="run-numbers"
          title={evaluation ? t('run.lossNowTooltip') : undefined}
        >
          {/* The history's epochs continue those a reopened document had trained; a diverged run
              names the epoch it diverged in, as its message does. */}
          {t('run.epoch')} <b data-testid="epoch">{divergence?.epoch ?? last?.epoch ?? progress.epoch}</b>
          {/* A run that diverged in its first step has no loss yet. */}
          {' · '}
          {t(evaluation ? 'run.lossNow' : 'run.loss')}{' '}
          <b data-testid="loss">{Number.isFinite(loss) ? num(loss) : '—'}</b>
          {last?.penalty !== undefined && (
            <>
              {' '}
              <span title={t('run.penaltyTooltip')}>
                + {t('run.penalty')} <b data-testid="penalty">{num(last.penalty)}</b>
              </span>
            </>
          )}
          {last?.lr !== undefined && (
            <>
              {' '}
              · lr <b data-testid="scheduled-lr">{proseNumber(String(Number(last.lr.toPrecision(3))))}</b>
            </>
          )}
          {accuracy !== undefined && (
            <>
              {' '}
              · {t('run.accuracy')} <b data-testid="accuracy">{proseNumber((accuracy * 100).toFixed(1))} %</b>
            </>
          )}
          {last?.valLoss !== undefined && last.valAccuracy === undefined && (
            <>
              {' '}
              · {t('run.valLoss')} <b data-testid="val-loss">{num(last.valLoss)}</b>
            </>
          )}
          {last?.valAccuracy !== undefined && (
            <>
              {' '}
              · {t('run.valAccuracy')}{' '}
              <b data-testid="val-accuracy">{proseNumber((last.valAccuracy * 100).toFixed(1))} %</b>
            </>
          )}
        </span>
      )}
      {progress && progress.steps > 0 && running && progress.samplesPerSecond > 0 && (
        <span className="run-rate muted">· {formatRate(progress.samplesPerSecond, t)}</span>
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
  const { t } = useTranslation();
  const speed = useTraining((s) => s.stepsPerSecond);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const slider = useRef<HTMLInputElement>(null);
  const position = speed === null ? SPEEDS.length : Math.max(0, SPEEDS.indexOf(speed as (typeof SPEEDS)[number]));
  const text = speed === null ? t('run.speed.full') : t('run.speed.steps', { count: speed });
  useEffect(() => {
    if (!open) return;
    slider.current?.focus();
    const close = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [open]);
  const shown = speed === null ? t('run.speed.fullShort') : `${speed}/s`;
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
        // The name holds the words the button shows ("speed full"), so what is read is what is seen.
        aria-label={t('run.speed.label', { speed: shown })}
        title={t('run.speed.tooltip')}
        onClick={() => (open ? closeToButton() : setOpen(true))}
      >
        <span className="muted">{t('run.speed.button')}</span> {shown} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="menu-list speed-popover" role="dialog" aria-label={t('run.speed.title')}>
          <label htmlFor="speed">
            {t('run.speed.perSecond')} <b data-testid="speed-value">{text}</b>
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
            <span>{t('run.speed.slow')}</span>
            <span>{t('run.speed.full')}</span>
          </div>
        </div>
      )}
    </div>
  );
}

/** Train on a finished run: say so, and offer what can be done. */
function FinishedNotice() {
  const { training } = useServices();
  const { t } = useTranslation();
  const reason = useTraining((s) => s.finishedReason);
  const earlyStop = useTraining((s) => s.earlyStopMessage);
  const { epochs, targetLoss } = training.config();
  const more = Math.max(1, epochs);
  return (
    <div className="finished-notice" role="status" data-testid="finished-notice">
      {reason === 'target'
        ? t('run.finished.target', { target: proseNumber(String(targetLoss)) })
        : reason === 'early' && earlyStop
          ? t('run.finished.early', { reason: earlyStop })
          : t('run.finished.epochs', { count: epochs })}{' '}
      <button type="button" data-testid="train-more" onClick={() => training.trainMore(more)}>
        {t('run.finished.more', { count: more })}
      </button>{' '}
      <button type="button" data-testid="finished-reset" onClick={() => training.reset()}>
        {t('run.reset.button')}
      </button>{' '}
      <button
        type="button"
        className="icon"
        aria-label={t('run.close')}
        onClick={() => training.store.setState({ finishedNotice: false })}
      >
        ×
      </button>
    </div>
  );
}

function formatRate(r: number, t: (key: string, values?: Record<string, unknown>) => string): string {
  return r >= 1e6
    ? t('run.rate.millions', { rate: proseNumber((r / 1e6).toFixed(1)) })
    : r >= 1e3
      ? t('run.rate.thousands', { rate: (r / 1e3).toFixed(0) })
      : t('run.rate.units', { rate: r.toFixed(0) });
}
