/**
 * SGD, momentum, Adam and AdamW (with decoupled weight decay): multi-step trajectories of the Trainer (shuffled mini-batches, a short
 * last batch) against the reference optimizers of reference.ts, which follow PyTorch's
 * definitions, with losses and gradients from the reference autodiff.
 */
import { describe, expect, it } from 'vitest';
import {
  bindData,
  optimizerNames,
  resolveTraining,
  Trainer,
  type Dataset,
  type Precision,
  type TrainingConfig,
} from '../../src/engine/index.js';
import { compile, expectClose, randomRegressionRows, smallRegressionNet } from './helpers.js';
import { referenceOptimizer, runReference, type ReferenceOptimizerSettings } from './reference.js';

const ROWS = 10;
const doc = smallRegressionNet;

const dataset = (): Dataset => randomRegressionRows(ROWS);

/** A trainer that records the rows of every mini-batch it loads. */
function recordingTrainer(config: TrainingConfig, precision: Precision) {
  const graph = compile(doc);
  const bound = bindData(graph, dataset());
  if (!bound.ok) throw new Error(bound.diagnostics[0].message);
  const trainer = new Trainer(graph, bound.value, config, { precision });
  const batches: number[][] = [];
  const load = trainer.loadRows.bind(trainer);
  trainer.loadRows = (rows, start = 0, count = rows.length, withTargets = true) => {
    batches.push(Array.from({ length: count }, (_, i) => rows[start + i]));
    load(rows, start, count, withTargets);
  };
  return { trainer, batches };
}

const settingsFor = (c: TrainingConfig): ReferenceOptimizerSettings => ({
  lr: c.lr,
  momentum: c.momentum,
  beta1: c.beta1,
  beta2: c.beta2,
  eps: c.eps,
});

describe.each(optimizerNames.map((name) => [name]))('optimizer %s', (name) => {
  const config = resolveTraining({
    optimizer: name,
    lr: name === 'adam' || name === 'adamw' ? 0.05 : 0.3,
    batchSize: 4,
    epochs: 4,
    seed: 7,
    shuffle: true,
    momentum: 0.7,
    beta1: 0.8,
    beta2: 0.95,
    eps: 1e-6,
    ...(name === 'adamw' ? { weightDecay: 0.2 } : {}),
  });

  it.each([
    ['float64', 1e-10],
    ['float32', 1e-4],
  ] as const)('follows the PyTorch update rule step by step in %s', (precision, tolerance) => {
    const { trainer, batches } = recordingTrainer(config, precision);
    const values = dataset().values;
    const row = (r: number, from: number, to: number) =>
      Array.from(values.subarray(r * 5 + from, r * 5 + to), precision === 'float32' ? Math.fround : (v: number) => v);
    // The reference starts from the engine's initial weights and keeps its own copy.
    const params = trainer.executor.parameters;
    const weights = params.map((p) => Array.from(p.value));
    const referenceSettings = {
      ...settingsFor(config),
      weightDecay: config.weightDecay,
      decayed: params.map((p) => p.shape.length >= 2),
    };
    const reference = referenceOptimizer(name, referenceSettings);
    const referenceWeights: Record<string, Record<string, number[]>> = {};
    params.forEach((p, k) => ((referenceWeights[p.node] ??= {})[p.name] = weights[k]));
    const epochLosses: { loss: number; rows: number }[][] = [[]];
    for (let s = 0; s < 12; s++) {
      if (s === 5) {
        // A new learning rate applies from the next step on.
        trainer.updateConfig({ lr: config.lr / 2 });
        referenceSettings.lr = config.lr / 2;
      }
      const result = trainer.step();
      const batch = batches[batches.length - 1];
      expect(result.rows).toBe(batch.length);
      const ref = runReference(doc, referenceWeights, {
        x: batch.map((r) => row(r, 0, 3)),
        t: batch.map((r) => row(r, 3, 5)),
      });
      expectClose([result.loss], [ref.loss], tolerance, `step ${s + 1}: loss before the update`);
      reference.step(
        weights,
        params.map((p) => ref.weightGrads.get(p.node)![p.name]),
      );
      params.forEach((p, k) => expectClose(p.value, weights[k], tolerance, `step ${s + 1}: ${p.node}.${p.name}`));
      epochLosses[epochLosses.length - 1].push({ loss: result.loss, rows: result.rows });
      if (result.epoch) {
        const steps = epochLosses[epochLosses.length - 1];
        const expected = steps.reduce((sum, x) => sum + x.loss * x.rows, 0) / steps.reduce((sum, x) => sum + x.rows, 0);
        expectClose([result.epoch.loss], [expected], 1e-12, `epoch ${result.epoch.epoch} loss`);
        epochLosses.push([]);
      }
    }
    // Batches of 4, 4 and 2 rows; each epoch visits every row once, in a new order.
    expect(batches.map((b) => b.length)).toEqual([4, 4, 2, 4, 4, 2, 4, 4, 2, 4, 4, 2]);
    const epochs = [0, 1, 2, 3].map((e) => batches.slice(3 * e, 3 * e + 3).flat());
    for (const order of epochs)
      expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: ROWS }, (_, i) => i));
    expect(new Set(epochs.map((o) => o.join())).size).toBe(4);
    expect(trainer.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
  });
});

describe('optimizer definitions', () => {
  it('Adam moves every weight by about lr on its first step, whatever the gradient scale (bias correction)', () => {
    const config = resolveTraining({ optimizer: 'adam', lr: 0.01, batchSize: 'full', seed: 2, shuffle: false });
    const { trainer } = recordingTrainer(config, 'float64');
    const before = trainer.executor.parameters.map((p) => Array.from(p.value));
    trainer.step();
    trainer.executor.parameters.forEach((p, k) => {
      p.value.forEach((w, i) => {
        const g = p.grad[i];
        const step = before[k][i] - w;
        // m̂ = g and v̂ = g², so the step is lr·g / (|g| + eps).
        expect(step).toBeCloseTo((0.01 * g) / (Math.abs(g) + 1e-8), 12);
      });
    });
  });

  it('momentum with μ = 0 and SGD give the same trajectory; μ > 0 differs', () => {
    const run = (optimizer: 'sgd' | 'momentum', momentum: number) => {
      const { trainer } = recordingTrainer(
        resolveTraining({ optimizer, lr: 0.2, batchSize: 3, seed: 4, momentum }),
        'float64',
      );
      for (let i = 0; i < 8; i++) trainer.step();
      return trainer.executor.parameters.flatMap((p) => Array.from(p.value));
    };
    expect(run('momentum', 0)).toEqual(run('sgd', 0));
    expect(run('momentum', 0.5)).not.toEqual(run('sgd', 0));
  });
});
