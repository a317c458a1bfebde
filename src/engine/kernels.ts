/**
 * Dense matrix kernels on row-major typed arrays. Every block's heavy lifting goes through
 * these, so making them faster makes every graph faster.
 *
 * Two implementations: plain JavaScript loops (any precision, any size) and WebAssembly SIMD
 * kernels (kernels-wasm.ts) for float32 products large enough to repay copying their operands
 * into the module's memory. Both compute the same sums in a different order, so their results
 * differ only by float32 rounding.
 *
 * Naming: `A` is `[m × k]` unless said otherwise; `Bt` means the kernel reads `B` transposed.
 */
import { fastSigmoid, fastTanh } from './fastmath.js';
import { loadWasmKernels, type WasmKernels } from './kernels-wasm.js';
import type { FloatArray } from './tensor.js';

/** Which kernels run the large float32 products: 'auto' uses WebAssembly SIMD where it loads. */
export type KernelChoice = 'auto' | 'wasm' | 'js';
export type KernelBackend = 'wasm-simd' | 'js';

/**
 * Multiply-adds (m·k·n) from which a float32 product goes to WebAssembly in 'auto' mode. Below it
 * the copies and the call cost more than SIMD saves. Measured on W2 of bench/: a 16×8·8×8 product
 * (1,024 multiply-adds) takes 0.2–0.3 µs there against 0.6 µs in JavaScript; at 16×8·8×1 (128)
 * the two are even.
 */
export const WASM_MIN_WORK = 128;

let choice: KernelChoice = 'auto';
/** The loaded kernels (undefined: not tried yet; null: unavailable or switched off). */
let simd: WasmKernels | null | undefined;
let minWork = WASM_MIN_WORK;

/**
 * Selects the kernels: 'auto' (default) sends large float32 products to WebAssembly SIMD when it
 * loads here; 'wasm' sends every float32 product there (throws where it cannot load; for tests);
 * 'js' uses the plain-JavaScript loops only. Returns the backend now in use.
 */
export function useKernels(kernels: KernelChoice): KernelBackend {
  choice = kernels;
  simd = kernels === 'js' ? null : loadWasmKernels();
  if (kernels === 'wasm' && !simd) throw new Error('the WebAssembly SIMD kernels cannot run here');
  minWork = kernels === 'wasm' ? 0 : WASM_MIN_WORK;
  return kernelBackend();
}

/** The kernels that run large float32 matrix products: 'wasm-simd' or 'js'. */
export function kernelBackend(): KernelBackend {
  if (simd === undefined && choice !== 'js') simd = loadWasmKernels();
  return simd ? 'wasm-simd' : 'js';
}

/** The WebAssembly kernels when this float32 product should go to them, else null. */
function simdFor(a: FloatArray, b: FloatArray, c: FloatArray, work: number): WasmKernels | null {
  if (work < minWork || !(a instanceof Float32Array) || !(b instanceof Float32Array) || !(c instanceof Float32Array))
    return null;
  if (simd === undefined) simd = choice === 'js' ? null : loadWasmKernels();
  return simd;
}

/**
 * The plain-JavaScript product behind the three matrix kernels, over strides:
 *   C[r, c] (+)= Σ_t a[r·ar + t·at] · b[t·bt + c·bc]    for r < rows, c < cols, t < depth,
 * C row-major [rows × cols]. Blocks of 2 rows × 4 columns keep 8 sums in registers, so every
 * value loaded feeds several multiply-adds; the sums are kept in double precision and rounded
 * once, when stored.
 */
function product(
  a: FloatArray,
  ar: number,
  at: number,
  b: FloatArray,
  bt: number,
  bc: number,
  c: FloatArray,
  rows: number,
  depth: number,
  cols: number,
  accumulate: boolean,
): void {
  const bc2 = 2 * bc,
    bc3 = 3 * bc;
  let r = 0;
  for (; r + 1 < rows; r += 2) {
    const ao = r * ar,
      co = r * cols;
    let col = 0;
    for (; col + 3 < cols; col += 4) {
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0,
        u0 = 0,
        u1 = 0,
        u2 = 0,
        u3 = 0;
      let ai = ao,
        bi = col * bc;
      for (let t = 0; t < depth; t++) {
        const x = a[ai],
          y = a[ai + ar];
        const b0 = b[bi],
          b1 = b[bi + bc],
          b2 = b[bi + bc2],
          b3 = b[bi + bc3];
        s0 += x * b0;
        s1 += x * b1;
        s2 += x * b2;
        s3 += x * b3;
        u0 += y * b0;
        u1 += y * b1;
        u2 += y * b2;
        u3 += y * b3;
        ai += at;
        bi += bt;
      }
      const o = co + col,
        o2 = o + cols;
      if (accumulate) {
        c[o] += s0;
        c[o + 1] += s1;
        c[o + 2] += s2;
        c[o + 3] += s3;
        c[o2] += u0;
        c[o2 + 1] += u1;
        c[o2 + 2] += u2;
        c[o2 + 3] += u3;
      } else {
        c[o] = s0;
        c[o + 1] = s1;
        c[o + 2] = s2;
        c[o + 3] = s3;
        c[o2] = u0;
        c[o2 + 1] = u1;
        c[o2 + 2] = u2;
        c[o2 + 3] = u3;
      }
    }
    for (; col < cols; col++) {
      let s = 0,
        u = 0;
      let ai = ao,
        bi = col * bc;
      for (let t = 0; t < depth; t++) {
        const bv = b[bi];
        s += a[ai] * bv;
        u += a[ai + ar] * bv;
        ai += at;
        bi += bt;
      }
      const o = co + col;
      c[o] = accumulate ? c[o] + s : s;
      c[o + cols] = accumulate ? c[o + cols] + u : u;
    }
  }
  if (r < rows) {
    const ao = r * ar,
      co = r * cols;
    let col = 0;
    for (; col + 3 < cols; col += 4) {
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0;
      let ai = ao,
        bi = col * bc;
      for (let t = 0; t < depth; t++) {
        const x = a[ai];
        s0 += x * b[bi];
        s1 += x * b[bi + bc];
        s2 += x * b[bi + bc2];
        s3 += x * b[bi + bc3];
        ai += at;
        bi += bt;
      }
      const o = co + col;
      if (accumulate) {
        c[o] += s0;
        c[o + 1] += s1;
        c[o + 2] += s2;
        c[o + 3] += s3;
      } else {
        c[o] = s0;
        c[o + 1] = s1;
        c[o + 2] = s2;
        c[o + 3] = s3;
      }
    }
    for (; col < cols; col++) {
      let s = 0;
      let ai = ao,
        bi = col * bc;
      for (let t = 0; t < depth; t++) {
        s += a[ai] * b[bi];
        ai += at;
        bi += bt;
      }
      c[co + col] = accumulate ? c[co + col] + s : s;
    }
  }
}

