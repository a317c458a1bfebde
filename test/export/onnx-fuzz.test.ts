/**
 * Seeded fuzzing of the ONNX importer (issue 11) over mutated real exports: random DAGs using
 * every exportable block, written by exportOnnx with their recorded document and without it (so
 * that the importer's own reading of normalisations, biases and losses runs), and small models
 * shaped like torch.onnx.export's. Two kinds of mutation: bytes (flips, truncation, insertion,
 * deletion, copies, runs of 0xff that make endless varints) and structure (a tensor or input
 * declared huge or empty, an operator swapped, inputs rewired, a node repeated many times).
 *
 * For every file: importOnnx returns (never throws) a result whose problems are messages, none of
 * them an internal error, within a bound far above what the import takes; a document it accepts
 * loads again from its saved text, runs a training step and exports to ONNX; and the process's
 * peak memory stays within a bound no bomb would keep to.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileGraph,
  Executor,
  exportOnnx,
  importOnnx,
  loadDocument,
  serializeDocument,
  type OnnxImportResult,
} from '../../src/engine/index.js';
import {
  AttributeType,
  DataType,
  decodeModel,
  encodeModel,
  type OnnxModel,
  type OnnxTensor,
} from '../../src/engine/interop/onnx-proto.js';
import { onnxBytes, randomDag, table, weight } from './helpers.js';

const SEED = 20_261_202;
/** Far above an import of these few-kilobyte files even on a machine whose cores are all busy. */
const CALL_BOUND_MS = 20_000;
/** Peak memory the whole fuzz may add; a bomb would take gigabytes. */
const GROWTH_MB = 400;

function corpus(): Uint8Array[] {
  const files: Uint8Array[] = [];
  for (const seed of [3, 8, 21, 34, 55, 89]) {
    const exported = exportOnnx(randomDag(seed).document);
    if (!exported.ok) throw new Error(`random DAG ${seed} does not export`);
    files.push(exported.bytes, encodeModel({ ...decodeModel(exported.bytes), metadata: {} }));
  }
  const batch = { param: 'batch' } as const;
  // (x − mean) / std → Gemm → Relu → Gemm → Softmax, and the normalised input as a second output.
  files.push(
    onnxBytes(
      [table('x', batch, 3)],
      [
        { opType: 'Sub', inputs: ['x', 'mean'], outputs: ['c'] },
        { opType: 'Div', inputs: ['c', 'std'], outputs: ['n'] },
        { opType: 'Gemm', inputs: ['n', 'W1', 'b1'], outputs: ['h'], attributes: transB },
        { opType: 'Relu', inputs: ['h'], outputs: ['r'] },
        { opType: 'MatMul', inputs: ['r', 'W2'], outputs: ['m'] },
        { opType: 'Add', inputs: ['m', 'b2'], outputs: ['logits'] },
        { opType: 'Softmax', inputs: ['logits'], outputs: ['p'], attributes: [intAttr('axis', 1)] },
      ],
      ['p', 'n'],
      [
        weight('mean', [3], [1, 2, 3]),
        weight('std', [3], [0.5, 1, 2]),
        weight('W1', [4, 3], [0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.7, -0.8, 0.9, -1, 1.1, -1.2]),
        weight('b1', [4], [0, 0.1, -0.1, 0.2]),
        weight('W2', [4, 2], [1, -1, 0.5, -0.5, 0.25, -0.25, 2, -2]),
        weight('b2', [], [0.3]),
      ],
    ),
    // Greater → Cast (a step), Concat, Add of two tensors, Flatten, Dropout, Identity, Sigmoid.
    onnxBytes(
      [table('a', batch, 2), table('b', batch, 2)],
      [
        { opType: 'Flatten', inputs: ['a'], outputs: ['fa'], attributes: [intAttr('axis', 1)] },
        { opType: 'Greater', inputs: ['fa', 'zero'], outputs: ['g'] },
        { opType: 'Cast', inputs: ['g'], outputs: ['s'], attributes: [intAttr('to', DataType.FLOAT)] },
        { opType: 'Concat', inputs: ['s', 'b'], outputs: ['cat'], attributes: [intAttr('axis', 1)] },
        { opType: 'Dropout', inputs: ['cat'], outputs: ['d'] },
        { opType: 'Identity', inputs: ['d'], outputs: ['i'] },
        { opType: 'Tanh', inputs: ['b'], outputs: ['t'] },
        { opType: 'Add', inputs: ['t', 'b'], outputs: ['sum'] },
        { opType: 'Concat', inputs: ['i', 'sum'], outputs: ['all'], attributes: [intAttr('axis', -1)] },
        { opType: 'Sigmoid', inputs: ['all'], outputs: ['y'] },
      ],
      ['y'],
      [weight('zero', [], [0])],
    ),
  );
  return files;
}

