/**
 * Run history (runs.ts and the document's `runs`): the graph fingerprint, decimated curves, the
 * bounds (runs, weights), the diff between two runs, the round trip through the file format,
 * old documents, and the data seed apart from the init seed in the Trainer.
 */
import { describe, expect, it } from 'vitest';
import {
  bindData,
  boundRuns,
  createRun,
  decimateCurve,
  graphFingerprint,
  loadDocument,
  MAX_RUN_POINTS,
  MAX_RUN_WEIGHT_VALUES,
  MAX_RUNS,
  parseDocument,
  resolveTraining,
  RUN_COLORS,
  runDiff,
  runSummary,
  runTitle,
  runWithWeights,
  serializeDocument,
  Trainer,
  withRun,
  type Dataset,
  type GraphDocument,
  type RunPoint,
  type RunRecord,
  type TrainingSettings,
} from '../../src/engine/index.js';
import { createI18n, describePhrase, english, translator } from '../../src/i18n/index.js';
import { compile, edge, makeDocument, seededRandom, uniform } from './helpers.js';

const net = (hidden = 2, loss = 'mse'): GraphDocument =>
  makeDocument(
    [
      { id: 'x', type: 'input', params: { size: 1 } },
      { id: 'hidden', type: 'linear', params: { in: 1, out: hidden } },
      { id: 'a', type: 'tanh' },
      { id: 'o', type: 'linear', params: { in: hidden, out: 1 } },
      { id: 't', type: 'target', params: { size: 1 } },
      { id: 'L', type: loss },
    ],
    [edge('x', 'hidden'), edge('hidden', 'a'), edge('a', 'o'), edge('o', 'L', 'pred'), edge('t', 'L', 'target')],
    { optimizer: 'sgd', lr: 0.1, batchSize: 8, epochs: 3, seed: 1 },
  );

const curve = (n: number): RunPoint[] =>
  Array.from({ length: n }, (_, i) => ({ epoch: i + 1, loss: 1 / (i + 1), gradNorm: 2 / (i + 1) }));

const run = (doc: GraphDocument, runs: RunRecord[] = [], settings: TrainingSettings = doc.training ?? {}) =>
  createRun({ document: doc, config: resolveTraining(settings), curves: curve(10) }, runs);

function sine(rows = 40): Dataset {
  const rand = seededRandom(3);
  const values: number[] = [];
  for (let r = 0; r < rows; r++) {
    const x = uniform(rand, -3, 3);
    values.push(x, Math.sin(x));
  }
  return { name: 'sine', columns: ['x', 'y'], rows, values: Float64Array.from(values), categories: {} };
}

function trainer(settings: TrainingSettings): Trainer {
  const graph = compile(net(4));
  const bound = bindData(graph, sine());
  if (!bound.ok) throw new Error('binding failed');
  return new Trainer(graph, bound.value, resolveTraining({ ...net().training, validationSplit: 0.25, ...settings }));
}

describe('graph fingerprint', () => {
  it('is the same for the same structure and parameters in any order, whatever the positions, labels, weights, init', () => {
    const a = net();
    const b: GraphDocument = {
      ...a,
      nodes: [...a.nodes].reverse().map((n) => ({
        ...n,
        position: { x: 5, y: 7 },
        label: `${n.id}!`,
        ...(n.type === 'linear'
          ? {
              params: { out: n.params!.out, in: n.params!.in, init: 'manual' },
              weights: { b: { shape: [1], data: [3] } },
            }
          : {}),
      })),
      edges: [...a.edges].reverse(),
    };
    expect(graphFingerprint(b)).toBe(graphFingerprint(a));
    expect(graphFingerprint(a)).toMatch(/^[0-9a-f]{14}$/);
  });

  it('changes with a parameter, a block type or a wire', () => {
    const base = graphFingerprint(net());
    expect(graphFingerprint(net(8))).not.toBe(base);
    expect(graphFingerprint(net(2, 'mae'))).not.toBe(base);
    const rewired = net();
    rewired.edges = rewired.edges.map((e) => (e.source === 'a' ? { ...e, source: 'hidden' } : e));
    expect(graphFingerprint(rewired)).not.toBe(base);
  });
});

