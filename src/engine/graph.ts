/**
 * Graph validation and compilation: block types and params, ports and edges, cycles, column
 * counts (shapes), losses and stored weights. `analyzeGraph` reports every problem it can find
 * and the shapes it could infer (the editor shows both while the user edits); `compileGraph`
 * turns a valid document into the executor's plan, nodes in topological order.
 */
import { findBlock, type BlockDefinition, ShapeMismatch } from './blocks/index.js';
import { isError, type Diagnostic } from './diagnostics.js';
import { formatPath, type GraphDocument, type GraphEdge } from './format.js';
import { formatCount, MAX_COLUMNS, MAX_PARAMETERS, MAX_TOTAL_COLUMNS } from './limits.js';

export interface CompiledInput {
  port: string;
  /** Position of the source node in `CompiledGraph.nodes`. */
  source: number;
  /** Index of the edge in the document's `edges`. */
  edge: number;
}

export interface CompiledConsumer {
  node: number;
  /** Port position in the consumer's inputs. */
  port: number;
  edge: number;
}

export interface CompiledNode {
  id: string;
  /** Index in the document's `nodes`. */
  docIndex: number;
  def: BlockDefinition;
  /** False when the document freezes the node (`trainable: false`): its weights are not updated. */
  trainable: boolean;
  /** Params with defaults filled in. */
  params: any;
  inputs: CompiledInput[];
  consumers: CompiledConsumer[];
  /** Columns of this node's output (1 for a loss, whose output is a scalar). */
  outputSize: number;
}

export interface CompiledGraph {
  document: GraphDocument;
  /** Topological order: every node after all of its inputs. */
  nodes: CompiledNode[];
  /** Node id → position in `nodes`. */
  index: ReadonlyMap<string, number>;
  /** Positions of the loss nodes. */
  losses: number[];
}

export interface GraphAnalysis {
  diagnostics: Diagnostic[];
  /** Output columns of every node whose shape could be inferred. */
  sizes: Record<string, number>;
  /** Node ids in topological order (nodes on a cycle are left out). */
  order: string[];
  /** Params with defaults, for nodes whose params are valid. */
  params: Record<string, any>;
}

export type CompileResult =
  | { ok: true; graph: CompiledGraph; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

export const edgeLabel = (e: Pick<GraphEdge, 'source' | 'target' | 'targetHandle'>): string =>
  `${e.source}→${e.target}.${e.targetHandle}`;

/**
 * Kahn's algorithm, deterministic: among the nodes that are ready, the one listed first goes
 * first. Returns the order and the nodes left over (those on or behind a cycle).
 */
export function topologicalOrder(
  ids: readonly string[],
  edges: readonly { source: string; target: string }[],
): { order: string[]; blocked: string[] } {
  const position = new Map(ids.map((id, i) => [id, i]));
  const indegree = new Int32Array(ids.length);
  const out: number[][] = ids.map(() => []);
  for (const e of edges) {
    const s = position.get(e.source);
    const t = position.get(e.target);
    if (s === undefined || t === undefined) continue;
    out[s].push(t);
    indegree[t]++;
  }
  // The ready nodes in a binary min-heap of their positions: O((nodes + edges) · log nodes).
  const ready = new MinHeap(ids.length);
  indegree.forEach((d, i) => d === 0 && ready.push(i));
  const order: string[] = [];
  const done = new Uint8Array(ids.length);
  while (ready.size > 0) {
    const n = ready.pop();
    order.push(ids[n]);
    done[n] = 1;
    for (const t of out[n]) if (--indegree[t] === 0) ready.push(t);
  }
  return { order, blocked: ids.filter((_, i) => !done[i]) };
}

/** A binary min-heap of small whole numbers (positions). */
class MinHeap {
  private readonly items: Int32Array;
  size = 0;
  constructor(capacity: number) {
    this.items = new Int32Array(Math.max(1, capacity));
  }
  push(value: number): void {
    const a = this.items;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent] <= value) break;
      a[i] = a[parent];
      i = parent;
    }
    a[i] = value;
  }
  pop(): number {
    const a = this.items;
    const top = a[0];
    const last = a[--this.size];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && a[child + 1] < a[child]) child++;
      if (a[child] >= last) break;
      a[i] = a[child];
      i = child;
    }
    a[i] = last;
    return top;
  }
}

