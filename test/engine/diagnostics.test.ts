/**
 * Every kind of bad input in the spec's Errors section (and the data errors of binding) gives its
 * own diagnostic, naming where (a document path, a node, an edge, a line and column) and what.
 * Property tests: parsing and loading arbitrary input never throws, it only returns diagnostics.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  analyzeGraph,
  bindData,
  blockTypes,
  compileGraph,
  Executor,
  isError,
  loadDocument,
  locateJsonError,
  parseCsv,
  parseDocument,
  serializeDocument,
  type Diagnostic,
  type DiagnosticCode,
  type GraphDocument,
} from '../../src/engine/index.js';
import { compile } from './helpers.js';

/** The example of the spec (graph-format.md), as text. */
const SPEC_EXAMPLE = `{
  "format": "backprop-studio.graph",
  "version": 1,
  "name": "XOR, one hidden layer",
  "nodes": [
    { "id": "x",   "type": "input",   "params": { "size": 2, "columns": ["x1", "x2"] }, "position": { "x": 0, "y": 80 } },
    { "id": "h",   "type": "linear",  "params": { "in": 2, "out": 4, "init": "normal", "std": 0.1 },
      "weights": { "W": { "shape": [4, 2], "data": [0.1, -0.2, 0.3, 0.05, -0.1, 0.2, 0.0, 0.1] },
                   "b": { "shape": [4],    "data": [0, 0, 0, 0] } } },
    { "id": "hs",  "type": "sigmoid" },
    { "id": "o",   "type": "linear",  "params": { "in": 4, "out": 1 } },
    { "id": "p",   "type": "sigmoid" },
    { "id": "t",   "type": "target",  "params": { "size": 1, "columns": ["y"] } },
    { "id": "L",   "type": "bce" }
  ],
  "edges": [
    { "source": "x",  "target": "h",  "targetHandle": "in" },
    { "source": "h",  "target": "hs", "targetHandle": "in" },
    { "source": "hs", "target": "o",  "targetHandle": "in" },
    { "source": "o",  "target": "p",  "targetHandle": "in" },
    { "source": "p",  "target": "L",  "targetHandle": "pred" },
    { "source": "t",  "target": "L",  "targetHandle": "target" }
  ],
  "training": { "optimizer": "sgd", "lr": 0.5, "batchSize": 4, "epochs": 2000, "seed": 1 }
}`;

const example = (): GraphDocument => JSON.parse(SPEC_EXAMPLE) as GraphDocument;

/** Diagnostics of a document given as a value: loading, then (if it loads) graph analysis. */
function diagnose(value: unknown): Diagnostic[] {
  const loaded = loadDocument(value);
  return loaded.ok ? analyzeGraph(loaded.document).diagnostics : loaded.diagnostics;
}

/** The one error with `code`; fails unless there is exactly one. */
function only(diagnostics: Diagnostic[], code: DiagnosticCode): Diagnostic {
  const found = diagnostics.filter((d) => d.code === code && isError(d));
  expect(found, `expected one '${code}' error, got ${JSON.stringify(diagnostics, null, 1)}`).toHaveLength(1);
  return found[0];
}

const errors = (diagnostics: Diagnostic[]) => diagnostics.filter(isError);

describe('the spec example', () => {
  it('loads, compiles and runs', () => {
    const parsed = parseDocument(SPEC_EXAMPLE);
    expect(parsed.ok).toBe(true);
    expect(diagnose(example())).toEqual([]);
    expect(compileGraph(example()).ok).toBe(true);
  });
});

