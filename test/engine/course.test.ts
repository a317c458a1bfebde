/**
 * The claims of the course (lecture 1, /work/shared/notes/course.md), each shown with the engine
 * the way a user would build it, and checked against maths done here.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bindData,
  COURSE_ORDER,
  inCourseOrder,
  Executor,
  findBuiltin,
  resolveTraining,
  Trainer,
  type CompiledGraph,
  type Dataset,
  type GraphDocument,
  type Precision,
  type TrainingSettings,
} from '../../src/engine/index.js';
import { compile, edge, expectClose, makeDocument, seededRandom, uniform } from './helpers.js';
import { solveLinearSystem } from './reference.js';

function builtin(name: string): Dataset {
  const set = findBuiltin(name);
  if (!set) throw new Error(`no built-in data set '${name}'`);
  return set.load();
}

function train(
  doc: GraphDocument,
  data: Dataset,
  settings: TrainingSettings,
  precision: Precision = 'float32',
): Trainer {
  const graph = compile(doc);
  const bound = bindData(graph, data);
  if (!bound.ok) throw new Error(bound.diagnostics.map((d) => d.message).join('\n'));
  const trainer = new Trainer(graph, bound.value, resolveTraining(settings), { precision });
  while (!trainer.finished) trainer.runEpoch();
  return trainer;
}

/** Rows of a data set as [features, target] pairs: all columns but the last, and the last. */
const rowsOf = (data: Dataset): { x: number[]; y: number }[] => {
  const w = data.columns.length;
  return Array.from({ length: data.rows }, (_, r) => {
    const row = Array.from(data.values.subarray(r * w, (r + 1) * w));
    return { x: row.slice(0, -1), y: row[w - 1] };
  });
};

/** How many rows the trained graph classifies right, reading the probability node `p` (class 1 when p ≥ 0.5). */
function correctRows(trainer: Trainer, data: Dataset, probabilityNode = 'p'): number {
  const rows = rowsOf(data);
  const ex = trainer.executor;
  ex.feed({ x: rows.map((r) => r.x) });
  ex.forward(true);
  const p = ex.output(probabilityNode).data;
  return rows.filter((r, i) => (p[i] >= 0.5 ? 1 : 0) === r.y).length;
}

const neuron = (inputs: number): GraphDocument =>
  makeDocument(
    [
      { id: 'x', type: 'input', params: { size: inputs } },
      { id: 'h', type: 'linear', params: { in: inputs, out: 1 } },
      { id: 'p', type: 'sigmoid' },
      { id: 't', type: 'target', params: { size: 1 } },
      { id: 'L', type: 'bce' },
    ],
    [edge('x', 'h'), edge('h', 'p'), edge('p', 'L', 'pred'), edge('t', 'L', 'target')],
  );

