/**
 * The editor store: the open document (as React Flow nodes and edges plus the document's other
 * fields), its file, undo/redo history, and the engine's analysis of the graph (problems and
 * inferred shapes), recomputed whenever the structure changes.
 *
 * Every edit goes through `edit()`, which records the state before it for undo. Moves record
 * once per drag; selection changes are not edits.
 */
import { applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange } from '@xyflow/react';
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  analyzeGraph,
  emptyDocument,
  findBlock,
  type DataColumns,
  type Diagnostic,
  type GraphAnalysis,
  type GraphDocument,
  NEW_GRAPH_TRAINING,
  type RunRecord,
} from '../../../engine/index.js';
import { t } from '../i18n.js';
import { copyBlocks, pasteBlocks, type ClipboardPayload } from './clipboard.js';
import { connectionProblem } from './connections.js';
import { layoutPositions, type LayoutBlock } from './layout.js';
import { BLOCK_GAP, blockRect, estimatedSize, freeOffset, freePosition } from './placement.js';
import { blockWeights, isHandSet, offersManualInit } from './weights.js';
import {
  edgeId,
  freshId,
  toDocument,
  toFlow,
  type BlockData,
  type BlockNode,
  type DocumentMeta,
  type FlowEdge,
} from './model.js';

const HISTORY_LIMIT = 200;

interface Snapshot {
  meta: DocumentMeta;
  nodes: BlockNode[];
  edges: FlowEdge[];
  revision: number;
  /**
   * The step edited the kept runs (renamed, recoloured, hid or deleted one): undoing it brings
   * them back as they were. Any other step leaves the runs alone, so that undoing an edit made
   * before a run never takes the run away.
   */
  runsEdit?: true;
}

/** `meta` with `runs` in place of its own. */
function withRuns(meta: DocumentMeta, runs: DocumentMeta['runs']): DocumentMeta {
  const { runs: _r, ...rest } = meta;
  return runs?.length ? { ...rest, runs } : rest;
}

export interface FileInfo {
  /** Full path (desktop) or null (browser, or never saved). */
  path: string | null;
  /** File name shown in the title, e.g. `xor.bps.json`; null when never saved. */
  name: string | null;
}

export interface Analysis extends GraphAnalysis {
  /** Problems per node id and per edge id, for highlighting. */
  nodeProblems: Record<string, Diagnostic[]>;
  edgeProblems: Record<string, Diagnostic[]>;
}

export interface EditorState {
  meta: DocumentMeta;
  nodes: BlockNode[];
  edges: FlowEdge[];
  analysis: Analysis;
  /**
   * The columns of the loaded data set: they size the Input and Target blocks that name no
   * columns, as training will (null without data).
   */
  dataColumns: DataColumns | null;
  /** Tells the analysis which data is loaded. */
  setDataColumns(data: DataColumns | null): void;
  file: FileInfo;
  /** Increases with every change; equal to `savedRevision` when the file is saved. */
  revision: number;
  savedRevision: number;
  past: Snapshot[];
  future: Snapshot[];
  /** Bumped when the structure (not positions) changes: nodes, edges, params. */
  structureVersion: number;
  /** Bumped when a document is loaded (the canvas fits it into view). */
  loadVersion: number;

