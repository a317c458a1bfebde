/**
 * BCE fed by a sigmoid and NLL fed by a softmax are computed from the activation's input (its
 * logits), as the fused cross-entropy is: exact values where the activation saturates (no clamp
 * at 1e-7) and a gradient σ(z) − t, p − onehot(t) that does not vanish there. The values are the
 * course's formulas, checked here in closed form; away from saturation blocks.test.ts compares
 * them with the float64 reference (test/engine/reference.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  bindData,
  Executor,
  gradientCheck,
  resolveTraining,
  Trainer,
  type Dataset,
  type GraphDocument,
} from '../../src/engine/index.js';
import { compile, edge, expectClose, makeDocument, randomRows, seededRandom } from './helpers.js';

/** −log σ(z) for t = 1 and −log(1 − σ(z)) for t = 0, in a form exact for large |z|. */
const bceOfLogit = (z: number, t: number) => t * Math.log1p(Math.exp(-z)) + (1 - t) * Math.log1p(Math.exp(z));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** x → linear (W, b) → sigmoid → bce, one input. */
const logistic = (w: number, b: number): GraphDocument =>
  makeDocument(
    [
      { id: 'x', type: 'input', params: { size: 1 } },
      {
        id: 'h',
        type: 'linear',
        params: { in: 1, out: 1 },
        weights: { W: { shape: [1, 1], data: [w] }, b: { shape: [1], data: [b] } },
      },
      { id: 'p', type: 'sigmoid' },
      { id: 't', type: 'target', params: { size: 1 } },
      { id: 'L', type: 'bce' },
    ],
    [edge('x', 'h'), edge('h', 'p'), edge('p', 'L', 'pred'), edge('t', 'L', 'target')],
  );

// Positive x is class 1, negative class 0; W = −20 is confidently wrong on every row.
const xs = [1, 2, 3, -1, -2];
const ts = [1, 1, 1, 0, 0];
const gate: Dataset = {
  name: 'sign',
  columns: ['x', 'y'],
  rows: xs.length,
  values: Float64Array.from(xs.flatMap((x, i) => [x, ts[i]])),
  categories: {},
};

describe('BCE from the logits of a sigmoid', () => {
  it.each(['float32', 'float64'] as const)(
    'saturated on the wrong side (%s): the loss is −log σ(z) exactly and the gradient (σ(z) − t)·x / n',
    (precision) => {
      const ex = new Executor(compile(logistic(-20, 0)), { precision, inputGradients: true });
      ex.feed({ x: xs.map((x) => [x]), t: ts.map((t) => [t]) });
      const z = xs.map((x) => -20 * x);
      const expected = z.reduce((s, zi, i) => s + bceOfLogit(zi, ts[i]), 0) / xs.length;
      // The clamped formula gives 16.118 (−log 1e-7) on every row; the exact mean is 36.
      expectClose([ex.forward()], [expected], 1e-6, 'loss');
      expect(expected).toBeCloseTo(36, 6);
      ex.backward();
      const dz = z.map((zi, i) => (sigmoid(zi) - ts[i]) / xs.length);
      expectClose(ex.nodeWeights('h').W.grad, [dz.reduce((s, d, i) => s + d * xs[i], 0)], 1e-6, 'dL/dW');
      expectClose(ex.nodeWeights('h').b.grad, [dz.reduce((s, d) => s + d, 0)], 1e-6, 'dL/db');
      expect(ex.nodeWeights('h').W.grad[0]).toBeLessThan(-1);
      // The gradient shown on the sigmoid → bce wire stays finite where p is 0 or 1.
      const shown = ex.edgeGradient(2)!;
      expect(Array.from(shown.data).every(Number.isFinite)).toBe(true);
    },
  );

  it('training out of a wrong-side saturation learns the rule (it stalled at loss 16.118 for 1000 epochs)', () => {
    const graph = compile(logistic(-20, 0));
    const bound = bindData(graph, gate);
    if (!bound.ok) throw new Error('does not bind');
    const t = new Trainer(
      graph,
      bound.value,
      resolveTraining({ optimizer: 'sgd', lr: 0.5, batchSize: 'full', epochs: 200, shuffle: false }),
    );
    const first = t.runEpoch();
    expect(first.loss).toBeCloseTo(36, 4);
    while (!t.finished) t.runEpoch();
    const last = t.history.at(-1)!;
    expect(last.loss).toBeLessThan(0.05);
    expect(last.accuracy).toBe(1);
    expect(t.executor.nodeWeights('h').W.value[0]).toBeGreaterThan(0);
  });

  it('passes the gradient check at saturation, and where the sigmoid also feeds another block', () => {
    const rand = seededRandom(5);
    const fanOut = makeDocument(
      [
        { id: 'x', type: 'input', params: { size: 2 } },
        { id: 'h', type: 'linear', params: { in: 2, out: 2 } },
        { id: 'p', type: 'sigmoid' },
        { id: 't', type: 'target', params: { size: 2 } },
        { id: 'L', type: 'bce' },
        { id: 'L2', type: 'bce' },
        { id: 'o', type: 'linear', params: { in: 2, out: 1 } },
        { id: 'u', type: 'target', params: { size: 1 } },
        { id: 'M', type: 'mse' },
      ],
      [
        edge('x', 'h'),
        edge('h', 'p'),
        edge('p', 'L', 'pred'),
        edge('t', 'L', 'target'),
        edge('p', 'L2', 'pred'),
        edge('t', 'L2', 'target'),
        edge('p', 'o'),
        edge('o', 'M', 'pred'),
        edge('u', 'M', 'target'),
      ],
    );
    const data = {
      x: randomRows(rand, 5, 2, -1, 1),
      t: Array.from({ length: 5 }, (_, r) => [r % 2, (r + 1) % 2]),
      u: randomRows(rand, 5, 1),
    };
    const result = gradientCheck(compile(fanOut), (ex) => ex.feed(data), { tolerance: 1e-6 });
    expect(result.ok, JSON.stringify(result.params)).toBe(true);
    const saturated = gradientCheck(
      compile(logistic(-20, 3)),
      (ex) => ex.feed({ x: xs.map((x) => [x]), t: ts.map((t) => [t]) }),
      { tolerance: 1e-6 },
    );
    expect(saturated.ok, JSON.stringify(saturated.params)).toBe(true);
    expect(Math.abs(saturated.params[0].worst.analytic)).toBeGreaterThan(1);
  });
});

