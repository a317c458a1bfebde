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

describe('log axis labels', () => {
  it('label only powers of ten, briefly', async () => {
    const { logTick } = await import('../../src/renderer/src/components/Charts.js');
    expect([1e-9, 1e-3, 0.01, 0.1, 1, 10, 1000, 1e4].map(logTick)).toEqual([
      '1e-9',
      '1e-3',
      '0.01',
      '0.1',
      '1',
      '10',
      '1000',
      '1e4',
    ]);
    expect([0.02, 5e-7, 0, -1, 3].map(logTick)).toEqual([null, null, null, null, null]);
  });
});
