/**
 * ONNX export and import against independent runtimes: every example (as it is and trained) and
 * seeded random DAGs run in onnxruntime-node and give the engine's float64 predictions to 1e-5;
 * import → export → import is lossless; MLPs exported by PyTorch's own torch.onnx.export import
 * and predict what torch predicts; unsupported operators and blocks get clear messages.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Executor,
  exportOnnx,
  exportPytorch,
  importOnnx,
  loadModel,
  type GraphDocument,
} from '../../src/engine/index.js';
import {
  AttributeType,
  DataType,
  decodeModel,
  encodeModel,
  type OnnxModel,
} from '../../src/engine/interop/onnx-proto.js';
import { ProtoWriter, readFields, readInts } from '../../src/engine/interop/protobuf.js';
import { edge, makeDocument } from '../engine/helpers.js';
import {
  compiled,
  exampleCases,
  expectAgree,
  hasTorch,
  predictionIds,
  randomDag,
  runPython,
  torchMissing,
  type Case,
} from './helpers.js';

const TOLERANCE = 1e-5;

function exported(doc: GraphDocument | unknown): Uint8Array {
  const r = exportOnnx(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.bytes;
}

/** Runs ONNX bytes in onnxruntime on per-input rows; every output by name. */
async function runOnnx(
  bytes: Uint8Array,
  inputs: Record<string, number[][]>,
): Promise<Record<string, { dims: readonly number[]; data: Float32Array }>> {
  const session = await ort.InferenceSession.create(bytes);
  const feeds = Object.fromEntries(
    Object.entries(inputs).map(([name, rows]) => [
      name,
      new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, rows[0].length]),
    ]),
  );
  expect([...session.inputNames].sort()).toEqual(Object.keys(inputs).sort());
  const results = await session.run(feeds);
  await session.release();
  return Object.fromEntries(
    Object.entries(results).map(([k, t]) => [k, { dims: t.dims, data: t.data as Float32Array }]),
  );
}

async function expectOnnxMatchesEngine(c: Case): Promise<void> {
  const result = exportOnnx(c.document);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  if (c.document.data?.standardize && !c.document.data.normalization) {
    expect(result.warnings.map((w) => w.message)).toContain(
      'the document asks for standardised inputs but stores no statistics (it has not been trained): the exported model takes inputs that are already standardised',
    );
  }
  const outputs = await runOnnx(result.bytes, c.inputs);
  const ids = predictionIds(c.document);
  expect(Object.keys(outputs).sort()).toEqual([...ids].sort());
  for (const id of ids) {
    const want = c.expected[id];
    expect(outputs[id].dims).toEqual([want.length, want[0].length]);
    expectAgree(outputs[id].data, want.flat(), TOLERANCE, `${c.name}: output ${id}`);
  }
}

describe('protobuf encoding', () => {
  it('round-trips negative integers, floats, UTF-8 strings and packed fields', () => {
    const bytes = new ProtoWriter()
      .int(1, -1)
      .int(2, 300)
      .string(3, 'ß→λ 🙂')
      .packedInts(4, [1, -2, 2 ** 40])
      .float(5, 0.5)
      .finish();
    const fields = readFields(bytes);
    expect(readInts(fields, 1)).toEqual([-1]);
    expect(readInts(fields, 2)).toEqual([300]);
    expect(readInts(fields, 4)).toEqual([1, -2, 2 ** 40]);
    expect(new TextDecoder().decode(fields.find((f) => f.field === 3)!.value as Uint8Array)).toBe('ß→λ 🙂');
  });

  it('round-trips a model message', () => {
    const model: OnnxModel = {
      irVersion: 8,
      opsets: [{ domain: '', version: 17 }],
      producerName: 'p',
      producerVersion: '1',
      domain: '',
      modelVersion: 1,
      docString: 'dé',
      graph: {
        name: 'g',
        nodes: [
          {
            name: 'n',
            opType: 'Softmax',
            domain: '',
            inputs: ['x'],
            outputs: ['y'],
            attributes: [
              { name: 'axis', type: AttributeType.INT, i: -1 },
              { name: 'f', type: AttributeType.FLOAT, f: 0.25 },
            ],
          },
        ],
        initializers: [{ name: 'w', dims: [2, 2], dataType: DataType.FLOAT, values: Float64Array.of(1, -2, 0.5, 3) }],
        inputs: [{ name: 'x', kind: 'tensor', elemType: DataType.FLOAT, shape: [{ param: 'batch' }, { value: 2 }] }],
        outputs: [
          {
            name: 'y',
            kind: 'tensor',
            elemType: DataType.FLOAT,
            shape: [{ param: 'batch' }, { value: 2 }],
            docString: 'out',
          },
        ],
      },
      metadata: { a: 'b', ünï: 'cödé' },
    };
    const back = decodeModel(encodeModel(model));
    expect({ ...back, metadata: { ...back.metadata } }).toEqual(model);
  });
});

