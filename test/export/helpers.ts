/**
 * Shared by the export tests: documents to export (every example, trained for a few epochs or
 * as it is; seeded random DAGs using every exportable block), their input rows, the engine's
 * float64 predictions for them, and Debian's Python with PyTorch as an independent runtime.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { trainDocument } from '../../src/cli/commands/train.js';
import { loadData } from '../../src/cli/sources.js';
import {
  bindData,
  bindDocumentData,
  compileGraph,
  Executor,
  findBlock,
  loadDocument,
  type CompiledGraph,
  type Dataset,
  type GraphDocument,
  type GraphEdge,
} from '../../src/engine/index.js';
import {
  DataType,
  encodeModel,
  type OnnxNode,
  type OnnxTensor,
  type OnnxValueInfo,
} from '../../src/engine/interop/onnx-proto.js';
import { edge, linearWeights, makeDocument, randomRows, seededRandom, type NodeSpec } from '../engine/helpers.js';

export const root = join(import.meta.dirname, '../..');
export const examplePath = (file: string) => join(root, 'examples', file);
export const exampleNames = (): string[] =>
  [
    'diabetes-regression',
    'digits-softmax',
    'iris-mlp',
    'linear-regression',
    'logistic-regression',
    'perceptron-and',
    'perceptron-not',
    'perceptron-or',
    'sine',
    'xor-single-neuron',
    'xor',
  ].map((n) => `${n}.bps.json`);

/** Debian's Python (apt's python3-torch and python3-numpy live there, not in a pyenv). */
export const PYTHON = '/usr/bin/python3';
export const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
export const torchMissing = `${PYTHON} cannot import torch (apt-get install python3-torch; .ci/run does)`;