describe('documents that are not valid', () => {
  it.each([
    ['{\n  "format": "backprop-studio.graph",\n  "version": 1,\n  "nodes": [,]\n}', 4, 13, 'expected a value'],
    ['{"a": 1,}', 1, 9, 'property name'],
    ['{"a": "abc', 1, 11, 'unterminated string'],
    ['', 1, 1, 'end of file'],
    ['{"a": 1}\n\n  x', 3, 3, 'after the end'],
    ['{"a": tru}', 1, 7, 'unexpected'],
    ['{"a": 01}', 1, 8, "expected ',' or '}'"],
    ['{"a": "tab\there"}', 1, 11, 'control character'],
    ['\r\n[1,\r\n 2\r\n 3]', 4, 2, "expected ',' or ']'"],
    [`[${'1'.repeat(500)}, x]`, 1, 504, 'expected a value'],
  ])('not JSON: %j names line %i, column %i', (text, line, column, words) => {
    const result = parseDocument(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const d = only(result.diagnostics, 'json');
    expect(d.where).toBe(`line ${line}, column ${column}`);
    expect(d.message).toContain(words);
  });

  it('a byte order mark is not an error', () => {
    expect(parseDocument(`\ufeff${SPEC_EXAMPLE}`).ok).toBe(true);
  });

  it.each([
    [[], 'an array'],
    [null, 'null'],
    ['text', 'string'],
    [{ ...example(), format: 'something.else' }, '"something.else"'],
    [{ ...example(), format: undefined }, 'backprop-studio.graph'],
  ])('wrong format: %j', (value, words) => {
    const d = only(diagnose(value), 'format');
    expect(d.message).toContain(words);
  });

  it('a newer version is refused with a message to update', () => {
    const d = only(diagnose({ ...example(), version: 2 }), 'version');
    expect(d.where).toBe('version');
    expect(d.message).toMatch(/version 2.*newer/);
  });

  it.each([[0], [-1], [1.5], ['1'], [null], [undefined]])('an invalid version (%j) is named', (version) => {
    const d = only(diagnose({ ...example(), version }), 'version');
    expect(d.where).toBe('version');
  });

  it('a structural problem names its path and the node or edge', () => {
    const doc = example() as unknown as { nodes: Record<string, unknown>[]; edges: Record<string, unknown>[] };
    delete doc.edges[2].targetHandle;
    doc.nodes[3].position = { x: 'left', y: 0 };
    const found = errors(diagnose(doc));
    expect(found.map((d) => d.where).sort()).toEqual(['edges[2].targetHandle', 'nodes[3].position.x']);
    expect(found.find((d) => d.where === 'edges[2].targetHandle')!.message).toContain('hs→o');
    expect(found.find((d) => d.where === 'nodes[3].position.x')!.message).toContain("'o'");
  });

  it('an unknown block type names the node and the type', () => {
    const doc = example();
    doc.nodes[2].type = 'sigmoidd';
    const d = only(diagnose(doc), 'unknown-type');
    expect(d.where).toBe('nodes[2].type');
    expect(d.message).toContain("'sigmoidd'");
    expect(d.nodeIds).toEqual(['hs']);
  });

  it.each([
    [{ in: 2, out: 0 }, 'nodes[1].params.out', 'params'],
    [{ in: 2, out: 4, init: 'uniform' }, 'nodes[1].params.init', 'params'],
    [{ in: 2, out: 4, std: -1 }, 'nodes[1].params.std', 'params'],
    [{ in: 2, out: 2.5 }, 'nodes[1].params.out', 'params'],
    [{ in: 2, out: 4, outs: 4 }, 'nodes[1].params', 'params'],
    [{ in: 2, out: 4, std: Infinity }, 'nodes[1].params.std', 'non-finite'],
    [{ in: 2, out: 4, bias: 'yes' }, 'nodes[1].params.bias', 'params'],
  ] as const)('bad params %j are named at their path', (params, where, code) => {
    const doc = example();
    doc.nodes[1].params = { ...params };
    delete doc.nodes[1].weights;
    const d = only(diagnose(doc), code);
    expect(d.where).toBe(where);
    expect(d.message).toContain("'h'");
    if (code === 'non-finite') expect(d.message).toContain('finite');
    else expect(d.message).not.toContain('finite');
  });

  it('an edge to or from a node that does not exist', () => {
    const doc = example();
    doc.edges[1].target = 'hidden';
    doc.edges[3].source = 'out';
    const found = errors(diagnose(doc)).filter((d) => d.code === 'unknown-node');
    expect(found.map((d) => d.where)).toEqual(['edges[1].target', 'edges[3].source']);
    expect(found[0].message).toContain("'hidden'");
    expect(found[1].message).toContain("'out'");
    expect(found.map((d) => d.edgeIndex)).toEqual([1, 3]);
  });

  it('an unknown port lists the ports there are', () => {
    const doc = example();
    doc.edges[4].targetHandle = 'prediction';
    const d = only(diagnose(doc), 'unknown-port');
    expect(d.where).toBe('edges[4].targetHandle');
    expect(d.message).toContain("'prediction'");
    expect(d.message).toContain("'pred', 'target'");
  });

  it('a data block has no input ports', () => {
    const doc = example();
    doc.edges.push({ source: 'p', target: 'x', targetHandle: 'in' });
    expect(only(diagnose(doc), 'unknown-port').message).toContain('data block');
  });

  it('two edges into one port', () => {
    const doc = example();
    doc.edges.push({ source: 'x', target: 'hs', targetHandle: 'in' });
    const d = only(diagnose(doc), 'duplicate-input');
    expect(d.where).toBe('edges[6]');
    expect(d.message).toContain('h→hs.in');
    expect(d.message).toContain('x→hs.in');
  });

  it('an input port left unconnected', () => {
    const doc = example();
    doc.edges.splice(2, 1);
    const d = only(diagnose(doc), 'missing-input');
    expect(d.where).toBe('nodes[3]');
    expect(d.message).toContain("input 'in' of node 'o'");
  });

  it('a cycle names exactly the nodes on it', () => {
    const doc = example();
    // h → hs → o → p, and o feeds back into a new add before h: add → h → hs → o → add.
    doc.nodes.push({ id: 'mix', type: 'add', params: { inputs: 2 } });
    doc.nodes[1].params = { in: 1, out: 1 };
    delete doc.nodes[1].weights;
    doc.nodes[3].params = { in: 1, out: 1 };
    doc.edges[0] = { source: 'mix', target: 'h', targetHandle: 'in' };
    doc.edges.push(
      { source: 'o', target: 'mix', targetHandle: 'in0' },
      { source: 'x', target: 'mix', targetHandle: 'in1' },
    );
    const d = only(diagnose(doc), 'cycle');
    expect(new Set(d.nodeIds)).toEqual(new Set(['mix', 'h', 'hs', 'o']));
    expect(d.message).toMatch(/cycle: (\w+ → ){4}\w+;/);
    for (const id of ['mix', 'h', 'hs', 'o']) expect(d.message).toContain(id);
    // p and L are behind the cycle, not on it.
    expect(d.message).not.toMatch(/\bp\b|\bL\b/);
  });

  it('a cycle is named without the nodes behind it, whatever the node order', () => {
    const doc = example();
    // a → b → a, with c (fed by b) listed first.
    doc.nodes.unshift(
      { id: 'c', type: 'tanh' },
      { id: 'b', type: 'sigmoid' },
      { id: 'a', type: 'add', params: { inputs: 2 } },
    );
    doc.edges.push(
      { source: 'b', target: 'c', targetHandle: 'in' },
      { source: 'a', target: 'b', targetHandle: 'in' },
      { source: 'b', target: 'a', targetHandle: 'in0' },
      { source: 'hs', target: 'a', targetHandle: 'in1' },
    );
    const d = only(diagnose(doc), 'cycle');
    expect(new Set(d.nodeIds)).toEqual(new Set(['a', 'b']));
    expect(d.message).toMatch(/cycle: (a → b → a|b → a → b);/);
  });

  it('a shape mismatch names the expected and the actual columns', () => {
    const doc = example();
    doc.nodes[3].params = { in: 3, out: 1 };
    const d = only(diagnose(doc), 'shape');
    expect(d.where).toBe('edge hs→o.in');
    expect(d.message).toContain('expects [batch × 3]');
    expect(d.message).toContain('gives [batch × 4]');
    expect(d.nodeIds).toEqual(['o', 'hs']);
  });

  it('a loss whose target has the wrong columns', () => {
    const doc = example();
    doc.nodes[5].params = { size: 2 };
    const d = only(diagnose(doc), 'shape');
    expect(d.message).toContain('[batch × 1]');
    expect(d.message).toContain('[batch × 2]');
  });

  it('a graph without a loss', () => {
    const doc = example();
    doc.nodes = doc.nodes.filter((n) => n.id !== 'L');
    doc.edges = doc.edges.filter((e) => e.target !== 'L');
    only(diagnose(doc), 'no-loss');
  });

  it('a loss without a target', () => {
    const doc = example();
    doc.edges = doc.edges.filter((e) => e.source !== 't');
    const d = only(diagnose(doc), 'loss-without-target');
    expect(d.where).toBe('nodes[6]');
    expect(d.nodeIds).toEqual(['L']);
  });

  it('a loss feeding another block', () => {
    const doc = example();
    doc.nodes.push({ id: 'again', type: 'sigmoid' });
    doc.edges.push({ source: 'L', target: 'again', targetHandle: 'in' });
    expect(only(diagnose(doc), 'unknown-port').message).toContain("loss's output");
  });

  it('a duplicate node id', () => {
    const doc = example();
    doc.nodes[4].id = 'hs';
    const d = diagnose(doc).find((x) => x.code === 'duplicate-id')!;
    expect(d.where).toBe('nodes[4].id');
    expect(d.message).toContain('nodes[2]');
  });

  describe('stored weights', () => {
    it('with the wrong shape', () => {
      const doc = example();
      doc.nodes[1].weights!.W.shape = [2, 4];
      const d = only(diagnose(doc), 'weights');
      expect(d.where).toBe('nodes[1].weights.W.shape');
      expect(d.message).toContain('[4, 2]');
      expect(d.message).toContain('[2, 4]');
    });
    it('whose length does not match the shape', () => {
      const doc = example();
      doc.nodes[1].weights!.W.data.pop();
      const d = only(diagnose(doc), 'weights');
      expect(d.where).toBe('nodes[1].weights.W.data');
      expect(d.message).toMatch(/needs 8 values, got 7/);
    });
    it('under a name the block does not have', () => {
      const doc = example();
      doc.nodes[1].weights!.bias = doc.nodes[1].weights!.b;
      const d = only(diagnose(doc), 'weights');
      expect(d.where).toBe('nodes[1].weights.bias');
      expect(d.message).toContain('W, b');
    });
    it("missing one of the block's weights", () => {
      const doc = example();
      delete doc.nodes[1].weights!.b;
      const d = only(diagnose(doc), 'weights');
      expect(d.message).toContain("'b'");
    });
    it('on a block without weights', () => {
      const doc = example();
      doc.nodes[2].weights = { W: { shape: [1], data: [1] } };
      expect(only(diagnose(doc), 'weights').where).toBe('nodes[2].weights.W');
    });
  });

  it.each([
    ['"data": [0.1, -0.2, 0.3, 0.05', '"data": [0.1, 1e999, 0.3, 0.05', 'nodes[1].weights.W.data[1]', 'Infinity'],
    ['"y": 80', '"y": -1e999', 'nodes[0].position.y', '-Infinity'],
    ['"lr": 0.5', '"lr": 1e400', 'training.lr', 'Infinity'],
  ])('a non-finite number (%s → %s) is named', (from, to, where, value) => {
    const text = SPEC_EXAMPLE.replace(from, to);
    expect(text).not.toBe(SPEC_EXAMPLE);
    const result = parseDocument(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const d = only(result.diagnostics, 'non-finite');
    expect(d.where).toBe(where);
    expect(d.message).toContain(value);
  });

  it('a range error is not reported as a non-finite number', () => {
    const doc = example();
    doc.training = { ...doc.training, lr: -1, momentum: 1.5 };
    const found = diagnose(doc);
    expect(found.map((d) => [d.code, d.where])).toEqual([
      ['schema', 'training.lr'],
      ['schema', 'training.momentum'],
    ]);
  });

  it('several problems give one diagnostic each', () => {
    const doc = example();
    doc.nodes[2].type = 'sigmod';
    doc.nodes[3].params = { in: 4, out: 0 };
    doc.edges.push({ source: 'x', target: 'ghost', targetHandle: 'in' });
    doc.nodes[1].weights!.W.data.pop();
    const codes = errors(diagnose(doc))
      .map((d) => d.code)
      .sort();
    expect(codes).toEqual(['params', 'unknown-node', 'unknown-type', 'weights']);
    expect(compileGraph(doc).ok).toBe(false);
  });

  it('warnings (a step block, a block no loss uses) do not stop compilation', () => {
    const doc = example();
    doc.nodes[2].type = 'step';
    doc.nodes.push({ id: 'spare', type: 'tanh' });
    doc.edges.push({ source: 'h', target: 'spare', targetHandle: 'in' });
    const found = diagnose(doc);
    expect(found.map((d) => [d.code, d.severity, d.where])).toEqual([
      ['not-differentiable', 'warning', 'node hs'],
      ['unused', 'warning', 'node spare'],
    ]);
    expect(compileGraph(doc).ok).toBe(true);
  });

  it('a step after frozen blocks only (hand-set threshold neurons) has nothing to warn about', () => {
    const doc = example();
    doc.nodes[2].type = 'step';
    expect(diagnose(doc).map((d) => d.code)).toEqual(['not-differentiable']);
    // Freezing the Linear before it: gradient descent has nothing to train there.
    doc.nodes[1].trainable = false;
    expect(diagnose(doc)).toEqual([]);
    // A trainable block further back is still cut off by the step.
    doc.nodes[1].trainable = true;
    doc.nodes[3].trainable = false;
    expect(diagnose(doc).map((d) => d.code)).toEqual(['not-differentiable']);
  });

  it('node ids that are names of Object.prototype members work like any other', () => {
    const ids = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'p', 'L'];
    const original = example();
    original.nodes[3].weights = { W: { shape: [1, 4], data: [0.3, -0.2, 0.5, 0.1] }, b: { shape: [1], data: [0.05] } };
    const doc = structuredClone(original);
    const rename = new Map(doc.nodes.map((n, i) => [n.id, ids[i]]));
    doc.nodes.forEach((n) => (n.id = rename.get(n.id)!));
    doc.edges.forEach((e) => {
      e.source = rename.get(e.source)!;
      e.target = rename.get(e.target)!;
    });
    const text = serializeDocument(doc);
    const loaded = parseDocument(text);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const analysis = analyzeGraph(loaded.document);
    expect(analysis.diagnostics).toEqual([]);
    expect(analysis.sizes.constructor).toBe(2);
    expect(analysis.sizes.__proto__).toBe(4);
    const ex = new Executor(compile(loaded.document), { precision: 'float64' });
    const plain = new Executor(compile(original), { precision: 'float64' });
    const x = [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ];
    ex.feed({ constructor: x });
    plain.feed({ x });
    ex.forward(true);
    plain.forward(true);
    expect(Array.from(ex.output('hasOwnProperty').data)).toEqual(Array.from(plain.output('p').data));
    expect(Object.keys(ex.exportWeights()).sort()).toEqual(['__proto__', 'valueOf']);
    expect(Object.keys(ex.exportWeights().__proto__)).toEqual(['W', 'b']);
  });
});

describe('data that does not fit the graph', () => {
  const gate = parseCsv('x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n', 'gate.csv');
  const badGate = parseCsv('x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,2\n', 'gate.csv');
  if (!gate.ok || !badGate.ok) throw new Error('test data does not parse');
  const graphWith = (edit: (doc: GraphDocument) => void) => {
    const doc = example();
    for (const n of doc.nodes) delete n.params?.columns;
    edit(doc);
    return compile(doc);
  };

  it.each([[3], [1]])('an input block taking %i columns of data with 2 feature columns', (size) => {
    const graph = graphWith((doc) => {
      doc.nodes[0].params = { size };
      doc.nodes[1].params = { in: size, out: 4 };
      delete doc.nodes[1].weights;
    });
    const result = bindData(graph, gate.value);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics).toHaveLength(1);
    const d = result.diagnostics[0];
    expect(d.where).toBe('node x');
    expect(d.message).toContain('shape mismatch');
    expect(d.message).toContain(`${size} column`);
    expect(d.message).toContain('2 feature columns');
  });

  it('a named column the data does not have', () => {
    const graph = graphWith((doc) => (doc.nodes[0].params = { size: 2, columns: ['x1', 'x3'] }));
    const result = bindData(graph, gate.value);
    expect(result.ok ? [] : result.diagnostics.map((d) => d.message)).toEqual([expect.stringContaining("'x3'")]);
  });

  it('a bce target outside [0, 1] names its line and column', () => {
    expect(
      bindData(
        graphWith(() => undefined),
        gate.value,
      ).ok,
    ).toBe(true);
    const result = bindData(
      graphWith(() => undefined),
      badGate.value,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0].where).toBe("gate.csv, line 5, column 'y'");
    expect(result.diagnostics[0].message).toContain('target 2 is outside [0, 1]');
  });

  it.each([
    ['3', 'class index'],
    ['1.5', 'class index'],
    ['-1', 'class index'],
  ])('a class index %s out of range for 3 classes', (bad) => {
    const data = parseCsv(`a,b,label\n1,2,0\n3,4,2\n5,6,${bad}\n`, 'classes.csv');
    if (!data.ok) throw new Error('does not parse');
    const doc = example();
    doc.nodes = [
      { id: 'x', type: 'input', params: { size: 2 } },
      { id: 'h', type: 'linear', params: { in: 2, out: 3 } },
      { id: 't', type: 'target', params: { size: 1 } },
      { id: 'L', type: 'cross_entropy' },
    ];
    doc.edges = [
      { source: 'x', target: 'h', targetHandle: 'in' },
      { source: 'h', target: 'L', targetHandle: 'pred' },
      { source: 't', target: 'L', targetHandle: 'target' },
    ];
    const result = bindData(compile(doc), data.value);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics[0].where).toBe("classes.csv, line 4, column 'label'");
    expect(result.diagnostics[0].message).toContain(`target ${bad} is not a ${'class index'}`);
    expect(result.diagnostics[0].message).toContain('3 classes (0 … 2)');
  });
});

