/**
 * A small Linear block drawn as neurons: its inputs as circles on the left, its units on the
 * right, one line per weight W[j, i] (colour = sign, width = |w|), each unit's circle filled by
 * its bias. Hovering a line shows its value; clicking it (or a unit, for the bias) selects that
 * weight for editing. Used in the inspector and on the canvas (a block expanded to neurons).
 *
 * The lines are drawn imperatively from the values given, and while training runs from the
 * session's live weights (outside React, as the gradient overlay is), so a running network never
 * re-renders the graph.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WeightTensor } from '../../../engine/index.js';
import { useEditor, useServices, useTraining } from '../context.js';
import type { BlockData } from '../editor/model.js';
import {
  blockWeights,
  fieldText,
  inputNames,
  shortText,
  type WeightRef,
  weightHandlers,
  weightLabel,
} from '../editor/weights.js';
import { sameWeight, selectWeight, useFocus } from '../focus.js';
import { ScrubNumber } from './ScrubNumber.js';
import { divergingColor } from './WeightsView.js';

export const POSITIVE = '#e0573b';
export const NEGATIVE = '#3b6ef5';

/** Vertical distance between neurons, the drawing's width and a neuron's radius, in px (compact: on the canvas). */
const SIZES = {
  full: { row: 30, width: 230, radius: 10 },
  compact: { row: 22, width: 176, radius: 7 },
} as const;
const PAD = 16;

interface Values {
  W: ArrayLike<number>;
  b: ArrayLike<number> | null;
}

/** Width of a weight's line: thin for 0, 6 px for the largest weight of the block. */
export function lineWidth(w: number, largest: number): number {
  return 0.75 + 5.25 * (largest > 0 ? Math.min(1, Math.abs(w) / largest) : 0);
}

