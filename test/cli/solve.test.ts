/**
 * `backprop solve` as a spawned process: the closed-form weights equal NumPy's lstsq on the
 * linear-regression example (all four of Anscombe's sets) and on a real data set with 13
 * features (Boston house prices), raw and standardised; the written document predicts as NumPy
 * does; a singular design and a graph of another form are refused with clear messages.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPython } from '../export/helpers.js';
import { backprop, example, readJson, root, temporaryFolder, writeFile } from './helpers.js';

const dir = temporaryFolder();
const boston = join(root, 'test/fixtures/boston-housing.csv');
const bostonFeatures = [
  'CRIM',
  'ZN',
  'INDUS',
  'CHAS',
  'NOX',
  'RM',
  'AGE',
  'DIS',
  'RAD',
  'TAX',
  'PTRATIO',
  'B',
  'LSTAT',
];

/**
 * NumPy's least squares of `targets` on `features` (+ a column of ones) read straight from the
 * CSV, optionally on standardised features (population std, as the engine's standardisation).
 */
function numpyLstsq(csv: string, features: string[], targets: string[], standardize = false) {
  const program = `
import csv, json, sys
import numpy as np
path, features, targets, standardize = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4] == '1'
with open(path) as f:
    rows = list(csv.DictReader(f))
X = np.array([[float(r[c]) for c in features] for r in rows])
T = np.array([[float(r[c]) for c in targets] for r in rows])
if standardize:
    X = (X - X.mean(axis=0)) / X.std(axis=0)
A = np.hstack([X, np.ones((X.shape[0], 1))])
beta, _, rank, _ = np.linalg.lstsq(A, T, rcond=None)
loss = float(np.mean((A @ beta - T) ** 2))
print(json.dumps({"W": beta[:-1].T.tolist(), "b": beta[-1].tolist(), "loss": loss, "rank": int(rank), "pred": (A @ beta).tolist()}))
`;
  return JSON.parse(
    runPython(program, [csv, JSON.stringify(features), JSON.stringify(targets), standardize ? '1' : '0']),
  ) as { W: number[][]; b: number[]; loss: number; rank: number; pred: number[][] };
}

function regressionDocument(features: string[], targets: string[], data: Record<string, unknown> = {}) {
  return {
    format: 'backprop-studio.graph',
    version: 1,
    name: 'regression',
    nodes: [
      { id: 'x', type: 'input', params: { size: features.length, columns: features } },
      { id: 'lin', type: 'linear', params: { in: features.length, out: targets.length } },
      { id: 't', type: 'target', params: { size: targets.length, columns: targets } },
      { id: 'L', type: 'mse' },
    ],
    edges: [
      { source: 'x', target: 'lin', targetHandle: 'in' },
      { source: 'lin', target: 'L', targetHandle: 'pred' },
      { source: 't', target: 'L', targetHandle: 'target' },
    ],
    data,
  };
}

/** |a − e| ≤ tolerance · max(1, |e|) for every value. */
function expectNear(actual: number[], expected: number[], tolerance: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  actual.forEach((a, i) =>
    expect(Math.abs(a - expected[i]), `${what}[${i}]: ${a} vs ${expected[i]}`).toBeLessThanOrEqual(
      tolerance * Math.max(1, Math.abs(expected[i])),
    ),
  );
}

