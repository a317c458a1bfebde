/**
 * Which connections the canvas accepts. Refused here: what can never work whatever the params
 * (a loss's output into a block, a second edge into an occupied port, a cycle, a data block's
 * missing input). Column-count mismatches depend on params and are reported by the engine's
 * validation instead, on the nodes and edges involved.
 */
import { findBlock } from '../../../engine/index.js';
import type { BlockNode, FlowEdge } from './model.js';

export interface ConnectionAttempt {
  source: string | null;
  target: string | null;
  sourceHandle?: string | null;
  targetHandle?: string | null;
}

/** Why the connection is refused, or null when it is fine. */
export function connectionProblem(
  nodes: readonly BlockNode[],
  edges: readonly FlowEdge[],
  c: ConnectionAttempt,
): string | null {
  if (!c.source || !c.target) return 'connect an output (right side) to an input (left side)';
  if (c.source === c.target) return 'a block cannot feed itself';
  const source = nodes.find((n) => n.id === c.source);
  const target = nodes.find((n) => n.id === c.target);
  if (!source || !target) return 'that block no longer exists';
  const sourceDef = findBlock(source.data.type);
  const targetDef = findBlock(target.data.type);
  if (sourceDef?.category === 'loss')
    return `${sourceDef.title} is a loss: its output is what training minimises and cannot feed another block`;
  if (targetDef?.category === 'data')
    return `${targetDef.title} blocks take their values from the data, not from other blocks`;
  const port = c.targetHandle ?? '';
  const taken = edges.find((e) => e.target === c.target && e.targetHandle === port);
  if (taken)
    return `input '${port}' of ${target.id} is already connected (from ${taken.source}); delete that edge first`;
  if (reaches(edges, c.target, c.source))
    return `this would make a cycle (${c.target} already feeds ${c.source}); data must flow one way`;
  return null;
}

/** Whether `to` can be reached from `from` along edges. */
export function reaches(edges: readonly { source: string; target: string }[], from: string, to: string): boolean {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const n = stack.pop()!;
    if (n === to) return true;
    if (seen.has(n)) continue;
    seen.add(n);
    stack.push(...(next.get(n) ?? []));
  }
  return false;
}
