/**
 * Weights as the editor sees them: a block's weights are those stored in the document when
 * their shapes fit its parameters, else the ones a fresh start draws from the training seed (so
 * what the inspector shows before training is what training starts from). Editing a weight
 * writes all of the block's tensors into the document and makes them the user's (`manual`).
 */
import type { StoreApi } from 'zustand/vanilla';
import { findBlock, initialWeights, initSeedOf, resolveTraining, type WeightTensor } from '../../../engine/index.js';
import { selectWeight } from '../focus.js';
import type { BlockNode, DocumentMeta } from './model.js';
import type { EditorState } from './store.js';

/** At most this many values in a block get a slider each. */
export const SLIDER_LIMIT = 16;
export { NEURON_LIMIT } from '../../../session/units.js';
/** At most this many values are editable as a grid of fields; larger tensors are edited cell by cell. */
export const GRID_LIMIT = 256;

export interface BlockWeights {
  tensors: Record<string, WeightTensor>;
  /** Whether they are the document's (else drawn from the seed, as training would start). */
  stored: boolean;
}

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * The weights of a block with `params` (defaults and inferred sizes filled in, as the analysis
 * gives them), or null for a block without weights or with invalid params.
 */
export function blockWeights(
  node: Pick<BlockNode, 'id' | 'data'>,
  params: unknown,
  meta: DocumentMeta,
): BlockWeights | null {
  const def = findBlock(node.data.type);
  if (!def?.weightShapes || params === undefined) return null;
  const shapes = def.weightShapes(params);
  if (Object.keys(shapes).length === 0) return null;
  const stored = node.data.weights;
  if (stored && Object.entries(shapes).every(([name, shape]) => stored[name] && sameShape(stored[name].shape, shape))) {
    return { tensors: stored, stored: true };
  }
  const drawn = initialWeights(def, params, node.id, initSeedOf(resolveTraining(meta.training)));
  return {
    tensors: Object.fromEntries(
      Object.entries(shapes).map(([name, shape]) => [name, { shape: [...shape], data: Array.from(drawn[name]) }]),
    ),
    stored: false,
  };
}

/** The number of values in all of a block's tensors. */
export const weightCount = (tensors: Record<string, WeightTensor>): number =>
  Object.values(tensors).reduce((n, t) => n + t.data.length, 0);

/**
 * Whether the block's weights are the user's: its initialisation is `manual` (editing a weight
 * makes it so), and Reset's "keep my weights" keeps them (the engine's handSetNodeIds).
 */
export function isHandSet(node: Pick<BlockNode, 'data'>): boolean {
  return node.data.params.init === 'manual';
}

/** Whether a block type offers the `manual` initialisation (then editing its weights switches to it). */
export function offersManualInit(type: string): boolean {
  const field = findBlock(type)?.fields.find((f) => f.key === 'init');
  return field?.kind === 'enum' && field.options.includes('manual');
}

/** A weight of a block: element `index` (row-major) of tensor `name`. */
export interface WeightRef {
  nodeId: string;
  name: string;
  index: number;
}

/** "W[2, 1]" (unit 2, input 1) or "b[2]": a weight's name counted from 1, as the course writes w₂₁. */
export function weightLabel(name: string, shape: readonly number[], index: number): string {
  if (shape.length === 2) return `${name}[${Math.floor(index / shape[1]) + 1}, ${(index % shape[1]) + 1}]`;
  return `${name}[${index + 1}]`;
}

/** Text of a value in an editable field: short, but exact enough to read back what was typed. */
export function fieldText(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-4 || a >= 1e6) return v.toExponential(3);
  return String(Number(v.toPrecision(6)));
}

/** Text of a value in a grid cell or beside a slider: at most 3 decimals, no trailing zeros. */
export function shortText(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e4)) return v.toExponential(2);
  const t = String(Number(v.toFixed(a < 1 ? 3 : 2)));
  return t === '-0' ? '0' : t;
}

/** Names of the columns feeding a block's `in` port when an Input block gives them, else their numbers. */
export function inputNames(s: Pick<EditorState, 'nodes' | 'edges'>, nodeId: string, count: number): string[] {
  const edge = s.edges.find((e) => e.target === nodeId && e.targetHandle === 'in');
  const source = edge && s.nodes.find((n) => n.id === edge.source);
  const columns = source?.data.type === 'input' ? (source.data.params.columns as string[] | undefined) : undefined;
  return Array.from({ length: count }, (_, i) => columns?.[i] ?? String(i + 1));
}

/**
 * What a weight's field does: a typed or stepped value is one undo step, a scrub records one
 * step when it starts and none per value, and focusing the field selects the weight.
 */
export function weightHandlers(editor: StoreApi<EditorState>, ref: WeightRef) {
  const set = (value: number, record: boolean) =>
    editor.getState().setWeight(ref.nodeId, ref.name, [{ index: ref.index, value }], { record });
  return {
    onCommit: (v: number) => set(v, true),
    onScrubStart: () => editor.getState().checkpoint(),
    onScrub: (v: number) => set(v, false),
    onFocus: () => selectWeight(ref),
  };
}
