/**
 * `backprop train` with weight decay, L1, a learning-rate schedule and early stopping: the flags
 * reach the run (the epochs report the penalty and the scheduled rate), the trained document
 * records them, bad values are refused naming the flag, and early stopping ends the run with its
 * reason.
 */
import { describe, expect, it } from 'vitest';
import { backprop, example, readJson, temporaryFolder } from './helpers.js';

const xor = ['train', example('xor.bps.json'), '--data', 'builtin:xor'];
const epochLines = (lines: any[]) => lines.filter((l) => l.epoch !== undefined && !l.done);

describe('train --weight-decay --l1', () => {
  const dir = temporaryFolder();
  const out = `${dir}/xor-decayed.bps.json`;
  const plain = backprop([...xor, '--epochs', '20', '--json']);
  const decayed = backprop([
    ...xor,
    '--epochs',
    '20',
    '--weight-decay',
    '0.01',
    '--l1',
    '0.001',
    '--json',
    '--out',
    out,
  ]);

  it('reports the penalty beside the data loss, and the run differs from the one without', () => {
    expect(decayed.code, decayed.stderr).toBe(0);
    const epochs = epochLines(decayed.json());
    expect(epochs).toHaveLength(20);
    for (const e of epochs) expect(e.penalty).toBeGreaterThan(0);
    for (const e of epochLines(plain.json())) expect(e.penalty).toBeUndefined();
    // The first epoch's loss is before any update: the same; the decay changes every one after.
    expect(epochs[0].loss).toBe(epochLines(plain.json())[0].loss);
    expect(epochs[19].loss).not.toBe(epochLines(plain.json())[19].loss);
  });

  it('writes the settings and the penalty history into the trained document', () => {
    const doc = readJson(out);
    expect(doc.training).toMatchObject({ weightDecay: 0.01, l1: 0.001 });
    expect(doc.metrics.history[0].penalty).toBeGreaterThan(0);
    // Training the written document again uses them without flags.
    const again = backprop(['train', out, '--data', 'builtin:xor', '--epochs', '2', '--json']);
    expect(epochLines(again.json())[0].penalty).toBeGreaterThan(0);
  });

  it('shows the regularisation and a penalty column in the human table', () => {
    const run = backprop([...xor, '--epochs', '3', '--optimizer', 'adamw', '--lr', '0.05', '--weight-decay', '0.1']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines[1]).toBe('adamw (β₁ 0.9, β₂ 0.999, ε 1e-8), lr 0.05, batch full, 3 epochs, seed 1');
    expect(run.lines[2]).toBe('weight decay 0.1 (decoupled)');
    expect(run.stdout).toMatch(/^\s*epoch\s+loss\s+penalty\s+accuracy$/m);
  });
});

describe('train --lr-schedule', () => {
  it('step: the rate is multiplied by gamma every step-size epochs', () => {
    const run = backprop([
      ...xor,
      '--epochs',
      '5',
      '--lr-schedule',
      'step',
      '--step-size',
      '2',
      '--gamma',
      '0.5',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(epochLines(run.json()).map((e) => e.lr)).toEqual([1, 1, 0.5, 0.5, 0.25]);
  });

  it('cosine: from lr to eta-min over t-max epochs (default: the epochs)', () => {
    const run = backprop([...xor, '--epochs', '4', '--lr-schedule', 'cosine', '--eta-min', '0.2', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const lrs = epochLines(run.json()).map((e) => e.lr);
    const expected = [0, 1, 2, 3].map((e) => 0.2 + (0.8 * (1 + Math.cos((Math.PI * e) / 4))) / 2);
    lrs.forEach((lr, k) => expect(lr).toBeCloseTo(expected[k], 12));
  });

  it.each([
    [['--lr-schedule', 'linear'], "--lr-schedule must be one of constant, step, cosine, got 'linear'"],
    [['--gamma', '2'], "--gamma must be ≤ 1, got '2'"],
    [['--weight-decay', '-0.1'], "--weight-decay must be ≥ 0, got '-0.1'"],
    [['--l1', '-1'], "--l1 must be ≥ 0, got '-1'"],
    [['--step-size', '0'], "--step-size must be ≥ 1, got '0'"],
    [['--patience', '0'], "--patience must be ≥ 1, got '0'"],
    [['--optimizer', 'adamax'], "--optimizer must be one of sgd, momentum, adam, adamw, got 'adamax'"],
  ])('refuses %j, naming the flag', (flags, message) => {
    const run = backprop([...xor, ...flags]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});

describe('train --patience', () => {
  // A learning rate too small to move the validation loss by min delta: no epoch after the first is better.
  const iris = ['train', example('iris-mlp.bps.json'), '--data', 'builtin:iris', '--lr', '1e-9'];

  it('stops early with the reason, keeping the best epoch’s weights', () => {
    const run = backprop([...iris, '--epochs', '500', '--patience', '3', '--min-delta', '0.001']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('early stopping: patience 3, min delta 0.001, best weights restored');
    expect(run.stdout).toContain(
      'stopped early at epoch 4: no validation improvement for 3 epochs; best weights from epoch 1 kept.',
    );
    expect(run.stdout).toMatch(/\(4 epochs, /);
  });

  it('--json: the done line says why it stopped', () => {
    const run = backprop([
      ...iris,
      '--epochs',
      '500',
      '--patience',
      '3',
      '--min-delta',
      '0.001',
      '--keep-last',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.json();
    expect(epochLines(lines)).toHaveLength(4);
    expect(lines.at(-1)).toMatchObject({
      done: true,
      epochs: 4,
      stoppedEarly: { epoch: 4, bestEpoch: 1, patience: 3, restored: false },
    });
  });

  it('warns that it needs validation rows, and trains all epochs without them', () => {
    const run = backprop([...iris, '--val', '0', '--epochs', '6', '--patience', '2', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      'training.patience: warning: early stopping (patience 2) needs validation rows: set --val F (or training.validationSplit); training runs all 6 epochs',
    );
    expect(epochLines(run.json())).toHaveLength(6);
  });
});