  load(doc: GraphDocument, file?: FileInfo, options?: { dirty?: boolean }): void;
  document(): GraphDocument;
  /** Records that `revision` (default: the current one) is what the file now holds. */
  markSaved(file: FileInfo, revision?: number): void;
  onNodesChange(changes: NodeChange<BlockNode>[]): void;
  onEdgesChange(changes: EdgeChange<FlowEdge>[]): void;
  /** Records the state before a drag so the whole move undoes in one step. */
  beginMove(): void;
  /** Records the state before a gesture (a scrub of a weight) so the whole gesture undoes in one step. */
  checkpoint(): void;
  addBlock(type: string, position: { x: number; y: number }, params?: Record<string, unknown>): string;
  /** Adds an edge; returns why it was refused, or null. */
  connect(connection: Connection): string | null;
  updateParams(nodeId: string, params: Record<string, unknown>): void;
  setLabel(nodeId: string, label: string | undefined): void;
  setMeta(meta: Partial<DocumentMeta>): void;
  /** Replaces stored weights (after training), without an undo step of its own. */
  setWeights(weights: Record<string, BlockData['weights']>): void;
  /**
   * Sets weights by hand: element `index` of tensor `name` of the block becomes `value`, for
   * each change. The block's weights (drawn from the seed if the document has none) are stored,
   * and its initialisation becomes `manual` (Reset keeps them). One undo step unless `record` is
   * false (a scrub after checkpoint()).
   * Returns false when the block has no such weight or a value is not a finite number.
   */
  setWeight(
    nodeId: string,
    name: string,
    changes: readonly { index: number; value: number }[],
    options?: { record?: boolean },
  ): boolean;
  /**
   * Sets several blocks' params and stored weights, and fields of the document, together as one
   * undo step: a layer rebuilt with new sizes and weights (the construction card). Params equal
   * to a block's own keep it as it is (no new session for weights alone).
   * Returns false, changing nothing, when a block is missing.
   */
  setBlocks(
    changes: readonly { nodeId: string; params?: Record<string, unknown>; weights?: BlockData['weights'] }[],
    meta?: Partial<DocumentMeta>,
  ): boolean;
  /** Freezes a block (training leaves its weights alone; gradients still flow through it) or unfreezes it. */
  setTrainable(nodeId: string, trainable: boolean): void;
  /** Replaces the stored run history (`metrics`, after training), without an undo step of its own. */
  setMetrics(history: NonNullable<DocumentMeta['metrics']>['history']): void;
  /** Replaces the kept runs (a run recorded after training), without an undo step of its own. */
  setRuns(runs: RunRecord[]): void;
  /** Renames, recolours, shows or hides a kept run: one undo step. */
  updateRun(id: string, patch: Partial<Pick<RunRecord, 'name' | 'color' | 'visible'>>): void;
  /** Deletes a kept run: one undo step. */
  deleteRun(id: string): void;
  /**
   * Restores a kept run: its final weights and its training settings (and its history as the
   * document's metrics), one undo step. Returns why it cannot (no weights kept, another graph), or null.
   */
  restoreRun(id: string): string | null;
  /** Forgets the stored weights of every node but those in `keep` (a reset: training starts again from the seed). */
  clearWeights(keep?: readonly string[]): void;
  deleteSelection(): void;
  /** Moves the selected blocks by (dx, dy), one undo step. */
  moveSelection(dx: number, dy: number): void;
  selectAll(): void;
  select(ids: readonly string[]): void;
  copySelection(): ClipboardPayload | null;
  paste(payload: ClipboardPayload, offset?: { x: number; y: number }): void;
  duplicateSelection(): void;
  /** Arrange: lays the graph out left to right (see layout.ts); resolves once the blocks moved. */
  autoLayout(): Promise<void>;
  /** Bumped when Arrange has moved the blocks (the canvas fits them into view). */
  layoutVersion: number;
  /** Whether a layout is being computed. */
  arranging: boolean;
  undo(): void;
  redo(): void;
}

let revisionCounter = 0;
const nextRevision = () => ++revisionCounter;

function analyse(
  meta: DocumentMeta,
  nodes: readonly BlockNode[],
  edges: readonly FlowEdge[],
  data: DataColumns | null,
): Analysis {
  const base = analyzeGraph(toDocument(meta, nodes, edges), { data: data ?? undefined });
  const nodeProblems: Record<string, Diagnostic[]> = {};
  const edgeProblems: Record<string, Diagnostic[]> = {};
  for (const d of base.diagnostics) {
    for (const id of d.nodeIds ?? []) (nodeProblems[id] ??= []).push(d);
    if (d.edgeIndex !== undefined && edges[d.edgeIndex]) (edgeProblems[edges[d.edgeIndex].id] ??= []).push(d);
  }
  return { ...base, nodeProblems, edgeProblems };
}

