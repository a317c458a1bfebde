/** validate, eval, predict and gradcheck as spawned processes: their --json shapes and tables. */
import { describe, expect, it } from 'vitest';
import { backprop, example, readJson, temporaryFolder, writeFile } from './helpers.js';

const dir = temporaryFolder();

describe('validate', () => {
  it('--json prints {"ok":true} for a valid document', () => {
    const run = backprop(['validate', 'examples/xor.bps.json', '--json']);
    expect(run.code).toBe(0);
    expect(run.json()).toEqual([{ ok: true }]);
  });

  it('--json lists every error as {where, message} and exits 1', () => {
    const doc = readJson(example('xor.bps.json'));
    doc.nodes[1].params.in = 3;
    doc.edges.push({ source: 'L', target: 'hs', targetHandle: 'in' });
    const run = backprop(['validate', writeFile(dir, 'two-errors.bps.json', doc), '--json']);
    expect(run.code).toBe(1);
    const [result] = run.json();
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual(
      expect.arrayContaining([
        {
          where: 'edges[6]',
          message: "edge L→hs.in: a loss's output is the training objective and cannot feed another block",
          code: 'unknown-port',
          values: { edge: 'L→hs.in' },
        },
        {
          where: 'edges[6]',
          message: "input 'in' of node 'hs' has two edges (h→hs.in and L→hs.in); a port takes one",
          // The code and the values, so that a program needs no text (and gets the same in every language).
          code: 'duplicate-input',
          values: { port: 'in', node: 'hs', first: 'h→hs.in', second: 'L→hs.in' },
        },
      ]),
    );
  });

  it('prints warnings with a valid document', () => {
    const doc = readJson(example('xor.bps.json'));
    doc.nodes.push({ id: 'spare', type: 'relu' });
    doc.edges.push({ source: 'h', target: 'spare', targetHandle: 'in' });
    const file = writeFile(dir, 'warning.bps.json', doc);
    const run = backprop(['validate', file, '--json']);
    expect(run.code).toBe(0);
    expect(run.json()).toEqual([
      {
        ok: true,
        warnings: [
          {
            where: 'node spare',
            message: "node 'spare' does not feed any loss, so training ignores it",
            code: 'unused',
            values: { id: 'spare' },
          },
        ],
      },
    ]);
    expect(backprop(['validate', file]).stderr.trim()).toBe(
      `${file}: node spare: warning: node 'spare' does not feed any loss, so training ignores it`,
    );
  });

  it('counts frozen parameters apart from the trainable ones, and marks frozen blocks in the table', () => {
    const run = backprop(['validate', 'examples/xor-gates.bps.json']);
    expect(run.code).toBe(0);
    expect(run.lines[0]).toBe(
      'examples/xor-gates.bps.json: valid: "XOR from AND, OR, NOT", 7 nodes, 6 edges, 0 trainable parameters, 9 frozen',
    );
    expect(run.lines.find((l) => l.startsWith('gates'))).toMatch(/6 \(stored, frozen\)$/);
    // A hand-set threshold network has no warning about its steps: nothing before them trains.
    expect(run.stderr).toBe('');
  });

  it('prints a table of the nodes, their shapes and parameter counts', () => {
    const run = backprop(['validate', 'examples/xor.bps.json']);
    expect(run.lines[0]).toBe(
      'examples/xor.bps.json: valid: "XOR, one hidden layer", 7 nodes, 6 edges, 17 trainable parameters',
    );
    expect(run.lines[1]).toMatch(/^node {2}block {2,}output {6}parameters$/);
    // Columns: node, block (the block's label), output, parameters.
    const rows = run.lines.slice(2).map((l) => l.split(/ {2,}/));
    expect(rows.map((r) => [r[0], r[2], r[3]])).toEqual([
      ['x', '[rows × 2]', undefined],
      ['h', '[rows × 4]', '12'],
      ['hs', '[rows × 4]', undefined],
      ['o', '[rows × 1]', '5'],
      ['p', '[rows × 1]', undefined],
      ['t', '[rows × 1]', undefined],
      ['L', 'scalar', undefined],
    ]);
    expect(rows[1][1]).toBe('Linear 2→4');
    const starts = (column: number) => new Set(run.lines.slice(1).map((l) => l.indexOf(l.split(/ {2,}/)[column])));
    expect(starts(2).size).toBe(1);
  });

  it('--data also checks that the data fits', () => {
    const run = backprop(['validate', 'examples/xor.bps.json', '--data', 'builtin:circle', '--json']);
    expect(run.code).toBe(1);
    expect(run.json()[0].errors).toEqual([
      {
        where: 'node t',
        message: "target 't' asks for column 'y', which the data 'builtin:circle' does not have (it has x1, x2, label)",
        code: 'data',
        // The values the message names, for programs that need no text.
        values: { columns: "'y'", count: 1, data: 'builtin:circle', has: 'x1, x2, label', id: 't' },
      },
    ]);
  });
});

