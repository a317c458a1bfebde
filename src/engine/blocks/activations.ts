/**
 * Activation blocks. Element-wise ones map each value on its own; softmax works on each row.
 * Each backward multiplies dL/dy by the local derivative dy/dx written next to its forward.
 */
import { sigmoidMap, tanhMap } from '../kernels.js';
import { type Phrase, type PhraseValue, phrase } from '../phrase.js';
import { defineBlock, type HintArgs, type ParamField } from './block.js';

const sameShape = {
  inputs: () => ['in'] as const,
  outputSize: (_p: unknown, [x]: readonly number[]) => x,
};

/** "of 4 units": how many units a block has, as a hint counts some of them. */
const ofUnits = (units: number) => phrase('hints.ofUnits', { count: units });

/**
 * The hint of a squashing activation (its output range is [lo, hi]), whose gradient almost
 * vanishes where an output is within `margin` of either end (0.02: the local derivative is
 * then under a tenth of its peak). Being there is only a
 * problem where it is wrong: an output layer's confident, correct answers are what training is
 * for. So an output block is flagged when a quarter of its outputs are saturated on the wrong side
 * of its target; a hidden block when units are stuck at one end for every row of the batch (they
 * pass no gradient and tell the next layer nothing), not when they saturate one way for some rows
 * and the other way for others (then they act as yes/no features).
 */
function saturationHint(type: string, lo: number, hi: number, margin: number, ends: PhraseValue) {
  const title = phrase(`blocks.${type}.title`);
  return ({ out, target }: HintArgs<unknown>): Phrase | null => {
    const y = out.data;
    if (target) {
      let wrong = 0;
      for (let i = 0; i < y.length; i++) {
        const saturated = y[i] < lo + margin || y[i] > hi - margin;
        if (saturated && Math.abs(y[i] - target.data[i]) > (hi - lo) / 2) wrong++;
      }
      const share = wrong / Math.max(1, y.length);
      return share >= 0.25 ? phrase('hints.saturatedWrong', { title, share: Math.round(share * 100), ends }) : null;
    }
    if (out.rows < 4) return null;
    let stuck = 0;
    for (let c = 0; c < out.cols; c++) {
      let low = 0;
      let high = 0;
      for (let r = 0; r < out.rows; r++) {
        const v = y[r * out.cols + c];
        if (v < lo + margin) low++;
        else if (v > hi - margin) high++;
      }
      if (low === out.rows || high === out.rows) stuck++;
    }
    return stuck > 0 ? phrase('hints.saturated', { title, count: stuck, of: ofUnits(out.cols), ends }) : null;
  };
}

export const step = defineBlock<{ threshold: number }>({
  ...sameShape,
  type: 'step',
  category: 'activation',
  title: 'Step',
  description:
    'Threshold neuron: 1 where x > threshold, else 0. Its gradient is zero, so gradient descent cannot train what feeds it.',
  formula: { forward: 'y = I[x > θ]', backward: '∂L/∂x = 0 (the step is flat almost everywhere)' },
  fields: [{ kind: 'number', key: 'threshold', label: 'threshold θ', default: 0 } satisfies ParamField],
  differentiable: false,
  label: (p) => (p.threshold === 0 ? 'Step' : `Step >${p.threshold}`),
  forward: ({ params, inputs: [x], out }) => {
    const xs = x.data,
      ys = out.data,
      t = params.threshold;
    for (let i = 0; i < xs.length; i++) ys[i] = xs[i] > t ? 1 : 0;
  },
  backward: ({ dInputs: [dx] }) => {
    dx?.data.fill(0);
  },
});

export const sigmoid = defineBlock({
  ...sameShape,
  type: 'sigmoid',
  category: 'activation',
  title: 'Sigmoid',
  description: 'Logistic function σ(x) = 1 / (1 + e^(−x)), squashing to (0, 1).',
  formula: { forward: 'y = 1 / (1 + e^(−x))', backward: '∂L/∂x = ∂L/∂y · y(1 − y)' },
  hint: saturationHint('sigmoid', 0, 1, 0.02, phrase('hints.zeroOrOne')),
  forward: ({ inputs: [x], out }) => {
    sigmoidMap(x.data, out.data);
  },
  backward: ({ out, dOut, dInputs: [dx] }) => {
    if (!dx) return;
    const ys = out.data,
      g = dOut.data,
      d = dx.data;
    for (let i = 0; i < ys.length; i++) d[i] = g[i] * ys[i] * (1 - ys[i]);
  },
});

export const tanh = defineBlock({
  ...sameShape,
  type: 'tanh',
  category: 'activation',
  title: 'Tanh',
  description: 'Hyperbolic tangent, squashing to (−1, 1).',
  formula: { forward: 'y = tanh(x)', backward: '∂L/∂x = ∂L/∂y · (1 − y²)' },
  hint: saturationHint('tanh', -1, 1, 0.02, '±1'),
  forward: ({ inputs: [x], out }) => {
    tanhMap(x.data, out.data);
  },
  backward: ({ out, dOut, dInputs: [dx] }) => {
    if (!dx) return;
    const ys = out.data,
      g = dOut.data,
      d = dx.data;
    for (let i = 0; i < ys.length; i++) d[i] = g[i] * (1 - ys[i] * ys[i]);
  },
});

