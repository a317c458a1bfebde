// Matrix kernels for float32 training, in AssemblyScript with 128-bit WebAssembly SIMD.
// Built by `npm run build:wasm` (scripts/build-wasm.mjs) into src/engine/kernels-wasm-binary.ts;
// src/engine/kernels-wasm.ts loads it and src/engine/kernels.ts decides when to use it.
//
// All matrices are row-major float32 at byte addresses in this module's memory. Each kernel
// overwrites C, or adds to it when `accumulate` is non-zero. Register blocking: every inner loop
// keeps 8 four-lane accumulators in registers (x86-64 has 16 vector registers), so each value
// loaded from memory feeds several multiply-adds.

/** Columns of A and B (and so of the dot products) handled per pass in matmulABt: keeps the rows in L1. */
const KC: i32 = 512;

// @ts-ignore: decorator
@inline function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

// @ts-ignore: decorator
@inline function madd(acc: v128, a: v128, b: v128): v128 {
  return f32x4.add(acc, f32x4.mul(a, b));
}

// @ts-ignore: decorator
@inline function put(c: usize, value: f32, add: bool): void {
  store<f32>(c, add ? load<f32>(c) + value : value);
}

// @ts-ignore: decorator
@inline function putv(c: usize, value: v128, add: bool): void {
  v128.store(c, add ? f32x4.add(v128.load(c), value) : value);
}

/** Σ_p a[p]·b[p] over `len` values. */
// @ts-ignore: decorator
@inline function dot(a: usize, b: usize, len: i32): f32 {
  let s0 = f32x4.splat(0);
  let s1 = f32x4.splat(0);
  let p = 0;
  for (; p + 8 <= len; p += 8) {
    const o = <usize>p << 2;
    s0 = madd(s0, v128.load(a + o), v128.load(b + o));
    s1 = madd(s1, v128.load(a + o, 16), v128.load(b + o, 16));
  }
  for (; p + 4 <= len; p += 4) {
    const o = <usize>p << 2;
    s0 = madd(s0, v128.load(a + o), v128.load(b + o));
  }
  let s = hsum(f32x4.add(s0, s1));
  for (; p < len; p++) s += load<f32>(a + (<usize>p << 2)) * load<f32>(b + (<usize>p << 2));
  return s;
}

/**
 * C[m×n] = A[m×k] · B[n×k]ᵀ (+ C). Dot products of rows, 4 rows of A against 2 rows of B at a
 * time, over passes of KC columns.
 */
export function matmulABt(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, accumulate: i32): void {
  if (k == 0) {
    if (accumulate == 0) memory.fill(c, 0, <usize>m * <usize>n << 2);
    return;
  }
  const rowA = <usize>k << 2;
  const rowC = <usize>n << 2;
  for (let p0 = 0; p0 < k; p0 += KC) {
    const len = min(KC, k - p0);
    const add = accumulate != 0 || p0 > 0;
    const off = <usize>p0 << 2;
    const len4 = len & ~3;
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      const a0 = a + <usize>i * rowA + off;
      const a1 = a0 + rowA;
      const a2 = a1 + rowA;
      const a3 = a2 + rowA;
      const ci = c + <usize>i * rowC;
      let j = 0;
      for (; j + 2 <= n; j += 2) {
        const b0 = b + <usize>j * rowA + off;
        const b1 = b0 + rowA;
        let s00 = f32x4.splat(0), s01 = f32x4.splat(0);
        let s10 = f32x4.splat(0), s11 = f32x4.splat(0);
        let s20 = f32x4.splat(0), s21 = f32x4.splat(0);
        let s30 = f32x4.splat(0), s31 = f32x4.splat(0);
        for (let p = 0; p < len4; p += 4) {
          const o = <usize>p << 2;
          const x0 = v128.load(b0 + o);
          const x1 = v128.load(b1 + o);
          let y = v128.load(a0 + o);
          s00 = madd(s00, y, x0);
          s01 = madd(s01, y, x1);
          y = v128.load(a1 + o);
          s10 = madd(s10, y, x0);
          s11 = madd(s11, y, x1);
          y = v128.load(a2 + o);
          s20 = madd(s20, y, x0);
          s21 = madd(s21, y, x1);
          y = v128.load(a3 + o);
          s30 = madd(s30, y, x0);
          s31 = madd(s31, y, x1);
        }
        let t00 = hsum(s00), t01 = hsum(s01), t10 = hsum(s10), t11 = hsum(s11);
        let t20 = hsum(s20), t21 = hsum(s21), t30 = hsum(s30), t31 = hsum(s31);
        for (let p = len4; p < len; p++) {
          const o = <usize>p << 2;
          const x0 = load<f32>(b0 + o), x1 = load<f32>(b1 + o);
          const y0 = load<f32>(a0 + o), y1 = load<f32>(a1 + o), y2 = load<f32>(a2 + o), y3 = load<f32>(a3 + o);
          t00 += y0 * x0; t01 += y0 * x1;
          t10 += y1 * x0; t11 += y1 * x1;
          t20 += y2 * x0; t21 += y2 * x1;
          t30 += y3 * x0; t31 += y3 * x1;
        }
        const cj = ci + (<usize>j << 2);
        put(cj, t00, add); put(cj + 4, t01, add);
        put(cj + rowC, t10, add); put(cj + rowC + 4, t11, add);
        put(cj + 2 * rowC, t20, add); put(cj + 2 * rowC + 4, t21, add);
        put(cj + 3 * rowC, t30, add); put(cj + 3 * rowC + 4, t31, add);
      }
      for (; j < n; j++) {
        const bj = b + <usize>j * rowA + off;
        const cj = ci + (<usize>j << 2);
        put(cj, dot(a0, bj, len), add);
        put(cj + rowC, dot(a1, bj, len), add);
        put(cj + 2 * rowC, dot(a2, bj, len), add);
        put(cj + 3 * rowC, dot(a3, bj, len), add);
      }
    }
    for (; i < m; i++) {
      const ai = a + <usize>i * rowA + off;
      const ci = c + <usize>i * rowC;
      for (let j = 0; j < n; j++) put(ci + (<usize>j << 2), dot(ai, b + <usize>j * rowA + off, len), add);
    }
  }
}

