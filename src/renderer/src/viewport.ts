/**
 * Where the canvas looks and what it keeps clear: the zoom a graph opens at (readable first,
 * whole if it fits) and a corner for the minimap that covers no block. Pure geometry, in screen
 * pixels of the canvas unless named otherwise.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** The smallest text in a block, in px at zoom 1 (the stylesheet's block fonts). */
export const NODE_TEXT_PX = 12;
/** Node text on screen when a graph opens: at least this in the editor, more when presenting. */
export const READABLE_TEXT_PX = 12;
export const PRESENTATION_TEXT_PX = 18;
/** Space kept around a graph that fits, in px. */
export const FIT_PADDING = 16;

/**
 * The viewport that shows `bounds` (flow coordinates) in a view of `view` px: as large as fits,
 * but never smaller than `minZoom` (text stays readable) nor larger than `maxZoom`. A graph
 * that does not fit at `minZoom` starts at its top-left corner (where its inputs are), else it
 * is centred.
 */
export function readableViewport(
  bounds: Rect,
  view: { width: number; height: number },
  { minZoom, maxZoom, padding = FIT_PADDING }: { minZoom: number; maxZoom: number; padding?: number },
): Viewport {
  const fit = Math.min(
    (view.width - 2 * padding) / Math.max(1, bounds.width),
    (view.height - 2 * padding) / Math.max(1, bounds.height),
  );
  const zoom = Math.max(minZoom, Math.min(maxZoom, fit));
  const place = (start: number, size: number, room: number) =>
    size * zoom + 2 * padding <= room ? (room - size * zoom) / 2 - start * zoom : padding - start * zoom;
  return {
    x: place(bounds.x, bounds.width, view.width),
    y: place(bounds.y, bounds.height, view.height),
    zoom,
  };
}

export type Corner = 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';
/** Corners in the order they are tried: the minimap's usual place first. */
export const CORNERS: readonly Corner[] = ['bottom-right', 'top-right', 'bottom-left', 'top-left'];
/** Minimap sizes tried in each corner, largest first. */
export const MINIMAP_SIZES: readonly { width: number; height: number }[] = [
  { width: 200, height: 140 },
  { width: 150, height: 100 },
  { width: 110, height: 74 },
];
/** Gap between the minimap and the canvas edge, and the clearance kept to blocks, in px. */
export const CORNER_MARGIN = 10;

export function cornerRect(
  corner: Corner,
  size: { width: number; height: number },
  view: { width: number; height: number },
): Rect {
  const x = corner.endsWith('right') ? view.width - CORNER_MARGIN - size.width : CORNER_MARGIN;
  const y = corner.startsWith('bottom') ? view.height - CORNER_MARGIN - size.height : CORNER_MARGIN;
  return { x, y, ...size };
}

export function overlaps(a: Rect, b: Rect, clearance = 0): boolean {
  return (
    a.x - clearance < b.x + b.width &&
    b.x - clearance < a.x + a.width &&
    a.y - clearance < b.y + b.height &&
    b.y - clearance < a.y + a.height
  );
}

/**
 * The first corner and size (largest first) where the minimap covers none of `blocks`, or null
 * when every corner is taken. `blocks` are screen rectangles in the canvas.
 */
export function freeCorner(
  blocks: readonly Rect[],
  view: { width: number; height: number },
  sizes: readonly { width: number; height: number }[] = MINIMAP_SIZES,
): { corner: Corner; width: number; height: number } | null {
  for (const size of sizes) {
    if (size.width + 2 * CORNER_MARGIN > view.width || size.height + 2 * CORNER_MARGIN > view.height) continue;
    for (const corner of CORNERS) {
      const rect = cornerRect(corner, size, view);
      if (!blocks.some((b) => overlaps(rect, b, CORNER_MARGIN / 2))) return { corner, ...size };
    }
  }
  return null;
}
