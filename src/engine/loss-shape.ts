/**
 * The shape of a loss: its value and derivative for one example as a function of one number —
 * δ = t − y for a regression loss, the predicted probability of the true class for a
 * classification loss — evaluated by the block's own forward and backward on a batch of one, so
 * the plot can never disagree with what training computes (asymmetric weights a, b included).
 */
import { sigmoid, softmax } from './blocks/activations.js';
import type { BlockDefinition } from './blocks/index.js';
import { Tensor } from './tensor.js';

export interface LossShape {
  /** What the horizontal axis is. */
  axis: 'delta' | 'probability';
  xs: Float64Array;
  /** The loss of one example at each x. */
  loss: Float64Array;
  /** Its derivative with respect to what `pred` holds for that example (see `derivativeOf`). */
  derivative: Float64Array;
  /** `y` (a regression prediction), `p` (the probability of the true class), or `z` (its logit). */
  derivativeOf: 'y' | 'p' | 'z';
}

/** One example's `pred` and `target` for the loss at x, and the entry of ∂L/∂pred that the derivative reads. */
function example(def: BlockDefinition, params: unknown, x: number): { pred: number[]; target: number[] } {
  const kind = def.loss?.classification;
  const logits = def.loss?.logits?.(params) ?? false;
  if (!kind) return { pred: [-x], target: [0] };
  if (kind === 'binary') return { pred: [logits ? Math.log(x / (1 - x)) : x], target: [1] };
  // Two classes, the true one first: the loss depends only on the true class's probability.
  return { pred: logits ? [Math.log(x), Math.log(1 - x)] : [x, 1 - x], target: [0] };
}

/** The block's forward (the loss) and backward (∂L/∂pred) on one example. */
function evaluate(
  def: BlockDefinition,
  params: unknown,
  pred: number[],
  target: number[],
): { loss: number; grad: number } {
  const p = Tensor.fromRows([pred], 'float64');
  const t = Tensor.fromRows([target], 'float64');
  const out = Tensor.zeros(1, 1, 'float64');
  const state = def.createState?.({
    params,
    rows: 1,
    inputSizes: [p.cols, t.cols],
    outputSize: 1,
    precision: 'float64',
  });
  const args = { params, inputs: [p, t], out, weights: {}, state };
  def.forward(args);
  const dPred = Tensor.zeros(1, p.cols, 'float64');
  const dOut = Tensor.fromRows([[1]], 'float64');
  def.backward({ ...args, dOut, dInputs: [dPred, null] });
  return { loss: out.data[0], grad: dPred.data[0] };
}

/**
 * The loss block `def` (with its `params`) over `points` values of x: δ in [−range, range] for a
 * regression loss, the true class's probability in (0, 1) for a classification one. The
 * regression derivative is ∂L/∂y; a classification one is ∂L/∂p, or ∂L/∂z of the true class's
 * logit when the loss takes logits (cross-entropy: p − 1).
 */
export function lossShape(def: BlockDefinition, params: unknown, range = 3, points = 241): LossShape {
  const classification = def.loss?.classification !== undefined;
  const xs = Float64Array.from({ length: points }, (_, i) =>
    classification ? 0.005 + (0.99 * i) / (points - 1) : -range + (2 * range * i) / (points - 1),
  );
  const loss = new Float64Array(points);
  const derivative = new Float64Array(points);
  xs.forEach((x, i) => {
    const { pred, target } = example(def, params, x);
    const value = evaluate(def, params, pred, target);
    loss[i] = value.loss;
    derivative[i] = value.grad;
  });
  const logits = def.loss?.logits?.(params) ?? false;
  return {
    axis: classification ? 'probability' : 'delta',
    xs,
    loss,
    derivative,
    derivativeOf: classification ? (logits ? 'z' : 'p') : 'y',
  };
}

/**
 * Where each example of a batch sits on the loss's shape: δ = t − y of every element for a
 * regression loss; for a classification loss the probability its row gives the true class
 * (through the Sigmoid or Softmax block when `pred` holds logits). `pred` and `target` are
 * row-major `rows × predCols` and `rows × targetCols`.
 */
export function lossShapePositions(
  def: BlockDefinition,
  params: unknown,
  pred: { rows: number; cols: number; values: ArrayLike<number> },
  target: { rows: number; cols: number; values: ArrayLike<number> },
): number[] {
  const kind = def.loss?.classification;
  const logits = def.loss?.logits?.(params) ?? false;
  const { rows, cols, values } = pred;
  if (!kind) return Array.from({ length: rows * cols }, (_, i) => target.values[i] - values[i]);
  const probabilities = Tensor.zeros(rows, cols, 'float64');
  if (logits) {
    const activation = kind === 'binary' ? sigmoid : softmax;
    const input = new Tensor(rows, cols, Float64Array.from(values));
    activation.forward({ params: {}, inputs: [input], out: probabilities, weights: {}, state: undefined });
  } else probabilities.data.set(values);
  const p = probabilities.data;
  if (kind === 'binary') return Array.from(p, (v, i) => (target.values[i] >= 0.5 ? v : 1 - v));
  return Array.from({ length: rows }, (_, r) => {
    let truth = 0;
    if (target.cols === 1) truth = target.values[r];
    else
      for (let c = 1; c < target.cols; c++)
        if (target.values[r * target.cols + c] > target.values[r * target.cols + truth]) truth = c;
    return p[r * cols + truth];
  });
}

/** The loss of one example at x on the shape (for placing a batch's examples on the curve). */
export function lossAt(def: BlockDefinition, params: unknown, x: number): number {
  const { pred, target } = example(def, params, x);
  return evaluate(def, params, pred, target).loss;
}
