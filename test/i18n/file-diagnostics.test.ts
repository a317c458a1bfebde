/**
 * The diagnostics of documents, imports, exports and solving (the `files` part of the engine's
 * catalogue, src/i18n/locales/*\/engine.ts) are told from their key and values: English gives
 * exactly the engine's message, every key of these groups is one the engine gives, and Russian
 * tells each one in Russian.
 */
import { describe, expect, it } from 'vitest';
import {
  bindData,
  type Dataset,
  type Diagnostic,
  exportOnnx,
  exportPytorch,
  importOnnx,
  type GraphDocument,
  DiagnosticError,
  loadDocument,
  loadModel,
  parseDocument,
  regressionBlocks,
  solveLinearRegression,
} from '../../src/engine/index.js';
import { AttributeType, DataType, type OnnxValueInfo } from '../../src/engine/interop/onnx-proto.js';
import { MAX_BLOCKS, MAX_COLUMNS, MAX_PARAMETERS } from '../../src/engine/limits.js';
import { compile, edge, makeDocument } from '../engine/helpers.js';
import { onnxBytes, table, weight } from '../export/helpers.js';
import { catalogues, createI18n, describeDiagnostic, english, messageKeys, translator } from '../../src/i18n/index.js';
import xorDocument from '../../examples/xor.bps.json' with { type: 'json' };

type Json = any;
const xor = (): Json => structuredClone(xorDocument);
const node = (d: Json, id: string) => d.nodes.find((n: Json) => n.id === id);
const changed = (change: (d: Json) => void): Json => {
  const d = xor();
  change(d);
  return d;
};
const ru = translator(createI18n('ru'));

/** The groups under `diagnostics.` this part owns (diagnostics.test.ts leaves them to this test). */
const FILES_GROUPS = [
  'document',
  'json',
  'solve',
  'runtime',
  'internal',
  'onnxImport',
  'onnxExport',
  'pytorch',
  'export',
];

/** Texts and values that are wrong in one way each. */
const texts: [string, string][] = [
  ['an empty file', ''],
  ['a word', 'x'],
  ['an unquoted name', '{x'],
  ['a name without its colon', '{"a" x'],
  ['a name at the end', '{"a"'],
  ['a missing comma in an object', '{"a":1 x'],
  ['an object not closed', '{"a":1'],
  ['a missing comma in an array', '[1 x'],
  ['an array not closed', '[1'],
  ['a bad literal', 'tx'],
  ['a bad number', '-x'],
  ['text after the end', '{} x'],
  ['a line break in a string', '"a\n"'],
  ['a bad \\u escape', '"\\u12"'],
  ['a bad escape', '"\\x"'],
  ['a string not closed', '"abc'],
  ['an array', '[1]'],
  ['null', 'null'],
  ['a number', '3'],
  ['too deep', `{"a": ${'['.repeat(150)}${']'.repeat(150)}}`],
  ['an object not begun', '{'],
  ['a __proto__ key', '{"__proto__": 1}'],
  ['no format', '{}'],
  ['another format', '{"format": "x"}'],
  ['no version', '{"format": "backprop-studio.graph"}'],
  ['a newer version', '{"format": "backprop-studio.graph", "version": 99}'],
  ['a position beyond a double', JSON.stringify(xor()).replace('"position":{"x":', '"position":{"x":1e999,"was":')],
  ['a learning rate beyond a double', JSON.stringify(changed((d) => (d.training.lr = 7))).replace(':7', ':1e999')],
];

