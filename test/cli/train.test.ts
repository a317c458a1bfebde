/** `backprop train`, run as a user runs it: the acceptance check, flags, --out, reproducibility. */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { backprop, example, readJson, temporaryFolder, writeFile } from './helpers.js';

/** The (epoch, loss) pairs of the human epoch table. */
function epochTable(stdout: string): { epoch: number; loss: number }[] {
  return [...stdout.matchAll(/^\s*(\d+)\s+(\S+)/gm)].map((m) => ({ epoch: Number(m[1]), loss: Number(m[2]) }));
}

describe('backprop train examples/xor.bps.json --data builtin:xor (acceptance)', () => {
  const run = backprop(['train', 'examples/xor.bps.json', '--data', 'builtin:xor']);

  it('prints a falling loss that ends below 0.05', () => {
    expect(run.code, run.stderr).toBe(0);
    const rows = epochTable(run.stdout);
    expect(rows[0]).toEqual({ epoch: 1, loss: expect.closeTo(Math.LN2, 2) });
    for (let i = 1; i < rows.length; i++) expect(rows[i].loss).toBeLessThanOrEqual(rows[i - 1].loss);
    expect(rows.at(-1)!.epoch).toBe(1000);
    expect(rows.at(-1)!.loss).toBeLessThan(0.05);
    const done = /^done: loss (\S+) on the training rows, accuracy 100\.0 %/m.exec(run.stdout);
    expect(done, run.stdout).not.toBeNull();
    expect(Number(done![1])).toBeLessThan(0.05);
  });

  it('shows about 20 epochs of a long run, the first and the last among them', () => {
    const epochs = epochTable(run.stdout).map((r) => r.epoch);
    expect(epochs).toEqual([1, ...Array.from({ length: 20 }, (_, k) => 50 * (k + 1))]);
  });

  it('shows the settings it trains with, in an aligned table', () => {
    expect(run.lines[0]).toBe('Training "XOR, one hidden layer" on builtin:xor: 4 rows');
    expect(run.lines[1]).toBe('sgd, lr 1, batch full, 1000 epochs, seed 1');
    const table = run.stdout.split('\n').filter((l) => /^\s*(epoch|\d+)\s/.test(l));
    expect(new Set(table.map((l) => l.length)).size).toBe(1);
  });
});

describe('train --json', () => {
  const dir = temporaryFolder();
  const out = `${dir}/xor-trained.bps.json`;
  const run = backprop(['train', example('xor.bps.json'), '--data', 'builtin:xor', '--json', '--out', out]);
  const lines = run.json();

  it('prints every epoch, then a done line with the loss of the trained weights', () => {
    expect(run.code, run.stderr).toBe(0);
    const epochs = lines.slice(0, -1);
    expect(epochs.map((l) => l.epoch)).toEqual(Array.from({ length: 1000 }, (_, k) => k + 1));
    for (const l of epochs) expect(Object.keys(l).sort()).toEqual(['accuracy', 'epoch', 'loss']);
    expect(lines.at(-1)).toEqual({ done: true, loss: expect.any(Number), accuracy: 1, epochs: 1000, out });
    expect(lines.at(-1).loss).toBeLessThan(0.05);
  });

  it("the done loss is what eval computes for the written document's weights", () => {
    const [evaluation] = backprop(['eval', out, '--data', 'builtin:xor', '--json']).json();
    expect(evaluation.loss).toBeCloseTo(lines.at(-1).loss, 6);
  });

  it("with --batch full an epoch's loss is the loss before its update", () => {
    const [before] = backprop(['eval', example('xor.bps.json'), '--data', 'builtin:xor', '--json']).json();
    expect(lines[0].loss).toBeCloseTo(before.loss, 6);
  });

  it('writes the trained document atomically, leaving no temporary file', () => {
    expect(readdirSync(dir)).toEqual(['xor-trained.bps.json']);
    const trained = readJson(out);
    expect(trained.nodes.find((n: any) => n.id === 'h').weights.W.shape).toEqual([4, 2]);
    expect(trained.nodes.find((n: any) => n.id === 'o').weights.b.shape).toEqual([1]);
    expect(trained.data).toMatchObject({
      source: 'builtin:xor',
      features: ['x1', 'x2'],
      targets: ['y'],
      standardize: false,
    });
    expect(trained.metrics.history).toHaveLength(1000);
    expect(backprop(['validate', out]).code).toBe(0);
  });

  it('is reproducible: the same seed gives the same numbers', () => {
    const again = backprop(['train', example('xor.bps.json'), '--data', 'builtin:xor', '--json']).json();
    expect(again.slice(0, -1)).toEqual(lines.slice(0, -1));
  });

  it('continues a trained document where it stopped, numbering its history on', () => {
    const more = `${dir}/more.bps.json`;
    const run2 = backprop(['train', out, '--epochs', '3', '--json', '--out', more]);
    expect(run2.code, run2.stderr).toBe(0);
    expect(run2.json()[0].loss).toBeLessThan(0.05);
    expect(
      readJson(more)
        .metrics.history.map((h: any) => h.epoch)
        .slice(-3),
    ).toEqual([1001, 1002, 1003]);
  });
});