describe('run records', () => {
  it('decimates a long run to at most MAX_RUN_POINTS points, keeping the first and the last epoch', () => {
    const r = createRun({ document: net(), config: resolveTraining(net().training), curves: curve(12_345) });
    expect(r.curves.length).toBeLessThanOrEqual(MAX_RUN_POINTS);
    expect(r.curves.length).toBeGreaterThan(MAX_RUN_POINTS / 2);
    expect(r.curves[0].epoch).toBe(1);
    expect(r.curves.at(-1)!.epoch).toBe(12_345);
    expect(r.epochs).toBe(12_345);
    expect(r.final).toEqual({ loss: 1 / 12_345 });
    expect(decimateCurve(curve(30))).toHaveLength(30);
  });

  it('records settings with both seeds written out, the data seed in the data, the blocks without weights', () => {
    const r = createRun({
      document: { ...net(), data: { source: 'builtin:sine' } },
      config: resolveTraining({ seed: 4, initSeed: 9 }),
      curves: curve(3),
      data: { trainRows: 30, validationRows: 10 },
    });
    expect(r.settings.initSeed).toBe(9);
    expect(r.settings.dataSeed).toBe(4);
    expect(r.data).toEqual({ source: 'builtin:sine', dataSeed: 4, trainRows: 30, validationRows: 10 });
    expect(r.blocks.find((b) => b.id === 'hidden')).toEqual({
      id: 'hidden',
      type: 'linear',
      params: { in: 1, out: 2 },
    });
  });

  it('gives each new run its own name, id and colour', () => {
    const runs: RunRecord[] = [];
    for (let i = 0; i < 4; i++) runs.push(run(net(), runs));
    expect(runs.map((r) => r.name)).toEqual(['Run 1', 'Run 2', 'Run 3', 'Run 4']);
    expect(new Set(runs.map((r) => r.id)).size).toBe(4);
    expect(runs.map((r) => r.color)).toEqual(RUN_COLORS.slice(0, 4));
  });

  it('keeps the last MAX_RUNS runs', () => {
    let runs: RunRecord[] = [];
    for (let i = 0; i < MAX_RUNS + 5; i++) runs = withRun(runs, run(net(), runs));
    expect(runs).toHaveLength(MAX_RUNS);
    expect(runs[0].name).toBe('Run 6');
    expect(runs.at(-1)!.name).toBe(`Run ${MAX_RUNS + 5}`);
  });

  it('replaces a run by its id (a run that went on), without adding one', () => {
    const first = run(net());
    const runs = withRun([first], { ...first, epochs: 99 });
    expect(runs).toHaveLength(1);
    expect(runs[0].epochs).toBe(99);
  });

  it('drops the weights of the oldest runs beyond MAX_RUN_WEIGHT_VALUES, keeping the runs', () => {
    const big = MAX_RUN_WEIGHT_VALUES / 4 + 1;
    const runs = Array.from({ length: 6 }, (_, i) => ({
      ...run(net()),
      id: `r${i}`,
      weights: { hidden: { W: { shape: [big], data: new Array(big).fill(i) } } },
    }));
    const bounded = boundRuns(runs);
    expect(bounded).toHaveLength(6);
    expect(bounded.map((r) => r.weights !== undefined)).toEqual([false, false, false, true, true, true]);
  });

  it('finds the run whose final weights the document holds', () => {
    const doc = net();
    const weights = { hidden: { W: { shape: [2, 1], data: [0.5, -0.25] }, b: { shape: [2], data: [0, 1] } } };
    const r = { ...run(doc), weights };
    const trained = {
      ...doc,
      nodes: doc.nodes.map((n) => (n.id === 'hidden' ? { ...n, weights: weights.hidden } : n)),
    };
    expect(runWithWeights([r], trained)?.id).toBe(r.id);
    const other = {
      ...doc,
      nodes: doc.nodes.map((n) =>
        n.id === 'hidden' ? { ...n, weights: { ...weights.hidden, b: { shape: [2], data: [0, 1.5] } } } : n,
      ),
    };
    expect(runWithWeights([r], other)).toBeUndefined();
    expect(runWithWeights([r], doc)).toBeUndefined();
  });
});

