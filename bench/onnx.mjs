#!/usr/bin/env node
/**
 * `npm run bench:onnx`: ONNX export, ONNX import and PyTorch export must be linear in blocks +
 * edges (issue 11 measured a fan-out DAG of 1,000 → 10,000 blocks at 0.2 → 5.3 s for the ONNX
 * round trip). Graphs of two sizes, ten times apart, of each shape that has been quadratic
 * somewhere: a fan-out DAG (one input read by every branch), a chain (deep), and many small
 * models side by side (many inputs, outputs, losses and targets, with ids that all become the
 * same Python name). Growth is judged by ratio against linear work of the same size
 * (bench/lib/scaling.mjs), so a loaded machine does not fail it. Exits non-zero when one grows
 * faster than linearly.
 *
 * Options: --rounds N (default 3), --small N (blocks of the smaller graphs, default 1,000).
 */
import { exportOnnx, exportPytorch, importOnnx } from '../dist/engine/index.js';
import { fanOutGraph, fastest, linearReference, reportGrowth } from './lib/scaling.mjs';

const option = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROUNDS = option('--rounds', 3);
const SMALL = option('--small', 1000);

/** Linear and ReLU blocks one after the other: n + 3 blocks. */
function chain(n) {
  const nodes = [
    { id: 'x', type: 'input', params: { size: 2 } },
    { id: 't', type: 'target', params: { size: 2 } },
  ];
  const edges = [];
  let previous = 'x';
  for (let i = 0; i < n; i++) {
    const id = `b${i}`;
    nodes.push(i % 2 ? { id, type: 'relu' } : { id, type: 'linear', params: { in: 2, out: 2 } });
    edges.push({ source: previous, target: id, targetHandle: 'in' });
    previous = id;
  }
  nodes.push({ id: 'L', type: 'mse' });
  edges.push(
    { source: previous, target: 'L', targetHandle: 'pred' },
    { source: 't', target: 'L', targetHandle: 'target' },
  );
  return { format: 'backprop-studio.graph', version: 1, name: 'chain', nodes, edges };
}

/** `n` models side by side, each an Input → Linear → MSE with its Target (4n blocks), ids in Cyrillic letters. */
function sideBySide(n) {
  const letters = 'абвгдежзиклмнопрстуфхцчшщэюя';
  const word = (i) => {
    let s = '';
    for (let k = 0; k < 4; k++, i = Math.floor(i / letters.length)) s += letters[i % letters.length];
    return s;
  };
  const nodes = [];
  const edges = [];
  for (let i = 0; i < n; i++) {
    const w = word(i);
    nodes.push(
      { id: `вход${w}`, type: 'input', params: { size: 1 } },
      { id: `слой${w}`, type: 'linear', params: { in: 1, out: 1 } },
      { id: `цель${w}`, type: 'target', params: { size: 1 } },
      { id: `ошибка${w}`, type: 'mse' },
    );
    edges.push(
      { source: `вход${w}`, target: `слой${w}`, targetHandle: 'in' },
      { source: `слой${w}`, target: `ошибка${w}`, targetHandle: 'pred' },
      { source: `цель${w}`, target: `ошибка${w}`, targetHandle: 'target' },
    );
  }
  return { format: 'backprop-studio.graph', version: 1, name: 'side by side', nodes, edges };
}

function expectOk(result, what) {
  if (!result.ok) throw new Error(`${what}: ${result.diagnostics[0].message}`);
  return result;
}

const shapes = [
  ['fan-out', (blocks) => fanOutGraph(Math.round((blocks - 3) / 2))],
  ['chain', (blocks) => chain(blocks - 3)],
  ['side by side', (blocks) => sideBySide(Math.round(blocks / 4))],
];
let failed = false;
for (const [shape, make] of shapes) {
  const docs = [SMALL, 10 * SMALL].map(make);
  const sizes = docs.map((d) => d.nodes.length + d.edges.length);
  const references = fastest(
    sizes.map((n) => linearReference(n)),
    (run) => run(),
    ROUNDS,
  );
  const files = docs.map((d) => expectOk(exportOnnx(d), `${shape}: ONNX export`).bytes);
  const check = (what, run) => {
    const times = fastest([0, 1], (k) => run(k), ROUNDS);
    failed = !reportGrowth(`${shape}, ${what} (blocks + edges)`, sizes, times, references) || failed;
  };
  check('ONNX export', (k) => expectOk(exportOnnx(docs[k]), 'ONNX export'));
  check('ONNX import', (k) => {
    const imported = expectOk(importOnnx(files[k]), 'ONNX import');
    if (imported.document.nodes.length !== docs[k].nodes.length) throw new Error(`${shape}: blocks lost on import`);
  });
  check('PyTorch export', (k) => expectOk(exportPytorch(docs[k]), 'PyTorch export'));
}
process.exit(failed ? 1 : 0);
