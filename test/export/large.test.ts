/**
 * Interop at the sizes documents may have: no recursion or argument spreading that grows with the
 * graph or a weight (issue 11: PyTorch export of a 1024×1024 layer overflowed the stack, our own
 * ONNX export of a graph of 3,000 blocks and more re-imported with a RangeError, and a chain of
 * 6,000 blocks overflowed the stack in the signature). Speed — linear in blocks + edges — is
 * measured by `npm run bench:onnx`.
 */
import { describe, expect, it } from 'vitest';
import {
  Executor,
  exportOnnx,
  exportPytorch,
  importOnnx,
  modelSignature,
  type GraphDocument,
} from '../../src/engine/index.js';
import { edge, linearWeights, makeDocument, randomRows, seededRandom } from '../engine/helpers.js';
import { compiled } from './helpers.js';

/** Linear 2 → 2 and tanh, one after the other: `blocks` blocks between the Input and the MSE. */
function chain(blocks: number): GraphDocument {
  const nodes: GraphDocument['nodes'] = [
    { id: 'x', type: 'input', params: { size: 2 } },
    { id: 't', type: 'target', params: { size: 2 } },
  ];
  const edges: GraphDocument['edges'] = [];
  let previous = 'x';
  for (let i = 0; i < blocks; i++) {
    const id = `b${i}`;
    nodes.push(i % 2 ? { id, type: 'tanh' } : { id, type: 'linear', params: { in: 2, out: 2 } });
    edges.push(edge(previous, id));
    previous = id;
  }
  nodes.push({ id: 'L', type: 'mse' });
  edges.push(edge(previous, 'L', 'pred'), edge('t', 'L', 'target'));
  return makeDocument(nodes, edges);
}

/** The value of node `id` for `rows` fed to input `x`, in float64. */
function forward(doc: GraphDocument, rows: number[][], id: string): number[][] {
  const ex = new Executor(compiled(doc), { precision: 'float64' });
  ex.feed({ x: rows });
  ex.forward(true);
  return ex.output(id).toRows();
}

describe('a chain of 10,000 blocks', () => {
  const doc = chain(10_000);
  const last = 'b9999';

  it('has a signature (the nodes its prediction needs, found without recursion)', () => {
    const described = modelSignature(doc);
    expect(described.ok && described.signature.nodes.length).toBe(10_001);
  });

  it('exports to ONNX and imports back to the same graph, predicting the same numbers', () => {
    const exported = exportOnnx(doc);
    if (!exported.ok) throw new Error(exported.diagnostics[0].message);
    const imported = importOnnx(exported.bytes);
    if (!imported.ok) throw new Error(imported.diagnostics[0].message);
    expect(imported.document.nodes.map((n) => n.id)).toEqual(doc.nodes.map((n) => n.id));
    const rows = randomRows(seededRandom(3), 4, 2, -2, 2);
    const before = forward(doc, rows, last);
    const after = forward(imported.document, rows, last);
    // The file holds float32 weights; tanh keeps every layer's values in [−1, 1].
    for (let r = 0; r < rows.length; r++) for (let c = 0; c < 2; c++) expect(after[r][c]).toBeCloseTo(before[r][c], 4);
  });

  it('exports to PyTorch', () => {
    const exported = exportPytorch(doc);
    expect(exported.ok && exported.code).toContain(`${last} = torch.tanh(b9998)`);
  });
});

/** One input read by `n` ReLUs, summed back by a chain of Adds (issue 11's fan-out DAG): 2n + 2 blocks and an MSE. */
function fanOut(n: number): GraphDocument {
  const nodes: GraphDocument['nodes'] = [
    { id: 'x', type: 'input', params: { size: 2 } },
    { id: 't', type: 'target', params: { size: 2 } },
  ];
  const edges: GraphDocument['edges'] = [];
  for (let i = 0; i < n; i++) {
    nodes.push({ id: `r${i}`, type: 'relu' });
    edges.push(edge('x', `r${i}`));
  }
  let sum = 'r0';
  for (let i = 1; i < n; i++) {
    nodes.push({ id: `a${i}`, type: 'add' });
    edges.push(edge(sum, `a${i}`, 'in0'), edge(`r${i}`, `a${i}`, 'in1'));
    sum = `a${i}`;
  }
  nodes.push({ id: 'L', type: 'mse' });
  edges.push(edge(sum, 'L', 'pred'), edge('t', 'L', 'target'));
  return makeDocument(nodes, edges);
}

describe('a fan-out DAG of 10,001 blocks (one input read by 5,000 branches)', () => {
  it('exports to ONNX and imports back to the same graph, predicting the same numbers', () => {
    const doc = fanOut(5000);
    const exported = exportOnnx(doc);
    if (!exported.ok) throw new Error(exported.diagnostics[0].message);
    const imported = importOnnx(exported.bytes);
    if (!imported.ok) throw new Error(imported.diagnostics[0].message);
    expect(imported.document.nodes.map((n) => n.id)).toEqual(doc.nodes.map((n) => n.id));
    const rows = [
      [1, -1],
      [0.5, 2],
    ];
    // Every branch is relu(x): the sum is 5,000 relu(x), exactly.
    expect(forward(imported.document, rows, 'a4999')).toEqual([
      [5000, 0],
      [2500, 10_000],
    ]);
  });
});

describe('a linear layer of 1024 × 1024', () => {
  const size = 1024;
  const rand = seededRandom(7);
  const doc = makeDocument(
    [
      { id: 'x', type: 'input', params: { size } },
      { id: 'wide', type: 'linear', params: { in: size, out: size }, weights: linearWeights(rand, size, size, 0.05) },
      { id: 't', type: 'target', params: { size } },
      { id: 'L', type: 'mse' },
    ],
    [edge('x', 'wide'), edge('wide', 'L', 'pred'), edge('t', 'L', 'target')],
  );
  const exported = exportPytorch(doc);

  it('exports to PyTorch with every row of its weight', () => {
    if (!exported.ok) throw new Error(exported.diagnostics[0].message);
    const start = exported.code.indexOf('    "wide.weight": [');
    const end = exported.code.indexOf('    "wide.bias": [');
    expect(start).toBeGreaterThan(0);
    expect(exported.code.slice(start, end).match(/^ {8}\[/gm)).toHaveLength(size);
  });

  it('writes each weight as a literal that reads back as its float32 value', () => {
    if (!exported.ok) throw new Error(exported.diagnostics[0].message);
    const start = exported.code.indexOf('    "wide.weight": [');
    const text = exported.code.slice(start, exported.code.indexOf('    "wide.bias": ['));
    const values = text
      .slice(text.indexOf('[') + 1)
      .match(/-?\d[\d.e+-]*/g)!
      .map(Number);
    const W = doc.nodes[1].weights!.W.data;
    expect(values).toHaveLength(W.length);
    expect(values.every((v, i) => Math.fround(v) === Math.fround(W[i]))).toBe(true);
  });
});
