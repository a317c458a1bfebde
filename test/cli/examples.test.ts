/**
 * Every example validates, passes the gradient check and trains to the quality its description
 * states, within seconds, through the real command line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { backprop, example, exampleFiles, readJson, root, temporaryFolder } from './helpers.js';

const dir = temporaryFolder();

/** What training each example must reach (from its done line); every example must be listed. */
const quality: Record<string, (done: any) => void> = {
  // Hand-set threshold neurons: frozen, so "training" keeps what they compute.
  'threshold-and.bps.json': (d) => expect(d.accuracy).toBe(1),
  'threshold-or.bps.json': (d) => expect(d.accuracy).toBe(1),
  'threshold-not.bps.json': (d) => expect(d.accuracy).toBe(1),
  'xor-impossible.bps.json': (d) => expect(d.accuracy).toBe(0.75),
  'xor-gates.bps.json': (d) => expect(d.accuracy).toBe(1),
  // N = 8 bumps of steepness 40 on sin: a staircase, MSE ≈ 0.02 (the largest error ≈ 0.38, test/engine/constructions).
  'universal-approximation.bps.json': (d) => expect(d.loss).toBeLessThan(0.025),
  'perceptron-and.bps.json': (d) => expect(d.accuracy).toBe(1),
  'perceptron-or.bps.json': (d) => expect(d.accuracy).toBe(1),
  'perceptron-not.bps.json': (d) => expect(d.accuracy).toBe(1),
  // No line separates XOR's classes, so a single neuron gets at most 3 of the 4 rows right.
  'xor-single-neuron.bps.json': (d) => expect(d.accuracy).toBeLessThanOrEqual(0.75),
  'xor.bps.json': (d) => {
    expect(d.accuracy).toBe(1);
    expect(d.loss).toBeLessThan(0.05);
  },
  'sine.bps.json': (d) => expect(d.loss).toBeLessThan(1e-3),
  'linear-regression.bps.json': (d) => expect(d.loss).toBeLessThan(1.26),
  // The least-squares optimum (backprop solve) is 2943.51 on the training rows, 2569.2 on the validation rows.
  'diabetes-regression.bps.json': (d) => {
    expect(d.loss).toBeLessThan(2944);
    expect(d.valLoss).toBeLessThan(2570);
  },
  'logistic-regression.bps.json': (d) => expect(d.valAccuracy).toBeGreaterThan(0.95),
  'digits-softmax.bps.json': (d) => expect(d.valAccuracy).toBeGreaterThan(0.9),
  'iris-mlp.bps.json': (d) => expect(d.valAccuracy).toBeGreaterThan(0.9),
};

it('every example has a stated quality here', () => {
  expect(exampleFiles()).toEqual(Object.keys(quality).sort());
});

