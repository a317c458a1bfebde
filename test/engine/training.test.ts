/**
 * The document round trip, the executor's handling of weights and batches, and the Trainer:
 * determinism, resets, divergence, epoch bookkeeping, validation, standardisation and export.
 */
import { describe, expect, it } from 'vitest';
import {
  analyzeGraph,
  bindData,
  DivergenceError,
  Executor,
  findBuiltin,
  fitNormalization,
  parseDocument,
  resolveTraining,
  serializeDocument,
  splitRows,
  Trainer,
  type BoundData,
  type CompiledGraph,
  type Dataset,
  type GraphDocument,
  type TrainingSettings,
} from '../../src/engine/index.js';
import { compile, edge, expectClose, makeDocument, seededRandom, uniform } from './helpers.js';

const regression = (hidden = 3): GraphDocument =>
  makeDocument(
    [
      { id: 'x', type: 'input', params: { size: 2 } },
      { id: 'h', type: 'linear', params: { in: 2, out: hidden } },
      { id: 'a', type: 'tanh' },
      { id: 'o', type: 'linear', params: { in: hidden, out: 1 } },
      { id: 't', type: 'target', params: { size: 1 } },
      { id: 'L', type: 'mse' },
    ],
    [edge('x', 'h'), edge('h', 'a'), edge('a', 'o'), edge('o', 'L', 'pred'), edge('t', 'L', 'target')],
  );

/** 23 rows: x1 ∈ [0, 10], x2 ∈ [−50, −40] (far from standardised), y = sin(x1) + x2 / 50. */
function rawData(rows = 23): Dataset {
  const rand = seededRandom(8);
  const values: number[] = [];
  for (let r = 0; r < rows; r++) {
    const x1 = uniform(rand, 0, 10),
      x2 = uniform(rand, -50, -40);
    values.push(x1, x2, Math.sin(x1) + x2 / 50);
  }
  return { name: 'raw', columns: ['x1', 'x2', 'y'], rows, values: Float64Array.from(values), categories: {} };
}

function bound(graph: CompiledGraph, data: Dataset = rawData()): BoundData {
  const result = bindData(graph, data);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return result.value;
}

function trainer(
  settings: TrainingSettings = {},
  options: ConstructorParameters<typeof Trainer>[3] = {},
  doc = regression(),
): Trainer {
  const graph = compile(doc);
  return new Trainer(
    graph,
    bound(graph),
    resolveTraining({ optimizer: 'adam', lr: 0.01, batchSize: 5, seed: 1, ...settings }),
    options,
  );
}

const allWeights = (t: Trainer) => t.executor.parameters.map((p) => Array.from(p.value));

