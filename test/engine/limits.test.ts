/**
 * The shared size limits: documents beyond them are refused by validation with a message naming
 * the limit (before anything of that size is allocated), and the largest document they accept
 * trains, saves under MAX_DOCUMENT_BYTES and reopens.
 */
import { describe, expect, it } from 'vitest';
import {
  analyzeGraph,
  bindData,
  compileGraph,
  DiagnosticError,
  Executor,
  MAX_BATCH_VALUES,
  MAX_BLOCKS,
  MAX_COLUMNS,
  MAX_DOCUMENT_BYTES,
  MAX_EDGES,
  MAX_HISTORY,
  MAX_JSON_DEPTH,
  MAX_PARAMETERS,
  MAX_TOTAL_COLUMNS,
  loadDocument,
  parseDocument,
  resolveTraining,
  serializeDocument,
  Trainer,
  thinHistory,
  type Dataset,
  type GraphDocument,
} from '../../src/engine/index.js';
import { compile, edge, makeDocument, seededRandom } from './helpers.js';

/** Input(size) → Linear(hidden) → Linear(1) → MSE ← Target. */
function chain(inputs: number, hidden: number): GraphDocument {
  return makeDocument(
    [
      { id: 'x', type: 'input', params: { size: inputs } },
      { id: 'h', type: 'linear', params: { in: inputs, out: hidden } },
      { id: 'o', type: 'linear', params: { in: hidden, out: 1 } },
      { id: 't', type: 'target', params: { size: 1 } },
      { id: 'L', type: 'mse' },
    ],
    [edge('x', 'h'), edge('h', 'o'), edge('o', 'L', 'pred'), edge('t', 'L', 'target')],
  );
}

function errorsOf(doc: unknown): { where: string; message: string; code: string }[] {
  const loaded = loadDocument(JSON.parse(JSON.stringify(doc)));
  if (!loaded.ok) return loaded.diagnostics;
  return compileGraph(loaded.document).diagnostics.filter((d) => d.severity === 'error');
}