export const relu = defineBlock({
  ...sameShape,
  type: 'relu',
  category: 'activation',
  title: 'ReLU',
  description: 'Rectified linear unit max(0, x).',
  formula: { forward: 'y = max(0, x)', backward: '∂L/∂x = ∂L/∂y · I[x > 0]' },
  hint: ({ out }) => {
    if (out.rows < 4) return null;
    const y = out.data;
    let dead = 0;
    for (let c = 0; c < out.cols; c++) {
      let alive = false;
      for (let r = 0; r < out.rows && !alive; r++) alive = y[r * out.cols + c] > 0;
      if (!alive) dead++;
    }
    return dead > 0 ? phrase('hints.deadRelu', { count: dead, of: ofUnits(out.cols) }) : null;
  },
  forward: ({ inputs: [x], out }) => {
    const xs = x.data,
      ys = out.data;
    for (let i = 0; i < xs.length; i++) ys[i] = xs[i] > 0 ? xs[i] : 0;
  },
  backward: ({ inputs: [x], dOut, dInputs: [dx] }) => {
    if (!dx) return;
    const xs = x.data,
      g = dOut.data,
      d = dx.data;
    for (let i = 0; i < xs.length; i++) d[i] = xs[i] > 0 ? g[i] : 0;
  },
});

export const leakyRelu = defineBlock<{ slope: number }>({
  ...sameShape,
  type: 'leaky_relu',
  category: 'activation',
  title: 'Leaky ReLU',
  description: 'x where x > 0, else slope·x: a ReLU whose units cannot die.',
  formula: { forward: 'y = x if x > 0 else α·x', backward: '∂L/∂x = ∂L/∂y · (1 if x > 0 else α)' },
  fields: [{ kind: 'number', key: 'slope', label: 'slope α', min: 0, default: 0.01 }],
  label: (p) => `Leaky ReLU ${p.slope}`,
  forward: ({ params, inputs: [x], out }) => {
    const xs = x.data,
      ys = out.data,
      a = params.slope;
    for (let i = 0; i < xs.length; i++) ys[i] = xs[i] > 0 ? xs[i] : a * xs[i];
  },
  backward: ({ params, inputs: [x], dOut, dInputs: [dx] }) => {
    if (!dx) return;
    const xs = x.data,
      g = dOut.data,
      d = dx.data,
      a = params.slope;
    for (let i = 0; i < xs.length; i++) d[i] = xs[i] > 0 ? g[i] : a * g[i];
  },
});

export const identity = defineBlock({
  ...sameShape,
  type: 'identity',
  category: 'activation',
  title: 'Identity',
  description: 'Passes values through unchanged (a linear output).',
  formula: { forward: 'y = x', backward: '∂L/∂x = ∂L/∂y' },
  forward: ({ inputs: [x], out }) => {
    out.data.set(x.data);
  },
  backward: ({ dOut, dInputs: [dx] }) => {
    dx?.data.set(dOut.data);
  },
});

export const softmax = defineBlock({
  ...sameShape,
  type: 'softmax',
  category: 'activation',
  title: 'Softmax',
  description: 'Turns each row into probabilities p_i = e^(x_i) / Σ_k e^(x_k).',
  formula: {
    forward: 'y_i = e^(x_i − max x) / Σ_k e^(x_k − max x)',
    backward: '∂L/∂x_i = y_i · (∂L/∂y_i − Σ_k ∂L/∂y_k · y_k)',
  },
  forward: ({ inputs: [x], out }) => {
    const xs = x.data,
      ys = out.data,
      n = x.cols;
    for (let r = 0; r < x.rows; r++) {
      const o = r * n;
      let max = -Infinity;
      for (let j = 0; j < n; j++) if (xs[o + j] > max) max = xs[o + j];
      let sum = 0;
      for (let j = 0; j < n; j++) {
        const e = Math.exp(xs[o + j] - max);
        ys[o + j] = e;
        sum += e;
      }
      for (let j = 0; j < n; j++) ys[o + j] /= sum;
    }
  },
  backward: ({ out, dOut, dInputs: [dx] }) => {
    if (!dx) return;
    const ys = out.data,
      g = dOut.data,
      d = dx.data,
      n = out.cols;
    for (let r = 0; r < out.rows; r++) {
      const o = r * n;
      let dot = 0;
      for (let j = 0; j < n; j++) dot += g[o + j] * ys[o + j];
      for (let j = 0; j < n; j++) d[o + j] = ys[o + j] * (g[o + j] - dot);
    }
  },
});