/** What changed, as the English UI and the CLI tell it. */
const diff = (a: RunRecord, b: RunRecord) => runDiff(a, b).map((p) => describePhrase(p, english, 'en'));
const russian = translator(createI18n('ru'));

describe('the diff between two runs', () => {
  it('names a changed optimizer and learning rate', () => {
    const a = run(net());
    const b = run(net(), [a], { ...net().training, optimizer: 'adam', lr: 1 });
    expect(diff(a, b)).toEqual(['optimizer: SGD → Adam', 'lr 0.1 → 1']);
  });

  it('names a changed loss, a layer of more units, and the data', () => {
    const a = run({ ...net(2, 'mse'), data: { source: 'builtin:sine' } });
    const b = run({ ...net(8, 'mae'), data: { source: 'builtin:linear' } });
    expect(diff(a, b)).toEqual(['hidden: 2 → 8 units', 'loss: MSE → MAE', 'data: builtin:sine → builtin:linear']);
  });

  it('names seeds, batch size and added or removed blocks, and nothing for the same run', () => {
    const a = run(net());
    expect(diff(a, run(net()))).toEqual([]);
    const b = run(net(), [], { ...net().training, batchSize: 'full', initSeed: 2 });
    expect(diff(a, b)).toEqual(['batch 8 → full', 'init seed 1 → 2']);
    const more = net();
    more.nodes.push({ id: 'extra', type: 'relu' });
    expect(diff(a, run(more))).toEqual(['added extra (ReLU)']);
    const asymmetric = net();
    asymmetric.nodes = asymmetric.nodes.map((n) =>
      n.id === 'L' ? { ...n, type: 'asymmetric_mse', params: { a: 1, b: 10 } } : n,
    );
    expect(diff(a, run(asymmetric))).toEqual(['loss: MSE → Asymmetric squared error (a 1, b 10)']);
  });

  it('tells the same changes in Russian, names and numbers as they are', () => {
    const a = run({ ...net(2, 'mse'), data: { source: 'builtin:sine' } });
    const b = run({ ...net(8, 'mae'), data: { source: 'builtin:linear' } }, [], {
      ...net().training,
      batchSize: 'full',
      lr: 0.05,
    });
    expect(runDiff(a, b).map((p) => describePhrase(p, russian, 'ru'))).toEqual([
      'lr 0,1 → 0,05',
      'батч 8 → вся выборка',
      'hidden: 2 → 8 нейронов',
      `функция потерь: ${russian('blocks.mse.title')} → ${russian('blocks.mae.title')}`,
      'данные: builtin:sine → builtin:linear',
    ]);
  });
});

describe('a run as the app names and sums it up', () => {
  it('tells a default name in the language, a given name as it is', () => {
    expect(describePhrase(runTitle('Run 3'), russian, 'ru')).toBe('Запуск 3');
    expect(describePhrase(runTitle('Run 3'), english, 'en')).toBe('Run 3');
    expect(describePhrase(runTitle('Adam 0.05'), russian, 'ru')).toBe('Adam 0.05');
  });

  it('sums up the settings with plural epochs and a full batch', () => {
    const one = { ...run(net()), epochs: 1 };
    expect(describePhrase(runSummary(one), english, 'en')).toBe('SGD, lr 0.1, batch 8, 1 epoch');
    const full = { ...run(net(), [], { ...net().training, batchSize: 'full', optimizer: 'momentum' }), epochs: 22 };
    expect(describePhrase(runSummary(full), russian, 'ru')).toBe('SGD с моментом, lr 0,1, полный батч, 22 эпохи');
    expect(describePhrase(runSummary({ ...full, epochs: 25 }), russian, 'ru')).toMatch(/25 эпох$/);
  });
});