describe.each(exampleFiles())('%s', (file) => {
  const doc = readJson(example(file));

  it('is a complete, valid document laid out left to right', () => {
    expect(doc.description.length).toBeGreaterThan(40);
    expect(doc.data.source).toMatch(/^(builtin:\w+|data\/[\w-]+\.csv)$/);
    expect(doc.training).toMatchObject({
      optimizer: expect.any(String),
      lr: expect.any(Number),
      epochs: expect.any(Number),
      seed: expect.any(Number),
    });
    for (const node of doc.nodes) expect(node.position).toEqual({ x: expect.any(Number), y: expect.any(Number) });
    const x = new Map<string, number>(doc.nodes.map((n: any) => [n.id, n.position.x]));
    for (const e of doc.edges) expect(x.get(e.source)!, `${e.source}→${e.target}`).toBeLessThan(x.get(e.target)!);
    const run = backprop(['validate', example(file), '--json']);
    expect(run.json(), run.stderr).toEqual([{ ok: true }]);
  });

  it('passes the gradient check', () => {
    const run = backprop(['gradcheck', example(file), '--json', '--rows', '200']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.json()[0].ok).toBe(true);
  });

  it('trains to its stated quality; predict on the result gives what eval gives', () => {
    const out = `${dir}/${file}`;
    const run = backprop(['train', example(file), '--json', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.json();
    expect(lines).toHaveLength(doc.training.epochs + 1);
    const done = lines.at(-1);
    quality[file](done);
    const [evaluated] = backprop(['eval', out, '--json']).json();
    const [predicted] = backprop(['predict', out, '--json']).json();
    expect(predicted.outputs).toEqual(evaluated.outputs);
    // eval covers all rows: the training rows' loss and the validation rows' loss, weighted.
    const rows = evaluated.outputs.length;
    const held = Math.floor(rows * (doc.training.validationSplit ?? 0));
    // (Relative: training reports its loss from float32 passes, eval from float64 ones; the diabetes loss is ~3000.)
    const weighted = ((rows - held) * done.loss + held * (done.valLoss ?? 0)) / rows;
    expect(Math.abs(evaluated.loss - weighted)).toBeLessThanOrEqual(5e-5 * Math.max(1, Math.abs(weighted)));
  });
});

/** The truth tables of the gates, on the rows of builtin:and/or/not/xor (inputs 00, 01, 10, 11 or 0, 1). */
const truth: Record<string, { data: string; table: number[] }> = {
  'threshold-and.bps.json': { data: 'builtin:and', table: [0, 0, 0, 1] },
  'threshold-or.bps.json': { data: 'builtin:or', table: [0, 1, 1, 1] },
  'threshold-not.bps.json': { data: 'builtin:not', table: [1, 0] },
  'xor-gates.bps.json': { data: 'builtin:xor', table: [0, 1, 1, 0] },
};

describe('the hand-set examples (threshold neurons, XOR from gates)', () => {
  it.each(Object.entries(truth))('backprop predict on %s gives its truth table', (file, { data, table }) => {
    const [predicted] = backprop(['predict', example(file), '--data', data, '--json']).json();
    expect(predicted.outputs).toEqual(table.map((y) => [y]));
    // And the table is the data's: every row right.
    const [evaluated] = backprop(['eval', example(file), '--data', data, '--json']).json();
    expect(evaluated.outputs).toEqual(predicted.outputs);
  });

  it('a single threshold neuron on XOR gets 3 of the 4 rows right, whatever weights it is given', () => {
    const xor = [0, 1, 1, 0];
    const right = (outputs: number[][]) => outputs.filter((o, i) => o[0] === xor[i]).length;
    const [shipped] = backprop(['predict', example('xor-impossible.bps.json'), '--json']).json();
    expect(right(shipped.outputs)).toBe(3);
    // Weights a student might try on the sliders (one neuron: w₁, w₂, b), through the real command line.
    const doc = readJson(example('xor-impossible.bps.json'));
    const tried = [
      [1, 1, -1.5],
      [1, -1, 0],
      [-1, -1, 1.5],
      [2, 2, -1],
      [1, 1, 0.5],
      [-1, 1, -0.5],
      [3, -2, -1],
    ];
    for (const [w1, w2, b] of tried) {
      const neuron = doc.nodes.find((n: any) => n.id === 'neuron');
      neuron.weights = { W: { shape: [1, 2], data: [w1, w2] }, b: { shape: [1], data: [b] } };
      const path = `${dir}/xor-tried.bps.json`;
      writeFileSync(path, JSON.stringify(doc));
      const [p] = backprop(['predict', path, '--json']).json();
      expect(right(p.outputs), `w = (${w1}, ${w2}), b = ${b}`).toBeLessThanOrEqual(3);
    }
  });

  it.each([...Object.keys(truth), 'xor-impossible.bps.json', 'universal-approximation.bps.json'])(
    '%s: training leaves its hand-set, frozen weights exactly as they are',
    (file) => {
      const out = `${dir}/trained-${file}`;
      expect(backprop(['train', example(file), '--out', out]).code).toBe(0);
      const weights = (doc: any) => doc.nodes.filter((n: any) => n.weights).map((n: any) => [n.id, n.weights]);
      const before = weights(readJson(example(file)));
      expect(before.length).toBeGreaterThan(0);
      expect(weights(readJson(out))).toEqual(before);
    },
  );
});

describe('linear-regression.bps.json', () => {
  it("reaches the least-squares line of the normal equations on Anscombe's data", () => {
    const rows = readFileSync(`${root}/examples/data/anscombe.csv`, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').map(Number));
    const xs = rows.map((r) => r[0]);
    const ys = rows.map((r) => r[4]);
    // Normal equations for y = w·x + b: [Σx² Σx; Σx n]·[w; b] = [Σxy; Σy].
    const n = xs.length;
    const sx = xs.reduce((a, b) => a + b, 0);
    const sy = ys.reduce((a, b) => a + b, 0);
    const sxx = xs.reduce((a, x) => a + x * x, 0);
    const sxy = xs.reduce((a, x, i) => a + x * ys[i], 0);
    const w = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    const b = (sy - w * sx) / n;
    expect(w).toBeCloseTo(0.5, 3); // Anscombe's published fit: y = 3.00 + 0.500x
    expect(b).toBeCloseTo(3.0, 2);
    const out = `${dir}/linear.bps.json`;
    expect(backprop(['train', example('linear-regression.bps.json'), '--out', out]).code).toBe(0);
    const line = readJson(out).nodes.find((node: any) => node.id === 'line').weights;
    expect(line.W.data[0]).toBeCloseTo(w, 3);
    expect(line.b.data[0]).toBeCloseTo(b, 3);
  });
});
