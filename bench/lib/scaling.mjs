/**
 * Checking that work grows linearly with its input, by ratio rather than absolute time: each case
 * is timed (fastest of several interleaved rounds) beside linear work of the same size — a Map
 * entry and an array per element — because on a small shared machine even that grows faster than
 * the size (caches, garbage collection). A run fails when ten times the size takes more than 2.5
 * times as much longer as the linear work does (quadratic work: about 10 times). The reference's
 * growth counts up to twice the size's: a pause of the machine during the reference's few
 * milliseconds must not excuse anything.
 */

const LIMIT = 25;

/** The fastest time (ms) of `run` on each case over `rounds` interleaved rounds. */
export function fastest(cases, run, rounds) {
  const best = cases.map(() => Number.POSITIVE_INFINITY);
  for (let round = 0; round < rounds; round++) {
    cases.forEach((c, k) => {
      const started = performance.now();
      run(c);
      best[k] = Math.min(best[k], performance.now() - started);
    });
  }
  return best;
}

/** Linear work of `n` elements, to time beside a case of that size. */
export function linearReference(n) {
  const keys = Array.from({ length: n }, (_, i) => `k${i}`);
  return () => {
    const map = new Map();
    const lists = [];
    for (let i = 0; i < n; i++) {
      map.set(keys[i], i);
      lists.push([i]);
    }
    return map.size + lists.length;
  };
}

/**
 * Prints the times of `what` at `sizes` beside the linear reference's and whether the growth from
 * the first size to the last is linear; returns false when it is not.
 */
export function reportGrowth(what, sizes, times, referenceTimes) {
  for (let k = 0; k < sizes.length; k++)
    console.log(
      `${what}: ${sizes[k].toLocaleString('en-US').padStart(8)}  ${times[k].toFixed(1).padStart(8)} ms  (linear reference ${referenceTimes[k].toFixed(1)} ms)`,
    );
  const growth = times[times.length - 1] / times[0];
  const reference = referenceTimes[referenceTimes.length - 1] / referenceTimes[0];
  const size = sizes[sizes.length - 1] / sizes[0];
  const ok = growth <= (LIMIT / 10) * Math.max(size, Math.min(reference, 2 * size));
  console.log(
    `${what}: ${size.toFixed(0)}× the size took ${growth.toFixed(1)}× as long (linear work: ${reference.toFixed(1)}×)${ok ? '' : ' — FAILED: faster than linear growth'}`,
  );
  return ok;
}

/** One input fanning out to `n` ReLUs, summed back by a chain of Adds into an MSE: 2n + 3 blocks. */
export function fanOutGraph(n) {
  const nodes = [
    { id: 'x', type: 'input', params: { size: 2 } },
    { id: 't', type: 'target', params: { size: 2 } },
  ];
  const edges = [];
  for (let i = 0; i < n; i++) {
    nodes.push({ id: `r${i}`, type: 'relu' });
    edges.push({ source: 'x', target: `r${i}`, targetHandle: 'in' });
  }
  let sum = 'r0';
  for (let i = 1; i < n; i++) {
    nodes.push({ id: `a${i}`, type: 'add' });
    edges.push(
      { source: sum, target: `a${i}`, targetHandle: 'in0' },
      { source: `r${i}`, target: `a${i}`, targetHandle: 'in1' },
    );
    sum = `a${i}`;
  }
  nodes.push({ id: 'L', type: 'mse' });
  edges.push({ source: sum, target: 'L', targetHandle: 'pred' }, { source: 't', target: 'L', targetHandle: 'target' });
  return { format: 'backprop-studio.graph', version: 1, name: 'fan-out', nodes, edges };
}