describe('runs in the document', () => {
  const withRuns = (): GraphDocument => {
    const doc = net();
    const first = {
      ...run(doc),
      weights: { hidden: { W: { shape: [2, 1], data: [0.1, 1 / 3] }, b: { shape: [2], data: [0.5, -2] } } },
    };
    const second = { ...run(net(8), [first]), visible: false, name: 'Adam, 8 units' };
    return { ...doc, runs: [first, second] };
  };

  it('round-trips exactly: settings, curves, weights (even values that are not float32), names, visibility', () => {
    const doc = withRuns();
    const text = serializeDocument(doc);
    const loaded = parseDocument(text);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.document.runs).toEqual(doc.runs);
    // Each curve point on one line: a run stays readable and diffs well.
    expect(text).toMatch(/\n {8}\{ "epoch": 2, "loss": 0\.5, "gradNorm": 1 \},?\n/);
    expect(serializeDocument(loaded.document)).toBe(text);
  });

  it('writes run weights as base64 along with the graph once the document holds many values', () => {
    const doc = withRuns();
    const n = 70_000;
    doc.runs![0].weights = { hidden: { W: { shape: [n], data: new Array(n).fill(0.5) } } };
    const text = serializeDocument(doc);
    expect(text).toContain('"encoding": "float32-base64"');
    const loaded = parseDocument(text);
    expect(loaded.ok && loaded.document.runs![0].weights!.hidden.W.data.length).toBe(n);
  });

  it('loads old documents, which have no runs', () => {
    const loaded = loadDocument(JSON.parse(JSON.stringify(net())));
    expect(loaded.ok && loaded.document.runs).toBeUndefined();
  });

  it('names a bad run by its place', () => {
    const doc = withRuns() as unknown as { runs: Record<string, unknown>[] };
    doc.runs[1].color = 'blue';
    const loaded = loadDocument(JSON.parse(JSON.stringify(doc)));
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.diagnostics[0].where).toBe('runs[1].color');
    expect(loaded.diagnostics[0].message).toContain('#rrggbb');
  });
});

describe('data seed and init seed', () => {
  const weightsOf = (t: Trainer) => t.executor.parameters.map((p) => Array.from(p.value));

  it('two init seeds on one data seed: the same validation rows and batch order, other initial weights', () => {
    const a = trainer({ dataSeed: 7, initSeed: 1 });
    const b = trainer({ dataSeed: 7, initSeed: 2 });
    expect(Array.from(b.validationRows)).toEqual(Array.from(a.validationRows));
    expect(weightsOf(b)).not.toEqual(weightsOf(a));
  });

  it('two data seeds on one init seed: the same initial weights, other validation rows', () => {
    const a = trainer({ dataSeed: 1, initSeed: 5 });
    const b = trainer({ dataSeed: 2, initSeed: 5 });
    expect(weightsOf(b)).toEqual(weightsOf(a));
    expect(Array.from(b.validationRows)).not.toEqual(Array.from(a.validationRows));
  });

  it('seed alone means both, as before: training repeats a run with both seeds set to it', () => {
    const a = trainer({ seed: 3 });
    const b = trainer({ seed: 1, dataSeed: 3, initSeed: 3 });
    expect(Array.from(b.validationRows)).toEqual(Array.from(a.validationRows));
    for (let i = 0; i < 3; i++) expect(b.runEpoch()).toEqual(a.runEpoch());
    expect(weightsOf(b)).toEqual(weightsOf(a));
  });

  it('a reset draws the weights from the init seed and keeps the data seed’s batch order', () => {
    const a = trainer({ dataSeed: 4, initSeed: 6 });
    const first = [a.runEpoch(), a.runEpoch()];
    a.reset();
    expect([a.runEpoch(), a.runEpoch()]).toEqual(first);
    const b = trainer({ dataSeed: 4, initSeed: 8 });
    a.reset(8);
    expect(weightsOf(a)).toEqual(weightsOf(b));
  });

  it('the trained document keeps both seeds', () => {
    const t = trainer({ dataSeed: 4, initSeed: 6 });
    t.runEpoch();
    expect(t.exportDocument().training).toMatchObject({ seed: 1, dataSeed: 4, initSeed: 6 });
  });
});
