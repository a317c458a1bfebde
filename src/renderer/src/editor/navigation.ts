/**
 * Moving the selection between blocks with the arrow keys, along the wires: → to a block this
 * one feeds, ← to one that feeds it (its first input port's first), ↑/↓ among its siblings —
 * blocks that feed the same block or are fed by the same block — and, when it has none that
 * way, to the nearest block above or below.
 */
import { findBlock } from '../../../engine/index.js';
import type { BlockNode, FlowEdge } from './model.js';

export type Direction = 'left' | 'right' | 'up' | 'down';

const centre = (n: BlockNode) => ({
  x: n.position.x + (n.measured?.width ?? 160) / 2,
  y: n.position.y + (n.measured?.height ?? 60) / 2,
});

function portOrder(node: BlockNode): readonly string[] {
  const def = findBlock(node.data.type);
  const parsed = def?.schema.safeParse(node.data.params);
  return def && parsed?.success ? def.inputs(parsed.data) : [];
}

/** The block the selection moves to from `fromId`, or null when there is none that way. */
export function neighbour(
  nodes: readonly BlockNode[],
  edges: readonly FlowEdge[],
  fromId: string,
  direction: Direction,
): string | null {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const from = byId.get(fromId);
  if (!from) return null;
  const here = centre(from);
  const top = (ids: Iterable<string>) =>
    [...ids]
      .map((id) => byId.get(id))
      .filter((n): n is BlockNode => !!n)
      .sort((a, b) => centre(a).y - centre(b).y || centre(a).x - centre(b).x)[0]?.id ?? null;

  if (direction === 'right') return top(edges.filter((e) => e.source === fromId).map((e) => e.target));
  if (direction === 'left') {
    const ports = portOrder(from);
    const into = edges
      .filter((e) => e.target === fromId && byId.has(e.source))
      .sort((a, b) => ports.indexOf(a.targetHandle ?? '') - ports.indexOf(b.targetHandle ?? ''));
    return into[0]?.source ?? null;
  }

  const consumers = new Set(edges.filter((e) => e.source === fromId).map((e) => e.target));
  const producers = new Set(edges.filter((e) => e.target === fromId).map((e) => e.source));
  const siblings = new Set<string>();
  for (const e of edges) {
    if (e.source !== fromId && consumers.has(e.target)) siblings.add(e.source);
    if (e.target !== fromId && producers.has(e.source)) siblings.add(e.target);
  }
  siblings.delete(fromId);
  const below = direction === 'down';
  const ahead = (n: BlockNode) => (below ? centre(n).y > here.y : centre(n).y < here.y);
  const nearest = (candidates: BlockNode[], distance: (n: BlockNode) => number) =>
    candidates.sort((a, b) => distance(a) - distance(b))[0]?.id ?? null;
  const kin = [...siblings].map((id) => byId.get(id)!).filter(ahead);
  if (kin.length) return nearest(kin, (n) => Math.abs(centre(n).y - here.y));
  // No sibling that way: the nearest block that way, vertical distance counting most.
  return nearest(
    nodes.filter((n) => n.id !== fromId && ahead(n)),
    (n) => Math.abs(centre(n).y - here.y) + 2 * Math.abs(centre(n).x - here.x),
  );
}

/** Where keyboard navigation starts when nothing is selected: the first block in reading order. */
export function firstBlock(nodes: readonly BlockNode[]): string | null {
  return [...nodes].sort((a, b) => a.position.x - b.position.x || a.position.y - b.position.y)[0]?.id ?? null;
}