describe('the document format', () => {
  it('round-trips exactly: parse → serialize → parse, weights at full double precision', () => {
    const doc = regression(2) as GraphDocument & Record<string, unknown>;
    const awkward = [0.1 + 0.2, 1e-300, -5e-324, 1 / 3, 123456789.12345679, -0.000001, 2 ** 53 + 2, Number.MAX_VALUE];
    doc.nodes[1].weights = {
      W: { shape: [2, 2], data: awkward.slice(0, 4) },
      b: { shape: [2], data: awkward.slice(4, 6) },
    };
    doc.nodes[3].weights = { W: { shape: [1, 2], data: awkward.slice(6, 8) }, b: { shape: [1], data: [0] } };
    doc.nodes[0].position = { x: 10.5, y: -3 };
    doc.training = { optimizer: 'momentum', lr: 0.05, momentum: 0.95, batchSize: 'full', epochs: 3, seed: -7 };
    doc.data = {
      source: 'raw',
      features: ['x1', 'x2'],
      targets: ['y'],
      normalization: { columns: ['x1'], mean: [0.1 + 0.7], std: [1e-3] },
    };
    doc.metrics = { history: [{ epoch: 1, loss: 0.5, accuracy: 0.75 }] };
    // Fields a later version may add are kept, at the top and inside nodes.
    doc.futureField = { nested: [1, 'two'] };
    (doc.nodes[2] as Record<string, unknown>).note = 'kept';
    const text = serializeDocument(doc);
    const first = parseDocument(text);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.document).toEqual(doc);
    expect(first.document.nodes[1].weights!.W.data).toEqual(awkward.slice(0, 4));
    // Loading puts keys in the schema's order; from then on the text is stable.
    const saved = serializeDocument(first.document);
    const second = parseDocument(saved);
    expect(second.ok && second.document).toEqual(first.document);
    expect(second.ok && serializeDocument(second.document)).toBe(saved);
  });

  it('the executor uses stored weights exactly (float64) and rounded once (float32)', () => {
    const doc = regression(2);
    const W = [0.1 + 0.2, -1e-300, 0.7, -1.25];
    doc.nodes[1].weights = { W: { shape: [2, 2], data: W }, b: { shape: [2], data: [0.5, -0.5] } };
    doc.nodes[3].weights = { W: { shape: [1, 2], data: [2, -3] }, b: { shape: [1], data: [0.125] } };
    const graph = compile(doc);
    const f64 = new Executor(graph, { precision: 'float64', seed: 99 });
    expect(Array.from(f64.nodeWeights('h').W.value)).toEqual(W);
    const f32 = new Executor(graph, { precision: 'float32', seed: 99 });
    expect(Array.from(f32.nodeWeights('h').W.value)).toEqual(W.map(Math.fround));
    // And they are what the forward pass computes with.
    f64.feed({ x: [[1, 2]] });
    f64.forward(true);
    const h = [W[0] * 1 + W[1] * 2 + 0.5, W[2] * 1 + W[3] * 2 - 0.5].map(Math.tanh);
    expect(f64.output('o').data[0]).toBeCloseTo(2 * h[0] - 3 * h[1] + 0.125, 14);
    // The export gives the same numbers back.
    expect(f64.exportWeights().h.W.data).toEqual(W);
  });
});

describe('seeds', () => {
  it('the same seed gives the same weights and the same run, bit for bit', () => {
    const a = trainer({ seed: 12 }),
      b = trainer({ seed: 12 });
    expect(allWeights(a)).toEqual(allWeights(b));
    for (let e = 0; e < 5; e++) expect(a.runEpoch()).toEqual(b.runEpoch());
    expect(allWeights(a)).toEqual(allWeights(b));
  });

  it('a different seed gives different weights and a different run', () => {
    const a = trainer({ seed: 12 }),
      b = trainer({ seed: 13 });
    expect(allWeights(a)[0]).not.toEqual(allWeights(b)[0]);
    expect(allWeights(a)[2]).not.toEqual(allWeights(b)[2]);
    expect(a.runEpoch().loss).not.toBe(b.runEpoch().loss);
  });

  it("no node reuses another node's stream under another seed", () => {
    // Weights are drawn per node from (seed, node id); seeds 1…40 and one-letter ids must not
    // give one node's draws to another (as XOR-ing the seed into the name's hash once did).
    const ids = 'abcdefghijklmnopqrstuvwxyz'.split('');
    const doc = makeDocument(
      [
        { id: 'in', type: 'input', params: { size: 1 } },
        ...ids.map((id) => ({ id, type: 'linear', params: { in: 1, out: 2, std: 1 } })),
        { id: 'T', type: 'target', params: { size: 2 } },
        { id: 'j', type: 'add', params: { inputs: 16 } },
        { id: 'k', type: 'add', params: { inputs: 10 } },
        { id: 'm', type: 'add' },
        { id: 'LOSS', type: 'mse' },
      ],
      [],
    );
    // Rename the joins so that only the 26 linear layers have one-letter ids.
    doc.nodes.slice(-4, -1).forEach((n, i) => (n.id = ['join1', 'join2', 'join3'][i]));
    doc.edges = [
      ...ids.map((id) => edge('in', id)),
      ...ids.slice(0, 16).map((id, i) => edge(id, 'join1', `in${i}`)),
      ...ids.slice(16).map((id, i) => edge(id, 'join2', `in${i}`)),
      edge('join1', 'join3', 'in0'),
      edge('join2', 'join3', 'in1'),
      edge('join3', 'LOSS', 'pred'),
      edge('T', 'LOSS', 'target'),
    ];
    const graph = compile(doc);
    const seen = new Map<number, string>();
    for (let seed = 1; seed <= 40; seed++) {
      const ex = new Executor(graph, { precision: 'float64', seed });
      for (const id of ids) {
        const first = ex.nodeWeights(id).W.value[0];
        expect(seen.get(first), `seed ${seed} node ${id}`).toBeUndefined();
        seen.set(first, `seed ${seed} node ${id}`);
      }
    }
  });

  it('reinitialize(seed) draws the weights a fresh executor with that seed would, ignoring stored ones', () => {
    const plain = compile(regression());
    const stored = regression();
    stored.nodes[1].weights = { W: { shape: [3, 2], data: [1, 2, 3, 4, 5, 6] }, b: { shape: [3], data: [1, 1, 1] } };
    const ex = new Executor(compile(stored), { precision: 'float64' });
    expect(Array.from(ex.nodeWeights('h').W.value)).toEqual([1, 2, 3, 4, 5, 6]);
    ex.reinitialize(5);
    const fresh = new Executor(plain, { precision: 'float64', seed: 5 });
    expect(ex.exportWeights()).toEqual(fresh.exportWeights());
    expect(Array.from(ex.nodeWeights('h').b.value)).toEqual([0, 0, 0]);
  });

  it('Trainer.reset() then training again repeats the first run exactly', () => {
    const t = trainer({ seed: 3, shuffle: true });
    const initial = allWeights(t);
    const first = [t.runEpoch(), t.runEpoch(), t.runEpoch()];
    const trained = allWeights(t);
    t.reset();
    expect(allWeights(t)).toEqual(initial);
    expect(t.history).toEqual([]);
    expect(t.epoch).toBe(0);
    const second = [t.runEpoch(), t.runEpoch(), t.runEpoch()];
    expect(second).toEqual(first);
    expect(allWeights(t)).toEqual(trained);
  });
});

