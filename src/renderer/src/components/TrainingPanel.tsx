/**
 * Training settings (stored in the document's `training`): optimizer and its settings, learning
 * rate, batch size, epochs, stop condition and seed; regularisation (weight decay, L1), the
 * learning-rate schedule and early stopping. Changes reach a running session at once.
 */
import { type ReactNode, useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { z } from 'zod';
import {
  cosinePeriod,
  dataSeedOf,
  initSeedOf,
  lrScheduleNames,
  optimizerNames,
  resolveTraining,
  trainingSchema,
  trainingSettingProblem,
  type TrainingSettings,
} from '../../../engine/index.js';
import type { Translate } from '../../../i18n/index.js';
import { useEditor, useServices, useTraining } from '../context.js';
import { proseNumber } from '../i18n.js';
import { issueText } from '../issue-text.js';
import { SolveExactlyButton } from './ClosedForm.js';

/** A formula or a name inside a sentence of the catalogue (`<f>w ← w − η·λ·w</f>`): the same in every language. */
const FORMULA = { f: <span translate="no" /> };

/**
 * Why `value` is not allowed for the training setting `key` (null when it is), in the user's
 * language: the document schema's own check (as `trainingSettingProblem` makes it), put into words here.
 */
export function settingProblem(key: keyof TrainingSettings & string, value: number, t: Translate): string | null {
  if (!Number.isFinite(value)) return t('valueProblem.notNumber');
  const field = trainingSchema.shape[key as keyof typeof trainingSchema.shape];
  const checked = field?.safeParse(value);
  if (!checked || checked.success) return null;
  return issueText(checked.error.issues[0] as z.core.$ZodIssue, t);
}

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
  help?: ReactNode;
  placeholder?: string;
  disabled?: boolean;
  onCommit(v: number | undefined): void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(value === undefined ? '' : String(value));
  useEffect(() => setDraft(value === undefined ? '' : String(value)), [value]);
  const parsed = draft.trim() === '' ? undefined : Number(draft);
  const error = parsed === undefined ? null : settingProblem(setting, parsed, t);
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
  sgd: 'trainingPanel.optimizers.sgd',
  momentum: 'trainingPanel.optimizers.momentum',
  adam: 'trainingPanel.optimizers.adam',
  adamw: 'trainingPanel.optimizers.adamw',
};

const scheduleLabels: Record<(typeof lrScheduleNames)[number], string> = {
  constant: 'trainingPanel.schedule.constant',
  step: 'trainingPanel.schedule.step',
  cosine: 'trainingPanel.schedule.cosine',
};

type Config = ReturnType<typeof resolveTraining>;
type SetSettings = (patch: Partial<TrainingSettings>) => void;

/** Weight decay and the L1 penalty: on the weight matrices, never on the biases. */
function Regularization({ config, set }: { config: Config; set: SetSettings }) {
  const { t } = useTranslation();
  const adamw = config.optimizer === 'adamw';
  return (
    <fieldset className="settings-group" data-testid="regularization">
      <legend>{t('trainingPanel.regularization.legend')}</legend>
      <NumberSetting
        id="weight-decay"
        setting="weightDecay"
        label={
          adamw
            ? t('trainingPanel.regularization.weightDecayDecoupled')
            : t('trainingPanel.regularization.weightDecayL2')
        }
        value={config.weightDecay}
        placeholder="0"
        onCommit={(v) => set({ weightDecay: v === 0 ? undefined : v })}
        help={
          <Trans
            t={t}
            i18nKey={
              adamw
                ? 'trainingPanel.regularization.weightDecayDecoupledHelp'
                : 'trainingPanel.regularization.weightDecayL2Help'
            }
            components={FORMULA}
          />
        }
      />
      <NumberSetting
        id="l1"
        setting="l1"
        label={t('trainingPanel.regularization.l1')}
        value={config.l1}
        placeholder="0"
        onCommit={(v) => set({ l1: v === 0 ? undefined : v })}
        help={<Trans t={t} i18nKey="trainingPanel.regularization.l1Help" components={FORMULA} />}
      />
    </fieldset>
  );
}

