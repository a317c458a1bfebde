/** Running a document on rows without training it (src/engine/inference.ts), against hand-computed values. */
import { describe, expect, it } from 'vitest';
import {
  bindDocumentData,
  checkDocumentGradients,
  compileGraph,
  evaluateDocument,
  loadDocument,
  parseCsv,
  predictDocument,
  reportedLoss,
  type CompiledGraph,
  type Dataset,
} from '../../src/engine/index.js';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** input(a, b) → linear W = [1, −2], b = 0.5 → sigmoid → BCE against y. */
function neuron(data: Record<string, unknown> = {}): CompiledGraph {
  const loaded = loadDocument({
    format: 'backprop-studio.graph',
    version: 1,
    name: 'neuron',
    nodes: [
      { id: 'x', type: 'input', params: { size: 2 } },
      {
        id: 'lin',
        type: 'linear',
        params: { in: 2, out: 1 },
        weights: { W: { shape: [1, 2], data: [1, -2] }, b: { shape: [1], data: [0.5] } },
      },
      { id: 'p', type: 'sigmoid' },
      { id: 't', type: 'target', params: { size: 1 } },
      { id: 'L', type: 'bce' },
    ],
    edges: [
      { source: 'x', target: 'lin', targetHandle: 'in' },
      { source: 'lin', target: 'p', targetHandle: 'in' },
      { source: 'p', target: 'L', targetHandle: 'pred' },
      { source: 't', target: 'L', targetHandle: 'target' },
    ],
    data,
  });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
  const compiled = compileGraph(loaded.document);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
  return compiled.graph;
}

function csv(text: string): Dataset {
  const parsed = parseCsv(text, 'rows.csv');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.diagnostics));
  return parsed.value;
}

const rows = [
  [0, 0, 1],
  [1, 0, 1],
  [0, 1, 0],
  [2, 1, 0],
];
const table = `a,b,y\n${rows.map((r) => r.join(',')).join('\n')}\n`;

function bound(graph: CompiledGraph, dataset: Dataset, inputsOnly = false) {
  const result = bindDocumentData(graph, dataset, { inputsOnly });
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.value;
}

describe('evaluateDocument', () => {
  it("computes the document's own weights' outputs, BCE loss, accuracy and gradients", () => {
    const graph = neuron();
    const result = evaluateDocument(graph, bound(graph, csv(table)), { gradients: true });
    const p = rows.map(([a, b]) => sigmoid(a - 2 * b + 0.5));
    const t = rows.map((r) => r[2]);
    expect(result.outputNode).toBe('p');
    result.outputs.forEach(([v], i) => expect(v).toBeCloseTo(p[i], 14));
    expect(result.targets).toEqual(t.map((v) => [v]));
    const bce = -t.reduce((s, ti, i) => s + ti * Math.log(p[i]) + (1 - ti) * Math.log(1 - p[i]), 0) / 4;
    expect(result.loss).toBeCloseTo(bce, 14);
    expect(result.losses).toEqual({ L: result.loss });
    expect(result.classes).toEqual(p.map((v) => (v >= 0.5 ? 1 : 0)));
    expect(result.accuracy).toBe(p.filter((v, i) => (v >= 0.5 ? 1 : 0) === t[i]).length / 4);
    // Sigmoid + BCE: dL/dz = (p − t) / n, so dL/dW = Σ (p − t)·x / n and dL/db = Σ (p − t) / n.
    const dz = p.map((v, i) => (v - t[i]) / 4);
    const W = result.gradients!.lin.W;
    expect(W.shape).toEqual([1, 2]);
    expect(W.data[0]).toBeCloseTo(
      dz.reduce((s, d, i) => s + d * rows[i][0], 0),
      14,
    );
    expect(W.data[1]).toBeCloseTo(
      dz.reduce((s, d, i) => s + d * rows[i][1], 0),
      14,
    );
    expect(result.gradients!.lin.b.data[0]).toBeCloseTo(
      dz.reduce((s, d) => s + d, 0),
      14,
    );
  });

  it('applies the stored normalisation to the recorded feature columns, found by name', () => {
    const graph = neuron({
      features: ['a', 'b'],
      normalization: { columns: ['a', 'b'], mean: [1, 0.5], std: [2, 0.5] },
    });
    const reordered = csv(`b,a,y\n${rows.map(([a, b, y]) => [b, a, y].join(',')).join('\n')}\n`);
    const result = evaluateDocument(graph, bound(graph, reordered));
    rows.forEach(([a, b], i) =>
      expect(result.outputs[i][0]).toBeCloseTo(sigmoid((a - 1) / 2 - 2 * ((b - 0.5) / 0.5) + 0.5), 14),
    );
  });

  it('standardises with statistics of the rows when the document asks for it but stores none', () => {
    const graph = neuron({ standardize: true });
    const result = evaluateDocument(graph, bound(graph, csv(table)));
    const stats = [0, 1].map((k) => {
      const v = rows.map((r) => r[k]);
      const mean = v.reduce((s, x) => s + x, 0) / v.length;
      return { mean, std: Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length) };
    });
    rows.forEach(([a, b], i) => {
      const za = (a - stats[0].mean) / stats[0].std;
      const zb = (b - stats[1].mean) / stats[1].std;
      expect(result.outputs[i][0]).toBeCloseTo(sigmoid(za - 2 * zb + 0.5), 14);
    });
  });
});

describe('predictDocument', () => {
  it('needs only the inputs and gives the same outputs as evaluateDocument', () => {
    const graph = neuron({ features: ['a', 'b'] });
    const predicted = predictDocument(graph, bound(graph, csv('a,b\n0,0\n2,1\n'), true));
    expect(predicted.outputs.map(([v]) => v)).toEqual([sigmoid(0.5), sigmoid(0.5)]);
    expect(predicted.classes).toEqual([1, 1]);
    const evaluated = evaluateDocument(graph, bound(graph, csv(table)));
    expect(predictDocument(graph, bound(graph, csv(table), true)).outputs).toEqual(evaluated.outputs);
  });

  it('names the classes the document stores', () => {
    const graph = neuron({ features: ['a', 'b'], classes: ['no', 'yes'] });
    expect(predictDocument(graph, bound(graph, csv('a,b\n0,0\n0,1\n'), true)).classes).toEqual(['yes', 'no']);
  });
});

describe('reportedLoss and checkDocumentGradients', () => {
  it('reports the first loss in document order', () => {
    expect(reportedLoss(neuron()).id).toBe('L');
  });

  it('confirms the gradients of the document at its weights', () => {
    const graph = neuron();
    const check = checkDocumentGradients(graph, bound(graph, csv(table)), 1e-6);
    expect(check.ok).toBe(true);
    expect(check.eps).toBe(1e-6);
    expect(check.params.map((p) => `${p.node}.${p.name}`)).toEqual(['lin.W', 'lin.b']);
  });
});
