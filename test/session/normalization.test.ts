/**
 * Input normalisation, one definition: which statistics a run uses (trainingNormalization, for the
 * app's session, `backprop train` and `backprop solve`), how stored statistics are read per column
 * (columnNormalization, for training, prediction and every exporter), and standardisation that
 * neither overflows nor hides a value float32 cannot hold behind "the run diverged".
 */
import { describe, expect, it } from 'vitest';
import { createTrainer } from '../../src/cli/command.js';
import {
  applyNormalization,
  bindData,
  bindDocumentData,
  compileGraph,
  DiagnosticError,
  fitNormalization,
  modelSignature,
  type Normalization,
  parseCsv,
  parseDocument,
  resolveTraining,
  serializeDocument,
  Trainer,
  type Dataset,
  type GraphDocument,
} from '../../src/engine/index.js';
import { createSession, example } from './helpers.js';

const csv = (text: string): Dataset => {
  const parsed = parseCsv(text, 'data.csv');
  if (!parsed.ok) throw new Error(parsed.diagnostics[0].message);
  return parsed.value;
};

/** The XOR example reading columns a, b (c is the target), with `data` merged in. */
function xorOn(data: GraphDocument['data']): GraphDocument {
  const doc = example('xor');
  for (const node of doc.nodes) {
    if (node.type === 'input') node.params = { ...node.params, size: 2, columns: ['a', 'b'] };
    if (node.type === 'target') node.params = { ...node.params, size: 1, columns: ['c'] };
  }
  doc.data = { ...data };
  return doc;
}

const rows = 'a,b,c\n0,10,0\n1,20,1\n2,30,1\n3,40,0\n';
const stored: Normalization = { columns: ['a', 'b'], mean: [1, 2], std: [3, 4] };

describe('the normalisation a run uses is the same in the app and the CLI', () => {
  it.each([
    ['stored statistics for the bound columns are kept', { standardize: true, normalization: stored }, stored],
    ['stored statistics imply standardised inputs', { normalization: stored }, stored],
    [
      'stored statistics for some of the bound columns are kept (the others stay raw)',
      { standardize: true, normalization: { columns: ['b'], mean: [2], std: [4] } },
      { columns: ['b'], mean: [2], std: [4] },
    ],
    [
      'stored statistics for a column no longer bound are fitted again',
      { standardize: true, normalization: { columns: ['x', 'b'], mean: [0, 0], std: [1, 1] } },
      { columns: ['a', 'b'], mean: [1.5, 25], std: [Math.sqrt(1.25), Math.sqrt(125)] },
    ],
    [
      'standardise without statistics fits them on the training rows',
      { standardize: true },
      { columns: ['a', 'b'], mean: [1.5, 25], std: [Math.sqrt(1.25), Math.sqrt(125)] },
    ],
    ['no standardisation, none', { standardize: false }, undefined],
  ])('%s', (_what, data, expected) => {
    const doc = xorOn(data as GraphDocument['data']);
    const created = createSession(doc, { kind: 'csv', name: 'data.csv', text: rows });
    if (!created.ok) throw new Error(created.diagnostics[0].message);
    const app = created.session.trainer.normalization;
    const graph = compileGraph(doc);
    if (!graph.ok) throw new Error('invalid');
    const bound = bindData(graph.graph, csv(rows));
    if (!bound.ok) throw new Error('unbound');
    const cli = createTrainer(graph.graph, bound.value, resolveTraining(doc.training), doc).normalization;
    expect(cli).toEqual(app);
    if (expected === undefined) expect(app).toBeUndefined();
    else {
      expect(app!.columns).toEqual(expected.columns);
      app!.mean.forEach((m, i) => expect(m).toBeCloseTo(expected.mean[i], 12));
      app!.std.forEach((s, i) => expect(s).toBeCloseTo(expected.std[i], 12));
    }
  });

  it('prediction and export read stored statistics per column alike (a column it does not name stays raw)', () => {
    const partial: Normalization = { columns: ['b'], mean: [25], std: [5] };
    const doc = xorOn({ normalization: partial, features: ['a', 'b'] });
    const graph = compileGraph(doc);
    if (!graph.ok) throw new Error('invalid');
    const bound = bindDocumentData(graph.graph, csv(rows), { inputsOnly: true });
    if (!bound.ok) throw new Error('unbound');
    expect(Array.from(bound.value.inputs[0].values)).toEqual([0, -3, 1, -1, 2, 1, 3, 3]);
    const signature = modelSignature(doc);
    if (!signature.ok) throw new Error('no signature');
    expect(signature.signature.inputs[0].normalization).toEqual({ mean: [0, 25], std: [1, 5] });
  });
});

describe('standardising extreme columns', () => {
  // Closed form: values k·1e200 for k = 1, 3, −2 have mean (2/3)·1e200 and std √(114/27)·1e200.
  const huge = 'a,b,c\n1e200,1,0\n3e200,2,1\n-2e200,3,1\n';

  it('measures a column whose variance exceeds a double exactly (it was stored as std null)', () => {
    const graph = compileGraph(xorOn({ standardize: true }));
    if (!graph.ok) throw new Error('invalid');
    const bound = bindData(graph.graph, csv(huge));
    if (!bound.ok) throw new Error('unbound');
    const fitted = fitNormalization(bound.value, [0, 1, 2]);
    expect(fitted.mean[0] / 1e200).toBeCloseTo(2 / 3, 12);
    expect(fitted.std[0] / 1e200).toBeCloseTo(Math.sqrt(114 / 27), 12);
    const scaled = applyNormalization(bound.value, fitted).inputs[0].values;
    expect([scaled[0], scaled[2], scaled[4]].every(Number.isFinite)).toBe(true);
  });

  it('trains on it and the trained document saves and reopens', () => {
    const doc = xorOn({ standardize: true });
    const created = createSession(doc, { kind: 'csv', name: 'data.csv', text: huge }, { epochs: 3 });
    if (!created.ok) throw new Error(created.diagnostics[0].message);
    const { trainer } = created.session;
    while (!trainer.finished) trainer.runEpoch();
    const text = serializeDocument(trainer.exportDocument());
    expect(text).not.toContain('null');
    const reopened = parseDocument(text);
    expect(reopened.ok).toBe(true);
  });

  it('names a value beyond float32 by line and column instead of diverging (issue 11: "try a smaller learning rate")', () => {
    const text = 'a,b,c\n0,1,0\n1e39,2,1\n2,3,1\n';
    const doc = xorOn({ standardize: false });
    const created = createSession(doc, { kind: 'csv', name: 'data.csv', text });
    expect(created.ok).toBe(false);
    if (created.ok) return;
    expect(created.diagnostics.map((d) => [d.where, d.message])).toEqual([
      [
        "data.csv, line 3, column 'a'",
        '1e+39 is too large for the 32-bit numbers training computes with (at most ±3.4e38): rescale the column (other units) or standardise the inputs',
      ],
    ]);
    // Standardised, the same column fits.
    expect(createSession(xorOn({ standardize: true }), { kind: 'csv', name: 'data.csv', text }).ok).toBe(true);
    // Double-precision training (the closed-form solve) takes it as it is.
    const graph = compileGraph(doc);
    if (!graph.ok) throw new Error('invalid');
    const bound = bindData(graph.graph, csv(text));
    if (!bound.ok) throw new Error('unbound');
    expect(() => new Trainer(graph.graph, bound.value, resolveTraining(doc.training))).toThrow(DiagnosticError);
    expect(
      () => new Trainer(graph.graph, bound.value, resolveTraining(doc.training), { precision: 'float64' }),
    ).not.toThrow();
  });
});
