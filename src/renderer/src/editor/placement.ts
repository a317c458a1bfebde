/**
 * Where new blocks go: the free spot nearest to where they were asked for, so a dropped, pasted
 * or keyboard-added block never lands on top of another. Sizes are React Flow's measurements
 * when a block has been drawn, else an estimate from its title and ports.
 */
import { findBlock } from '../../../engine/index.js';
import type { BlockNode } from './model.js';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Space kept free around a block. */
export const BLOCK_GAP = 20;
const STEP = 20;
const MAX_RINGS = 150;

/** The width of every block (styles.css, `.block`). */
export const BLOCK_WIDTH = 112;

/** The drawn size of a block of `type` before it is drawn: generous, so it never underestimates. */
export function estimatedSize(type: string, params: Record<string, unknown>): { width: number; height: number } {
  const def = findBlock(type);
  const parsed = def?.schema.safeParse(params);
  const ports = def && parsed?.success ? def.inputs(parsed.data).length : 1;
  return { width: BLOCK_WIDTH, height: 72 + 36 * ports };
}

export function blockRect(node: Pick<BlockNode, 'position' | 'measured' | 'data'>): Rect {
  const estimate =
    node.measured?.width && node.measured.height ? null : estimatedSize(node.data.type, node.data.params);
  return {
    x: node.position.x,
    y: node.position.y,
    width: node.measured?.width || estimate!.width,
    height: node.measured?.height || estimate!.height,
  };
}

const overlaps = (a: Rect, b: Rect, gap: number) =>
  a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;

/** Offsets on rings of growing size around (0, 0), nearest first within each ring. */
function* ringOffsets(): Generator<{ dx: number; dy: number }> {
  yield { dx: 0, dy: 0 };
  for (let r = 1; r <= MAX_RINGS; r++) {
    const ring: { dx: number; dy: number }[] = [];
    for (let i = -r; i <= r; i++) {
      ring.push({ dx: i * STEP, dy: -r * STEP }, { dx: i * STEP, dy: r * STEP });
      if (i !== -r && i !== r) ring.push({ dx: -r * STEP, dy: i * STEP }, { dx: r * STEP, dy: i * STEP });
    }
    ring.sort((a, b) => Math.hypot(a.dx, a.dy) - Math.hypot(b.dx, b.dy));
    yield* ring;
  }
}

/**
 * The smallest shift of a group of new rectangles that leaves each clear of every occupied one
 * (by `gap`). Far off (a canvas packed for thousands of pixels) it goes below everything.
 */
export function freeOffset(
  occupied: readonly Rect[],
  group: readonly Rect[],
  gap = BLOCK_GAP,
): { dx: number; dy: number } {
  if (occupied.length === 0 || group.length === 0) return { dx: 0, dy: 0 };
  for (const o of ringOffsets()) {
    const clear = group.every((g) => occupied.every((r) => !overlaps({ ...g, x: g.x + o.dx, y: g.y + o.dy }, r, gap)));
    if (clear) return o;
  }
  const bottom = Math.max(...occupied.map((r) => r.y + r.height));
  const top = Math.min(...group.map((g) => g.y));
  return { dx: 0, dy: bottom + gap - top };
}

/** The free position nearest to `desired` for a block of `size`. */
export function freePosition(
  occupied: readonly Rect[],
  desired: { x: number; y: number },
  size: { width: number; height: number },
): { x: number; y: number } {
  const { dx, dy } = freeOffset(occupied, [{ ...desired, ...size }]);
  return { x: desired.x + dx, y: desired.y + dy };
}
