/**
 * exp, tanh and the logistic function for float32 tensors. V8's Math.exp and Math.tanh (ports of
 * fdlibm) cost 11–15 ns a call, which dominates small networks: a 2-8-8-1 tanh net calls tanh 256
 * times per batch of 16. These compute in double precision with a relative error below 1e-13, so
 * stored as float32 they round to Math's float32 result (at worst one float32 ulp away, where
 * Math's double result sits almost exactly between two float32 values). Float64 tensors, which
 * serve gradient checks and references, keep using Math.
 */

const INV_LN2 = 1.4426950408889634;
/** ln 2 split so that k·LN2_HI is exact for |k| < 2¹¹ (Cody and Waite's range reduction). */
const LN2_HI = 0.69314718036912381649;
const LN2_LO = 1.90821492927058770002e-10;
/** 2^k for k in [−1075, 1023], the exponents of x in (−745, 709]. */
const MIN_K = -1075;
const POW2 = Float64Array.from({ length: 1023 - MIN_K + 1 }, (_, i) => 2 ** (i + MIN_K));

/**
 * eˣ with relative error below 1e-14: x = k·ln 2 + r with |r| ≤ ln2 / 2, e^r by its Taylor series
 * to r¹¹ (remainder < 7e-15) evaluated in Estrin's scheme (short dependency chains, so that the
 * processor overlaps neighbouring elements), times 2^k from a table. NaN stays NaN.
 */
export function fastExp(x: number): number {
  // biome-ignore lint/suspicious/noSelfCompare: x !== x is the cheapest NaN test in this hot path
  if (!(x > -745)) return x === x ? 0 : x;
  if (x > 709) return Infinity;
  const k = Math.round(x * INV_LN2);
  const r = x - k * LN2_HI - k * LN2_LO;
  const r2 = r * r,
    r4 = r2 * r2,
    r8 = r4 * r4;
  const p =
    1 +
    r +
    r2 * (1 / 2 + r * (1 / 6)) +
    r4 * (1 / 24 + r * (1 / 120) + r2 * (1 / 720 + r * (1 / 5040))) +
    r8 * (1 / 40320 + r * (1 / 362880) + r2 * (1 / 3628800 + r * (1 / 39916800)));
  return p * POW2[k - MIN_K];
}

/**
 * tanh x = (1 − e^(−2|x|)) / (1 + e^(−2|x|)) with the sign of x. The cancellation in 1 − e costs
 * at most 1e-15 / |x| relatively, so below |x| = 0.004 the series x − x³/3 + 2x⁵/15 takes over;
 * beyond |x| = 9.1 tanh rounds to ±1 in float32.
 */
export function fastTanh(x: number): number {
  const ax = x < 0 ? -x : x;
  let t: number;
  if (ax < 0.004) {
    const x2 = x * x;
    return x * (1 - x2 * (1 / 3 - x2 * (2 / 15)));
  }
  if (ax > 9.1) t = 1;
  else {
    const e = fastExp(-2 * ax);
    t = (1 - e) / (1 + e);
  }
  return x < 0 ? -t : t;
}

/** The logistic function 1 / (1 + e^(−x)). */
export function fastSigmoid(x: number): number {
  return 1 / (1 + fastExp(-x));
}
