/**
 * Every training setting takes effect: after a change and Reset (or a change before anything was
 * trained, then Train), the session's run is the run the engine's Trainer — which is what
 * `backprop train` runs — makes on the document the app would save. Property-based over random
 * settings and random moments of the change; the issue's own case (XOR: SGD, then Adam and
 * Reset) against the real CLI.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bindData,
  compileGraph,
  type GraphDocument,
  initSeedOf,
  resolveTraining,
  Trainer,
  type TrainingSettings,
} from '../../src/engine/index.js';
import type { DataSpec } from '../../src/session/protocol.js';
import type { TrainingSession } from '../../src/session/session.js';
import { backprop, temporaryFolder, writeFile } from '../cli/helpers.js';
import { datasetOf, example, session } from './helpers.js';

/** Trains the session to its end, as the worker does (in slices). */
function trainToEnd(s: TrainingSession): void {
  for (let i = 0; i < 100_000 && !s.runFor(20); i++);
}

/** The run `backprop train` makes on a saved document: a fresh Trainer, epoch by epoch. */
function engineRun(doc: GraphDocument, spec: DataSpec): Trainer {
  const compiled = compileGraph(doc);
  if (!compiled.ok) throw new Error(compiled.diagnostics[0].message);
  const bound = bindData(compiled.graph, datasetOf(spec), { features: doc.data?.features });
  if (!bound.ok) throw new Error(bound.diagnostics[0].message);
  const normalization = doc.data?.normalization ?? (doc.data?.standardize ? true : undefined);
  const trainer = new Trainer(compiled.graph, bound.value, resolveTraining(doc.training), { normalization });
  while (!trainer.finished) trainer.runEpoch();
  return trainer;
}

const settingChange: fc.Arbitrary<Partial<TrainingSettings>> = fc.oneof(
  fc.constantFrom('sgd', 'momentum', 'adam', 'adamw').map((optimizer) => ({ optimizer }) as Partial<TrainingSettings>),
  fc.double({ min: 0, max: 0.2, noNaN: true }).map((weightDecay) => ({ weightDecay })),
  fc.double({ min: 0, max: 0.2, noNaN: true }).map((weightDecay) => ({ optimizer: 'adamw' as const, weightDecay })),
  fc.double({ min: 0, max: 0.02, noNaN: true }).map((l1) => ({ l1 })),
  fc
    .record({ stepSize: fc.integer({ min: 1, max: 3 }), gamma: fc.double({ min: 0.1, max: 1, noNaN: true }) })
    .map((s) => ({ lrSchedule: 'step' as const, ...s })),
  fc
    .record({
      tMax: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
      etaMin: fc.double({ min: 0, max: 0.001, noNaN: true }),
    })
    .map((c) => ({ lrSchedule: 'cosine' as const, ...c })),
  fc
    .record({
      patience: fc.integer({ min: 1, max: 3 }),
      minDelta: fc.double({ min: 0, max: 0.05, noNaN: true }),
      restoreBest: fc.boolean(),
    })
    .map((e) => ({ ...e, validationSplit: 0.3 })),
  fc.double({ min: 0.001, max: 0.3, noNaN: true }).map((lr) => ({ lr })),
  fc.double({ min: 0, max: 0.99, noNaN: true }).map((momentum) => ({ optimizer: 'momentum' as const, momentum })),
  fc
    .record({
      beta1: fc.double({ min: 0.5, max: 0.99, noNaN: true }),
      beta2: fc.double({ min: 0.9, max: 0.9999, noNaN: true }),
    })
    .map((b) => ({ optimizer: 'adam' as const, ...b })),
  fc.oneof(fc.integer({ min: 1, max: 64 }), fc.constant('full' as const)).map((batchSize) => ({ batchSize })),
  fc.integer({ min: 1, max: 6 }).map((epochs) => ({ epochs })),
  fc.integer({ min: 0, max: 10_000 }).map((seed) => ({ seed })),
  fc.boolean().map((shuffle) => ({ shuffle })),
  fc.double({ min: 0, max: 0.5, noNaN: true }).map((validationSplit) => ({ validationSplit })),
  fc.double({ min: 0.05, max: 1.2, noNaN: true }).map((targetLoss) => ({ targetLoss })),
);