describe('never throwing at a user', () => {
  const codes = new Set<DiagnosticCode>([
    'json',
    'format',
    'version',
    'schema',
    'duplicate-id',
    'unknown-type',
    'params',
    'unknown-node',
    'unknown-port',
    'duplicate-input',
    'missing-input',
    'cycle',
    'shape',
    'no-loss',
    'loss-without-target',
    'weights',
    'non-finite',
    'data',
    'not-differentiable',
    'unused',
  ]);
  const wellFormed = (d: Diagnostic) => codes.has(d.code) && d.where.length > 0 && d.message.length > 0;

  /** Load → analyse → compile → run two rows: whatever happens, nothing throws. */
  function exercise(value: unknown): void {
    const loaded = loadDocument(value);
    if (!loaded.ok) {
      expect(loaded.diagnostics.length).toBeGreaterThan(0);
      expect(loaded.diagnostics.every(wellFormed)).toBe(true);
      return;
    }
    const analysis = analyzeGraph(loaded.document);
    expect(analysis.diagnostics.every(wellFormed)).toBe(true);
    const compiled = compileGraph(loaded.document);
    expect(compiled.ok).toBe(!analysis.diagnostics.some(isError));
    if (!compiled.ok) return;
    const ex = new Executor(compiled.graph, { precision: 'float64', inputGradients: true });
    ex.setRows(2);
    ex.forward();
    ex.backward();
    ex.findNonFinite();
  }

  it('parseDocument on arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary' }), fc.json(), fc.constantFrom(SPEC_EXAMPLE)),
        fc.nat(),
        fc.string(),
        (text, at, insert) => {
          // Half the time, damage the text a little.
          const damaged =
            at % 2 === 0
              ? text
              : text.slice(0, at % (text.length + 1)) + insert + text.slice((at % (text.length + 1)) + 1);
          const result = parseDocument(damaged);
          if (!result.ok) expect(result.diagnostics.every(wellFormed)).toBe(true);
          if (result.ok) exercise(JSON.parse(damaged.replace(/^\ufeff/, '')));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('locateJsonError agrees with JSON.parse about what is JSON, and points inside the text', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.json(), fc.string(), fc.constantFrom(SPEC_EXAMPLE)),
        fc.nat(),
        fc.constantFrom('', ',', '"', '}', ']', '{', '[', ':', '1', ' ', '\\', 'e', '-', '.', '\n'),
        (text, at, insert) => {
          const i = at % (text.length + 1);
          const damaged = text.slice(0, i) + insert + text.slice(i);
          let valid = true;
          try {
            JSON.parse(damaged);
          } catch {
            valid = false;
          }
          const located = locateJsonError(damaged);
          expect(located === null).toBe(valid);
          if (located) {
            const lines = damaged.split('\n');
            expect(located.line).toBeLessThanOrEqual(lines.length);
            expect(located.column).toBeLessThanOrEqual(lines[located.line - 1].length + 1);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('loadDocument and analyzeGraph on arbitrary values', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.jsonValue()), (value) => exercise(value)),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.anything(), (value) =>
        exercise({ format: 'backprop-studio.graph', version: 1, name: 'x', nodes: value, edges: [] }),
      ),
      { numRuns: 200 },
    );
  });

  it('loading mutated valid documents', () => {
    const types = blockTypes().map((b) => b.type);
    const small = fc.oneof(fc.integer({ min: -2, max: 6 }), fc.constantFrom(0.5, 1e-300, -0, 64));
    const mutation = fc.oneof(
      fc.record({
        kind: fc.constant('type' as const),
        node: fc.nat(),
        value: fc.oneof(fc.constantFrom(...types), fc.string()),
      }),
      fc.record({
        kind: fc.constant('param' as const),
        node: fc.nat(),
        key: fc.constantFrom(
          'in',
          'out',
          'size',
          'inputs',
          'init',
          'std',
          'bias',
          'slope',
          'threshold',
          'a',
          'b',
          'columns',
          'extra',
        ),
        value: fc.oneof(small, fc.jsonValue()),
      }),
      fc.record({
        kind: fc.constant('id' as const),
        node: fc.nat(),
        value: fc.oneof(fc.string(), fc.constantFrom('x', 'h', '__proto__', 'constructor')),
      }),
      fc.record({
        kind: fc.constant('edge' as const),
        edge: fc.nat(),
        field: fc.constantFrom('source', 'target', 'targetHandle', 'sourceHandle'),
        value: fc.oneof(
          fc.constantFrom('x', 'h', 'hs', 'o', 'p', 't', 'L', 'in', 'in0', 'in1', 'pred', 'target', 'out'),
          fc.string(),
        ),
      }),
      fc.record({
        kind: fc.constant('new-edge' as const),
        source: fc.constantFrom('x', 'h', 'hs', 'o', 'p', 't', 'L'),
        target: fc.constantFrom('x', 'h', 'hs', 'o', 'p', 't', 'L'),
        handle: fc.constantFrom('in', 'pred', 'target', 'in1'),
      }),
      fc.record({
        kind: fc.constant('drop' as const),
        list: fc.constantFrom('nodes' as const, 'edges' as const),
        index: fc.nat(),
      }),
      fc.record({ kind: fc.constant('weights' as const), node: fc.nat(), value: fc.jsonValue() }),
      fc.record({
        kind: fc.constant('anything' as const),
        key: fc.constantFrom('nodes', 'edges', 'training', 'data', 'metrics', 'name'),
        value: fc.jsonValue(),
      }),
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const doc = example() as unknown as Record<string, any>;
        for (const m of mutations) {
          const nodes = Array.isArray(doc.nodes) ? doc.nodes : [];
          const edges = Array.isArray(doc.edges) ? doc.edges : [];
          const node = nodes.length && 'node' in m ? nodes[m.node % nodes.length] : undefined;
          const e = edges.length && 'edge' in m ? edges[m.edge % edges.length] : undefined;
          if (node && typeof node === 'object') {
            if (m.kind === 'type') node.type = m.value;
            if (m.kind === 'param')
              node.params = { ...(typeof node.params === 'object' ? node.params : {}), [m.key]: m.value };
            if (m.kind === 'id') node.id = m.value;
            if (m.kind === 'weights') node.weights = m.value;
          }
          if (m.kind === 'edge' && e && typeof e === 'object') e[m.field] = m.value;
          if (m.kind === 'new-edge') edges.push({ source: m.source, target: m.target, targetHandle: m.handle });
          if (m.kind === 'drop' && Array.isArray(doc[m.list]) && doc[m.list].length)
            doc[m.list].splice(m.index % doc[m.list].length, 1);
          if (m.kind === 'anything') doc[m.key] = m.value;
        }
        exercise(doc);
      }),
      { numRuns: 600 },
    );
  });
});
