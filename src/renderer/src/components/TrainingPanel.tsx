/**
 * Training settings (stored in the document's `training`): optimizer and its settings, learning
 * rate, batch size, epochs, stop condition and seed; regularisation (weight decay, L1), the
 * learning-rate schedule and early stopping. Changes reach a running session at once.
 */
import { useEffect, useState } from 'react';
import {
  cosinePeriod,
  dataSeedOf,
  initSeedOf,
  lrScheduleNames,
  optimizerNames,
  resolveTraining,
  trainingSettingProblem,
  type TrainingSettings,
} from '../../../engine/index.js';
import { useEditor, useServices, useTraining } from '../context.js';
import { SolveExactlyButton } from './ClosedForm.js';

/** A number field for one training setting, checked against the document schema's limits. */
function NumberSetting({
  id,
  setting,
  label,
  value,
  step,
  onCommit,
  help,
  placeholder,
  disabled,
}: {
  id: string;
  setting: keyof TrainingSettings & string;
  label: string;
  value: number | undefined;
  step?: number;
  help?: string;
  placeholder?: string;
  disabled?: boolean;
  onCommit(v: number | undefined): void;
}) {
  const [draft, setDraft] = useState(value === undefined ? '' : String(value));
  useEffect(() => setDraft(value === undefined ? '' : String(value)), [value]);
  const parsed = draft.trim() === '' ? undefined : Number(draft);
  const error =
    parsed === undefined ? null : !Number.isFinite(parsed) ? 'not a number' : trainingSettingProblem(setting, parsed);
  const commit = () => {
    if (!error && parsed !== value) onCommit(parsed);
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        data-testid={id}
        type="number"
        step={step ?? 'any'}
        value={draft}
        placeholder={placeholder}
        disabled={disabled}
        className={error ? 'invalid' : ''}
        aria-invalid={!!error}
        aria-describedby={error ? `${id}-problem` : undefined}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
      {error ? (
        <small id={`${id}-problem`} data-testid={`${id}-problem`} className="error-text" role="alert">
          {error}
        </small>
      ) : (
        help && <small className="help">{help}</small>
      )}
    </div>
  );
}

const optimizerLabels: Record<(typeof optimizerNames)[number], string> = {
  sgd: 'SGD  (w ← w − η∇L)',
  momentum: 'SGD with momentum',
  adam: 'Adam',
  adamw: 'AdamW (Adam, decoupled weight decay)',
};

type Config = ReturnType<typeof resolveTraining>;
type SetSettings = (patch: Partial<TrainingSettings>) => void;

/** Weight decay and the L1 penalty: on the weight matrices, never on the biases. */
function Regularization({ config, set }: { config: Config; set: SetSettings }) {
  const adamw = config.optimizer === 'adamw';
  return (
    <fieldset className="settings-group" data-testid="regularization">
      <legend>Regularisation</legend>
      <NumberSetting
        id="weight-decay"
        setting="weightDecay"
        label={adamw ? 'weight decay λ (decoupled)' : 'weight decay λ (L2)'}
        value={config.weightDecay}
        placeholder="0"
        onCommit={(v) => set({ weightDecay: v === 0 ? undefined : v })}
        help={
          adamw
            ? 'AdamW shrinks each weight matrix directly: w ← w − η·λ·w every step.'
            : 'Adds λ·w to the gradient of each weight matrix (the penalty (λ/2)·Σw²), as PyTorch’s weight_decay.'
        }
      />
      <NumberSetting
        id="l1"
        setting="l1"
        label="L1 penalty λ₁"
        value={config.l1}
        placeholder="0"
        onCommit={(v) => set({ l1: v === 0 ? undefined : v })}
        help="Adds λ₁·Σ|w| to the loss: pulls weights to exactly 0. Biases are never penalised."
      />
    </fieldset>
  );
}