describe('train flags', () => {
  const dir = temporaryFolder();

  it("override the document's training settings and are stored in the output", () => {
    const out = `${dir}/flags.bps.json`;
    const run = backprop([
      'train',
      example('xor.bps.json'),
      '--epochs',
      '7',
      '--lr',
      '0.05',
      '--optimizer',
      'adam',
      '--beta1',
      '0.8',
      '--beta2',
      '0.99',
      '--eps',
      '1e-7',
      '--batch',
      '2',
      '--seed',
      '9',
      '--no-shuffle',
      '--json',
      '--out',
      out,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toHaveLength(8);
    expect(readJson(out).training).toMatchObject({
      optimizer: 'adam',
      lr: 0.05,
      beta1: 0.8,
      beta2: 0.99,
      eps: 1e-7,
      batchSize: 2,
      epochs: 7,
      seed: 9,
      shuffle: false,
    });
  });

  it("--momentum sets the momentum optimizer's μ", () => {
    const out = `${dir}/momentum.bps.json`;
    expect(
      backprop([
        'train',
        example('xor.bps.json'),
        '--optimizer',
        'momentum',
        '--momentum',
        '0.5',
        '--epochs',
        '1',
        '--out',
        out,
      ]).code,
    ).toBe(0);
    expect(readJson(out).training).toMatchObject({ optimizer: 'momentum', momentum: 0.5 });
  });

  it('--seed changes the initial weights', () => {
    const first = (seed: string) =>
      backprop(['train', example('xor.bps.json'), '--epochs', '1', '--seed', seed, '--json']).json()[0].loss;
    expect(first('1')).not.toBe(first('2'));
  });

  it('--val holds rows out and reports their loss and accuracy every epoch', () => {
    const run = backprop(['train', example('logistic-regression.bps.json'), '--val', '0.5', '--epochs', '2', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const [epoch1, , done] = run.json();
    expect(Object.keys(epoch1).sort()).toEqual(['accuracy', 'epoch', 'loss', 'valAccuracy', 'valLoss']);
    expect(done).toMatchObject({ done: true, valLoss: expect.any(Number), valAccuracy: expect.any(Number) });
  });

  it('--standardize stores the normalisation measured on the training rows', () => {
    const out = `${dir}/standardized.bps.json`;
    expect(backprop(['train', example('sine.bps.json'), '--standardize', '--epochs', '1', '--out', out]).code).toBe(0);
    const { data } = readJson(out);
    expect(data.standardize).toBe(true);
    expect(data.normalization.columns).toEqual(['x']);
    // builtin:sine has x evenly spaced on [−π, π]: mean 0, and the population std of that grid.
    const xs = Array.from({ length: 100 }, (_, i) => -Math.PI + (2 * Math.PI * i) / 99);
    const std = Math.sqrt(xs.reduce((s, x) => s + x * x, 0) / xs.length);
    expect(data.normalization.mean[0]).toBeCloseTo(0, 12);
    expect(data.normalization.std[0]).toBeCloseTo(std, 12);
  });

  it('records a CSV source relative to the output document', () => {
    const csv = writeFile(dir, 'gate.csv', 'x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,1\n');
    const out = `${dir}/sub-out.bps.json`;
    expect(
      backprop(['train', example('perceptron-or.bps.json'), '--data', csv, '--epochs', '1', '--out', out]).code,
    ).toBe(0);
    expect(readJson(out).data.source).toBe('gate.csv');
    // …so that the document finds its data without --data.
    expect(backprop(['eval', out]).code).toBe(0);
  });
});

describe('train with a frozen block (trainable: false)', () => {
  const dir = temporaryFolder();

  it('leaves the frozen weights byte-identical and trains the rest', () => {
    const first = `${dir}/xor-first.bps.json`;
    expect(backprop(['train', example('xor.bps.json'), '--epochs', '5', '--out', first]).code).toBe(0);
    const doc = readJson(first);
    const h = doc.nodes.find((n: { id: string }) => n.id === 'h');
    h.trainable = false;
    const frozen = writeFile(dir, 'xor-frozen.bps.json', doc);
    const out = `${dir}/xor-frozen-trained.bps.json`;
    const run = backprop(['train', frozen, '--epochs', '200', '--out', out, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.json().filter((l) => 'epoch' in l);
    expect(lines.at(-1).loss).toBeLessThan(lines[0].loss);
    const trained = readJson(out);
    const weights = (d: any, id: string) => JSON.stringify(d.nodes.find((n: { id: string }) => n.id === id).weights);
    expect(weights(trained, 'h')).toBe(weights(doc, 'h'));
    expect(weights(trained, 'o')).not.toBe(weights(doc, 'o'));
    expect(trained.nodes.find((n: { id: string }) => n.id === 'h').trainable).toBe(false);
  });
});
