/**
 * Every unit's map, as the session reports it for the thumbnails on the blocks: checked against
 * the units' formulas evaluated by hand at the grid's points (tanh(W·x + b) over the XOR plane,
 * sigmoid(w·x + b) along the sine's line), and only for the blocks that have units to show.
 */
import { describe, expect, it } from 'vitest';
import { UNIT_GRID, UNIT_POINTS } from '../../src/session/units.js';
import { example, session } from './helpers.js';

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

describe('unit maps', () => {
  it('maps each unit of every computed block over the 2-D input plane', () => {
    const doc = example('xor');
    const h = { W: [1.5, -2, 0.5, 0.25, -1, 1, 2, 2], b: [0.1, -0.2, 0, 0.5] };
    const o = { W: [1, -1, 0.5, 2], b: [-0.3] };
    for (const n of doc.nodes) {
      if (n.id === 'h') n.weights = { W: { shape: [4, 2], data: h.W }, b: { shape: [4], data: h.b } };
      if (n.id === 'o') n.weights = { W: { shape: [1, 4], data: o.W }, b: { shape: [1], data: o.b } };
    }
    const s = session(doc, { kind: 'builtin', name: 'xor' });
    expect(s.trainer.normalization).toBeUndefined();
    const view = s.progress(true).units!;
    expect(view.kind).toBe('plane');
    expect(view.size).toBe(UNIT_GRID);
    expect(Object.keys(view.blocks).sort()).toEqual(['h', 'hs', 'o', 'p']);
    const [x0, x1] = view.x;
    const [y0, y1] = view.y!;
    const at = (cell: number) => [
      x0 + (((cell % UNIT_GRID) + 0.5) / UNIT_GRID) * (x1 - x0),
      y1 - ((Math.floor(cell / UNIT_GRID) + 0.5) / UNIT_GRID) * (y1 - y0),
    ];
    const points = UNIT_GRID * UNIT_GRID;
    for (const cell of [0, 31, 500, 1023]) {
      const [a, b] = at(cell);
      const hidden = [0, 1, 2, 3].map((j) => h.W[2 * j] * a + h.W[2 * j + 1] * b + h.b[j]);
      for (let j = 0; j < 4; j++) {
        expect(view.blocks.h.values[j * points + cell]).toBeCloseTo(hidden[j], 4);
        expect(view.blocks.hs.values[j * points + cell]).toBeCloseTo(Math.tanh(hidden[j]), 4);
      }
      const out = hidden.reduce((sum, v, j) => sum + o.W[j] * Math.tanh(v), o.b[0]);
      expect(view.blocks.o.values[cell]).toBeCloseTo(out, 4);
      expect(view.blocks.p.values[cell]).toBeCloseTo(sigmoid(out), 4);
    }
    // The range is the block's, over all its units.
    const hs = view.blocks.hs;
    expect(hs.min).toBe(Math.min(...hs.values));
    expect(hs.max).toBe(Math.max(...hs.values));
    // The small Linear blocks' weights, for the neuron views.
    const small = s.progress(true).smallWeights!;
    expect(Array.from(small.h.W)).toEqual(h.W.map(Math.fround));
    expect(Array.from(small.o.b)).toEqual(o.b.map(Math.fround));
  });

  it('draws each unit’s curve along a 1-D input', () => {
    const s = session(example('sine'), { kind: 'builtin', name: 'sine' });
    for (let i = 0; i < 20; i++) s.step();
    const view = s.progress(true).units!;
    expect(view.kind).toBe('curve');
    expect(view.xs).toHaveLength(UNIT_POINTS);
    expect(view.blocks.steps.units).toBe(8);
    const W = s.executor.nodeWeights('hidden').W.value;
    const b = s.executor.nodeWeights('hidden').b.value;
    for (const i of [0, 37, UNIT_POINTS - 1]) {
      const x = view.xs![i];
      for (let j = 0; j < 8; j++)
        expect(view.blocks.steps.values[j * UNIT_POINTS + i]).toBeCloseTo(sigmoid(W[j] * x + b[j]), 4);
    }
  });

  it('maps nothing for inputs of more than two columns', () => {
    const s = session(example('iris-mlp'), { kind: 'builtin', name: 'iris' });
    expect(s.progress(true).units).toBeUndefined();
  });
});
