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
  /** The sizes the document leaves out, as inferred (see `GraphAnalysis.inferred`). */
  inferred: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export interface GraphAnalysis {
  diagnostics: Diagnostic[];
  /** Output columns of every node whose shape could be inferred. */
  sizes: Record<string, number>;
  /** Node ids in topological order (nodes on a cycle are left out). */
  order: string[];
  /**
   * Params with defaults, for nodes whose params are valid; with the values the document leaves
   * out (Linear's `in`, a data block's `size`) filled in where they could be inferred.
   */
  params: Record<string, any>;
  /** Per node, the params the document leaves out and the values inferred for them: `{ in: 3 }`. */
  inferred: Record<string, Record<string, number>>;
}

/**
 * What is known of the data a graph is trained on, for the sizes of data blocks that neither
 * give a `size` nor name their `columns` (a Dataset fits).
 */
export interface DataColumns {
  /** Column names, in file order. */
  columns: readonly string[];
  /** The data set's own target columns; absent: the last columns are the targets. */
  targetColumns?: readonly string[];
}

export interface AnalyzeOptions {
  /** The data: Input blocks without a size take its feature columns, Target blocks its target columns. */
  data?: DataColumns;
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
export function analyzeGraph(doc: GraphDocument, options: AnalyzeOptions = {}): GraphAnalysis {
  return analyze(doc, options).analysis;
}

/** The analysis, and the edge into each input port (`id \0 port` → edge index) for compiling. */
function analyze(
  doc: GraphDocument,
  options: AnalyzeOptions,
): { analysis: GraphAnalysis; inputEdge: ReadonlyMap<string, number> } {
  const diagnostics: Diagnostic[] = [];
  // Keyed by node id, which may be any string ('constructor', '__proto__'): no prototype.
  let sizes: Record<string, number> = Object.create(null);
  /** The params as the document gives them (with defaults); `params` adds what is inferred. */
  const declared: Record<string, any> = Object.create(null);
  let params: Record<string, any> = Object.create(null);
  let inferred: Record<string, Record<string, number>> = Object.create(null);
  const err = (d: Omit<Diagnostic, 'severity'>) => diagnostics.push({ ...d, severity: 'error' });
  const defs = new Map<string, BlockDefinition>();
  const docIndex = new Map<string, number>();

  doc.nodes.forEach((node, i) => {
    const where = `nodes[${i}]`;
    if (docIndex.has(node.id)) {
      err({
        code: 'duplicate-id',
        key: 'duplicate-id',
        values: { id: node.id, other: docIndex.get(node.id)! },
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
        key: 'unknown-type',
        values: { id: node.id, type: node.type },
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
          key: 'params.issue',
          values: { id: node.id, block: def.title, blockType: def.type, issue: issue.message },
          where: `${where}.${path}`,
          message: `node '${node.id}' (${def.title}): ${issue.message}`,
          nodeIds: [node.id],
        });
      }
      return;
    }
    params[node.id] = parsed.data;
    declared[node.id] = parsed.data;
    const columns = parsed.data.columns as string[] | undefined;
    if (def.source && columns && parsed.data.size !== undefined && columns.length !== parsed.data.size) {
      err({
        code: 'params',
        key: 'params.columns',
        values: { id: node.id, columns: columns.length, size: parsed.data.size as number },
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
          key: 'unknown-node',
          values: { edge: label, node: e[end] },
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
        key: 'unknown-port.lossOutput',
        values: { edge: label },
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
        ...(targetPorts.length
          ? { key: 'unknown-port.noPort', values: { edge: label, node: e.target, port: e.targetHandle, ports: list } }
          : { key: 'unknown-port.dataBlock', values: { edge: label, node: e.target, port: e.targetHandle } }),
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
        key: 'duplicate-input',
        values: { port: e.targetHandle, node: e.target, first: edgeLabel(doc.edges[previous]), second: label },
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
          key: 'loss-without-target',
          values: { id: node.id },
          where: `nodes[${i}]`,
          message: `loss '${node.id}' has no target: connect a Target block (or the values to compare with) to its 'target' port`,
          nodeIds: [node.id],
        });
      } else {
        err({
          code: 'missing-input',
          key: 'missing-input',
          values: { port, id: node.id, block: def.title, blockType: def.type },
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
      key: 'cycle',
      values: { cycle: [...cycle, cycle[0]].join(' → ') },
      where: `node ${cycle[0] ?? blocked[0]}`,
      message: `the graph has a cycle: ${[...cycle, cycle[0]].join(' → ')}; data must flow one way, from inputs to losses`,
      nodeIds: cycle.length ? cycle : blocked,
    });
  }

  // Shapes, in topological order. Data blocks without a size or column names take theirs from
  // the data (`dataSizes`), and a Target without either from the loss it feeds.
  const dataSizes = new Map<string, number>();
  const sizeFromData = (id: string): boolean => {
    const def = defs.get(id);
    const p = declared[id];
    return !!def?.source && !!p && p.size === undefined && p.columns === undefined;
  };
  const lossTarget = (def: BlockDefinition, predSize: number): number => (def.loss?.classIndexTarget ? 1 : predSize);
  /**
   * One pass over the nodes in order. `provisional`: Inputs the data sizes count as 1 column,
   * so that the sizes which do not depend on theirs (a Linear's outputs, and so the Target of its
   * loss) are known before the data's columns are divided between features and targets.
   */
  const shapes = (report: boolean, provisional = false) => {
    sizes = Object.create(null);
    params = Object.assign(Object.create(null), declared);
    inferred = Object.create(null);
    const fail = report ? err : () => undefined;
    const settle = (id: string, def: BlockDefinition, resolved: any, size: number) => {
      params[id] = resolved;
      const p = declared[id];
      const filled: Record<string, number> = {};
      let any = false;
      for (const f of def.fields) {
        if (f.kind !== 'int' || f.inferredFrom === undefined || p[f.key] !== undefined) continue;
        filled[f.key] = resolved[f.key];
        any = true;
      }
      if (any) inferred[id] = filled;
      sizes[id] = size;
    };
    for (const id of order) {
      const def = defs.get(id);
      const p = declared[id];
      const nodePorts = ports(id);
      if (!def || !p || !nodePorts) continue;
      const inputSizes: number[] = [];
      let known = true;
      for (const port of nodePorts) {
        const e = inputEdge.get(`${id}\u0000${port}`);
        const source = e === undefined ? undefined : doc.edges[e].source;
        let size = source === undefined ? undefined : sizes[source];
        // A Target that only the loss can size: sized now that the loss's prediction is known.
        if (size === undefined && def.category === 'loss' && port === 'target' && source !== undefined) {
          const pred = inputEdge.get(`${id}\u0000pred`);
          const predSize = pred === undefined ? undefined : sizes[doc.edges[pred].source];
          const targetDef = defs.get(source);
          if (predSize !== undefined && targetDef?.source === 'targets' && sizeFromData(source)) {
            size = dataSizes.get(source) ?? lossTarget(def, predSize);
            if (size <= MAX_COLUMNS) settle(source, targetDef, { ...declared[source], size }, size);
          }
        }
        if (size === undefined) known = false;
        else inputSizes.push(size);
      }
      if (!known) continue;
      const given = dataSizes.get(id) ?? (provisional && def.source === 'features' ? 1 : undefined);
      const resolved =
        given !== undefined && sizeFromData(id) ? { ...p, size: given } : def.infer ? def.infer(p, inputSizes) : p;
      // A data block the data or its loss sizes (above), or a block fed by one.
      if (!resolved) continue;
      try {
        const size = def.outputSize(resolved, inputSizes);
        if (size > MAX_COLUMNS) {
          fail({
            code: 'limit',
            key: 'limit.blockColumns',
            values: { id, block: def.label(resolved), blockType: def.type, size, max: MAX_COLUMNS },
            where: `node ${id}`,
            message: `node '${id}' (${def.label(resolved)}) gives ${formatCount(size)} columns; a block may give at most ${formatCount(MAX_COLUMNS)}`,
            nodeIds: [id],
          });
          continue;
        }
        settle(id, def, resolved, size);
      } catch (e) {
        if (!(e instanceof ShapeMismatch)) throw e;
        const edgeIndex = inputEdge.get(`${id}\u0000${e.port}`)!;
        const source = doc.edges[edgeIndex].source;
        fail({
          code: 'shape',
          key: 'shape.mismatch',
          values: {
            id,
            block: def.label(resolved),
            blockType: def.type,
            port: e.port,
            expected: e.expected,
            reason: e.reason,
            source,
            got: e.got,
          },
          where: `edge ${edgeLabel(doc.edges[edgeIndex])}`,
          message: `shape mismatch at node '${id}' (${def.label(resolved)}): input '${e.port}' expects [batch × ${e.expected}] (${e.reason}) but node '${source}' gives [batch × ${e.got}]`,
          nodeIds: [id, source],
          edgeIndex,
        });
      }
    }
  };
  const inOrder = new Set(order);
  const lossTargets = new Set(
    validEdges
      .filter((e) => defs.get(e.target)?.category === 'loss' && doc.edges[e.index].targetHandle === 'target')
      .map((e) => e.source),
  );
  const dataNodes = (source: 'features' | 'targets') =>
    ids.filter((id) => defs.get(id)?.source === source && declared[id]);
  const inputsFromData = dataNodes('features').filter(sizeFromData);
  const ambiguous = new Set<string>();
  let features: number | undefined;
  if (inputsFromData.length > 0 || dataNodes('targets').some(sizeFromData)) {
    const data = options.data;
    const named = new Set(
      [...dataNodes('features'), ...dataNodes('targets')].flatMap((id) => declared[id].columns ?? []),
    );
    // A data set's own target columns size the Targets that take theirs by position.
    if (data?.targetColumns) {
      let pool = data.targetColumns.filter((c) => !named.has(c)).length;
      for (const id of dataNodes('targets')) {
        if (declared[id].columns) continue;
        if (declared[id].size !== undefined) pool -= declared[id].size;
        else if (pool > 0) {
          dataSizes.set(id, pool);
          pool = 0;
        }
      }
    }
    if (inputsFromData.length > 0) {
      shapes(false, true);
      // The Targets sized by their losses keep those sizes: a prediction that depends on the
      // Inputs' width and disagrees is then a shape mismatch at the loss, said as such.
      for (const id of dataNodes('targets')) if (sizeFromData(id) && id in sizes) dataSizes.set(id, sizes[id]);
    }
    // The Inputs that take their columns by position share the feature columns: one of them can take the rest.
    const positional = dataNodes('features').filter((id) => !declared[id].columns);
    const taken = positional.reduce((n, id) => n + (declared[id].size ?? 0), 0);
    if (data) {
      const targets = dataNodes('targets').filter((id) => !declared[id].columns);
      const targetCount = targets.reduce((n, id) => n + (sizes[id] ?? Number.NaN), 0);
      const defaultTargets = data.targetColumns ?? data.columns.slice(data.columns.length - targetCount);
      if (data.targetColumns || Number.isInteger(targetCount))
        features = data.columns.filter((c) => !defaultTargets.includes(c) && !named.has(c)).length;
    } else if (doc.data?.features) {
      // A trained document records the feature columns its Inputs took.
      const recorded = new Set(doc.data.features);
      features = [...recorded].filter((c) => !named.has(c)).length;
    }
    if (inputsFromData.length === 1 && features !== undefined && features - taken >= 1)
      dataSizes.set(inputsFromData[0], features - taken);
    else if (inputsFromData.length > 1) for (const id of inputsFromData) ambiguous.add(id);
    shapes(true);
  } else {
    shapes(true);
  }
  // Data blocks whose size could not be inferred, said on the block (what follows them waits).
  doc.nodes.forEach((node, i) => {
    const id = node.id;
    if (docIndex.get(id) !== i || !sizeFromData(id) || id in sizes || !inOrder.has(id)) return;
    if (defs.get(id)!.source === 'features') {
      err({
        code: 'shape',
        key: ambiguous.has(id)
          ? 'shape.inputsAmbiguous'
          : !options.data
            ? 'shape.inputNoData'
            : features === undefined
              ? 'shape.inputTargetsUnknown'
              : 'shape.inputNoColumnsLeft',
        values: ambiguous.has(id) ? { id, count: inputsFromData.length - 1 } : { id },
        where: `nodes[${i}].params.size`,
        message: ambiguous.has(id)
          ? `input '${id}' takes its columns from the data, and so do ${inputsFromData.length - 1} other Input block${inputsFromData.length > 2 ? 's' : ''}: choose the columns of each (Data tab, or params.columns), or set params.size`
          : !options.data
            ? `input '${id}' takes its columns from the data: load a data set, or give its column names (params.columns) or params.size`
            : features === undefined
              ? `input '${id}' takes the data's feature columns, but which columns are targets is not known yet: choose the Target's columns (params.columns)`
              : `input '${id}' takes its columns from the data, but the data has no feature columns left for it: choose its columns (params.columns), or set params.size`,
        nodeIds: [id],
      });
    } else if (!lossTargets.has(id)) {
      err({
        code: 'shape',
        key: 'shape.targetSize',
        values: { id },
        where: `nodes[${i}].params.size`,
        message: `target '${id}' takes its size from the loss it feeds or from the data: connect it to a loss's 'target' port, or set params.size`,
        nodeIds: [id],
      });
    }
  });

  // Losses.
  const losses = ids.filter((id) => defs.get(id)?.category === 'loss');
  if (ids.length > 0 && losses.length === 0) {
    err({
      code: 'no-loss',
      key: 'no-loss',
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
      key: 'limit.totalColumns',
      values: { columns, max: MAX_TOTAL_COLUMNS },
      where: '(graph)',
      message: `the blocks give ${formatCount(columns)} columns in all; at most ${formatCount(MAX_TOTAL_COLUMNS)} are allowed`,
    });
  }
  /** A node's weight shapes; null for a block without weights, or whose inferred sizes are not known. */
  const weightShapesOf = (id: string): Readonly<Record<string, readonly number[]>> | null => {
    const def = defs.get(id);
    const p = params[id];
    if (!def?.weightShapes || !p) return null;
    const shapes = def.weightShapes(p);
    for (const shape of Object.values(shapes)) if (!shape.every(Number.isInteger)) return null;
    return shapes;
  };
  let parameters = 0;
  let largest = { id: '', count: 0 };
  for (const id of order) {
    const shapes = weightShapesOf(id);
    if (!shapes) continue;
    let count = 0;
    for (const shape of Object.values(shapes)) count += shape.reduce((a, b) => a * b, 1);
    parameters += count;
    if (count > largest.count) largest = { id, count };
  }
  if (parameters > MAX_PARAMETERS) {
    err({
      code: 'limit',
      key: 'limit.parameters',
      values: { count: parameters, id: largest.id, largest: largest.count, max: MAX_PARAMETERS },
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
    const expected = def.weightShapes ? weightShapesOf(node.id) : {};
    if (!expected) return;
    // Names come from the file: 'toString' or 'constructor' must not find Object.prototype's.
    for (const [name, tensor] of Object.entries(node.weights)) {
      const where = `nodes[${i}].weights.${name}`;
      const shape = Object.hasOwn(expected, name) ? expected[name] : undefined;
      if (!shape) {
        const names = Object.keys(expected);
        err({
          code: 'weights',
          ...(names.length
            ? {
                key: 'weights.unknown',
                values: { id: node.id, block: def.label(p), blockType: def.type, name, names: names.join(', ') },
              }
            : { key: 'weights.unknownNone', values: { id: node.id, block: def.label(p), blockType: def.type, name } }),
          where,
          message: `node '${node.id}' (${def.label(p)}) has no weight '${name}'${names.length ? `; its weights are ${names.join(', ')}` : ''}`,
          nodeIds: [node.id],
        });
        continue;
      }
      if (tensor.shape.length !== shape.length || tensor.shape.some((d, k) => d !== shape[k])) {
        err({
          code: 'weights',
          key: 'weights.shape',
          values: {
            id: node.id,
            block: def.label(p),
            blockType: def.type,
            name,
            shape: shape.join(', '),
            got: tensor.shape.join(', '),
          },
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
          key: 'weights.length',
          values: { id: node.id, name, shape: shape.join(', '), length, got: tensor.data.length },
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
          key: 'weights.missing',
          values: { id: node.id, name },
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
  // Whether a block with weights that training may change lies before a node (a step after
  // only frozen, hand-set blocks takes nothing from gradient descent: nothing to warn about).
  const sourcesOf = new Map<string, string[]>();
  for (const e of validEdges) {
    const list = sourcesOf.get(e.target);
    if (list) list.push(e.source);
    else sourcesOf.set(e.target, [e.source]);
  }
  const nodeById = new Map(doc.nodes.map((n) => [n.id, n]));
  const learnsBefore = (id: string): boolean => {
    const seen = new Set<string>();
    const stack = [...(sourcesOf.get(id) ?? [])];
    while (stack.length) {
      const up = stack.pop()!;
      if (seen.has(up)) continue;
      seen.add(up);
      if (defs.get(up)?.weightShapes && nodeById.get(up)?.trainable !== false) return true;
      stack.push(...(sourcesOf.get(up) ?? []));
    }
    return false;
  };
  doc.nodes.forEach((node, i) => {
    const def = defs.get(node.id);
    if (!def || docIndex.get(node.id) !== i || !inOrder.has(node.id)) return;
    if (def.differentiable === false && learnsBefore(node.id)) {
      diagnostics.push({
        code: 'not-differentiable',
        key: 'not-differentiable',
        values: { block: def.title, blockType: def.type, id: node.id },
        severity: 'warning',
        where: `node ${node.id}`,
        message: `${def.title} '${node.id}' has zero gradient: the blocks before it cannot learn by gradient descent`,
        nodeIds: [node.id],
      });
    }
    if (!reachesLoss.has(node.id) && def.category !== 'data' && losses.length > 0) {
      diagnostics.push({
        code: 'unused',
        key: 'unused',
        values: { id: node.id },
        severity: 'warning',
        where: `node ${node.id}`,
        message: `node '${node.id}' does not feed any loss, so training ignores it`,
        nodeIds: [node.id],
      });
    }
  });

  // Every problem that leaves a shape unknown is reported above; this names any that is not.
  if (!diagnostics.some(isError)) {
    const unknown = order.find((id) => !(id in sizes));
    if (unknown !== undefined)
      err({
        code: 'shape',
        key: 'shape.unknown',
        values: { id: unknown },
        where: `node ${unknown}`,
        message: `the columns of node '${unknown}' cannot be inferred: set its sizes`,
        nodeIds: [unknown],
      });
  }

  return { analysis: { diagnostics, sizes, order, params, inferred }, inputEdge };
}

/**
 * The data blocks whose size only the data (or, for a Target, its loss) can tell: those whose
 * params give neither `size` nor `columns`. Empty when the document alone gives every shape.
 */
export function sizedByData(doc: GraphDocument): string[] {
  return doc.nodes
    .filter((n) => findBlock(n.type)?.source && n.params?.size === undefined && n.params?.columns === undefined)
    .map((n) => n.id);
}

/**
 * The compiled document with the sizes it leaves out written in (Linear's `in`, a data block's
 * `size`) as they were inferred: for what must not depend on the data the graph was compiled
 * with (an export read without that data).
 */
export function withInferredSizes(graph: CompiledGraph): GraphDocument {
  const { document: doc, inferred } = graph;
  if (Object.keys(inferred).length === 0) return doc;
  return {
    ...doc,
    nodes: doc.nodes.map((n) =>
      Object.hasOwn(inferred, n.id) ? { ...n, params: { ...n.params, ...inferred[n.id] } } : n,
    ),
  };
}

/**
 * The nodes whose weights the user sets by hand (`init: "manual"`): Reset keeps their weights
 * unless the user asks to re-initialise everything.
 */
export function handSetNodeIds(doc: GraphDocument): string[] {
  return doc.nodes.filter((n) => n.params?.init === 'manual').map((n) => n.id);
}

/**
 * Compiles a structurally valid document; fails with diagnostics when the graph has errors. The
 * compiled nodes' params hold the inferred sizes (`options.data` as for `analyzeGraph`).
 */
export function compileGraph(doc: GraphDocument, options: AnalyzeOptions = {}): CompileResult {
  const { analysis, inputEdge } = analyze(doc, options);
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
    inferred: analysis.inferred,
  };
  return { ok: true, graph, diagnostics: analysis.diagnostics };
}