const values: [string, unknown][] = [
  ['too many blocks', { format: 'backprop-studio.graph', version: 1, nodes: Array(20_001).fill({}) }],
  ['too many edges', { format: 'backprop-studio.graph', version: 1, nodes: [], edges: Array(100_001).fill({}) }],
  ['one block too many', { format: 'backprop-studio.graph', version: 1, nodes: Array(1).fill({}) }],
  ['a negative weight shape', changed((d) => (node(d, 'h').weights = { W: { shape: [-1], data: [] } }))],
  ['an empty block type', changed((d) => (node(d, 'h').type = ''))],
  ['an unknown encoding', changed((d) => (node(d, 'h').weights = { W: { shape: [1], encoding: 'x', data: [] } }))],
  ['an unknown output port', changed((d) => (d.edges[0].sourceHandle = 'x'))],
  ['a run without id and colour', changed((d) => (d.runs = [{ id: '', color: 'red' }]))],
  ['a construction interval backwards', changed((d) => (d.construction = { kind: 'bumps', interval: [2, 1] }))],
  ['an empty node id', changed((d) => (node(d, 'h').id = ''))],
  ['a type that is not text', changed((d) => (node(d, 'h').type = 5))],
  ['a type that is not text, no node id', changed((d) => (d.nodes[0] = { type: 5 }))],
  ['negative epochs', changed((d) => (d.training.epochs = -1))],
  ['momentum of 2', changed((d) => (d.training.momentum = 2))],
  ['an unknown optimizer', changed((d) => (d.training.optimizer = 'fast'))],
  ['a batch size that is text', changed((d) => (d.training.batchSize = 'x'))],
  ['an empty edge end', changed((d) => (d.edges[0].source = ''))],
  ['an edge end that is a number', changed((d) => (d.edges[0].target = 3))],
  ['a port that is a number', changed((d) => (d.edges[0].targetHandle = 3))],
  ['a non-finite position', changed((d) => (node(d, 'h').position.x = Number.POSITIVE_INFINITY))],
  [
    'bad base64 weights',
    changed((d) => (node(d, 'h').weights = { W: { shape: [1], encoding: 'float32-base64', data: '!!!' } })),
  ],
  [
    'a NaN in base64 weights',
    changed((d) => (node(d, 'h').weights = { W: { shape: [1], encoding: 'float32-base64', data: 'AADAfw==' } })),
  ],
  ['a NaN in weights', changed((d) => (node(d, 'h').weights = { W: { shape: [1], data: [Number.NaN] } }))],
];

const cases: [string, Diagnostic[]][] = [
  ...texts.map(([name, text]): [string, Diagnostic[]] => {
    const loaded = parseDocument(text);
    return [name, loaded.ok ? [] : loaded.diagnostics];
  }),
  ...values.map(([name, value]): [string, Diagnostic[]] => {
    const loaded = loadDocument(value);
    return [name, loaded.ok ? [] : loaded.diagnostics];
  }),
];
/** Documents whose export is refused, or done with warnings. */
const exports: [string, unknown, number?][] = [
  ['an opset out of range', xor(), 3],
  ['standardised inputs without statistics', changed((d) => (d.data = { ...d.data, standardize: true }))],
  [
    'a prediction that uses the target',
    changed((d) => {
      d.nodes.push({ id: 'c', type: 'concat' });
      node(d, 'h').params = { out: 4 };
      d.edges = d.edges.filter((e: Json) => !(e.source === 'x' && e.target === 'h'));
      d.edges.push(
        { source: 'x', target: 'c', targetHandle: 'in0' },
        { source: 't', target: 'c', targetHandle: 'in1' },
        { source: 'c', target: 'h', targetHandle: 'in' },
      );
    }),
  ],
  [
    'a block no prediction needs, and untrained weights',
    changed((d) => {
      d.nodes.push({ id: 'spare', type: 'relu' });
      d.edges.push({ source: 'h', target: 'spare', targetHandle: 'in' });
    }),
  ],
  [
    'one block without trained weights, and a step',
    changed((d) => {
      node(d, 'o').weights = { W: { shape: [1, 4], data: [1, 2, 3, 4] }, b: { shape: [1], data: [0] } };
      node(d, 'hs').type = 'step';
    }),
  ],
  [
    'an export that fails inside',
    new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('boom');
        },
      },
    ),
  ],
];
const warningsOf = (r: { ok: boolean; diagnostics?: Diagnostic[]; warnings?: Diagnostic[] }) =>
  r.ok ? (r.warnings ?? []) : (r.diagnostics ?? []);
for (const [name, doc, opset] of exports) {
  cases.push([`${name} (ONNX)`, warningsOf(exportOnnx(doc, opset ? { opset } : {}))]);
  if (!opset) cases.push([`${name} (PyTorch)`, warningsOf(exportPytorch(doc))]);
}

