/**
 * Loss blocks: compare `pred` with `target` and output one number, the mean loss over the
 * batch. Regression losses average over all elements; `nll` and `cross_entropy` average over
 * rows. The executor seeds a loss's backward with dL/d(loss) = 1 (or its weight when summed).
 */
import { allocate, type FloatArray } from '../tensor.js';
import { defineBlock, expectColumns, ShapeMismatch, type ParamField } from './block.js';

/** Probabilities are clamped to [EPSILON, 1 − EPSILON] before a log (as Keras does); the gradient is 0 beyond. */
export const EPSILON = 1e-7;

const lossPorts = () => ['pred', 'target'] as const;

function sameColumns(_p: unknown, [pred, target]: readonly number[]): number {
  expectColumns('target', pred, target, `as many as pred`);
  return 1;
}

function classColumns(_p: unknown, [pred, target]: readonly number[]): number {
  if (target !== 1 && target !== pred) {
    throw new ShapeMismatch('target', `1 (a class index) or ${pred} (one-hot)`, target, `pred has ${pred} classes`);
  }
  return 1;
}

/** Element-wise regression loss from its per-element value and derivative with respect to y. */
function elementwiseLoss<P>(
  spec: {
    type: string;
    title: string;
    description: string;
    formula: { forward: string; backward: string };
    fields?: readonly ParamField[];
    label?: (p: P) => string;
  },
  value: (p: P, y: number, t: number) => number,
  derivative: (p: P, y: number, t: number) => number,
) {
  return defineBlock<P>({
    ...spec,
    category: 'loss',
    loss: {},
    inputs: lossPorts,
    outputSize: sameColumns,
    forward: ({ params, inputs: [pred, target], out }) => {
      const y = pred.data,
        t = target.data;
      let s = 0;
      for (let i = 0; i < y.length; i++) s += value(params, y[i], t[i]);
      out.data[0] = y.length > 0 ? s / y.length : 0;
    },
    backward: ({ params, inputs: [pred, target], dOut, dInputs: [dPred, dTarget] }) => {
      const y = pred.data,
        t = target.data,
        scale = dOut.data[0] / Math.max(1, y.length);
      if (dPred) for (let i = 0; i < y.length; i++) dPred.data[i] = scale * derivative(params, y[i], t[i]);
      if (dTarget) for (let i = 0; i < y.length; i++) dTarget.data[i] = -scale * derivative(params, y[i], t[i]);
    },
  });
}

export const mse = elementwiseLoss<Record<string, never>>(
  {
    type: 'mse',
    title: 'MSE',
    description: 'Mean squared error: the mean of (t − y)² over all elements.',
    formula: { forward: 'L = mean((t − y)²)', backward: '∂L/∂y = 2(y − t) / n' },
  },
  (_p, y, t) => (t - y) * (t - y),
  (_p, y, t) => 2 * (y - t),
);

export const mae = elementwiseLoss<Record<string, never>>(
  {
    type: 'mae',
    title: 'MAE',
    description: 'Mean absolute error: the mean of |t − y| over all elements.',
    formula: { forward: 'L = mean(|t − y|)', backward: '∂L/∂y = sign(y − t) / n' },
  },
  (_p, y, t) => Math.abs(t - y),
  (_p, y, t) => Math.sign(y - t),
);

export const asymmetricMse = elementwiseLoss<{ a: number; b: number }>(
  {
    type: 'asymmetric_mse',
    title: 'Asymmetric squared error',
    description: 'Squared error weighted a when over-predicting (δ = t − y < 0) and b when under-predicting.',
    formula: {
      forward: 'L = mean(δ²·(a·I[δ<0] + b·I[δ≥0])),  δ = t − y',
      backward: '∂L/∂y = −2δ·(a·I[δ<0] + b·I[δ≥0]) / n',
    },
    fields: [
      { kind: 'number', key: 'a', label: 'a (over-prediction)', min: 0, default: 1 },
      { kind: 'number', key: 'b', label: 'b (under-prediction)', min: 0, default: 1 },
    ],
    label: (p) => `Asymmetric a=${p.a} b=${p.b}`,
  },
  (p, y, t) => {
    const d = t - y;
    return d * d * (d < 0 ? p.a : p.b);
  },
  (p, y, t) => {
    const d = t - y;
    return -2 * d * (d < 0 ? p.a : p.b);
  },
);

const clamp = (p: number): number => Math.min(Math.max(p, EPSILON), 1 - EPSILON);
const inside = (p: number): boolean => p >= EPSILON && p <= 1 - EPSILON;

/** −t·log σ(z) − (1 − t)·log(1 − σ(z)) computed from z without overflow or a clamp. */
const bceOfLogit = (z: number, t: number): number => Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));