describe('eval', () => {
  it('--json prints the loss, the accuracy and the outputs fed to the loss, one array per row', () => {
    const run = backprop(['eval', 'examples/xor.bps.json', '--data', 'builtin:xor', '--json']);
    expect(run.code).toBe(0);
    const [result] = run.json();
    expect(Object.keys(result).sort()).toEqual(['accuracy', 'loss', 'outputs']);
    expect(result.outputs).toHaveLength(4);
    for (const row of result.outputs) {
      expect(row).toHaveLength(1);
      expect(row[0]).toBeGreaterThan(0);
      expect(row[0]).toBeLessThan(1);
    }
    // The loss is the BCE of those outputs against XOR's targets (computed here, independently).
    const targets = [0, 1, 1, 0];
    const bce =
      -targets.reduce(
        (s, t, i) => s + t * Math.log(result.outputs[i][0]) + (1 - t) * Math.log(1 - result.outputs[i][0]),
        0,
      ) / 4;
    expect(result.loss).toBeCloseTo(bce, 12);
  });

  it('--grads adds every parameter gradient, W nested as [out][in]', () => {
    const [result] = backprop(['eval', 'examples/xor.bps.json', '--grads', '--json']).json();
    expect(Object.keys(result.grads)).toEqual(['h', 'o']);
    expect(result.grads.h.W).toHaveLength(4);
    for (const row of result.grads.h.W) expect(row).toHaveLength(2);
    expect(result.grads.h.b).toHaveLength(4);
    expect(result.grads.o.W).toEqual([expect.any(Array)]);
    expect(result.grads.o.W[0]).toHaveLength(4);
    expect(result.grads.o.b).toHaveLength(1);
  });

  it('the gradients are the numeric derivatives of the loss (checked through two evals)', () => {
    const doc = readJson(example('perceptron-and.bps.json'));
    const W = [0.3, -0.2];
    const b = 0.1;
    const withWeights = (w: number[], bias: number) => {
      const d = structuredClone(doc);
      d.nodes[1].weights = { W: { shape: [1, 2], data: w }, b: { shape: [1], data: [bias] } };
      return writeFile(dir, `and-${w.join('_')}-${bias}.bps.json`, d);
    };
    const [at] = backprop(['eval', withWeights(W, b), '--grads', '--json']).json();
    const h = 1e-6;
    const lossAt = (w: number[], bias: number) => backprop(['eval', withWeights(w, bias), '--json']).json()[0].loss;
    expect(at.grads.neuron.W[0][0]).toBeCloseTo(
      (lossAt([W[0] + h, W[1]], b) - lossAt([W[0] - h, W[1]], b)) / (2 * h),
      6,
    );
    expect(at.grads.neuron.b[0]).toBeCloseTo((lossAt(W, b + h) - lossAt(W, b - h)) / (2 * h), 6);
  });

  it('prints a table of targets, outputs and predicted classes, and the gradients', () => {
    const run = backprop(['eval', 'examples/xor.bps.json', '--grads']);
    expect(run.code).toBe(0);
    expect(run.lines[0]).toMatch(/^loss {6}0\.693\d* {3}\(mean over 4 rows\)$/);
    expect(run.lines[1]).toMatch(/^accuracy {2}\d+\.\d %$/);
    expect(run.lines[2]).toMatch(/^row\s+target\s+p\s+predicted$/);
    expect(run.stdout).toContain('gradients of the loss over all rows:');
    expect(run.stdout).toMatch(/^h\s+W\s+\[4, 2\]\s+\S+\s+\[\[/m);
  });

  it('shows 20 rows of a large data set and says how many more there are', () => {
    const run = backprop(['eval', 'examples/digits-softmax.bps.json']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('… 1777 more rows (--json prints them all)');
  });
});

describe('predict', () => {
  const trained = `${dir}/iris-trained.bps.json`;
  const trainRun = backprop(['train', example('iris-mlp.bps.json'), '--out', trained]);

  it('--json gives the same numbers as eval, and class names', () => {
    expect(trainRun.code, trainRun.stderr).toBe(0);
    const [predicted] = backprop(['predict', trained, '--data', 'builtin:iris', '--json']).json();
    const [evaluated] = backprop(['eval', trained, '--data', 'builtin:iris', '--json']).json();
    expect(Object.keys(predicted).sort()).toEqual(['classes', 'outputs']);
    expect(predicted.outputs).toEqual(evaluated.outputs);
    expect(predicted.outputs).toHaveLength(150);
    expect(new Set(predicted.classes)).toEqual(new Set(['setosa', 'versicolor', 'virginica']));
    // The class is the most probable output.
    const names = readJson(trained).data.classes;
    predicted.outputs.forEach((p: number[], r: number) =>
      expect(predicted.classes[r]).toBe(names[p.indexOf(Math.max(...p))]),
    );
  });

  it('needs no target column, and finds the trained feature columns by name in any order', () => {
    const csv = writeFile(
      dir,
      'flowers.csv',
      'petal_width,petal_length,sepal_width,sepal_length\n0.2,1.4,3.5,5.1\n2.5,6.0,3.3,6.3\n',
    );
    const run = backprop(['predict', trained, '--data', csv]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines[0]).toBe('out0,out1,out2,class');
    expect(run.lines.slice(1).map((l) => l.split(',').at(-1))).toEqual(['setosa', 'virginica']);
    const [fromIris] = backprop(['predict', trained, '--data', 'builtin:iris', '--json']).json();
    expect(run.lines[1].split(',').slice(0, 3).map(Number)).toEqual(fromIris.outputs[0]);
  });

  it('prints CSV named after the target column for a regression', () => {
    const sine = `${dir}/sine-trained.bps.json`;
    expect(backprop(['train', example('sine.bps.json'), '--out', sine, '--epochs', '10']).code).toBe(0);
    const csv = writeFile(dir, 'x.csv', 'x\n0\n1.5\n');
    const run = backprop(['predict', sine, '--data', csv]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines[0]).toBe('y');
    expect(run.lines).toHaveLength(3);
    expect(Number.isFinite(Number(run.lines[1]))).toBe(true);
  });

  it('maps binary predictions to 0 and 1', () => {
    const and = `${dir}/and-trained.bps.json`;
    expect(backprop(['train', example('perceptron-and.bps.json'), '--out', and]).code).toBe(0);
    const [result] = backprop(['predict', and, '--json']).json();
    expect(result.classes).toEqual([0, 0, 0, 1]);
  });
});

describe('gradcheck', () => {
  it('--json prints ok, the largest relative error and one entry per parameter', () => {
    const run = backprop(['gradcheck', 'examples/xor.bps.json', '--json']);
    expect(run.code).toBe(0);
    const [result] = run.json();
    expect(result).toMatchObject({ ok: true, tolerance: 1e-4, eps: 1e-5 });
    expect(result.maxRelError).toBeLessThan(1e-6);
    expect(result.params.map((p: any) => `${p.node}.${p.name}`)).toEqual(['h.W', 'h.b', 'o.W', 'o.b']);
    for (const p of result.params)
      expect(Object.keys(p).sort()).toEqual(['maxAbsError', 'maxRelError', 'name', 'node']);
  });

  it('--eps sets the step and --rows the rows', () => {
    const [result] = backprop([
      'gradcheck',
      'examples/digits-softmax.bps.json',
      '--eps',
      '1e-4',
      '--rows',
      '50',
      '--json',
    ]).json();
    expect(result).toMatchObject({ ok: true, eps: 1e-4 });
  });

  it('fails (exit code 1) where the gradient is not the derivative: a step at its threshold', () => {
    // A step block's derivative is 0, but its output jumps where an input sits on the threshold.
    const doc = readJson(example('perceptron-and.bps.json'));
    doc.nodes[2].type = 'step';
    doc.nodes[2].params = { threshold: 0 };
    doc.nodes.splice(3, 0, { id: 'squash', type: 'sigmoid' });
    doc.edges = [
      { source: 'x', target: 'neuron', targetHandle: 'in' },
      { source: 'neuron', target: 'p', targetHandle: 'in' },
      { source: 'p', target: 'squash', targetHandle: 'in' },
      { source: 'squash', target: 'L', targetHandle: 'pred' },
      { source: 't', target: 'L', targetHandle: 'target' },
    ];
    doc.nodes[1].weights = { W: { shape: [1, 2], data: [0, 0] }, b: { shape: [1], data: [0] } };
    const run = backprop(['gradcheck', writeFile(dir, 'step.bps.json', doc)]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAIL/);
    expect(run.stdout).toMatch(/^FAILED: largest relative error/m);
  });
});