describe('ONNX export runs in onnxruntime and agrees with the engine (float64) to 1e-5', () => {
  const cases = exampleCases();

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    await expectOnnxMatchesEngine(c);
  });

  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('random DAG, seed %i', async (seed) => {
    await expectOnnxMatchesEngine(randomDag(seed));
  });

  it('the random DAGs use every exportable block, several inputs, normalisation and several outputs', () => {
    const types = new Set<string>();
    let twoInputs = 0,
      twoOutputs = 0,
      normalized = 0,
      sum = 0,
      noBias = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const { document } = randomDag(seed);
      document.nodes.forEach((n) => types.add(n.type));
      if (document.nodes.filter((n) => n.type === 'input').length > 1) twoInputs++;
      if (predictionIds(document).length > 1) twoOutputs++;
      if (document.data?.normalization) normalized++;
      if (document.nodes.some((n) => n.type === 'add' && n.params?.inputs === 3)) sum++;
      if (document.nodes.some((n) => n.params?.bias === false)) noBias++;
    }
    for (const t of ['linear', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'softmax', 'identity', 'add', 'concat'])
      expect(types).toContain(t);
    for (const count of [twoInputs, twoOutputs, normalized, sum, noBias]) expect(count).toBeGreaterThan(2);
  });

  it('exports a step as Greater + Cast (exact for predictions) with a warning', async () => {
    const doc = makeDocument(
      [
        { id: 'x', type: 'input', params: { size: 2 } },
        {
          id: 'n',
          type: 'linear',
          params: { in: 2, out: 1 },
          weights: { W: { shape: [1, 2], data: [1, 1] }, b: { shape: [1], data: [-1.5] } },
        },
        { id: 's', type: 'step', params: { threshold: 0.25 } },
        { id: 't', type: 'target', params: { size: 1 } },
        { id: 'L', type: 'mse' },
      ],
      [edge('x', 'n'), edge('n', 's'), edge('s', 'L', 'pred'), edge('t', 'L', 'target')],
    );
    const result = exportOnnx(doc);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings.map((w) => w.message)).toContainEqual(
      expect.stringMatching(
        /step 's' is exported as Greater \+ Cast: exact for predictions, but ONNX training tools cannot learn through it/,
      ),
    );
    const out = await runOnnx(result.bytes, {
      x: [
        [0, 0],
        [1, 1],
        [1, 0.8],
        [2, 0],
      ],
    });
    expect(Array.from(out.s.data)).toEqual([0, 1, 1, 1]);
    const back = importOnnx(result.bytes);
    expect(back.ok && back.document.nodes.find((n) => n.id === 's')).toMatchObject({
      id: 's',
      type: 'step',
      params: { threshold: 0.25 },
    });
  });

  it('names inputs and outputs after their blocks, and writes the document name, description and metadata', () => {
    const iris = cases.find((c) => c.name.startsWith('iris') && c.name.includes('(trained'))!;
    const model = decodeModel(exported(iris.document));
    expect(model.opsets).toEqual([{ domain: '', version: 17 }]);
    expect(model.producerName).toBe('Backprop Studio');
    expect(model.graph.name).toBe(iris.document.name);
    expect(model.docString).toBe(iris.document.description);
    expect(model.graph.inputs.map((i) => [i.name, i.shape])).toEqual([['x', [{ param: 'batch' }, { value: 4 }]]]);
    expect(model.graph.outputs.map((o) => [o.name, o.shape])).toEqual([['p', [{ param: 'batch' }, { value: 3 }]]]);
    expect(model.graph.nodes.map((n) => n.opType)).toEqual(['Sub', 'Div', 'Gemm', 'Tanh', 'Gemm', 'Softmax']);
    expect(model.graph.initializers.map((t) => t.name)).toEqual([
      'x.mean',
      'x.std',
      'hidden.W',
      'hidden.b',
      'scores.W',
      'scores.b',
    ]);
    expect(model.metadata['backprop-studio.format']).toBe('backprop-studio.graph');
    expect(model.metadata['backprop-studio.version']).toBe('1');
    expect(model.metadata.name).toBe(iris.document.name);
    expect(JSON.parse(model.metadata['backprop-studio.classes'])).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(JSON.parse(model.metadata['backprop-studio.inputs'])).toEqual({
      x: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
    });
    expect(JSON.parse(model.metadata['backprop-studio.outputs'])).toEqual([
      { name: 'p', node: 'p', loss: 'L', lossType: 'nll' },
    ]);
    // The whole document, without weights or metrics.
    const recorded = JSON.parse(model.metadata['backprop-studio.document']);
    expect(recorded.nodes.some((n: any) => n.weights)).toBe(false);
    expect(recorded.metrics).toBeUndefined();
    expect(recorded.data.normalization).toEqual(iris.document.data!.normalization);
  });

  it('refuses a prediction that depends on a target, naming the target', () => {
    const doc = makeDocument(
      [
        { id: 'x', type: 'input', params: { size: 1 } },
        { id: 't', type: 'target', params: { size: 1 } },
        { id: 'sum', type: 'add' },
        { id: 'L', type: 'mse' },
      ],
      [edge('x', 'sum', 'in0'), edge('t', 'sum', 'in1'), edge('sum', 'L', 'pred'), edge('t', 'L', 'target')],
    );
    const r = exportOnnx(doc);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.diagnostics[0]).toMatchObject({
        where: 'node t',
        message: expect.stringContaining("the prediction 'sum' depends on target 't'"),
      });
  });

  it('refuses an invalid document with its problems, and a bad opset', () => {
    const r = exportOnnx({
      format: 'backprop-studio.graph',
      version: 1,
      name: 'x',
      nodes: [{ id: 'a', type: 'dense' }],
      edges: [],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0].message).toBe("node 'a' has unknown block type 'dense'");
    const o = exportOnnx(compiled(randomDag(1).document).document, { opset: 9 });
    expect(!o.ok && o.diagnostics[0].message).toBe('the ONNX opset must be a whole number from 13 to 21, got 9');
  });

  it('never throws: what it cannot do because of a bug of ours is a problem like any other (both exporters)', () => {
    // A document whose every read throws stands for any bug deep in an exporter (before: it escaped to the app).
    const throwing = new Proxy(
      {},
      {
        get: () => {
          throw new RangeError('Maximum call stack size exceeded');
        },
      },
    );
    for (const [label, r] of [
      ['ONNX', exportOnnx(throwing)],
      ['PyTorch', exportPytorch(throwing)],
    ] as const) {
      expect(!r.ok && r.diagnostics).toEqual([
        {
          code: 'format',
          severity: 'error',
          where: '(graph)',
          message: `the graph could not be exported to ${label} because of an internal error (RangeError: Maximum call stack size exceeded)`,
          // The app tells it in the user's language from its key, naming the error.
          key: label === 'ONNX' ? 'internal.onnxExport' : 'internal.pytorch',
          values: { error: 'RangeError: Maximum call stack size exceeded' },
        },
      ]);
    }
  });

  it('runs in onnxruntime at every opset from 13 to 21', async () => {
    const c = randomDag(7);
    for (let opset = 13; opset <= 21; opset++) {
      const r = exportOnnx(c.document, { opset });
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      const out = await runOnnx(r.bytes, c.inputs);
      for (const id of predictionIds(c.document))
        expectAgree(out[id].data, c.expected[id].flat(), TOLERANCE, `opset ${opset}: ${id}`);
    }
  });
});

