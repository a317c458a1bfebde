/**
 * Learning by hand in the session: the truth table of typed weights equals a hand computation
 * (a threshold neuron y = I[w·x + b > 0] on AND), weights set with setWeights are evaluated
 * without a training step (views, loss, table), a run goes on from them, and a bad edit is
 * refused with a message naming it while nothing changes.
 */
import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../src/engine/index.js';
import { createI18n, describePhrase, english, type Phrase, translator } from '../../src/i18n/index.js';
import { TrainingHost } from '../../src/session/host.js';
import type { WorkerMessage } from '../../src/session/protocol.js';
import { TRUTH_TABLE_ROWS } from '../../src/session/truth-table.js';
import { example, session, setupFor, until } from './helpers.js';

const inEnglish = (p: Phrase) => describePhrase(p, english, 'en');
const inRussian = (p: Phrase) => describePhrase(p, translator(createI18n('ru')), 'ru');

/** Input 2 → Linear 1 (manual) → Step → loss with a Target: the course's threshold neuron. */
function thresholdNeuron(loss: 'mse' | 'bce' = 'mse', weights?: { W: number[]; b: number[] }): GraphDocument {
  return {
    format: 'backprop-studio.graph',
    version: 1,
    nodes: [
      { id: 'x', type: 'input', params: { columns: ['x1', 'x2'] } },
      {
        id: 'n',
        type: 'linear',
        params: { out: 1, init: 'manual' },
        ...(weights ? { weights: { W: { shape: [1, 2], data: weights.W }, b: { shape: [1], data: weights.b } } } : {}),
      },
      { id: 's', type: 'step' },
      { id: 't', type: 'target', params: { columns: ['y'] } },
      { id: 'L', type: loss },
    ],
    edges: [
      { source: 'x', target: 'n', targetHandle: 'in' },
      { source: 'n', target: 's', targetHandle: 'in' },
      { source: 's', target: 'L', targetHandle: 'pred' },
      { source: 't', target: 'L', targetHandle: 'target' },
    ],
    training: { optimizer: 'sgd', lr: 0.5, batchSize: 'full', epochs: 10, seed: 1 },
    data: { source: 'builtin:and' },
  } as GraphDocument;
}

const AND = { kind: 'builtin', name: 'and' } as const;
const gate = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];

/** The threshold neuron by hand: I[w₁x₁ + w₂x₂ + b > 0] for each row of the gate. */
const byHand = (w: number[], b: number) => gate.map(([a, c]) => (w[0] * a + w[1] * c + b > 0 ? 1 : 0));

describe('truth table', () => {
  it('equals a hand computation for AND with typed weights (w = 1, 1; b = −1.5)', () => {
    for (const loss of ['mse', 'bce'] as const) {
      const s = session(thresholdNeuron(loss, { W: [1, 1], b: [-1.5] }), AND);
      const table = s.progress(true).truthTable!;
      expect(table.inputs).toEqual(['x1', 'x2']);
      expect(table.targets).toEqual(['y']);
      expect(table.kind).toBe('binary');
      expect(table.rule).toEqual({ key: 'truthRule.cut', values: { hi: '1', at: '0.5', lo: '0' } });
      expect(inEnglish(table.rule)).toBe('1 when the output ≥ 0.5, else 0');
      expect(inRussian(table.rule)).toBe('1, если выход ≥ 0,5, иначе 0');
      expect(table.rows.map((r) => r.inputs)).toEqual(gate);
      expect(table.rows.map((r) => r.target[0])).toEqual([0, 0, 0, 1]);
      expect(table.rows.map((r) => r.output[0])).toEqual(byHand([1, 1], -1.5));
      expect(table.rows.map((r) => r.predicted[0])).toEqual([0, 0, 0, 1]);
      expect(table.rows.every((r) => r.right)).toBe(true);
      expect(table.right).toBe(4);
    }
    // OR's weights on AND's data: the row (0, 1) and (1, 0) are wrong.
    const or = session(thresholdNeuron('mse', { W: [1, 1], b: [-0.5] }), AND).progress(true).truthTable!;
    expect(or.rows.map((r) => r.output[0])).toEqual(byHand([1, 1], -0.5));
    expect(or.rows.map((r) => r.right)).toEqual([true, false, false, true]);
    expect(or.right).toBe(2);
  });

  it('thresholds a sigmoid at 0.5 as the accuracy does, and leaves data of more than 64 rows out', () => {
    const s = session(example('xor'), { kind: 'builtin', name: 'xor' });
    while (!s.runFor(50));
    const p = s.progress(true);
    const table = p.truthTable!;
    expect(table.rows.map((r) => r.predicted[0])).toEqual(table.rows.map((r) => (r.output[0] >= 0.5 ? 1 : 0)));
    expect(table.right).toBe(4);
    expect(table.right / 4).toBe(s.trainer.evaluate().accuracy);
    // Iris has 150 rows: no truth table for it.
    expect(TRUTH_TABLE_ROWS).toBeLessThan(150);
    expect(session(example('iris-mlp'), { kind: 'builtin', name: 'iris' }).progress(true).truthTable).toBeUndefined();
  });

  it('has no truth table for a regression whose targets take many values', () => {
    const doc = thresholdNeuron('mse');
    doc.nodes = doc.nodes.filter((n) => n.id !== 's');
    doc.nodes.find((n) => n.id === 'x')!.params = { columns: ['x'] };
    doc.edges = [
      { source: 'x', target: 'n', targetHandle: 'in' },
      { source: 'n', target: 'L', targetHandle: 'pred' },
      { source: 't', target: 'L', targetHandle: 'target' },
    ];
    const csv = { kind: 'csv', name: 'line.csv', text: 'x,y\n1,2.1\n2,3.9\n3,6.2\n4,7.8\n' } as const;
    expect(session(doc, csv).progress(true).truthTable).toBeUndefined();
    // Two target values make it a classification by the nearer value: 1 and 3, threshold 2.
    const two = { kind: 'csv', name: 'two.csv', text: 'x,y\n1,1\n2,3\n3,3\n' } as const;
    const table = session(doc, two).progress(true).truthTable!;
    expect(inEnglish(table.rule)).toBe('3 when the output ≥ 2, else 1');
    expect(table.rows.map((r) => r.predicted[0])).toEqual(table.rows.map((r) => (r.output[0] >= 2 ? 3 : 1)));
  });
});