/** The learning rate per epoch: constant, step or cosine (PyTorch's StepLR, CosineAnnealingLR). */
function Schedule({ config, set }: { config: Config; set: SetSettings }) {
  const { t, i18n } = useTranslation();
  const schedule = config.lrSchedule;
  const prose = (v: number) => proseNumber(String(v), i18n.language);
  return (
    <fieldset className="settings-group" data-testid="schedule">
      <legend>{t('trainingPanel.schedule.legend')}</legend>
      <div className="field">
        <label htmlFor="lr-schedule">{t('trainingPanel.schedule.label')}</label>
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
              {t(scheduleLabels[n])}
            </option>
          ))}
        </select>
      </div>
      {schedule === 'step' && (
        <>
          <NumberSetting
            id="step-size"
            setting="stepSize"
            label={t('trainingPanel.schedule.stepSize')}
            value={config.stepSize}
            step={1}
            onCommit={(v) => set({ stepSize: v })}
          />
          <NumberSetting
            id="gamma"
            setting="gamma"
            label={t('trainingPanel.schedule.gamma')}
            value={config.gamma}
            onCommit={(v) => set({ gamma: v })}
            help={t('trainingPanel.schedule.stepHelp', {
              size: config.stepSize,
              lr: prose(config.lr),
              next: prose(shortLr(config.lr * config.gamma)),
            })}
          />
        </>
      )}
      {schedule === 'cosine' && (
        <>
          <NumberSetting
            id="t-max"
            setting="tMax"
            label={t('trainingPanel.schedule.tMax')}
            value={config.tMax}
            step={1}
            placeholder={t('trainingPanel.schedule.tMaxPlaceholder', { epochs: cosinePeriod(config) })}
            onCommit={(v) => set({ tMax: v })}
          />
          <NumberSetting
            id="eta-min"
            setting="etaMin"
            label={t('trainingPanel.schedule.etaMin')}
            value={config.etaMin}
            onCommit={(v) => set({ etaMin: v })}
            help={
              config.etaMin > config.lr ? (
                t('trainingPanel.schedule.etaMinAbove', { lr: prose(config.lr), etaMin: prose(config.etaMin) })
              ) : (
                <Trans
                  t={t}
                  i18nKey="trainingPanel.schedule.cosineHelp"
                  values={{ period: cosinePeriod(config), lr: prose(config.lr), etaMin: prose(config.etaMin) }}
                  components={FORMULA}
                />
              )
            }
          />
        </>
      )}
      {schedule === 'constant' && <small className="help">{t('trainingPanel.schedule.constantHelp')}</small>}
    </fieldset>
  );
}

const shortLr = (v: number) => Number(v.toPrecision(4));

/** Early stopping on the validation loss: needs validation rows (the Data panel's validation split). */
function EarlyStopping({ config, set }: { config: Config; set: SetSettings }) {
  const { t } = useTranslation();
  const on = config.patience !== undefined;
  // The rows the split holds out, as the session splits them (⌊rows · split⌋), once the data is known.
  const rows = useTraining((s) => s.info?.rows);
  const held = (split: number) => (rows === undefined ? (split > 0 ? 1 : 0) : Math.floor(rows * split));
  const noValidation = held(config.validationSplit) === 0;
  const canHoldOut = held(0.2) > 0;
  return (
    <fieldset className="settings-group" data-testid="early-stopping">
      <legend>{t('trainingPanel.earlyStopping.legend')}</legend>
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
        <label htmlFor="early-stop">{t('trainingPanel.earlyStopping.on')}</label>
      </div>
      {noValidation && (
        <small id="early-stop-needs" className={on ? 'error-text' : 'help'} data-testid="early-stop-needs">
          {canHoldOut ? (
            <Trans
              t={t}
              i18nKey={on ? 'trainingPanel.earlyStopping.noEffect' : 'trainingPanel.earlyStopping.needs'}
              components={{
                hold: (
                  <button
                    type="button"
                    className="link"
                    data-testid="hold-out"
                    onClick={() => set({ validationSplit: 0.2 })}
                  />
                ),
              }}
            />
          ) : (
            t(on ? 'trainingPanel.earlyStopping.noEffectTooFew' : 'trainingPanel.earlyStopping.needsTooFew', {
              count: rows ?? 0,
            })
          )}
        </small>
      )}
      {on && (
        <>
          <NumberSetting
            id="patience"
            setting="patience"
            label={t('trainingPanel.earlyStopping.patience')}
            value={config.patience}
            step={1}
            onCommit={(v) => set({ patience: v ?? 10 })}
          />
          <NumberSetting
            id="min-delta"
            setting="minDelta"
            label={t('trainingPanel.earlyStopping.minDelta')}
            value={config.minDelta}
            onCommit={(v) => set({ minDelta: v || undefined })}
            help={t('trainingPanel.earlyStopping.minDeltaHelp')}
          />
          <div className="field field-inline">
            <input
              id="restore-best"
              data-testid="restore-best"
              type="checkbox"
              checked={config.restoreBest}
              onChange={(e) => set({ restoreBest: e.target.checked ? undefined : false })}
            />
            <label htmlFor="restore-best">{t('trainingPanel.earlyStopping.restoreBest')}</label>
          </div>
        </>
      )}
    </fieldset>
  );
}