/** Runs a Python program (text) with arguments; fails the test with its stderr when it fails. */
export function runPython(program: string, args: readonly string[] = [], cwd = root): string {
  const r = spawnSync(PYTHON, ['-c', program, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

export function compiled(doc: GraphDocument | unknown): CompiledGraph {
  const loaded = loadDocument(JSON.parse(JSON.stringify(doc)));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
  const c = compileGraph(loaded.document);
  if (!c.ok) throw new Error(JSON.stringify(c.diagnostics));
  return c.graph;
}

export interface Case {
  name: string;
  document: GraphDocument;
  /** The rows to predict (features, maybe targets too). */
  dataset: Dataset;
  /** Raw feature rows per Input block (as a model receives them), by block id. */
  inputs: Record<string, number[][]>;
  /** The engine's float64 prediction per output node (what each loss's pred port receives). */
  expected: Record<string, number[][]>;
}

/** The raw (not normalised) rows each Input block takes from `dataset`, as training binds them. */
export function rawInputs(doc: GraphDocument, dataset: Dataset): Record<string, number[][]> {
  const graph = compiled(doc);
  const bound = bindData(graph, dataset, { inputsOnly: true, features: doc.data?.features });
  if (!bound.ok) throw new Error(JSON.stringify(bound.diagnostics));
  return Object.fromEntries(
    bound.value.inputs.map((i) => [i.nodeId, rows(i.values, bound.value.rows, i.columns.length)]),
  );
}

const rows = (values: ArrayLike<number>, n: number, cols: number): number[][] =>
  Array.from({ length: n }, (_, r) => Array.from({ length: cols }, (_, c) => values[r * cols + c]));

/**
 * The engine's float64 forward pass over `dataset`, bound as `predict` binds it (recorded
 * columns, stored normalisation): the value of each `ids` node.
 */
export function enginePredictions(
  doc: GraphDocument,
  dataset: Dataset,
  ids: readonly string[],
): Record<string, number[][]> {
  const graph = compiled(doc);
  const bound = bindDocumentData(graph, dataset, { inputsOnly: true });
  if (!bound.ok) throw new Error(JSON.stringify(bound.diagnostics));
  const ex = new Executor(graph, { precision: 'float64' });
  ex.feed(
    Object.fromEntries(bound.value.inputs.map((i) => [i.nodeId, rows(i.values, bound.value.rows, i.columns.length)])),
  );
  ex.forward(true);
  return Object.fromEntries(ids.map((id) => [id, ex.output(id).toRows()]));
}

/** Ids of the nodes feeding each loss's pred port, distinct, first loss (document order) first. */
export function predictionIds(doc: GraphDocument): string[] {
  const losses = doc.nodes.filter((n) => findBlock(n.type)?.category === 'loss');
  return [...new Set(losses.map((l) => doc.edges.find((e) => e.target === l.id && e.targetHandle === 'pred')!.source))];
}

/** An example as it is (initial weights from its seed) and trained for a few epochs (with its normalisation, if it asks for one). */
export function exampleCases(epochs = 3): Case[] {
  const cases: Case[] = [];
  for (const file of exampleNames()) {
    const path = examplePath(file);
    const doc = JSON.parse(readFileSync(path, 'utf8')) as GraphDocument;
    const { dataset } = loadData(doc.data!.source!, dirname(path));
    const trained = trainDocument({ file: path, overrides: { epochs } }).document;
    for (const [name, d] of [
      [`${file} (untrained)`, doc],
      [`${file} (trained ${epochs} epochs)`, trained],
    ] as const) {
      const inputs = rawInputs(d, dataset);
      // A document that asks for standardised inputs but stores no statistics yet is exported without a normalisation.
      const exportable =
        d.data?.standardize && !d.data.normalization ? { ...d, data: { ...d.data, standardize: false } } : d;
      cases.push({
        name,
        document: d,
        dataset,
        inputs,
        expected: enginePredictions(exportable, dataset, predictionIds(d)),
      });
    }
  }
  return cases;
}

/**
 * A random DAG from `seed` with every block an export writes: one or two Input blocks (with a
 * stored normalisation on some columns), linear layers with and without bias, every
 * activation, add of 2–3 inputs, concat, fan-out, and one or two losses of various kinds.
 */
export function randomDag(seed: number, rowCount = 5): Case {
  const rand = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
  const nodes: NodeSpec[] = [];
  const edges: GraphEdge[] = [];
  const width = new Map<string, number>();
  const inputs: Record<string, number[][]> = {};
  const normalization = { columns: [] as string[], mean: [] as number[], std: [] as number[] };
  const inputCount = rand() < 0.3 ? 2 : 1;
  for (let k = 0; k < inputCount; k++) {
    const id = k === 0 ? 'x' : 'z';
    const size = 1 + Math.floor(rand() * 3);
    const columns = Array.from({ length: size }, (_, c) => `${id}_${c}`);
    nodes.push({ id, type: 'input', params: { size, columns } });
    width.set(id, size);
    inputs[id] = randomRows(rand, rowCount, size, -3, 3);
    for (const c of columns) {
      if (rand() < 0.6) {
        normalization.columns.push(c);
        normalization.mean.push(rand() * 2 - 1);
        normalization.std.push(0.5 + rand() * 2);
      }
    }
  }
  let counter = 0;
  const linear = (source: string, out: number): string => {
    const id = `lin${counter++}`;
    const bias = rand() < 0.8;
    nodes.push({
      id,
      type: 'linear',
      params: { in: width.get(source)!, out, ...(bias ? {} : { bias: false }) },
      weights: linearWeights(rand, width.get(source)!, out, 1, bias),
    });
    edges.push(edge(source, id));
    width.set(id, out);
    return id;
  };
  const count = 4 + Math.floor(rand() * 6);
  for (let i = 0; i < count; i++) {
    const existing = [...width.keys()];
    const kind = pick([
      'linear',
      'linear',
      'tanh',
      'sigmoid',
      'relu',
      'leaky_relu',
      'identity',
      'softmax',
      'add',
      'concat',
    ] as const);
    if (kind === 'linear') {
      linear(pick(existing), 1 + Math.floor(rand() * 4));
    } else if (kind === 'add' || kind === 'concat') {
      const k = 2 + Math.floor(rand() * 2);
      const sources = [pick(existing)];
      for (let j = 1; j < k; j++) {
        const candidate = pick(existing);
        sources.push(
          kind === 'concat' || width.get(candidate) === width.get(sources[0])
            ? candidate
            : linear(candidate, width.get(sources[0])!),
        );
      }
      const id = `${kind}${counter++}`;
      nodes.push({ id, type: kind, params: { inputs: k } });
      sources.forEach((s, j) => edges.push(edge(s, id, `in${j}`)));
      width.set(id, kind === 'add' ? width.get(sources[0])! : sources.reduce((s, src) => s + width.get(src)!, 0));
    } else {
      const source = pick(existing);
      const id = `${kind}${counter++}`;
      nodes.push({
        id,
        type: kind,
        ...(kind === 'leaky_relu' ? { params: { slope: Math.round(rand() * 100) / 400 } } : {}),
      });
      edges.push(edge(source, id));
      width.set(id, width.get(source)!);
    }
  }
  // Every Input and every sink feeds the prediction, so nothing is left out.
  const sinks = [...width.keys()].filter((id) => !edges.some((e) => e.source === id));
  let head = sinks[0];
  if (sinks.length > 1) {
    nodes.push({ id: 'join', type: 'concat', params: { inputs: sinks.length } });
    sinks.forEach((s, j) => edges.push(edge(s, 'join', `in${j}`)));
    width.set(
      'join',
      sinks.reduce((s, src) => s + width.get(src)!, 0),
    );
    head = 'join';
  }
  const outSize = 1 + Math.floor(rand() * 3);
  const out = linear(head, outSize);
  const lossType = pick(['mse', 'mae', 'cross_entropy'] as const);
  nodes.push(
    { id: 't', type: 'target', params: { size: lossType === 'cross_entropy' ? 1 : outSize } },
    { id: 'L', type: lossType },
  );
  edges.push(edge(out, 'L', 'pred'), edge('t', 'L', 'target'));
  if (rand() < 0.5) {
    const tapped = pick([...width.keys()].filter((id) => !(id in inputs) && id !== out));
    if (tapped) {
      const p = `p${counter++}`;
      nodes.push(
        { id: p, type: 'sigmoid' },
        { id: 't2', type: 'target', params: { size: width.get(tapped)! } },
        { id: 'L2', type: 'bce' },
      );
      edges.push(edge(tapped, p), edge(p, 'L2', 'pred'), edge('t2', 'L2', 'target'));
    }
  }
  const doc: GraphDocument = {
    ...makeDocument(nodes, edges, { optimizer: 'adam', lr: 0.01, batchSize: 4, epochs: 3, seed }),
    name: `random DAG ${seed}`,
    ...(normalization.columns.length ? { data: { standardize: true, normalization } } : {}),
  };
  const columns = Object.keys(inputs).flatMap((id) => nodes.find((n) => n.id === id)!.params!.columns as string[]);
  const values = Float64Array.from(
    Array.from({ length: rowCount }, (_, r) => Object.values(inputs).flatMap((rs) => rs[r])).flat(),
  );
  const dataset: Dataset = { name: 'random rows', columns, rows: rowCount, values, categories: {} };
  return {
    name: `random DAG ${seed}`,
    document: doc,
    dataset,
    inputs,
    expected: enginePredictions(doc, dataset, predictionIds(doc)),
  };
}

/** |actual − expected| ≤ tolerance · max(1, |expected|) for every value. */
export function expectAgree(
  actual: ArrayLike<number>,
  expected: readonly number[],
  tolerance: number,
  what: string,
): void {
  expect(actual.length, `${what}: number of values`).toBe(expected.length);
  let worst = 0,
    at = -1;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
    if (!(d <= worst)) [worst, at] = [Number.isNaN(d) ? Infinity : d, i];
  }
  expect(worst, `${what}: value ${at} is ${actual[at]}, expected ${expected[at]}`).toBeLessThanOrEqual(tolerance);
}

/** The bytes of a model with these graph inputs, nodes, outputs and weights (opset 17). */
export function onnxBytes(
  inputs: OnnxValueInfo[],
  nodes: (Omit<OnnxNode, 'domain' | 'attributes' | 'name'> & Partial<Pick<OnnxNode, 'attributes' | 'name'>>)[],
  outputs: string[],
  initializers: OnnxTensor[] = [],
): Uint8Array {
  return encodeModel({
    irVersion: 8,
    opsets: [{ domain: '', version: 17 }],
    producerName: 'test',
    producerVersion: '',
    domain: '',
    modelVersion: 1,
    docString: '',
    graph: {
      name: 'g',
      nodes: nodes.map((n, i) => ({ name: `n${i}`, domain: '', attributes: [], ...n })),
      initializers,
      inputs,
      outputs: outputs.map((name) => ({ name, kind: 'tensor', elemType: DataType.FLOAT })),
    },
    metadata: {},
  });
}

export const table = (name: string, rows: { value: number } | { param: string }, cols: number): OnnxValueInfo => ({
  name,
  kind: 'tensor',
  elemType: DataType.FLOAT,
  shape: [rows, { value: cols }],
});
export const weight = (name: string, dims: number[], values: ArrayLike<number>): OnnxTensor => ({
  name,
  dims,
  dataType: DataType.FLOAT,
  values: Float64Array.from(values),
});