/** Graphs the closed form does not apply to, and data it cannot solve. */
const regression = (features: string[], bias = true, extra: (nodes: Json[], edges: Json[]) => void = () => {}) => {
  const nodes: Json[] = [
    { id: 'x', type: 'input', params: { size: features.length, columns: features } },
    { id: 'lin', type: 'linear', params: { in: features.length, out: 1, bias } },
    { id: 't', type: 'target', params: { size: 1, columns: ['y'] } },
    { id: 'L', type: 'mse' },
  ];
  const edges = [edge('x', 'lin'), edge('lin', 'L', 'pred'), edge('t', 'L', 'target')];
  extra(nodes, edges);
  return makeDocument(nodes, edges) as GraphDocument;
};
const relink = (edges: Json[], target: string, port: string, source: string) => {
  edges.find((e) => e.target === target && e.targetHandle === port).source = source;
};
const forms: [string, GraphDocument][] = [
  [
    'two losses',
    regression(['a'], true, (n, e) => {
      n.push({ id: 'L2', type: 'mae' });
      e.push(edge('lin', 'L2', 'pred'), edge('t', 'L2', 'target'));
    }),
  ],
  [
    'a loss that is not MSE',
    regression(['a'], true, (n) => {
      n[3].type = 'mae';
    }),
  ],
  [
    'an activation before the loss',
    regression(['a'], true, (n, e) => {
      n.push({ id: 's', type: 'sigmoid' });
      e.push(edge('lin', 's'));
      relink(e, 'L', 'pred', 's');
    }),
  ],
  [
    'a concat before the loss',
    regression(['a'], true, (n, e) => {
      n.push({ id: 'c', type: 'concat' });
      e.push(edge('lin', 'c', 'in0'), edge('x', 'c', 'in1'));
      n[2].params = { size: 2, columns: ['y', 'z'] };
      relink(e, 'L', 'pred', 'c');
    }),
  ],
  [
    'a layer before the Linear',
    regression(['a'], true, (n, e) => {
      n.push({ id: 'h', type: 'linear', params: { in: 1, out: 1 } });
      e.push(edge('x', 'h'));
      relink(e, 'lin', 'in', 'h');
    }),
  ],
  [
    'a target that is an input',
    regression(['a'], true, (n, e) => {
      n.push({ id: 'x2', type: 'input', params: { size: 1, columns: ['y'] } });
      relink(e, 'L', 'target', 'x2');
    }),
  ],
];
for (const [name, doc] of forms) {
  const r = regressionBlocks(compile(doc));
  cases.push([name, r.ok ? [] : r.diagnostics]);
}
const dataset = (columns: string[], rows: number[][]): Dataset => ({
  name: 'test.csv',
  columns,
  rows: rows.length,
  values: Float64Array.from(rows.flat()),
  categories: {},
});
const solve = (doc: GraphDocument, data: Dataset, rows?: ArrayLike<number>) => {
  const graph = compile(doc);
  const bound = bindData(graph, data);
  if (!bound.ok) return bound.diagnostics;
  const r = solveLinearRegression(graph, bound.value, rows ?? Uint32Array.from({ length: data.rows }, (_, i) => i));
  return r.ok ? [] : r.diagnostics;
};
for (const bias of [true, false])
  for (const features of [['a'], ['a', 'b']]) {
    const data = dataset([...features, 'y'], [features.map(() => 1).concat(1)]);
    const name = `${features.length} features${bias ? ' and a bias' : ''}`;
    cases.push([`too many rows, ${name}`, solve(regression(features, bias), data, { length: 1e9 })]);
    cases.push([`no rows, ${name}`, solve(regression(features, bias), data, [])]);
    if (features.length === 2) cases.push([`one row, ${name}`, solve(regression(features, bias), data)]);
  }
const rowsOf = (f: (i: number) => number[]) => Array.from({ length: 6 }, (_, i) => f(i));
cases.push(
  [
    'a constant column',
    solve(
      regression(['a', 'b']),
      dataset(
        ['a', 'b', 'y'],
        rowsOf((i) => [i, 3, i * i]),
      ),
    ),
  ],
  [
    'two dependent columns with the bias',
    solve(
      regression(['a', 'b', 'c']),
      dataset(
        ['a', 'b', 'c', 'y'],
        rowsOf((i) => [i, 2 * i, 3, i * i]),
      ),
    ),
  ],
  [
    'a dependent column, no bias',
    solve(
      regression(['a', 'b'], false),
      dataset(
        ['a', 'b', 'y'],
        rowsOf((i) => [i, 2 * i, i * i]),
      ),
    ),
  ],
  [
    'a column that is 0 on every row, no bias',
    solve(
      regression(['a', 'z'], false),
      dataset(
        ['a', 'z', 'y'],
        rowsOf((i) => [i, 0, i * i]),
      ),
    ),
  ],
  [
    'two dependent columns, no bias',
    solve(
      regression(['a', 'b', 'c'], false),
      dataset(
        ['a', 'b', 'c', 'y'],
        rowsOf((i) => [i, 2 * i, 3 * i, i * i]),
      ),
    ),
  ],
);

