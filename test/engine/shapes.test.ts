/**
 * Shapes follow the wires: a Linear's `in` comes from its incoming edge, an Input's or Target's
 * `size` from its column names or the data (a Target without data from the loss it feeds), as
 * PyTorch's LazyLinear infers in_features. Given values are checked as before; documents that
 * give every size mean what they meant.
 */
import { describe, expect, it } from 'vitest';
import {
  analyzeGraph,
  bindData,
  compileGraph,
  type Dataset,
  exportOnnx,
  exportPytorch,
  findBuiltin,
  type GraphDocument,
  loadDocument,
  parseDocument,
  resolveTraining,
  serializeDocument,
  sizedByData,
  Trainer,
  withInferredSizes,
} from '../../src/engine/index.js';
import { edge, makeDocument } from './helpers.js';

/** x → h (Linear → 4) → tanh → o (Linear → 1) → sigmoid → BCE, with the sizes given or left out. */
function xorNet(sizes: { x?: number; h?: number; o?: number; t?: number }): GraphDocument {
  const given = (key: string, value: number | undefined) => (value === undefined ? {} : { [key]: value });
  return makeDocument(
    [
      { id: 'x', type: 'input', params: { ...given('size', sizes.x) } },
      { id: 'h', type: 'linear', params: { ...given('in', sizes.h), out: 4, init: 'xavier' } },
      { id: 'a', type: 'tanh' },
      { id: 'o', type: 'linear', params: { ...given('in', sizes.o), out: 1 } },
      { id: 'p', type: 'sigmoid' },
      { id: 't', type: 'target', params: { ...given('size', sizes.t) } },
      { id: 'L', type: 'bce' },
    ],
    [edge('x', 'h'), edge('h', 'a'), edge('a', 'o'), edge('o', 'p'), edge('p', 'L', 'pred'), edge('t', 'L', 'target')],
    { optimizer: 'adam', lr: 0.05, epochs: 30, seed: 4 },
  );
}

const xor = () => findBuiltin('xor')!.load();

function train(doc: GraphDocument, data: Dataset): Trainer {
  const compiled = compileGraph(doc, { data });
  if (!compiled.ok) throw new Error(compiled.diagnostics.map((d) => d.message).join('\n'));
  const bound = bindData(compiled.graph, data);
  if (!bound.ok) throw new Error(bound.diagnostics.map((d) => d.message).join('\n'));
  const t = new Trainer(compiled.graph, bound.value, resolveTraining(doc.training));
  while (!t.finished) t.runEpoch();
  return t;
}

const messages = (doc: GraphDocument, data?: Dataset) =>
  analyzeGraph(doc, { data }).diagnostics.filter((d) => d.severity === 'error');

describe('Linear in from the incoming wire', () => {
  it('is inferred along a chain, and trains exactly as the document that gives it', () => {
    const inferred = xorNet({ x: 2, t: 1 });
    const analysis = analyzeGraph(inferred);
    expect(analysis.diagnostics).toEqual([]);
    expect(analysis.inferred).toEqual({ h: { in: 2 }, o: { in: 4 } });
    expect(analysis.params.h.in).toBe(2);
    expect(analysis.sizes.o).toBe(1);
    const a = train(inferred, xor());
    const b = train(xorNet({ x: 2, h: 2, o: 4, t: 1 }), xor());
    expect(a.history).toEqual(b.history);
    expect(a.executor.exportWeights()).toEqual(b.executor.exportWeights());
  });

  it('a given in is checked: a wire of other columns is a shape mismatch naming both', () => {
    const [d] = messages(xorNet({ x: 2, h: 3, t: 1 }));
    expect(d.code).toBe('shape');
    expect(d.message).toBe(
      "shape mismatch at node 'h' (Linear 3→4): input 'in' expects [batch × 3] (params.in = 3) but node 'x' gives [batch × 2]",
    );
  });

  it('stored weights are checked against the inferred in', () => {
    const doc = xorNet({ x: 2, t: 1 });
    doc.nodes[1].weights = { W: { shape: [4, 3], data: Array(12).fill(0) }, b: { shape: [4], data: [0, 0, 0, 0] } };
    const [d] = messages(doc);
    expect(d.message).toBe("node 'h' (Linear 2→4): weight W must have shape [4, 2], got [4, 3]");
  });

  it('a real mismatch is still named on the block: Add of 3 and 4 columns', () => {
    const doc = makeDocument(
      [
        { id: 'x', type: 'input', params: { size: 2 } },
        { id: 'a', type: 'linear', params: { out: 3 } },
        { id: 'b', type: 'linear', params: { out: 4 } },
        { id: 's', type: 'add' },
        { id: 'o', type: 'linear', params: { out: 1 } },
        { id: 't', type: 'target' },
        { id: 'L', type: 'mse' },
      ],
      [
        edge('x', 'a'),
        edge('x', 'b'),
        edge('a', 's', 'in0'),
        edge('b', 's', 'in1'),
        edge('s', 'o'),
        edge('o', 'L', 'pred'),
        edge('t', 'L', 'target'),
      ],
    );
    const errors = messages(doc);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      code: 'shape',
      nodeIds: ['s', 'b'],
      message:
        "shape mismatch at node 's' (Add): input 'in1' expects [batch × 3] (the same columns as in0) but node 'b' gives [batch × 4]",
    });
  });
});

