#!/usr/bin/env node
/**
 * `npm run bench:compile`: graph compilation (validation, shape inference, topological order) on
 * fan-out DAGs of 1,000, 10,000 and 18,000 blocks, and the topological sort alone on 10,000 and
 * 100,000 nodes that are all ready at once. Both must grow linearly (n log n for the sort): the
 * run fails when ten times the size takes more than 2.5 times as much longer as linear work of
 * the same size does (quadratic work: about 10 times). Fastest of several interleaved rounds.
 */
import { compileGraph, loadDocument, topologicalOrder } from '../dist/engine/index.js';
import { fanOutGraph, fastest, linearReference, reportGrowth } from './lib/scaling.mjs';

const ROUNDS = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 5;

function fanOut(n) {
  const loaded = loadDocument(fanOutGraph(n));
  if (!loaded.ok) throw new Error(loaded.diagnostics[0].message);
  return loaded.document;
}

function allReady(n) {
  const ids = Array.from({ length: n + 1 }, (_, i) => `n${i}`);
  return { ids, edges: ids.slice(1).map((id) => ({ source: 'n0', target: id })) };
}

let failed = false;
const fastestOf = (cases, run) => fastest(cases, run, ROUNDS);
const report = (...args) => {
  failed = !reportGrowth(...args) || failed;
};

const graphs = [500, 5000, 9000].map(fanOut);
const graphReferences = graphs.map((g) => linearReference(g.nodes.length + g.edges.length));
report(
  'compile (blocks)',
  graphs.map((g) => g.nodes.length),
  fastestOf(graphs, (g) => {
    if (!compileGraph(g).ok) throw new Error('the benchmark graph does not compile');
  }),
  fastestOf(graphReferences, (run) => run()),
);
const sorts = [10_000, 100_000].map(allReady);
const sortReferences = sorts.map((s) => linearReference(2 * s.ids.length));
report(
  'topological sort (nodes)',
  sorts.map((s) => s.ids.length),
  fastestOf(sorts, (s) => topologicalOrder(s.ids, s.edges)),
  fastestOf(sortReferences, (run) => run()),
);
process.exit(failed ? 1 : 0);