/** The learning rate per epoch: constant, step or cosine (PyTorch's StepLR, CosineAnnealingLR). */
function Schedule({ config, set }: { config: Config; set: SetSettings }) {
  const schedule = config.lrSchedule;
  return (
    <fieldset className="settings-group" data-testid="schedule">
      <legend>Learning-rate schedule</legend>
      <div className="field">
        <label htmlFor="lr-schedule">schedule</label>
        <select
          id="lr-schedule"
          data-testid="lr-schedule"
          value={schedule}
          onChange={(e) => {
            const next = e.target.value as (typeof lrScheduleNames)[number];
            set({
              lrSchedule: next === 'constant' ? undefined : next,
              // The other schedule's settings go: the document keeps what the run uses.
              ...(next !== 'step' ? { stepSize: undefined, gamma: undefined } : {}),
              ...(next !== 'cosine' ? { tMax: undefined, etaMin: undefined } : {}),
            });
          }}
        >
          {lrScheduleNames.map((n) => (
            <option key={n} value={n}>
              {n === 'constant' ? 'constant η' : n === 'step' ? 'step: η × γ every N epochs' : 'cosine: η → η_min'}
            </option>
          ))}
        </select>
      </div>
      {schedule === 'step' && (
        <>
          <NumberSetting
            id="step-size"
            setting="stepSize"
            label="every N epochs"
            value={config.stepSize}
            step={1}
            onCommit={(v) => set({ stepSize: v })}
          />
          <NumberSetting
            id="gamma"
            setting="gamma"
            label="multiply by γ"
            value={config.gamma}
            onCommit={(v) => set({ gamma: v })}
            help={`Epochs 1–${config.stepSize} train with η = ${config.lr}, the next ${config.stepSize} with ${shortLr(config.lr * config.gamma)}, …`}
          />
        </>
      )}
      {schedule === 'cosine' && (
        <>
          <NumberSetting
            id="t-max"
            setting="tMax"
            label="over T_max epochs"
            value={config.tMax}
            step={1}
            placeholder={`${cosinePeriod(config)} (the epochs)`}
            onCommit={(v) => set({ tMax: v })}
          />
          <NumberSetting
            id="eta-min"
            setting="etaMin"
            label="down to η_min"
            value={config.etaMin}
            onCommit={(v) => set({ etaMin: v })}
            help={
              config.etaMin > config.lr
                ? `η_min is above η (${config.lr}): the rate rises to ${config.etaMin} instead of falling.`
                : `η_min + (η − η_min)·(1 + cos(π·epoch / ${cosinePeriod(config)})) / 2, from ${config.lr} down to ${config.etaMin}.`
            }
          />
        </>
      )}
      {schedule === 'constant' && <small className="help">Every epoch trains with the learning rate η above.</small>}
    </fieldset>
  );
}

const shortLr = (v: number) => String(Number(v.toPrecision(4)));

/** Early stopping on the validation loss: needs validation rows (the Data panel's validation split). */
function EarlyStopping({ config, set }: { config: Config; set: SetSettings }) {
  const on = config.patience !== undefined;
  // The rows the split holds out, as the session splits them (⌊rows · split⌋), once the data is known.
  const rows = useTraining((s) => s.info?.rows);
  const held = (split: number) => (rows === undefined ? (split > 0 ? 1 : 0) : Math.floor(rows * split));
  const noValidation = held(config.validationSplit) === 0;
  const canHoldOut = held(0.2) > 0;
  return (
    <fieldset className="settings-group" data-testid="early-stopping">
      <legend>Early stopping</legend>
      <div className="field field-inline">
        <input
          id="early-stop"
          data-testid="early-stop"
          type="checkbox"
          checked={on}
          disabled={noValidation && !on}
          aria-describedby={noValidation ? 'early-stop-needs' : undefined}
          onChange={(e) =>
            set(
              e.target.checked
                ? { patience: 10 }
                : { patience: undefined, minDelta: undefined, restoreBest: undefined },
            )
          }
        />
        <label htmlFor="early-stop">stop when the validation loss stops improving</label>
      </div>
      {noValidation && (
        <small id="early-stop-needs" className={on ? 'error-text' : 'help'} data-testid="early-stop-needs">
          {on ? 'Has no effect: it needs ' : 'Needs '}validation rows to watch
          {canHoldOut ? (
            <>
              : set a validation split in the Data panel, or{' '}
              <button
                type="button"
                className="link"
                data-testid="hold-out"
                onClick={() => set({ validationSplit: 0.2 })}
              >
                hold out 20 %
              </button>
              .
            </>
          ) : (
            `, and ${rows} rows are too few to hold some out.`
          )}
        </small>
      )}
      {on && (
        <>
          <NumberSetting
            id="patience"
            setting="patience"
            label="patience (epochs without improvement)"
            value={config.patience}
            step={1}
            onCommit={(v) => set({ patience: v ?? 10 })}
          />
          <NumberSetting
            id="min-delta"
            setting="minDelta"
            label="improvement of at least"
            value={config.minDelta}
            onCommit={(v) => set({ minDelta: v || undefined })}
            help="A validation loss counts as better when it is below the best so far by more than this."
          />
          <div className="field field-inline">
            <input
              id="restore-best"
              data-testid="restore-best"
              type="checkbox"
              checked={config.restoreBest}
              onChange={(e) => set({ restoreBest: e.target.checked ? undefined : false })}
            />
            <label htmlFor="restore-best">go back to the best epoch’s weights when stopping</label>
          </div>
        </>
      )}
    </fieldset>
  );
}

