/** Shared test helpers: building documents, seeded test data, comparisons and finite differences. */
import { expect } from 'vitest';
import {
  compileGraph,
  CURRENT_VERSION,
  type Executor,
  FORMAT,
  formatDiagnostic,
  loadDocument,
  type CompiledGraph,
  type Dataset,
  type GraphDocument,
  type GraphEdge,
  type GraphNode,
  type TrainingSettings,
} from '../../src/engine/index.js';

export type NodeSpec = Pick<GraphNode, 'id' | 'type'> & Partial<Pick<GraphNode, 'params' | 'weights'>>;

/** An edge `source → target.port`. */
export const edge = (source: string, target: string, targetHandle = 'in'): GraphEdge => ({
  source,
  target,
  targetHandle,
});

export function makeDocument(nodes: NodeSpec[], edges: GraphEdge[], training?: TrainingSettings): GraphDocument {
  return { format: FORMAT, version: CURRENT_VERSION, name: 'test', nodes, edges, ...(training ? { training } : {}) };
}

/** Loads and compiles a document, failing the test with the diagnostics when it is not valid. */
export function compile(doc: GraphDocument | unknown): CompiledGraph {
  const loaded = loadDocument(JSON.parse(JSON.stringify(doc)));
  if (!loaded.ok) throw new Error(`document does not load:\n${loaded.diagnostics.map(formatDiagnostic).join('\n')}`);
  const compiled = compileGraph(loaded.document);
  if (!compiled.ok)
    throw new Error(`graph does not compile:\n${compiled.diagnostics.map(formatDiagnostic).join('\n')}`);
  return compiled.graph;
}

/** mulberry32: test data comes from its own generator, not the engine's. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const uniform = (rand: () => number, lo: number, hi: number): number => lo + (hi - lo) * rand();

export function randomRows(rand: () => number, rows: number, cols: number, lo = -1, hi = 1): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => uniform(rand, lo, hi)));
}

/** Stored weights for a linear layer `[out, in]` (+ bias), drawn from `rand`. */
export function linearWeights(
  rand: () => number,
  inputs: number,
  outputs: number,
  spread = 1,
  bias = true,
): NonNullable<GraphNode['weights']> {
  const W = {
    shape: [outputs, inputs],
    data: Array.from({ length: outputs * inputs }, () => uniform(rand, -spread, spread)),
  };
  return bias
    ? { W, b: { shape: [outputs], data: Array.from({ length: outputs }, () => uniform(rand, -0.5, 0.5)) } }
    : { W };
}

export const flat = (rows: readonly (readonly number[])[]): number[] => rows.flat();

/** ‖actual − expected‖∞ / max(‖expected‖∞, floor): the error relative to the tensor's scale. */
export function relativeDifference(actual: ArrayLike<number>, expected: ArrayLike<number>, floor = 1e-9): number {
  expect(actual.length).toBe(expected.length);
  let diff = 0;
  let size = 0;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    diff = Number.isNaN(d) ? Infinity : Math.max(diff, d);
    size = Math.max(size, Math.abs(expected[i]));
  }
  return diff / Math.max(size, floor);
}

export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: number,
  what: string,
  floor = 1e-9,
): void {
  const error = relativeDifference(actual, expected, floor);
  expect(
    error,
    `${what}: relative difference ${error.toExponential(2)} > ${tolerance}\n  got      ${Array.from(actual).slice(0, 8).join(', ')}\n  expected ${Array.from(expected).slice(0, 8).join(', ')}`,
  ).toBeLessThanOrEqual(tolerance);
}

/** The executor's weights in the reference's shape: node → name → values. */
export function weightValues(ex: Executor): Record<string, Record<string, number[]>> {
  const out: Record<string, Record<string, number[]>> = {};
  for (const p of ex.parameters) (out[p.node] ??= {})[p.name] = Array.from(p.value);
  return out;
}

/**
 * Central differences of the executor's loss with respect to every value fed to data node
 * `nodeId` (the current batch), in the executor's precision.
 */
export function dataFiniteDifference(ex: Executor, nodeId: string, eps = 1e-6): Float64Array {
  const data = ex.dataTensor(nodeId).data;
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    data[i] = v + eps;
    const plus = ex.forward();
    data[i] = v - eps;
    const minus = ex.forward();
    data[i] = v;
    out[i] = (plus - minus) / (2 * eps);
  }
  ex.forward();
  return out;
}

/** The sum of the gradients the executor carried back along every edge leaving `nodeId`. */
export function summedEdgeGradients(ex: Executor, doc: GraphDocument, nodeId: string): Float64Array | null {
  let total: Float64Array | null = null;
  doc.edges.forEach((e, k) => {
    if (e.source !== nodeId) return;
    const g = ex.edgeGradient(k);
    if (!g) return;
    total ??= new Float64Array(g.data.length);
    for (let i = 0; i < g.data.length; i++) total[i] += g.data[i];
  });
  return total;
}

/**
 * The optimizer tests' network: 3 inputs → Linear 4 → tanh → Linear 2 → MSE, with
 * `randomRegressionRows` as its data (columns a, b, c, then the targets y1, y2).
 */
export const smallRegressionNet = makeDocument(
  [
    { id: 'x', type: 'input', params: { size: 3 } },
    { id: 'h', type: 'linear', params: { in: 3, out: 4, std: 0.5 } },
    { id: 'a', type: 'tanh' },
    { id: 'o', type: 'linear', params: { in: 4, out: 2, init: 'xavier' } },
    { id: 't', type: 'target', params: { size: 2 } },
    { id: 'L', type: 'mse' },
  ],
  [edge('x', 'h'), edge('h', 'a'), edge('a', 'o'), edge('o', 'L', 'pred'), edge('t', 'L', 'target')],
);

/** Seeded uniform rows in [−1, 1] for `smallRegressionNet`. */
export function randomRegressionRows(rows = 10, seed = 3): Dataset {
  return {
    name: 'random',
    columns: ['a', 'b', 'c', 'y1', 'y2'],
    rows,
    values: Float64Array.from(randomRows(seededRandom(seed), rows, 5, -1, 1).flat()),
    categories: {},
  };
}