describe('ONNX import', () => {
  const cases = exampleCases(2);
  /** The document as an import can give it back: no weights, no metrics, positions only where it had them. */
  const comparable = (doc: GraphDocument, like: GraphDocument) => {
    const { metrics: _m, ...rest } = doc;
    return {
      ...rest,
      nodes: doc.nodes.map(({ weights: _w, position, ...n }) =>
        like.nodes.find((o) => o.id === n.id)?.position ? { ...n, position } : n,
      ),
    };
  };
  const rowsOf = (c: Case, limit = 200) =>
    Object.values(c.inputs)[0]
      .slice(0, limit)
      .map((_, r) => Object.values(c.inputs).flatMap((rows) => rows[r]));

  it.each([
    ...cases.map((c) => [c.name, c] as const),
    ...Array.from({ length: 20 }, (_, i) => [`random DAG ${i + 1}`, randomDag(i + 1)] as const),
    // A frozen layer (`trainable: false`) stays frozen: ONNX has no such notion, the recorded document does.
    ...cases
      .filter((c) => c.name.startsWith('xor.bps.json'))
      .map((c) => {
        const nodes = c.document.nodes.map((n) => (n.id === 'h' ? { ...n, trainable: false } : n));
        return [`${c.name}, first layer frozen`, { ...c, document: { ...c.document, nodes } }] as const;
      }),
  ])('import → export → import round-trips: %s', (_, c) => {
    const first = importOnnx(exported(c.document));
    expect(first.ok, JSON.stringify(!first.ok && first.diagnostics)).toBe(true);
    if (!first.ok) return;
    expect(first.warnings).toEqual([]);
    // The document comes back: structure, params, layout, settings, data…
    expect(comparable(first.document, c.document)).toEqual(comparable(c.document, c.document));
    // …with the weights the engine uses (stored or initial), rounded to float32.
    const weights = new Executor(compiled(c.document), { precision: 'float64' }).exportWeights();
    const imported = Object.fromEntries(first.document.nodes.filter((n) => n.weights).map((n) => [n.id, n.weights]));
    expect(Object.keys(imported).sort()).toEqual(Object.keys(weights).sort());
    for (const [id, ws] of Object.entries(weights)) {
      for (const [name, w] of Object.entries(ws))
        expect(imported[id]![name], `${id}.${name}`).toEqual({ shape: w.shape, data: w.data.map(Math.fround) });
    }
    // Exactly the same the second time round.
    const second = importOnnx(exported(first.document));
    expect(second.ok && second.document).toEqual(first.document);
    // And the imported graph predicts what the original does.
    const rows = rowsOf(c);
    expectAgree(
      loadModel(first.document).predict(rows).outputs.flat(),
      loadModel(c.document).predict(rows).outputs.flat(),
      TOLERANCE,
      'predictions after import',
    );
  });

  it('round-trips node ids that are not plain names, and ones that look like its own tensor names', async () => {
    const doc = makeDocument(
      [
        { id: 'Eingabe x', type: 'input', params: { size: 2, columns: ['a', 'b'] } },
        { id: 'hidden layer 1', type: 'linear', params: { in: 2, out: 3 } },
        { id: 'hidden layer 1.W', type: 'tanh' },
        { id: '__proto__', type: 'linear', params: { in: 3, out: 2 } },
        { id: 'constructor', type: 'softmax' },
        { id: 'Ausgabe→p', type: 'identity' },
        { id: 't', type: 'target', params: { size: 1 } },
        { id: 'L', type: 'nll' },
      ],
      [
        edge('Eingabe x', 'hidden layer 1'),
        edge('hidden layer 1', 'hidden layer 1.W'),
        edge('hidden layer 1.W', '__proto__'),
        edge('__proto__', 'constructor'),
        edge('constructor', 'Ausgabe→p'),
        edge('Ausgabe→p', 'L', 'pred'),
        edge('t', 'L', 'target'),
      ],
    );
    const bytes = exported(doc);
    const back = importOnnx(bytes);
    expect(back.ok, JSON.stringify(!back.ok && back.diagnostics)).toBe(true);
    if (!back.ok) return;
    expect(back.document.nodes.map((n) => n.id)).toEqual(doc.nodes.map((n) => n.id));
    expect(back.document.edges).toEqual(doc.edges);
    const rows = [
      [0.5, -1],
      [2, 0.25],
    ];
    const out = await runOnnx(bytes, { 'Eingabe x': rows });
    expectAgree(out['Ausgabe→p'].data, loadModel(doc).predict(rows).outputs.flat(), TOLERANCE, 'odd ids');
  });

  it('lays out a graph without recorded positions from left to right', () => {
    const { document } = randomDag(3);
    const { data: _d, ...bare } = { ...document, nodes: document.nodes.map(({ position: _, ...n }) => n) };
    const model = decodeModel(exported(bare));
    delete model.metadata['backprop-studio.document'];
    const r = importOnnx(encodeModel(model));
    expect(r.ok, JSON.stringify(!r.ok && r.diagnostics)).toBe(true);
    if (!r.ok) return;
    const x = new Map(r.document.nodes.map((n) => [n.id, n.position!.x]));
    for (const e of r.document.edges)
      expect(x.get(e.target)!, `${e.source} → ${e.target}`).toBeGreaterThan(x.get(e.source)!);
    const places = new Set(r.document.nodes.map((n) => `${n.position!.x},${n.position!.y}`));
    expect(places.size).toBe(r.document.nodes.length);
  });

  /** x (3 columns, normalised) → a, b (linear) → add → tanh, read by an MSE loss. */
  const normalisedDocument = (reader = 'linear') =>
    ({
      ...makeDocument(
        [
          { id: 'x', type: 'input', params: { size: 3, columns: ['u', 'v', 'w'] } },
          {
            id: 'a',
            type: 'linear',
            params: { in: 3, out: 2 },
            weights: { W: { shape: [2, 3], data: [1, -2, 0.5, 0.25, 3, -1] }, b: { shape: [2], data: [0.1, -0.2] } },
          },
          reader === 'linear'
            ? {
                id: 'b',
                type: 'linear',
                params: { in: 3, out: 2, bias: false },
                weights: { W: { shape: [2, 3], data: [-1, 0.5, 2, 1.5, -0.5, 0.75] } },
              }
            : { id: 'b', type: 'tanh' },
          { id: 'sum', type: reader === 'linear' ? 'add' : 'concat' },
          { id: 'y', type: 'tanh' },
          { id: 't', type: 'target', params: { size: reader === 'linear' ? 2 : 5 } },
          { id: 'L', type: 'mse' },
        ],
        [
          edge('x', 'a'),
          edge('x', 'b'),
          edge('a', 'sum', 'in0'),
          edge('b', 'sum', 'in1'),
          edge('sum', 'y'),
          edge('y', 'L', 'pred'),
          edge('t', 'L', 'target'),
        ],
      ),
      data: { standardize: true, normalization: { columns: ['u', 'v', 'w'], mean: [1, -2, 0.5], std: [2, 0.25, 4] } },
    }) as GraphDocument;
  const withoutMetadata = (bytes: Uint8Array) => {
    const model = decodeModel(bytes);
    for (const key of Object.keys(model.metadata)) delete model.metadata[key];
    return encodeModel(model);
  };

  it('without a recorded document, a normalised input read by linear layers is folded into their weights', () => {
    const doc = normalisedDocument();
    const r = importOnnx(withoutMetadata(exported(doc)));
    expect(r.ok, JSON.stringify(!r.ok && r.diagnostics)).toBe(true);
    if (!r.ok) return;
    expect(r.warnings.map((w) => w.message)).toContain(
      "the input normalisation of 'x' (Sub/Div) is folded into the weights of 'a', 'b': the graph takes raw features",
    );
    expect(r.document.data).toBeUndefined();
    expect(r.document.nodes.find((n) => n.id === 'b')!.params).toEqual({ in: 3, out: 2 });
    const rows = [
      [1, 2, 3],
      [-1, 0.5, 8],
      [0, 0, 0],
    ];
    expectAgree(
      loadModel(r.document).predict(rows).outputs.flat(),
      loadModel(doc).predict(rows).outputs.flat(),
      TOLERANCE,
      'folded normalisation',
    );
  });

  it('without a recorded document, a normalised input read by anything else becomes a linear layer computing it', () => {
    const doc = normalisedDocument('tanh');
    const r = importOnnx(withoutMetadata(exported(doc)));
    expect(r.ok, JSON.stringify(!r.ok && r.diagnostics)).toBe(true);
    if (!r.ok) return;
    const layer = r.document.nodes.find((n) => n.id === 'x.normalized')!;
    expect(layer).toMatchObject({ type: 'linear', trainable: false, params: { in: 3, out: 3, init: 'manual' } });
    expect(layer.weights!.W.data).toEqual([1 / 2, 0, 0, 0, 1 / 0.25, 0, 0, 0, 1 / 4].map(Math.fround));
    expect(r.warnings.map((w) => w.message)).toContain(
      "the input normalisation of 'x' (Sub/Div) feeds linear 'a', tanh 'b': it is the linear layer 'x.normalized' (W = diag(1/std), b = −mean/std), which computes it exactly; it is frozen with its weights set by hand, since in the model they are constants (untick Frozen in the inspector to train it)",
    );
    const rows = [
      [1, 2, 3],
      [-1, 0.5, 8],
    ];
    expectAgree(
      loadModel(r.document).predict(rows).outputs.flat(),
      loadModel(doc).predict(rows).outputs.flat(),
      TOLERANCE,
      'normalisation as a layer',
    );
  });

  it('lists every unsupported operator by name with the nodes that use it', () => {
    const model = decodeModel(exported(randomDag(2).document));
    model.graph.nodes.push(
      { name: 'conv1', opType: 'Conv', domain: '', inputs: ['x'], outputs: ['c1'], attributes: [] },
      { name: 'conv2', opType: 'Conv', domain: '', inputs: ['c1'], outputs: ['c2'], attributes: [] },
      { name: 'pool', opType: 'MaxPool', domain: '', inputs: ['c2'], outputs: ['c3'], attributes: [] },
      { name: 'gelu', opType: 'Gelu', domain: 'com.microsoft', inputs: ['c3'], outputs: ['c4'], attributes: [] },
    );
    const r = importOnnx(encodeModel(model));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics.map((d) => [d.code, d.where])).toEqual([
      ['unknown-type', 'operator Conv'],
      ['unknown-type', 'operator MaxPool'],
      ['unknown-type', 'operator com.microsoft.Gelu'],
    ]);
    expect(r.diagnostics[0].message).toMatch(
      /^unsupported ONNX operator 'Conv' \(nodes 'conv1', 'conv2'\) has no Backprop Studio block; supported operators: Gemm, MatMul, /,
    );
    expect(r.diagnostics[1].message).toBe(
      "unsupported ONNX operator 'MaxPool' (node 'pool') has no Backprop Studio block",
    );
  });

  it('explains supported operators used in ways that have no block', () => {
    const model = decodeModel(exported(randomDag(2).document));
    const gemm = model.graph.nodes.find((n) => n.opType === 'Gemm')!;
    gemm.attributes.push({ name: 'transA', type: AttributeType.INT, i: 1 });
    const r = importOnnx(encodeModel(model));
    expect(!r.ok && r.diagnostics[0].message).toMatch(
      /^Gemm node '.+': transA = 1 \(the batch along the columns\) has no block$/,
    );
  });

  it('refuses files that are not ONNX models', () => {
    for (const bytes of [
      new TextEncoder().encode('{"format":"backprop-studio.graph"}'),
      Uint8Array.of(8, 8, 8),
      new Uint8Array(0),
    ]) {
      const r = importOnnx(bytes);
      expect(r.ok).toBe(false);
      if (!r.ok)
        expect(r.diagnostics[0]).toMatchObject({
          code: 'format',
          where: '(file)',
          message: expect.stringMatching(/^not an ONNX model this app can read: /),
        });
    }
  });
});