/**
 * The shared outer-product kernel: C[rows×n] (+)= Σ_p a(r, p) · B[p, :] for p < depth, where
 * a(r, p) is at `a + r·aRow + p·aStep` and B's row p at `b + p·bRow`. Blocks of 4 rows of C by
 * 8 columns keep 8 accumulators; B's values are loaded once per block row, A's broadcast.
 */
// @ts-ignore: decorator
@inline function outer(a: usize, aRow: usize, aStep: usize, b: usize, bRow: usize, c: usize, rows: i32, depth: i32, n: i32, add: bool): void {
  const rowC = <usize>n << 2;
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const ar = a + <usize>r * aRow;
    const cr = c + <usize>r * rowC;
    let j = 0;
    for (; j + 8 <= n; j += 8) {
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
      let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
      let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      let bp = b + (<usize>j << 2);
      let ap = ar;
      for (let p = 0; p < depth; p++) {
        const x0 = v128.load(bp);
        const x1 = v128.load(bp, 16);
        let y = v128.load32_splat(ap);
        c00 = madd(c00, y, x0);
        c01 = madd(c01, y, x1);
        y = v128.load32_splat(ap + aRow);
        c10 = madd(c10, y, x0);
        c11 = madd(c11, y, x1);
        y = v128.load32_splat(ap + 2 * aRow);
        c20 = madd(c20, y, x0);
        c21 = madd(c21, y, x1);
        y = v128.load32_splat(ap + 3 * aRow);
        c30 = madd(c30, y, x0);
        c31 = madd(c31, y, x1);
        bp += bRow;
        ap += aStep;
      }
      const cj = cr + (<usize>j << 2);
      putv(cj, c00, add); putv(cj + 16, c01, add);
      putv(cj + rowC, c10, add); putv(cj + rowC + 16, c11, add);
      putv(cj + 2 * rowC, c20, add); putv(cj + 2 * rowC + 16, c21, add);
      putv(cj + 3 * rowC, c30, add); putv(cj + 3 * rowC + 16, c31, add);
    }
    for (; j + 4 <= n; j += 4) {
      let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
      let bp = b + (<usize>j << 2);
      let ap = ar;
      for (let p = 0; p < depth; p++) {
        const x = v128.load(bp);
        c0 = madd(c0, v128.load32_splat(ap), x);
        c1 = madd(c1, v128.load32_splat(ap + aRow), x);
        c2 = madd(c2, v128.load32_splat(ap + 2 * aRow), x);
        c3 = madd(c3, v128.load32_splat(ap + 3 * aRow), x);
        bp += bRow;
        ap += aStep;
      }
      const cj = cr + (<usize>j << 2);
      putv(cj, c0, add);
      putv(cj + rowC, c1, add);
      putv(cj + 2 * rowC, c2, add);
      putv(cj + 3 * rowC, c3, add);
    }
    for (; j < n; j++) {
      let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
      let bp = b + (<usize>j << 2);
      let ap = ar;
      for (let p = 0; p < depth; p++) {
        const x = load<f32>(bp);
        s0 += load<f32>(ap) * x;
        s1 += load<f32>(ap + aRow) * x;
        s2 += load<f32>(ap + 2 * aRow) * x;
        s3 += load<f32>(ap + 3 * aRow) * x;
        bp += bRow;
        ap += aStep;
      }
      const cj = cr + (<usize>j << 2);
      put(cj, s0, add);
      put(cj + rowC, s1, add);
      put(cj + 2 * rowC, s2, add);
      put(cj + 3 * rowC, s3, add);
    }
  }
  for (; r < rows; r++) {
    const ar = a + <usize>r * aRow;
    const cr = c + <usize>r * rowC;
    let j = 0;
    for (; j + 8 <= n; j += 8) {
      let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
      let bp = b + (<usize>j << 2);
      let ap = ar;
      for (let p = 0; p < depth; p++) {
        const y = v128.load32_splat(ap);
        c0 = madd(c0, y, v128.load(bp));
        c1 = madd(c1, y, v128.load(bp, 16));
        bp += bRow;
        ap += aStep;
      }
      const cj = cr + (<usize>j << 2);
      putv(cj, c0, add);
      putv(cj + 16, c1, add);
    }
    for (; j < n; j++) {
      let s: f32 = 0;
      let bp = b + (<usize>j << 2);
      let ap = ar;
      for (let p = 0; p < depth; p++) {
        s += load<f32>(ap) * load<f32>(bp);
        bp += bRow;
        ap += aStep;
      }
      put(cr + (<usize>j << 2), s, add);
    }
  }
}