export const bce = defineBlock({
  type: 'bce',
  category: 'loss',
  title: 'Binary cross-entropy',
  description:
    'Negative log-likelihood of 0/1 targets under probabilities p (e.g. from a sigmoid). Fed by a sigmoid, it is computed from the sigmoid’s input z (exact, gradient σ(z) − t).',
  formula: {
    forward: 'L = mean(−t·log p − (1 − t)·log(1 − p));  from a sigmoid: mean(max(z, 0) − z·t + log(1 + e^(−|z|)))',
    backward: '∂L/∂p = (p − t) / (p(1 − p)) / n;  from a sigmoid: ∂L/∂z = (σ(z) − t) / n',
  },
  loss: { classification: 'binary' },
  inputs: lossPorts,
  outputSize: sameColumns,
  fromLogits: {
    activation: 'sigmoid',
    forward: ({ inputs: [, target], logits, out }) => {
      const z = logits.data,
        t = target.data;
      let s = 0;
      for (let i = 0; i < z.length; i++) s += bceOfLogit(z[i], t[i]);
      out.data[0] = z.length > 0 ? s / z.length : 0;
    },
    backward: ({ inputs: [pred, target], logits, dOut, dInputs: [dPred, dTarget], dLogits }) => {
      const p = pred.data,
        z = logits.data,
        t = target.data,
        scale = dOut.data[0] / Math.max(1, z.length);
      for (let i = 0; i < z.length; i++) {
        if (dLogits) dLogits.data[i] = scale * (p[i] - t[i]);
        // dL/dp for display only: the clamped form, finite where p saturates.
        if (dPred) {
          const q = clamp(p[i]);
          dPred.data[i] = (scale * (q - t[i])) / (q * (1 - q));
        }
        if (dTarget) dTarget.data[i] = -scale * z[i];
      }
    },
  },
  forward: ({ inputs: [pred, target], out }) => {
    const y = pred.data,
      t = target.data;
    let s = 0;
    for (let i = 0; i < y.length; i++) {
      const p = clamp(y[i]);
      s -= t[i] * Math.log(p) + (1 - t[i]) * Math.log(1 - p);
    }
    out.data[0] = y.length > 0 ? s / y.length : 0;
  },
  backward: ({ inputs: [pred, target], dOut, dInputs: [dPred, dTarget] }) => {
    const y = pred.data,
      t = target.data,
      scale = dOut.data[0] / Math.max(1, y.length);
    for (let i = 0; i < y.length; i++) {
      const p = clamp(y[i]);
      if (dPred) dPred.data[i] = inside(y[i]) ? (scale * (p - t[i])) / (p * (1 - p)) : 0;
      if (dTarget) dTarget.data[i] = scale * (Math.log(1 - p) - Math.log(p));
    }
  },
});

/** Reads row r's target either as a class index (1 column) or as a distribution (C columns). */
function targetWeight(t: FloatArray, tCols: number, r: number, c: number): number {
  return tCols === 1 ? (t[r] === c ? 1 : 0) : t[r * tCols + c];
}

/** log Σ_c e^(z_c) of row r, by the log-sum-exp trick. */
function logSumExp(z: FloatArray, o: number, C: number): number {
  let max = -Infinity;
  for (let c = 0; c < C; c++) if (z[o + c] > max) max = z[o + c];
  let sum = 0;
  for (let c = 0; c < C; c++) sum += Math.exp(z[o + c] - max);
  return Math.log(sum) + max;
}

