/**
 * ONNX import, the cases issue 10 found wrong: an input normalisation that no linear layer
 * reads (the model's output is `(x − mean)/std` itself, or returns it beside its prediction)
 * must predict what PyTorch predicts, for models exported by torch.onnx.export at opsets 11, 13
 * and 17 with a static and a dynamic batch; a refused graph input is reported once, not again
 * by every node reading it; sequence and optional inputs and the newer data types are named;
 * a [1 × n] graph input is never silently added row by row to a [batch × n] one.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportOnnx, importOnnx, loadModel, type Dataset, type GraphDocument } from '../../src/engine/index.js';
import { DataType, type OnnxValueInfo } from '../../src/engine/interop/onnx-proto.js';
import {
  enginePredictions,
  expectAgree,
  hasTorch,
  onnxBytes,
  predictionIds,
  runPython,
  table,
  torchMissing,
  weight,
} from './helpers.js';

const TOLERANCE = 1e-5;

/** Every prediction of an imported document on `rows` of its one input, by prediction id. */
function predictions(doc: GraphDocument, rows: number[][]): Record<string, number[][]> {
  const columns = [...loadModel(doc).columns];
  const dataset: Dataset = {
    name: 'rows',
    columns,
    rows: rows.length,
    values: Float64Array.from(rows.flat()),
    categories: {},
  };
  return enginePredictions(doc, dataset, predictionIds(doc));
}

describe('a refused graph input is reported once, with its own reason', () => {
  const readers = [
    { opType: 'Relu', inputs: ['x'], outputs: ['a'] },
    { opType: 'Tanh', inputs: ['x'], outputs: ['b'] },
    { opType: 'Add', inputs: ['a', 'b'], outputs: ['y'] },
  ];
  const messages = (input: OnnxValueInfo) => {
    const r = importOnnx(onnxBytes([input], readers, ['y']));
    expect(r.ok).toBe(false);
    return r.ok ? [] : r.diagnostics.map((d) => d.message);
  };

  it('a rank-3 input: one problem, none from the nodes reading it', () => {
    expect(
      messages({
        name: 'x',
        kind: 'tensor',
        elemType: DataType.FLOAT,
        shape: [{ param: 'batch' }, { value: 3 }, { value: 2 }],
      }),
    ).toEqual([
      "graph input 'x' has rank 3; blocks work on [batch × columns] tables (rank 2), so flatten the input before exporting",
    ]);
  });

  it('an integer input: one problem naming its type', () => {
    expect(messages({ ...table('x', { param: 'batch' }, 3), elemType: DataType.INT64 })).toEqual([
      "graph input 'x' holds int64 values; an Input block takes float (32-bit) or double features",
    ]);
  });

  it('a half-precision input is not called "not floating-point"', () => {
    for (const [type, name] of [
      [10, 'float16'],
      [16, 'bfloat16'],
    ] as const) {
      expect(messages({ ...table('x', { param: 'batch' }, 3), elemType: type })).toEqual([
        `graph input 'x' holds ${name} values; an Input block takes float (32-bit) or double features, so export the model in float32 (e.g. model.float() before torch.onnx.export)`,
      ]);
    }
  });

  it('a rank-1 input is told to have a column dimension, not to be flattened', () => {
    expect(messages({ name: 'x', kind: 'tensor', elemType: DataType.FLOAT, shape: [{ param: 'batch' }] })).toEqual([
      "graph input 'x' has rank 1; blocks work on [batch × columns] tables (rank 2), so give the input a batch and a column dimension ([batch × n]) before exporting",
    ]);
  });

  it('an input of unknown columns is reported once, not again by every block after it', () => {
    // Before: one "the number of columns of '…' is unknown" per block, 4 here.
    expect(
      messages({ name: 'x', kind: 'tensor', elemType: DataType.FLOAT, shape: [{ param: 'batch' }, { param: 'n' }] }),
    ).toEqual([
      "the number of columns of graph input 'x' is unknown (its second dimension is the symbol 'n') and no linear layer reading it tells: give the graph input a fixed second dimension",
    ]);
    // A scalar per-column constant on it cannot tell either.
    const scalar = importOnnx(
      onnxBytes(
        [{ name: 'x', kind: 'tensor', elemType: DataType.FLOAT, shape: [{ param: 'batch' }, { param: 'n' }] }],
        [{ opType: 'Mul', inputs: ['x', 'two'], outputs: ['y'] }],
        ['y'],
        [weight('two', [], [2])],
      ),
    );
    expect(!scalar.ok && scalar.diagnostics.map((d) => d.message)).toEqual([
      "Mul node 'n0': the number of columns of graph input 'x' is unknown and its constant has one value: give the graph input a fixed second dimension",
    ]);
    expect(messages({ name: 'x', kind: 'tensor', elemType: DataType.FLOAT })).toEqual([
      "the number of columns of graph input 'x' is unknown (it has no declared shape) and no linear layer reading it tells: give the graph input a fixed second dimension",
    ]);
  });

  it('newer ONNX data types are named, not numbered', () => {
    expect(messages({ ...table('x', { param: 'batch' }, 3), elemType: 23 })).toEqual([
      "graph input 'x' holds float4 (e2m1) values; an Input block takes float (32-bit) or double features, so export the model in float32 (e.g. model.float() before torch.onnx.export)",
    ]);
    expect(messages({ ...table('x', { param: 'batch' }, 3), elemType: 17 })[0]).toContain('float8 (e4m3fn)');
    expect(messages({ ...table('x', { param: 'batch' }, 3), elemType: 22 })[0]).toContain('int4');
    expect(messages({ ...table('x', { param: 'batch' }, 3), elemType: 99 })[0]).toContain(
      'data type 99 (newer than this app knows)',
    );
  });

  it('sequence, optional and map inputs say what they are (not "give the input a fixed second dimension")', () => {
    expect(messages({ name: 'x', kind: 'sequence' })).toEqual([
      "graph input 'x' is a sequence of tensors; an Input block takes one [batch × columns] table of numbers",
    ]);
    expect(messages({ name: 'x', kind: 'optional' })).toEqual([
      "graph input 'x' is an optional value; an Input block takes one [batch × columns] table of numbers",
    ]);
    expect(messages({ name: 'x', kind: 'map' })).toEqual([
      "graph input 'x' is a map; an Input block takes one [batch × columns] table of numbers",
    ]);
  });

  it('a tensor read before it is produced is still named', () => {
    const r = importOnnx(
      onnxBytes([table('x', { param: 'batch' }, 3)], [{ opType: 'Relu', inputs: ['later'], outputs: ['y'] }], ['y']),
    );
    expect(!r.ok && r.diagnostics.map((d) => d.message)).toEqual([
      "Relu node 'n0' reads 'later', which no earlier node, input or initializer produces (the nodes must be in topological order)",
    ]);
  });
});