/** A model for predict(): what it warns about, and rows it refuses. */
const predicting = (doc: unknown, rows: unknown): Diagnostic[] => {
  try {
    const model = loadModel(doc);
    model.predict(rows as never);
    return [...model.warnings];
  } catch (e) {
    if (e instanceof DiagnosticError) return e.diagnostics;
    throw e;
  }
};
const untrained = changed((d) => (d.data = { ...d.data, standardize: true }));
cases.push(
  ['a model without weights or statistics', predicting(untrained, [[0, 1]])],
  ['rows that are not an array', predicting(xor(), null)],
  ['a row too short', predicting(xor(), [[0]])],
  ['a row of one value too many', predicting(xor(), [[0, 1, 2]])],
  ['a row without a column', predicting(xor(), [{ x1: 0 }])],
  ['a row that is text', predicting(xor(), ['0 1'])],
  ['a value that is text', predicting(xor(), [[0, 'a']])],
);

/** Models whose per-column arithmetic the import folds into a layer, or makes a frozen layer of. */
function normalisations(): [string, Diagnostic[]][] {
  const stats = [weight('mean', [2], [1, 2]), weight('std', [2], [2, 4]), weight('k', [2], [3, 5])];
  const norm = [
    { opType: 'Sub', inputs: ['x', 'mean'], outputs: ['c'] },
    { opType: 'Div', inputs: ['c', 'std'], outputs: ['z'] },
  ];
  const scaled = [{ opType: 'Mul', inputs: ['x', 'k'], outputs: ['z'] }];
  const after = { opType: 'Gemm', inputs: ['z', 'W', 'b'], outputs: ['h'] };
  const relu = { opType: 'Relu', inputs: ['z'], outputs: ['y'] };
  return [
    ['a normalisation before a layer', imported(onnxBytes([x], [...norm, after], ['h'], [...layer, ...stats]))],
    ['a scale before a layer', imported(onnxBytes([x], [...scaled, after], ['h'], [...layer, ...stats]))],
    [
      'a scale after a layer',
      imported(
        onnxBytes(
          [x],
          [gemm, { opType: 'Mul', inputs: ['h', 'k1'], outputs: ['y'] }],
          ['y'],
          [...layer, weight('k1', [1], [3])],
        ),
      ),
    ],
    ['a normalisation that is the output', imported(onnxBytes([x], norm, ['z'], stats))],
    ['a normalisation a ReLU reads', imported(onnxBytes([x], [...norm, relu], ['y'], stats))],
    ['a scale that is the output', imported(onnxBytes([x], scaled, ['z'], stats))],
    ['a scale a ReLU reads', imported(onnxBytes([x], [...scaled, relu], ['y'], stats))],
  ];
}

/** ONNX models that cannot be imported, and imports that add a loss. */
const imported = (bytes: Uint8Array | ArrayBuffer): Diagnostic[] => {
  const r = importOnnx(bytes);
  return r.ok ? r.warnings : r.diagnostics;
};
const x = table('x', { param: 'batch' }, 2);
const gemm = { opType: 'Gemm', inputs: ['x', 'W', 'b'], outputs: ['h'] };
const layer = [weight('W', [2, 1], [1, 2]), weight('b', [1], [0])];
const unknownOps = (n: number) =>
  Array.from({ length: n }, () => ({ opType: 'Frobnicate', inputs: ['x'], outputs: ['y'] }));
