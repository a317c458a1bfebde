/**
 * A block's weights, editable: a grid of number fields (type, or drag to scrub, Shift for fine
 * steps), a slider per value for blocks with few weights (≤ 16) over a range the user sets, the
 * block drawn as neurons when it is small, and the selected weight's own field. Large tensors
 * show as heatmaps whose cells select a weight. Every edit is one undo step (a scrub or a slider
 * drag is one) and lands in the document's `weights`; the training client passes it on to the
 * session. While training runs the values shown are the session's live ones.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type BlockDefinition, findBlock, initSeedOf, resolveTraining } from '../../../engine/index.js';
import type { Translate } from '../../../i18n/index.js';
import { fieldOption } from '../block-text.js';
import { useEditor, useServices, useTraining } from '../context.js';
import type { BlockNode } from '../editor/model.js';
import {
  blockWeights,
  fieldText,
  GRID_LIMIT,
  inputNames,
  isHandSet,
  NEURON_LIMIT,
  SLIDER_LIMIT,
  shortText,
  type WeightRef,
  weightCount,
  weightHandlers,
  weightLabel,
} from '../editor/weights.js';
import { defaultRange, sameWeight, selectWeight, setExpanded, setRange, useFocus } from '../focus.js';
import { LockIcon } from './LockIcon.js';
import { NeuronView } from './NeuronView.js';
import { parseNumber, ScrubNumber } from './ScrubNumber.js';
import { WeightsView } from './WeightsView.js';

/** The block's initialisation as its Inspector menu names it (the document keeps the option's value). */
function initName(def: BlockDefinition, init: string, t: Translate): string {
  const field = def.fields.find((f) => f.key === 'init');
  return field ? fieldOption(def, field, init, t) : init;
}

type Values = Record<string, { shape: readonly number[]; data: ArrayLike<number> }>;

export function WeightEditor({ node }: { node: BlockNode }) {
  const { editor } = useServices();
  const { t } = useTranslation();
  const params = useEditor((s) => s.analysis.params[node.id]);
  const meta = useEditor((s) => s.meta);
  const running = useTraining((s) => s.status === 'running');
  const live = useTraining((s) =>
    s.status === 'running' && s.progress?.watched?.nodeId === node.id ? s.progress.watched.weights : null,
  );
  const base = useMemo(() => blockWeights(node, params, meta), [node, params, meta]);
  const selected = useFocus((s) => (s.selectedWeight?.nodeId === node.id ? s.selectedWeight : null));
  const expanded = useFocus((s) => !!s.expanded[node.id]);
  const range = useFocus((s) => s.ranges[node.id]);
  const inputs = base?.tensors.W?.shape.length === 2 ? base.tensors.W.shape[1] : 0;
  const names = useEditor((s) => inputNames(s, node.id, inputs).join('\u0000')).split('\u0000');
  const def = findBlock(node.data.type);
  if (!def?.weightShapes) return null;
  if (!base) return <p className="muted">{t('weightEditor.unknownShape')}</p>;

  const values: Values = live ?? base.tensors;
  const count = weightCount(base.tensors);
  const setValue = (ref: WeightRef, value: number, record = true) =>
    editor.getState().setWeight(node.id, ref.name, [{ index: ref.index, value }], { record });
  const handlers = (ref: WeightRef) => weightHandlers(editor, ref);
  const W = values.W;
  const b = values.b ?? null;
  const isUnits = !!W && W.shape.length === 2 && (!b || (b.shape.length === 1 && b.shape[0] === W.shape[0]));
  const small = isUnits && W.shape[0] <= NEURON_LIMIT && W.shape[1] <= NEURON_LIMIT;
  const state = live
    ? t('weightEditor.live')
    : isHandSet(node) && base.stored
      ? t('weightEditor.hand')
      : base.stored
        ? t('weightEditor.trained')
        : t('weightEditor.initial', {
            seed: initSeedOf(resolveTraining(meta.training)),
            init: initName(def, String((params as Record<string, unknown>).init ?? 'normal'), t),
          });
  const describe = (ref: WeightRef): string => {
    const shape = values[ref.name].shape;
    if (isUnits && ref.name === 'W') {
      return t('weightEditor.from', {
        input: names[ref.index % W.shape[1]],
        unit: Math.floor(ref.index / W.shape[1]) + 1,
      });
    }
    if (isUnits && ref.name === 'b') return t('weightEditor.biasOf', { unit: ref.index + 1 });
    return weightLabel(ref.name, shape, ref.index);
  };
  const frozen = node.data.trainable === false;

  return (
    <section className="weight-editor" data-testid="weight-editor">
      <h3>{t('weightEditor.heading')}</h3>
      <label className="field-inline freeze-toggle" title={t('weightEditor.frozenHelp')}>
        <input
          type="checkbox"
          data-testid="freeze"
          checked={frozen}
          onChange={(e) => editor.getState().setTrainable(node.id, !e.target.checked)}
        />
        <span>
          <LockIcon /> {t('weightEditor.frozen')} <small className="muted">— {t('weightEditor.frozenHelp')}</small>
        </span>
      </label>
      <p className="muted weight-state" data-testid="weight-state">
        {state}
      </p>
      {small && (
        <>
          <NeuronView
            nodeId={node.id}
            W={W}
            b={b}
            inputNames={names}
            testId="inspector-neurons"
            key={running ? 'live' : 'doc'}
          />
          <label className="field-inline">
            <input
              type="checkbox"
              data-testid="expand-neurons"
              checked={expanded}
              onChange={(e) => setExpanded(node.id, e.target.checked)}
            />
            {t('weightEditor.expand')}
          </label>
        </>
      )}
      {count <= GRID_LIMIT ? (
        isUnits ? (
          <UnitGrid nodeId={node.id} W={W} b={b} names={names} selected={selected} handlers={handlers} />
        ) : (
          Object.entries(values).map(([name, tensor]) => (
            <FlatGrid key={name} nodeId={node.id} name={name} tensor={tensor} selected={selected} handlers={handlers} />
          ))
        )
      ) : (
        <>
          <p className="muted">{t('weightEditor.selectHint')}</p>
          {Object.entries(values).map(([name, tensor]) => (
            <WeightsView
              key={name}
              name={name}
              tensor={tensor}
              selectedIndex={selected?.name === name ? selected.index : null}
              onSelect={(index) => selectWeight({ nodeId: node.id, name, index })}
            />
          ))}
        </>
      )}
      {selected && values[selected.name] && selected.index < values[selected.name].data.length && (
        <div className="selected-weight" data-testid="selected-weight">
          <span>
            {t('weightEditor.selected')}{' '}
            <b translate="no">{weightLabel(selected.name, values[selected.name].shape, selected.index)}</b>{' '}
            <span className="muted">{describe(selected)}</span>
          </span>
          <ScrubNumber
            value={values[selected.name].data[selected.index]}
            label={weightLabel(selected.name, values[selected.name].shape, selected.index)}
            testId="selected-weight-value"
            {...handlers(selected)}
          />
        </div>
      )}
      {count <= SLIDER_LIMIT && (
        <Sliders
          nodeId={node.id}
          values={values}
          range={range}
          selected={selected}
          describe={describe}
          onChange={(ref, v, record) => setValue(ref, v, record)}
          onStart={() => editor.getState().checkpoint()}
        />
      )}
    </section>
  );
}