/** C[m×n] = A[m×k] · B[k×n] (+ C). */
export function matmulAB(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, accumulate: i32): void {
  outer(a, <usize>k << 2, 4, b, <usize>n << 2, c, m, k, n, accumulate != 0);
}

/** C[k×n] = A[m×k]ᵀ · B[m×n] (+ C). */
export function matmulAtB(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, accumulate: i32): void {
  outer(a, 4, <usize>k << 2, b, <usize>n << 2, c, k, m, n, accumulate != 0);
}

// Element-wise tanh and the logistic function, in place on float32 values, computed in double
// precision two lanes at a time (the same algorithm as src/engine/fastmath.ts, so the float32
// results are those of Math.tanh / Math.exp rounded to float32).
//
// Their constants live in globals that `init(1)` fills when the module is loaded: V8
// materialises a v128.const anew at every use inside a loop, which here would cost more than the
// arithmetic, while a global is one load; and the optimizer cannot fold a value set at run time
// back into constants.

const INV_LN2: f64 = 1.4426950408889634;
const LN2_HI: f64 = 0.693147180369123816490;
const LN2_LO: f64 = 1.90821492927058770002e-10;
/** 1.5·2⁵²: adding it rounds a double to an integer k and leaves k in the low bits of the sum. */
const ROUND: f64 = 6755399441055744.0;

let LO = f64x2.splat(0), HI = f64x2.splat(0), SCALE = f64x2.splat(0), SHIFT = f64x2.splat(0);
let L2HI = f64x2.splat(0), L2LO = f64x2.splat(0), ONE = f64x2.splat(0), BIAS = f64x2.splat(0);
let C2 = f64x2.splat(0), C3 = f64x2.splat(0), C4 = f64x2.splat(0), C5 = f64x2.splat(0), C6 = f64x2.splat(0);
let C7 = f64x2.splat(0), C8 = f64x2.splat(0), C9 = f64x2.splat(0), C10 = f64x2.splat(0), C11 = f64x2.splat(0);
let MINUS2 = f64x2.splat(0), BIG = f64x2.splat(0), SMALL = f64x2.splat(0), THIRD = f64x2.splat(0);
let TWO15 = f64x2.splat(0), SIGN = f64x2.splat(0);