cases.push(
  ['a model past the size of a document', imported({ byteLength: 2 ** 30 } as ArrayBuffer)],
  ['bytes that are not a model', imported(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff]))],
  [
    'a weight too large to read',
    imported(onnxBytes([x], [gemm], ['h'], [weight('W', [100_000, 100_000], []), layer[1]])),
  ],
  ['a model without a graph input', imported(onnxBytes([], [], ['W'], layer))],
  ['a node reading what nothing makes', imported(onnxBytes([x], [{ ...gemm, inputs: ['x', 'V', 'b'] }], ['h'], layer))],
  ['a linear layer without inputs', imported(onnxBytes([x], [gemm], ['h'], [weight('W', [0, 1], []), layer[1]]))],
  ['an output nothing makes', imported(onnxBytes([x], [gemm], ['nothing'], layer))],
  ['no output', imported(onnxBytes([x], [gemm], [], layer))],
  ['one unknown operator', imported(onnxBytes([x], unknownOps(1), ['y']))],
  ['an unknown operator in nine nodes', imported(onnxBytes([x], unknownOps(9), ['y']))],
  [
    'two unknown operators, the second in two and nine nodes',
    [
      ...imported(
        onnxBytes([x], [...unknownOps(1), ...unknownOps(2).map((n) => ({ ...n, opType: 'Zap' }))], ['y']),
      ).slice(1),
      ...imported(
        onnxBytes([x], [...unknownOps(1), ...unknownOps(9).map((n) => ({ ...n, opType: 'Zap' }))], ['y']),
      ).slice(1),
    ],
  ],
  ['a regression model', imported(onnxBytes([x], [gemm], ['h'], layer))],
  ...normalisations(),
  ...(['sequence', 'map', 'optional', 'sparse'] as const).map((kind): [string, Diagnostic[]] => [
    `a graph input that is a ${kind}`,
    imported(
      onnxBytes([{ name: 'x', kind } as OnnxValueInfo], [{ opType: 'Relu', inputs: ['x'], outputs: ['y'] }], ['y']),
    ),
  ]),
  [
    'a graph input of integers',
    imported(
      onnxBytes([{ ...x, elemType: DataType.INT64 }], [{ opType: 'Relu', inputs: ['x'], outputs: ['y'] }], ['y']),
    ),
  ],
  [
    'a graph input of 16-bit floats',
    imported(onnxBytes([{ ...x, elemType: 10 as never }], [{ opType: 'Relu', inputs: ['x'], outputs: ['y'] }], ['y'])),
  ],
  [
    'a graph input of rank 3',
    imported(
      onnxBytes(
        [{ ...x, shape: [{ value: 1 }, { value: 2 }, { value: 3 }] }],
        [{ opType: 'Relu', inputs: ['x'], outputs: ['y'] }],
        ['y'],
      ),
    ),
  ],
  [
    'a graph input of rank 1',
    imported(onnxBytes([{ ...x, shape: [{ value: 2 }] }], [{ opType: 'Relu', inputs: ['x'], outputs: ['y'] }], ['y'])),
  ],
  [
    'a graph input too wide',
    imported(
      onnxBytes(
        [{ ...x, shape: [{ value: 1 }, { value: 10_000_000 }] }],
        [{ opType: 'Relu', inputs: ['x'], outputs: ['y'] }],
        ['y'],
      ),
    ),
  ],
  [
    'a graph input of n columns',
    imported(
      onnxBytes(
        [{ ...x, shape: [{ param: 'batch' }, { param: 'n' }] }],
        [{ opType: 'Relu', inputs: ['x'], outputs: ['y'] }],
        ['y'],
      ),
    ),
  ],
  [
    'a graph input of columns without size',
    imported(
      onnxBytes(
        [{ ...x, shape: [{ param: 'batch' }, {} as never] }],
        [{ opType: 'Relu', inputs: ['x'], outputs: ['y'] }],
        ['y'],
      ),
    ),
  ],
  [
    'a graph input without shape',
    imported(onnxBytes([{ ...x, shape: undefined }], [{ opType: 'Relu', inputs: ['x'], outputs: ['y'] }], ['y'])),
  ],
  [
    'a sigmoid classifier',
    imported(onnxBytes([x], [gemm, { opType: 'Sigmoid', inputs: ['h'], outputs: ['p'] }], ['p'], layer)),
  ],
  [
    'a softmax classifier',
    imported(
      onnxBytes(
        [x],
        [
          { ...gemm },
          {
            opType: 'Softmax',
            inputs: ['h'],
            outputs: ['p'],
            attributes: [{ name: 'axis', type: AttributeType.INT, i: 1 }],
          },
        ],
        ['p'],
        [weight('W', [2, 3], [1, 2, 3, 4, 5, 6]), weight('b', [3], [0, 0, 0])],
      ),
    ),
  ],
);