describe('a single sigmoid neuron (perceptron)', () => {
  it.each([['and'], ['or'], ['not']])('learns %s: every row right', (gate) => {
    const data = builtin(gate);
    const trainer = train(neuron(data.columns.length - 1), data, {
      optimizer: 'sgd',
      lr: 1,
      batchSize: 'full',
      epochs: 1000,
      seed: 1,
    });
    expect(correctRows(trainer, data)).toBe(data.rows);
    expect(trainer.history[trainer.history.length - 1].accuracy).toBe(1);
    expect(trainer.history[trainer.history.length - 1].loss).toBeLessThan(0.1);
  });

  it('cannot get more than 3 of the 4 XOR rows right, however it is trained', () => {
    const data = builtin('xor');
    for (const optimizer of ['sgd', 'momentum', 'adam'] as const) {
      for (const seed of [1, 2, 3, 4, 5]) {
        const trainer = train(neuron(2), data, {
          optimizer,
          lr: optimizer === 'adam' ? 0.1 : 1,
          batchSize: seed % 2 ? 'full' : 1,
          epochs: 300,
          seed,
        });
        expect(correctRows(trainer, data), `${optimizer}, seed ${seed}`).toBeLessThanOrEqual(3);
      }
    }
  });

  it('cannot separate XOR: a Farkas certificate shows the four conditions contradict each other', () => {
    // 4/4 right needs z = w·x + b ≥ 0 on the rows labelled 1 and z < 0 on those labelled 0.
    // With λ = +1 on the 1-rows and −1 on the 0-rows, Σ λᵢ·[xᵢ, 1] = 0: so Σ λᵢ·zᵢ = 0 for every
    // (w, b), while the conditions make Σ λᵢ·zᵢ > 0 (two terms ≥ 0, two terms > 0). No (w, b) works.
    const rows = rowsOf(builtin('xor'));
    const lambda = rows.map((r) => (r.y === 1 ? 1 : -1));
    const combination = [0, 1, 2].map((k) => rows.reduce((s, r, i) => s + lambda[i] * [...r.x, 1][k], 0));
    expect(combination).toEqual([0, 0, 0]);
    expect(lambda.filter((l) => l < 0).length).toBeGreaterThan(0);
    // The same certificate fails for AND (it is separable): there Σ λᵢ·[xᵢ, 1] ≠ 0.
    const and = rowsOf(builtin('and'));
    const andCombination = [0, 1, 2].map((k) => and.reduce((s, r) => s + (r.y === 1 ? 1 : -1) * [...r.x, 1][k], 0));
    expect(andCombination).not.toEqual([0, 0, 0]);

    // And the engine's neuron is that affine z: the identity holds for its outputs.
    const ex = new Executor(compile(neuron(2)), { precision: 'float64' });
    const rand = seededRandom(9);
    for (let k = 0; k < 50; k++) {
      ex.importWeights('h', {
        W: { data: [uniform(rand, -9, 9), uniform(rand, -9, 9)] },
        b: { data: [uniform(rand, -9, 9)] },
      });
      ex.feed({ x: rows.map((r) => r.x) });
      ex.forward(true);
      const z = ex.output('h').data;
      expect(Math.abs(rows.reduce((s, _r, i) => s + lambda[i] * z[i], 0))).toBeLessThan(1e-12);
    }
  });

  it('no weight vector in a fine grid and random sample gets XOR 4/4, while AND has such weights', () => {
    const best = (gate: string) => {
      const rows = rowsOf(builtin(gate));
      const ex = new Executor(compile(neuron(2)), { precision: 'float64' });
      ex.feed({ x: rows.map((r) => r.x) });
      const score = (w1: number, w2: number, b: number) => {
        ex.importWeights('h', { W: { data: [w1, w2] }, b: { data: [b] } });
        ex.forward(true);
        const p = ex.output('p').data;
        return rows.filter((r, i) => (p[i] >= 0.5 ? 1 : 0) === r.y).length;
      };
      let top = 0;
      const grid = Array.from({ length: 21 }, (_, i) => -5 + i / 2);
      for (const w1 of grid) for (const w2 of grid) for (const b of grid) top = Math.max(top, score(w1, w2, b));
      const rand = seededRandom(17);
      for (let k = 0; k < 5000; k++)
        top = Math.max(top, score(uniform(rand, -20, 20), uniform(rand, -20, 20), uniform(rand, -20, 20)));
      return top;
    };
    expect(best('xor')).toBe(3);
    expect(best('and')).toBe(4);
  });
});

