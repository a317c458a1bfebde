/**
 * Seeded fuzzing of graph documents (fast-check): random graphs built from every block type with
 * random, sometimes absurd, params, sizes and stored weights, then mutated. Whatever comes in:
 * no exception escapes loading, validation or compiling, each call finishes within a bound, and
 * every document that validates trains a step, saves, reopens with the same weights and exports
 * to ONNX (which imports again) and PyTorch — or is refused with a message, never a crash.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bindData,
  blockTypes,
  compileGraph,
  type CompiledGraph,
  CURRENT_VERSION,
  type Dataset,
  type Diagnostic,
  DivergenceError,
  exportOnnx,
  exportPytorch,
  FORMAT,
  type GraphDocument,
  importOnnx,
  loadDocument,
  MAX_PARAMETERS,
  parseDocument,
  resolveTraining,
  serializeDocument,
  Trainer,
} from '../../src/engine/index.js';

/**
 * Generous: a call that takes longer hangs. (Speed itself is measured in `npm run bench`; this
 * only catches work that grows without bound, such as the 1e9-column Linear that used to hang.)
 */
const CALL_BOUND_MS = 20_000;

function timed<T>(what: string, f: () => T): T {
  const start = performance.now();
  const result = f();
  const ms = performance.now() - start;
  expect(ms, `${what} took ${ms.toFixed(0)} ms`).toBeLessThan(CALL_BOUND_MS);
  return result;
}

const wellFormed = (d: Diagnostic) => d.where.length > 0 && d.message.length > 0;

const computeTypes = blockTypes()
  .filter((b) => b.category !== 'data' && b.category !== 'loss')
  .map((b) => b.type);
const lossTypes = blockTypes()
  .filter((b) => b.category === 'loss')
  .map((b) => b.type);

