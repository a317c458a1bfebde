/**
 * Training settings (stored in the document's `training`): optimizer and its settings, learning
 * rate, batch size, epochs, stop condition and seed. Changes reach a running session at once.
 */
import { useEffect, useState } from 'react';
import {
  dataSeedOf,
  initSeedOf,
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
}: {
  id: string;
  setting: keyof TrainingSettings & string;
  label: string;
  value: number | undefined;
  step?: number;
  help?: string;
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
              {o === 'sgd' ? 'SGD  (w ← w − η∇L)' : o === 'momentum' ? 'SGD with momentum' : 'Adam'}
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
      {config.optimizer === 'adam' && (
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
