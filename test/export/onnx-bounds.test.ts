/**
 * ONNX import within the limits of src/engine/limits.ts (issue 11): a file that would make the
 * importer allocate more than any accepted graph holds is refused before it allocates, with a
 * message naming the limit and the tensor, node or input that passes it, and importOnnx never
 * throws. Before: a 137-byte file with a weight of shape [1e9, 0] and a scalar bias broadcast
 * into a 1e9-element array (9.5 GB after 60 s), and a scalar Sub on an input declared
 * [batch × 3e8] threw a RangeError.
 *
 * Each file is imported in a child process of its own, whose peak memory (getrusage's maxRSS)
 * is compared before and after the import: a bomb refused before allocating leaves it where it
 * was; the spawn's timeout catches one that would run for ever.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_BYTES } from '../../src/engine/limits.js';
import { AttributeType, DataType, type OnnxValueInfo } from '../../src/engine/interop/onnx-proto.js';
import { ProtoWriter } from '../../src/engine/interop/protobuf.js';
import { onnxBytes, root, table, weight } from './helpers.js';

/** Peak memory an import may add: far above what a refusal takes, far below any of the bombs. */
const GROWTH_MB = 150;

const dir = mkdtempSync(join(tmpdir(), 'onnx-bounds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface ChildImport {
  ok: boolean;
  codes: string[];
  messages: string[];
  threw?: string;
  growthMB: number;
}

const childProgram = `
import { readFileSync } from 'node:fs';
const { importOnnx } = await import(process.argv[1]);
const bytes = readFileSync(process.argv[2]);
importOnnx(new Uint8Array(0));
const peak = () => process.resourceUsage().maxRSS / 1024;
const before = peak();
let result;
try {
  const r = importOnnx(bytes);
  const diagnostics = r.ok ? [] : r.diagnostics;
  result = { ok: r.ok, codes: diagnostics.map((d) => d.code), messages: diagnostics.map((d) => d.message) };
} catch (e) {
  result = { ok: false, codes: [], messages: [], threw: String(e) };
}
process.stdout.write(JSON.stringify({ ...result, growthMB: peak() - before }));
`;

/** Imports `bytes` in a fresh Node process (the built engine, dist/); its result and peak memory growth. */
function importInChild(name: string, bytes: Uint8Array): ChildImport {
  const file = join(dir, `${name}.onnx`);
  writeFileSync(file, bytes);
  const r = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', childProgram, join(root, 'dist/engine/index.js'), file],
    { encoding: 'utf8', timeout: 120_000 },
  );
  expect(r.error, `the import of ${name} did not finish`).toBeUndefined();
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as ChildImport;
}

/** Refused with one 'limit' problem (or another code) matching `message`, without throwing or allocating. */
function expectRefused(name: string, bytes: Uint8Array, message: RegExp | string, code = 'limit'): void {
  const r = importInChild(name, bytes);
  expect(r.threw).toBeUndefined();
  expect(r.ok).toBe(false);
  expect(r.messages).toHaveLength(1);
  if (typeof message === 'string') expect(r.messages[0]).toBe(message);
  else expect(r.messages[0]).toMatch(message);
  expect(r.codes[0]).toBe(code);
  expect(r.growthMB, `${name}: peak memory grew by ${r.growthMB.toFixed(0)} MB`).toBeLessThan(GROWTH_MB);
}

const batch = { param: 'batch' } as const;
const unknownColumns: OnnxValueInfo = { name: 'x', kind: 'tensor', elemType: DataType.FLOAT, shape: [batch, {}] };
const transB = [{ name: 'transB', type: AttributeType.INT, i: 1 }];

/** A model message whose graph holds `bytes` as it is (for fields the encoder would never write). */
function rawModel(graph: (w: ProtoWriter) => void): Uint8Array {
  return new ProtoWriter().int(1, 8).message(7, graph).finish();
}