/** Models with one node the import refuses, each for another reason (`onnxImport.reason.*`). */
function refusedNodes(): [string, Diagnostic[]][] {
  const op = (opType: string, inputs: string[], outputs = ['y'], attributes: Json[] = []) => ({
    opType,
    inputs,
    outputs,
    attributes,
  });
  const int = (name: string, i: number) => ({ name, type: AttributeType.INT, i });
  const floats = (output: string, values: number[]) =>
    op('Constant', [], [output], [{ name: 'value_floats', type: AttributeType.FLOATS, floats: values }]);
  const tensor = (output: string, t: Json) =>
    op('Constant', [], [output], [{ name: 'value', type: AttributeType.TENSOR, t }]);
  const row = table('r', { value: 1 }, 2);
  const x3 = table('x3', { param: 'batch' }, 3);
  const xn = { ...x, shape: [{ param: 'batch' }, { param: 'n' }] };
  const k = weight('k', [2], [3, 5]);
  const greater = op('Greater', ['x', 't'], ['g']);
  const t = weight('t', [], [0]);
  const wide = table('x', { param: 'batch' }, MAX_COLUMNS);
  const N = Math.ceil(Math.sqrt(MAX_PARAMETERS)) + 1;
  const models: [string, Uint8Array][] = [
    ['a Gemm without its weight', onnxBytes([x], [op('Gemm', ['x'])], ['y'])],
    ['a ReLU of a constant', onnxBytes([x], [op('Relu', ['k'])], ['y'], [k])],
    ['a ReLU of a comparison', onnxBytes([x], [greater, op('Relu', ['g'])], ['y'], [t])],
    ['a MatMul by a computed tensor', onnxBytes([x], [op('MatMul', ['x', 'x'])], ['y'])],
    ['an infinite weight', onnxBytes([x], [op('Gemm', ['x', 'W'])], ['y'], [weight('W', [2, 1], [Infinity, 1])])],
    ['an infinite constant without a name', onnxBytes([x], [floats('c', [Infinity]), op('Mul', ['x', 'c'])], ['y'])],
    [
      'a linear layer of no outputs from a weight without a name',
      onnxBytes([x], [tensor('w', weight('', [2, 0], [])), op('MatMul', ['x', 'w'])], ['y']),
    ],
    [
      'a layer too wide',
      onnxBytes(
        [x],
        [op('Gemm', ['x', 'W'])],
        ['y'],
        [weight('W', [2, MAX_COLUMNS + 1], new Float64Array(2 * MAX_COLUMNS + 2))],
      ),
    ],
    [
      'layers of too many weights',
      onnxBytes(
        [x],
        [op('Gemm', ['x', 'W1'], ['h']), op('Gemm', ['h', 'W2'])],
        ['y'],
        [weight('W1', [2, 2000], new Float64Array(4000)), weight('W2', [2000, 2000], new Float64Array(4_000_000))],
      ),
    ],
    ['a Gemm without inputs', onnxBytes([x], [op('Gemm', [])], ['y'])],
    ['a Gemm of a computed bias', onnxBytes([x], [op('Gemm', ['x', 'W', 'x'])], ['y'], layer)],
    ['a MatMul of a constant', onnxBytes([x], [op('MatMul', ['k', 'W'])], ['y'], [k, layer[0]])],
    ['a reshape to a computed shape', onnxBytes([x], [op('Reshape', ['x', 'x'])], ['y'])],
    ['a comparison with a computed threshold', onnxBytes([x], [op('Greater', ['x', 'x'], ['g'])], ['g'])],
    ['a sum of a tensor and a constant', onnxBytes([x], [op('Sum', ['x', 'k'])], ['y'], [k])],
    ['a row added to the batch', onnxBytes([x, row], [op('Add', ['x', 'r'])], ['y'])],
    ['an add of two widths', onnxBytes([x, x3], [op('Add', ['x', 'x3'])], ['y'])],
    ['a square root of a computed tensor', onnxBytes([x], [op('Sqrt', ['x'])], ['y'])],
    ['a reciprocal of a computed tensor', onnxBytes([x], [op('Reciprocal', ['x'])], ['y'])],
    [
      'a comparison cast to integers',
      onnxBytes([x], [greater, op('Cast', ['g'], ['y'], [int('to', DataType.INT64)])], ['y'], [t]),
    ],
    ['a cast to integers', onnxBytes([x], [op('Cast', ['x'], ['y'], [int('to', DataType.INT64)])], ['y'])],
    ['a flatten along axis 2', onnxBytes([x], [op('Flatten', ['x'], ['y'], [int('axis', 2)])], ['y'])],
    ['a reshape', onnxBytes([x], [op('Reshape', ['x', 's'])], ['y'], [weight('s', [2], [2, 1])])],
    ['a dropout mask that is used', onnxBytes([x], [op('Dropout', ['x'], ['d', 'm']), op('Relu', ['m'])], ['y'])],
    ['a transpose of a vector', onnxBytes([x], [op('Transpose', ['k'])], ['y'], [k])],
    ...(['Sub', 'Mul', 'Div'] as const).flatMap((o): [string, Uint8Array][] => [
      [`a ${o} of two computed tensors`, onnxBytes([x], [op('Relu', ['x'], ['h']), op(o, ['x', 'h'])], ['y'])],
      [`a ${o} of a row and the batch`, onnxBytes([x, row], [op(o, ['x', 'r'])], ['y'])],
    ]),
    ['a constant divided by a tensor', onnxBytes([x], [op('Div', ['k', 'x'])], ['y'], [k])],
    ['a constant of three values', onnxBytes([x], [op('Mul', ['x', 'k3'])], ['y'], [weight('k3', [3], [1, 2, 3])])],
    [
      'a constant of three values without a name',
      onnxBytes([x], [floats('c', [1, 2, 3]), op('Mul', ['x', 'c'])], ['y']),
    ],
    [
      'a constant of a column of one',
      onnxBytes([table('x', { param: 'batch' }, 1)], [op('Mul', ['x', 'k'])], ['y'], [k]),
    ],
    ['a division by zero', onnxBytes([x], [op('Div', ['x', 'z'])], ['y'], [weight('z', [2], [1, 0])])],
    ['a division by zero without a name', onnxBytes([x], [floats('c', [1, 0]), op('Div', ['x', 'c'])], ['y'])],
    [
      'a scale of an input of unknown columns',
      onnxBytes([xn], [op('Mul', ['x', 'one'])], ['y'], [weight('one', [], [2])]),
    ],
    [
      'a scale of a ReLU of unknown columns',
      onnxBytes([xn], [op('Relu', ['x'], ['h']), op('Mul', ['h', 'one'])], ['y'], [weight('one', [], [2])]),
    ],
    [
      'a constant wider than a block',
      onnxBytes(
        [xn],
        [op('Mul', ['x', 'c'])],
        ['y'],
        [weight('c', [MAX_COLUMNS + 1], new Array(MAX_COLUMNS + 1).fill(1))],
      ),
    ],
    [
      'too many columns of per-column constants',
      onnxBytes(
        [wide],
        Array.from({ length: 17 }, (_, i) => op('Mul', [i ? `m${i - 1}` : 'x', 'two'], [`m${i}`])),
        ['m16'],
        [weight('two', [], [2])],
      ),
    ],
    [
      'constants that do not broadcast',
      onnxBytes([x], [op('Add', ['k', 'k3'])], ['y'], [k, weight('k3', [3], [1, 2, 3])]),
    ],
    ['a constant without a value', onnxBytes([x], [op('Constant', [], ['c'])], ['c'])],
    [
      'constants folded into too many values',
      onnxBytes(
        [x],
        [op('Add', ['a', 'b'])],
        ['y'],
        [weight('a', [N, 1], new Array(N).fill(1)), weight('b', [1, N], new Array(N).fill(1))],
      ),
    ],
    ['a MatMul by a vector', onnxBytes([x], [op('MatMul', ['x', 'k'])], ['y'], [k])],
    ['a Gemm with transA', onnxBytes([x], [op('Gemm', ['x', 'W'], ['y'], [int('transA', 1)])], ['y'], layer)],
    ['a Gemm by a vector', onnxBytes([x], [op('Gemm', ['x', 'k'])], ['y'], [k])],
    ['a Gemm with a bias of two', onnxBytes([x], [op('Gemm', ['x', 'W', 'k'])], ['y'], [layer[0], k])],
    ['a sum of 17 tensors', onnxBytes([x], [op('Sum', new Array(17).fill('x'))], ['y'])],
    ['a concat of 17 tensors', onnxBytes([x], [op('Concat', new Array(17).fill('x'), ['y'], [int('axis', 1)])], ['y'])],
    ['a softmax along the batch', onnxBytes([x], [op('Softmax', ['x'], ['y'], [int('axis', 0)])], ['y'])],
    ['a comparison with two thresholds', onnxBytes([x], [op('Greater', ['x', 'k'], ['g'])], ['g'], [k])],
    ['a concat along the batch', onnxBytes([x], [op('Concat', ['x', 'x'], ['y'], [int('axis', 0)])], ['y'])],
    [
      'a Gemm of three rows on two columns',
      onnxBytes([x], [op('Gemm', ['x', 'W'])], ['y'], [weight('W', [3, 1], [1, 2, 3])]),
    ],
    [
      'a MatMul of three rows on two columns',
      onnxBytes([x], [op('MatMul', ['x', 'W'])], ['y'], [weight('W', [3, 1], [1, 2, 3])]),
    ],
    [
      'a model of too many blocks',
      onnxBytes(
        [x],
        Array.from({ length: MAX_BLOCKS + 1 }, (_, i) => op('Relu', [i ? `r${i - 1}` : 'x'], [`r${i}`])),
        [`r${MAX_BLOCKS}`],
      ),
    ],
    ['a constant output', onnxBytes([x], [op('Relu', ['x'])], ['y', 'k'], [k])],
    ['a comparison output', onnxBytes([x], [greater], ['g'], [t])],
  ];
  const many = table('x', { param: 'batch' }, N);
  const stats = [weight('mean', [N], new Array(N).fill(1)), weight('k', [N], new Array(N).fill(2))];
  const relu = op('Relu', ['z'], ['r']);
  const kept: [string, Uint8Array][] = [
    ['a wide normalisation that is the output', onnxBytes([many], [op('Sub', ['x', 'mean'], ['z'])], ['z'], stats)],
    ['a wide normalisation a ReLU reads', onnxBytes([many], [op('Sub', ['x', 'mean'], ['z']), relu], ['r'], stats)],
    ['a wide scale that is the output', onnxBytes([many], [op('Mul', ['x', 'k'], ['z'])], ['z'], stats)],
    ['a wide scale a ReLU reads', onnxBytes([many], [op('Mul', ['x', 'k'], ['z']), relu], ['r'], stats)],
  ];
  return [...models, ...kept].map(([name, bytes]) => [name, imported(bytes)]);
}
cases.push(...refusedNodes());