/**
 * Whether two states have the same graph for the engine: blocks (type, params, frozen or not),
 * wires and the document's data and training settings; weights, labels and positions aside.
 */
function sameStructure(
  a: Pick<Snapshot, 'meta' | 'nodes' | 'edges'>,
  b: Pick<Snapshot, 'meta' | 'nodes' | 'edges'>,
): boolean {
  if (a.meta.data !== b.meta.data || a.meta.training !== b.meta.training) return false;
  if (a.nodes.length !== b.nodes.length || a.edges.length !== b.edges.length) return false;
  const sameNodes = a.nodes.every((n, i) => {
    const m = b.nodes[i];
    return (
      n.id === m.id &&
      n.data.type === m.data.type &&
      n.data.params === m.data.params &&
      n.data.trainable === m.data.trainable
    );
  });
  return sameNodes && a.edges.every((e, i) => e === b.edges[i] || edgeId(e) === edgeId(b.edges[i]));
}

/** What Arrange needs of each block: its drawn size and its input ports in order. */
function layoutBlocks(nodes: readonly BlockNode[]): LayoutBlock[] {
  return nodes.map((n) => {
    const { width, height } = blockRect(n);
    const def = findBlock(n.data.type);
    const parsed = def?.schema.safeParse(n.data.params);
    return { id: n.id, width, height, ports: def && parsed?.success ? def.inputs(parsed.data) : [] };
  });
}

/**
 * Nodes without a stored position (a document from the CLI or an ONNX import) start in a row,
 * clear of each other, until Arrange lays them out; all others keep theirs.
 */
function placeMissing(doc: GraphDocument, nodes: BlockNode[]): BlockNode[] {
  let x = 0;
  return nodes.map((n, i) => {
    if (doc.nodes[i].position) return n;
    const placed = { ...n, position: { x, y: 0 } };
    x += blockRect(n).width + BLOCK_GAP;
    return placed;
  });
}

/** What New Blank Graph opens: no blocks, and the training settings a new graph starts with. */
export function blankDocument(): GraphDocument {
  return { ...emptyDocument(), training: { ...NEW_GRAPH_TRAINING } };
}

