/**
 * Dense matrix kernels on row-major typed arrays. Every block's heavy lifting goes through
 * these, so making them faster makes every graph faster.
 *
 * Naming: `A` is `[m × k]` unless said otherwise; `Bt` means the kernel reads `B` transposed.
 */
import type { FloatArray } from './tensor.js';

/** C[m×n] = A[m×k] · B[n×k]ᵀ  (+ C when accumulate). Forward of Linear: Y = X·Wᵀ. */
export function matmulABt(
  a: FloatArray, b: FloatArray, c: FloatArray, m: number, k: number, n: number, accumulate = false,
): void {
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    const ci = i * n;
    for (let j = 0; j < n; j++) {
      const bj = j * k;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let p = 0;
      for (; p + 3 < k; p += 4) {
        s0 += a[ai + p] * b[bj + p];
        s1 += a[ai + p + 1] * b[bj + p + 1];
        s2 += a[ai + p + 2] * b[bj + p + 2];
        s3 += a[ai + p + 3] * b[bj + p + 3];
      }
      for (; p < k; p++) s0 += a[ai + p] * b[bj + p];
      const s = s0 + s1 + (s2 + s3);
      c[ci + j] = accumulate ? c[ci + j] + s : s;
    }
  }
}

/** C[k×n] = A[m×k]ᵀ · B[m×n]  (+ C when accumulate). Weight gradient of Linear: dW = dYᵀ·X. */
export function matmulAtB(
  a: FloatArray, b: FloatArray, c: FloatArray, m: number, k: number, n: number, accumulate = false,
): void {
  if (!accumulate) c.fill(0, 0, k * n);
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    const bi = i * n;
    for (let p = 0; p < k; p++) {
      const av = a[ai + p];
      if (av === 0) continue;
      const cp = p * n;
      for (let j = 0; j < n; j++) c[cp + j] += av * b[bi + j];
    }
  }
}

/** C[m×n] = A[m×k] · B[k×n]  (+ C when accumulate). Input gradient of Linear: dX = dY·W. */
export function matmulAB(
  a: FloatArray, b: FloatArray, c: FloatArray, m: number, k: number, n: number, accumulate = false,
): void {
  if (!accumulate) c.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    const ci = i * n;
    for (let p = 0; p < k; p++) {
      const av = a[ai + p];
      if (av === 0) continue;
      const bp = p * n;
      for (let j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
    }
  }
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