describe('one hidden layer', () => {
  it('learns XOR', () => {
    const doc = makeDocument(
      [
        { id: 'x', type: 'input', params: { size: 2 } },
        { id: 'h', type: 'linear', params: { in: 2, out: 4, std: 1 } },
        { id: 'hs', type: 'tanh' },
        { id: 'o', type: 'linear', params: { in: 4, out: 1 } },
        { id: 'p', type: 'sigmoid' },
        { id: 't', type: 'target', params: { size: 1 } },
        { id: 'L', type: 'bce' },
      ],
      [
        edge('x', 'h'),
        edge('h', 'hs'),
        edge('hs', 'o'),
        edge('o', 'p'),
        edge('p', 'L', 'pred'),
        edge('t', 'L', 'target'),
      ],
    );
    const data = builtin('xor');
    for (const seed of [1, 2, 3, 4, 5]) {
      const trainer = train(doc, data, { optimizer: 'adam', lr: 0.05, batchSize: 'full', epochs: 800, seed });
      expect(correctRows(trainer, data), `seed ${seed}`).toBe(4);
      expect(trainer.history[trainer.history.length - 1].loss).toBeLessThan(0.05);
    }
  });

  it('fits sin on [−π, π] to MSE < 1e-3 (universal approximation in 1-D)', () => {
    const doc = makeDocument(
      [
        { id: 'x', type: 'input', params: { size: 1 } },
        { id: 'h', type: 'linear', params: { in: 1, out: 16, init: 'xavier' } },
        { id: 'a', type: 'tanh' },
        { id: 'o', type: 'linear', params: { in: 16, out: 1, init: 'xavier' } },
        { id: 't', type: 'target', params: { size: 1 } },
        { id: 'L', type: 'mse' },
      ],
      [edge('x', 'h'), edge('h', 'a'), edge('a', 'o'), edge('o', 'L', 'pred'), edge('t', 'L', 'target')],
    );
    const data = builtin('sine');
    const rows = rowsOf(data);
    expect(rows[0].x[0]).toBeCloseTo(-Math.PI, 12);
    expect(rows[rows.length - 1].x[0]).toBeCloseTo(Math.PI, 12);
    const trainer = train(doc, data, { optimizer: 'adam', lr: 0.01, batchSize: 'full', epochs: 3000, seed: 1 });
    // The error is measured here, against sin itself.
    const ex = trainer.executor;
    ex.feed({ x: rows.map((r) => r.x) });
    ex.forward(true);
    const y = ex.output('o').data;
    const mse = rows.reduce((s, r, i) => s + (y[i] - Math.sin(r.x[0])) ** 2, 0) / rows.length;
    expect(mse).toBeLessThan(1e-3);
  });
});

describe('linear regression', () => {
  it.each([
    ['float64', 1e-6],
    ['float32', 1e-4],
  ] as const)('gradient descent on Linear + MSE reaches the normal-equation solution (%s)', (precision, tolerance) => {
    const rand = seededRandom(5);
    const n = 40;
    const X = Array.from({ length: n }, () => [uniform(rand, -1, 1), uniform(rand, -1, 1), uniform(rand, -1, 1)]);
    const y = X.map((x) => 0.7 * x[0] - 1.3 * x[1] + 0.4 * x[2] + 0.25 + 0.3 * uniform(rand, -1, 1));
    // Normal equations (AᵀA)·w = Aᵀy with A = [X | 1].
    const A = X.map((x) => [...x, 1]);
    const AtA = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => A.reduce((s, a) => s + a[i] * a[j], 0)));
    const Aty = [0, 1, 2, 3].map((i) => A.reduce((s, a, r) => s + a[i] * y[r], 0));
    const solution = solveLinearSystem(AtA, Aty);
    const data: Dataset = {
      name: 'regression',
      columns: ['x1', 'x2', 'x3', 'y'],
      rows: n,
      values: Float64Array.from(X.flatMap((x, r) => [...x, y[r]])),
      categories: {},
    };
    const doc = makeDocument(
      [
        { id: 'x', type: 'input', params: { size: 3 } },
        { id: 'h', type: 'linear', params: { in: 3, out: 1 } },
        { id: 't', type: 'target', params: { size: 1 } },
        { id: 'L', type: 'mse' },
      ],
      [edge('x', 'h'), edge('h', 'L', 'pred'), edge('t', 'L', 'target')],
    );
    const trainer = train(
      doc,
      data,
      { optimizer: 'sgd', lr: 0.2, batchSize: 'full', epochs: 1500, seed: 3 },
      precision,
    );
    const w = trainer.executor.nodeWeights('h');
    expectClose([...w.W.value, ...w.b.value], solution, tolerance, 'trained [W, b] vs (XᵀX)⁻¹Xᵀy');
    // The starting point was far from it.
    expect(Math.abs(solution[1])).toBeGreaterThan(1);
  });
});