/** C[m×n] = A[m×k] · B[n×k]ᵀ  (+ C when accumulate). Forward of Linear: Y = X·Wᵀ. */
export function matmulABt(
  a: FloatArray,
  b: FloatArray,
  c: FloatArray,
  m: number,
  k: number,
  n: number,
  accumulate = false,
): void {
  const wasm = simdFor(a, b, c, m * k * n);
  if (wasm) return wasm.matmulABt(a as Float32Array, b as Float32Array, c as Float32Array, m, k, n, accumulate);
  product(a, k, 1, b, 1, k, c, m, k, n, accumulate);
}

/** C[k×n] = A[m×k]ᵀ · B[m×n]  (+ C when accumulate). Weight gradient of Linear: dW = dYᵀ·X. */
export function matmulAtB(
  a: FloatArray,
  b: FloatArray,
  c: FloatArray,
  m: number,
  k: number,
  n: number,
  accumulate = false,
): void {
  const wasm = simdFor(a, b, c, m * k * n);
  if (wasm) return wasm.matmulAtB(a as Float32Array, b as Float32Array, c as Float32Array, m, k, n, accumulate);
  product(a, 1, k, b, n, 1, c, k, m, n, accumulate);
}

/** C[m×n] = A[m×k] · B[k×n]  (+ C when accumulate). Input gradient of Linear: dX = dY·W. */
export function matmulAB(
  a: FloatArray,
  b: FloatArray,
  c: FloatArray,
  m: number,
  k: number,
  n: number,
  accumulate = false,
): void {
  const wasm = simdFor(a, b, c, m * k * n);
  if (wasm) return wasm.matmulAB(a as Float32Array, b as Float32Array, c as Float32Array, m, k, n, accumulate);
  product(a, k, 1, b, n, 1, c, m, k, n, accumulate);
}

/**
 * Elements from which float32 tanh and sigmoid go to WebAssembly in 'auto' mode (below it the
 * call and copies cost more than the two-lane SIMD saves).
 */
const WASM_MIN_ELEMENTS = 32;

/**
 * out = tanh(x) element-wise. Float32 arrays use the fast double-precision algorithm of
 * fastmath.ts (in WebAssembly for longer arrays), whose float32 results are Math.tanh's; float64
 * arrays use Math.tanh.
 */
export function tanhMap(x: FloatArray, out: FloatArray): void {
  if (out instanceof Float32Array && x instanceof Float32Array) {
    const wasm = x.length >= WASM_MIN_ELEMENTS || minWork === 0 ? simdFor(x, x, out, Infinity) : null;
    if (wasm) return wasm.tanh(x, out);
    for (let i = 0; i < x.length; i++) out[i] = fastTanh(x[i]);
  } else for (let i = 0; i < x.length; i++) out[i] = Math.tanh(x[i]);
}

/** out = 1 / (1 + e^(−x)) element-wise; float32 and float64 as for `tanhMap`. */
export function sigmoidMap(x: FloatArray, out: FloatArray): void {
  if (out instanceof Float32Array && x instanceof Float32Array) {
    const wasm = x.length >= WASM_MIN_ELEMENTS || minWork === 0 ? simdFor(x, x, out, Infinity) : null;
    if (wasm) return wasm.sigmoid(x, out);
    for (let i = 0; i < x.length; i++) out[i] = fastSigmoid(x[i]);
  } else for (let i = 0; i < x.length; i++) out[i] = 1 / (1 + Math.exp(-x[i]));
}

/** out[j] = Σ_i A[i, j] over the rows of A[m×n] (+ out when accumulate). Bias gradient: db = Σ_rows dY. */
export function sumRows(a: FloatArray, out: FloatArray, m: number, n: number, accumulate = false): void {
  if (!accumulate) out.fill(0, 0, n);
  for (let i = 0; i < m; i++) {
    const ai = i * n;
    for (let j = 0; j < n; j++) out[j] += a[ai + j];
  }
}

/** A[m×n] += row vector v[n] on every row. */
export function addRowVector(a: FloatArray, v: FloatArray, m: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const ai = i * n;
    for (let j = 0; j < n; j++) a[ai + j] += v[j];
  }
}
