#!/usr/bin/env node
/**
 * `npm run bench:compile`: graph compilation (validation, shape inference, topological order) on
 * fan-out DAGs of 1,000, 10,000 and 18,000 blocks, and the topological sort alone on 10,000 and
 * 100,000 nodes that are all ready at once. Both must grow linearly (n log n for the sort): the
 * run fails when ten times the size takes more than 2.5 times as much longer as linear work of
 * the same size does (quadratic work: about 10 times). Fastest of several interleaved rounds.
 */
import { compileGraph, loadDocument, topologicalOrder } from '../dist/engine/index.js';

const ROUNDS = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 5;
const LIMIT = 25;

/** One input fanning out to `n` ReLUs, summed back by a chain of Adds into an MSE: 2n + 3 blocks. */
function fanOut(n) {
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
  const loaded = loadDocument({ format: 'backprop-studio.graph', version: 1, name: 'fan-out', nodes, edges });
  if (!loaded.ok) throw new Error(loaded.diagnostics[0].message);
  return loaded.document;
}

function allReady(n) {
  const ids = Array.from({ length: n + 1 }, (_, i) => `n${i}`);
  return { ids, edges: ids.slice(1).map((id) => ({ source: 'n0', target: id })) };
}

function fastest(cases, run) {
  const best = cases.map(() => Number.POSITIVE_INFINITY);
  for (let round = 0; round < ROUNDS; round++) {
    cases.forEach((c, k) => {
      const started = performance.now();
      run(c);
      best[k] = Math.min(best[k], performance.now() - started);
    });
  }
  return best;
}

/**
 * Linear work of the same size: a Map entry and an array per element. On a small shared machine
 * even this grows faster than the size (caches, garbage collection), so growth is judged against it.
 */
function linearReference(n) {
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

let failed = false;
function report(what, sizes, times, referenceTimes) {
  for (let k = 0; k < sizes.length; k++)
    console.log(
      `${what}: ${sizes[k].toLocaleString('en-US').padStart(8)}  ${times[k].toFixed(1).padStart(8)} ms  (linear reference ${referenceTimes[k].toFixed(1)} ms)`,
    );
  const growth = times[times.length - 1] / times[0];
  const reference = referenceTimes[referenceTimes.length - 1] / referenceTimes[0];
  const size = sizes[sizes.length - 1] / sizes[0];
  const ok = growth <= (LIMIT / 10) * Math.max(size, reference);
  failed ||= !ok;
  console.log(
    `${what}: ${size.toFixed(0)}× the size took ${growth.toFixed(1)}× as long (linear work: ${reference.toFixed(1)}×)${ok ? '' : ' — FAILED: faster than linear growth'}`,
  );
}

const graphs = [500, 5000, 9000].map(fanOut);
const graphReferences = graphs.map((g) => linearReference(g.nodes.length + g.edges.length));
report(
  'compile (blocks)',
  graphs.map((g) => g.nodes.length),
  fastest(graphs, (g) => {
    if (!compileGraph(g).ok) throw new Error('the benchmark graph does not compile');
  }),
  fastest(graphReferences, (run) => run()),
);
const sorts = [10_000, 100_000].map(allReady);
const sortReferences = sorts.map((s) => linearReference(2 * s.ids.length));
report(
  'topological sort (nodes)',
  sorts.map((s) => s.ids.length),
  fastest(sorts, (s) => topologicalOrder(s.ids, s.edges)),
  fastest(sortReferences, (run) => run()),
);
process.exit(failed ? 1 : 0);