/** Sets the constants; `unit` must be 1. */
export function init(unit: f64): void {
  LO = f64x2.splat(-708 * unit); HI = f64x2.splat(708 * unit);
  SCALE = f64x2.splat(INV_LN2 * unit); SHIFT = f64x2.splat(ROUND * unit);
  L2HI = f64x2.splat(LN2_HI * unit); L2LO = f64x2.splat(LN2_LO * unit);
  ONE = f64x2.splat(unit); BIAS = i64x2.splat(<i64>(<f64>1023 * unit));
  C2 = f64x2.splat(unit / 2); C3 = f64x2.splat(unit / 6); C4 = f64x2.splat(unit / 24); C5 = f64x2.splat(unit / 120);
  C6 = f64x2.splat(unit / 720); C7 = f64x2.splat(unit / 5040); C8 = f64x2.splat(unit / 40320);
  C9 = f64x2.splat(unit / 362880); C10 = f64x2.splat(unit / 3628800); C11 = f64x2.splat(unit / 39916800);
  MINUS2 = f64x2.splat(-2 * unit); BIG = f64x2.splat(9.1 * unit); SMALL = f64x2.splat(0.004 * unit);
  THIRD = f64x2.splat(unit / 3); TWO15 = f64x2.splat((2 * unit) / 15);
  SIGN = i64x2.splat(<i64>(-0.0 * unit == 0 ? 0x8000000000000000 : 0));
}

/**
 * eˣ on two doubles: Cody–Waite reduction, Taylor series to r¹¹ in Estrin's scheme, 2^k from its
 * bits. (pmin/pmax, unlike min/max, are single instructions; both keep a NaN.)
 */
// @ts-ignore: decorator
@inline function expd(x: v128): v128 {
  x = f64x2.pmin(f64x2.pmax(x, LO), HI);
  const kr = f64x2.add(f64x2.mul(x, SCALE), SHIFT);
  const k = f64x2.sub(kr, SHIFT);
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(k, L2HI)), f64x2.mul(k, L2LO));
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const r8 = f64x2.mul(r4, r4);
  const p01 = f64x2.add(ONE, r);
  const p23 = f64x2.add(C2, f64x2.mul(r, C3));
  const p45 = f64x2.add(C4, f64x2.mul(r, C5));
  const p67 = f64x2.add(C6, f64x2.mul(r, C7));
  const p89 = f64x2.add(C8, f64x2.mul(r, C9));
  const pab = f64x2.add(C10, f64x2.mul(r, C11));
  const p = f64x2.add(
    f64x2.add(p01, f64x2.mul(r2, p23)),
    f64x2.add(f64x2.mul(r4, f64x2.add(p45, f64x2.mul(r2, p67))), f64x2.mul(r8, f64x2.add(p89, f64x2.mul(r2, pab)))),
  );
  // kr's low bits hold k (plus 2⁵¹, which the shift drops): (k + 1023) << 52 is the double 2^k.
  const bits = i64x2.shl(i64x2.add(kr, BIAS), 52);
  return f64x2.mul(p, bits);
}

/** tanh on two doubles; see fastTanh in src/engine/fastmath.ts for the three ranges. */
// @ts-ignore: decorator
@inline function tanhd(x: v128): v128 {
  const ax = f64x2.abs(x);
  const e = expd(f64x2.mul(ax, MINUS2));
  let t = f64x2.div(f64x2.sub(ONE, e), f64x2.add(ONE, e));
  t = v128.bitselect(ONE, t, f64x2.gt(ax, BIG));
  t = v128.or(t, v128.and(x, SIGN));
  const x2 = f64x2.mul(x, x);
  const series = f64x2.mul(x, f64x2.sub(ONE, f64x2.mul(x2, f64x2.sub(THIRD, f64x2.mul(x2, TWO15)))));
  return v128.bitselect(series, t, f64x2.lt(ax, SMALL));
}

// @ts-ignore: decorator
@inline function sigmoidd(x: v128): v128 {
  return f64x2.div(ONE, f64x2.add(ONE, expd(f64x2.neg(x))));
}

/** x[i] ← tanh x[i] for i < n, in groups of four (the caller pads the buffer to a multiple of 4). */
export function tanh(x: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) {
    const p = x + (<usize>i << 2);
    const v = v128.load(p);
    const lo = tanhd(f64x2.promote_low_f32x4(v));
    const hi = tanhd(f64x2.promote_low_f32x4(i64x2.shuffle(v, v, 1, 1)));
    v128.store(p, i64x2.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 2));
  }
}

/** x[i] ← 1 / (1 + e^(−x[i])) for i < n, in groups of four (the buffer is padded to a multiple of 4). */
export function sigmoid(x: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) {
    const p = x + (<usize>i << 2);
    const v = v128.load(p);
    const lo = sigmoidd(f64x2.promote_low_f32x4(v));
    const hi = sigmoidd(f64x2.promote_low_f32x4(i64x2.shuffle(v, v, 1, 1)));
    v128.store(p, i64x2.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 2));
  }
}