export function TrainingPanel() {
  const { editor, training } = useServices();
  const settings = useEditor((s) => s.meta.training);
  const config = resolveTraining(settings);
  const status = useTraining((s) => s.status);
  const flow = useTraining((s) => s.flow);
  const set = (patch: Partial<TrainingSettings>) => {
    const next = { ...editor.getState().meta.training, ...patch };
    for (const k of Object.keys(patch) as (keyof TrainingSettings)[]) if (patch[k] === undefined) delete next[k];
    editor.getState().setMeta({ training: next });
    training.configure();
  };
  const full = config.batchSize === 'full';
  return (
    <div className="training-panel" data-testid="training-panel">
      <div className="field">
        <label htmlFor="optimizer">optimizer</label>
        <select
          id="optimizer"
          data-testid="optimizer"
          value={config.optimizer}
          onChange={(e) => set({ optimizer: e.target.value as TrainingSettings['optimizer'] })}
        >
          {optimizerNames.map((o) => (
            <option key={o} value={o}>
              {optimizerLabels[o]}
            </option>
          ))}
        </select>
      </div>
      <NumberSetting id="lr" setting="lr" label="learning rate η" value={config.lr} onCommit={(v) => set({ lr: v })} />
      {config.optimizer === 'momentum' && (
        <NumberSetting
          id="momentum"
          setting="momentum"
          label="momentum μ"
          value={config.momentum}
          onCommit={(v) => set({ momentum: v })}
        />
      )}
      {(config.optimizer === 'adam' || config.optimizer === 'adamw') && (
        <>
          <NumberSetting
            id="beta1"
            setting="beta1"
            label="β₁"
            value={config.beta1}
            onCommit={(v) => set({ beta1: v })}
          />
          <NumberSetting
            id="beta2"
            setting="beta2"
            label="β₂"
            value={config.beta2}
            onCommit={(v) => set({ beta2: v })}
          />
          <NumberSetting id="eps" setting="eps" label="ε" value={config.eps} onCommit={(v) => set({ eps: v })} />
        </>
      )}
      <div className="field">
        <label htmlFor="batch">batch size</label>
        <div className="stepper">
          <input
            id="batch"
            data-testid="batch"
            type="number"
            min={1}
            step={1}
            disabled={full}
            value={full ? '' : String(config.batchSize)}
            placeholder="all rows"
            onChange={(e) =>
              e.target.value.trim() !== '' &&
              trainingSettingProblem('batchSize', Number(e.target.value)) === null &&
              set({ batchSize: Number(e.target.value) })
            }
          />
          <label className="chip">
            <input
              type="checkbox"
              checked={full}
              onChange={(e) => set({ batchSize: e.target.checked ? 'full' : 32 })}
            />{' '}
            full batch
          </label>
        </div>
      </div>
      <NumberSetting
        id="epochs"
        setting="epochs"
        label="epochs"
        value={config.epochs}
        step={1}
        onCommit={(v) => set({ epochs: v })}
      />
      <NumberSetting
        id="target-loss"
        setting="targetLoss"
        label="stop when the loss is below"
        value={settings?.targetLoss}
        help="Leave empty to train all epochs."
        onCommit={(v) => set({ targetLoss: v })}
      />
      <NumberSetting
        id="init-seed"
        setting="initSeed"
        label="init seed (initial weights)"
        value={initSeedOf(config)}
        step={1}
        onCommit={(v) => set({ initSeed: v })}
        help="Reset → Same seed starts again from identical weights."
      />
      <NumberSetting
        id="data-seed"
        setting="dataSeed"
        label="data seed (validation split, shuffling)"
        value={dataSeedOf(config)}
        step={1}
        onCommit={(v) => set({ dataSeed: v })}
        help="Keep it to compare initialisations on the same validation rows."
      />
      <div className="field field-inline">
        <input
          id="shuffle"
          type="checkbox"
          checked={config.shuffle}
          onChange={(e) => set({ shuffle: e.target.checked })}
        />
        <label htmlFor="shuffle">shuffle rows every epoch</label>
      </div>
      <Regularization config={config} set={set} />
      <Schedule config={config} set={set} />
      <EarlyStopping config={config} set={set} />
      <h3>Show on the edges</h3>
      <div className="segmented" role="radiogroup" aria-label="Edge display">
        {(
          [
            ['gradients', 'Gradients ∂L/∂x (backward)'],
            ['activations', 'Activations (forward)'],
          ] as const
        ).map(([mode, label]) => (
          <label key={mode} className={flow.visible && flow.mode === mode ? 'active' : ''}>
            <input
              type="radio"
              name="flow"
              data-testid={`flow-${mode}`}
              checked={flow.visible && flow.mode === mode}
              onChange={() => training.store.setState({ flow: { visible: true, mode } })}
            />
            {label}
          </label>
        ))}
        <label className={!flow.visible ? 'active' : ''}>
          <input
            type="radio"
            name="flow"
            data-testid="flow-off"
            checked={!flow.visible}
            onChange={() => training.store.setState({ flow: { ...flow, visible: false } })}
          />
          Off
        </label>
      </div>
      <h3>Look inside</h3>
      <div className="actions">
        <button
          type="button"
          data-testid="step-through"
          onClick={() => training.trace()}
          disabled={status === 'running'}
          title="Walk one batch forward node by node, then backward, with every number"
        >
          Step through backprop
        </button>
        <button
          type="button"
          data-testid="gradcheck"
          onClick={() => training.gradcheck()}
          title="Compare backprop with finite differences for every parameter"
        >
          Gradient check
        </button>
        <SolveExactlyButton />
      </div>
    </div>
  );
}
