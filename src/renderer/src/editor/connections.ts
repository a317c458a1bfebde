/**
 * Which connections the canvas accepts. Refused here: what can never work whatever the params
 * (a loss's output into a block, a second edge into an occupied port, a cycle, a data block's
 * missing input). Column-count mismatches depend on params and are reported by the engine's
 * validation instead, on the nodes and edges involved.
 */
import { findBlock } from '../../../engine/index.js';
import { blockTitle } from '../block-text.js';
import { t } from '../i18n.js';
import type { BlockNode, FlowEdge } from './model.js';

export interface ConnectionAttempt {
  source: string | null;
  target: string | null;
  sourceHandle?: string | null;
  targetHandle?: string | null;
}

/** Why the connection is refused (in the page's language), or null when it is fine. */
export function connectionProblem(
  nodes: readonly BlockNode[],
  edges: readonly FlowEdge[],
  c: ConnectionAttempt,
): string | null {
  if (!c.source || !c.target) return t('connection.ends');
  if (c.source === c.target) return t('connection.self');
  const source = nodes.find((n) => n.id === c.source);
  const target = nodes.find((n) => n.id === c.target);
  if (!source || !target) return t('connection.gone');
  const sourceDef = findBlock(source.data.type);
  const targetDef = findBlock(target.data.type);
  if (sourceDef?.category === 'loss') return t('connection.lossOutput', { block: blockTitle(sourceDef, t) });
  if (targetDef?.category === 'data') return t('connection.dataBlock', { block: blockTitle(targetDef, t) });
  const port = c.targetHandle ?? '';
  const taken = edges.find((e) => e.target === c.target && e.targetHandle === port);
  if (taken) return t('connection.taken', { port, id: target.id, source: taken.source });
  if (reaches(edges, c.target, c.source)) return t('connection.cycle', { target: c.target, source: c.source });
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

/** One possible wire from `source` into input `port` of `target`, or why it cannot be made. */
export interface ConnectionChoice {
  source: string;
  target: string;
  /** The input port; null for a block that has none (a data block). */
  port: string | null;
  problem: string | null;
}

function inputPorts(node: BlockNode): readonly string[] {
  const def = findBlock(node.data.type);
  const parsed = def?.schema.safeParse(node.data.params);
  return def && parsed?.success ? def.inputs(parsed.data) : [];
}

/** Reading order on the canvas: left to right, then top to bottom. */
const byPosition = (nodes: readonly BlockNode[]) => {
  const at = new Map(nodes.map((n) => [n.id, n.position]));
  return (a: string, b: string) => at.get(a)!.x - at.get(b)!.x || at.get(a)!.y - at.get(b)!.y;
};

/** Orders choices: the possible ones first, each group in reading order of the other block. */
function ordered(nodes: readonly BlockNode[], choices: ConnectionChoice[], other: (c: ConnectionChoice) => string) {
  const order = byPosition(nodes);
  return choices.sort((a, b) => Number(!!a.problem) - Number(!!b.problem) || order(other(a), other(b)));
}

/** Every input port the output of `sourceId` could feed, each with the editor's verdict. */
export function outputChoices(
  nodes: readonly BlockNode[],
  edges: readonly FlowEdge[],
  sourceId: string,
): ConnectionChoice[] {
  const choices: ConnectionChoice[] = [];
  for (const target of nodes) {
    if (target.id === sourceId) continue;
    const ports = inputPorts(target);
    if (ports.length === 0) {
      const problem =
        connectionProblem(nodes, edges, { source: sourceId, target: target.id, targetHandle: null }) ??
        t('connection.noInputs', { id: target.id });
      choices.push({ source: sourceId, target: target.id, port: null, problem });
    }
    for (const port of ports) {
      const problem = connectionProblem(nodes, edges, { source: sourceId, target: target.id, targetHandle: port });
      choices.push({ source: sourceId, target: target.id, port, problem });
    }
  }
  return ordered(nodes, choices, (c) => c.target);
}

/** Every block that could feed an input port of `targetId`, each with the editor's verdict. */
export function inputChoices(
  nodes: readonly BlockNode[],
  edges: readonly FlowEdge[],
  targetId: string,
): ConnectionChoice[] {
  const target = nodes.find((n) => n.id === targetId);
  if (!target) return [];
  const choices: ConnectionChoice[] = [];
  for (const port of inputPorts(target))
    for (const source of nodes) {
      if (source.id === targetId) continue;
      const problem = connectionProblem(nodes, edges, { source: source.id, target: targetId, targetHandle: port });
      choices.push({ source: source.id, target: targetId, port, problem });
    }
  return ordered(nodes, choices, (c) => c.source);
}