export function NeuronView({
  nodeId,
  W,
  b,
  inputNames,
  compact,
  testId,
}: {
  nodeId: string;
  W: WeightTensor | { shape: readonly number[]; data: ArrayLike<number> };
  b: { data: ArrayLike<number> } | null;
  inputNames: readonly string[];
  /** On the canvas: no caption. */
  compact?: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  const { training } = useServices();
  const [outputs, inputs] = W.shape;
  const svg = useRef<SVGSVGElement>(null);
  const shown = useRef<Values>({ W: W.data, b: b?.data ?? null });
  const [hovered, setHovered] = useState<WeightRef | null>(null);
  const selected = useFocus((s) => (s.selectedWeight?.nodeId === nodeId ? s.selectedWeight : null));
  const { row: ROW, width: WIDTH, radius: RADIUS } = SIZES[compact ? 'compact' : 'full'];
  const rows = Math.max(inputs, outputs);
  const height = rows * ROW + PAD;
  const y = (i: number, count: number) => PAD / 2 + ROW / 2 + ((rows - count) * ROW) / 2 + i * ROW;
  const xIn = PAD + RADIUS;
  const xOut = WIDTH - PAD - RADIUS;

  // Draws the values onto the lines and circles; from React's values, and from live reports while training runs.
  useEffect(() => {
    const draw = (values: Values) => {
      shown.current = values;
      const el = svg.current;
      if (!el) return;
      let largest = 0;
      for (let k = 0; k < values.W.length; k++) largest = Math.max(largest, Math.abs(values.W[k]));
      el.querySelectorAll<SVGLineElement>('line[data-weight]').forEach((line) => {
        const w = values.W[Number(line.dataset.weight)];
        line.setAttribute('stroke', w >= 0 ? POSITIVE : NEGATIVE);
        line.setAttribute('stroke-width', String(lineWidth(w, largest)));
        line.setAttribute('stroke-opacity', String(0.35 + 0.65 * (largest > 0 ? Math.abs(w) / largest : 0)));
      });
      const biasScale = values.b ? Math.max(1e-9, ...Array.from(values.b, Math.abs)) : 1;
      el.querySelectorAll<SVGCircleElement>('circle[data-bias]').forEach((c) => {
        const v = values.b?.[Number(c.dataset.bias)] ?? 0;
        c.setAttribute('fill', values.b ? divergingColor(v, biasScale) : 'var(--node-bg)');
      });
      el.dataset.values = Array.from(values.W, (v) => fieldText(v)).join(' ');
    };
    draw({ W: W.data, b: b?.data ?? null });
    return training.store.subscribe((s) => {
      const live = s.status === 'running' ? s.progress?.smallWeights?.[nodeId] : undefined;
      if (live?.W) draw({ W: live.W, b: live.b ?? null });
    });
  }, [W.data, b?.data, nodeId, training]);

  const hoveredValue =
    hovered && (hovered.name === 'W' ? shown.current.W[hovered.index] : shown.current.b?.[hovered.index]);
  const hoverAt =
    hovered &&
    (hovered.name === 'W'
      ? {
          x: (xIn + xOut) / 2,
          y: (y(hovered.index % inputs, inputs) + y(Math.floor(hovered.index / inputs), outputs)) / 2,
        }
      : { x: xOut - RADIUS - 4, y: y(hovered.index, outputs) - RADIUS - 4 });
  const pick = (ref: WeightRef) => selectWeight(sameWeight(ref, selected) ? null : ref);

  return (
    <figure className={`neuron-view${compact ? ' compact' : ''}`} data-testid={testId}>
      {!compact && <figcaption className="muted">{t('neurons.hint')}</figcaption>}
      <svg
        ref={svg}
        width={WIDTH}
        height={height}
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label={t('neurons.title', { node: nodeId })}
        className="nodrag nopan"
      >
        {Array.from({ length: outputs }, (_, j) =>
          Array.from({ length: inputs }, (_, i) => {
            const index = j * inputs + i;
            const ref = { nodeId, name: 'W', index };
            const label = weightLabel('W', W.shape, index);
            const isSelected = sameWeight(ref, selected);
            const coords = { x1: xIn + RADIUS, y1: y(i, inputs), x2: xOut - RADIUS, y2: y(j, outputs) };
            return (
              <g key={index} className={`neuron-link${isSelected ? ' is-selected' : ''}`}>
                {isSelected && <line {...coords} className="neuron-link-halo" />}
                <line {...coords} data-weight={index} />
                {/* A wide invisible line on top: easy to hover and click. */}
                {/* biome-ignore lint/a11y/noStaticElementInteractions: a pointer shortcut; the keyboard edits every weight in the weight grid */}
                <line
                  {...coords}
                  className="neuron-link-hit"
                  data-testid={`${testId}-w-${j}-${i}`}
                  onPointerEnter={() => setHovered(ref)}
                  onPointerLeave={() => setHovered(null)}
                  onClick={() => pick(ref)}
                >
                  <title>
                    {t('neurons.line', { weight: label, from: inputNames[i] ?? String(i + 1), unit: j + 1 })}
                  </title>
                </line>
              </g>
            );
          }),
        )}
        {Array.from({ length: inputs }, (_, i) => (
          <g key={`in${i}`} className="neuron neuron-input">
            <circle cx={xIn} cy={y(i, inputs)} r={RADIUS} />
            <text x={xIn - RADIUS - 3} y={y(i, inputs) + 4} textAnchor="end">
              {inputNames[i] ?? i + 1}
            </text>
          </g>
        ))}
        {Array.from({ length: outputs }, (_, j) => {
          const ref = { nodeId, name: 'b', index: j };
          return (
            // biome-ignore lint/a11y/noStaticElementInteractions: a pointer shortcut; the keyboard edits every bias in the weight grid
            <g
              key={`out${j}`}
              className={`neuron neuron-unit${b && sameWeight(ref, selected) ? ' is-selected' : ''}`}
              data-testid={`${testId}-b-${j}`}
              onPointerEnter={() => b && setHovered(ref)}
              onPointerLeave={() => setHovered(null)}
              onClick={() => b && pick(ref)}
            >
              <circle cx={xOut} cy={y(j, outputs)} r={RADIUS} data-bias={j} />
              <text x={xOut + RADIUS + 3} y={y(j, outputs) + 4}>
                {j + 1}
              </text>
              {b && <title>{t('neurons.bias', { weight: weightLabel('b', [outputs], j), unit: j + 1 })}</title>}
            </g>
          );
        })}
        {hovered && hoverAt && hoveredValue !== undefined && hoveredValue !== null && (
          <g className="neuron-hover" pointerEvents="none" data-testid={`${testId}-hover`}>
            <rect x={hoverAt.x - 46} y={hoverAt.y - 11} width={92} height={18} rx={4} />
            <text x={hoverAt.x} y={hoverAt.y + 2} textAnchor="middle">
              {weightLabel(hovered.name, hovered.name === 'W' ? W.shape : [outputs], hovered.index)} ={' '}
              {shortText(hoveredValue)}
            </text>
          </g>
        )}
      </svg>
    </figure>
  );
}

/**
 * A Linear block expanded to neurons on the canvas (inside its <BlockNode>): the drawing, and
 * under it a field for the weight selected in it (type or scrub; live while training runs).
 */
export function ExpandedNeurons({ nodeId, data }: { nodeId: string; data: BlockData }) {
  const { t } = useTranslation();
  const { editor } = useServices();
  const params = useEditor((s) => s.analysis.params[nodeId]);
  const meta = useEditor((s) => s.meta);
  const weights = useMemo(() => blockWeights({ id: nodeId, data }, params, meta), [nodeId, data, params, meta]);
  const W = weights?.tensors.W;
  const inputs = W?.shape.length === 2 ? W.shape[1] : 0;
  const names = useEditor((s) => inputNames(s, nodeId, inputs).join('\u0000')).split('\u0000');
  const selected = useFocus((s) => (s.selectedWeight?.nodeId === nodeId ? s.selectedWeight : null));
  const live = useTraining((s) =>
    selected && s.status === 'running'
      ? s.progress?.smallWeights?.[nodeId]?.[selected.name]?.[selected.index]
      : undefined,
  );
  if (!weights || !W || W.shape.length !== 2) return null;
  const b = weights.tensors.b ?? null;
  const tensor = selected ? weights.tensors[selected.name] : undefined;
  const value =
    selected && tensor && selected.index < tensor.data.length ? (live ?? tensor.data[selected.index]) : null;
  return (
    <div className="block-neurons nodrag nopan" data-testid={`neurons-${nodeId}`}>
      <NeuronView nodeId={nodeId} W={W} b={b} inputNames={names} compact testId={`canvas-neurons-${nodeId}`} />
      {selected && tensor && value !== null ? (
        <div className="neuron-field">
          <span>{weightLabel(selected.name, tensor.shape, selected.index)}</span>
          <ScrubNumber
            value={value}
            label={weightLabel(selected.name, tensor.shape, selected.index)}
            testId={`canvas-weight-${nodeId}`}
            {...weightHandlers(editor, selected)}
          />
        </div>
      ) : (
        <p className="neuron-field muted">{t('neurons.canvasHint')}</p>
      )}
    </div>
  );
}
