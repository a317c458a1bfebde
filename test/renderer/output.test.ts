/** The 2-D output plot's numbers: axis ticks, room for labels, the regression colour scale and the legend. */
import { describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../src/session/protocol.js';
import {
  axisTicks,
  boundaryLegend,
  classColors,
  plotMargins,
  regressionColor,
  regressionRange,
} from '../../src/renderer/src/components/OutputView.js';

const info = (over: Partial<SessionInfo>): SessionInfo =>
  ({ features: ['x1', 'x2'], targets: ['y'], task: 'binary', ...over }) as SessionInfo;

const hex = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));

describe('axis ticks', () => {
  it('are round numbers 1, 2 or 5 × 10ᵏ apart, within the range, its ends included when round', () => {
    expect(axisTicks(0, 1, 4)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(axisTicks(0, 1, 2)).toEqual([0, 0.5, 1]);
    expect(axisTicks(-1.23, 1.23, 4)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(axisTicks(-2.21, 2.22, 3)).toEqual([-2, -1, 0, 1, 2]);
    expect(axisTicks(1200, 5600, 4)).toEqual([2000, 3000, 4000, 5000]);
    expect(axisTicks(0.0012, 0.0031, 4)).toEqual([0.0015, 0.002, 0.0025, 0.003]);
  });

  it('number about as many as asked, and one value for an empty range', () => {
    for (const [lo, hi] of [
      [0, 1],
      [-3.7, 12.1],
      [1e-6, 7e-6],
      [-1e5, 3e5],
    ])
      for (const count of [2, 4, 8]) {
        const ticks = axisTicks(lo, hi, count);
        expect(ticks.length).toBeGreaterThanOrEqual(Math.max(2, Math.floor(count / 2)));
        expect(ticks.length).toBeLessThanOrEqual(2 * count + 1);
        expect(ticks.every((t) => t >= lo && t <= hi)).toBe(true);
      }
    expect(axisTicks(3, 3)).toEqual([3]);
  });
});

describe('plot margins', () => {
  it('widen the y axis and the legend for longer labels, and grow with the text size', () => {
    const short = plotMargins(['0', '1'], ['0', '1'], 11);
    const long = plotMargins(['-1250', '1250'], ['versicolor', 'setosa'], 11);
    expect(long.y).toBeGreaterThan(short.y + 20);
    expect(long.legend).toBeGreaterThan(short.legend + 40);
    const large = plotMargins(['0', '1'], ['0', '1'], 18);
    expect(large.y).toBeGreaterThan(short.y);
    expect(large.x).toBeGreaterThan(short.x);
    // Room for a label of 0.65 em per character, the rotated axis name and the gaps.
    expect(long.y).toBeGreaterThanOrEqual(5 * 0.65 * 11 + 11 * 1.4 + 10);
  });
});

describe('regression colours', () => {
  it('run from the first class colour (low) through a light middle to the second (high), clamped', () => {
    expect(regressionColor(0).map(Math.round)).toEqual(hex(classColors[0]));
    expect(regressionColor(1).map(Math.round)).toEqual(hex(classColors[1]));
    expect(Math.min(...regressionColor(0.5))).toBeGreaterThan(230);
    expect(regressionColor(-3)).toEqual(regressionColor(0));
    expect(regressionColor(7)).toEqual(regressionColor(1));
    expect(regressionColor(Number.NaN)).toEqual(regressionColor(0.5));
  });

  it('share one range between the predictions and the targets, ignoring values that are not finite', () => {
    expect(regressionRange(Float32Array.of(0.5, 2, Number.NaN), [-3, 1, Number.POSITIVE_INFINITY])).toEqual([-3, 2]);
    expect(regressionRange(Float32Array.of(4, 4), [4])).toEqual([3, 5]);
    expect(regressionRange(Float32Array.of(Number.NaN), [])).toEqual([0, 1]);
  });
});

describe('the legend', () => {
  it('names each class with its colour', () => {
    const legend = boundaryLegend(
      info({ task: 'multiclass', classes: ['setosa', 'versicolor', 'virginica'] }),
      null,
      3,
    );
    expect(legend.scale).toBe(false);
    expect(legend.labels).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(legend.colors).toEqual(classColors.slice(0, 3));
  });

  it('shows a probability from 1 (top) to 0, with the class names when the data has them', () => {
    expect(boundaryLegend(info({}), null, 1)).toMatchObject({
      scale: true,
      labels: ['1', '0.5', '0'],
      at: [1, 0.5, 0],
    });
    expect(boundaryLegend(info({ classes: ['no', 'yes'] }), null, 1).labels).toEqual(['1 (yes)', '0.5', '0 (no)']);
  });

  it('shows a regression’s range in round numbers at their place on the scale', () => {
    const legend = boundaryLegend(info({ task: 'regression' }), [-2.5, 1.5], 1);
    expect(legend.labels).toEqual(['1', '0', '-1', '-2']);
    expect(legend.at).toEqual([0.875, 0.625, 0.375, 0.125]);
    expect(legend.colors[0]).toBe(`rgb(${hex(classColors[1]).join(', ')})`);
    expect(legend.colors.at(-1)).toBe(`rgb(${hex(classColors[0]).join(', ')})`);
  });
});