describe('softmax + negative log-likelihood', () => {
  const C = 4,
    R = 5;
  const rand = seededRandom(21);
  const logits = Array.from({ length: R }, () => Array.from({ length: C }, () => uniform(rand, -3, 3)));
  const classes = [2, 0, 3, 1, 2];
  const softmax = (z: number[]) => {
    const e = z.map((v) => Math.exp(v));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  };
  /** (p − onehot(t)) / rows: the mean over rows makes each row's share 1/rows. */
  const expected = logits.flatMap((z, r) => softmax(z).map((p, c) => (p - (c === classes[r] ? 1 : 0)) / R));
  const target = (kind: 'index' | 'one-hot') =>
    kind === 'index'
      ? classes.map((c) => [c])
      : classes.map((c) => Array.from({ length: C }, (_, k) => (k === c ? 1 : 0)));

  const gradientOfLogits = (graph: CompiledGraph, kind: 'index' | 'one-hot') => {
    const ex = new Executor(graph, { precision: 'float64', inputGradients: true });
    ex.feed({ z: logits, t: target(kind) });
    const loss = ex.forward();
    ex.backward();
    const nll = -logits.reduce((s, z, r) => s + Math.log(softmax(z)[classes[r]]), 0) / R;
    expect(loss).toBeCloseTo(nll, 12);
    return ex.outputGradient('z')!.data;
  };

  it.each([['index'], ['one-hot']] as const)(
    'softmax → nll: dL/dlogits = (p − onehot(t)) / rows, %s targets',
    (kind) => {
      const doc = makeDocument(
        [
          { id: 'z', type: 'input', params: { size: C } },
          { id: 's', type: 'softmax' },
          { id: 't', type: 'target', params: { size: kind === 'index' ? 1 : C } },
          { id: 'L', type: 'nll' },
        ],
        [edge('z', 's'), edge('s', 'L', 'pred'), edge('t', 'L', 'target')],
      );
      expectClose(gradientOfLogits(compile(doc), kind), expected, 1e-12, 'dL/dz');
    },
  );

  it.each([['index'], ['one-hot']] as const)(
    'fused cross_entropy: dL/dlogits = (p − onehot(t)) / rows, %s targets',
    (kind) => {
      const doc = makeDocument(
        [
          { id: 'z', type: 'input', params: { size: C } },
          { id: 't', type: 'target', params: { size: kind === 'index' ? 1 : C } },
          { id: 'L', type: 'cross_entropy' },
        ],
        [edge('z', 'L', 'pred'), edge('t', 'L', 'target')],
      );
      expectClose(gradientOfLogits(compile(doc), kind), expected, 1e-12, 'dL/dz');
    },
  );

  it('cross_entropy stays finite on logits where softmax → nll would overflow', () => {
    const doc = makeDocument(
      [
        { id: 'z', type: 'input', params: { size: 2 } },
        { id: 't', type: 'target', params: { size: 1 } },
        { id: 'L', type: 'cross_entropy' },
      ],
      [edge('z', 'L', 'pred'), edge('t', 'L', 'target')],
    );
    const ex = new Executor(compile(doc), { precision: 'float32', inputGradients: true });
    ex.feed({
      z: [
        [1000, 0],
        [0, 1000],
      ],
      t: [[0], [0]],
    });
    // Row 1 is right (loss ≈ 0), row 2 wrong by 1000: mean loss 500.
    expect(ex.forward()).toBeCloseTo(500, 3);
    ex.backward();
    expect(Array.from(ex.outputGradient('z')!.data)).toEqual([0, 0, -0.5, 0.5]);
  });
});