export function TrainingPanel() {
  const { editor, training } = useServices();
  const { t } = useTranslation();
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
        <label htmlFor="optimizer">{t('trainingPanel.optimizer')}</label>
        <select
          id="optimizer"
          data-testid="optimizer"
          value={config.optimizer}
          onChange={(e) => set({ optimizer: e.target.value as TrainingSettings['optimizer'] })}
        >
          {optimizerNames.map((o) => (
            <option key={o} value={o}>
              {t(optimizerLabels[o])}
            </option>
          ))}
        </select>
      </div>
      <NumberSetting
        id="lr"
        setting="lr"
        label={t('trainingPanel.lr')}
        value={config.lr}
        onCommit={(v) => set({ lr: v })}
      />
      {config.optimizer === 'momentum' && (
        <NumberSetting
          id="momentum"
          setting="momentum"
          label={t('trainingPanel.momentum')}
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
        <label htmlFor="batch">{t('trainingPanel.batchSize')}</label>
        <div className="stepper">
          <input
            id="batch"
            data-testid="batch"
            type="number"
            min={1}
            step={1}
            disabled={full}
            value={full ? '' : String(config.batchSize)}
            placeholder={t('trainingPanel.allRows')}
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
            {t('trainingPanel.fullBatch')}
          </label>
        </div>
      </div>
      <NumberSetting
        id="epochs"
        setting="epochs"
        label={t('trainingPanel.epochs')}
        value={config.epochs}
        step={1}
        onCommit={(v) => set({ epochs: v })}
      />
      <NumberSetting
        id="target-loss"
        setting="targetLoss"
        label={t('trainingPanel.targetLoss')}
        value={settings?.targetLoss}
        help={t('trainingPanel.targetLossHelp')}
        onCommit={(v) => set({ targetLoss: v })}
      />
      <NumberSetting
        id="init-seed"
        setting="initSeed"
        label={t('trainingPanel.initSeed')}
        value={initSeedOf(config)}
        step={1}
        onCommit={(v) => set({ initSeed: v })}
        help={t('trainingPanel.initSeedHelp')}
      />
      <NumberSetting
        id="data-seed"
        setting="dataSeed"
        label={t('trainingPanel.dataSeed')}
        value={dataSeedOf(config)}
        step={1}
        onCommit={(v) => set({ dataSeed: v })}
        help={t('trainingPanel.dataSeedHelp')}
      />
      <div className="field field-inline">
        <input
          id="shuffle"
          type="checkbox"
          checked={config.shuffle}
          onChange={(e) => set({ shuffle: e.target.checked })}
        />
        <label htmlFor="shuffle">{t('trainingPanel.shuffle')}</label>
      </div>
      <Regularization config={config} set={set} />
      <Schedule config={config} set={set} />
      <EarlyStopping config={config} set={set} />
      <h3>{t('trainingPanel.flow.heading')}</h3>
      <div className="segmented" role="radiogroup" aria-label={t('trainingPanel.flow.label')}>
        {(
          [
            ['gradients', t('trainingPanel.flow.gradients')],
            ['activations', t('trainingPanel.flow.activations')],
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
          {t('trainingPanel.flow.off')}
        </label>
      </div>
      <h3>{t('trainingPanel.inside.heading')}</h3>
      <div className="actions">
        <button
          type="button"
          data-testid="step-through"
          onClick={() => training.trace()}
          disabled={status === 'running'}
          title={t('trainingPanel.inside.stepThroughHelp')}
        >
          {t('trainingPanel.inside.stepThrough')}
        </button>
        <button
          type="button"
          data-testid="gradcheck"
          onClick={() => training.gradcheck()}
          title={t('trainingPanel.inside.gradcheckHelp')}
        >
          {t('trainingPanel.inside.gradcheck')}
        </button>
        <SolveExactlyButton />
      </div>
    </div>
  );
}
