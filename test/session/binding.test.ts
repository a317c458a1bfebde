/**
 * The app's training session binds a trained document's data as `backprop train` does: its Input
 * blocks take the features recorded at training (in their recorded order) when the data has them.
 */
import { describe, expect, it } from 'vitest';
import { bindData, compileGraph, parseCsv } from '../../src/engine/index.js';
import { example, session } from './helpers.js';

const rows = 'a,b,y\n0,1,1\n1,0,1\n0,0,0\n1,1,0\n';

describe('the session binds columns as the CLI does', () => {
  it('a document that recorded features b, a trains on b, a in the app and the CLI alike', () => {
    const doc = example('xor');
    for (const node of doc.nodes) {
      if (node.type === 'input') node.params = { size: 2 };
      if (node.type === 'target') node.params = { size: 1, columns: ['y'] };
    }
    doc.data = { features: ['b', 'a'] };
    const app = session(doc, { kind: 'csv', name: 'rows.csv', text: rows }).trainer.data.inputs[0].columns;
    const graph = compileGraph(doc);
    const parsed = parseCsv(rows, 'rows.csv');
    if (!graph.ok || !parsed.ok) throw new Error('invalid');
    const cli = bindData(graph.graph, parsed.value, { features: doc.data.features });
    expect(cli.ok && cli.value.inputs[0].columns).toEqual(['b', 'a']);
    expect(app).toEqual(['b', 'a']);
  });
});