/** One cycle among `blocked` nodes (each has an incoming edge from another blocked node). */
function findCycle(blocked: readonly string[], edges: readonly { source: string; target: string }[]): string[] {
  const set = new Set(blocked);
  const incoming = new Map<string, string>();
  for (const e of edges)
    if (set.has(e.source) && set.has(e.target) && !incoming.has(e.target)) incoming.set(e.target, e.source);
  const seen = new Map<string, number>();
  const walk: string[] = [];
  let n: string | undefined = blocked[0];
  while (n !== undefined && !seen.has(n)) {
    seen.set(n, walk.length);
    walk.push(n);
    n = incoming.get(n);
  }
  if (n === undefined) return [];
  return walk.slice(seen.get(n)).reverse();
}

/** Validates a structurally valid document (see `loadDocument`) and infers its shapes. */
export function analyzeGraph(doc: GraphDocument): GraphAnalysis {
  return analyze(doc).analysis;
}

/** The analysis, and the edge into each input port (`id \0 port` → edge index) for compiling. */
function analyze(doc: GraphDocument): { analysis: GraphAnalysis; inputEdge: ReadonlyMap<string, number> } {
  const diagnostics: Diagnostic[] = [];
  // Keyed by node id, which may be any string ('constructor', '__proto__'): no prototype.
  const sizes: Record<string, number> = Object.create(null);
  const params: Record<string, any> = Object.create(null);
  const err = (d: Omit<Diagnostic, 'severity'>) => diagnostics.push({ ...d, severity: 'error' });
  const defs = new Map<string, BlockDefinition>();
  const docIndex = new Map<string, number>();

  doc.nodes.forEach((node, i) => {
    const where = `nodes[${i}]`;
    if (docIndex.has(node.id)) {
      err({
        code: 'duplicate-id',
        where: `${where}.id`,
        message: `node id '${node.id}' is used twice (also by nodes[${docIndex.get(node.id)}])`,
        nodeIds: [node.id],
      });
      return;
    }
    docIndex.set(node.id, i);
    const def = findBlock(node.type);
    if (!def) {
      err({
        code: 'unknown-type',
        where: `${where}.type`,
        message: `node '${node.id}' has unknown block type '${node.type}'`,
        nodeIds: [node.id],
      });
      return;
    }
    defs.set(node.id, def);
    const parsed = def.schema.safeParse(node.params ?? {});
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = formatPath(['params', ...issue.path]);
        err({
          code: issue.message.includes('finite') ? 'non-finite' : 'params',
          where: `${where}.${path}`,
          message: `node '${node.id}' (${def.title}): ${issue.message}`,
          nodeIds: [node.id],
        });
      }
      return;
    }
    params[node.id] = parsed.data;
    const columns = parsed.data.columns as string[] | undefined;
    if (def.source && columns && columns.length !== parsed.data.size) {
      err({
        code: 'params',
        where: `${where}.params.columns`,
        message: `node '${node.id}' names ${columns.length} columns but its size is ${parsed.data.size}`,
        nodeIds: [node.id],
      });
    }
  });

  const ports = (id: string): readonly string[] | undefined => {
    const def = defs.get(id);
    return def && params[id] ? def.inputs(params[id]) : undefined;
  };

  // Edges: endpoints, ports, one edge per input port.
  const inputEdge = new Map<string, number>();
  const validEdges: { source: string; target: string; index: number }[] = [];
  doc.edges.forEach((e, i) => {
    const where = `edges[${i}]`;
    const label = edgeLabel(e);
    let ok = true;
    for (const end of ['source', 'target'] as const) {
      if (!docIndex.has(e[end])) {
        err({
          code: 'unknown-node',
          where: `${where}.${end}`,
          message: `edge ${label}: there is no node '${e[end]}'`,
          edgeIndex: i,
        });
        ok = false;
      }
    }
    if (!ok) return;
    const sourceDef = defs.get(e.source);
    if (sourceDef?.category === 'loss') {
      err({
        code: 'unknown-port',
        where,
        message: `edge ${label}: a loss's output is the training objective and cannot feed another block`,
        edgeIndex: i,
        nodeIds: [e.source, e.target],
      });
    }
    const targetPorts = ports(e.target);
    if (targetPorts && !targetPorts.includes(e.targetHandle)) {
      const list = targetPorts.length ? targetPorts.map((p) => `'${p}'`).join(', ') : 'none (it is a data block)';
      err({
        code: 'unknown-port',
        where: `${where}.targetHandle`,
        message: `edge ${label}: node '${e.target}' has no input port '${e.targetHandle}'; its ports are ${list}`,
        edgeIndex: i,
        nodeIds: [e.target],
      });
      return;
    }
    const key = `${e.target}\u0000${e.targetHandle}`;
    const previous = inputEdge.get(key);
    if (previous !== undefined) {
      err({
        code: 'duplicate-input',
        where,
        message: `input '${e.targetHandle}' of node '${e.target}' has two edges (${edgeLabel(doc.edges[previous])} and ${label}); a port takes one`,
        edgeIndex: i,
        nodeIds: [e.target],
      });
      return;
    }
    inputEdge.set(key, i);
    validEdges.push({ source: e.source, target: e.target, index: i });
  });

  // Every input port connected.
  doc.nodes.forEach((node, i) => {
    const def = defs.get(node.id);
    const nodePorts = ports(node.id);
    if (!def || !nodePorts || docIndex.get(node.id) !== i) return;
    for (const port of nodePorts) {
      if (inputEdge.has(`${node.id}\u0000${port}`)) continue;
      if (def.category === 'loss' && port === 'target') {
        err({
          code: 'loss-without-target',
          where: `nodes[${i}]`,
          message: `loss '${node.id}' has no target: connect a Target block (or the values to compare with) to its 'target' port`,
          nodeIds: [node.id],
        });
      } else {
        err({
          code: 'missing-input',
          where: `nodes[${i}]`,
          message: `input '${port}' of node '${node.id}' (${def.title}) is not connected`,
          nodeIds: [node.id],
        });
      }
    }
  });

  // Cycles.
  const ids = doc.nodes.map((n) => n.id).filter((id, i) => docIndex.get(id) === i);
  const { order, blocked } = topologicalOrder(ids, validEdges);
  if (blocked.length > 0) {
    const cycle = findCycle(blocked, validEdges);
    err({
      code: 'cycle',
      where: `node ${cycle[0] ?? blocked[0]}`,
      message: `the graph has a cycle: ${[...cycle, cycle[0]].join(' → ')}; data must flow one way, from inputs to losses`,
      nodeIds: cycle.length ? cycle : blocked,
    });
  }

  // Shapes, in topological order.
  for (const id of order) {
    const def = defs.get(id);
    const p = params[id];
    const nodePorts = ports(id);
    if (!def || !p || !nodePorts) continue;
    const inputSizes: number[] = [];
    let known = true;
    for (const port of nodePorts) {
      const e = inputEdge.get(`${id}\u0000${port}`);
      const size = e === undefined ? undefined : sizes[doc.edges[e].source];
      if (size === undefined) known = false;
      else inputSizes.push(size);
    }
    if (!known) continue;
    try {
      const size = def.outputSize(p, inputSizes);
      if (size > MAX_COLUMNS) {
        err({
          code: 'limit',
          where: `node ${id}`,
          message: `node '${id}' (${def.label(p)}) gives ${formatCount(size)} columns; a block may give at most ${formatCount(MAX_COLUMNS)}`,
          nodeIds: [id],
        });
        continue;
      }
      sizes[id] = size;
    } catch (e) {
      if (!(e instanceof ShapeMismatch)) throw e;
      const edgeIndex = inputEdge.get(`${id}\u0000${e.port}`)!;
      const source = doc.edges[edgeIndex].source;
      err({
        code: 'shape',
        where: `edge ${edgeLabel(doc.edges[edgeIndex])}`,
        message: `shape mismatch at node '${id}' (${def.label(p)}): input '${e.port}' expects [batch × ${e.expected}] (${e.reason}) but node '${source}' gives [batch × ${e.got}]`,
        nodeIds: [id, source],
        edgeIndex,
      });
    }
  }

  // Losses.
  const losses = ids.filter((id) => defs.get(id)?.category === 'loss');
  if (ids.length > 0 && losses.length === 0) {
    err({
      code: 'no-loss',
      where: '(graph)',
      message:
        'the graph has no loss block: add one (e.g. MSE or cross-entropy) fed by the prediction and a Target, so there is something to minimise',
    });
  }

  // Total size, before anything of that size is allocated.
  let columns = 0;
  for (const id of order) columns += sizes[id] ?? 0;
  if (columns > MAX_TOTAL_COLUMNS) {
    err({
      code: 'limit',
      where: '(graph)',
      message: `the blocks give ${formatCount(columns)} columns in all; at most ${formatCount(MAX_TOTAL_COLUMNS)} are allowed`,
    });
  }
  let parameters = 0;
  let largest = { id: '', count: 0 };
  for (const id of order) {
    const def = defs.get(id);
    const p = params[id];
    if (!def?.weightShapes || !p) continue;
    let count = 0;
    for (const shape of Object.values(def.weightShapes(p))) count += shape.reduce((a, b) => a * b, 1);
    parameters += count;
    if (count > largest.count) largest = { id, count };
  }
  if (parameters > MAX_PARAMETERS) {
    err({
      code: 'limit',
      where: '(graph)',
      message: `the graph has ${formatCount(parameters)} trainable values (node '${largest.id}' alone ${formatCount(largest.count)}); at most ${formatCount(MAX_PARAMETERS)} are allowed`,
      nodeIds: [largest.id],
    });
  }

  // Stored weights.
  doc.nodes.forEach((node, i) => {
    const def = defs.get(node.id);
    const p = params[node.id];
    if (!def || !p || !node.weights || docIndex.get(node.id) !== i) return;
    const expected = def.weightShapes?.(p) ?? {};
    // Names come from the file: 'toString' or 'constructor' must not find Object.prototype's.
    for (const [name, tensor] of Object.entries(node.weights)) {
      const where = `nodes[${i}].weights.${name}`;
      const shape = Object.hasOwn(expected, name) ? expected[name] : undefined;
      if (!shape) {
        const names = Object.keys(expected);
        err({
          code: 'weights',
          where,
          message: `node '${node.id}' (${def.label(p)}) has no weight '${name}'${names.length ? `; its weights are ${names.join(', ')}` : ''}`,
          nodeIds: [node.id],
        });
        continue;
      }
      if (tensor.shape.length !== shape.length || tensor.shape.some((d, k) => d !== shape[k])) {
        err({
          code: 'weights',
          where: `${where}.shape`,
          message: `node '${node.id}' (${def.label(p)}): weight ${name} must have shape [${shape.join(', ')}], got [${tensor.shape.join(', ')}]`,
          nodeIds: [node.id],
        });
        continue;
      }
      const length = shape.reduce((a, b) => a * b, 1);
      if (tensor.data.length !== length) {
        err({
          code: 'weights',
          where: `${where}.data`,
          message: `node '${node.id}': weight ${name} of shape [${shape.join(', ')}] needs ${length} values, got ${tensor.data.length}`,
          nodeIds: [node.id],
        });
      }
    }
    for (const name of Object.keys(expected)) {
      if (!Object.hasOwn(node.weights, name)) {
        err({
          code: 'weights',
          where: `nodes[${i}].weights`,
          message: `node '${node.id}' stores some weights but not '${name}'`,
          nodeIds: [node.id],
        });
      }
    }
  });

  // Warnings: blocks that gradient descent cannot pass through, blocks no loss depends on.
  const consumersOf = new Map<string, string[]>();
  for (const e of validEdges) {
    const list = consumersOf.get(e.source);
    if (list) list.push(e.target);
    else consumersOf.set(e.source, [e.target]);
  }
  const reachesLoss = new Set<string>();
  for (let k = order.length - 1; k >= 0; k--) {
    const id = order[k];
    if (defs.get(id)?.category === 'loss' || (consumersOf.get(id) ?? []).some((c) => reachesLoss.has(c)))
      reachesLoss.add(id);
  }
  const ordered = new Set(order);
  doc.nodes.forEach((node, i) => {
    const def = defs.get(node.id);
    if (!def || docIndex.get(node.id) !== i || !ordered.has(node.id)) return;
    if (def.differentiable === false) {
      diagnostics.push({
        code: 'not-differentiable',
        severity: 'warning',
        where: `node ${node.id}`,
        message: `${def.title} '${node.id}' has zero gradient: the blocks before it cannot learn by gradient descent`,
        nodeIds: [node.id],
      });
    }
    if (!reachesLoss.has(node.id) && def.category !== 'data' && losses.length > 0) {
      diagnostics.push({
        code: 'unused',
        severity: 'warning',
        where: `node ${node.id}`,
        message: `node '${node.id}' does not feed any loss, so training ignores it`,
        nodeIds: [node.id],
      });
    }
  });

  return { analysis: { diagnostics, sizes, order, params }, inputEdge };
}