function intAttr(name: string, i: number) {
  return { name, type: AttributeType.INT, i };
}
const transB = [intAttr('transB', 1)];

/** One training step (forward and backward) over a few rows of zeros and small numbers. */
function trainOneStep(doc: Parameters<typeof compileGraph>[0]): void {
  const compiled = compileGraph(doc);
  expect(compiled.ok).toBe(true);
  if (!compiled.ok) return;
  const ex = new Executor(compiled.graph, { precision: 'float64' });
  const rows = 3;
  const batch: Record<string, number[][]> = {};
  for (const n of compiled.graph.nodes) {
    if (!n.def.source) continue;
    // Targets of zeros are a valid class index, probability and value alike.
    batch[n.id] = Array.from({ length: rows }, (_, r) =>
      Array.from({ length: n.outputSize }, (_, c) => (n.def.source === 'targets' ? 0 : ((r + c) % 5) / 4 - 0.5)),
    );
  }
  ex.feed(batch);
  ex.forward();
  ex.backward();
}

function checkImport(bytes: Uint8Array): OnnxImportResult {
  const started = performance.now();
  let result: OnnxImportResult | undefined;
  expect(() => {
    result = importOnnx(bytes);
  }).not.toThrow();
  expect(performance.now() - started).toBeLessThan(CALL_BOUND_MS);
  const r = result!;
  if (!r.ok) {
    expect(r.diagnostics.length).toBeGreaterThan(0);
    for (const d of r.diagnostics) {
      expect(typeof d.message === 'string' && d.message.length > 0).toBe(true);
      expect(d.message).not.toMatch(/internal error/);
    }
    return r;
  }
  const reopened = loadDocument(JSON.parse(serializeDocument(r.document)));
  expect(reopened.ok, reopened.ok ? '' : reopened.diagnostics[0].message).toBe(true);
  trainOneStep(r.document);
  const exported = exportOnnx(r.document);
  expect(exported.ok, exported.ok ? '' : exported.diagnostics[0].message).toBe(true);
  return r;
}

// ---- byte mutations ---------------------------------------------------------------------------

type ByteMutation =
  | { kind: 'flip'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'copy'; from: number; at: number; length: number }
  | { kind: 'endless varint'; at: number; length: number };

const position = fc.integer({ min: 0, max: 1_000_000 });
const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: position, value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: position,
    bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({
    kind: fc.constant('copy' as const),
    from: position,
    at: position,
    length: fc.integer({ min: 1, max: 256 }),
  }),
  fc.record({ kind: fc.constant('endless varint' as const), at: position, length: fc.integer({ min: 1, max: 12 }) }),
);

