/**
 * Compact, exact weight storage: the shortest decimal that reads back as the same float32, and
 * base64 float32 — checked against Node's own base64 and against an exhaustive digit search.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DECIMAL_WEIGHTS_UP_TO,
  decodeFloat32Base64,
  encodeFloat32Base64,
  float32Text,
  parseDocument,
  serializeDocument,
  type GraphDocument,
} from '../../src/engine/index.js';
import { linearWeights, makeDocument, edge, seededRandom } from './helpers.js';

const float32 = fc.float({ noNaN: true, noDefaultInfinity: true }).filter((v) => Number.isFinite(v));

/** Node's base64 of little-endian float32 bytes: an independent encoder. */
function nodeBase64(values: readonly number[]): string {
  const buffer = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => buffer.writeFloatLE(v, i * 4));
  return buffer.toString('base64');
}

describe('float32Text', () => {
  it('reads back as the same float32, and no shorter decimal does', () => {
    fc.assert(
      fc.property(float32, (v) => {
        const text = float32Text(v);
        expect(Math.fround(Number(text))).toBe(v);
        if (Number.isInteger(v)) return;
        const digits = text.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').length;
        if (digits > 1) expect(Math.fround(Number(v.toPrecision(digits - 1)))).not.toBe(v);
      }),
      { seed: 11, numRuns: 5000 },
    );
  });

  it('writes float32 values with the digits a person typed, and other values exactly', () => {
    expect(float32Text(Math.fround(0.1))).toBe('0.1');
    expect(float32Text(Math.fround(-13.406))).toBe('-13.406');
    expect(float32Text(Math.fround(1e-30))).toBe('1e-30');
    expect(float32Text(0.1)).toBe('0.1');
    expect(float32Text(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(float32Text(3)).toBe('3');
  });
});

describe('base64 float32', () => {
  it('matches Node’s encoder and decodes back exactly, for every length', () => {
    fc.assert(
      fc.property(fc.array(float32, { maxLength: 40 }), (values) => {
        const text = encodeFloat32Base64(values);
        expect(text).toBe(nodeBase64(values));
        const decoded = decodeFloat32Base64(text);
        expect(decoded.ok && Array.from(decoded.values)).toEqual(values.map((v) => (Object.is(v, -0) ? -0 : v)));
      }),
      { seed: 5, numRuns: 500 },
    );
    const long = Array.from({ length: 30_001 }, (_, i) => Math.fround(Math.sin(i)));
    expect(encodeFloat32Base64(long)).toBe(nodeBase64(long));
  });

  it('says what is wrong with text that is not float32 base64', () => {
    expect(decodeFloat32Base64('AAA')).toEqual({
      ok: false,
      message: 'base64 text must have a multiple of 4 characters, got 3',
    });
    expect(decodeFloat32Base64('AAAAAA==')).toEqual({ ok: true, values: new Float32Array([0]) });
    expect(decodeFloat32Base64('AAAA')).toEqual({
      ok: false,
      message: 'holds 3 bytes, which is not a whole number of float32 values',
    });
    expect(decodeFloat32Base64('AA*AAA==')).toEqual({ ok: false, message: 'character 3 ("*") is not base64' });
  });
});

/** Index of the first value that differs once both are rounded to float32, or -1 (cheap to report on big tensors). */
function float32Mismatch(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (Math.fround(a[i]) !== Math.fround(b[i])) return i;
  return -1;
}

function regression(hidden: number, inputs = 2): GraphDocument {
  const rand = seededRandom(9);
  const doc = makeDocument(
    [
      { id: 'x', type: 'input', params: { size: inputs } },
      { id: 'h', type: 'linear', params: { in: inputs, out: hidden } },
      { id: 'o', type: 'linear', params: { in: hidden, out: 1 } },
      { id: 't', type: 'target' },
      { id: 'L', type: 'mse' },
    ],
    [edge('x', 'h'), edge('h', 'o'), edge('o', 'L', 'pred'), edge('t', 'L', 'target')],
  );
  const round = (w: ReturnType<typeof linearWeights>) => {
    for (const t of Object.values(w)) t.data = t.data.map(Math.fround);
    return w;
  };
  doc.nodes[1].weights = round(linearWeights(rand, inputs, hidden));
  doc.nodes[2].weights = round(linearWeights(rand, hidden, 1));
  return doc;
}

describe('serializeDocument: weights', () => {
  it('writes a course-size model as short decimals, each tensor on one line', () => {
    const doc = regression(4);
    const text = serializeDocument(doc);
    expect(text).not.toContain('float32-base64');
    const line = text.split('\n').find((l) => l.includes('"W"'))!;
    expect(line).toMatch(/^ {8}"W": \{ "shape": \[4, 2\], "data": \[-?0\.\d{1,9}(, -?0\.\d{1,9}){7}\] \},?$/);
    // Read back as the same float32 values (which is what training made and uses).
    const loaded = parseDocument(text);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    for (const k of [1, 2])
      for (const name of ['W', 'b'])
        expect(float32Mismatch(loaded.document.nodes[k].weights![name].data, doc.nodes[k].weights![name].data)).toBe(
          -1,
        );
  });

  it('writes a digits-size model (784-128-64-10) as base64 float32, exactly and compactly', () => {
    const rand = seededRandom(2);
    const sizes = [784, 128, 64, 10];
    const nodes: GraphDocument['nodes'] = [{ id: 'x', type: 'input', params: { size: 784 } }];
    const edges = [];
    for (let k = 1; k < sizes.length; k++) {
      const w = linearWeights(rand, sizes[k - 1], sizes[k], 0.1);
      for (const t of Object.values(w)) t.data = t.data.map(Math.fround);
      nodes.push({ id: `l${k}`, type: 'linear', params: { in: sizes[k - 1], out: sizes[k] }, weights: w });
      edges.push(edge(nodes[k - 1].id, `l${k}`));
    }
    nodes.push({ id: 't', type: 'target' }, { id: 'L', type: 'cross_entropy' });
    edges.push(edge('l3', 'L', 'pred'), edge('t', 'L', 'target'));
    const doc = makeDocument(nodes, edges);
    const text = serializeDocument(doc);
    expect(text).toContain('"encoding": "float32-base64"');
    // 109,386 values: 5⅓ bytes each, plus the rest.
    expect(text.length).toBeLessThan(600_000);
    const loaded = parseDocument(text);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    // Base64 gives back the very same numbers; decimals (on request) the same float32 values.
    const decimal = serializeDocument(doc, { weights: 'decimal' });
    expect(decimal).not.toContain('float32-base64');
    const again = parseDocument(decimal);
    expect(again.ok).toBe(true);
    if (!again.ok) return;
    for (let k = 1; k < 4; k++) {
      for (const name of ['W', 'b']) {
        const original = doc.nodes[k].weights![name].data;
        const exact = loaded.document.nodes[k].weights![name].data;
        expect(exact.length === original.length && exact.every((v, i) => v === original[i])).toBe(true);
        expect(float32Mismatch(again.document.nodes[k].weights![name].data, original)).toBe(-1);
      }
    }
    expect(DECIMAL_WEIGHTS_UP_TO).toBeLessThan(109_386);
  });

  it('keeps values that are not float32 as decimals at full precision, even in base64 mode', () => {
    const doc = regression(2);
    doc.nodes[1].weights!.W.data[0] = 0.1 + 0.2;
    const text = serializeDocument(doc, { weights: 'base64' });
    const loaded = parseDocument(text);
    expect(loaded.ok && loaded.document.nodes[1].weights!.W.data[0]).toBe(0.1 + 0.2);
    expect(text.match(/float32-base64/g)).toHaveLength(3);
  });

  it('refuses bad base64 weights with a message naming the tensor', () => {
    const doc = JSON.parse(serializeDocument(regression(2), { weights: 'base64' }));
    doc.nodes[1].weights.W.data = 'AAAA';
    doc.nodes[2].weights.W.data = nodeBase64([1, Number.NaN]);
    const loaded = parseDocument(JSON.stringify(doc));
    expect(!loaded.ok && loaded.diagnostics.map((d) => [d.code, d.where, d.message])).toEqual([
      [
        'schema',
        'nodes[1].weights.W.data',
        "is not float32 base64: holds 3 bytes, which is not a whole number of float32 values (node 'h')",
      ],
      ['non-finite', 'nodes[2].weights.W.data', "must be finite numbers, but value 1 is NaN (node 'o')"],
    ]);
  });
});
