/**
 * The matrix kernels against a float64 triple loop, in both implementations (plain JavaScript and
 * WebAssembly SIMD) and every shape class the blocked loops treat apart (edges of the 2×4, 4×2 and
 * 4×8 register blocks, the KC passes over k, empty dimensions), with and without accumulation;
 * and tanh / sigmoid for float32, which must round to exactly what Math gives.
 */
import { describe, expect, it } from 'vitest';
import {
  kernelBackend,
  matmulAB,
  matmulABt,
  matmulAtB,
  sigmoidMap,
  tanhMap,
  useKernels,
  type KernelChoice,
} from '../../src/engine/index.js';
import { fastExp, fastSigmoid, fastTanh } from '../../src/engine/fastmath.js';
import { seededRandom } from './helpers.js';

// Each test file has its own module instances, so switching kernels here affects no other file.

type Product = 'ABt' | 'AtB' | 'AB';

/** C = op(A, B) in float64 from the float32 inputs, plus C0 when accumulating. */
function reference(
  kind: Product,
  a: Float32Array,
  b: Float32Array,
  c0: Float32Array,
  m: number,
  k: number,
  n: number,
  accumulate: boolean,
): Float64Array {
  const rows = kind === 'AtB' ? k : m;
  const out = new Float64Array(rows * n);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < n; j++) {
      let s = accumulate ? c0[r * n + j] : 0;
      if (kind === 'ABt') for (let p = 0; p < k; p++) s += a[r * k + p] * b[j * k + p];
      if (kind === 'AB') for (let p = 0; p < k; p++) s += a[r * k + p] * b[p * n + j];
      if (kind === 'AtB') for (let i = 0; i < m; i++) s += a[i * k + r] * b[i * n + j];
      out[r * n + j] = s;
    }
  }
  return out;
}

const shapes: [number, number, number][] = [
  [1, 1, 1],
  [2, 3, 1],
  [3, 5, 7],
  [4, 8, 8],
  [5, 2, 9],
  [16, 2, 8],
  [16, 8, 1],
  [7, 13, 11],
  [9, 4, 17],
  [64, 64, 10],
  [33, 600, 6],
  [6, 1100, 5],
  [0, 4, 3],
  [3, 0, 4],
  [4, 3, 0],
];

describe.each(['js', 'wasm'] as KernelChoice[])('matrix kernels (%s)', (choice) => {
  it.each(shapes)('match a float64 reference for m=%i k=%i n=%i, overwriting and accumulating', (m, k, n) => {
    useKernels(choice);
    const rand = seededRandom(m * 1000 + k * 10 + n);
    const fill = (len: number) => Float32Array.from({ length: len }, () => rand() * 2 - 1);
    for (const kind of ['ABt', 'AtB', 'AB'] as Product[]) {
      const a = fill(m * k);
      const b = kind === 'ABt' ? fill(n * k) : kind === 'AB' ? fill(k * n) : fill(m * n);
      const rows = kind === 'AtB' ? k : m;
      for (const accumulate of [false, true]) {
        const c = fill(rows * n);
        const expected = reference(kind, a, b, c, m, k, n, accumulate);
        const f = kind === 'ABt' ? matmulABt : kind === 'AB' ? matmulAB : matmulAtB;
        f(a, b, c, m, k, n, accumulate);
        const depth = kind === 'AtB' ? m : k;
        // float32 accumulation: a few ulps per term of the sum at worst.
        const tolerance = 4e-7 * (depth + 1) + 1e-7;
        for (let i = 0; i < c.length; i++)
          expect(Math.abs(c[i] - expected[i]), `${kind} [${i}]`).toBeLessThanOrEqual(
            tolerance * Math.max(1, Math.abs(expected[i])),
          );
      }
    }
  });

  it('leaves float64 arrays to the JavaScript loops, in double precision', () => {
    useKernels(choice);
    const a = Float64Array.from([1 / 3, 2 / 7, 1e-9]);
    const b = Float64Array.from([3, 7, 1e9]);
    const c = new Float64Array(1);
    matmulABt(a, b, c, 1, 3, 1);
    expect(c[0]).toBe((1 / 3) * 3 + (2 / 7) * 7 + 1e-9 * 1e9);
  });

  it('maps tanh and sigmoid over float32 arrays exactly as Math would round them (NaN and ±∞ included)', () => {
    useKernels(choice);
    const rand = seededRandom(5);
    const x = new Float32Array(4099);
    for (let i = 0; i < x.length; i++) x[i] = (rand() - 0.5) * [0.02, 6, 40, 2000][i % 4];
    x.set([0, -0, 1e-30, -1e-30, 9.09, 9.11, 88, -88, 104, -104, 745, -745, Infinity, -Infinity, NaN, 3.4e38, -3.4e38]);
    const t = new Float32Array(x.length);
    const s = new Float32Array(x.length);
    tanhMap(x, t);
    sigmoidMap(x, s);
    for (let i = 0; i < x.length; i++) {
      expect(Object.is(t[i], Math.fround(Math.tanh(x[i]))), `tanh(${x[i]}) = ${t[i]}`).toBe(true);
      expect(Object.is(s[i], Math.fround(1 / (1 + Math.exp(-x[i])))), `sigmoid(${x[i]}) = ${s[i]}`).toBe(true);
    }
  });
});

describe('kernel selection', () => {
  it('forcing WebAssembly works here, and js turns it off', () => {
    expect(useKernels('wasm')).toBe('wasm-simd');
    expect(useKernels('js')).toBe('js');
    expect(kernelBackend()).toBe('js');
    expect(useKernels('auto')).toBe('wasm-simd');
  });
});

describe('fast exp, tanh and sigmoid (double precision)', () => {
  it('agree with Math to 1e-14 relative (exp) and round to the same float32 values', () => {
    const rand = seededRandom(9);
    for (let i = 0; i < 20000; i++) {
      const x = (rand() - 0.5) * [0.01, 4, 30, 1400][i % 4];
      const e = Math.exp(x);
      if (e > 1e-300 && Number.isFinite(e)) expect(Math.abs(fastExp(x) - e) / e).toBeLessThan(1e-14);
      expect(Math.fround(fastTanh(x))).toBe(Math.fround(Math.tanh(x)));
      expect(Math.fround(fastSigmoid(x))).toBe(Math.fround(1 / (1 + Math.exp(-x))));
    }
    expect(fastExp(-Infinity)).toBe(0);
    expect(fastExp(Infinity)).toBe(Infinity);
    expect(fastTanh(Infinity)).toBe(1);
    expect(fastTanh(-Infinity)).toBe(-1);
    expect(fastSigmoid(Infinity)).toBe(1);
    expect(fastSigmoid(-Infinity)).toBe(0);
    for (const f of [fastExp, fastTanh, fastSigmoid]) expect(f(NaN)).toBeNaN();
  });
});
