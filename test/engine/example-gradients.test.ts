/**
 * Per-example gradient magnitudes equal the central-difference gradient of each example's own
 * loss, on logistic regression, an MLP and softmax + cross-entropy; and on logistic regression
 * a confidently wrong example outweighs a confidently right one, as the seminar derives.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bindData,
  Executor,
  exampleGradients,
  findBuiltin,
  largest,
  Tensor,
  type BoundData,
  type CompiledGraph,
} from '../../src/engine/index.js';
import { compile, edge, makeDocument, seededRandom } from './helpers.js';

const root = join(import.meta.dirname, '../..');

/** Puts row `r` of `data` into `ex` as a batch of one. */
function loadRow(ex: Executor, data: BoundData, r: number): void {
  ex.feed(
    Object.fromEntries(
      [...data.inputs, ...data.targets].map((g) => {
        const w = g.columns.length;
        return [g.nodeId, new Tensor(1, w, g.values.slice(r * w, r * w + w))];
      }),
    ),
  );
}

/** ‖(Lᵢ(w + ε) − Lᵢ(w − ε)) / 2ε‖ over every weight element, for row `r`. */
function numericNorm(ex: Executor, data: BoundData, r: number, eps = 1e-6): number {
  loadRow(ex, data, r);
  let s = 0;
  for (const p of ex.parameters) {
    for (let k = 0; k < p.value.length; k++) {
      const w = p.value[k];
      p.value[k] = w + eps;
      const plus = ex.forward();
      p.value[k] = w - eps;
      const minus = ex.forward();
      p.value[k] = w;
      s += ((plus - minus) / (2 * eps)) ** 2;
    }
  }
  return Math.sqrt(s);
}

function bound(graph: CompiledGraph, dataset: string): BoundData {
  const data = bindData(graph, findBuiltin(dataset)!.load({ seed: 2 }));
  if (!data.ok) throw new Error(JSON.stringify(data.diagnostics));
  return data.value;
}

function checkAgainstFiniteDifferences(graph: CompiledGraph, data: BoundData, seed: number) {
  const ex = new Executor(graph, { precision: 'float64', seed });
  const rows = Math.min(data.rows, 40);
  const result = exampleGradients(ex, rows, (i) => loadRow(ex, data, i));
  const check = new Executor(graph, { precision: 'float64', seed });
  for (let r = 0; r < rows; r++) {
    const numeric = numericNorm(check, data, r);
    expect(Math.abs(result.norms[r] - numeric), `row ${r}: ${result.norms[r]} vs ${numeric}`).toBeLessThanOrEqual(
      1e-6 * Math.max(1, numeric),
    );
    loadRow(check, data, r);
    expect(result.losses[r]).toBeCloseTo(check.forward(), 12);
  }
  return result;
}

describe('exampleGradients', () => {
  it('equals the finite-difference gradient of each example’s loss: logistic regression', () => {
    const doc = JSON.parse(readFileSync(join(root, 'examples/logistic-regression.bps.json'), 'utf8'));
    const graph = compile(doc);
    checkAgainstFiniteDifferences(graph, bound(graph, 'gaussians'), 3);
  });

  it('… an MLP with two layers (XOR)', () => {
    const doc = JSON.parse(readFileSync(join(root, 'examples/xor.bps.json'), 'utf8'));
    const graph = compile(doc);
    checkAgainstFiniteDifferences(graph, bound(graph, 'xor'), 5);
  });

  it('… softmax and cross-entropy with class-index targets (spiral)', () => {
    const doc = makeDocument(
      [
        { id: 'x', type: 'input', params: { size: 2 } },
        { id: 'h', type: 'linear', params: { in: 2, out: 5, std: 1 } },
        { id: 'a', type: 'tanh' },
        { id: 'o', type: 'linear', params: { in: 5, out: 3, std: 1 } },
        { id: 't', type: 'target', params: { size: 1 } },
        { id: 'L', type: 'cross_entropy' },
      ],
      [edge('x', 'h'), edge('h', 'a'), edge('a', 'o'), edge('o', 'L', 'pred'), edge('t', 'L', 'target')],
    );
    const graph = compile(doc);
    checkAgainstFiniteDifferences(graph, bound(graph, 'spiral'), 7);
  });

  it('is near zero for a confidently right example and largest for confidently wrong ones', () => {
    const doc = JSON.parse(readFileSync(join(root, 'examples/logistic-regression.bps.json'), 'utf8'));
    // A separating line through the origin, x1 + x2 = 0, steep: the clouds are around ±(1, 1).
    doc.nodes[1].weights = { W: { shape: [1, 2], data: [4, 4] }, b: { shape: [1], data: [0] } };
    const graph = compile(doc);
    const ex = new Executor(graph, { precision: 'float64' });
    const rand = seededRandom(1);
    // Four examples: right and far, right and near the line, wrong and near, wrong and far.
    const rows = [
      [2, 2, 1],
      [0.1, 0.05, 1],
      [0.1, 0.05, 0],
      [2, 2, 0],
    ].map(([a, b, t]) => [a + rand() * 1e-3, b, t]);
    const result = exampleGradients(ex, rows.length, (i) => ex.feed({ x: [rows[i].slice(0, 2)], t: [[rows[i][2]]] }));
    const [rightFar, rightNear, wrongNear, wrongFar] = result.norms;
    expect(rightFar).toBeLessThan(1e-5);
    expect(rightNear).toBeGreaterThan(rightFar);
    expect(wrongNear).toBeGreaterThan(rightNear);
    expect(wrongFar).toBeGreaterThan(wrongNear);
    // For logistic regression ∂Lᵢ/∂(w, b) = (p − t)·(x, 1): |p − t| ≈ 1 when confidently wrong.
    expect(wrongFar).toBeCloseTo(Math.hypot(rows[3][0], rows[3][1], 1), 5);
    expect(largest(result.norms, 2)).toEqual([3, 2]);
  });
});

describe('largest', () => {
  it('lists the indices of the k largest values, ties in index order', () => {
    expect(largest([3, 1, 4, 1, 5, 9, 2, 6], 3)).toEqual([5, 7, 4]);
    expect(largest([1, 2, 2, 0], 2)).toEqual([1, 2]);
    expect(largest([1], 5)).toEqual([0]);
  });
});
