/**
 * Auto-layout, left → right in topological order: a node's column is the length of the longest
 * path reaching it; Target blocks sit one column before the loss they feed; within a column,
 * nodes keep their vertical order.
 */
import { topologicalOrder } from '../../../engine/index.js';

export const COLUMN_WIDTH = 220;
export const ROW_HEIGHT = 130;

export function layoutPositions(
  nodes: readonly { id: string; position: { x: number; y: number }; isTarget?: boolean }[],
  edges: readonly { source: string; target: string }[],
): Map<string, { x: number; y: number }> {
  const { order, blocked } = topologicalOrder(
    nodes.map((n) => n.id),
    edges,
  );
  const column = new Map<string, number>();
  const inputs = new Map<string, string[]>();
  const outputs = new Map<string, string[]>();
  for (const e of edges) {
    inputs.set(e.target, [...(inputs.get(e.target) ?? []), e.source]);
    outputs.set(e.source, [...(outputs.get(e.source) ?? []), e.target]);
  }
  for (const id of [...order, ...blocked])
    column.set(id, Math.max(-1, ...(inputs.get(id) ?? []).map((s) => column.get(s) ?? 0)) + 1);
  for (const n of nodes) {
    const consumers = outputs.get(n.id) ?? [];
    if (n.isTarget && consumers.length)
      column.set(n.id, Math.max(0, Math.min(...consumers.map((c) => column.get(c) ?? 1)) - 1));
  }
  const columns = new Map<number, (typeof nodes)[number][]>();
  for (const n of nodes) columns.set(column.get(n.id)!, [...(columns.get(column.get(n.id)!) ?? []), n]);
  const result = new Map<string, { x: number; y: number }>();
  for (const [c, members] of columns) {
    members.sort((a, b) => a.position.y - b.position.y || a.position.x - b.position.x);
    members.forEach((n, i) =>
      result.set(n.id, { x: c * COLUMN_WIDTH, y: (i - (members.length - 1) / 2) * ROW_HEIGHT + 200 }),
    );
  }
  return result;
}
