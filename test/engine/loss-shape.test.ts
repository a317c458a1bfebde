/**
 * Loss shapes read off the block definitions agree with the course's formulas (δ², |δ|,
 * δ²·(a·I[δ<0] + b·I[δ≥0]), −log p, and p − 1 for cross-entropy's logit), their derivative is
 * the numeric derivative of the curve itself, and a batch's examples land where their own loss is.
 */
import { describe, expect, it } from 'vitest';
import { getBlock, lossAt, lossShape, lossShapePositions } from '../../src/engine/index.js';

const params = (type: string, given: Record<string, unknown> = {}) => getBlock(type).schema.parse(given);

function expectCurve(type: string, p: Record<string, unknown>, loss: (x: number) => number, d: (x: number) => number) {
  const def = getBlock(type);
  const shape = lossShape(def, params(type, p));
  shape.xs.forEach((x, i) => {
    expect(shape.loss[i], `${type} L(${x})`).toBeCloseTo(loss(x), 9);
    expect(shape.derivative[i], `${type} dL(${x})`).toBeCloseTo(d(x), 6);
  });
  return shape;
}

describe('lossShape', () => {
  it('regression losses as functions of δ = t − y, with ∂L/∂y', () => {
    expect(
      expectCurve(
        'mse',
        {},
        (x) => x * x,
        (x) => -2 * x,
      ).axis,
    ).toBe('delta');
    expectCurve('mae', {}, Math.abs, (x) => -Math.sign(x));
    expectCurve(
      'asymmetric_mse',
      { a: 3, b: 0.5 },
      (x) => x * x * (x < 0 ? 3 : 0.5),
      (x) => -2 * x * (x < 0 ? 3 : 0.5),
    );
  });

  it('classification losses as functions of the true class’s probability', () => {
    const bce = expectCurve(
      'bce',
      {},
      (p) => -Math.log(p),
      (p) => -1 / p,
    );
    expect(bce).toMatchObject({ axis: 'probability', derivativeOf: 'p' });
    expectCurve(
      'nll',
      {},
      (p) => -Math.log(p),
      (p) => -1 / p,
    );
    // Cross-entropy takes logits: its derivative at the true class's logit is p − 1 (p − onehot(t)).
    expect(
      expectCurve(
        'cross_entropy',
        {},
        (p) => -Math.log(p),
        (p) => p - 1,
      ).derivativeOf,
    ).toBe('z');
  });

  it('the derivative is the slope of the loss curve (∂L/∂y = −dL/dδ for regression)', () => {
    for (const [type, p] of [
      ['mse', {}],
      ['asymmetric_mse', { a: 2, b: 0.25 }],
      ['bce', {}],
      ['nll', {}],
    ] as const) {
      const def = getBlock(type);
      const shape = lossShape(def, params(type, p));
      const sign = shape.axis === 'delta' ? -1 : 1;
      for (let i = 7; i < shape.xs.length - 1; i += 7) {
        const slope = (shape.loss[i + 1] - shape.loss[i - 1]) / (shape.xs[i + 1] - shape.xs[i - 1]);
        // A central difference of the plotted points: second order in the grid step.
        const error = Math.abs(shape.derivative[i] - sign * slope);
        expect(error, `${type} at ${shape.xs[i]}`).toBeLessThanOrEqual(0.01 * Math.abs(slope) + 1e-9);
      }
    }
  });
});

describe('lossShapePositions', () => {
  it('places regression elements at δ = t − y', () => {
    const def = getBlock('mse');
    const xs = lossShapePositions(
      def,
      {},
      { rows: 2, cols: 2, values: [1, 2, 3, 4] },
      { rows: 2, cols: 2, values: [1.5, 1, 3, 6] },
    );
    expect(xs).toEqual([0.5, -1, 0, 2]);
  });

  it('places a classification row at its true class’s probability, logits through softmax', () => {
    const logits = [2, 0, -1, 0.5, 0.5, 3];
    const target = { rows: 2, cols: 1, values: [0, 2] };
    const xs = lossShapePositions(getBlock('cross_entropy'), {}, { rows: 2, cols: 3, values: logits }, target);
    const softmax = (row: number[]) => row.map((v) => Math.exp(v) / row.reduce((s, u) => s + Math.exp(u), 0));
    expect(xs[0]).toBeCloseTo(softmax([2, 0, -1])[0], 12);
    expect(xs[1]).toBeCloseTo(softmax([0.5, 0.5, 3])[2], 12);
    // At that position the curve's loss is the row's own loss, −log p_true.
    expect(lossAt(getBlock('cross_entropy'), {}, xs[1])).toBeCloseTo(-Math.log(xs[1]), 9);
    const bce = lossShapePositions(
      getBlock('bce'),
      {},
      { rows: 2, cols: 1, values: [0.9, 0.2] },
      { rows: 2, cols: 1, values: [1, 0] },
    );
    expect(bce[0]).toBeCloseTo(0.9, 12);
    expect(bce[1]).toBeCloseTo(0.8, 12);
  });
});