describe('memory bombs are refused before the importer allocates', () => {
  it('a weight of shape [1e9, 0] with a scalar bias (Gemm, either orientation; MatMul + Add)', () => {
    const wide = weight('W', [1e9, 0], []);
    const bias = weight('b', [], [1]);
    const gemm = onnxBytes(
      [unknownColumns],
      [{ opType: 'Gemm', inputs: ['x', 'W', 'b'], outputs: ['y'], attributes: transB }],
      ['y'],
      [wide, bias],
    );
    expect(gemm.length).toBeLessThan(160);
    expectRefused(
      'gemm-transposed',
      gemm,
      "Gemm node 'n0': its weight B 'W' has shape [1000000000, 0]: a linear layer of 0 inputs and 1,000,000,000 outputs; a linear layer has at least one of each",
      'params',
    );
    expectRefused(
      'gemm',
      onnxBytes([unknownColumns], [{ opType: 'Gemm', inputs: ['x', 'W', 'b'], outputs: ['y'] }], ['y'], [wide, bias]),
      /^Gemm node 'n0': its weight B 'W' has shape \[1000000000, 0\]: a linear layer of 1,000,000,000 inputs and 0 outputs/,
      'params',
    );
    expectRefused(
      'matmul-add',
      onnxBytes(
        [unknownColumns],
        [
          { opType: 'MatMul', inputs: ['x', 'W'], outputs: ['h'] },
          { opType: 'Add', inputs: ['h', 'b'], outputs: ['y'] },
        ],
        ['y'],
        [weight('W', [0, 1e9], []), bias],
      ),
      /^MatMul node 'n0': its weight 'W' has shape \[0, 1000000000\]/,
      'params',
    );
  });

  it('a scalar Sub on an input declared [batch × 3e8]', () => {
    expectRefused(
      'sub-wide-input',
      onnxBytes(
        [table('x', batch, 3e8)],
        [{ opType: 'Sub', inputs: ['x', 'm'], outputs: ['y'] }],
        ['y'],
        [weight('m', [], [1])],
      ),
      "graph input 'x' is declared with 300,000,000 columns; an Input block gives at most 65,536",
    );
  });

  it('a scalar normalisation of 60,000 columns that a ReLU reads (it would be a 60,000 × 60,000 layer)', () => {
    expectRefused(
      'normalisation-layer',
      onnxBytes(
        [table('x', batch, 60_000)],
        [
          { opType: 'Sub', inputs: ['x', 'm'], outputs: ['h'] },
          { opType: 'Relu', inputs: ['h'], outputs: ['y'] },
        ],
        ['y'],
        [weight('m', [], [1])],
      ),
      "the input normalisation of 'x' (Sub/Div) feeds relu 'y', so it would be a linear layer of 60,000 × 60,000 columns; with it the weight matrices of the model's layers hold 3,600,000,000 values, and a graph holds at most 4,000,000 trainable values",
    );
  });

  it('normalisations whose statistics pass the columns all blocks may have', () => {
    const inputs = Array.from({ length: 17 }, (_, i) => table(`x${i}`, batch, 65_536));
    expectRefused(
      'normalisation-statistics',
      onnxBytes(
        inputs,
        inputs.map((x, i) => ({ opType: 'Sub', inputs: [x.name, 'm'], outputs: [`y${i}`] })),
        inputs.map((_, i) => `y${i}`),
        [weight('m', [], [1])],
      ),
      "Sub node 'n16': the input normalisations and per-column constants of the model would hold 1,114,112 columns of values; the blocks of a graph give at most 1,048,576 columns in all",
    );
  });

  it('a tensor declared [100000, 100000] without its values', () => {
    expectRefused(
      'declared-tensor',
      onnxBytes(
        [table('x', batch, 100_000)],
        [{ opType: 'MatMul', inputs: ['x', 'W'], outputs: ['y'] }],
        ['y'],
        [weight('W', [100_000, 100_000], [])],
      ),
      "the model is too large to import: tensor 'W' has shape [100000, 100000], more than 4,000,000 values; a graph holds at most 4,000,000 trainable values",
    );
  });

  it('one 1000 × 1000 weight read by five layers (each its own copy) passes the trainable values of a graph', () => {
    const layers = [0, 1, 2, 3, 4];
    expectRefused(
      'shared-weight',
      onnxBytes(
        [table('x', batch, 1000)],
        layers.map((i) => ({ opType: 'MatMul', inputs: ['x', 'W'], outputs: [`y${i}`] })),
        layers.map((i) => `y${i}`),
        [weight('W', [1000, 1000], new Float64Array(1e6))],
      ),
      "MatMul node 'n4': its weight 'W' has shape [1000, 1000]: a linear layer of 1,000 inputs and 1,000 outputs; with it the weight matrices of the model's layers hold 5,000,000 values; a graph holds at most 4,000,000 trainable values",
    );
  });

  it('constants folded from one weight again and again (Add of constants)', () => {
    const adds = [0, 1, 2, 3, 4].map((i) => ({
      opType: 'Add',
      inputs: [i === 0 ? 'c' : `c${i - 1}`, 'c'],
      outputs: [`c${i}`],
    }));
    expectRefused(
      'folded-constants',
      onnxBytes(
        [table('x', batch, 1)],
        [...adds, { opType: 'Relu', inputs: ['x'], outputs: ['y'] }],
        ['y'],
        [weight('c', [1000, 1000], new Float64Array(1e6))],
      ),
      "Add node 'n4': the constants computed from the model's weights (Transpose, Add/Sub/Mul/Div of constants) would hold more than 4,000,000 values, as many as a graph's trainable values may be",
    );
  });

  it('more protobuf fields than a graph of the most blocks needs (counted before they are read)', () => {
    expectRefused(
      'fields',
      rawModel((graph) => {
        for (let i = 0; i < 2_100_000; i++) graph.string(2, '');
      }),
      'the model is too large to import: the model has more than 2,000,000 protobuf fields, more than a graph of 20,000 blocks (the most a graph may have) needs',
    );
  });

  it('more stored numbers than a graph holds (byte-sized integers, eight values per 8 bytes)', () => {
    const int8Tensor = (w: ProtoWriter, name: string) =>
      w.packedInts(1, [3_000_000]).int(2, DataType.INT8).string(8, name).bytes(9, new Uint8Array(3_000_000));
    expectRefused(
      'values',
      rawModel((graph) => {
        for (const name of ['a', 'b', 'c']) graph.message(5, (t) => int8Tensor(t, name));
      }),
      'the model is too large to import: the model stores more than 8,000,000 numbers (weights, constants and lists); a graph holds at most 4,000,000 trainable values',
    );
  });

  it('a file larger than a document may be', () => {
    expectRefused(
      'large-file',
      new Uint8Array(MAX_DOCUMENT_BYTES + 1),
      'the model is 67,108,865 bytes; models over 67,108,864 bytes (64 MB, the size of the largest document) are not imported',
    );
  });
});