describe('data block sizes', () => {
  it('an Input names its columns: its size is their number', () => {
    const doc = xorNet({});
    doc.nodes[0].params = { columns: ['x1', 'x2'] };
    const analysis = analyzeGraph(doc);
    expect(analysis.diagnostics).toEqual([]);
    expect(analysis.inferred.x).toEqual({ size: 2 });
    expect(analysis.inferred.t).toEqual({ size: 1 });
    expect(sizedByData(doc)).toEqual(['t']);
  });

  it('an Input without size or columns takes the feature columns of the data; without data it says to load some', () => {
    const doc = xorNet({});
    const [d] = messages(doc);
    expect(d).toMatchObject({ code: 'shape', where: 'nodes[0].params.size', nodeIds: ['x'] });
    expect(d.message).toBe(
      "input 'x' takes its columns from the data: load a data set, or give its column names (params.columns) or params.size",
    );
    expect(messages(doc, xor())).toEqual([]);
    expect(analyzeGraph(doc, { data: xor() }).inferred).toEqual({
      x: { size: 2 },
      h: { in: 2 },
      o: { in: 4 },
      t: { size: 1 },
    });
    // Iris: four features; its target column by the data set's own choice.
    const iris = findBuiltin('iris')!.load();
    const classifier = makeDocument(
      [
        { id: 'x', type: 'input' },
        { id: 'h', type: 'linear', params: { out: 3 } },
        { id: 't', type: 'target' },
        { id: 'L', type: 'cross_entropy' },
      ],
      [edge('x', 'h'), edge('h', 'L', 'pred'), edge('t', 'L', 'target')],
    );
    expect(analyzeGraph(classifier, { data: iris }).inferred).toEqual({ x: { size: 4 }, h: { in: 4 }, t: { size: 1 } });
    const compiled = compileGraph(classifier, { data: iris });
    if (!compiled.ok) throw new Error('does not compile');
    const bound = bindData(compiled.graph, iris);
    expect(bound.ok && bound.value.inputs[0].columns).toEqual(iris.columns.slice(0, 4));
  });

  it('a Target without size takes it from its loss: one class index for NLL and cross-entropy, the prediction’s columns otherwise', () => {
    const doc = (loss: string, out: number) =>
      makeDocument(
        [
          { id: 'x', type: 'input', params: { size: 3 } },
          { id: 'h', type: 'linear', params: { out } },
          { id: 't', type: 'target' },
          { id: 'L', type: loss },
        ],
        [edge('x', 'h'), edge('h', 'L', 'pred'), edge('t', 'L', 'target')],
      );
    expect(analyzeGraph(doc('mse', 2)).inferred.t).toEqual({ size: 2 });
    expect(analyzeGraph(doc('cross_entropy', 5)).inferred.t).toEqual({ size: 1 });
    expect(analyzeGraph(doc('nll', 5)).inferred.t).toEqual({ size: 1 });
    // A data set with its own target columns sizes it.
    const data: Dataset = {
      name: 'two targets',
      columns: ['a', 'b', 'c', 'y1', 'y2'],
      rows: 1,
      values: new Float64Array(5),
      categories: {},
      targetColumns: ['y1', 'y2'],
    };
    const both = doc('mse', 2);
    both.nodes[0].params = {};
    expect(analyzeGraph(both, { data }).inferred).toEqual({ x: { size: 3 }, h: { in: 3 }, t: { size: 2 } });
  });

  it('a CSV without its own target columns: the Target’s size from its loss, the Input takes the rest, and binding agrees', () => {
    const csv: Dataset = {
      name: 'file.csv',
      columns: ['a', 'b', 'c', 'y'],
      rows: 2,
      values: Float64Array.from([1, 2, 3, 0.5, 4, 5, 6, 0.25]),
      categories: {},
    };
    const doc = makeDocument(
      [
        { id: 'x', type: 'input' },
        { id: 'h', type: 'linear', params: { out: 1 } },
        { id: 't', type: 'target' },
        { id: 'L', type: 'mse' },
      ],
      [edge('x', 'h'), edge('h', 'L', 'pred'), edge('t', 'L', 'target')],
    );
    expect(analyzeGraph(doc, { data: csv }).inferred).toEqual({ x: { size: 3 }, h: { in: 3 }, t: { size: 1 } });
    const compiled = compileGraph(doc, { data: csv });
    if (!compiled.ok) throw new Error('does not compile');
    const bound = bindData(compiled.graph, csv);
    expect(bound.ok && [bound.value.inputs[0].columns, bound.value.targets[0].columns]).toEqual([
      ['a', 'b', 'c'],
      ['y'],
    ]);
  });

  it('two Inputs that both take their columns from the data are named on each block', () => {
    const doc = makeDocument(
      [
        { id: 'x1', type: 'input' },
        { id: 'x2', type: 'input' },
        { id: 'c', type: 'concat' },
        { id: 'h', type: 'linear', params: { out: 1 } },
        { id: 't', type: 'target' },
        { id: 'L', type: 'mse' },
      ],
      [
        edge('x1', 'c', 'in0'),
        edge('x2', 'c', 'in1'),
        edge('c', 'h'),
        edge('h', 'L', 'pred'),
        edge('t', 'L', 'target'),
      ],
    );
    const errors = messages(doc, xor());
    expect(errors.map((d) => d.nodeIds)).toEqual([['x1'], ['x2']]);
    expect(errors[0].message).toMatch(/^input 'x1' takes its columns from the data, and so do 1 other Input block: /);
    // One of them given: the other takes the rest.
    doc.nodes[0].params = { size: 1 };
    expect(analyzeGraph(doc, { data: xor() }).inferred).toMatchObject({ x2: { size: 1 }, h: { in: 2 } });
  });

  it('a Target that feeds no loss says how to size it', () => {
    const doc = makeDocument(
      [
        { id: 'x', type: 'input', params: { size: 1 } },
        { id: 't', type: 'target' },
        { id: 's', type: 'add' },
        { id: 'u', type: 'target', params: { size: 1 } },
        { id: 'L', type: 'mse' },
      ],
      [edge('x', 's', 'in0'), edge('t', 's', 'in1'), edge('s', 'L', 'pred'), edge('u', 'L', 'target')],
    );
    expect(messages(doc).map((d) => d.message)).toEqual([
      "target 't' takes its size from the loss it feeds or from the data: connect it to a loss's 'target' port, or set params.size",
    ]);
  });
});

