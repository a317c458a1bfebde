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

describe('an operand of one row is not broadcast over the batch', () => {
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

models = {
    "only-normalisation": (OnlyNormalisation(), ["normalized"]),
    "normalisation-as-second-output": (NormalisationAsSecondOutput(), ["prediction", "normalized"]),
    "normalisation-into-tanh": (NormalisationIntoTanh(), ["prediction"]),
    "raw-and-normalised": (RawAndNormalised(), ["prediction"]),
    "only-centred": (OnlyCentred(), ["centred"]),
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
      expect(fixtures).toHaveLength(5 * 3 * 2);
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
        "the input normalisation of 'features' (Sub/Div) is an output of the model: it is the linear layer 'normalized' (W = diag(1/std), b = −mean/std), which computes it exactly — training will change it like any other layer",
      );
      expect(only.document.nodes.map((n) => n.type)).toEqual(['input', 'linear', 'target', 'mse']);
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
  },
);
