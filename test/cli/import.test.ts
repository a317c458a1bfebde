/**
 * ONNX from the command line: `backprop import MODEL.onnx`, and every command that reads a
 * document (validate, train, eval, predict, export) taking an `.onnx` file directly — checked
 * against onnxruntime running the same file. Imported inputs keep the ONNX input's name and take
 * a CSV's columns by position, with a warning naming them.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportOnnx, loadDocument } from '../../src/engine/index.js';
import { decodeModel, encodeModel } from '../../src/engine/interop/onnx-proto.js';
import { edge, makeDocument } from '../engine/helpers.js';
import { expectAgree } from '../export/helpers.js';
import { backprop, example, readJson, temporaryFolder, writeFile } from './helpers.js';

const dir = temporaryFolder();
const rows = [
  [0.5, -1],
  [2, 0.25],
  [-1.5, 3],
  [0, 0],
];

/** An MLP as another tool would write it: an ONNX model named `mlp.onnx`, with no Backprop Studio metadata. */
function writeModel(): string {
  const doc = makeDocument(
    [
      { id: 'measurements', type: 'input', params: { size: 2 } },
      {
        id: 'hidden',
        type: 'linear',
        params: { in: 2, out: 3 },
        weights: { W: { shape: [3, 2], data: [1, -0.5, 0.25, 2, -1, 0.75] }, b: { shape: [3], data: [0.1, 0, -0.2] } },
      },
      { id: 'h', type: 'tanh' },
      {
        id: 'score',
        type: 'linear',
        params: { in: 3, out: 1 },
        weights: { W: { shape: [1, 3], data: [1.5, -2, 0.5] }, b: { shape: [1], data: [0.3] } },
      },
      { id: 'probability', type: 'sigmoid' },
      { id: 't', type: 'target', params: { size: 1 } },
      { id: 'L', type: 'bce' },
    ],
    [
      edge('measurements', 'hidden'),
      edge('hidden', 'h'),
      edge('h', 'score'),
      edge('score', 'probability'),
      edge('probability', 'L', 'pred'),
      edge('t', 'L', 'target'),
    ],
  );
  const exported = exportOnnx(doc);
  if (!exported.ok) throw new Error(JSON.stringify(exported.diagnostics));
  const model = decodeModel(exported.bytes);
  for (const key of Object.keys(model.metadata)) delete model.metadata[key];
  const path = join(dir, 'mlp.onnx');
  writeFileSync(path, encodeModel(model));
  return path;
}

let model = '';
let csv = '';
let expected: number[] = [];

beforeAll(async () => {
  model = writeModel();
  csv = writeFile(dir, 'rows.csv', `u,v,label\n${rows.map((r, k) => `${r.join(',')},${k % 2}`).join('\n')}\n`);
  const session = await ort.InferenceSession.create(readFileSync(model));
  const out = await session.run({
    measurements: new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, 2]),
  });
  await session.release();
  expected = Array.from(out.probability.data as Float32Array);
});

const positional = (file: string) =>
  `${file}: input 'measurements': warning: takes columns u, v of ${csv} by position: an ONNX model names no columns, so the data's columns must come in the order the model was made for`;