describe('a weight that is not a finite float32 number is refused, naming it', () => {
  // Before: NaN and ±Infinity became null in the document ("expected number, received null (node 'y')"),
  // 1e39 (a double) was kept and computed as an infinite float32 weight.
  it.each([
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [-1e39, '-1e+39'],
  ])('%s', (value, said) => {
    const r = importOnnx(
      onnxBytes(
        [table('x', { param: 'batch' }, 2)],
        [{ opType: 'MatMul', inputs: ['x', 'W'], outputs: ['y'] }],
        ['y'],
        [{ ...weight('W', [2, 1], [1, value]), dataType: DataType.DOUBLE }],
      ),
    );
    expect(!r.ok && r.diagnostics.map((d) => d.message)).toEqual([
      `MatMul node 'n0': its second input 'W' holds ${said} (value 2 of 2); weights and constants must be finite numbers within float32's range (±3.4e38)`,
    ]);
  });
});

/** What onnxruntime computes for the model's first output on `rows` of its input 'x' (3 columns). */
async function onnxruntime(bytes: Uint8Array, rows: number[][]): Promise<number[]> {
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(bytes);
  const results = await session.run({ x: new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, 3]) });
  await session.release();
  return Array.from(results[session.outputNames[0]].data as Float32Array);
}

describe('Add, Sub, Mul and Div by a constant of one row ([1 × n], [n] or one value) compute what onnxruntime computes', () => {
  const rows = [
    [1, -2, 3],
    [0.5, 4, -1],
    [-3, 0, 2],
  ];
  const W = weight('W', [3, 3], [1, -1, 0.5, 2, 0, -0.25, 0.75, 1.5, -2]);
  // What the constant is applied to: the graph input, an activation, a linear layer nothing else reads.
  const sources = {
    input: { nodes: [], tensor: 'x' },
    relu: { nodes: [{ opType: 'Relu', inputs: ['x'], outputs: ['h'] }], tensor: 'h' },
    linear: { nodes: [{ opType: 'MatMul', inputs: ['x', 'W'], outputs: ['h'] }], tensor: 'h' },
  };
  const constants = {
    '[1, 3]': weight('c', [1, 3], [2, -0.5, 4]),
    '[3]': weight('c', [3], [0.25, 3, -1.5]),
    '[]': weight('c', [], [-2]),
  };
  const cases = ['Add', 'Sub', 'Mul', 'Div'].flatMap((op) =>
    Object.keys(sources).flatMap((source) =>
      Object.keys(constants).flatMap((shape) =>
        [true, false].map((constantSecond) => ({ op, source, shape, constantSecond })),
      ),
    ),
  );

  it.each(cases)('$op of $source and a $shape constant (constant second: $constantSecond)', async (c) => {
    const source = sources[c.source as keyof typeof sources];
    const operands = c.constantSecond ? [source.tensor, 'c'] : ['c', source.tensor];
    // A tanh after it, so the per-column block is no output and no linear layer reads it.
    const bytes = onnxBytes(
      [table('x', { param: 'batch' }, 3)],
      [
        ...source.nodes,
        { opType: c.op, inputs: operands, outputs: ['s'] },
        { opType: 'Tanh', inputs: ['s'], outputs: ['y'] },
      ],
      ['y'],
      [constants[c.shape as keyof typeof constants], W],
    );
    const r = importOnnx(bytes);
    if (c.op === 'Div' && !c.constantSecond) {
      expect(!r.ok && r.diagnostics.map((d) => d.message)).toEqual([
        `Div node 'n${source.nodes.length}': dividing a constant by a computed tensor ('${source.tensor}') has no block; only dividing by a constant is supported`,
      ]);
      return;
    }
    expect(r.ok, JSON.stringify(!r.ok && r.diagnostics)).toBe(true);
    if (!r.ok) return;
    expectAgree(
      loadModel(r.document).predict(rows).outputs.flat(),
      await onnxruntime(bytes, rows),
      TOLERANCE,
      `${c.op} on ${c.source}`,
    );
    // Nothing is added row by row: no add block, and a constant is never a second input.
    expect(r.document.nodes.map((n) => n.type)).not.toContain('add');
  });

  it('chains of them, on a layer read by nothing else, are that layer (layer(x) * std + mean)', async () => {
    const bytes = onnxBytes(
      [table('x', { param: 'batch' }, 3)],
      [
        { opType: 'Gemm', inputs: ['x', 'W', 'b'], outputs: ['h'], attributes: [] },
        { opType: 'Mul', inputs: ['h', 'std'], outputs: ['scaled'] },
        { opType: 'Add', inputs: ['scaled', 'mean'], outputs: ['y'] },
      ],
      ['y'],
      [W, weight('b', [3], [0.1, 0.2, 0.3]), weight('std', [1, 3], [3, 0.5, -2]), weight('mean', [3], [10, -1, 0])],
    );
    const r = importOnnx(bytes);
    expect(r.ok, JSON.stringify(!r.ok && r.diagnostics)).toBe(true);
    if (!r.ok) return;
    expect(r.document.nodes.map((n) => `${n.type} ${n.id}`)).toEqual([
      'input x',
      'linear y',
      'target target',
      'mse loss',
    ]);
    expect(r.warnings.map((w) => w.message)).toContain(
      "Mul node 'n1', Add node 'n2' (by a constant per column, on 'h') is folded into the weights of 'y' (W' = diag(scale)·W, b' = scale·b + shift): it computes the same",
    );
    expectAgree(loadModel(r.document).predict(rows).outputs.flat(), await onnxruntime(bytes, rows), TOLERANCE, 'y');
  });

  it('constants computed from constants broadcast as ONNX does ([3, 1] + [1, 3] is [3, 3]), Neg, Reciprocal and Sqrt included', async () => {
    const bytes = onnxBytes(
      [table('x', { param: 'batch' }, 3)],
      [
        { opType: 'Add', inputs: ['col', 'row'], outputs: ['m'] },
        { opType: 'Neg', inputs: ['m'], outputs: ['n'] },
        { opType: 'MatMul', inputs: ['x', 'n'], outputs: ['h'] },
        { opType: 'Sqrt', inputs: ['four'], outputs: ['two'] },
        { opType: 'Reciprocal', inputs: ['two'], outputs: ['half'] },
        { opType: 'Mul', inputs: ['h', 'half'], outputs: ['y'] },
      ],
      ['y'],
      [weight('col', [3, 1], [1, 2, 3]), weight('row', [1, 3], [10, 20, 30]), weight('four', [], [4])],
    );
    const r = importOnnx(bytes);
    expect(r.ok, JSON.stringify(!r.ok && r.diagnostics)).toBe(true);
    if (!r.ok) return;
    // Before: the sum kept the first shape, [3, 1], and the layer had 1 output instead of 3.
    expect(r.document.nodes.find((n) => n.type === 'linear')!.params).toMatchObject({ in: 3, out: 3 });
    expectAgree(loadModel(r.document).predict(rows).outputs.flat(), await onnxruntime(bytes, rows), TOLERANCE, 'y');
  });

  it('refuses constants that do not broadcast, or that would widen the tensor, naming the shapes', () => {
    const refused = (nodes: Parameters<typeof onnxBytes>[1], init: Parameters<typeof onnxBytes>[3]) => {
      const r = importOnnx(onnxBytes([table('x', { param: 'batch' }, 3)], nodes, ['y'], init));
      return !r.ok && r.diagnostics.map((d) => d.message);
    };
    expect(
      refused(
        [
          { opType: 'Add', inputs: ['a', 'b'], outputs: ['c'] },
          { opType: 'MatMul', inputs: ['x', 'c'], outputs: ['y'] },
        ],
        [weight('a', [3, 2], [1, 2, 3, 4, 5, 6]), weight('b', [3], [1, 2, 3])],
      ),
    ).toEqual(["Add node 'n0': its constants have shapes [3, 2] and [3], which do not broadcast"]);
    // One value per row of a static batch is not one per column.
    expect(
      refused([{ opType: 'Mul', inputs: ['x', 'c'], outputs: ['y'] }], [weight('c', [2, 3], [1, 2, 3, 4, 5, 6])]),
    ).toEqual([
      "Mul node 'n0': the constant 'c' has shape [2, 3]; with 'x' of 3 columns only one value or one per column ([], [1], [3], [1, 3]) is supported",
    ]);
    expect(
      refused(
        [
          { opType: 'MatMul', inputs: ['x', 'W'], outputs: ['h'] },
          { opType: 'Add', inputs: ['h', 'c'], outputs: ['y'] },
        ],
        [weight('W', [3, 1], [1, 2, 3]), weight('c', [1, 3], [1, 2, 3])],
      ),
    ).toEqual([
      "Add node 'n1': the constant 'c' has shape [1, 3]; with 'h' of 1 column only one value or one per column ([], [1], [1, 1]) is supported",
    ]);
    expect(refused([{ opType: 'Div', inputs: ['x', 'c'], outputs: ['y'] }], [weight('c', [3], [1, 0, 2])])).toEqual([
      "Div node 'n0': it divides by zero (value 2 of the constant 'c')",
    ]);
  });
});