/** Mostly small sizes, sometimes the absurd ones a file can hold. */
const size = fc.oneof(
  { weight: 24, arbitrary: fc.integer({ min: 1, max: 5 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(0, -1, 2.5, 65_536, 65_537, 1e6, 1e9, 1e15, 2 ** 31, Number.MAX_SAFE_INTEGER),
  },
);
const weightValue = fc.oneof(
  { weight: 10, arbitrary: fc.double({ min: -2, max: 2, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1e30, -1e30, 3.4e38, 1e-40) },
);

interface Plan {
  inputs: number[];
  blocks: {
    type: string;
    sources: number[];
    out: number;
    given: 'wrong' | 'right' | 'left out';
    bias: boolean;
    weights: boolean;
  }[];
  loss: string;
  targetSize: number | 'fit' | 'left out';
  training: { optimizer: 'sgd' | 'momentum' | 'adam'; lr: number; batchSize: number | 'full' };
  seed: number;
}

const plan: fc.Arbitrary<Plan> = fc.record({
  inputs: fc.array(size, { minLength: 1, maxLength: 2 }),
  blocks: fc.array(
    fc.record({
      type: fc.oneof(
        { weight: 3, arbitrary: fc.constant('linear') },
        { weight: 4, arbitrary: fc.constantFrom(...computeTypes) },
      ),
      sources: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
      out: size,
      // A Linear's `in`: one in ten does not fit its input, a third are left out (inferred).
      given: fc.integer({ min: 0, max: 9 }).map((n) => (n === 0 ? 'wrong' : n <= 3 ? 'left out' : 'right')),
      bias: fc.boolean(),
      weights: fc.boolean(),
    }),
    { maxLength: 6 },
  ),
  loss: fc.constantFrom(...lossTypes),
  targetSize: fc.oneof(
    { weight: 3, arbitrary: fc.constant('fit' as const) },
    { weight: 2, arbitrary: fc.constant('left out' as const) },
    { weight: 1, arbitrary: size },
  ),
  training: fc.record({
    optimizer: fc.constantFrom('sgd' as const, 'momentum' as const, 'adam' as const),
    lr: fc.constantFrom(1e-3, 0.01, 0.1, 1, 1e3),
    batchSize: fc.oneof(fc.integer({ min: 1, max: 16 }), fc.constant('full' as const)),
  }),
  seed: fc.nat(),
});

/** A document from a plan: mostly valid, with the plan's absurd sizes and wrong inputs where it has them. */
function build(p: Plan): GraphDocument {
  const nodes: GraphDocument['nodes'] = [];
  const edges: GraphDocument['edges'] = [];
  const sizes = new Map<string, number>();
  let weightSeed = p.seed;
  const value = () => {
    weightSeed = (weightSeed * 1103515245 + 12345) % 2 ** 31;
    return (weightSeed / 2 ** 31) * 2 - 1;
  };
  p.inputs.forEach((s, i) => {
    nodes.push({ id: `x${i}`, type: 'input', params: { size: s } });
    sizes.set(`x${i}`, s);
  });
  const ids = () => nodes.filter((n) => n.type !== 'target').map((n) => n.id);
  p.blocks.forEach((b, k) => {
    const id = `b${k}`;
    const available = ids();
    const pick = (j: number) => available[b.sources[j % b.sources.length] % available.length];
    const def = blockTypes().find((d) => d.type === b.type)!;
    const combine = def.category === 'combine';
    const count = combine ? Math.max(2, Math.min(b.sources.length, 3)) : 1;
    const sources = Array.from({ length: count }, (_, j) => pick(j));
    const params: Record<string, unknown> = {};
    if (combine) params.inputs = count;
    const inputColumns = sizes.get(sources[0])!;
    let out = inputColumns;
    if (b.type === 'linear') {
      if (b.given !== 'left out') params.in = b.given === 'wrong' ? inputColumns + 1 : inputColumns;
      params.out = b.out;
      params.bias = b.bias;
      out = b.out;
    }
    if (b.type === 'concat') out = sources.reduce((s, src) => s + sizes.get(src)!, 0);
    const node: GraphDocument['nodes'][number] = { id, type: b.type, params };
    if (b.type === 'linear' && b.weights && Number.isInteger(inputColumns) && inputColumns * b.out <= 64) {
      const n = b.given === 'wrong' ? inputColumns + 1 : inputColumns;
      node.weights = { W: { shape: [b.out, n], data: Array.from({ length: b.out * n }, value) } };
      if (b.bias) node.weights.b = { shape: [b.out], data: Array.from({ length: b.out }, value) };
    }
    nodes.push(node);
    sizes.set(id, out);
    sources.forEach((src, j) => edges.push({ source: src, target: id, targetHandle: combine ? `in${j}` : 'in' }));
  });
  const pred = ids().at(-1)!;
  const predSize = sizes.get(pred)!;
  const classIndex = ['nll', 'cross_entropy'].includes(p.loss);
  const targetSize = p.targetSize === 'fit' ? (classIndex ? 1 : predSize) : p.targetSize;
  nodes.push({ id: 't', type: 'target', params: p.targetSize === 'left out' ? {} : { size: targetSize } });
  nodes.push({ id: 'L', type: p.loss });
  edges.push({ source: pred, target: 'L', targetHandle: 'pred' }, { source: 't', target: 'L', targetHandle: 'target' });
  return {
    format: FORMAT,
    version: CURRENT_VERSION,
    name: 'fuzz',
    nodes,
    edges,
    training: { ...p.training, seed: p.seed, epochs: 1 },
  };
}

const activationTypes = blockTypes()
  .filter((b) => b.category === 'activation')
  .map((b) => b.type);

/** Changes that break a document, and (weighted higher) changes that keep it valid with odd values. */
const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('param' as const),
    node: fc.nat(),
    key: fc.constantFrom('in', 'out', 'size', 'inputs', 'init', 'std', 'bias', 'slope', 'a', 'b', 'columns'),
    value: fc.oneof(size, fc.jsonValue(), fc.constantFrom(['a'], ['a', 'b'], ['toString'], 1e999)),
  }),
  fc.record({
    kind: fc.constant('type' as const),
    node: fc.nat(),
    value: fc.constantFrom(...computeTypes, ...lossTypes),
  }),
  fc.record({ kind: fc.constant('drop-edge' as const), edge: fc.nat() }),
  fc.record({
    kind: fc.constant('weights' as const),
    node: fc.nat(),
    value: fc.oneof(
      fc.jsonValue(),
      fc.record({
        W: fc.record({ shape: fc.array(size, { maxLength: 3 }), data: fc.array(weightValue, { maxLength: 8 }) }),
      }),
    ),
  }),
  fc.record({
    kind: fc.constant('training' as const),
    key: fc.constantFrom('lr', 'batchSize', 'epochs', 'optimizer', 'momentum', 'validationSplit'),
    value: fc.oneof(fc.jsonValue(), fc.constantFrom(0, 0.5, 1e9, 'full', 'adam')),
  }),
  ...Array.from({ length: 3 }, () =>
    fc.oneof(
      fc.record({
        kind: fc.constant('activation' as const),
        node: fc.nat(),
        value: fc.constantFrom(...activationTypes),
      }),
      fc.record({
        kind: fc.constant('scale-weights' as const),
        node: fc.nat(),
        factor: fc.constantFrom(0, -1, 1e-30, 1e6, 1e30),
      }),
      fc.record({
        kind: fc.constant('option' as const),
        node: fc.nat(),
        key: fc.constantFrom('init', 'std', 'slope', 'a', 'b', 'label', 'trainable'),
        value: fc.constantFrom('he', 'xavier', 'zeros', 'manual', 1e-30, 0.5, 3, false, true),
      }),
      fc.record({
        kind: fc.constant('setting' as const),
        key: fc.constantFrom('lr', 'batchSize', 'optimizer', 'momentum', 'shuffle', 'targetLoss'),
        value: fc.constantFrom(1e-9, 0.5, 1, 1e6, 3, 'adam', 'momentum', true, false),
      }),
    ),
  ),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

/** Where a param key belongs: `label` and `trainable` are node fields, the rest params. */
const nodeFields = new Set(['label', 'trainable']);

function mutate(doc: GraphDocument, mutations: Mutation[]): unknown {
  const d = structuredClone(doc) as unknown as { nodes: any[]; edges: any[]; training: Record<string, unknown> };
  for (const m of mutations) {
    const node = 'node' in m ? d.nodes[m.node % d.nodes.length] : undefined;
    if (m.kind === 'param' && node) node.params = { ...node.params, [m.key]: m.value };
    if (m.kind === 'type' && node) node.type = m.value;
    if (m.kind === 'activation' && node && activationTypes.includes(node.type)) node.type = m.value;
    if (m.kind === 'weights' && node) node.weights = m.value;
    if (m.kind === 'scale-weights' && node?.weights)
      for (const t of Object.values(node.weights as Record<string, { data: number[] }>))
        t.data = t.data.map((v) => v * m.factor);
    if (m.kind === 'option' && node) {
      const fields = blockTypes().find((b) => b.type === node.type)?.fields ?? [];
      if (nodeFields.has(m.key) || !fields.some((f) => f.key === m.key))
        node[m.key === 'trainable' ? 'trainable' : 'label'] =
          m.key === 'trainable' ? m.value === true : String(m.value);
      else node.params = { ...node.params, [m.key]: m.value };
    }
    if (m.kind === 'drop-edge' && d.edges.length > 0) d.edges.splice(m.edge % d.edges.length, 1);
    if (m.kind === 'training' || m.kind === 'setting') d.training[m.key] = m.value;
  }
  return d;
}

/** Data that fits a compiled graph: its own columns for every data block; targets 0/1 (0 where a loss has one class). */
function dataFor(graph: CompiledGraph, rows: number, seed: number): Dataset {
  const columns: string[] = [];
  const targetColumns: string[] = [];
  const classIndexWith = new Map<number, number>();
  for (const loss of graph.losses.map((n) => graph.nodes[n])) {
    const t = loss.inputs[1].source;
    const classes = graph.nodes[loss.inputs[0].source].outputSize;
    classIndexWith.set(t, Math.min(classIndexWith.get(t) ?? Number.POSITIVE_INFINITY, classes));
  }
  const kinds: ('feature' | number)[] = [];
  const taken = new Set<string>();
  graph.nodes.forEach((node, n) => {
    if (!node.def.source) return;
    const names: string[] = node.params.columns ?? Array.from({ length: node.outputSize }, (_, k) => `${node.id}_${k}`);
    for (const c of names) {
      if (taken.has(c)) continue;
      taken.add(c);
      columns.push(c);
      kinds.push(node.def.source === 'targets' ? Math.min(2, classIndexWith.get(n) ?? 2) : 'feature');
      if (node.def.source === 'targets') targetColumns.push(c);
    }
  });
  let s = seed >>> 0;
  const random = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    return (Math.imul(s ^ (s >>> 15), s | 1) >>> 0) / 4294967296;
  };
  const values = new Float64Array(rows * columns.length);
  for (let r = 0; r < rows; r++)
    kinds.forEach((kind, c) => {
      values[r * columns.length + c] = kind === 'feature' ? random() * 2 - 1 : Math.floor(random() * kind);
    });
  return { name: 'fuzz', columns, rows, values, categories: {}, targetColumns };
}

