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
    expect(shown.map((l) => Number(l.slice(1)))).toEqual([...shown.map((l) => Number(l.slice(1)))].sort((a, b) => a - b));
  });
});
