/**
 * Linear regression in closed form: the solution satisfies the normal equations (the loss's
 * gradient, computed by backprop, vanishes there), recovers exact linear data, and a singular
 * design is refused with the dependence named. (Agreement with NumPy's lstsq: test/cli/solve.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import {
  bindData,
  Executor,
  leastSquares,
  regressionBlocks,
  solveLinearRegression,
  Tensor,
  type Dataset,
  type GraphDocument,
} from '../../src/engine/index.js';
import { compile, edge, expectClose, makeDocument, randomRows, seededRandom } from './helpers.js';

function regression(features: string[], targets: string[], bias = true): GraphDocument {
  return makeDocument(
    [
      { id: 'x', type: 'input', params: { size: features.length, columns: features } },
      { id: 'lin', type: 'linear', params: { in: features.length, out: targets.length, bias } },
      { id: 't', type: 'target', params: { size: targets.length, columns: targets } },
      { id: 'L', type: 'mse' },
    ],
    [edge('x', 'lin'), edge('lin', 'L', 'pred'), edge('t', 'L', 'target')],
  );
}

function dataset(columns: string[], rows: number[][]): Dataset {
  return { name: 'test.csv', columns, rows: rows.length, values: Float64Array.from(rows.flat()), categories: {} };
}

function solve(doc: GraphDocument, data: Dataset) {
  const graph = compile(doc);
  const bound = bindData(graph, data);
  if (!bound.ok) throw new Error(JSON.stringify(bound.diagnostics));
  const rows = Uint32Array.from({ length: data.rows }, (_, i) => i);
  return { graph, bound: bound.value, result: solveLinearRegression(graph, bound.value, rows) };
}

const message = (r: ReturnType<typeof solve>['result']): string =>
  r.ok ? '(solved)' : r.diagnostics.map((d) => d.message).join('\n');

describe('leastSquares', () => {
  it('recovers the coefficients of exactly linear data, several right-hand sides at once', () => {
    const rand = seededRandom(7);
    const a = randomRows(rand, 40, 5, -3, 3);
    const x = [
      [1, -2, 0.5, 3, -1],
      [0, 4, -0.25, 1, 2],
    ];
    const b = a.map((row) => x.map((coef) => row.reduce((s, v, j) => s + v * coef[j], 0)));
    const solved = leastSquares(a.flat(), 40, 5, b.flat(), 2);
    expect(solved.ok).toBe(true);
    if (!solved.ok) return;
    expectClose(solved.coefficients, x.flat(), 1e-12, 'coefficients');
  });

  it('is not thrown off by columns of very different scale', () => {
    const rand = seededRandom(3);
    const a = randomRows(rand, 30, 3).map(([u, v, w]) => [u * 1e6, v * 1e-6, w]);
    const x = [2e-6, 3e6, -1];
    const b = a.map((row) => row.reduce((s, v, j) => s + v * x[j], 0));
    const solved = leastSquares(a.flat(), 30, 3, b, 1);
    expect(solved.ok).toBe(true);
    if (solved.ok) expectClose(solved.coefficients, x, 1e-10, 'coefficients');
  });
});

describe('solveLinearRegression', () => {
  it('is where the gradient of the MSE vanishes (the normal equations), on noisy data', () => {
    const rand = seededRandom(11);
    const rows = randomRows(rand, 60, 4, -2, 2).map((r) => [
      ...r,
      0.3 * r[0] - 1.2 * r[1] + 2 * r[2] + 0.1 * r[3] + 0.7 + (rand() - 0.5),
      -r[0] + r[3] + (rand() - 0.5) * 2,
    ]);
    const doc = regression(['a', 'b', 'c', 'd'], ['y', 'z']);
    const { graph, bound, result } = solve(doc, dataset(['a', 'b', 'c', 'd', 'y', 'z'], rows));
    expect(result.ok, message(result)).toBe(true);
    if (!result.ok) return;
    const { W, b, loss } = result.value;
    expect(result.value.node).toBe('lin');
    expect(result.value.shape).toEqual([2, 4]);
    const ex = new Executor(graph, { precision: 'float64' });
    ex.importWeights('lin', { W: { data: W }, b: { data: b! } });
    ex.feed({
      x: new Tensor(60, 4, bound.inputs[0].values),
      t: new Tensor(60, 2, bound.targets[0].values),
    });
    expect(ex.forward()).toBeCloseTo(loss, 12);
    ex.backward();
    const grads = ex.parameters.flatMap((p) => Array.from(p.grad));
    expect(Math.max(...grads.map(Math.abs))).toBeLessThan(1e-12);
    // And any step away raises the loss.
    for (const p of ex.parameters) {
      p.value[0] += 1e-3;
      expect(ex.forward()).toBeGreaterThan(loss);
      p.value[0] -= 1e-3;
    }
  });

  it('solves a Linear block without bias through the origin', () => {
    const rows = [
      [1, 2.1],
      [2, 3.9],
      [3, 6.2],
      [4, 7.8],
    ];
    const { result } = solve(regression(['x'], ['y'], false), dataset(['x', 'y'], rows));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    // Σxy / Σx² for a line through the origin.
    const sxy = rows.reduce((s, [x, y]) => s + x * y, 0);
    const sxx = rows.reduce((s, [x]) => s + x * x, 0);
    expect(result.value.W[0]).toBeCloseTo(sxy / sxx, 12);
    expect(result.value.b).toBeNull();
  });

  it('names a column that is the sum of two others', () => {
    const rand = seededRandom(5);
    const rows = randomRows(rand, 20, 2).map(([u, v]) => [u, v, u + v, 3 * u - v + rand()]);
    const { result } = solve(regression(['x1', 'x2', 'x3'], ['y']), dataset(['x1', 'x2', 'x3', 'y'], rows));
    expect(result.ok).toBe(false);
    const text = message(result);
    expect(text).toContain('the design is singular');
    expect(text).toContain('rank 3');
    expect(text).toContain('x3 = 1·x1 + 1·x2');
    if (!result.ok) expect(result.diagnostics[0]).toMatchObject({ code: 'singular', where: 'node lin' });
  });

  it('names a constant column, which the bias already is', () => {
    const rows = Array.from({ length: 10 }, (_, i) => [i, 5, 2 * i + 1]);
    const { result } = solve(regression(['x', 'c'], ['y']), dataset(['x', 'c', 'y'], rows));
    expect(message(result)).toContain('c is constant (c = 5 on every row), so it cannot be told apart from the bias');
  });

  it('names an affine dependence, the bias included', () => {
    const rows = Array.from({ length: 10 }, (_, i) => [i, 2 * i + 3, (i * 7) % 5]);
    const { result } = solve(regression(['x1', 'x2'], ['y']), dataset(['x1', 'x2', 'y'], rows));
    expect(message(result)).toContain('x2 = 2·x1 + 3');
  });

  it('names a column that is 0 on every row', () => {
    const rows = Array.from({ length: 10 }, (_, i) => [i, 0, 2 * i + 1]);
    const { result } = solve(regression(['x', 'zero'], ['y'], false), dataset(['x', 'zero', 'y'], rows));
    expect(message(result)).toContain('zero is 0 on every row');
  });

  it('refuses a problem too large to solve in a few seconds, before allocating it', () => {
    const features = Array.from({ length: 2000 }, (_, k) => `f${k}`);
    const doc = regression(features, ['y']);
    const graph = compile(doc);
    // The binding is only looked at for its columns: 1,001 rows × 2,001 unknowns² is 4·10⁹ multiply-adds.
    const rows = new Uint32Array(1001);
    const data = {
      rows: 1001,
      inputs: [{ nodeId: 'x', columns: features, values: new Float64Array(0) }],
      targets: [{ nodeId: 't', columns: ['y'], values: new Float64Array(0) }],
      source: 'test',
    };
    const result = solveLinearRegression(graph, data, rows);
    expect(message(result)).toContain('1001 rows × 2001 unknowns per output');
    expect(message(result)).toContain('train it by gradient descent');
  });

  it('refuses fewer rows than unknowns', () => {
    const rows = [
      [1, 2, 3, 4],
      [2, 1, 0, 1],
    ];
    const { result } = solve(regression(['a', 'b', 'c'], ['y']), dataset(['a', 'b', 'c', 'y'], rows));
    expect(message(result)).toContain(
      '2 rows cannot determine 4 unknowns per output (3 weights and a bias): least squares has no unique solution',
    );
  });
});

describe('regressionBlocks', () => {
  const reason = (doc: GraphDocument): string => {
    const r = regressionBlocks(compile(doc));
    return r.ok ? '(linear regression)' : r.diagnostics[0].message;
  };

  it('accepts Input → Linear → (identity) → MSE', () => {
    const doc = regression(['x'], ['y']);
    expect(reason(doc)).toBe('(linear regression)');
    doc.nodes.push({ id: 'id', type: 'identity' });
    doc.edges = [edge('x', 'lin'), edge('lin', 'id'), edge('id', 'L', 'pred'), edge('t', 'L', 'target')];
    expect(reason(doc)).toBe('(linear regression)');
  });

  it('says why another graph has no closed form', () => {
    const mae = regression(['x'], ['y']);
    mae.nodes[3] = { id: 'L', type: 'mae' };
    expect(reason(mae)).toContain("the loss 'L' (MAE) is not MSE");

    const activated = regression(['x'], ['y']);
    activated.nodes.push({ id: 's', type: 'sigmoid' });
    activated.edges = [edge('x', 'lin'), edge('lin', 's'), edge('s', 'L', 'pred'), edge('t', 'L', 'target')];
    expect(reason(activated)).toContain("comes from 's' (Sigmoid), not from a Linear block: an activation makes");

    const hidden = regression(['x'], ['y']);
    hidden.nodes.push({ id: 'h', type: 'linear', params: { in: 1, out: 1 } });
    hidden.edges = [edge('x', 'h'), edge('h', 'lin'), edge('lin', 'L', 'pred'), edge('t', 'L', 'target')];
    expect(reason(hidden)).toContain("the Linear block 'lin' is fed by 'h' (Linear), not by an Input block");
    expect(reason(hidden)).toContain('train this one by gradient descent');
  });
});