describe('the executor', () => {
  it('predicts without target data (predictOnly)', () => {
    const doc = regression();
    const ex = new Executor(compile(doc), { precision: 'float64', seed: 2 });
    ex.setRows(3);
    ex.feed({
      x: [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
    });
    ex.dataTensor('t').data.fill(NaN);
    expect(ex.forward(true)).toBeNaN();
    const predicted = Array.from(ex.output('o').data);
    expect(predicted.every(Number.isFinite)).toBe(true);
    // The loss was not computed from the NaN targets.
    expect(Number.isNaN(ex.output('L').data[0])).toBe(false);
    // Same predictions as a full forward with real targets.
    ex.feed({ t: [[0], [0], [0]] });
    ex.forward();
    expect(Array.from(ex.output('o').data)).toEqual(predicted);
    expect(ex.inference).toEqual(compile(doc).nodes.map((n) => n.id !== 't' && n.id !== 'L'));
  });

  it('binds rows without a target column for prediction', () => {
    const graph = compile(regression());
    const noTargets: Dataset = {
      name: 'rows',
      columns: ['x1', 'x2'],
      rows: 2,
      values: Float64Array.from([1, 2, 3, 4]),
      categories: {},
    };
    expect(bindData(graph, noTargets).ok).toBe(false);
    const result = bindData(graph, noTargets, { inputsOnly: true });
    expect(result.ok).toBe(true);
    if (result.ok) expect(Array.from(result.value.inputs[0].values)).toEqual([1, 2, 3, 4]);
  });

  it('names the classes of a numeric class column 0 … C−1, even a column called constructor', () => {
    const doc = makeDocument(
      [
        { id: 'x', type: 'input', params: { size: 1, columns: ['toString'] } },
        { id: 'h', type: 'linear', params: { in: 1, out: 3 } },
        { id: 't', type: 'target', params: { size: 1, columns: ['constructor'] } },
        { id: 'L', type: 'cross_entropy' },
      ],
      [edge('x', 'h'), edge('h', 'L', 'pred'), edge('t', 'L', 'target')],
    );
    const data: Dataset = {
      name: 'd',
      columns: ['toString', 'constructor'],
      rows: 3,
      values: Float64Array.from([0.5, 0, 1.5, 2, 2.5, 1]),
      categories: {},
    };
    const result = bindData(compile(doc), data);
    expect(result.ok && result.value.classes).toEqual(['0', '1', '2']);
  });

  it('findNonFinite names the first node whose output is not finite', () => {
    const doc = regression(2);
    doc.nodes[1].weights = { W: { shape: [2, 2], data: [1e30, 1, 1, 1] }, b: { shape: [2], data: [0, 0] } };
    doc.nodes[3].weights = { W: { shape: [1, 2], data: [1, 1] }, b: { shape: [1], data: [0] } };
    const ex = new Executor(compile(doc), { precision: 'float32' });
    ex.feed({
      x: [
        [1, 0],
        [1e10, 0],
      ],
      t: [[0], [0]],
    });
    ex.forward();
    expect(ex.findNonFinite()).toEqual({ nodeId: 'h', kind: 'output', detail: 'output [1, 0] = Infinity' });
    // A NaN in the data is found at the input block itself.
    ex.feed({
      x: [
        [1, 0],
        [NaN, 0],
      ],
      t: [[0], [0]],
    });
    ex.forward();
    expect(ex.findNonFinite()?.nodeId).toBe('x');
    ex.feed({
      x: [
        [1, 0],
        [0, 1],
      ],
      t: [[0], [0]],
    });
    ex.forward();
    ex.backward();
    expect(ex.findNonFinite()).toBeNull();
  });

  it('findNonFinite names the node whose input gradient overflows', () => {
    const doc = makeDocument(
      [
        { id: 'x', type: 'input', params: { size: 1 } },
        {
          id: 'h',
          type: 'linear',
          params: { in: 1, out: 1 },
          weights: { W: { shape: [1, 1], data: [1e30] }, b: { shape: [1], data: [0] } },
        },
        { id: 't', type: 'target', params: { size: 1 } },
        { id: 'L', type: 'mse' },
      ],
      [edge('x', 'h'), edge('h', 'L', 'pred'), edge('t', 'L', 'target')],
    );
    const ex = new Executor(compile(doc), { precision: 'float32', inputGradients: true });
    // h = 1e10 and dL/dW = 2h·x = 2e-10 are finite; dL/dx = 2h·W = 2e40 is not.
    ex.feed({ x: [[1e-20]], t: [[0]] });
    ex.forward();
    ex.backward();
    expect(ex.findNonFinite()).toEqual({ nodeId: 'h', kind: 'gradient', detail: '∂L/∂in [0, 0] = Infinity' });
  });

  it('findNonFinite names a node whose gradient overflows when every output is finite', () => {
    const doc = makeDocument(
      [
        { id: 'x', type: 'input', params: { size: 1 } },
        {
          id: 'h',
          type: 'linear',
          params: { in: 1, out: 1 },
          weights: { W: { shape: [1, 1], data: [1] }, b: { shape: [1], data: [0] } },
        },
        { id: 't', type: 'target', params: { size: 1 } },
        { id: 'L', type: 'mse' },
      ],
      [edge('x', 'h'), edge('h', 'L', 'pred'), edge('t', 'L', 'target')],
    );
    const ex = new Executor(compile(doc), { precision: 'float32' });
    // Loss mean(h²) = 2.25e38 fits in float32; dL/dW = Σ 2h·x / 2 = 4.5e38 does not.
    ex.feed({ x: [[1.5e19], [1.5e19]], t: [[0], [0]] });
    expect(Number.isFinite(ex.forward())).toBe(true);
    ex.backward();
    expect(ex.findNonFinite()).toEqual({ nodeId: 'h', kind: 'gradient', detail: '∂L/∂W [0] = Infinity' });
  });
});

describe('training', () => {
  it.each([
    [1e35, 'float32'],
    [1e300, 'float32'],
    [1e300, 'float64'],
  ] as const)(
    'a huge learning rate (%s, %s) raises DivergenceError naming a node and keeps the last finite weights',
    (lr, precision) => {
      const t = trainer({ optimizer: 'sgd', lr, batchSize: 5, shuffle: false }, { precision });
      let before = allWeights(t);
      let error: unknown;
      for (let s = 0; s < 50 && !error; s++) {
        before = allWeights(t);
        try {
          t.step();
        } catch (e) {
          error = e;
        }
      }
      expect(error).toBeInstanceOf(DivergenceError);
      const d = error as DivergenceError;
      expect(t.graph.nodes.map((n) => n.id)).toContain(d.report.nodeId);
      expect(d.message).toContain(`node '${d.report.nodeId}'`);
      expect(d.message).toMatch(/smaller learning rate/);
      expect(allWeights(t)).toEqual(before);
      expect(allWeights(t).flat().every(Number.isFinite)).toBe(true);
      expect(d.step).toBe(t.steps + 1);
    },
  );

  it('an epoch loss is the row-weighted mean of the batch losses before each update (not the loss after the epoch)', () => {
    const t = trainer({ batchSize: 10, shuffle: true, optimizer: 'sgd', lr: 0.1 });
    const steps: { loss: number; rows: number }[] = [];
    let epoch;
    while (!epoch) {
      const s = t.step();
      steps.push({ loss: s.loss, rows: s.rows });
      epoch = s.epoch;
    }
    expect(steps.map((s) => s.rows)).toEqual([10, 10, 3]);
    const manual = steps.reduce((s, x) => s + x.loss * x.rows, 0) / 23;
    expect(epoch.loss).toBeCloseTo(manual, 12);
    expect(Math.abs(t.evaluate().loss - epoch.loss)).toBeGreaterThan(1e-6);
  });

  it("each step's loss is the batch loss at the weights before the update", () => {
    const t = trainer({ batchSize: 7, shuffle: true });
    const rows: number[][] = [];
    const load = t.loadRows.bind(t);
    t.loadRows = (r, start = 0, count = r.length, withTargets = true) => {
      rows.push(Array.from({ length: count }, (_, i) => r[start + i]));
      load(r, start, count, withTargets);
    };
    for (let s = 0; s < 6; s++) {
      // The batch's loss recomputed by a second executor holding the weights before the update.
      const probe = new Executor(t.graph, { precision: 'float32' });
      for (const p of t.executor.parameters) probe.importWeights(p.node, { [p.name]: { data: p.value } });
      const result = t.step();
      const batch = rows[rows.length - 1];
      const data = rawData();
      probe.feed({
        x: batch.map((r) => [data.values[r * 3], data.values[r * 3 + 1]]),
        t: batch.map((r) => [data.values[r * 3 + 2]]),
      });
      expect(result.loss).toBe(probe.forward());
    }
  });

  it('splits validation rows from training rows: sizes, disjoint, reproducible', () => {
    const { train, validation } = splitRows(23, 0.3, 4);
    expect(validation.length).toBe(6);
    expect(train.length).toBe(17);
    expect([...train, ...validation].sort((a, b) => a - b)).toEqual(Array.from({ length: 23 }, (_, i) => i));
    expect(Array.from(splitRows(23, 0.3, 4).validation)).toEqual(Array.from(validation));
    expect(Array.from(splitRows(23, 0.3, 5).validation)).not.toEqual(Array.from(validation));
    expect(splitRows(23, 0, 4).validation.length).toBe(0);
    expect(Array.from(splitRows(23, 0, 4).train)).toEqual(Array.from({ length: 23 }, (_, i) => i));
  });

  it('trains only on training rows and reports the loss on the validation rows', () => {
    const t = trainer({ validationSplit: 0.25, batchSize: 4 });
    expect(t.validationRows.length).toBe(5);
    const used = new Set<number>();
    const load = t.loadRows.bind(t);
    // The first rows a step loads are its batch (the last step of an epoch then evaluates validation rows).
    let inStep = false;
    t.loadRows = (r, start = 0, count = r.length, withTargets = true) => {
      if (inStep) for (let i = 0; i < count; i++) used.add(r[start + i]);
      inStep = false;
      load(r, start, count, withTargets);
    };
    let epoch;
    while (!epoch) {
      inStep = true;
      epoch = t.step().epoch;
    }
    expect([...used].sort((a, b) => a - b)).toEqual(Array.from(t.trainRows));
    for (const r of t.validationRows) expect(used.has(r)).toBe(false);
    expect(epoch.valLoss).toBeDefined();
    expect(epoch.valLoss).toBe(t.evaluate(t.validationRows).loss);
  });

  it('standardises inputs with the mean and std of the training rows only', () => {
    const data = rawData();
    const t = trainer({ validationSplit: 0.3 }, { normalization: true });
    const n = t.normalization!;
    expect(n.columns).toEqual(['x1', 'x2']);
    [0, 1].forEach((c) => {
      const values = Array.from(t.trainRows, (r) => data.values[r * 3 + c]);
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
      expect(n.mean[c]).toBeCloseTo(mean, 12);
      expect(n.std[c]).toBeCloseTo(std, 12);
      // The training rows are now centred with unit spread; the targets are untouched.
      const scaled = Array.from(t.trainRows, (r) => t.data.inputs[0].values[r * 2 + c]);
      expect(scaled.reduce((s, v) => s + v, 0) / scaled.length).toBeCloseTo(0, 12);
      expect(Math.sqrt(scaled.reduce((s, v) => s + v * v, 0) / scaled.length)).toBeCloseTo(1, 12);
    });
    expect(Array.from(t.data.targets[0].values)).toEqual(Array.from({ length: 23 }, (_, r) => data.values[r * 3 + 2]));
  });

  it('a constant column is not divided by zero', () => {
    const data = rawData();
    for (let r = 0; r < data.rows; r++) data.values[r * 3 + 1] = 4;
    const graph = compile(regression());
    const n = fitNormalization(
      bound(graph, data),
      Uint32Array.from({ length: 23 }, (_, i) => i),
    );
    expect(n.mean[1]).toBe(4);
    expect(n.std[1]).toBe(1);
  });

  it('exports a document with weights, normalisation and metrics that reloads to identical predictions', () => {
    const t = trainer({ validationSplit: 0.2, epochs: 4 }, { normalization: true });
    while (!t.finished) t.runEpoch();
    const doc = t.exportDocument();
    expect(analyzeGraph(doc).diagnostics).toEqual([]);
    expect(doc.nodes.find((n) => n.id === 'h')!.weights).toEqual(t.executor.exportWeights().h);
    expect(doc.nodes.find((n) => n.id === 'a')!.weights).toBeUndefined();
    expect(doc.data).toMatchObject({
      source: 'raw',
      features: ['x1', 'x2'],
      targets: ['y'],
      standardize: true,
      normalization: t.normalization,
    });
    expect(doc.metrics!.history).toEqual(t.history);
    expect(doc.metrics!.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
    expect(doc.training).toMatchObject({
      optimizer: 'adam',
      lr: 0.01,
      batchSize: 5,
      epochs: 4,
      seed: 1,
      validationSplit: 0.2,
    });

    const reloaded = parseDocument(serializeDocument(doc));
    expect(reloaded.ok).toBe(true);
    if (!reloaded.ok) return;
    const raw = [
      [3, -45],
      [7.5, -48],
      [0.2, -41],
    ];
    const norm = reloaded.document.data!.normalization!;
    const scaled = raw.map((row) => row.map((v, c) => (v - norm.mean[c]) / norm.std[c]));
    const ex = new Executor(compile(reloaded.document));
    ex.feed({ x: scaled });
    ex.forward(true);
    t.executor.feed({ x: scaled });
    t.executor.forward(true);
    expect(Array.from(ex.output('o').data)).toEqual(Array.from(t.executor.output('o').data));

    // Training the reloaded document further continues its epoch numbers.
    const graph = compile(reloaded.document);
    const more = new Trainer(graph, bound(graph), resolveTraining(reloaded.document.training, { epochs: 2 }), {
      normalization: norm,
    });
    more.runEpoch();
    more.runEpoch();
    expect(more.exportDocument().metrics!.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('exports the class names of a text target column (iris)', () => {
    const doc = makeDocument(
      [
        { id: 'x', type: 'input', params: { size: 4 } },
        { id: 'h', type: 'linear', params: { in: 4, out: 3 } },
        { id: 't', type: 'target', params: { size: 1 } },
        { id: 'L', type: 'cross_entropy' },
      ],
      [edge('x', 'h'), edge('h', 'L', 'pred'), edge('t', 'L', 'target')],
    );
    const graph = compile(doc);
    const t = new Trainer(
      graph,
      bound(graph, findBuiltin('iris')!.load()),
      resolveTraining({ optimizer: 'adam', lr: 0.05, batchSize: 16, epochs: 30 }),
      { normalization: true },
    );
    while (!t.finished) t.runEpoch();
    const exported = t.exportDocument();
    expect(exported.data!.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(t.history[t.history.length - 1].accuracy).toBeGreaterThan(0.9);
    expectClose(
      [t.evaluate().accuracy!],
      [t.history[t.history.length - 1].accuracy!],
      0.05,
      'accuracy after vs during the last epoch',
    );
  });
});