function mutateBytes(original: Uint8Array, mutations: readonly ByteMutation[]): Uint8Array {
  let b = original;
  for (const m of mutations) {
    const at = m.at % (b.length + 1);
    switch (m.kind) {
      case 'flip':
        if (b.length === 0) break;
        b = b.slice();
        b[at % b.length] = m.value;
        break;
      case 'truncate':
        b = b.slice(0, at);
        break;
      case 'insert':
        b = concat(b.subarray(0, at), m.bytes, b.subarray(at));
        break;
      case 'delete':
        b = concat(b.subarray(0, at), b.subarray(at + m.length));
        break;
      case 'copy': {
        const from = m.from % (b.length + 1);
        b = concat(b.subarray(0, at), b.subarray(from, from + m.length), b.subarray(at));
        break;
      }
      case 'endless varint':
        b = concat(b.subarray(0, at), new Uint8Array(m.length).fill(0xff), b.subarray(at + m.length));
        break;
    }
  }
  return b;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// ---- structure mutations ----------------------------------------------------------------------

/** Shapes a file could declare: huge with no values (zero in one dimension), past the limits, negative, empty. */
const declaredDims = [[1e9, 0], [0, 1e9], [3e8], [65_537, 1], [1, 65_537], [2000, 2001], [-1, -1], [0], [], [1, 1, 1]];
const declaredColumns = [3e8, 65_537, 65_536, 0, -5, 1, 2 ** 53];
const operators = ['Gemm', 'MatMul', 'Add', 'Sub', 'Div', 'Relu', 'Softmax', 'Concat', 'Transpose', 'Reshape', 'Cast'];

type StructureMutation =
  | { kind: 'tensor dims'; tensor: number; dims: number; keepValues: boolean }
  | { kind: 'input columns'; input: number; columns: number }
  | { kind: 'operator'; node: number; op: number }
  | { kind: 'rewire'; node: number; port: number; source: number }
  | { kind: 'repeat node'; node: number; times: number }
  | { kind: 'attribute'; node: number; value: number };

const index = fc.nat({ max: 1000 });
const structureMutation: fc.Arbitrary<StructureMutation> = fc.oneof(
  fc.record({
    kind: fc.constant('tensor dims' as const),
    tensor: index,
    dims: fc.nat({ max: declaredDims.length - 1 }),
    keepValues: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('input columns' as const),
    input: index,
    columns: fc.nat({ max: declaredColumns.length - 1 }),
  }),
  fc.record({ kind: fc.constant('operator' as const), node: index, op: fc.nat({ max: operators.length - 1 }) }),
  fc.record({ kind: fc.constant('rewire' as const), node: index, port: index, source: index }),
  fc.record({ kind: fc.constant('repeat node' as const), node: index, times: fc.integer({ min: 2, max: 200 }) }),
  fc.record({ kind: fc.constant('attribute' as const), node: index, value: fc.integer({ min: -3, max: 3 }) }),
);

function mutateStructure(bytes: Uint8Array, mutations: readonly StructureMutation[]): Uint8Array {
  const model: OnnxModel = decodeModel(bytes);
  const g = model.graph;
  const tensorNames = [
    ...g.inputs.map((i) => i.name),
    ...g.initializers.map((t) => t.name),
    ...g.nodes.flatMap((n) => n.outputs),
  ];
  for (const m of mutations) {
    switch (m.kind) {
      case 'tensor dims': {
        if (g.initializers.length === 0) break;
        const k = m.tensor % g.initializers.length;
        const t: OnnxTensor = g.initializers[k];
        const dims = declaredDims[m.dims];
        g.initializers[k] = { ...t, dims, values: m.keepValues ? t.values : new Float64Array(0) };
        break;
      }
      case 'input columns': {
        if (g.inputs.length === 0) break;
        const info = g.inputs[m.input % g.inputs.length];
        info.shape = [{ param: 'batch' }, { value: declaredColumns[m.columns] }];
        break;
      }
      case 'operator':
        if (g.nodes.length > 0) g.nodes[m.node % g.nodes.length].opType = operators[m.op];
        break;
      case 'rewire': {
        if (g.nodes.length === 0) break;
        const node = g.nodes[m.node % g.nodes.length];
        if (node.inputs.length > 0)
          node.inputs[m.port % node.inputs.length] = tensorNames[m.source % tensorNames.length];
        break;
      }
      case 'repeat node': {
        if (g.nodes.length === 0) break;
        const k = m.node % g.nodes.length;
        const node = g.nodes[k];
        const copies = Array.from({ length: m.times }, (_, i) => ({ ...node, name: `${node.name}_${i}` }));
        g.nodes.splice(k, 1, ...copies);
        break;
      }
      case 'attribute': {
        if (g.nodes.length === 0) break;
        const node = g.nodes[m.node % g.nodes.length];
        node.attributes = node.attributes.map((a) => (a.type === AttributeType.INT ? { ...a, i: m.value } : a));
        break;
      }
    }
  }
  return encodeModel(model);
}

describe('ONNX import under fuzzing (seeded)', () => {
  const files = corpus();
  const peak = () => process.resourceUsage().maxRSS / 1024;
  const before = peak();

  it('imports every unmutated file of the corpus', () => {
    for (const bytes of files) {
      const r = checkImport(bytes);
      expect(r.ok, r.ok ? '' : r.diagnostics[0].message).toBe(true);
    }
  });

  it('mutated bytes: never throws, refuses with messages, or gives a document that trains, saves and exports', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: files.length - 1 }),
        fc.array(byteMutation, { minLength: 1, maxLength: 6 }),
        (k, ms) => {
          checkImport(mutateBytes(files[k], ms));
        },
      ),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('mutated structure (huge declared tensors and inputs, swapped operators, rewired and repeated nodes): the same', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: files.length - 1 }),
        fc.array(structureMutation, { minLength: 1, maxLength: 4 }),
        (k, ms) => {
          checkImport(mutateStructure(files[k], ms));
        },
      ),
      { seed: SEED + 1, numRuns: 300 },
    );
  });

  it('keeps the peak memory of the whole fuzz bounded', () => {
    expect(peak() - before).toBeLessThan(GROWTH_MB);
  });
});
