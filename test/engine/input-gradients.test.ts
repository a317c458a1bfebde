/**
 * The executor's lean backward pass (inputGradients off): the parameters' gradients are exactly
 * those of the full pass, and the gradients flowing into data blocks — and along edges only they
 * need — are left as they were.
 */
import { describe, expect, it } from 'vitest';
import { Executor } from '../../src/engine/index.js';
import { compile, edge, makeDocument, randomRows, seededRandom } from './helpers.js';

describe('inputGradients per pass', () => {
  it('a lean pass computes the same parameter gradients and skips what only the data edges need', () => {
    const doc = makeDocument(
      [
        { id: 'x', type: 'input', params: { size: 3 } },
        { id: 'r', type: 'relu' },
        { id: 'h', type: 'linear', params: { in: 3, out: 4 } },
        { id: 'a', type: 'tanh' },
        { id: 'o', type: 'linear', params: { in: 4, out: 2 } },
        { id: 't', type: 'target', params: { size: 1 } },
        { id: 'L', type: 'cross_entropy' },
      ],
      [
        edge('x', 'r'),
        edge('r', 'h'),
        edge('h', 'a'),
        edge('a', 'o'),
        edge('o', 'L', 'pred'),
        edge('t', 'L', 'target'),
      ],
    );
    const graph = compile(doc);
    const rand = seededRandom(3);
    const x = randomRows(rand, 6, 3);
    const t = x.map((_, i) => [i % 2]);
    for (const precision of ['float32', 'float64'] as const) {
      const full = new Executor(graph, { precision, inputGradients: true, seed: 4 });
      full.feed({ x, t });
      full.forward();
      full.backward();
      const lean = new Executor(graph, { precision, inputGradients: true, seed: 4 });
      expect(lean.inputGradients).toBe(true);
      lean.inputGradients = false;
      lean.feed({ x, t });
      lean.forward();
      const edgeOf = (source: string) => doc.edges.findIndex((e) => e.source === source);
      for (const source of ['x', 'r']) lean.edgeGradient(edgeOf(source))!.data.fill(42);
      lean.backward();
      expect(lean.parameters.map((p) => Array.from(p.grad))).toEqual(full.parameters.map((p) => Array.from(p.grad)));
      // x→r and r→h carry gradients only toward the data block: untouched by the lean pass.
      for (const source of ['x', 'r'])
        expect(Array.from(lean.edgeGradient(edgeOf(source))!.data).every((v) => v === 42)).toBe(true);
      expect(Array.from(lean.edgeGradient(edgeOf('a'))!.data)).toEqual(
        Array.from(full.edgeGradient(edgeOf('a'))!.data),
      );
      // Turned on again, the next pass fills them as the full one did.
      lean.inputGradients = true;
      lean.backward();
      for (const source of ['x', 'r'])
        expect(Array.from(lean.edgeGradient(edgeOf(source))!.data)).toEqual(
          Array.from(full.edgeGradient(edgeOf(source))!.data),
        );
    }
  });

  it('an executor without input gradients plans none, whatever the flag says', () => {
    const doc = makeDocument(
      [
        { id: 'x', type: 'input', params: { size: 2 } },
        { id: 'h', type: 'linear', params: { in: 2, out: 1 } },
        { id: 't', type: 'target', params: { size: 1 } },
        { id: 'L', type: 'mse' },
      ],
      [edge('x', 'h'), edge('h', 'L', 'pred'), edge('t', 'L', 'target')],
    );
    const ex = new Executor(compile(doc));
    expect(ex.inputGradients).toBe(false);
    ex.inputGradients = true;
    ex.feed({ x: [[1, 2]], t: [[0]] });
    ex.forward();
    ex.backward();
    expect(ex.edgeGradient(0)).toBeNull();
  });
});
