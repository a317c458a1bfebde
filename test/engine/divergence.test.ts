/**
 * Honest divergence: every optimizer on every kind of graph stops when training blows up (values
 * that are not finite, weights beyond DIVERGENCE_WEIGHT_NORM, a loss risen by orders of
 * magnitude), names a block, and keeps weights from which training with a smaller learning rate
 * goes on.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bindData,
  DIVERGENCE_LOSS_RISE,
  DIVERGENCE_WEIGHT_NORM,
  DivergenceError,
  findBuiltin,
  norm,
  resolveTraining,
  Trainer,
  type GraphDocument,
  type OptimizerName,
  type TrainingSettings,
} from '../../src/engine/index.js';
import { compile } from './helpers.js';

const root = join(import.meta.dirname, '../..');
const example = (name: string): GraphDocument =>
  JSON.parse(readFileSync(join(root, `examples/${name}.bps.json`), 'utf8'));

function trainerFor(name: string, settings: TrainingSettings): Trainer {
  const doc = example(name);
  const graph = compile(doc);
  const data = findBuiltin(doc.data!.source!.replace('builtin:', ''))!.load();
  const bound = bindData(graph, data);
  if (!bound.ok) throw new Error(bound.diagnostics.map((d) => d.message).join('\n'));
  return new Trainer(graph, bound.value, resolveTraining(doc.training, settings), {
    normalization: doc.data?.standardize === true,
  });
}

/** Trains to the end; the DivergenceError if training diverged. */
function runToEnd(t: Trainer, maxSteps = 100_000): DivergenceError | null {
  try {
    for (let s = 0; s < maxSteps && !t.finished; s++) t.step();
  } catch (e) {
    if (e instanceof DivergenceError) return e;
    throw e;
  }
  return null;
}

const weightsOf = (t: Trainer) => t.executor.parameters.map((p) => Array.from(p.value));

// xor: tanh hidden layer, sigmoid → bce; sine: sigmoid hidden layer, mse; iris: tanh, softmax → nll.
const graphs = ['xor', 'sine', 'iris-mlp'] as const;
const optimizers: OptimizerName[] = ['sgd', 'momentum', 'adam'];
const rates = [1e3, 1e6, 1e10, 1e20, 1e30];
const cases = graphs.flatMap((g) => optimizers.flatMap((o) => rates.map((lr) => [g, o, lr] as const)));

describe('divergence', () => {
  it.each(cases)('%s with %s at lr %s stops, names a block and can go on with a smaller learning rate', (g, o, lr) => {
    const t = trainerFor(g, { optimizer: o, lr, epochs: 300 });
    const error = runToEnd(t);
    expect(error, `trained ${t.epoch} epochs to loss ${t.history.at(-1)?.loss} without stopping`).toBeInstanceOf(
      DivergenceError,
    );
    const d = error!;
    expect(t.graph.nodes.map((n) => n.id)).toContain(d.report.nodeId);
    expect(d.message).toMatch(/^training diverged in epoch \d+, step \d+: /);
    expect(d.message).toMatch(/try a smaller learning rate/);
    expect(t.epoch).toBeLessThan(300);
    // The kept weights are finite, within the bound, and the next batch's forward pass on them is finite.
    for (const p of t.executor.parameters) {
      expect(Array.from(p.value).every(Number.isFinite)).toBe(true);
      expect(norm(p.value)).toBeLessThanOrEqual(DIVERGENCE_WEIGHT_NORM);
    }
    // Train with a smaller learning rate: training goes on from the kept weights without diverging again.
    t.updateConfig({ lr: o === 'adam' ? 1e-3 : 1e-2, epochs: t.epoch + 50 });
    const again = runToEnd(t);
    expect(again?.message ?? null).toBeNull();
    expect(Number.isFinite(t.history.at(-1)!.loss)).toBe(true);
  });

  it('weights that explode without overflowing are caught, naming the tensor and keeping the weights before the step', () => {
    const t = trainerFor('xor', { optimizer: 'sgd', lr: 1e20 });
    const initial = weightsOf(t);
    const d = runToEnd(t)!;
    expect(d).toBeInstanceOf(DivergenceError);
    expect(d.report.kind).toBe('weights');
    expect(d.report.nodeId).toBe('h');
    expect(d.message).toMatch(
      /^training diverged in epoch 1, step 1: the weights of node 'h' exploded \(‖W‖ = [\d.e+]+ after the update, beyond 1e\+8\)\. The weights from before step 1 are kept/,
    );
    expect(weightsOf(t)).toEqual(initial);
    expect(t.steps).toBe(0);
  });

  it('Adam at lr 1e3 on XOR: the loss rising by orders of magnitude stops training (it ran to the end at loss 8.06)', () => {
    const t = trainerFor('xor', { optimizer: 'adam', lr: 1e3 });
    const d = runToEnd(t)!;
    expect(d).toBeInstanceOf(DivergenceError);
    expect(d.report.kind).toBe('loss');
    expect(d.report.nodeId).toBe('L');
    const last = t.history.at(-1)!;
    expect(last.loss).toBeGreaterThan(DIVERGENCE_LOSS_RISE * t.history[0].loss);
    expect(d.message).toContain(`epoch ${last.epoch}'s loss`);
    expect(d.message).toMatch(/the largest weight is node '\w+''s [Wb]/);
    expect(d.epoch + 1).toBe(last.epoch);
    // Where training goes back to, the loss is where it started, not where it blew up.
    expect(t.evaluate().loss).toBeLessThan(2 * t.history[0].loss);
  });

  it('a run continuing from trained weights at a lower loss than the floor is not stopped by noise', () => {
    const first = trainerFor('iris-mlp', { epochs: 100 });
    expect(runToEnd(first)).toBeNull();
    const doc = first.exportDocument();
    const graph = compile(doc);
    const bound = bindData(graph, findBuiltin('iris')!.load());
    if (!bound.ok) throw new Error('iris does not bind');
    // Adam restarting with fresh moments at a high learning rate makes the loss jump around.
    const again = new Trainer(
      graph,
      bound.value,
      resolveTraining(doc.training, { optimizer: 'adam', lr: 0.05, epochs: 200 }),
      {
        normalization: doc.data?.normalization,
      },
    );
    expect(runToEnd(again)).toBeNull();
  });

  it('a normal run of every example trains to the end', () => {
    for (const name of ['xor', 'sine', 'iris-mlp', 'logistic-regression', 'perceptron-and']) {
      const t = trainerFor(name, {});
      expect(runToEnd(t)?.message ?? null, name).toBeNull();
      expect(t.finished).toBe(true);
    }
  });
});