describe('documents with inferred sizes', () => {
  it('save without the inferred values, reopen, and export to ONNX and PyTorch without the data', () => {
    const t = train(xorNet({}), xor());
    const saved = t.exportDocument();
    expect(saved.nodes.find((n) => n.id === 'h')!.params).not.toHaveProperty('in');
    expect(saved.nodes.find((n) => n.id === 'x')!.params).not.toHaveProperty('size');
    const reopened = parseDocument(serializeDocument(saved));
    if (!reopened.ok) throw new Error('does not reopen');
    // The trained document records its feature columns, which size its Input without the data.
    expect(reopened.document.data?.features).toEqual(['x1', 'x2']);
    const compiled = compileGraph(reopened.document);
    expect(compiled.ok && compiled.graph.nodes.find((n) => n.id === 'x')!.outputSize).toBe(2);
    const onnx = exportOnnx(reopened.document);
    expect(onnx.ok && onnx.summary.inputs).toEqual([{ name: 'x', columns: ['x1', 'x2'], normalized: false }]);
    const torch = exportPytorch(reopened.document);
    expect(torch.ok && torch.code).toContain('nn.Linear(2, 4)');
  });

  it('withInferredSizes writes the inferred sizes in, so that an untrained document exports without its data', () => {
    const doc = xorNet({});
    expect(exportOnnx(doc).ok).toBe(false);
    const compiled = compileGraph(doc, { data: xor() });
    if (!compiled.ok) throw new Error('does not compile');
    const pinned = withInferredSizes(compiled.graph);
    expect(pinned.nodes.map((n) => [n.id, n.params?.in ?? n.params?.size])).toEqual([
      ['x', 2],
      ['h', 2],
      ['a', undefined],
      ['o', 4],
      ['p', undefined],
      ['t', 1],
      ['L', undefined],
    ]);
    expect(exportOnnx(pinned).ok).toBe(true);
    expect(exportPytorch(pinned).ok).toBe(true);
  });

  it('a document that gives every size loads unchanged: nothing is inferred', () => {
    const doc = xorNet({ x: 2, h: 2, o: 4, t: 1 });
    const loaded = loadDocument(JSON.parse(JSON.stringify(doc)));
    if (!loaded.ok) throw new Error('does not load');
    expect(loaded.document).toEqual(doc);
    expect(analyzeGraph(loaded.document).inferred).toEqual({});
    expect(sizedByData(doc)).toEqual([]);
  });
});
