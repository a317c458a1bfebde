/**
 * Copy and paste of blocks: the selected nodes and the edges between them, as JSON on the
 * system clipboard (so it works across windows). Pasting gives the blocks fresh ids and keeps
 * the edges among them.
 */
import { z } from 'zod';
import { freshId, edgeId, type BlockNode, type FlowEdge } from './model.js';

export const CLIPBOARD_FORMAT = 'backprop-studio.blocks';

const clipboardSchema = z.object({
  format: z.literal(CLIPBOARD_FORMAT),
  nodes: z.array(
    z.object({
      id: z.string(),
      position: z.object({ x: z.number(), y: z.number() }),
      data: z.looseObject({ type: z.string(), params: z.record(z.string(), z.unknown()) }),
    }),
  ),
  edges: z.array(z.object({ source: z.string(), target: z.string(), targetHandle: z.string() })),
});

export type ClipboardPayload = z.infer<typeof clipboardSchema>;

export function copyBlocks(
  nodes: readonly BlockNode[],
  edges: readonly FlowEdge[],
  ids: ReadonlySet<string>,
): ClipboardPayload | null {
  const chosen = nodes.filter((n) => ids.has(n.id));
  if (chosen.length === 0) return null;
  return {
    format: CLIPBOARD_FORMAT,
    nodes: chosen.map((n) => ({ id: n.id, position: { ...n.position }, data: structuredClone(n.data) })),
    edges: edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => ({ source: e.source, target: e.target, targetHandle: e.targetHandle ?? '' })),
  };
}

let remembered: ClipboardPayload | null = null;

/** Keeps the last copied blocks, for Paste from the command palette when the clipboard cannot be read. */
export function rememberCopied(payload: ClipboardPayload): void {
  remembered = structuredClone(payload);
}

export function lastCopied(): ClipboardPayload | null {
  return remembered && structuredClone(remembered);
}

export function parseClipboard(text: string): ClipboardPayload | null {
  try {
    const parsed = clipboardSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** New nodes and edges for a paste, with fresh ids, moved by `offset`. */
export function pasteBlocks(
  payload: ClipboardPayload,
  taken: ReadonlySet<string>,
  offset: { x: number; y: number },
): { nodes: BlockNode[]; edges: FlowEdge[] } {
  const used = new Set(taken);
  const rename = new Map<string, string>();
  const nodes = payload.nodes.map((n): BlockNode => {
    const id = freshId(n.data.type, used);
    used.add(id);
    rename.set(n.id, id);
    return {
      id,
      type: 'block',
      position: { x: n.position.x + offset.x, y: n.position.y + offset.y },
      data: structuredClone(n.data) as BlockNode['data'],
      selected: true,
    };
  });
  const edges = payload.edges.map((e): FlowEdge => {
    const source = rename.get(e.source)!;
    const target = rename.get(e.target)!;
    return {
      id: edgeId({ source, target, targetHandle: e.targetHandle }),
      source,
      target,
      sourceHandle: 'out',
      targetHandle: e.targetHandle,
      type: 'flow',
    };
  });
  return { nodes, edges };
}
