/**
 * 2-D tensors over typed arrays: rows are samples, columns are features.
 *
 * The engine computes in one of two precisions: `float32` for training (fast, as every
 * JavaScript and GPU framework does) and `float64` for checks where rounding must not
 * hide the maths (gradient checking, reference comparisons).
 */

export type Precision = 'float32' | 'float64';
export type FloatArray = Float32Array | Float64Array;

export function allocate(precision: Precision, length: number): FloatArray {
  return precision === 'float32' ? new Float32Array(length) : new Float64Array(length);
}

export function precisionOf(array: FloatArray): Precision {
  return array instanceof Float32Array ? 'float32' : 'float64';
}

/** A row-major matrix `[rows × cols]` viewing `data` (length exactly rows·cols). */
export class Tensor {
  readonly rows: number;
  readonly cols: number;
  readonly data: FloatArray;

  constructor(rows: number, cols: number, data: FloatArray) {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
      throw new RangeError(`invalid tensor shape [${rows} × ${cols}]`);
    }
    if (data.length !== rows * cols) {
      throw new RangeError(`tensor shape [${rows} × ${cols}] needs ${rows * cols} values, got ${data.length}`);
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data;
  }

  static zeros(rows: number, cols: number, precision: Precision = 'float32'): Tensor {
    return new Tensor(rows, cols, allocate(precision, rows * cols));
  }

  /** From nested rows (`[[1, 2], [3, 4]]`); every row must have the same length. */
  static fromRows(rows: readonly (readonly number[])[], precision: Precision = 'float32'): Tensor {
    const cols = rows.length > 0 ? rows[0].length : 0;
    const t = Tensor.zeros(rows.length, cols, precision);
    rows.forEach((row, r) => {
      if (row.length !== cols) throw new RangeError(`row ${r} has ${row.length} values, expected ${cols}`);
      t.data.set(row, r * cols);
    });
    return t;
  }

  get precision(): Precision {
    return precisionOf(this.data);
  }

  get(r: number, c: number): number {
    return this.data[r * this.cols + c];
  }

  set(r: number, c: number, value: number): void {
    this.data[r * this.cols + c] = value;
  }

  row(r: number): FloatArray {
    return this.data.subarray(r * this.cols, (r + 1) * this.cols);
  }

  toRows(): number[][] {
    const out: number[][] = [];
    for (let r = 0; r < this.rows; r++) out.push(Array.from(this.row(r)));
    return out;
  }

  clone(): Tensor {
    return new Tensor(this.rows, this.cols, this.data.slice());
  }

  shapeText(): string {
    return `[${this.rows} × ${this.cols}]`;
  }
}

/** Frobenius norm √Σx², accumulated in double precision. */
export function norm(data: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < data.length; i++) s += data[i] * data[i];
  return Math.sqrt(s);
}

/**
 * Whether every value is finite. x·0 is ±0 for a finite x and NaN for NaN or ±Infinity, so the sum
 * of those products is NaN exactly when a value is not; four sums keep the loop from waiting on
 * one chain of additions. A fast yes/no for the training loop; `firstNonFinite` says where.
 */
export function allFinite(data: ArrayLike<number>): boolean {
  const n = data.length;
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += data[i] * 0;
    s1 += data[i + 1] * 0;
    s2 += data[i + 2] * 0;
    s3 += data[i + 3] * 0;
  }
  for (; i < n; i++) s0 += data[i] * 0;
  return s0 + s1 + s2 + s3 === 0;
}

/** Index of the first value that is NaN or ±Infinity, or −1. */
export function firstNonFinite(data: ArrayLike<number>): number {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return i;
  return -1;
}