export const nll = defineBlock({
  type: 'nll',
  category: 'loss',
  title: 'Negative log-likelihood',
  description:
    'Mean over rows of −log p[t]: pred holds class probabilities (e.g. from softmax). Fed by a softmax, it is computed from the softmax’s input z as log-softmax (exact, gradient p − onehot(t)).',
  formula: {
    forward: 'L = −mean_rows Σ_c I[t = c]·log p_c;  from a softmax: log p_c = z_c − log Σ_k e^(z_k)',
    backward: '∂L/∂p_c = −I[t = c] / (p_c · rows);  from a softmax: ∂L/∂z = (p − onehot(t)) / rows',
  },
  loss: { classification: 'multiclass', classIndexTarget: true },
  inputs: lossPorts,
  outputSize: classColumns,
  fromLogits: {
    activation: 'softmax',
    forward: ({ inputs: [pred, target], logits, out }) => {
      const z = logits.data,
        t = target.data,
        C = pred.cols,
        tc = target.cols;
      let s = 0;
      for (let r = 0; r < pred.rows; r++) {
        const o = r * C;
        let lse = Number.NaN;
        for (let c = 0; c < C; c++) {
          const w = targetWeight(t, tc, r, c);
          if (w === 0) continue;
          if (Number.isNaN(lse)) lse = logSumExp(z, o, C);
          s += w * (lse - z[o + c]);
        }
      }
      out.data[0] = pred.rows > 0 ? s / pred.rows : 0;
    },
    backward: ({ inputs: [pred, target], logits, dOut, dInputs: [dPred, dTarget], dLogits }) => {
      const p = pred.data,
        z = logits.data,
        t = target.data,
        C = pred.cols,
        tc = target.cols;
      const scale = dOut.data[0] / Math.max(1, pred.rows);
      for (let r = 0; r < pred.rows; r++) {
        let mass = 0;
        for (let c = 0; c < C; c++) mass += targetWeight(t, tc, r, c);
        const lse = dTarget && tc === C ? logSumExp(z, r * C, C) : 0;
        for (let c = 0; c < C; c++) {
          const i = r * C + c,
            w = targetWeight(t, tc, r, c);
          if (dLogits) dLogits.data[i] = scale * (p[i] * mass - w);
          // dL/dp for display only, as the plain loss has it.
          if (dPred) dPred.data[i] = w !== 0 && p[i] >= EPSILON ? (-scale * w) / p[i] : 0;
          if (dTarget && tc === C) dTarget.data[i] = -scale * (z[i] - lse);
        }
      }
      if (dTarget && tc !== C) dTarget.data.fill(0);
    },
  },
  forward: ({ inputs: [pred, target], out }) => {
    const p = pred.data,
      t = target.data,
      C = pred.cols,
      tc = target.cols;
    let s = 0;
    for (let r = 0; r < pred.rows; r++) {
      for (let c = 0; c < C; c++) {
        const w = targetWeight(t, tc, r, c);
        if (w !== 0) s -= w * Math.log(Math.max(p[r * C + c], EPSILON));
      }
    }
    out.data[0] = pred.rows > 0 ? s / pred.rows : 0;
  },
  backward: ({ inputs: [pred, target], dOut, dInputs: [dPred, dTarget] }) => {
    const p = pred.data,
      t = target.data,
      C = pred.cols,
      tc = target.cols;
    const scale = dOut.data[0] / Math.max(1, pred.rows);
    if (dPred) {
      for (let r = 0; r < pred.rows; r++) {
        for (let c = 0; c < C; c++) {
          const i = r * C + c,
            w = targetWeight(t, tc, r, c);
          dPred.data[i] = w !== 0 && p[i] >= EPSILON ? (-scale * w) / p[i] : 0;
        }
      }
    }
    if (dTarget && tc === C)
      for (let i = 0; i < p.length; i++) dTarget.data[i] = -scale * Math.log(Math.max(p[i], EPSILON));
    else dTarget?.data.fill(0);
  },
});

export const crossEntropy = defineBlock<Record<string, never>, { probabilities: FloatArray }>({
  type: 'cross_entropy',
  category: 'loss',
  title: 'Cross-entropy (softmax + NLL)',
  description: 'Softmax and negative log-likelihood fused on logits: numerically stable, gradient p − onehot(t).',
  formula: {
    forward: 'p = softmax(z),  L = −mean_rows log p[t]  (log-sum-exp)',
    backward: '∂L/∂z = (p − onehot(t)) / rows',
  },
  loss: { classification: 'multiclass', classIndexTarget: true, logits: () => true },
  inputs: lossPorts,
  outputSize: classColumns,
  createState: ({ rows, inputSizes, precision }) => ({ probabilities: allocate(precision, rows * inputSizes[0]) }),
  forward: ({ inputs: [logits, target], out, state }) => {
    const z = logits.data,
      t = target.data,
      C = logits.cols,
      tc = target.cols,
      p = state.probabilities;
    let s = 0;
    for (let r = 0; r < logits.rows; r++) {
      const o = r * C;
      let max = -Infinity;
      for (let c = 0; c < C; c++) if (z[o + c] > max) max = z[o + c];
      let sum = 0;
      for (let c = 0; c < C; c++) {
        const e = Math.exp(z[o + c] - max);
        p[o + c] = e;
        sum += e;
      }
      const logSum = Math.log(sum) + max;
      for (let c = 0; c < C; c++) {
        p[o + c] /= sum;
        const w = targetWeight(t, tc, r, c);
        if (w !== 0) s += w * (logSum - z[o + c]);
      }
    }
    out.data[0] = logits.rows > 0 ? s / logits.rows : 0;
  },
  backward: ({ inputs: [logits, target], dOut, dInputs: [dLogits, dTarget], state }) => {
    const t = target.data,
      C = logits.cols,
      tc = target.cols,
      p = state.probabilities;
    const scale = dOut.data[0] / Math.max(1, logits.rows);
    if (dLogits) {
      for (let r = 0; r < logits.rows; r++) {
        let mass = 0;
        for (let c = 0; c < C; c++) mass += targetWeight(t, tc, r, c);
        for (let c = 0; c < C; c++) {
          const i = r * C + c;
          dLogits.data[i] = scale * (p[i] * mass - targetWeight(t, tc, r, c));
        }
      }
    }
    if (dTarget && tc === C)
      for (let i = 0; i < p.length; i++) dTarget.data[i] = -scale * Math.log(Math.max(p[i], 1e-300));
    else dTarget?.data.fill(0);
  },
});