describe('an operand of one row is not broadcast over the batch', () => {
  it.each(['Sub', 'Mul', 'Div'])('refuses %s of a [1 × n] graph input and a [batch × n] one, naming both', (op) => {
    const verbs: Record<string, [string, string]> = {
      Sub: ['subtracting', 'subtracting a constant'],
      Mul: ['multiplying', 'multiplying by a constant'],
      Div: ['dividing', 'dividing by a constant'],
    };
    const [verb, supported] = verbs[op];
    for (const [a, b] of [
      ['x', 'offset'],
      ['offset', 'x'],
    ]) {
      const r = importOnnx(
        onnxBytes(
          [table('x', { param: 'batch' }, 3), table('offset', { value: 1 }, 3)],
          [{ opType: op, inputs: [a, b], outputs: ['y'] }],
          ['y'],
        ),
      );
      expect(!r.ok && r.diagnostics.map((d) => d.message)).toEqual([
        `${op} node 'n0': ${verb} two computed tensors ('${a}' and '${b}') has no block; only ${supported} (one value, or one per column) is supported — and 'offset' has one row (declared [1 × n]), which ONNX would repeat over the batch (broadcasting)`,
      ]);
    }
  });

  it('refuses adding a [1 × n] graph input to a [batch × n] one, naming both', () => {
    const r = importOnnx(
      onnxBytes(
        [table('x', { param: 'batch' }, 3), table('offset', { value: 1 }, 3)],
        [{ opType: 'Add', inputs: ['x', 'offset'], outputs: ['y'] }],
        ['y'],
      ),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "Add node 'n0': it combines 'offset', which has one row (declared [1 × n]), with the rows of 'x'; ONNX would repeat that row over the batch (broadcasting), which no block does — declare the batch dimension of every input the same (e.g. dynamic)",
    ]);
  });

  it('refuses it through layers too (a [1 × n] input after a linear layer)', () => {
    const r = importOnnx(
      onnxBytes(
        [table('x', { value: 7 }, 2), table('z', { value: 1 }, 2)],
        [
          { opType: 'Gemm', inputs: ['z', 'W'], outputs: ['h'] },
          { opType: 'Concat', inputs: ['x', 'h'], outputs: ['y'] },
        ],
        ['y'],
        [weight('W', [2, 2], [1, 2, 3, 4])],
      ),
    );
    expect(!r.ok && r.diagnostics[0].message).toMatch(/^Concat node 'n1': it combines 'h', which has one row/);
  });

  it('imports inputs that all have one row (a model exported with a static batch of 1) as tables', () => {
    const r = importOnnx(
      onnxBytes(
        [table('x', { value: 1 }, 3), table('z', { value: 1 }, 3)],
        [{ opType: 'Add', inputs: ['x', 'z'], outputs: ['y'] }],
        ['y'],
      ),
    );
    expect(r.ok, JSON.stringify(!r.ok && r.diagnostics)).toBe(true);
    if (!r.ok) return;
    const model = loadModel(r.document);
    expect(model.predict([[1, 2, 3, 10, 20, 30]]).outputs).toEqual([[11, 22, 33]]);
  });
});

