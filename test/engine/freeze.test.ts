/**
 * Frozen blocks (`trainable: false`) and hand-set weights (`init: "manual"`): the optimizer never
 * changes a frozen block's weights and keeps no state for them, gradients still flow through it
 * exactly, the flag survives the document round trip, and Reset can keep hand-set weights.
 */
import { describe, expect, it } from 'vitest';
import {
  bindData,
  type Executor,
  findBuiltin,
  gradientCheck,
  handSetNodeIds,
  parseDocument,
  resolveTraining,
  serializeDocument,
  Trainer,
  type GraphDocument,
} from '../../src/engine/index.js';
import { compile, edge, linearWeights, makeDocument, randomRows, seededRandom } from './helpers.js';

/** XOR, one hidden layer; `frozen` names the nodes with `trainable: false`. */
function xor(frozen: string[] = [], init: Record<string, string> = {}): GraphDocument {
  const rand = seededRandom(5);
  const doc = makeDocument(
    [
      { id: 'x', type: 'input', params: { size: 2 } },
      {
        id: 'h',
        type: 'linear',
        params: { in: 2, out: 4, ...(init.h ? { init: init.h } : {}) },
        weights: linearWeights(rand, 2, 4),
      },
      { id: 'a', type: 'tanh' },
      { id: 'o', type: 'linear', params: { in: 4, out: 1, ...(init.o ? { init: init.o } : {}) } },
      { id: 'p', type: 'sigmoid' },
      { id: 't', type: 'target', params: { size: 1 } },
      { id: 'L', type: 'bce' },
    ],
    [edge('x', 'h'), edge('h', 'a'), edge('a', 'o'), edge('o', 'p'), edge('p', 'L', 'pred'), edge('t', 'L', 'target')],
  );
  for (const n of doc.nodes) if (frozen.includes(n.id)) n.trainable = false;
  return doc;
}

function trainer(doc: GraphDocument, optimizer: 'sgd' | 'momentum' | 'adam'): Trainer {
  const graph = compile(doc);
  const data = bindData(graph, findBuiltin('xor')!.load({}));
  if (!data.ok) throw new Error(data.diagnostics[0].message);
  return new Trainer(graph, data.value, resolveTraining({ optimizer, lr: 0.1, batchSize: 4, seed: 3 }));
}

const values = (t: Trainer, node: string) =>
  t.executor.parameters.filter((p) => p.node === node).map((p) => Array.from(p.value));

describe('a frozen block', () => {
  it("the trained document keeps a frozen block's hand-set weights exactly, not rounded to float32", () => {
    const doc = xor(['h']);
    const h = doc.nodes.find((n) => n.id === 'h')!;
    // π/3, 0.1 + 0.2, …: none is a float32, so the float32 executor holds them rounded.
    h.weights!.W.data = [Math.PI / 3, 0.1 + 0.2, -Math.E, Math.SQRT2, 1 / 3, -2 / 7, 5, -0.5];
    const t = trainer(doc, 'adam');
    for (let e = 0; e < 20; e++) t.runEpoch();
    const exported = t.exportDocument().nodes;
    expect(exported.find((n) => n.id === 'h')!.weights).toEqual(h.weights);
    // The trained block gets what training made of it.
    expect(exported.find((n) => n.id === 'o')!.weights!.W.data).toEqual(values(t, 'o')[0]);
  });

  it.each(['sgd', 'momentum', 'adam'] as const)(
    'keeps its weights byte-identical under %s while the rest trains and the loss falls',
    (optimizer) => {
      const t = trainer(xor(['h']), optimizer);
      const before = values(t, 'h');
      const outBefore = values(t, 'o');
      const first = t.runEpoch().loss;
      let last = first;
      for (let e = 0; e < 200; e++) last = t.runEpoch().loss;
      expect(values(t, 'h')).toEqual(before);
      expect(values(t, 'o')).not.toEqual(outBefore);
      expect(last).toBeLessThan(first);
    },
  );

  it('gets no optimizer state: the optimizer holds only the trainable parameters', () => {
    const t = trainer(xor(['h']), 'adam');
    expect(t.optimizer.params.map((p) => `${p.node}.${p.name}`)).toEqual(['o.W', 'o.b']);
  });

  it('still passes the gradient on: a trainable block before a frozen one learns', () => {
    const t = trainer(xor(['o']), 'sgd');
    const before = values(t, 'h');
    for (let e = 0; e < 20; e++) t.runEpoch();
    expect(values(t, 'h')).not.toEqual(before);
    expect(t.optimizer.params.every((p) => p.node !== 'o')).toBe(true);
  });

  it('has exact gradients (checked against central differences), its own and through it', () => {
    const rand = seededRandom(9);
    const doc = xor(['h']);
    doc.nodes[3].weights = linearWeights(rand, 4, 1);
    const rows = { x: randomRows(rand, 6, 2, -2, 2), t: randomRows(rand, 6, 1, 0, 1) };
    const result = gradientCheck(compile(doc), (ex: Executor) => ex.feed(rows));
    expect(result.ok).toBe(true);
    expect(result.params.map((p) => `${p.node}.${p.name}`)).toEqual(['h.W', 'h.b', 'o.W', 'o.b']);
  });

  it('is saved as "trainable": false and read back; true is the default and not written', () => {
    const text = serializeDocument(xor(['h']));
    expect(text).toMatch(/"id": "h",\s*"type": "linear",\s*"trainable": false/);
    const parsed = parseDocument(text);
    expect(parsed.ok && parsed.document.nodes.find((n) => n.id === 'h')?.trainable).toBe(false);
    expect(serializeDocument(xor())).not.toContain('trainable');
  });

  it('is refused when not a boolean, naming where', () => {
    const doc = xor() as unknown as { nodes: Record<string, unknown>[] };
    doc.nodes[1].trainable = 'no';
    const parsed = parseDocument(JSON.stringify(doc));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.diagnostics.map((d) => d.where).join()).toContain('nodes[1].trainable');
  });
});

describe('hand-set weights (init: manual)', () => {
  it('start at zero', () => {
    const t = trainer(xor([], { o: 'manual' }), 'sgd');
    expect(
      values(t, 'o')
        .flat()
        .every((v) => v === 0),
    ).toBe(true);
  });

  it('are the nodes Reset keeps, and only those', () => {
    const doc = xor([], { h: 'manual' });
    expect(handSetNodeIds(doc)).toEqual(['h']);
    const t = trainer(doc, 'sgd');
    for (let e = 0; e < 5; e++) t.runEpoch();
    const h = values(t, 'h');
    const o = values(t, 'o');
    t.reset(3, new Set(handSetNodeIds(doc)));
    expect(values(t, 'h')).toEqual(h);
    expect(values(t, 'o')).not.toEqual(o);
    expect(values(t, 'o')).toEqual(values(trainer(xor(), 'sgd'), 'o'));
    t.reset(3);
    expect(
      values(t, 'h')
        .flat()
        .every((v) => v === 0),
    ).toBe(true);
  });
});
