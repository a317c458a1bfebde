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
  type EpochResult,
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
function engineRun(doc: GraphDocument, spec: DataSpec): EpochResult[] {
  const compiled = compileGraph(doc);
  if (!compiled.ok) throw new Error(compiled.diagnostics[0].message);
  const bound = bindData(compiled.graph, datasetOf(spec), { features: doc.data?.features });
  if (!bound.ok) throw new Error(bound.diagnostics[0].message);
  const normalization = doc.data?.normalization ?? (doc.data?.standardize ? true : undefined);
  const trainer = new Trainer(compiled.graph, bound.value, resolveTraining(doc.training), { normalization });
  while (!trainer.finished) trainer.runEpoch();
  return trainer.history;
}

const settingChange: fc.Arbitrary<Partial<TrainingSettings>> = fc.oneof(
  fc.constantFrom('sgd', 'momentum', 'adam').map((optimizer) => ({ optimizer }) as Partial<TrainingSettings>),
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
        expect(s.trainer.history.map((e) => e.loss)).toEqual(expected.map((e) => e.loss));
        expect(s.trainer.history.map((e) => e.valLoss)).toEqual(expected.map((e) => e.valLoss));
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