export function createEditorStore(initial: GraphDocument = blankDocument()): StoreApi<EditorState> {
  return createStore<EditorState>((set, get) => {
    const snapshot = (): Snapshot => {
      const s = get();
      return { meta: s.meta, nodes: s.nodes, edges: s.edges, revision: s.revision };
    };
    /** Applies an edit: records undo, bumps the revision, re-analyses if the structure changed. */
    const edit = (
      change: Partial<Pick<EditorState, 'meta' | 'nodes' | 'edges'>>,
      structural = true,
      record = true,
      runsEdit = false,
    ) => {
      const s = get();
      const meta = change.meta ?? s.meta;
      const nodes = change.nodes ?? s.nodes;
      const edges = change.edges ?? s.edges;
      set({
        meta,
        nodes,
        edges,
        revision: nextRevision(),
        ...(record
          ? {
              past: [...s.past.slice(-HISTORY_LIMIT + 1), { ...snapshot(), ...(runsEdit ? { runsEdit: true } : {}) }],
              future: [],
            }
          : {}),
        ...(structural
          ? { analysis: analyse(meta, nodes, edges, s.dataColumns), structureVersion: s.structureVersion + 1 }
          : {}),
      });
    };
    const restore = (step: Snapshot, from: 'past' | 'future') => {
      const s = get();
      const current: Snapshot = { ...snapshot(), ...(step.runsEdit ? { runsEdit: true } : {}) };
      const target = step.runsEdit ? step : { ...step, meta: withRuns(step.meta, s.meta.runs) };
      const selected = new Set(s.nodes.filter((n) => n.selected).map((n) => n.id));
      const nodes = target.nodes.map((n) =>
        n.selected === selected.has(n.id) ? n : { ...n, selected: selected.has(n.id) },
      );
      // Undoing a weight, a label or a move keeps the training session (it is told of the weights).
      const structural = !sameStructure(s, target);
      set({
        meta: target.meta,
        nodes,
        edges: target.edges,
        // Runs kept that the step did not have: not the document that revision was.
        revision: target.meta.runs === step.meta.runs ? target.revision : nextRevision(),
        ...(structural
          ? {
              analysis: analyse(target.meta, nodes, target.edges, s.dataColumns),
              structureVersion: s.structureVersion + 1,
            }
          : {}),
        past: from === 'past' ? s.past.slice(0, -1) : [...s.past, current],
        future: from === 'future' ? s.future.slice(0, -1) : [...s.future, current],
      });
    };
    const selectedIds = () =>
      new Set(
        get()
          .nodes.filter((n) => n.selected)
          .map((n) => n.id),
      );
    /**
     * Lays the graph out and moves the blocks, as an undoable edit (Arrange) or, after loading a
     * document without positions, as part of the load (the file stays unmodified). A layout that
     * finishes after the user changed the graph is dropped (after a load) or applied to the blocks
     * still there (Arrange).
     */
    const arrange = async ({ record }: { record: boolean }) => {
      const before = get();
      set({ arranging: true });
      const positions = await layoutPositions(layoutBlocks(before.nodes), before.edges).finally(() =>
        set({ arranging: false }),
      );
      const s = get();
      if (!record && (s.revision !== before.revision || s.loadVersion !== before.loadVersion)) return;
      const nodes = s.nodes.map((n) => {
        const p = positions.get(n.id);
        return p && (p.x !== n.position.x || p.y !== n.position.y) ? { ...n, position: p } : n;
      });
      if (nodes.every((n, i) => n === s.nodes[i])) return set({ layoutVersion: s.layoutVersion + 1 });
      if (record) edit({ nodes }, false);
      else set({ nodes });
      set({ layoutVersion: get().layoutVersion + 1 });
    };
    const initialFlow = toFlow(initial);
    const initialRevision = nextRevision();

    return {
      ...initialFlow,
      analysis: analyse(initialFlow.meta, initialFlow.nodes, initialFlow.edges, null),
      dataColumns: null,
      file: { path: null, name: null },
      revision: initialRevision,
      savedRevision: initialRevision,
      past: [],
      future: [],
      structureVersion: 0,
      loadVersion: 0,
      layoutVersion: 0,
      arranging: false,

      load(doc, file = { path: null, name: null }, options = {}) {
        const flow = toFlow(doc);
        const nodes = placeMissing(doc, flow.nodes);
        const revision = nextRevision();
        set({
          meta: flow.meta,
          nodes,
          edges: flow.edges,
          analysis: analyse(flow.meta, nodes, flow.edges, get().dataColumns),
          file,
          revision,
          savedRevision: options.dirty ? -1 : revision,
          past: [],
          future: [],
          structureVersion: get().structureVersion + 1,
          loadVersion: get().loadVersion + 1,
        });
        if (doc.nodes.some((n) => !n.position)) void arrange({ record: false });
      },

      document: () => toDocument(get().meta, get().nodes, get().edges),

      setDataColumns(data) {
        const s = get();
        if (data === s.dataColumns) return;
        set({ dataColumns: data, analysis: analyse(s.meta, s.nodes, s.edges, data) });
      },

      markSaved(file, revision = get().revision) {
        set({ file, savedRevision: revision });
      },

      onNodesChange(changes) {
        const meaningful = changes.some(
          (c) => c.type === 'position' || c.type === 'remove' || c.type === 'add' || c.type === 'replace',
        );
        const nodes = applyNodeChanges(changes, get().nodes);
        if (!meaningful) {
          set({ nodes });
          return;
        }
        const structural = changes.some((c) => c.type !== 'position');
        const moving = changes.every((c) => c.type === 'position');
        // Positions during a drag: the undo step was recorded by beginMove().
        edit({ nodes }, structural, !moving);
      },

      onEdgesChange(changes) {
        const edges = applyEdgeChanges(changes, get().edges);
        if (changes.some((c) => c.type === 'remove' || c.type === 'add' || c.type === 'replace')) edit({ edges });
        else set({ edges });
      },

      beginMove() {
        get().checkpoint();
      },

      checkpoint() {
        const s = get();
        set({ past: [...s.past.slice(-HISTORY_LIMIT + 1), snapshot()], future: [] });
      },

      addBlock(type, position, params) {
        const def = findBlock(type);
        if (!def) throw new Error(`unknown block type ${type}`);
        const s = get();
        const id = freshId(type, new Set(s.nodes.map((n) => n.id)));
        const defaults = def.schema.safeParse({});
        const data: BlockData = {
          type,
          params: { ...(defaults.success ? (defaults.data as Record<string, unknown>) : {}), ...params },
        };
        // Never on top of another block: the nearest free spot.
        const free = freePosition(s.nodes.map(blockRect), position, estimatedSize(type, data.params));
        const node: BlockNode = { id, type: 'block', position: free, data, selected: true };
        edit({ nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node] });
        return id;
      },

      connect(connection) {
        const s = get();
        const problem = connectionProblem(s.nodes, s.edges, connection);
        if (problem) return problem;
        const edge: FlowEdge = {
          id: edgeId({ source: connection.source, target: connection.target, targetHandle: connection.targetHandle }),
          source: connection.source,
          target: connection.target,
          sourceHandle: 'out',
          targetHandle: connection.targetHandle ?? '',
          type: 'flow',
        };
        edit({ edges: [...s.edges, edge] });
        return null;
      },

      updateParams(nodeId, params) {
        const s = get();
        const node = s.nodes.find((n) => n.id === nodeId);
        if (!node) return;
        const def = findBlock(node.data.type);
        const ports = (p: Record<string, unknown>) => {
          const parsed = def?.schema.safeParse(p);
          return parsed?.success ? def!.inputs(parsed.data) : null;
        };
        const nextPorts = ports(params);
        // Changing a block's params invalidates its trained weights (their shape may change, and
        // a new initialisation asks for new ones); weights set by hand stay while their shapes fit.
        const { weights: _dropped, ...data } = node.data;
        const without = s.nodes.map((n) => (n.id === nodeId ? { ...n, data: { ...data, params } } : n));
        // Edges into ports that no longer exist (e.g. fewer inputs on Add) are removed.
        const edges = nextPorts
          ? s.edges.filter((e) => e.target !== nodeId || nextPorts.includes(e.targetHandle ?? ''))
          : s.edges;
        let nodes = without;
        if (params.init === 'manual' && isHandSet(node) && node.data.weights) {
          const kept = s.nodes.map((n) => (n.id === nodeId ? { ...n, data: { ...n.data, params } } : n));
          const changed = kept.find((n) => n.id === nodeId)!;
          if (blockWeights(changed, analyse(s.meta, kept, edges, s.dataColumns).params[nodeId], s.meta)?.stored)
            nodes = kept;
        }
        edit({ nodes, edges });
      },

      setLabel(nodeId, label) {
        const s = get();
        edit(
          {
            nodes: s.nodes.map((n) => {
              if (n.id !== nodeId) return n;
              const { label: _old, ...data } = n.data;
              return { ...n, data: label ? { ...data, label } : data };
            }),
          },
          false,
        );
      },

      setMeta(meta) {
        edit({ meta: { ...get().meta, ...meta } }, false);
      },

      setWeights(weights) {
        const s = get();
        set({
          nodes: s.nodes.map((n) => (weights[n.id] ? { ...n, data: { ...n.data, weights: weights[n.id] } } : n)),
          revision: nextRevision(),
        });
      },

      setWeight(nodeId, name, changes, options = {}) {
        const s = get();
        const node = s.nodes.find((n) => n.id === nodeId);
        if (!node) return false;
        const current = blockWeights(node, s.analysis.params[nodeId], s.meta);
        const tensor = current?.tensors[name];
        if (!current || !tensor) return false;
        if (
          changes.some(
            (c) =>
              !Number.isFinite(c.value) || !Number.isInteger(c.index) || c.index < 0 || c.index >= tensor.data.length,
          )
        )
          return false;
        const data = Array.from(tensor.data);
        for (const c of changes) data[c.index] = c.value;
        const weights = { ...current.tensors, [name]: { shape: [...tensor.shape], data } };
        // The weights become the user's: `manual`, so Reset keeps them (and the file says so).
        const becomesManual = !isHandSet(node) && offersManualInit(node.data.type);
        const params = becomesManual ? { ...node.data.params, init: 'manual' } : node.data.params;
        const nodes = s.nodes.map((n) => (n.id === nodeId ? { ...n, data: { ...n.data, params, weights } } : n));
        edit({ nodes }, false, options.record ?? true);
        // `manual` only says whose weights they are (the session has them, and Reset keeps them as
        // the document says): the graph computes the same, so the session takes the edit live.
        if (becomesManual) set({ analysis: analyse(s.meta, nodes, s.edges, s.dataColumns) });
        return true;
      },

      setBlocks(changes, meta) {
        const s = get();
        if (changes.some((c) => !s.nodes.some((n) => n.id === c.nodeId))) return false;
        let structural = false;
        const nodes = s.nodes.map((n) => {
          const change = changes.find((c) => c.nodeId === n.id);
          if (!change) return n;
          let data = n.data;
          if (change.params && JSON.stringify(change.params) !== JSON.stringify(n.data.params)) {
            data = { ...data, params: change.params };
            structural = true;
          }
          if (change.weights) data = { ...data, weights: change.weights };
          return data === n.data ? n : { ...n, data };
        });
        edit({ nodes, ...(meta ? { meta: { ...s.meta, ...meta } } : {}) }, structural);
        return true;
      },

      setTrainable(nodeId, trainable) {
        const s = get();
        const node = s.nodes.find((n) => n.id === nodeId);
        if (!node || (node.data.trainable !== false) === trainable) return;
        const { trainable: _t, ...data } = node.data;
        edit({
          nodes: s.nodes.map((n) =>
            n.id === nodeId ? { ...n, data: trainable ? data : { ...data, trainable: false } } : n,
          ),
        });
      },

      setMetrics(history) {
        const { metrics: _m, ...meta } = get().meta;
        set({ meta: history.length ? { ...meta, metrics: { history } } : meta, revision: nextRevision() });
      },

      setRuns(runs) {
        const { runs: _r, ...meta } = get().meta;
        set({ meta: runs.length ? { ...meta, runs } : meta, revision: nextRevision() });
      },

      updateRun(id, patch) {
        const meta = get().meta;
        const runs = meta.runs ?? [];
        const at = runs.findIndex((r) => r.id === id);
        if (at < 0) return;
        const next = { ...runs[at], ...patch };
        if (patch.visible === true) delete next.visible;
        if (JSON.stringify(next) === JSON.stringify(runs[at])) return;
        edit({ meta: { ...meta, runs: runs.map((r, i) => (i === at ? next : r)) } }, false, true, true);
      },

      deleteRun(id) {
        const { runs = [], ...meta } = get().meta;
        if (!runs.some((r) => r.id === id)) return;
        const kept = runs.filter((r) => r.id !== id);
        edit({ meta: kept.length ? { ...meta, runs: kept } : meta }, false, true, true);
      },

      restoreRun(id) {
        const s = get();
        const run = s.meta.runs?.find((r) => r.id === id);
        const problem = restoreProblem(run, s.nodes, s.analysis.params);
        if (problem || !run?.weights) return problem ?? t('runRestore.noSuchRun');
        const weights = run.weights;
        const nodes = s.nodes.map((n) => {
          if (weights[n.id]) return { ...n, data: { ...n.data, weights: weights[n.id] } };
          if (!n.data.weights) return n;
          const { weights: _w, ...data } = n.data;
          return { ...n, data };
        });
        const history = run.curves.map(({ gradNorm: _g, ...point }) => point);
        const { metrics: _m, ...meta } = s.meta;
        edit(
          {
            meta: { ...meta, training: { ...run.settings }, ...(history.length ? { metrics: { history } } : {}) },
            nodes,
          },
          false,
        );
        return null;
      },

      clearWeights(keep = []) {
        const s = get();
        const cleared = (n: BlockNode) => n.data.weights && !keep.includes(n.id);
        if (!s.nodes.some(cleared)) return;
        set({
          nodes: s.nodes.map((n) => {
            if (!cleared(n)) return n;
            const { weights: _w, ...data } = n.data;
            return { ...n, data };
          }),
          revision: nextRevision(),
        });
      },

      deleteSelection() {
        const s = get();
        const ids = selectedIds();
        const edges = s.edges.filter((e) => !e.selected && !ids.has(e.source) && !ids.has(e.target));
        if (ids.size === 0 && edges.length === s.edges.length) return;
        edit({ nodes: s.nodes.filter((n) => !ids.has(n.id)), edges });
      },

      moveSelection(dx, dy) {
        const s = get();
        if (!s.nodes.some((n) => n.selected)) return;
        edit(
          {
            nodes: s.nodes.map((n) =>
              n.selected ? { ...n, position: { x: n.position.x + dx, y: n.position.y + dy } } : n,
            ),
          },
          false,
        );
      },

      selectAll() {
        set({ nodes: get().nodes.map((n) => (n.selected ? n : { ...n, selected: true })) });
      },

      select(ids) {
        const chosen = new Set(ids);
        set({
          nodes: get().nodes.map((n) => (n.selected === chosen.has(n.id) ? n : { ...n, selected: chosen.has(n.id) })),
          edges: get().edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
        });
      },

      copySelection() {
        const s = get();
        return copyBlocks(s.nodes, s.edges, selectedIds());
      },

      paste(payload, offset = { x: 40, y: 40 }) {
        const s = get();
        const pasted = pasteBlocks(payload, new Set(s.nodes.map((n) => n.id)), offset);
        // The pasted group moves as one to the nearest place where none of it covers a block.
        const { dx, dy } = freeOffset(s.nodes.map(blockRect), pasted.nodes.map(blockRect));
        const placed = pasted.nodes.map((n) => ({ ...n, position: { x: n.position.x + dx, y: n.position.y + dy } }));
        edit({
          nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...placed],
          edges: [...s.edges, ...pasted.edges],
        });
      },

      duplicateSelection() {
        const payload = get().copySelection();
        if (payload) get().paste(payload);
      },

      autoLayout() {
        return arrange({ record: true });
      },

      undo() {
        const previous = get().past.at(-1);
        if (previous) restore(previous, 'past');
      },

      redo() {
        const next = get().future.at(-1);
        if (next) restore(next, 'future');
      },
    };
  });
}

