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

export interface RegressionMetrics {
  /** √(mean (y − t)²). */
  rmse: number;
  /** mean |y − t|. */
  mae: number;
  /** 1 − Σ(t − y)² / Σ(t − t̄)²: the share of the targets' variance the predictions explain (NaN for constant targets). */
  r2: number;
  /** max |y − t|: the uniform error (what universal approximation bounds); 0 without rows. */
  maxError: number;
}

/**
 * RMSE, MAE, R² and the largest error of the row-major `rows × cols` predictions against the targets: for each
 * output column, and `overall` pooled over all of them (R² with each column's own mean, as
 * 1 − ΣSS_res / ΣSS_tot). Sums in double precision.
 */
export function regressionMetrics(
  pred: ArrayLike<number>,
  target: ArrayLike<number>,
  rows: number,
  cols: number,
): { overall: RegressionMetrics; columns: RegressionMetrics[] } {
  const columns: RegressionMetrics[] = [];
  let squared = 0;
  let absolute = 0;
  let total = 0;
  let largest = 0;
  for (let c = 0; c < cols; c++) {
    let mean = 0;
    let max = 0;
    for (let r = 0; r < rows; r++) mean += target[r * cols + c];
    mean /= Math.max(1, rows);
    let ssRes = 0;
    let ssTot = 0;
    let abs = 0;
    for (let r = 0; r < rows; r++) {
      const t = target[r * cols + c];
      const e = pred[r * cols + c] - t;
      ssRes += e * e;
      abs += Math.abs(e);
      if (!(Math.abs(e) <= max)) max = Math.abs(e);
      ssTot += (t - mean) * (t - mean);
    }
    columns.push({
      rmse: Math.sqrt(ssRes / Math.max(1, rows)),
      mae: abs / Math.max(1, rows),
      r2: ssTot > 0 ? 1 - ssRes / ssTot : Number.NaN,
      maxError: max,
    });
    if (!(max <= largest)) largest = max;
    squared += ssRes;
    absolute += abs;
    total += ssTot;
  }
  const n = Math.max(1, rows * cols);
  return {
    overall: {
      rmse: Math.sqrt(squared / n),
      mae: absolute / n,
      r2: total > 0 ? 1 - squared / total : Number.NaN,
      maxError: largest,
    },
    columns,
  };
}

export interface ClassMetrics {
  /** Of the rows predicted as this class, the share that are (NaN when none is predicted so). */
  precision: number;
  /** Of the rows of this class, the share predicted so (NaN when the class has no rows). */
  recall: number;
  /** Rows of this class. */
  support: number;
}

/** Precision, recall and support of each class from a confusion matrix `counts[true][predicted]`. */
export function classMetrics(matrix: readonly (readonly number[])[]): ClassMetrics[] {
  return matrix.map((row, k) => {
    const support = row.reduce((a, b) => a + b, 0);
    const predicted = matrix.reduce((s, r) => s + r[k], 0);
    return {
      precision: predicted > 0 ? row[k] / predicted : Number.NaN,
      recall: support > 0 ? row[k] / support : Number.NaN,
      support,
    };
  });
}
