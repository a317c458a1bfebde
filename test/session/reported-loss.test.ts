/**
 * A graph with two losses reports one prediction, the same everywhere: the app's output view
 * (the session's fitted curve) and `backprop predict` on the saved document print the values fed
 * to the same loss — its first loss in document order, although the other one comes first in the
 * order of computation.
 */
import { describe, expect, it } from 'vitest';
import { compileGraph, lossesInDocumentOrder, reportedLoss, type GraphDocument } from '../../src/engine/index.js';
import { backprop, temporaryFolder, writeFile } from '../cli/helpers.js';
import { session } from './helpers.js';

/** `b` (two layers, listed first) and `a` (one layer) both predict y; `La` is computed first. */
const twoLosses: GraphDocument = {
  format: 'backprop-studio.graph',
  version: 1,
  name: 'two losses',
  nodes: [
    { id: 'x', type: 'input', params: { size: 1, columns: ['x'] }, position: { x: 0, y: 0 } },
    { id: 't', type: 'target', params: { size: 1, columns: ['y'] }, position: { x: 0, y: 100 } },
    { id: 'Lb', type: 'mse', params: {}, position: { x: 300, y: 0 } },
    { id: 'La', type: 'mse', params: {}, position: { x: 300, y: 100 } },
    { id: 'a', type: 'linear', params: { in: 1, out: 1 }, position: { x: 100, y: 100 } },
    { id: 'b1', type: 'linear', params: { in: 1, out: 3 }, position: { x: 100, y: 0 } },
    { id: 'bt', type: 'tanh', params: {}, position: { x: 150, y: 0 } },
    { id: 'b2', type: 'linear', params: { in: 3, out: 1 }, position: { x: 200, y: 0 } },
  ],
  edges: [
    { id: 'e1', source: 'x', target: 'a', targetHandle: 'in' },
    { id: 'e2', source: 'x', target: 'b1', targetHandle: 'in' },
    { id: 'e3', source: 'b1', target: 'bt', targetHandle: 'in' },
    { id: 'e4', source: 'bt', target: 'b2', targetHandle: 'in' },
    { id: 'e5', source: 'a', target: 'La', targetHandle: 'pred' },
    { id: 'e6', source: 't', target: 'La', targetHandle: 'target' },
    { id: 'e7', source: 'b2', target: 'Lb', targetHandle: 'pred' },
    { id: 'e8', source: 't', target: 'Lb', targetHandle: 'target' },
  ],
  training: { optimizer: 'adam', lr: 0.05, epochs: 20, batchSize: 8, seed: 3 },
} as GraphDocument;

const csv = [
  'x,y',
  ...Array.from({ length: 24 }, (_, i) => `${(i / 4 - 3).toFixed(2)},${Math.sin(i / 4 - 3).toFixed(4)}`),
].join('\n');

describe('the reported loss', () => {
  it('is the first loss in document order, even when another is computed first', () => {
    const compiled = compileGraph(twoLosses);
    if (!compiled.ok) throw new Error(compiled.diagnostics[0].message);
    const graph = compiled.graph;
    expect(graph.nodes[graph.losses[0]].id).toBe('La');
    expect(reportedLoss(graph).id).toBe('Lb');
    expect(lossesInDocumentOrder(graph).map((n) => n.id)).toEqual(['Lb', 'La']);
  });

  it('is the same in the app’s output view and in `backprop predict`', () => {
    const s = session(structuredClone(twoLosses), { kind: 'csv', name: 'sine.csv', text: csv });
    for (let i = 0; i < 30; i++) s.step();
    const { curve } = s.progress(true);
    if (!curve) throw new Error('no fitted curve');
    const dir = temporaryFolder();
    const file = writeFile(dir, 'two-losses.bps.json', s.trainer.exportDocument());
    const xs = Array.from(curve.xs).filter((_, i) => i % 20 === 0);
    const rows = writeFile(dir, 'rows.csv', ['x', ...xs.map(String)].join('\n'));
    const run = backprop(['predict', file, '--data', rows, '--json']);
    expect(run.stderr).toBe('');
    const predicted: number[] = run.json()[0].outputs.map((row: number[]) => row[0]);
    const shown = Array.from(curve.ys).filter((_, i) => i % 20 === 0);
    expect(predicted).toHaveLength(shown.length);
    // float32 in the app's session, float64 in the CLI
    predicted.forEach((p, i) => expect(p).toBeCloseTo(shown[i], 4));
    // The two heads predict differently, so agreeing is not an accident.
    const ex = s.executor;
    expect(ex.nodeWeights('a').W.value[0]).not.toBeCloseTo(ex.nodeWeights('b2').W.value[0], 2);
  });
});
