/** Classification metrics read off a loss's prediction and target. */
import type { BlockDefinition } from './blocks/index.js';
import type { Tensor } from './tensor.js';

function argmaxRow(t: Tensor, r: number): number {
  let best = 0;
  for (let c = 1; c < t.cols; c++) if (t.data[r * t.cols + c] > t.data[r * t.cols + best]) best = c;
  return best;
}

/**
 * Correct predictions for a classification loss: `binary` counts each output against its 0/1
 * target at threshold 0.5; `multiclass` compares the row's argmax with the class index (or the
 * argmax of a one-hot target). Null for regression losses.
 */
export function countCorrect(
  loss: BlockDefinition,
  pred: Tensor,
  target: Tensor,
): { correct: number; total: number } | null {
  const kind = loss.loss?.classification;
  if (!kind) return null;
  let correct = 0;
  if (kind === 'binary') {
    for (let i = 0; i < pred.data.length; i++) if (pred.data[i] >= 0.5 === target.data[i] >= 0.5) correct++;
    return { correct, total: pred.data.length };
  }
  for (let r = 0; r < pred.rows; r++) {
    const t = target.cols === 1 ? target.data[r] : argmaxRow(target, r);
    if (argmaxRow(pred, r) === t) correct++;
  }
  return { correct, total: pred.rows };
}

/** Predicted class per row (binary: per output, 0 or 1), or null for regression losses. */
export function classify(loss: BlockDefinition, pred: Tensor): number[] | null {
  const kind = loss.loss?.classification;
  if (!kind) return null;
  if (kind === 'binary') return Array.from(pred.data, (p) => (p >= 0.5 ? 1 : 0));
  return Array.from({ length: pred.rows }, (_, r) => argmaxRow(pred, r));
}

/** Confusion matrix counts[true][predicted] for a multiclass or binary loss. */
export function confusionMatrix(
  loss: BlockDefinition,
  pred: Tensor,
  target: Tensor,
  classes: number,
): number[][] | null {
  const predicted = classify(loss, pred);
  if (!predicted) return null;
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const multi = loss.loss?.classification === 'multiclass';
  predicted.forEach((p, i) => {
    const t = multi ? (target.cols === 1 ? target.data[i] : argmaxRow(target, i)) : target.data[i] >= 0.5 ? 1 : 0;
    if (t >= 0 && t < classes && p < classes) m[t][p]++;
  });
  return m;
}
