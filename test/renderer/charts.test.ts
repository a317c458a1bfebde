/** Which layers the gradient-norm chart draws on a large graph. */
import { describe, expect, it } from 'vitest';
import { MAX_LAYER_SERIES, shownLayers } from '../../src/renderer/src/components/Charts.js';

describe('gradient-norm chart layers', () => {
  it('draws every layer of a small graph', () => {
    const layers = Array.from({ length: MAX_LAYER_SERIES }, (_, i) => `l${i}`);
    expect(shownLayers(layers)).toEqual(layers);
  });

  it('draws a spread of a large graph’s layers, in order, the first and the last included', () => {
    const layers = Array.from({ length: 190 }, (_, i) => `l${i}`);
    const shown = shownLayers(layers);
    expect(shown).toHaveLength(MAX_LAYER_SERIES);
    expect(shown[0]).toBe('l0');
    expect(shown.at(-1)).toBe('l189');
    expect(shown.map((l) => Number(l.slice(1)))).toEqual(
      [...shown.map((l) => Number(l.slice(1)))].sort((a, b) => a - b),
    );
  });
});

describe('chart numbers', () => {
  it('show at most 3 significant digits, briefly', async () => {
    const { shortNumber } = await import('../../src/renderer/src/components/Charts.js');
    expect(
      [0, 0.253461, 0.0004, 1234.5, 98.333, 1e-5, 2.5e-7, 1e-9, 0.01, 1, 1e4, 123456, -0.1234].map(shortNumber),
    ).toEqual([
      '0',
      '0.253',
      '4e-4',
      '1230',
      '98.3',
      '1e-5',
      '2.5e-7',
      '1e-9',
      '0.01',
      '1',
      '10000',
      '1.23e5',
      '-0.123',
    ]);
  });

  it('label a log axis within one decade with evenly spaced values', async () => {
    const { logAxisTicks } = await import('../../src/renderer/src/components/Charts.js');
    const ticks = logAxisTicks(0.2, 0.3, 6);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks[0]).toBeGreaterThanOrEqual(0.2);
    expect(ticks.at(-1)).toBeLessThanOrEqual(0.3);
    // Evenly spaced by a 1-2-5 step.
    const steps = ticks.slice(1).map((t, i) => Number((t - ticks[i]).toPrecision(6)));
    expect(new Set(steps).size).toBe(1);
    expect([0.01, 0.02, 0.05]).toContain(steps[0]);
    // A short chart (room for two labels) still gets two.
    for (const [lo, hi] of [
      [0.6, 0.8],
      [0.62, 0.77],
      [0.2, 0.3],
      [1.1, 1.4],
    ])
      expect(logAxisTicks(lo, hi, 2).length).toBe(2);
  });

  it('label a few decades in 1-2-5 or 1-3 steps and many decades with powers of ten that do not crowd', async () => {
    const { logAxisTicks } = await import('../../src/renderer/src/components/Charts.js');
    expect(logAxisTicks(0.003, 0.7, 10)).toEqual([0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5]);
    // The same range with room for five labels (a short chart): 1-3 steps.
    expect(logAxisTicks(0.005, 0.7, 5)).toEqual([0.01, 0.03, 0.1, 0.3]);
    expect(logAxisTicks(1e-6, 1, 10)).toEqual([1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1]);
    // Twelve decades in room for five labels: every third power of ten.
    const crowded = logAxisTicks(1e-12, 1, 5);
    expect(crowded).toEqual([1e-12, 1e-9, 1e-6, 1e-3, 1]);
    expect(logAxisTicks(0, 1, 5)).toEqual([]);
    expect(logAxisTicks(0.5, 0.5, 5)).toEqual([0.5]);
  });

  it('keep every two labels a label’s room apart, with at least two on any axis that spans a range', async () => {
    const { logAxisTicks } = await import('../../src/renderer/src/components/Charts.js');
    // A decade and a bit with one power of ten inside, on a short chart: before, 0.001 and 0.002
    // (a third of the room apart) at the top and nothing below.
    expect(logAxisTicks(2e-4, 2.3e-3, 2.3)).toEqual([2e-4, 1e-3]);
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let trial = 0; trial < 2000; trial++) {
      const min = 10 ** (-12 + 13 * random());
      const max = min * 10 ** (0.1 + 12 * random() ** 2);
      const room = 2 + 12 * random();
      const ticks = logAxisTicks(min, max, room);
      const where = `${min} … ${max}, room ${room}: ${ticks.join(', ')}`;
      expect(ticks.length, where).toBeGreaterThanOrEqual(2);
      expect(ticks.length, where).toBeLessThanOrEqual(Math.floor(room));
      for (const t of ticks) expect(t >= min * (1 - 1e-9) && t <= max * (1 + 1e-9), where).toBe(true);
      for (let i = 1; i < ticks.length; i++)
        expect(Math.log10(ticks[i] / ticks[i - 1]) * room, where).toBeGreaterThanOrEqual(
          Math.log10(max / min) * (1 - 1e-6),
        );
    }
  });
});