describe('backprop solve', () => {
  it("equals NumPy's lstsq on the linear-regression example, for each of Anscombe's four sets", () => {
    const doc = readJson(example('linear-regression.bps.json'));
    for (const k of [1, 2, 3, 4]) {
      doc.nodes[0].params.columns = [`x${k}`];
      doc.nodes[2].params.columns = [`y${k}`];
      doc.data.source = join(root, 'examples/data/anscombe.csv');
      const file = writeFile(dir, `anscombe-${k}.bps.json`, doc);
      const run = backprop(['solve', file, '--json']);
      expect(run.code, run.stderr).toBe(0);
      const [result] = run.json();
      const reference = numpyLstsq(join(root, 'examples/data/anscombe.csv'), [`x${k}`], [`y${k}`]);
      expect(result).toMatchObject({ ok: true, node: 'line' });
      expectNear(result.W.flat(), reference.W.flat(), 1e-12, `set ${k} W`);
      expectNear(result.b, reference.b, 1e-12, `set ${k} b`);
      expect(result.loss).toBeCloseTo(reference.loss, 12);
      // The famous answer: the same line for all four, y ≈ 0.500·x + 3.00.
      expect(result.W[0][0]).toBeCloseTo(0.5, 2);
      expect(result.b[0]).toBeCloseTo(3.0, 2);
    }
  });

  it('prints the fitted line for people', () => {
    const run = backprop(['solve', 'examples/linear-regression.bps.json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines).toEqual([
      'Least squares for "Linear regression (Anscombe\'s data)" on examples/data/anscombe.csv: 11 rows, inputs as they are',
      'y1 = 0.500091·x1 + 3.00009',
      'loss (MSE) 1.25115 on the training rows',
      'the solved weights were not saved (use --out OUT)',
    ]);
  });

  it("equals NumPy's lstsq on a real data set with 13 features, raw and standardised", () => {
    for (const standardize of [false, true]) {
      const doc = regressionDocument(bostonFeatures, ['MEDV'], standardize ? { standardize: true } : {});
      const file = writeFile(dir, `boston-${standardize}.bps.json`, doc);
      const out = join(dir, `boston-${standardize}.solved.bps.json`);
      const run = backprop(['solve', file, '--data', boston, '--out', out, '--json']);
      expect(run.code, run.stderr).toBe(0);
      const [result] = run.json();
      const reference = numpyLstsq(boston, bostonFeatures, ['MEDV'], standardize);
      expect(reference.rank).toBe(14);
      expectNear(result.W.flat(), reference.W.flat(), 1e-9, `W (standardize ${standardize})`);
      expectNear(result.b, reference.b, 1e-9, `b (standardize ${standardize})`);
      expect(result.loss).toBeCloseTo(reference.loss, 9);
      // The well-known fit: R² ≈ 0.741 on all 506 rows.
      expect(1 - (result.loss * 506) / 42716.3).toBeCloseTo(0.741, 2);

      // The written document predicts what NumPy's solution predicts, and eval reports the same loss.
      const predicted = backprop(['predict', out, '--data', boston, '--json']);
      expect(predicted.code, predicted.stderr).toBe(0);
      expectNear(predicted.json()[0].outputs.flat(), reference.pred.flat(), 1e-9, 'predictions');
      const evaluated = backprop(['eval', out, '--data', boston, '--json']);
      expect(evaluated.json()[0].loss).toBeCloseTo(reference.loss, 9);
      expect(readJson(out).data.standardize).toBe(standardize);
    }
  });

  it('solves several outputs at once, each on its own', () => {
    const features = bostonFeatures.filter((f) => f !== 'LSTAT');
    const doc = regressionDocument(features, ['MEDV', 'LSTAT']);
    const run = backprop(['solve', writeFile(dir, 'two-outputs.bps.json', doc), '--data', boston, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const [result] = run.json();
    const reference = numpyLstsq(boston, features, ['MEDV', 'LSTAT']);
    expectNear(result.W.flat(), reference.W.flat(), 1e-9, 'W');
    expectNear(result.b, reference.b, 1e-9, 'b');
    expect(result.loss).toBeCloseTo(reference.loss, 9);
  });

  it('refuses a singular design, naming the dependent column', () => {
    const rows = Array.from({ length: 12 }, (_, i) => {
      const a = (i * 37) % 11;
      const b = (i * 17) % 7;
      return [a, b, a + b, 2 * a - b + ((i * 13) % 5)];
    });
    const csv = writeFile(dir, 'collinear.csv', `a,b,total,y\n${rows.map((r) => r.join(',')).join('\n')}\n`);
    const file = writeFile(dir, 'collinear.bps.json', regressionDocument(['a', 'b', 'total'], ['y']));
    const run = backprop(['solve', file, '--data', csv, '--json']);
    expect(run.code).toBe(1);
    const [result] = run.json();
    expect(result.ok).toBe(false);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0].where).toBe('node lin');
    expect(result.errors[0].message).toContain('the design is singular');
    expect(result.errors[0].message).toContain('total = 1·a + 1·b');
    const human = backprop(['solve', file, '--data', csv]);
    expect(human.code).toBe(1);
    expect(human.stderr).toContain(`${file}: node lin: the design is singular`);
  });

  it('refuses a graph that is not Input → Linear → MSE', () => {
    const run = backprop(['solve', 'examples/xor.bps.json', '--json']);
    expect(run.code).toBe(1);
    const [result] = run.json();
    expect(result.errors[0].message).toContain("no closed form: the loss 'L' (Binary cross-entropy) is not MSE");
  });
});
