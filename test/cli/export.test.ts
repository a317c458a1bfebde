/**
 * `backprop export`: writes ONNX and PyTorch files a user runs elsewhere. The issue's finish line
 * end to end: train XOR, export both, and get the same predictions from onnxruntime, from
 * `python3 model.py --predict` and from `backprop predict`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { defaultOutput } from '../../src/cli/commands/export.js';
import { hasTorch, PYTHON, torchMissing } from '../export/helpers.js';
import { backprop, example, readJson, temporaryFolder, writeFile } from './helpers.js';

const dir = temporaryFolder();

describe('backprop export', () => {
  it('--to onnx writes a model onnxruntime runs and says what it holds', async () => {
    const out = join(dir, 'iris.onnx');
    const trained = join(dir, 'iris.bps.json');
    expect(backprop(['train', example('iris-mlp.bps.json'), '--epochs', '5', '--out', trained]).code).toBe(0);
    const run = backprop(['export', trained, '--to', 'onnx', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.lines[0]).toMatch(new RegExp(`^wrote ${out}: ONNX model \\(opset 17\\), \\d+\\.\\d kB$`));
    expect(run.lines.slice(1)).toEqual([
      '  input   x: [batch × 4] sepal_length, sepal_width, petal_length, petal_width (normalised inside the model)',
      '  output  p: [batch × 3] (the prediction of loss L)',
    ]);
    const session = await ort.InferenceSession.create(readFileSync(out));
    expect(session.inputNames).toEqual(['x']);
    expect(session.outputNames).toEqual(['p']);
  });

  it('--json prints one line; --opset chooses the opset; the default output is beside the document', () => {
    const doc = writeFile(dir, 'sine.bps.json', readJson(example('sine.bps.json')));
    const run = backprop(['export', doc, '--to', 'onnx', '--opset', '13', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const [line] = run.json();
    expect(line).toMatchObject({
      ok: true,
      format: 'onnx',
      out: join(dir, 'sine.onnx'),
      opset: 13,
      inputs: [{ name: 'x', columns: ['x'], normalized: false }],
      outputs: [{ name: 'sum', columns: 1, loss: 'L' }],
      warnings: [
        { where: '(graph)', message: expect.stringContaining("nodes 'hidden', 'sum' store no trained weights") },
      ],
    });
    expect(line.bytes).toBe(readFileSync(join(dir, 'sine.onnx')).length);
    expect(defaultOutput('a/b/model.bps.json', 'pytorch')).toBe(join('a/b', 'model.py'));
    expect(defaultOutput('net.json', 'onnx')).toBe('net.onnx');
  });

  it('prints warnings: untrained weights, a step exported for inference only', () => {
    const doc = readJson(example('perceptron-and.bps.json'));
    doc.nodes[2].type = 'step';
    const file = writeFile(dir, 'step.bps.json', doc);
    const run = backprop(['export', file, '--to', 'onnx', '--out', join(dir, 'step.onnx')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([
      `${file}: node neuron: warning: node 'neuron' stores no trained weights: the export uses the initial weights drawn from params and training.seed 1, as the app would`,
      `${file}: node p: warning: step 'p' is exported as Greater + Cast: exact for predictions, but ONNX training tools cannot learn through it (its gradient is zero, as in the app)`,
    ]);
  });

  it('--to pytorch writes model.py', () => {
    const out = join(dir, 'model.py');
    const run = backprop(['export', example('xor.bps.json'), '--to', 'pytorch', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines[0]).toMatch(
      new RegExp(
        `^wrote ${out}: PyTorch model \\(an nn.Module with its weights, loss, optimizer and a training loop\\), \\d+\\.\\d kB$`,
      ),
    );
    expect(run.lines.at(-1)).toBe(`run it: python3 ${out} --predict ROWS.csv   (or --train DATA.csv; see --help)`);
    expect(readFileSync(out, 'utf8')).toContain('class Model(nn.Module):');
  });

  it.each([
    [['export', 'examples/xor.bps.json'], 'backprop export: export needs --to onnx or --to pytorch'],
    [
      ['export', 'examples/xor.bps.json', '--to', 'keras'],
      "backprop export: --to must be one of onnx, pytorch, got 'keras'",
    ],
    [
      ['export', 'examples/xor.bps.json', '--to', 'pytorch', '--opset', '17'],
      'backprop export: --opset applies to --to onnx only',
    ],
    [
      ['export', 'examples/xor.bps.json', '--to', 'onnx', '--opset', '7'],
      'backprop export: --opset must be from 13 to 21, got 7',
    ],
    [['export', '--to', 'onnx'], 'backprop export: export needs a graph document or an ONNX model (FILE)'],
  ])('wrong usage %j exits 2', (args, message) => {
    const run = backprop(args);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(message);
  });

  it('bad input exits 1 naming the problem: an invalid document, a prediction from a target, an unwritable path', () => {
    const broken = readJson(example('xor.bps.json'));
    broken.nodes[1].type = 'dense';
    const invalid = backprop(['export', writeFile(dir, 'broken.bps.json', broken), '--to', 'onnx']);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain("nodes[1].type: node 'h' has unknown block type 'dense'");

    const cheat = readJson(example('linear-regression.bps.json'));
    cheat.nodes.push({ id: 'plus', type: 'add' });
    cheat.edges = cheat.edges.filter((e: any) => e.targetHandle !== 'pred');
    cheat.edges.push(
      { source: 'line', target: 'plus', targetHandle: 'in0' },
      { source: 't', target: 'plus', targetHandle: 'in1' },
      { source: 'plus', target: 'L', targetHandle: 'pred' },
    );
    const file = writeFile(dir, 'cheat.bps.json', cheat);
    const leaked = backprop(['export', file, '--to', 'pytorch', '--json']);
    expect(leaked.code).toBe(1);
    expect(leaked.json()[0].errors[0]).toEqual({
      where: 'node t',
      message:
        "the prediction 'plus' depends on target 't': an exported model receives only the input features, so no prediction may use the targets",
      code: 'data',
      values: { uses: "'plus'", id: 't' },
    });

    const nowhere = backprop([
      'export',
      example('xor.bps.json'),
      '--to',
      'onnx',
      '--out',
      join(dir, 'missing', 'x.onnx'),
    ]);
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr.trim()).toBe(
      `${join(dir, 'missing', 'x.onnx')}: cannot write the ONNX model: its folder does not exist`,
    );
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });
});

describe.skipIf(!hasTorch)(
  `train XOR, export, same predictions everywhere${hasTorch ? '' : ` (skipped: ${torchMissing})`}`,
  () => {
    it('onnxruntime, python3 model.py --predict and backprop predict agree to 1e-5 with the same classes', async () => {
      const trained = join(dir, 'xor-trained.bps.json');
      expect(backprop(['train', example('xor.bps.json'), '--out', trained]).code).toBe(0);
      const onnx = join(dir, 'xor.onnx');
      const py = join(dir, 'xor_model.py');
      expect(backprop(['export', trained, '--to', 'onnx', '--out', onnx]).code).toBe(0);
      expect(backprop(['export', trained, '--to', 'pytorch', '--out', py]).code).toBe(0);
      const rows = writeFile(dir, 'rows.csv', 'x1,x2\n0,0\n0,1\n1,0\n1,1\n0.25,0.75\n');

      const cli = backprop(['predict', trained, '--data', rows]);
      expect(cli.code, cli.stderr).toBe(0);
      const python = spawnSync(PYTHON, [py, '--predict', rows], { encoding: 'utf8' });
      expect(python.status, python.stderr).toBe(0);
      const parse = (text: string) =>
        text
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => l.split(','));
      const expected = parse(cli.stdout);
      expect(python.stdout.split('\n')[0]).toBe(cli.lines[0]);
      expect(cli.lines[0]).toBe('y,class');

      const session = await ort.InferenceSession.create(readFileSync(onnx));
      const input = [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
        [0.25, 0.75],
      ];
      const result = await session.run({ x: new ort.Tensor('float32', Float32Array.from(input.flat()), [5, 2]) });
      const fromOnnx = Array.from(result.p.data as Float32Array);

      parse(python.stdout).forEach(([value, cls], i) => {
        expect(Math.abs(Number(value) - Number(expected[i][0]))).toBeLessThan(1e-5);
        expect(Math.abs(fromOnnx[i] - Number(expected[i][0]))).toBeLessThan(1e-5);
        expect(cls).toBe(expected[i][1]);
        expect(fromOnnx[i] >= 0.5 ? '1' : '0').toBe(expected[i][1]);
      });
      expect(expected.slice(0, 4).map((r) => r[1])).toEqual(['0', '1', '1', '0']);
    });
  },
);