describe('backprop import', () => {
  it('writes the graph document beside the model and says what it holds', () => {
    const run = backprop(['import', model]);
    expect(run.code, run.stderr).toBe(0);
    const out = join(dir, 'mlp.bps.json');
    expect(run.lines).toEqual([
      `wrote ${out}: "mlp", 7 blocks, 6 edges, 13 trainable parameters`,
      '  input   measurements: [batch × 2] (columns of a CSV are taken by position)',
      '  output  probability: [batch × 1] → loss loss (Binary cross-entropy)',
    ]);
    expect(run.stderr).toContain("an ONNX model has no loss: added 'loss' (binary cross-entropy");
    const doc = readJson(out);
    expect(loadDocument(doc).ok).toBe(true);
    // The Input block keeps the ONNX input's name.
    expect(doc.nodes[0]).toMatchObject({ id: 'measurements', type: 'input', params: { size: 2 } });
    expect(backprop(['validate', out, '--json']).code).toBe(0);
  });

  it('--json prints {"ok":true,"out":…,"warnings":[…]}; --out chooses the file', () => {
    const out = join(dir, 'chosen.bps.json');
    const run = backprop(['import', model, '--out', out, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toEqual([
      {
        ok: true,
        out,
        warnings: [
          {
            where: 'node loss',
            message:
              "an ONNX model has no loss: added 'loss' (binary cross-entropy, as the output is a sigmoid) with Target 'target' for prediction 'probability'; change it to suit your data",
            // Programs read the code and the values, not the text (the same in every language).
            code: 'no-loss',
            values: { loss: 'loss', target: 'target', prediction: 'probability' },
          },
        ],
      },
    ]);
    expect(existsSync(out)).toBe(true);
  });

  it('refuses a file that is not an ONNX model, naming it, with exit 1 and {"ok":false,"errors":[…]}', () => {
    const bad = writeFile(dir, 'not-a-model.onnx', '{"format":"backprop-studio.graph"}');
    const run = backprop(['import', bad, '--json']);
    expect(run.code).toBe(1);
    const [result] = run.json();
    expect(result.ok).toBe(false);
    expect(result.errors[0].where).toBe('(file)');
    expect(result.errors[0].message).toMatch(/^not an ONNX model this app can read: /);
    expect(backprop(['import', bad]).stderr).toMatch(
      new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\(file\\): not an ONNX model`),
    );
    expect(existsSync(join(dir, 'not-a-model.bps.json'))).toBe(false);
  });

  it('a model exported by Backprop Studio comes back with its column names, and binds by name without a warning', () => {
    const onnx = join(dir, 'iris.onnx');
    expect(backprop(['export', example('iris-mlp.bps.json'), '--to', 'onnx', '--out', onnx]).code).toBe(0);
    const run = backprop(['import', onnx]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines[1]).toBe('  input   x: [batch × 4] sepal_length, sepal_width, petal_length, petal_width');
    const predicted = backprop(['predict', onnx, '--data', 'builtin:iris']);
    expect(predicted.code, predicted.stderr).toBe(0);
    expect(predicted.stderr).not.toContain('by position');
  });

  it('refuses to overwrite the model with --out', () => {
    const run = backprop(['import', model, '--out', model]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the document would overwrite');
  });
});

describe('every command that reads a document takes an .onnx file', () => {
  it('validate (and --data checks the columns, bound by position, with a warning)', () => {
    const run = backprop(['validate', model]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines[0]).toBe(`${model}: valid: "mlp", 7 nodes, 6 edges, 13 trainable parameters`);
    const withData = backprop(['validate', model, '--data', csv]);
    expect(withData.code, withData.stderr).toBe(0);
    expect(withData.stderr).toContain(positional(model));
  });

  it('predict gives what onnxruntime gives for the same file, and warns that columns are taken by position', () => {
    const run = backprop(['predict', model, '--data', csv, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expectAgree(run.json()[0].outputs.flat(), expected, 1e-5, 'backprop predict model.onnx vs onnxruntime');
    expect(run.stderr).toContain(positional(model));
  });

  it('eval and train', () => {
    const evaluated = backprop(['eval', model, '--data', csv, '--json']);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expectAgree(evaluated.json()[0].outputs.flat(), expected, 1e-5, 'eval outputs');
    const out = join(dir, 'trained.bps.json');
    const trained = backprop(['train', model, '--data', csv, '--epochs', '3', '--out', out, '--json']);
    expect(trained.code, trained.stderr).toBe(0);
    expect(trained.json().at(-1)).toMatchObject({ done: true, out });
    expect(readJson(out).nodes.find((n: { id: string }) => n.id === 'hidden').weights).toBeDefined();
  });

  it('export, to PyTorch and back to ONNX (never over the model itself)', async () => {
    const py = join(dir, 'mlp.py');
    expect(backprop(['export', model, '--to', 'pytorch', '--out', py]).code).toBe(0);
    expect(readFileSync(py, 'utf8')).toContain('self.hidden = nn.Linear(2, 3)');
    const again = backprop(['export', model, '--to', 'onnx']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`the export would overwrite ${model}`);
    const out = join(dir, 'again.onnx');
    expect(backprop(['export', model, '--to', 'onnx', '--out', out]).code).toBe(0);
    const session = await ort.InferenceSession.create(readFileSync(out));
    const result = await session.run({
      measurements: new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, 2]),
    });
    await session.release();
    expectAgree(result.probability.data as Float32Array, expected, 1e-6, 're-exported ONNX');
  });

  it('an .onnx file that is not a model gets the import problem, not "not valid JSON"', () => {
    const bad = writeFile(dir, 'broken.onnx', 'this is text');
    for (const command of ['validate', 'predict']) {
      const run = backprop([command, bad, '--data', csv]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('not an ONNX model this app can read');
      expect(run.stderr).not.toContain('not valid JSON');
    }
  });
});
