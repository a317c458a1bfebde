/**
 * The editor's model: React Flow nodes and edges that mirror a graph document one to one, and
 * the conversions between them. The document stays the source of truth for everything that is
 * saved; React Flow's own fields (selection, measured size) never reach the file.
 */
import type { Edge, Node } from '@xyflow/react';
import {
  CURRENT_VERSION,
  FORMAT,
  type GraphDocument,
  type GraphEdge,
  type GraphNode,
  type WeightTensor,
} from '../../../engine/index.js';

export interface BlockData extends Record<string, unknown> {
  type: string;
  params: Record<string, unknown>;
  label?: string;
  weights?: Record<string, WeightTensor>;
  /** False: training never changes the block's weights (the document's `trainable`). */
  trainable?: false;
  /** Fields of the document node the editor does not know (kept for the round trip). */
  extra?: Record<string, unknown>;
}

export type BlockNode = Node<BlockData, 'block'>;
export type FlowEdge = Edge<{ extra?: Record<string, unknown> }>;

/** Everything in a document besides nodes and edges (name, training, data, metrics, …). */
export type DocumentMeta = Pick<
  GraphDocument,
  'format' | 'version' | 'name' | 'description' | 'training' | 'data' | 'metrics' | 'runs'
> &
  Record<string, unknown>;

export const edgeId = (e: { source: string; target: string; targetHandle?: string | null }): string =>
  `${e.source}->${e.target}:${e.targetHandle ?? ''}`;

export function toFlow(doc: GraphDocument): { meta: DocumentMeta; nodes: BlockNode[]; edges: FlowEdge[] } {
  const { nodes, edges, ...meta } = doc;
  return {
    meta,
    nodes: nodes.map((n): BlockNode => {
      const { id, type, params, position, weights, label, trainable, ...extra } = n;
      return {
        id,
        type: 'block',
        position: position ?? { x: 0, y: 0 },
        data: {
          type,
          params: params ?? {},
          ...(label !== undefined ? { label } : {}),
          ...(weights ? { weights } : {}),
          ...(trainable === false ? { trainable } : {}),
          ...(Object.keys(extra).length ? { extra } : {}),
        },
      };
    }),
    edges: edges.map((e): FlowEdge => {
      const { id, source, target, sourceHandle: _s, targetHandle, ...extra } = e;
      return {
        id: id ?? edgeId(e),
        source,
        target,
        sourceHandle: 'out',
        targetHandle,
        type: 'flow',
        ...(id || Object.keys(extra).length ? { data: { extra: { ...(id ? { id } : {}), ...extra } } } : {}),
      };
    }),
  };
}

export function toDocument(meta: DocumentMeta, nodes: readonly BlockNode[], edges: readonly FlowEdge[]): GraphDocument {
  return {
    ...meta,
    format: FORMAT,
    version: CURRENT_VERSION,
    nodes: nodes.map(
      (n): GraphNode => ({
        id: n.id,
        type: n.data.type,
        ...(Object.keys(n.data.params).length ? { params: n.data.params } : {}),
        position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
        ...(n.data.label !== undefined ? { label: n.data.label } : {}),
        ...(n.data.trainable === false ? { trainable: false } : {}),
        ...(n.data.weights ? { weights: n.data.weights } : {}),
        ...n.data.extra,
      }),
    ),
    edges: edges.map(
      (e): GraphEdge => ({
        ...e.data?.extra,
        source: e.source,
        target: e.target,
        targetHandle: e.targetHandle ?? '',
      }),
    ),
  };
}

/** A fresh id for a new node of `type`: `linear1`, `linear2`, … skipping ids in use. */
export function freshId(type: string, taken: ReadonlySet<string>): string {
  const base = type.replace(/[^a-z0-9]+/gi, '_');
  for (let i = 1; ; i++) {
    const id = `${base}${i}`;
    if (!taken.has(id)) return id;
  }
}