describe.skipIf(!hasTorch)(
  `MLPs exported by torch.onnx.export import with their weights${hasTorch ? '' : ` (skipped: ${torchMissing})`}`,
  () => {
    let dir = '';
    const fixtures: { name: string; file: string; rows: number[][]; torch: number[][] }[] = [];

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'backprop-torch-onnx-'));
      const program = `
import io, json, sys, torch
from torch import nn
torch.manual_seed(0)

class AffineMatMul(nn.Module):
    """x @ W + b written out (MatMul + Add), after a normalisation written out (Sub + Div)."""
    def __init__(self):
        super().__init__()
        self.W = nn.Parameter(torch.randn(3, 4))
        self.b = nn.Parameter(torch.randn(4))
        self.register_buffer("mean", torch.tensor([0.5, -1.0, 2.0]))
        self.register_buffer("std", torch.tensor([2.0, 0.5, 1.5]))
    def forward(self, x):
        return torch.sigmoid(((x - self.mean) / self.std) @ self.W + self.b)

models = {
    "relu-sigmoid": (nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 1), nn.Sigmoid()), 3, 13),
    "tanh-leaky-softmax": (nn.Sequential(nn.Flatten(), nn.Linear(4, 6), nn.Tanh(), nn.Linear(6, 5), nn.LeakyReLU(0.2),
                                          nn.Linear(5, 3, bias=False), nn.Softmax(dim=1)), 4, 13),
    "regression-opset17": (nn.Sequential(nn.Linear(2, 5), nn.Sigmoid(), nn.Dropout(0.5), nn.Linear(5, 2), nn.Identity()), 2, 17),
    "softmax-opset11": (nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 3), nn.Softmax(dim=-1)), 3, 11),
    "matmul-add": (AffineMatMul(), 3, 14),
}
out = {}
for name, (model, n_in, opset) in models.items():
    model.eval()
    x = torch.randn(7, n_in)
    f = io.BytesIO()
    torch.onnx.export(model, x, f, input_names=["features"], output_names=["prediction"],
                      dynamic_axes={"features": {0: "batch"}, "prediction": {0: "batch"}}, opset_version=opset)
    path = f"{sys.argv[1]}/{name}.onnx"
    open(path, "wb").write(f.getvalue())
    with torch.no_grad():
        out[name] = {"file": path, "rows": x.tolist(), "torch": model(x).tolist()}
print(json.dumps(out))
`;
      const result = JSON.parse(runPython(program, [dir]));
      for (const [name, f] of Object.entries(result) as [string, any][])
        fixtures.push({ name, file: f.file, rows: f.rows, torch: f.torch });
    }, 180_000);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('import, predict the same as torch (1e-5), and export back to ONNX that onnxruntime runs alike', async () => {
      expect(fixtures.map((f) => f.name)).toEqual([
        'relu-sigmoid',
        'tanh-leaky-softmax',
        'regression-opset17',
        'softmax-opset11',
        'matmul-add',
      ]);
      for (const f of fixtures) {
        const r = importOnnx(readFileSync(f.file), { name: f.name });
        expect(r.ok, `${f.name}: ${JSON.stringify(!r.ok && r.diagnostics)}`).toBe(true);
        if (!r.ok) continue;
        const model = loadModel(r.document);
        expect(model.columns.length, f.name).toBe(f.rows[0].length);
        expectAgree(
          model.predict(f.rows).outputs.flat(),
          f.torch.flat(),
          TOLERANCE,
          `${f.name}: imported graph vs torch`,
        );
        const again = await runOnnx(exported(r.document), { features: f.rows });
        expectAgree(again.prediction.data, f.torch.flat(), TOLERANCE, `${f.name}: re-exported ONNX vs torch`);
      }
    });

    it('gives an editable graph: an Input, linear layers with weights, activations, and a loss chosen by the output', () => {
      const get = (name: string) => {
        const r = importOnnx(readFileSync(fixtures.find((f) => f.name === name)!.file), { name });
        if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
        return r;
      };
      const { document: doc, warnings } = get('tanh-leaky-softmax');
      expect(doc.name).toBe('tanh-leaky-softmax');
      expect(doc.description).toMatch(/Imported from an ONNX model made by pytorch [\d.a-z]+ \(opset 13\)\./);
      expect(doc.nodes.map((n) => n.type)).toEqual([
        'input',
        'linear',
        'tanh',
        'linear',
        'leaky_relu',
        'linear',
        'softmax',
        'target',
        'nll',
      ]);
      expect(doc.nodes[0]).toMatchObject({ id: 'features', params: { size: 4 } });
      expect(doc.nodes[4].params).toEqual({ slope: Math.fround(0.2) });
      expect(doc.nodes[5].params).toEqual({ in: 5, out: 3, bias: false });
      expect(doc.nodes[6].id).toBe('prediction');
      expect(doc.nodes.every((n) => n.position)).toBe(true);
      expect(warnings.map((w) => w.message)).toEqual([
        "an ONNX model has no loss: added 'loss' (negative log-likelihood of a class index, as the output is a softmax) with Target 'target' for prediction 'prediction'; change it to suit your data",
      ]);
      expect(get('relu-sigmoid').document.nodes.at(-1)!.type).toBe('bce');
      expect(get('regression-opset17').document.nodes.at(-1)!.type).toBe('mse');
      const matmul = get('matmul-add');
      expect(matmul.document.nodes.map((n) => n.type)).toEqual(['input', 'linear', 'sigmoid', 'target', 'bce']);
      expect(matmul.warnings.map((w) => w.message)).toContainEqual(
        expect.stringMatching(/input normalisation of 'features' \(Sub\/Div\) is folded into the weights of 'linear1'/),
      );
    });
  },
);