describe.skipIf(!hasTorch)(
  `input normalisations from torch.onnx.export predict what torch predicts${hasTorch ? '' : ` (skipped: ${torchMissing})`}`,
  () => {
    let dir = '';
    interface Fixture {
      name: string;
      file: string;
      rows: number[][];
      outputs: string[];
      torch: number[][][];
    }
    const fixtures: Fixture[] = [];

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'backprop-onnx-normalisation-'));
      const program = `
import io, json, sys, torch
from torch import nn
torch.manual_seed(0)

class Normalised(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("mean", torch.tensor([0.5, -1.0, 2.0]))
        self.register_buffer("std", torch.tensor([2.0, 0.5, 1.5]))
        self.layer = nn.Linear(3, 2)
        self.other = nn.Linear(3, 2)

    def normalise(self, x):
        return (x - self.mean) / self.std

class OnlyNormalisation(Normalised):
    """The model's output is the normalised input itself."""
    def forward(self, x):
        return self.normalise(x)

class NormalisationAsSecondOutput(Normalised):
    """A prediction, and the normalised input beside it."""
    def forward(self, x):
        z = self.normalise(x)
        return torch.sigmoid(self.layer(z)), z

class NormalisationIntoTanh(Normalised):
    """An activation reads the normalised input (no linear layer to fold it into)."""
    def forward(self, x):
        return self.layer(torch.tanh(self.normalise(x)))

class RawAndNormalised(Normalised):
    """One layer reads the normalised input, another the raw one."""
    def forward(self, x):
        return self.layer(self.normalise(x)) + self.other(x)

class OnlyCentred(Normalised):
    """x − mean as an output, no division."""
    def forward(self, x):
        return x - self.mean

class Denormalised(Normalised):
    """A regression output brought back to the target's units: layer(x) * std + mean (a [1, 2] row and a [2] vector)."""
    def __init__(self):
        super().__init__()
        self.register_buffer("y_std", torch.tensor([[3.0, 0.25]]))
        self.register_buffer("y_mean", torch.tensor([10.0, -2.0]))
    def forward(self, x):
        return self.layer(x) * self.y_std + self.y_mean

class TimesInverseStd(Normalised):
    """The normalisation written with a multiplication, read by a layer and a tanh."""
    def forward(self, x):
        z = (x - self.mean) * (1 / self.std)
        return self.layer(z) + self.other(torch.tanh(z))

class ShiftedActivation(Normalised):
    """Per-column constants after an activation, and a constant minus a tensor."""
    def __init__(self):
        super().__init__()
        self.register_buffer("offset", torch.tensor([[0.5, -0.25]]))
    def forward(self, x):
        h = torch.relu(self.layer(x)) / 4 + self.offset
        return 1 - torch.sigmoid(h) * 2

class NegatedScaledLayer(Normalised):
    """A layer read twice: scaled by a negative constant per column and as it is."""
    def forward(self, x):
        h = self.layer(x)
        return torch.cat([h * torch.tensor([-2.0, 0.5]), torch.tanh(h)], dim=1)

models = {
    "only-normalisation": (OnlyNormalisation(), ["normalized"]),
    "normalisation-as-second-output": (NormalisationAsSecondOutput(), ["prediction", "normalized"]),
    "normalisation-into-tanh": (NormalisationIntoTanh(), ["prediction"]),
    "raw-and-normalised": (RawAndNormalised(), ["prediction"]),
    "only-centred": (OnlyCentred(), ["centred"]),
    "denormalised": (Denormalised(), ["prediction"]),
    "times-inverse-std": (TimesInverseStd(), ["prediction"]),
    "shifted-activation": (ShiftedActivation(), ["prediction"]),
    "negated-scaled-layer": (NegatedScaledLayer(), ["prediction"]),
}
out = []
for name, (model, output_names) in models.items():
    model.eval()
    for opset in (11, 13, 17):
        for batch in ("static", "dynamic"):
            x = torch.randn(6, 3) * 3
            f = io.BytesIO()
            axes = {n: {0: "batch"} for n in ["features", *output_names]} if batch == "dynamic" else None
            torch.onnx.export(model, x, f, input_names=["features"], output_names=output_names,
                              dynamic_axes=axes, opset_version=opset)
            path = f"{sys.argv[1]}/{name}-{opset}-{batch}.onnx"
            open(path, "wb").write(f.getvalue())
            with torch.no_grad():
                y = model(x)
            y = y if isinstance(y, tuple) else (y,)
            out.append({"name": f"{name}, opset {opset}, {batch} batch", "file": path, "rows": x.tolist(),
                        "outputs": output_names, "torch": [t.tolist() for t in y]})
print(json.dumps(out))
`;
      fixtures.push(...(JSON.parse(runPython(program, [dir])) as Fixture[]));
    }, 180_000);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('made every model at every opset, static and dynamic', () => {
      expect(fixtures).toHaveLength(9 * 3 * 2);
    });

    it('imports each and predicts every output as torch does (1e-5), and again after re-export', async () => {
      const ort = await import('onnxruntime-node');
      for (const f of fixtures) {
        const r = importOnnx(readFileSync(f.file), { name: f.name });
        expect(r.ok, `${f.name}: ${JSON.stringify(!r.ok && r.diagnostics)}`).toBe(true);
        if (!r.ok) continue;
        // One prediction per graph output, named like it, in order.
        expect(predictionIds(r.document), f.name).toEqual(f.outputs);
        const predicted = predictions(r.document, f.rows);
        f.outputs.forEach((name, k) =>
          expectAgree(predicted[name].flat(), f.torch[k].flat(), TOLERANCE, `${f.name}: output ${name}`),
        );
        expect(
          r.warnings.map((w) => w.message).filter((m) => /folded into the weights of :/.test(m)),
          `${f.name}: folded into nothing`,
        ).toEqual([]);
        // The graph's own ONNX export runs in onnxruntime alike.
        const exported = exportOnnx(r.document);
        if (!exported.ok) throw new Error(JSON.stringify(exported.diagnostics));
        const session = await ort.InferenceSession.create(exported.bytes);
        const results = await session.run({
          features: new ort.Tensor('float32', Float32Array.from(f.rows.flat()), [f.rows.length, 3]),
        });
        await session.release();
        f.outputs.forEach((name, k) =>
          expectAgree(
            results[name].data as Float32Array,
            f.torch[k].flat(),
            TOLERANCE,
            `${f.name}: re-exported ${name}`,
          ),
        );
      }
    });

    it('says how it represented each normalisation', () => {
      const warnings = (name: string) => {
        const r = importOnnx(readFileSync(fixtures.find((f) => f.name === `${name}, opset 17, dynamic batch`)!.file));
        if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
        return { document: r.document, messages: r.warnings.map((w) => w.message) };
      };
      const only = warnings('only-normalisation');
      expect(only.messages).toContain(
        "the input normalisation of 'features' (Sub/Div) is an output of the model: it is the linear layer 'normalized' (W = diag(1/std), b = −mean/std), which computes it exactly; it is frozen with its weights set by hand, since in the model they are constants (untick Frozen in the inspector to train it)",
      );
      expect(only.document.nodes.map((n) => n.type)).toEqual(['input', 'linear', 'target', 'mse']);
      // A constant of the model: training leaves it as it is, and Reset keeps it.
      expect(only.document.nodes[1]).toMatchObject({ trainable: false, params: { init: 'manual' } });
      expect(warnings('normalisation-as-second-output').messages).toContainEqual(
        expect.stringContaining("(Sub/Div) is an output of the model: it is the linear layer 'normalized'"),
      );
      expect(warnings('normalisation-into-tanh').messages).toContainEqual(
        expect.stringMatching(/\(Sub\/Div\) feeds tanh '.+': it is the linear layer/),
      );
      // Read by linear layers only (and the raw input by another): folded, no extra layer.
      const raw = warnings('raw-and-normalised');
      expect(raw.messages).toContainEqual(
        expect.stringMatching(/^the input normalisation of 'features' \(Sub\/Div\) is folded into the weights of '.+'/),
      );
      expect(raw.document.nodes.filter((n) => n.type === 'linear')).toHaveLength(2);
    });

    it('folds per-column constants into a layer when one is there to take them, else adds a frozen one', () => {
      const imported = (name: string) => {
        const r = importOnnx(readFileSync(fixtures.find((f) => f.name === `${name}, opset 17, static batch`)!.file));
        if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
        const linears = r.document.nodes.filter((n) => n.type === 'linear');
        return {
          messages: r.warnings.map((w) => w.message),
          linears,
          frozen: linears.filter((n) => n.trainable === false),
        };
      };
      // layer(x) * std + mean: the layer's own weights and bias, no block more.
      const denormalised = imported('denormalised');
      expect(denormalised.linears).toHaveLength(1);
      expect(denormalised.frozen).toHaveLength(0);
      expect(denormalised.messages).toContainEqual(
        expect.stringMatching(
          /^Mul node '.+' \(by a constant per column, on '.+'\) is folded into the weights of 'prediction' \(W' = diag\(scale\)·W, b' = scale·b \+ shift\)/,
        ),
      );
      // (x − mean) · (1/std) read by a layer and a tanh: one frozen layer computes it.
      const inverse = imported('times-inverse-std');
      expect(inverse.linears).toHaveLength(3);
      expect(inverse.frozen).toHaveLength(1);
      expect(inverse.frozen[0].params).toMatchObject({ in: 3, out: 3, init: 'manual' });
      expect(inverse.messages).toContainEqual(
        expect.stringMatching(/^Sub node '.+', Mul node '.+' \(by a constant per column, on 'features'\) feeds linear/),
      );
      // After an activation nothing can take them: frozen layers, each naming the nodes it stands for.
      const shifted = imported('shifted-activation');
      expect(shifted.frozen).toHaveLength(2);
      expect(shifted.messages).toContainEqual(expect.stringMatching(/^Div node '.+', Add node '.+' \(by a constant/));
      expect(shifted.messages).toContainEqual(expect.stringMatching(/^Mul node '.+', Sub node '.+' \(by a constant/));
      // A layer someone else reads too keeps its weights; the scaling is a frozen layer of its own.
      expect(imported('negated-scaled-layer').frozen).toHaveLength(1);
    });
  },
);