interface Outcome {
  accepted: boolean;
  trained: boolean;
  exported: boolean;
}

/** Loads, validates, trains a step, saves, reopens and exports `value`; asserts what must hold at each stage. */
function exercise(value: unknown, seed: number): Outcome {
  const outcome: Outcome = { accepted: false, trained: false, exported: false };
  const loaded = timed('loadDocument', () => loadDocument(value));
  if (!loaded.ok) {
    expect(loaded.diagnostics.length).toBeGreaterThan(0);
    expect(loaded.diagnostics.every(wellFormed)).toBe(true);
    return outcome;
  }
  const compiled = timed('compileGraph', () => compileGraph(loaded.document));
  expect(compiled.diagnostics.every(wellFormed)).toBe(true);
  if (!compiled.ok) {
    expect(compiled.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    return outcome;
  }
  outcome.accepted = true;
  const graph = compiled.graph;
  const parameters = graph.nodes.reduce(
    (sum, node) =>
      sum +
      Object.values(node.def.weightShapes?.(node.params) ?? {}).reduce(
        (s, shape) => s + shape.reduce((a, b) => a * b, 1),
        0,
      ),
    0,
  );
  expect(parameters).toBeLessThanOrEqual(MAX_PARAMETERS);

  const data = dataFor(graph, 8, seed);
  const bound = bindData(graph, data);
  if (!bound.ok) {
    // Data the generator could not fit (a target shared by losses that want different columns).
    expect(bound.diagnostics.every(wellFormed)).toBe(true);
    return outcome;
  }
  const trainer = timed(
    'new Trainer',
    () => new Trainer(graph, bound.value, resolveTraining(loaded.document.training, { epochs: 1, validationSplit: 0 })),
  );
  try {
    timed('a training step', () => trainer.step());
  } catch (e) {
    // Divergence is an answer (named, weights kept); anything else escaping is a bug.
    if (!(e instanceof DivergenceError)) throw e;
    expect(e.message).toMatch(/^training diverged/);
  }
  outcome.trained = true;

  const saved = trainer.exportDocument();
  const text = timed('serializeDocument', () => serializeDocument(saved));
  const reopened = timed('parseDocument', () => parseDocument(text));
  expect(reopened.ok, reopened.ok ? '' : reopened.diagnostics.map((d) => d.message).join('\n')).toBe(true);
  if (!reopened.ok) return outcome;
  const recompiled = compileGraph(reopened.document);
  expect(recompiled.ok, recompiled.ok ? '' : recompiled.diagnostics.map((d) => d.message).join('\n')).toBe(true);
  const byId = new Map(reopened.document.nodes.map((n) => [n.id, n]));
  for (const p of trainer.executor.parameters) {
    const stored = byId.get(p.node)!.weights![p.name].data;
    const differs = stored.findIndex((v, i) => Math.fround(v) !== Math.fround(p.value[i]));
    expect(differs, `${p.node}.${p.name}[${differs}]`).toBe(-1);
    expect(stored.length).toBe(p.value.length);
  }

  const onnx = timed('exportOnnx', () => exportOnnx(reopened.document));
  if (onnx.ok) {
    const back = timed('importOnnx', () => importOnnx(onnx.bytes));
    expect(back.ok, back.ok ? '' : back.diagnostics.map((d) => d.message).join('\n')).toBe(true);
  } else {
    expect(onnx.diagnostics.every(wellFormed)).toBe(true);
  }
  const torch = timed('exportPytorch', () => exportPytorch(reopened.document));
  if (!torch.ok) expect(torch.diagnostics.every(wellFormed)).toBe(true);
  outcome.exported = onnx.ok && torch.ok;
  return outcome;
}

describe('fuzzed documents', () => {
  it('random graphs of every block type, sizes and weights: refused with a message, or trained, saved, reopened and exported', () => {
    const outcomes: Outcome[] = [];
    fc.assert(
      fc.property(plan, (p) => {
        outcomes.push(exercise(JSON.parse(JSON.stringify(build(p))), p.seed));
      }),
      { seed: 9, numRuns: 150 },
    );
    // The generator makes mostly valid graphs: the stages after validation are exercised, not skipped.
    expect(outcomes.filter((o) => o.trained).length).toBeGreaterThan(outcomes.length / 2);
    expect(outcomes.filter((o) => o.exported).length).toBeGreaterThan(outcomes.length / 3);
    expect(outcomes.some((o) => !o.accepted)).toBe(true);
  });

  it('mutated graphs: params, types, edges, weights and training settings changed at random', () => {
    const outcomes: Outcome[] = [];
    fc.assert(
      fc.property(plan, fc.array(mutation, { minLength: 1, maxLength: 3 }), (p, mutations) => {
        outcomes.push(exercise(mutate(build(p), mutations), p.seed));
      }),
      { seed: 17, numRuns: 200 },
    );
    expect(outcomes.filter((o) => o.trained).length).toBeGreaterThan(outcomes.length / 10);
    expect(outcomes.filter((o) => !o.accepted).length).toBeGreaterThan(outcomes.length / 5);
  });

  it('the documents as text, cut and spliced: parseDocument answers every one', () => {
    fc.assert(
      fc.property(plan, fc.nat(), fc.string(), (p, at, insert) => {
        const text = JSON.stringify(build(p));
        const i = at % (text.length + 1);
        const damaged = text.slice(0, i) + insert + text.slice(i + (at % 3));
        const parsed = timed('parseDocument', () => parseDocument(damaged));
        if (!parsed.ok) expect(parsed.diagnostics.every(wellFormed)).toBe(true);
        else exercise(parsed.document, p.seed);
      }),
      { seed: 23, numRuns: 100 },
    );
  });
});
