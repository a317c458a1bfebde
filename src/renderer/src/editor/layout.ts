/**
 * Arrange: a layered, left-to-right layout by ELK (elkjs, the Eclipse Layout Kernel's layered
 * algorithm, run in a Web Worker). ELK places each block from its drawn size, so blocks never
 * overlap; each block's input ports are fixed in their drawn order (top to bottom), so ELK
 * orders the blocks feeding them to match and wires do not cross needlessly. Blocks that feed
 * nothing are placed too (network-simplex layering puts a Target beside the loss it feeds).
 */
import ELK from 'elkjs/lib/elk-api.js';
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import elkWorkerUrl from 'elkjs/lib/elk-worker.min.js?url';

export interface LayoutBlock {
  id: string;
  width: number;
  height: number;
  /** Input port names, top to bottom as drawn. */
  ports: readonly string[];
}

export interface LayoutEdge {
  source: string;
  target: string;
  targetHandle?: string | null;
}

/**
 * Space between blocks in a column, and between columns (flow units = px at zoom 1): as compact
 * as the examples are drawn, so an arranged graph stays readable at 1280×720 (see viewport.ts).
 */
export const BLOCK_SPACING = 24;
export const LAYER_SPACING = 24;

let elk: InstanceType<typeof ELK> | null = null;
const engine = () => (elk ??= new ELK({ workerUrl: elkWorkerUrl, algorithms: ['layered'] }));

/** Starts the layout worker ahead of the first Arrange (loading ELK takes a moment). */
export function prepareLayout(): void {
  engine();
}

const inPort = (node: string, port: string) => `${node}\u0000in\u0000${port}`;
const outPort = (node: string) => `${node}\u0000out`;

/** Top-left positions for every block. */
export async function layoutPositions(
  blocks: readonly LayoutBlock[],
  edges: readonly LayoutEdge[],
): Promise<Map<string, { x: number; y: number }>> {
  const known = new Set(blocks.map((b) => b.id));
  const ports = new Map(blocks.map((b) => [b.id, new Set(b.ports)]));
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': String(BLOCK_SPACING),
      'elk.layered.spacing.nodeNodeBetweenLayers': String(LAYER_SPACING),
      'elk.spacing.componentComponent': String(BLOCK_SPACING * 2),
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
      // Ties are broken by the document's order, so arranging twice gives the same picture.
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    },
    children: blocks.map((b) => ({
      id: b.id,
      width: b.width,
      height: b.height,
      layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
      ports: [
        // ELK numbers ports clockwise from the top-left corner: on the west side, bottom to top.
        ...b.ports.map((p, i) => ({
          id: inPort(b.id, p),
          width: 1,
          height: 1,
          layoutOptions: { 'elk.port.side': 'WEST', 'elk.port.index': String(b.ports.length - i) },
        })),
        { id: outPort(b.id), width: 1, height: 1, layoutOptions: { 'elk.port.side': 'EAST' } },
      ],
    })),
    edges: edges
      .filter((e) => known.has(e.source) && known.has(e.target))
      .map((e, i) => ({
        id: `e${i}`,
        sources: [outPort(e.source)],
        targets: [ports.get(e.target)!.has(e.targetHandle ?? '') ? inPort(e.target, e.targetHandle!) : e.target],
      })),
  };
  const laid = await engine().layout(graph);
  return new Map((laid.children ?? []).map((c) => [c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) }]));
}
