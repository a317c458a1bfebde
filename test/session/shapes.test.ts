/** The app's training session on a document that leaves its sizes to the wires and the data. */
import { describe, expect, it } from 'vitest';
import { example, session } from './helpers.js';

/** The XOR example with every `in`, `size` and column list taken out. */
function xorWithoutSizes() {
  const doc = example('xor');
  for (const node of doc.nodes)
    if (node.params) node.params = { ...node.params, in: undefined, size: undefined, columns: undefined };
  return JSON.parse(JSON.stringify(doc));
}

describe('a session on inferred shapes', () => {
  it('takes the Input’s columns from its data and trains as the example that spells them out', () => {
    const auto = session(xorWithoutSizes(), { kind: 'builtin', name: 'xor' });
    const spelled = session(example('xor'), { kind: 'builtin', name: 'xor' });
    expect(auto.info.features).toEqual(['x1', 'x2']);
    for (let i = 0; i < 20; i++) {
      auto.step();
      spelled.step();
    }
    expect(auto.progress().steps).toBe(20);
    expect(auto.progress().lastLoss).toBe(spelled.progress().lastLoss);
  });
});