/**
 * Why a kept run cannot be restored into the graph (null: it can): its weights must fit, each
 * tensor into a block of the same id and type with the same shape. The graph may otherwise
 * differ (another loss block, a block added): it stays as it is.
 */
export function restoreProblem(
  run: RunRecord | undefined,
  nodes: readonly BlockNode[],
  params: Record<string, Record<string, unknown> | undefined>,
): string | null {
  if (!run) return t('runRestore.noSuchRun');
  if (!run.weights) return t('runRestore.notKept');
  for (const [id, tensors] of Object.entries(run.weights)) {
    const node = nodes.find((n) => n.id === id);
    const was = run.blocks.find((b) => b.id === id)?.type;
    if (!node || (was !== undefined && node.data.type !== was)) return t('runRestore.blockGone', { block: id });
    const shapes = findBlock(node.data.type)?.weightShapes?.((params[id] ?? node.data.params) as never) ?? {};
    for (const [name, tensor] of Object.entries(tensors)) {
      const shape = shapes[name];
      if (!shape || shape.join('×') !== tensor.shape.join('×'))
        return t('runRestore.otherWeights', {
          block: id,
          name,
          now: shape ? shape.join(' × ') : t('runRestore.none'),
          was: tensor.shape.join(' × '),
        });
    }
  }
  return null;
}

export const isDirty = (s: Pick<EditorState, 'revision' | 'savedRevision'>): boolean => s.revision !== s.savedRevision;
