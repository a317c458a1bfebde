/**
 * Graph compilation is linear in blocks + edges. Timings on a shared machine are noise, so this
 * test counts work instead: how often compilation reads the document's nodes and edges (a constant
 * number of times each, whatever the size). The time it takes, and the topological sort's, are
 * measured by `npm run bench:compile`.
 */
import { describe, expect, it } from 'vitest';
import { compileGraph, loadDocument, type GraphDocument } from '../../src/engine/index.js';

/** One input fanning out to `n` ReLUs, summed back by a chain of Adds into an MSE: 2n + 3 blocks. */
function fanOut(n: number): GraphDocument {
  const nodes: GraphDocument['nodes'] = [
    { id: 'x', type: 'input', params: { size: 2 } },
    { id: 't', type: 'target', params: { size: 2 } },
  ];
  const edges: GraphDocument['edges'] = [];
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

/** `items` behind a proxy that counts every read of an element. */
function counted<T>(items: T[], counter: { reads: number }): T[] {
  return new Proxy(items, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) counter.reads++;
      return Reflect.get(target, key, receiver);
    },
  });
}

function readsPerElement(n: number): number {
  const doc = fanOut(n);
  const counter = { reads: 0 };
  const watched = { ...doc, nodes: counted(doc.nodes, counter), edges: counted(doc.edges, counter) };
  const compiled = compileGraph(watched);
  expect(compiled.ok).toBe(true);
  return counter.reads / (doc.nodes.length + doc.edges.length);
}

describe('compiling large graphs', () => {
  it('reads each node and edge a constant number of times, at 1,000 and at 10,000 blocks', () => {
    const small = readsPerElement(500);
    const large = readsPerElement(5000);
    expect(small).toBeLessThan(20);
    expect(large).toBeLessThanOrEqual(small * 1.05);
  });
});