describe('NLL from the logits of a softmax', () => {
  const classifier = (W: number[]): GraphDocument =>
    makeDocument(
      [
        { id: 'x', type: 'input', params: { size: 1 } },
        {
          id: 'h',
          type: 'linear',
          params: { in: 1, out: 3, bias: false },
          weights: { W: { shape: [3, 1], data: W } },
        },
        { id: 'p', type: 'softmax' },
        { id: 't', type: 'target', params: { size: 1 } },
        { id: 'L', type: 'nll' },
      ],
      [edge('x', 'h'), edge('h', 'p'), edge('p', 'L', 'pred'), edge('t', 'L', 'target')],
    );

  it.each(['float32', 'float64'] as const)(
    'a confidently wrong softmax (%s): the loss is log Σ e^z − z_t exactly and dL/dz = p − onehot(t)',
    (precision) => {
      // Logits (0, 40, −40)·x for x = 1, 2: class 1 wins by 40 and 80 while the target is class 0.
      const ex = new Executor(compile(classifier([0, 40, -40])), { precision });
      ex.feed({ x: [[1], [2]], t: [[0], [0]] });
      const rows = [
        [0, 40, -40],
        [0, 80, -80],
      ];
      const lse = (z: number[]) => {
        const m = Math.max(...z);
        return m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
      };
      const expected = rows.reduce((s, z) => s + lse(z) - z[0], 0) / 2;
      expectClose([ex.forward()], [expected], 1e-6, 'loss');
      expect(expected).toBeCloseTo(60, 6);
      ex.backward();
      // dL/dW_c = Σ_r (p_rc − onehot) · x_r / rows.
      const dW = [0, 1, 2].map(
        (c) => rows.reduce((s, z, r) => s + (Math.exp(z[c] - lse(z)) - (c === 0 ? 1 : 0)) * (r + 1), 0) / 2,
      );
      expectClose(ex.nodeWeights('h').W.grad, dW, 1e-6, 'dL/dW');
      expect(ex.nodeWeights('h').W.grad[0]).toBeLessThan(-1);
    },
  );

  it('passes the gradient check at saturation', () => {
    const result = gradientCheck(compile(classifier([0, 40, -40])), (ex) => ex.feed({ x: [[1], [2]], t: [[0], [2]] }), {
      tolerance: 1e-6,
    });
    expect(result.ok, JSON.stringify(result.params)).toBe(true);
  });
});
