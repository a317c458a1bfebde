/** The zoom a graph opens at, and the minimap's free corner. */
import { describe, expect, it } from 'vitest';
import { cornerRect, freeCorner, MINIMAP_SIZES, overlaps, readableViewport } from '../../src/renderer/src/viewport.js';

describe('readable viewport', () => {
  it('shows a graph that fits whole and centred, no larger than the maximum zoom', () => {
    const v = readableViewport(
      { x: 0, y: 0, width: 400, height: 100 },
      { width: 800, height: 400 },
      { minZoom: 1, maxZoom: 1.25 },
    );
    expect(v.zoom).toBe(1.25);
    expect(v.x + 200 * v.zoom).toBeCloseTo(400); // centre of the graph at the centre of the view
    expect(v.y + 50 * v.zoom).toBeCloseTo(200);
  });

  it('never goes below the readable zoom: a wide graph starts at its inputs (left), still centred vertically', () => {
    const v = readableViewport(
      { x: -50, y: 10, width: 2000, height: 100 },
      { width: 800, height: 400 },
      { minZoom: 1, maxZoom: 1.25, padding: 16 },
    );
    expect(v.zoom).toBe(1);
    expect(v.x + -50 * v.zoom).toBe(16);
    expect(v.y + 60 * v.zoom).toBeCloseTo(200);
  });

  it('shrinks a graph that fits only when zoomed out, down to the minimum', () => {
    const v = readableViewport(
      { x: 0, y: 0, width: 1000, height: 100 },
      { width: 832, height: 400 },
      { minZoom: 0.5, maxZoom: 2, padding: 16 },
    );
    expect(v.zoom).toBeCloseTo(0.8);
  });
});

describe('minimap corner', () => {
  const view = { width: 800, height: 400 };
  it('takes the bottom-right corner when it is free, at full size', () => {
    expect(freeCorner([{ x: 10, y: 10, width: 100, height: 60 }], view)).toEqual({
      corner: 'bottom-right',
      ...MINIMAP_SIZES[0],
    });
  });

  it('moves to another corner, then shrinks, then gives up, and never overlaps a block', () => {
    const big = MINIMAP_SIZES[0];
    const br = cornerRect('bottom-right', big, view);
    const blocks = [{ x: br.x + 20, y: br.y + 20, width: 40, height: 40 }];
    const spot = freeCorner(blocks, view)!;
    expect(spot.corner).toBe('top-right');
    // Blocks in all four corners but a small gap at the bottom right: a smaller map.
    const corners = (['bottom-right', 'top-right', 'bottom-left', 'top-left'] as const).map((c) =>
      cornerRect(c, big, view),
    );
    const crowded = corners.map((r, i) => (i === 0 ? { x: r.x, y: r.y, width: 40, height: 40 } : r));
    const small = freeCorner(crowded, view)!;
    expect(small.corner).toBe('bottom-right');
    expect(small.width).toBeLessThan(big.width);
    expect(crowded.some((b) => overlaps(cornerRect(small.corner, small, view), b))).toBe(false);
    expect(freeCorner([{ x: 0, y: 0, width: 800, height: 400 }], view)).toBeNull();
  });
});
