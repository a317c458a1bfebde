/**
 * The WebAssembly SIMD matrix kernels (built from wasm/kernels.ts by `npm run build:wasm`), loaded
 * synchronously on first use. They work on float32 matrices in the module's own memory: a call
 * copies its operands in, multiplies, and copies the result out. The copies cost O(m·k + k·n +
 * m·n) against the O(m·k·n) product, which is why kernels.ts only sends products large enough.
 *
 * Where WebAssembly is missing or refused (e.g. a Content-Security-Policy without
 * 'wasm-unsafe-eval'), loading fails once, quietly, and the plain-JS kernels do the work.
 */
import { kernelsWasmBase64 } from './kernels-wasm-binary.js';

/** The part of the WebAssembly JS API used here (the engine is compiled without DOM or Node types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}
type Matmul = (a: number, b: number, c: number, m: number, k: number, n: number, accumulate: number) => void;
type Elementwise = (x: number, n: number) => void;
interface KernelExports {
  memory: WasmMemory;
  matmulABt: Matmul;
  matmulAtB: Matmul;
  matmulAB: Matmul;
  tanh: Elementwise;
  sigmoid: Elementwise;
  init(unit: number): void;
}

const PAGE_BYTES = 65536;

function decodeBase64(text: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const lookup = new Uint8Array(128);
  for (let i = 0; i < alphabet.length; i++) lookup[alphabet.charCodeAt(i)] = i;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const v =
      (lookup[text.charCodeAt(i)] << 18) |
      (lookup[text.charCodeAt(i + 1)] << 12) |
      (lookup[text.charCodeAt(i + 2)] << 6) |
      lookup[text.charCodeAt(i + 3)];
    if (o < out.length) out[o++] = v >> 16;
    if (o < out.length) out[o++] = (v >> 8) & 0xff;
    if (o < out.length) out[o++] = v & 0xff;
  }
  return out;
}

/** out[0, n) = heap[from, from + n): a loop for short runs (a subarray view costs an allocation). */
function copyOut(heap: Float32Array, from: number, out: Float32Array, n: number): void {
  if (n > 64) out.set(heap.subarray(from, from + n));
  else for (let i = 0; i < n; i++) out[i] = heap[from + i];
}

/** Float offsets are rounded up to 16 bytes so that every operand starts on a vector boundary. */
const align4 = (floats: number): number => (floats + 3) & ~3;

export class WasmKernels {
  private readonly exports: KernelExports;
  private heap: Float32Array;

  constructor(api: WasmApi) {
    const module = new api.Module(decodeBase64(kernelsWasmBase64));
    this.exports = new api.Instance(module, {}).exports as unknown as KernelExports;
    this.exports.init(1);
    this.heap = new Float32Array(this.exports.memory.buffer);
  }

  /**
   * Makes room for `floats` values. Only this class grows the memory, and growing replaces its
   * buffer, so the view is renewed right then (asking the memory for its buffer on every call costs
   * more than a small product).
   */
  private reserve(floats: number): Float32Array {
    if (floats > this.heap.length) {
      const memory = this.exports.memory;
      memory.grow(Math.ceil((floats * 4 - memory.buffer.byteLength) / PAGE_BYTES));
      this.heap = new Float32Array(memory.buffer);
    }
    return this.heap;
  }

  private run(
    kernel: Matmul,
    a: Float32Array,
    aLength: number,
    b: Float32Array,
    bLength: number,
    c: Float32Array,
    cLength: number,
    m: number,
    k: number,
    n: number,
    accumulate: boolean,
  ): void {
    const offA = 0;
    const offB = align4(aLength);
    const offC = offB + align4(bLength);
    const heap = this.reserve(offC + cLength);
    heap.set(a.length === aLength ? a : a.subarray(0, aLength), offA);
    heap.set(b.length === bLength ? b : b.subarray(0, bLength), offB);
    if (accumulate) heap.set(c.length === cLength ? c : c.subarray(0, cLength), offC);
    kernel(offA * 4, offB * 4, offC * 4, m, k, n, accumulate ? 1 : 0);
    copyOut(heap, offC, c, cLength);
  }

  private map(kernel: Elementwise, x: Float32Array, out: Float32Array): void {
    const n = x.length;
    const heap = this.reserve(align4(n));
    heap.set(x, 0);
    kernel(0, n);
    copyOut(heap, 0, out, n);
  }

  /** out = tanh(x), element-wise (same length). */
  tanh(x: Float32Array, out: Float32Array): void {
    this.map(this.exports.tanh, x, out);
  }

  /** out = 1 / (1 + e^(−x)), element-wise (same length). */
  sigmoid(x: Float32Array, out: Float32Array): void {
    this.map(this.exports.sigmoid, x, out);
  }

  /** C[m×n] = A[m×k] · B[n×k]ᵀ (+ C). */
  matmulABt(
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    m: number,
    k: number,
    n: number,
    accumulate: boolean,
  ): void {
    this.run(this.exports.matmulABt, a, m * k, b, n * k, c, m * n, m, k, n, accumulate);
  }

  /** C[k×n] = A[m×k]ᵀ · B[m×n] (+ C). */
  matmulAtB(
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    m: number,
    k: number,
    n: number,
    accumulate: boolean,
  ): void {
    this.run(this.exports.matmulAtB, a, m * k, b, m * n, c, k * n, m, k, n, accumulate);
  }

  /** C[m×n] = A[m×k] · B[k×n] (+ C). */
  matmulAB(
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    m: number,
    k: number,
    n: number,
    accumulate: boolean,
  ): void {
    this.run(this.exports.matmulAB, a, m * k, b, k * n, c, m * n, m, k, n, accumulate);
  }
}

let loaded: WasmKernels | null | undefined;

/** The WebAssembly kernels, loaded on the first call; null where WebAssembly (SIMD) cannot run. */
export function loadWasmKernels(): WasmKernels | null {
  if (loaded === undefined) {
    const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
    try {
      loaded = api ? new WasmKernels(api) : null;
    } catch {
      loaded = null;
    }
  }
  return loaded;
}