describe('logistic regression (linear → sigmoid → bce)', () => {
  it('the per-example gradient is −(1 − σ(y·wᵀx))·y·x: small on confidently right examples, large on wrong ones', () => {
    const w = [1.5, -2],
      b = 0.5;
    const doc = makeDocument(
      [
        { id: 'x', type: 'input', params: { size: 2 } },
        {
          id: 'h',
          type: 'linear',
          params: { in: 2, out: 1 },
          weights: { W: { shape: [1, 2], data: w }, b: { shape: [1], data: [b] } },
        },
        { id: 'p', type: 'sigmoid' },
        { id: 't', type: 'target', params: { size: 1 } },
        { id: 'L', type: 'bce' },
      ],
      [edge('x', 'h'), edge('h', 'p'), edge('p', 'L', 'pred'), edge('t', 'L', 'target')],
    );
    const ex = new Executor(compile(doc), { precision: 'float64' });
    const sigma = (v: number) => 1 / (1 + Math.exp(-v));
    // wᵀx + b is 6 (right for t = 1, wrong for t = 0), −6 (the reverse), or near 0 (unsure).
    const examples = [
      { x: [3, -0.5], t: 1, right: true },
      { x: [-2, 1.25], t: 0, right: true },
      { x: [3, -0.5], t: 0, right: false },
      { x: [-2, 1.25], t: 1, right: false },
      { x: [0.2, 0.35], t: 1, right: undefined },
    ];
    for (const e of examples) {
      ex.feed({ x: [e.x], t: [[e.t]] });
      ex.forward();
      ex.backward();
      const y = 2 * e.t - 1;
      const margin = y * (w[0] * e.x[0] + w[1] * e.x[1] + b);
      const factor = -(1 - sigma(margin)) * y;
      const { W, b: bias } = ex.nodeWeights('h');
      expectClose(
        [...W.grad, ...bias.grad],
        [factor * e.x[0], factor * e.x[1], factor],
        1e-12,
        `gradient at x = ${e.x}`,
      );
      const size = Math.hypot(W.grad[0], W.grad[1], bias.grad[0]) / Math.hypot(e.x[0], e.x[1], 1);
      if (e.right === true) expect(size).toBeLessThan(0.01);
      if (e.right === false) expect(size).toBeGreaterThan(0.99);
      if (e.right === undefined) expect(size).toBeGreaterThan(0.3);
    }
  });
});

describe('the course order of the examples', () => {
  it('lists every example once, and nothing else', () => {
    const files = readdirSync(join(import.meta.dirname, '../../examples'))
      .filter((f) => f.endsWith('.bps.json'))
      .map((f) => f.replace(/\.bps\.json$/, ''));
    expect([...COURSE_ORDER].sort()).toEqual(files.sort());
    expect(new Set(COURSE_ORDER).size).toBe(COURSE_ORDER.length);
  });

  it('reads as the lecture goes: by hand before training, XOR impossible before XOR built, construction before training', () => {
    const at = (id: string) => COURSE_ORDER.indexOf(id);
    expect(at('threshold-and')).toBe(0);
    expect(at('threshold-not')).toBeLessThan(at('perceptron-and'));
    expect(at('xor-impossible')).toBeLessThan(at('xor-gates'));
    expect(at('xor-gates')).toBeLessThan(at('xor'));
    expect(at('universal-approximation')).toBe(at('sine') - 1);
    expect(at('sine')).toBeLessThan(at('linear-regression'));
    expect(at('logistic-regression')).toBeLessThan(at('iris-mlp'));
  });

  it('inCourseOrder sorts by the course, and what it does not list after, alphabetically', () => {
    const ids = ['zeta', 'sine', 'alpha', 'xor', 'threshold-and'].map((id) => ({ id }));
    expect(inCourseOrder(ids).map((e) => e.id)).toEqual(['threshold-and', 'xor', 'sine', 'alpha', 'zeta']);
  });
});