/** Compiles a structurally valid document; fails with diagnostics when the graph has errors. */
/**
 * The nodes whose weights the user sets by hand (`init: "manual"`): Reset keeps their weights
 * unless the user asks to re-initialise everything.
 */
export function handSetNodeIds(doc: GraphDocument): string[] {
  return doc.nodes.filter((n) => n.params?.init === 'manual').map((n) => n.id);
}

export function compileGraph(doc: GraphDocument): CompileResult {
  const { analysis, inputEdge } = analyze(doc);
  if (analysis.diagnostics.some(isError)) return { ok: false, diagnostics: analysis.diagnostics };
  const position = new Map(analysis.order.map((id, i) => [id, i]));
  const docIndex = new Map(doc.nodes.map((n, i) => [n.id, i]));
  const nodes: CompiledNode[] = analysis.order.map((id) => {
    const i = docIndex.get(id)!;
    const def = findBlock(doc.nodes[i].type)!;
    return {
      id,
      docIndex: i,
      def,
      trainable: doc.nodes[i].trainable !== false,
      params: analysis.params[id],
      inputs: [],
      consumers: [],
      outputSize: analysis.sizes[id],
    };
  });
  nodes.forEach((node) => {
    const nodePorts = node.def.inputs(node.params);
    node.inputs = nodePorts.map((port) => {
      const edge = inputEdge.get(`${node.id}\u0000${port}`)!;
      return { port, source: position.get(doc.edges[edge].source)!, edge };
    });
  });
  nodes.forEach((node, n) =>
    node.inputs.forEach((input, port) => nodes[input.source].consumers.push({ node: n, port, edge: input.edge })),
  );
  const graph: CompiledGraph = {
    document: doc,
    nodes,
    index: position,
    losses: nodes.flatMap((node, n) => (node.def.category === 'loss' ? [n] : [])),
  };
  return { ok: true, graph, diagnostics: analysis.diagnostics };
}
