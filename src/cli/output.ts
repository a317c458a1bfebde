/** Human-readable output: numbers, percentages and aligned tables. */

/** Whole numbers as they are, others with six significant digits; exponent form for very small or large values. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e7) return String(x);
  const a = Math.abs(x);
  if (a < 1e-4 || a >= 1e7) return x.toExponential(3);
  return x.toPrecision(6);
}

export function formatPercent(share: number): string {
  return `${(100 * share).toFixed(1)} %`;
}

/** A text column is left-aligned, a numeric one right-aligned. */
export type Align = 'left' | 'right';

/** Columns padded to their widest cell, separated by two spaces; no trailing blanks. */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[] = [],
): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => [...(r[c] ?? '')].length)));
  return all.map((r) =>
    r
      .map((cell, c) => {
        const pad = ' '.repeat(widths[c] - [...cell].length);
        return align[c] === 'right' ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd(),
  );
}

/** A small tensor's values inline (`[0.1, -0.2]`), nested by rows for a matrix. */
export function formatValues(shape: readonly number[], data: readonly number[]): string {
  const flat = (values: readonly number[]) => `[${values.map(formatNumber).join(', ')}]`;
  if (shape.length !== 2) return flat(data);
  const cols = shape[1];
  return `[${Array.from({ length: shape[0] }, (_, r) => flat(data.slice(r * cols, (r + 1) * cols))).join(', ')}]`;
}

/** Rows of a matrix as nested arrays (JSON output of `W` shaped `[out, in]`); vectors stay flat. */
export function nest(shape: readonly number[], data: readonly number[]): number[] | number[][] {
  if (shape.length !== 2) return [...data];
  const cols = shape[1];
  return Array.from({ length: shape[0] }, (_, r) => data.slice(r * cols, (r + 1) * cols));
}