type Handlers = (ref: WeightRef) => {
  onCommit(v: number): void;
  onScrubStart(): void;
  onScrub(v: number): void;
  onFocus(): void;
};

/** W [units × inputs] with b beside it: one row per unit, as y_j = Σ_i W[j, i]·x_i + b[j] reads. */
function UnitGrid({
  nodeId,
  W,
  b,
  names,
  selected,
  handlers,
}: {
  nodeId: string;
  W: Values[string];
  b: Values[string] | null;
  names: string[];
  selected: WeightRef | null;
  handlers: Handlers;
}) {
  const { t } = useTranslation();
  const [units, inputs] = W.shape;
  return (
    <div className="weight-grid-scroll">
      <table className="weight-grid" data-testid="weight-grid">
        <thead>
          <tr>
            <th />
            {names.map((n, i) => (
              <th key={i} title={t('weightEditor.input', { input: i + 1 })} translate="no">
                {n}
              </th>
            ))}
            {b && (
              <th title={t('weightEditor.bias')} translate="no">
                b
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: units }, (_, j) => (
            <tr key={j}>
              <th>{t('weightEditor.unit', { unit: j + 1 })}</th>
              {Array.from({ length: inputs }, (_, i) => {
                const ref = { nodeId, name: 'W', index: j * inputs + i };
                return (
                  <td key={i}>
                    <ScrubNumber
                      value={W.data[ref.index]}
                      label={weightLabel('W', W.shape, ref.index)}
                      testId={`weight-W-${j}-${i}`}
                      selected={sameWeight(ref, selected)}
                      {...handlers(ref)}
                    />
                  </td>
                );
              })}
              {b && (
                <td>
                  <ScrubNumber
                    value={b.data[j]}
                    label={weightLabel('b', b.shape, j)}
                    testId={`weight-b-${j}`}
                    selected={sameWeight({ nodeId, name: 'b', index: j }, selected)}
                    className="bias"
                    {...handlers({ nodeId, name: 'b', index: j })}
                  />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Any other tensor: its values in rows of its last dimension. */
function FlatGrid({
  nodeId,
  name,
  tensor,
  selected,
  handlers,
}: {
  nodeId: string;
  name: string;
  tensor: Values[string];
  selected: WeightRef | null;
  handlers: Handlers;
}) {
  const cols = tensor.shape.at(-1) ?? tensor.data.length;
  return (
    <div className="weight-grid-scroll">
      <b translate="no">
        {name} [{tensor.shape.join(' × ')}]
      </b>
      <div className="weight-flat" style={{ gridTemplateColumns: `repeat(${Math.max(1, cols)}, auto)` }}>
        {Array.from(tensor.data, (v, index) => {
          const ref = { nodeId, name, index };
          return (
            <ScrubNumber
              key={index}
              value={v}
              label={weightLabel(name, tensor.shape, index)}
              testId={`weight-${name}-${index}`}
              selected={sameWeight(ref, selected)}
              {...handlers(ref)}
            />
          );
        })}
      </div>
    </div>
  );
}

/** A slider per value over the block's range (the user sets it; by default it spans every value, at least ±2). */
function Sliders({
  nodeId,
  values,
  range: chosen,
  selected,
  describe,
  onChange,
  onStart,
}: {
  nodeId: string;
  values: Values;
  range: { min: number; max: number } | undefined;
  selected: WeightRef | null;
  describe(ref: WeightRef): string;
  onChange(ref: WeightRef, v: number, record: boolean): void;
  onStart(): void;
}) {
  const { t } = useTranslation();
  const all = Object.values(values).flatMap((v) => Array.from(v.data));
  const range = chosen ?? defaultRange(all);
  const step = (range.max - range.min) / 400;
  return (
    <div className="weight-sliders" data-testid="weight-sliders">
      <div className="slider-range">
        <span>{t('weightEditor.sliders')}</span>
        <RangeField
          label={t('weightEditor.rangeFrom')}
          testId="slider-min"
          value={range.min}
          valid={(v) => v < range.max}
          onCommit={(v) => setRange(nodeId, { min: v, max: range.max })}
        />
        <span>…</span>
        <RangeField
          label={t('weightEditor.rangeTo')}
          testId="slider-max"
          value={range.max}
          valid={(v) => v > range.min}
          onCommit={(v) => setRange(nodeId, { min: range.min, max: v })}
        />
      </div>
      {Object.entries(values).flatMap(([name, tensor]) =>
        Array.from(tensor.data, (v, index) => {
          const ref = { nodeId, name, index };
          const label = weightLabel(name, tensor.shape, index);
          return (
            <label
              key={`${name}${index}`}
              className={`slider-row${sameWeight(ref, selected) ? ' is-selected' : ''}`}
              title={describe(ref)}
            >
              <span className="slider-label" translate="no">
                {label}
              </span>
              <input
                type="range"
                data-testid={`slider-${name}-${index}`}
                aria-label={`${label}, ${describe(ref)}`}
                min={range.min}
                max={range.max}
                step={step}
                value={Math.min(range.max, Math.max(range.min, v))}
                onPointerDown={(e) => {
                  // A drag is one undo step: recorded here, then each value without one.
                  e.currentTarget.dataset.dragging = '1';
                  onStart();
                  selectWeight(ref);
                }}
                onPointerUp={(e) => delete e.currentTarget.dataset.dragging}
                onChange={(e) =>
                  onChange(ref, Number(Number(e.target.value).toPrecision(4)), !e.currentTarget.dataset.dragging)
                }
              />
              <span className="slider-value">{shortText(v)}</span>
            </label>
          );
        }),
      )}
    </div>
  );
}

/** One end of the sliders' range: Enter or leaving the field sets it, Escape goes back; an end past the other is refused. */
function RangeField({
  label,
  testId,
  value,
  valid,
  onCommit,
}: {
  label: string;
  testId: string;
  value: number;
  valid(v: number): boolean;
  onCommit(v: number): void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<string | null>(null);
  const [refused, setRefused] = useState(false);
  const commit = () => {
    if (draft === null) return;
    const v = parseNumber(draft);
    setDraft(null);
    const ok = v !== null && valid(v);
    setRefused(!ok);
    if (ok && v !== value) onCommit(v);
  };
  return (
    <input
      type="text"
      inputMode="decimal"
      className={`range-field${refused ? ' invalid' : ''}`}
      aria-label={label}
      aria-invalid={refused}
      title={refused ? t('weightEditor.rangeInvalid') : label}
      data-testid={testId}
      value={draft ?? fieldText(value)}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          commit();
          e.currentTarget.select();
        } else if (e.key === 'Escape') setDraft(null);
      }}
    />
  );
}