describe('training settings', () => {
  const spec: DataSpec = { kind: 'builtin', name: 'iris' };

  it('each take effect on the next Reset, or on Train before anything was trained: the run equals the CLI’s', () => {
    fc.assert(
      fc.property(settingChange, fc.integer({ min: 0, max: 30 }), fc.boolean(), (change, trainedSteps, newSeed) => {
        const doc = example('iris-mlp');
        doc.training = { ...doc.training, epochs: 4 };
        const s = session(structuredClone(doc), spec);
        for (let i = 0; i < trainedSteps; i++) s.step();
        // What the panel does: the document's settings change, the session is configured.
        const saved: GraphDocument = structuredClone(doc);
        saved.training = { ...saved.training, ...change };
        s.configure(resolveTraining(saved.training));
        if (trainedSteps > 0) {
          // Reset (same seed, or a new one that the document then records as its init seed:
          // the validation rows and the batch order stay the data seed's).
          const seed = newSeed ? 777 : initSeedOf(resolveTraining(saved.training));
          saved.training.initSeed = seed;
          s.reset(seed);
        }
        trainToEnd(s);
        const expected = engineRun(saved, spec);
        expect(s.trainer.history.map((e) => e.loss)).toEqual(expected.history.map((e) => e.loss));
        expect(s.trainer.history.map((e) => e.valLoss)).toEqual(expected.history.map((e) => e.valLoss));
        expect(s.trainer.history.map((e) => e.penalty)).toEqual(expected.history.map((e) => e.penalty));
        expect(s.trainer.history.map((e) => e.lr)).toEqual(expected.history.map((e) => e.lr));
        expect(s.trainer.earlyStop).toEqual(expected.earlyStop);
        // The weights too (early stopping's restored best ones included).
        expect(s.executor.exportWeights()).toEqual(expected.executor.exportWeights());
      }),
      { numRuns: 60 },
    );
  });

  it('that act on each step apply to a run in progress, from its next step', () => {
    const s = session(example('iris-mlp'), spec);
    for (let i = 0; i < 5; i++) s.step();
    const config = { ...s.trainer.config, optimizer: 'sgd' as const, lr: 0.05, batchSize: 7 };
    s.configure(config);
    expect(s.trainer.optimizer.constructor.name).toBe('Sgd');
    expect(s.trainer.optimizer.settings.lr).toBe(0.05);
    const before = s.executor.nodeWeights('hidden').W.value.slice();
    s.step();
    // One SGD step: w ← w − η·g, with the gradient of a 7-row batch.
    const after = s.executor.nodeWeights('hidden').W;
    expect(s.trainer.batchSize).toBe(7);
    for (let i = 0; i < before.length; i++) expect(after.value[i]).toBeCloseTo(before[i] - 0.05 * after.grad[i], 6);
  });

  it('weight decay, L1 and the schedule apply to a run in progress from its next step; early stopping ends it with its reason', () => {
    const s = session(example('iris-mlp'), spec);
    for (let i = 0; i < 5; i++) s.step();
    s.configure({ ...s.trainer.config, optimizer: 'sgd', lr: 0.05, weightDecay: 0.1, l1: 0.01 });
    const W = s.executor.nodeWeights('hidden').W;
    const b = s.executor.nodeWeights('hidden').b;
    const before = { W: W.value.slice(), b: b.value.slice() };
    s.step();
    // One SGD step with decay and L1 on W: w ← w − η·(g + λw + λ₁·sign(w)); b without either.
    for (let i = 0; i < W.value.length; i++)
      expect(W.value[i]).toBeCloseTo(
        before.W[i] - 0.05 * (W.grad[i] + 0.1 * before.W[i] + 0.01 * Math.sign(before.W[i])),
        6,
      );
    for (let i = 0; i < b.value.length; i++) expect(b.value[i]).toBeCloseTo(before.b[i] - 0.05 * b.grad[i], 6);
    s.configure({ ...s.trainer.config, lrSchedule: 'step', stepSize: 1, gamma: 0.5 });
    // The current epoch's rate at once: epoch 1 (0-based) of a step schedule halves it.
    expect(s.trainer.optimizer.settings.lr).toBe(0.05 * 0.5 ** s.trainer.epoch);
    // A tiny learning rate cannot improve the validation loss by 0.01: patience 2 ends the run.
    s.configure({ ...s.trainer.config, lr: 1e-9, lrSchedule: 'constant', patience: 2, minDelta: 0.01, epochs: 500 });
    trainToEnd(s);
    const outcome = s.settle();
    expect(outcome).toMatchObject({ kind: 'finished', reason: 'early', earlyStop: { patience: 2, restored: true } });
    expect(s.status).toBe('finished');
    expect(s.trainer.epoch).toBeLessThan(10);
    // More epochs asked for: the run goes on.
    s.configure({ ...s.trainer.config, epochs: 600 });
    expect(s.status).toBe('paused');
  });

  it('XOR: Train with SGD, switch to Adam lr 0.01, Reset, Train is Adam’s run — the one the CLI makes', () => {
    const doc = example('xor');
    const s = session(structuredClone(doc), { kind: 'builtin', name: 'xor' });
    trainToEnd(s);
    const saved: GraphDocument = structuredClone(doc);
    saved.training = { ...saved.training, optimizer: 'adam', lr: 0.01 };
    s.configure(resolveTraining(saved.training));
    s.reset(resolveTraining(saved.training).seed);
    trainToEnd(s);
    const dir = temporaryFolder();
    const file = writeFile(dir, 'xor-adam.bps.json', saved);
    const run = backprop(['train', file, '--json']);
    expect(run.code).toBe(0);
    const epochs = run.json().filter((line) => line.epoch !== undefined && line.loss !== undefined && !line.done);
    expect(epochs.length).toBe(1000);
    expect(s.trainer.history).toHaveLength(1000);
    expect(s.trainer.history.at(-1)!.loss).toBeCloseTo(epochs.at(-1).loss, 6);
    expect(s.trainer.optimizer.constructor.name).toBe('Adam');
  });

  it('Reset keeps hand-set weights as trained, re-draws the others, and keeps them through a setting change', () => {
    const doc = example('xor');
    const hidden = doc.nodes.find((n) => n.type === 'linear')!;
    hidden.params = { ...hidden.params, init: 'manual' };
    const s = session(structuredClone(doc), { kind: 'builtin', name: 'xor' });
    for (let i = 0; i < 50; i++) s.step();
    const others = s.graph.nodes.filter((n) => n.id !== hidden.id && Object.keys(s.executor.nodeWeights(n.id)).length);
    expect(others.length).toBeGreaterThan(0);
    const trained = s.executor.exportWeights();
    s.reset(5, [hidden.id]);
    // A change before the first step sets the run up again: the kept weights stay kept.
    s.configure({ ...s.trainer.config, lr: 0.2 });
    const fresh = session(structuredClone(doc), { kind: 'builtin', name: 'xor' }, { seed: 5 });
    fresh.executor.reinitialize(5);
    const now = s.executor.exportWeights();
    expect(now[hidden.id]).toEqual(trained[hidden.id]);
    for (const n of others) {
      expect(now[n.id]).not.toEqual(trained[n.id]);
      expect(now[n.id]).toEqual(fresh.executor.exportWeights()[n.id]);
    }
    s.reset(5);
    expect(s.executor.exportWeights()[hidden.id]).toEqual(fresh.executor.exportWeights()[hidden.id]);
  });
});