describe('size limits', () => {
  it.each([1e9, 1e15])('refuses a Linear 2 → %d → 1 before allocating its weights', (hidden) => {
    const errors = errorsOf(chain(2, hidden));
    expect(errors.map((e) => e.where)).toEqual(['nodes[1].params.out', 'nodes[2].params.in']);
    expect(errors[0].message).toContain(`${MAX_COLUMNS}`);
  });

  it('refuses a block whose output is wider than MAX_COLUMNS, naming it', () => {
    const half = MAX_COLUMNS / 2 + 1;
    const doc = makeDocument(
      [
        { id: 'a', type: 'input', params: { size: half } },
        { id: 'b', type: 'input', params: { size: half } },
        { id: 'c', type: 'concat' },
        { id: 't', type: 'target', params: { size: 1 } },
        { id: 'L', type: 'mse' },
      ],
      [edge('a', 'c', 'in0'), edge('b', 'c', 'in1'), edge('c', 'L', 'pred'), edge('t', 'L', 'target')],
    );
    const errors = errorsOf(doc);
    expect(errors[0]).toMatchObject({ code: 'limit', where: 'node c' });
    expect(errors[0].message).toBe(
      `node 'c' (Concat) gives ${(2 * half).toLocaleString('en-US')} columns; a block may give at most 65,536`,
    );
  });

  it('refuses more trainable values than MAX_PARAMETERS, naming the largest block', () => {
    // 2000 × 2001 + 2001 + … = just over 4 M.
    const errors = errorsOf(chain(2000, 2001));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'limit', where: '(graph)' });
    expect(errors[0].message).toMatch(
      /^the graph has 4,006,003 trainable values \(node 'h' alone 4,004,001\); at most 4,000,000/,
    );
    expect(errorsOf(chain(1000, 1000))).toEqual([]);
  });

  it('refuses more blocks or edges than the limits before validating them', () => {
    const many = makeDocument(
      Array.from({ length: MAX_BLOCKS + 1 }, (_, i) => ({ id: `n${i}`, type: 'identity' })),
      [],
    );
    expect(errorsOf(many)).toEqual([
      {
        code: 'limit',
        severity: 'error',
        where: 'nodes',
        message: `the graph has 20,001 blocks; at most 20,000 are allowed`,
        key: 'document.blocks',
        values: { count: 20001, max: 20000 },
      },
    ]);
    const edges = makeDocument(
      [],
      Array.from({ length: MAX_EDGES + 1 }, () => edge('a', 'b')),
    );
    expect(errorsOf(edges)[0]).toMatchObject({ code: 'limit', where: 'edges' });
  });

  it('refuses graphs whose columns together exceed MAX_TOTAL_COLUMNS', () => {
    const width = MAX_COLUMNS;
    const count = MAX_TOTAL_COLUMNS / width + 1;
    const nodes = [
      { id: 'x', type: 'input', params: { size: width } },
      ...Array.from({ length: count }, (_, i) => ({ id: `r${i}`, type: 'relu' })),
      { id: 't', type: 'target', params: { size: width } },
      { id: 'L', type: 'mse' },
    ];
    const edges = [
      edge('x', 'r0'),
      ...Array.from({ length: count - 1 }, (_, i) => edge(`r${i}`, `r${i + 1}`)),
      edge(`r${count - 1}`, 'L', 'pred'),
      edge('t', 'L', 'target'),
    ];
    const errors = errorsOf(makeDocument(nodes, edges));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'limit', where: '(graph)' });
    expect(errors[0].message).toContain('at most 1,048,576');
  });

  it('refuses a batch whose buffers would exceed MAX_BATCH_VALUES, naming the largest batch that fits', () => {
    const graph = compile(chain(4000, 16));
    const executor = new Executor(graph);
    const columns = 4000 + 16 + 1 + 1;
    const fits = Math.floor(MAX_BATCH_VALUES / columns);
    expect(executor.maxRows).toBe(fits);
    executor.setRows(fits);
    expect(() => executor.setRows(fits + 1)).toThrow(DiagnosticError);
    expect(() => executor.setRows(fits + 1)).toThrow(`use at most ${fits.toLocaleString('en-US')} rows per batch`);
    // The trainer refuses such a batch size before its first step.
    const rows = fits + 1;
    const columnsOfData = [...Array.from({ length: 4000 }, (_, i) => `x${i}`), 'y'];
    const data: Dataset = {
      name: 'wide',
      columns: columnsOfData,
      rows,
      values: new Float64Array(rows * columnsOfData.length),
      categories: {},
    };
    const bound = bindData(graph, data);
    expect(bound.ok).toBe(true);
    if (!bound.ok) return;
    expect(() => new Trainer(graph, bound.value, resolveTraining({ batchSize: 'full', epochs: 1 }))).toThrow(
      DiagnosticError,
    );
  });

  it('the largest document the limits accept serialises under MAX_DOCUMENT_BYTES and reopens', {
    timeout: 180_000,
  }, () => {
    // As many parameters as allowed, in as many blocks as allowed: one wide layer, then a chain of
    // tiny linear layers up to MAX_BLOCKS, every weight stored with a value needing all 9 float32
    // digits, and a long training history.
    const inputs = 1000;
    const chainLength = MAX_BLOCKS - 5;
    const wide = Math.floor((MAX_PARAMETERS - 2 - chainLength * 6) / (inputs + 3));
    const nodes: GraphDocument['nodes'] = [
      { id: 'input-with-a-long-identifier', type: 'input', params: { size: inputs } },
      { id: 'wide-layer-with-a-long-identifier', type: 'linear', params: { in: inputs, out: wide } },
      { id: 'narrow-layer-with-a-long-identifier', type: 'linear', params: { in: wide, out: 2 } },
    ];
    const edges: GraphDocument['edges'] = [
      { id: 'e0', source: nodes[0].id, target: nodes[1].id, targetHandle: 'in' },
      { id: 'e1', source: nodes[1].id, target: nodes[2].id, targetHandle: 'in' },
    ];
    while (nodes.length < MAX_BLOCKS - 2) {
      const id = `block-${nodes.length}-with-a-long-identifier`;
      nodes.push({ id, type: 'linear', params: { in: 2, out: 2 } });
      edges.push({ id: `e${edges.length}`, source: nodes[nodes.length - 2].id, target: id, targetHandle: 'in' });
    }
    nodes.push({ id: 'target', type: 'target', params: { size: 2 } }, { id: 'loss', type: 'mse' });
    edges.push(
      { id: `e${edges.length}`, source: nodes[nodes.length - 3].id, target: 'loss', targetHandle: 'pred' },
      { id: `e${edges.length + 1}`, source: 'target', target: 'loss', targetHandle: 'target' },
    );
    const doc = makeDocument(nodes, edges, { batchSize: 4, epochs: 1 });
    const graph = compile(doc);
    const rand = seededRandom(3);
    let count = 0;
    for (const node of graph.nodes) {
      const shapes = node.def.weightShapes?.(node.params) ?? {};
      const weights: Record<string, { shape: number[]; data: number[] }> = {};
      for (const [name, shape] of Object.entries(shapes)) {
        const n = shape.reduce((a, b) => a * b, 1);
        const data = new Array<number>(n);
        for (let i = 0; i < n; i++) data[i] = Math.fround(-(1 + rand()) * 1e-30);
        weights[name] = { shape: [...shape], data };
        count += n;
      }
      if (Object.keys(weights).length > 0) doc.nodes[node.docIndex].weights = weights;
    }
    expect(count).toBeGreaterThan(MAX_PARAMETERS * 0.999);
    expect(count).toBeLessThanOrEqual(MAX_PARAMETERS);
    doc.metrics = {
      history: Array.from({ length: MAX_HISTORY }, (_, i) => ({
        epoch: i + 1,
        loss: 1 / (i + Math.PI),
        accuracy: 0.1234567891234,
        valLoss: 2 / (i + Math.E),
        valAccuracy: 0.9876543219876,
      })),
    };
    const text = serializeDocument(doc);
    expect(new TextEncoder().encode(text).length).toBeLessThan(MAX_DOCUMENT_BYTES);
    const reopened = parseDocument(text);
    expect(reopened.ok).toBe(true);
    if (!reopened.ok) return;
    const stored = (id: string) => reopened.document.nodes.find((n) => n.id === id)!.weights!.W.data;
    expect(stored('wide-layer-with-a-long-identifier')).toEqual(doc.nodes[1].weights!.W.data);
    expect(stored('block-19000-with-a-long-identifier')).toEqual(doc.nodes[19000].weights!.W.data);
    expect(compileGraph(reopened.document).ok).toBe(true);
  });
});