const all = cases.flatMap(([name, ds]) => ds.map((d) => [name, d] as const));

describe('document diagnostics in the user’s language', () => {
  it.each(cases.map(([name]) => name))('%s: a key, and English tells it as the engine does', (name) => {
    const found = cases.find(([n]) => n === name)![1];
    expect(found.length, name).toBeGreaterThan(0);
    for (const d of found) {
      expect(d.key, d.message).toBeDefined();
      expect(describeDiagnostic(d, english)).toBe(d.message);
    }
  });

  it('every key of these groups is one the engine gives', () => {
    // A nested message (`reasonKey`, `whatKey`, …: see describeDiagnostic) is given too.
    const given = new Set(
      all.flatMap(([, d]) => [
        d.key,
        ...Object.entries(d.values ?? {})
          .filter(([name]) => name.endsWith('Key'))
          .map(([, v]) => String(v)),
      ]),
    );
    const keys = [...messageKeys(catalogues.en)]
      .map((k) => k.replace(/^diagnostics\./, ''))
      .filter((k) => FILES_GROUPS.includes(k.split('.')[0]));
    // Said only when JSON.parse refuses a text the locator accepts, when a block has no exporter
    // (each has one today), when the importer fails inside (bugs of ours), or when an operator's
    // every converter declines a node (each accepts what its operator's other checks let through),
    // a graph input of a kind the decoder does not name, or a block whose inputs' columns are
    // known but its own are not.
    expect(keys.filter((k) => !given.has(k)).sort()).toEqual([
      'internal.onnxImport',
      'json.other',
      'onnxExport.block',
      'onnxImport.columnsBlock',
      'onnxImport.inputKind.unknown',
      'onnxImport.nodeUnsupported',
      // A node that reads what could not be imported is not looked at; create() gets the params its
      // callers checked, of a known type; an Add of a constant is arithmetic, of none the add block.
      'onnxImport.reason.invalid',
      'onnxImport.reason.params',
      'onnxImport.reason.twoComputed.add',
      'onnxImport.reason.twoComputed.addOneRow',
      'onnxImport.reason.unknownType',
      'pytorch.block',
    ]);
  });

  it('a nested reason (`reasonKey`) and the part it names (`whatKey`) are told in the language too', () => {
    const [d] = cases.find(([n]) => n === 'a Gemm without its weight')![1];
    expect(d.values).toMatchObject({
      reason: 'its input B (the weight) is missing',
      reasonKey: 'onnxImport.reason.missing',
    });
    expect(describeDiagnostic(d, ru)).toBe("узел Gemm 'n0': отсутствует вход B (веса)");
    // A key the catalogue does not know keeps the English value.
    const unknown = { ...d, values: { ...d.values, reasonKey: 'onnxImport.reason.nothing' } };
    expect(describeDiagnostic(unknown, ru)).toBe("узел Gemm 'n0': its input B (the weight) is missing");
  });

  it('a singular design names a constant or a zero column in the language too', () => {
    const [constant] = cases.find(([n]) => n === 'a constant column')![1];
    expect(describeDiagnostic(constant, ru)).toContain(
      'b постоянен (b = 3 во всех строках) и поэтому неотличим от смещения',
    );
    const [zero] = cases.find(([n]) => n === 'a column that is 0 on every row, no bias')![1];
    expect(describeDiagnostic(zero, ru)).toContain('z равен 0 во всех строках');
    expect(describeDiagnostic(zero, english)).toBe(zero.message);
  });

  it('Russian tells every one of them', () => {
    for (const [name, d] of all) {
      const text = describeDiagnostic(d, ru);
      expect(text, `${name}: ${d.key}`).not.toBe(d.message);
      expect(text, `${name}: ${d.key}`).toMatch(/[а-я]/);
    }
  });
});
