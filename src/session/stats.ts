/** Small statistics over plain arrays, shared by the session's reports and hints. */

/** Root mean square; NaN for an empty array. */
export const rms = (data: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < data.length; i++) s += data[i] * data[i];
  return data.length ? Math.sqrt(s / data.length) : NaN;
};

/** The clock sessions measure their time slices with (performance.now() in workers, browsers and Node). */
export const monotonicNow = (): number =>
  (globalThis as { performance?: { now(): number } }).performance?.now() ?? Date.now();