describe('weights set by hand in a session', () => {
  it('are evaluated without training: the table, the loss and the views follow, the status stays ready', () => {
    const s = session(thresholdNeuron('mse'), AND);
    const before = s.progress(true);
    // Manual init: all zeros, the step outputs 0 everywhere, three of four rows right.
    expect(before.truthTable!.right).toBe(3);
    expect(before.evaluation!.loss).toBeCloseTo(0.25, 12);
    const boundaryBefore = Float32Array.from(before.boundary!.values);

    expect(
      s.setWeights([
        {
          nodeId: 'n',
          name: 'W',
          changes: [
            { index: 0, value: 1 },
            { index: 1, value: 1 },
          ],
        },
        { nodeId: 'n', name: 'b', changes: [{ index: 0, value: -1.5 }] },
      ]),
    ).toEqual({ ok: true });
    const after = s.progress(true);
    expect(after.status).toBe('ready');
    expect(after.steps).toBe(0);
    expect(after.truthTable!.right).toBe(4);
    expect(after.evaluation!.loss).toBe(0);
    // The decision boundary is redrawn: the line x1 + x2 = 1.5 now splits the plane.
    expect(after.boundary!.values).not.toEqual(boundaryBefore);
    // The per-edge activations describe the new weights: the step's output is 1 on one row of four.
    const stepEdge = thresholdNeuron().edges.findIndex((e) => e.source === 's');
    expect(after.edgeActivations[stepEdge]).toBeGreaterThan(0);

    // One number makes it OR on AND's data: two rows wrong, loss 2/4 · 1 = 0.5.
    s.setWeights([{ nodeId: 'n', name: 'b', changes: [{ index: 0, value: -0.5 }] }]);
    const or = s.progress(true);
    expect(or.truthTable!.right).toBe(2);
    expect(or.evaluation!.loss).toBeCloseTo(0.5, 12);
  });

  it('a run goes on from weights set while paused, and a setting changed before training keeps them', () => {
    const s = session(example('xor'), { kind: 'builtin', name: 'xor' });
    s.setWeights([{ nodeId: 'o', name: 'b', changes: [{ index: 0, value: 3 }] }]);
    // Changing a setting before the first step sets the run up again: the hand-set weight stays.
    s.configure({ ...s.trainer.config, lr: 0.1 });
    expect(s.executor.nodeWeights('o').b.value[0]).toBe(3);
    expect(s.progress(true).evaluation).toBeDefined();
    s.step();
    const b = s.executor.nodeWeights('o').b.value[0];
    expect(Math.abs(b - 3)).toBeLessThan(0.5);
    // Trained since: the loss shown is the run's again.
    expect(s.progress(true).evaluation).toBeUndefined();
    s.setWeights([{ nodeId: 'o', name: 'b', changes: [{ index: 0, value: -2 }] }]);
    expect(s.progress(true).evaluation!.loss).toBeCloseTo(s.trainer.evaluate().loss, 6);
    s.runFor(10, true, 1);
    expect(Math.abs(s.executor.nodeWeights('o').b.value[0] + 2)).toBeLessThan(0.5);
  });

  it('refuses an edit naming what is wrong, and applies none of a refused batch', () => {
    const s = session(thresholdNeuron('mse'), AND);
    const cases: [Parameters<typeof s.setWeights>[0], RegExp][] = [
      [[{ nodeId: 'nope', name: 'W', changes: [{ index: 0, value: 1 }] }], /no block 'nope'/],
      [[{ nodeId: 'n', name: 'V', changes: [{ index: 0, value: 1 }] }], /block 'n' has no weight V \(it has W, b\)/],
      [[{ nodeId: 's', name: 'W', changes: [{ index: 0, value: 1 }] }], /it has no weights/],
      [
        [{ nodeId: 'n', name: 'W', changes: [{ index: 2, value: 1 }] }],
        /W\[2\] of block 'n' does not exist \(W has 2 values/,
      ],
      [[{ nodeId: 'n', name: 'W', changes: [{ index: 0.5, value: 1 }] }], /does not exist/],
      [[{ nodeId: 'n', name: 'W', changes: [{ index: 0, value: Number.NaN }] }], /NaN is not a finite number/],
      [[{ nodeId: 'n', name: 'b', changes: [{ index: 0, value: 1e39 }] }], /beyond the largest weight/],
      [
        [
          { nodeId: 'n', name: 'W', changes: [{ index: 0, value: 7 }] },
          { nodeId: 'n', name: 'b', changes: [{ index: 0, value: Infinity }] },
        ],
        /b\[0\] of block 'n': Infinity is not a finite number/,
      ],
    ];
    for (const [edits, message] of cases) {
      const result = s.setWeights(edits);
      expect(result.ok).toBe(false);
      // As the app tells it in English (the message is a phrase, its values the block, tensor and index).
      if (!result.ok) expect(describePhrase(result.message, english, 'en')).toMatch(message);
    }
    expect(Array.from(s.executor.nodeWeights('n').W.value)).toEqual([0, 0]);
    expect(Array.from(s.executor.nodeWeights('n').b.value)).toEqual([0]);
  });

  it('the host applies edits whether running or not, reports fresh views, and posts a refusal as an error', async () => {
    const log: WorkerMessage[] = [];
    const host = new TrainingHost({
      post: (m) => log.push(m),
      yieldThen: (fn) => setTimeout(fn, 0),
      later: (fn, ms) => setTimeout(fn, ms),
      now: () => performance.now(),
    });
    const setup = setupFor(thresholdNeuron('mse'), AND);
    host.handle({ type: 'setup', setup });
    expect(log[0].type).toBe('ready');
    host.handle({ type: 'setWeights', edits: [{ nodeId: 'n', name: 'W', changes: [{ index: 0, value: 1 }] }] });
    host.handle({ type: 'setWeights', edits: [{ nodeId: 'n', name: 'W', changes: [{ index: 1, value: 1 }] }] });
    host.handle({ type: 'setWeights', edits: [{ nodeId: 'n', name: 'b', changes: [{ index: 0, value: -1.5 }] }] });
    await until(() => log.some((m) => m.type === 'progress'));
    // One report for the burst, with all three edits.
    const reports = log.filter((m) => m.type === 'progress');
    expect(reports).toHaveLength(1);
    const p = (reports[0] as Extract<WorkerMessage, { type: 'progress' }>).progress;
    expect(p.truthTable!.right).toBe(4);
    expect(p.status).toBe('ready');

    host.handle({ type: 'setWeights', edits: [{ nodeId: 'n', name: 'W', changes: [{ index: 9, value: 1 }] }] });
    const error = log.at(-1) as Extract<WorkerMessage, { type: 'error' }>;
    expect(error.type).toBe('error');
    expect(error.message).toMatchObject({
      key: 'trainingSession.weightsNotSet',
      values: { problem: { key: 'trainingSession.noIndex', values: { name: 'W', index: '9', block: 'n', count: 2 } } },
    });
    expect(describePhrase(error.message, english, 'en')).toMatch(/W\[9\] of block 'n' does not exist/);
    expect(error.progress!.truthTable!.right).toBe(4);

    // While running: the edit reaches the running session, which goes on.
    const xor = example('xor');
    host.handle({
      type: 'setup',
      setup: {
        ...setupFor(
          // So small a rate that however many steps run before the pause, the bias moves < 1e-5.
          { ...xor, training: { ...xor.training, epochs: 1_000_000, lr: 1e-9 } },
          { kind: 'builtin', name: 'xor' },
        ),
      },
    });
    host.handle({ type: 'run' });
    await until(() => log.some((m) => m.type === 'progress' && m.progress.steps > 5));
    host.handle({ type: 'setWeights', edits: [{ nodeId: 'o', name: 'b', changes: [{ index: 0, value: 5 }] }] });
    const at = log.length;
    await until(() => log.slice(at).some((m) => m.type === 'progress' && m.progress.status === 'running'));
    host.handle({ type: 'pause' });
    const weights = log.findLast((m) => m.type === 'weights') as Extract<WorkerMessage, { type: 'weights' }>;
    expect(Math.abs(weights.weights.o.b.data[0] - 5)).toBeLessThan(1e-3);
  });
});