describe('keys that come from a file', () => {
  it('a key named __proto__ (which objects cannot hold as data) is refused where it is', () => {
    const text = `{"format":"backprop-studio.graph","version":1,"name":"t","nodes":[
      {"id":"h","type":"linear","params":{"in":2,"out":1},"weights":{"__proto__":{"shape":[1,2],"data":[1,2]}}}],
      "edges":[]}`;
    const loaded = parseDocument(text);
    expect(!loaded.ok && loaded.diagnostics).toEqual([
      {
        code: 'schema',
        severity: 'error',
        where: 'nodes[0].weights',
        message: 'the key "__proto__" is not allowed in a document',
        key: 'document.proto',
      },
    ]);
  });

  it.each(['toString', 'valueOf', 'constructor', 'hasOwnProperty', '__defineGetter__'])(
    'a weight named %s is reported as unknown, never crashes validation',
    (name) => {
      const text = `{"format":"backprop-studio.graph","version":1,"name":"t","nodes":[
        {"id":"x","type":"input","params":{"size":2}},
        {"id":"h","type":"linear","params":{"in":2,"out":1},"weights":{"${name}":{"shape":[1,2],"data":[1,2]}}},
        {"id":"t","type":"target"},{"id":"L","type":"mse"}],
        "edges":[{"source":"x","target":"h","targetHandle":"in"},{"source":"h","target":"L","targetHandle":"pred"},
        {"source":"t","target":"L","targetHandle":"target"}]}`;
      const loaded = parseDocument(text);
      expect(loaded.ok).toBe(true);
      if (!loaded.ok) return;
      const errors = analyzeGraph(loaded.document).diagnostics.filter((d) => d.severity === 'error');
      expect(errors.map((e) => e.message)).toEqual([
        `node 'h' (Linear 2→1) has no weight '${name}'; its weights are W, b`,
        "node 'h' stores some weights but not 'W'",
        "node 'h' stores some weights but not 'b'",
      ]);
    },
  );
});

describe('deeply nested JSON', () => {
  const deep = (levels: number, leaf = '1') => `${'['.repeat(levels)}${leaf}${']'.repeat(levels)}`;
  const document = (field: string) =>
    `{"format":"backprop-studio.graph","version":1,"name":"t","nodes":[],"edges":[],${field}}`;

  it('refuses a deep unknown field at load with a message, so saving it later cannot overflow', () => {
    const loaded = parseDocument(document(`"extra":${deep(10_000)}`));
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.diagnostics).toEqual([
      {
        code: 'limit',
        severity: 'error',
        where: 'extra[0][0][0][0][0]… (94 levels more)',
        message: `the document nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep; a graph document needs about 6`,
        key: 'document.depth',
        values: { max: MAX_JSON_DEPTH, usual: 6 },
      },
    ]);
  });

  it('refuses a deep format value (whose message would quote it)', () => {
    const value = JSON.parse(`{"format":${deep(10_000)},"version":1}`);
    const loaded = loadDocument(value);
    expect(loaded.ok).toBe(false);
    expect(!loaded.ok && loaded.diagnostics[0].code).toBe('limit');
  });

  it('accepts nesting up to the limit', () => {
    const loaded = parseDocument(document(`"extra":${deep(MAX_JSON_DEPTH - 1)}`));
    expect(loaded.ok).toBe(true);
    if (loaded.ok) expect(serializeDocument(loaded.document)).toContain('"extra"');
  });

  it('locates a syntax error after 10,000 open brackets without overflowing the stack', () => {
    const text = document(`"extra":${deep(10_000, '1,')}`);
    const loaded = parseDocument(text);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    const column = text.lastIndexOf('1,') + 3;
    expect(loaded.diagnostics[0].where).toBe(`line 1, column ${column}`);
    expect(loaded.diagnostics[0].message).toBe('not valid JSON: expected a value, unexpected "]"');
  });
});

describe('stored history', () => {
  it('keeps at most MAX_HISTORY epochs: the first, the last and evenly spaced ones', () => {
    const history = Array.from({ length: 1_000_000 }, (_, i) => ({ epoch: i + 1, loss: 1 / (i + 1) }));
    const kept = thinHistory(history);
    expect(kept).toHaveLength(MAX_HISTORY);
    expect(kept[0].epoch).toBe(1);
    expect(kept[kept.length - 1].epoch).toBe(1_000_000);
    const gaps = kept.slice(1).map((h, i) => h.epoch - kept[i].epoch);
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(1);
    expect(thinHistory(history.slice(0, 50))).toHaveLength(50);
  });
});
