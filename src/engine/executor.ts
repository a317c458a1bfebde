/**
 * Runs a compiled graph: the forward pass node by node in topological order, the backward pass
 * in reverse order. Buffers are planned once per batch size (no allocation while training).
 *
 * After a pass the executor exposes every node's output, every parameter's gradient and the
 * gradient carried back along every edge: for an edge s→t, `edgeGradient(e)` is the part of
 * dL/d(output of s) that flows back from t. A node's total output gradient is the sum over its
 * outgoing edges; the executor does that summation (fan-out), never a block.
 */
import type { BackwardArgs, BlockDefinition, ForwardArgs, LogitsForwardArgs, Param } from './blocks/index.js';
import { DiagnosticError } from './diagnostics.js';
import type { CompiledGraph, CompiledNode } from './graph.js';
import { formatCount, MAX_BATCH_VALUES } from './limits.js';
import { createRng, deriveSeed } from './random.js';
import { allocate, firstNonFinite, norm, Tensor, type Precision } from './tensor.js';
import type { WeightTensor } from './format.js';

export interface ExecutorOptions {
  precision?: Precision;
  /** Also compute gradients flowing into data blocks (for display); off for speed. */
  inputGradients?: boolean;
  /** Seed for weights the document does not store (default: the document's training seed, else 1). */
  seed?: number;
}

/**
 * What is planned once for each of the two backward passes: one that also fills the gradients
 * flowing into data blocks, for display (see `Executor.inputGradients`), and one that computes
 * only what the weights need.
 */
interface PerPass<T> {
  withInputGradients: T;
  weightsOnly: T;
}
type Pass = keyof PerPass<unknown>;

/** Buffers for one batch size. */
interface Plan {
  rows: number;
  outputs: Tensor[];
  /** dL/d(output) per node, or null where no gradient is needed. */
  outputGrads: (Tensor | null)[];
  /** Per document edge: the gradient flowing back along it, or null. */
  edgeGrads: (Tensor | null)[];
  forwardArgs: ForwardArgs<unknown, unknown>[];
  /** Per node fed back along several edges: those edges' gradients (summed into its dL/d(out)). */
  fanOut: PerPass<(Tensor[] | null)[]>;
  /** Null for nodes whose backward has nothing to compute. */
  backwardArgs: PerPass<(BackwardArgs<unknown, unknown> | null)[]>;
  /** Per node, the forward and backward to call: a loss computed from logits calls its `fromLogits` pair. */
  forwards: ((args: ForwardArgs<unknown, unknown>) => void)[];
  backwards: ((args: BackwardArgs<unknown, unknown>) => void)[];
  /** Per activation feeding a loss computed from its logits: how its input gradient is completed. */
  fused: (FusedActivation | null)[];
}

/**
 * An activation (sigmoid, softmax) whose output feeds a loss computed from its logits. The
 * loss writes dL/d(logits) into `parts` directly; the activation's own backward sees only the
 * gradient from its other consumers, and its input gradient is that plus `parts`.
 */
interface FusedActivation {
  parts: Tensor[];
  /** The gradient from the other consumers (summed from `otherEdges` when several), or null. */
  dOut: Tensor | null;
  otherEdges: Tensor[];
  /** The activation's backward with `dOut`; null where it has nothing to do. */
  args: PerPass<BackwardArgs<unknown, unknown> | null>;
  /** Its input gradient; null where it is not needed. */
  dx: PerPass<Tensor | null>;
}

export interface NonFiniteReport {
  nodeId: string;
  /** 'output' when the forward value went bad, 'gradient' when a backward one did. */
  kind: 'output' | 'gradient';
  /** What exactly holds the bad value, e.g. `output [3, 1]` or `∂L/∂W [0, 2]`. */
  detail: string;
}

export class Executor {
  readonly graph: CompiledGraph;
  readonly precision: Precision;
  /** All trainable parameters, nodes in topological order, weights in their block's order. */
  readonly parameters: Param[] = [];
  private readonly weights: Record<string, Param>[];
  private readonly plans = new Map<number, Plan>();
  private plan: Plan | null = null;
  /**
   * Whether backward() also fills the gradients that flow into data blocks (and the edges that
   * only they need), for display. Can change between passes; has an effect only for an executor
   * created with the `inputGradients` option, which plans their buffers.
   */
  inputGradients: boolean;
  /** Per node: does any gradient need to flow into its output? */
  private readonly requiresGrad: boolean[];
  /** The same without the gradients into data blocks: only what the weights need. */
  private readonly requiresGradForWeights: boolean[];
  /** Per node: does it feed a loss (so its backward runs)? */
  private readonly reachesLoss: boolean[];
  /** Per node: is it needed for predictions (not a target, not a loss, not fed by either)? */
  readonly inference: boolean[];
  private lastLoss = NaN;
  private lossSeed: Tensor;
  /** Per loss node: the position of the activation it is computed through from logits, or -1. */
  private readonly logitsOf: number[];

  constructor(graph: CompiledGraph, options: ExecutorOptions = {}) {
    this.graph = graph;
    this.precision = options.precision ?? 'float32';
    const seed = options.seed ?? graph.document.training?.seed ?? 1;
    this.weights = graph.nodes.map((node) => this.createWeights(node, seed));
    const nodes = graph.nodes;
    this.inputGradients = !!options.inputGradients;
    const requires = (withInputs: boolean): boolean[] => {
      const result = new Array<boolean>(nodes.length).fill(false);
      nodes.forEach((node, n) => {
        result[n] =
          Object.keys(this.weights[n]).length > 0 ||
          (node.def.source === 'features' && withInputs) ||
          node.inputs.some((input) => result[input.source]);
      });
      return result;
    };
    this.requiresGrad = requires(!!options.inputGradients);
    this.requiresGradForWeights = requires(false);
    this.reachesLoss = new Array<boolean>(nodes.length).fill(false);
    for (let n = nodes.length - 1; n >= 0; n--) {
      this.reachesLoss[n] =
        nodes[n].def.category === 'loss' || nodes[n].consumers.some((c) => this.reachesLoss[c.node]);
    }
    this.inference = new Array<boolean>(nodes.length).fill(false);
    nodes.forEach((node, n) => {
      this.inference[n] =
        node.def.source !== 'targets' &&
        node.def.category !== 'loss' &&
        node.inputs.every((input) => this.inference[input.source]);
    });
    this.lossSeed = new Tensor(1, 1, allocate(this.precision, 1));
    this.lossSeed.data[0] = 1;
    this.logitsOf = nodes.map((node) => {
      const fused = node.def.fromLogits;
      if (!fused) return -1;
      const pred = node.inputs[0].source;
      return nodes[pred].def.type === fused.activation && nodes[pred].inputs.length === 1 ? pred : -1;
    });
  }

  private createWeights(node: CompiledNode, seed: number): Record<string, Param> {
    const shapes = node.def.weightShapes?.(node.params) ?? {};
    const stored = this.graph.document.nodes[node.docIndex].weights;
    let drawn: Record<string, Float64Array> | undefined;
    const result: Record<string, Param> = {};
    for (const [name, shape] of Object.entries(shapes)) {
      const length = shape.reduce((a, b) => a * b, 1);
      const value = allocate(this.precision, length);
      const initial = stored?.[name]?.data ?? (drawn ??= initialWeights(node.def, node.params, node.id, seed))[name];
      value.set(initial);
      const param: Param = { node: node.id, name, shape, value, grad: allocate(this.precision, length) };
      result[name] = param;
      this.parameters.push(param);
    }
    return result;
  }

  /**
   * Re-draws every weight from `seed` (ignoring stored weights), as a fresh start would, except
   * the weights of the nodes in `keep` (hand-set weights), which stay as they are.
   */
  reinitialize(seed: number, keep: ReadonlySet<string> = new Set()): void {
    this.graph.nodes.forEach((node, n) => {
      if (keep.has(node.id) || Object.keys(this.weights[n]).length === 0) return;
      const drawn = initialWeights(node.def, node.params, node.id, seed);
      for (const [name, param] of Object.entries(this.weights[n])) {
        param.value.set(drawn[name]);
        param.grad.fill(0);
      }
    });
  }

  /** The parameters of one node, by weight name. */
  nodeWeights(nodeId: string): Readonly<Record<string, Param>> {
    return this.weights[this.position(nodeId)];
  }

  /** Weights of every parameterised node as stored in a document (full double precision). */
  exportWeights(): Record<string, Record<string, WeightTensor>> {
    // fromEntries defines own properties, so any node id (even '__proto__') is kept as a key.
    return Object.fromEntries(
      this.graph.nodes.flatMap((node, n) => {
        const entries = Object.entries(this.weights[n]);
        if (entries.length === 0) return [];
        return [
          [
            node.id,
            Object.fromEntries(entries.map(([name, p]) => [name, { shape: [...p.shape], data: Array.from(p.value) }])),
          ],
        ];
      }),
    );
  }

  /** Copies weights into the executor (e.g. kept from before a graph edit); names must match. */
  importWeights(nodeId: string, weights: Record<string, { data: ArrayLike<number> }>): void {
    for (const [name, param] of Object.entries(this.nodeWeights(nodeId))) {
      const w = weights[name];
      if (w && w.data.length === param.value.length) param.value.set(w.data);
    }
  }

  private position(nodeId: string): number {
    const n = this.graph.index.get(nodeId);
    if (n === undefined) throw new Error(`no node '${nodeId}' in this graph`);
    return n;
  }

  /** The most rows one batch may have: its blocks' outputs stay within MAX_BATCH_VALUES values. */
  get maxRows(): number {
    let columns = 0;
    for (const node of this.graph.nodes) columns += node.def.category === 'loss' ? 0 : node.outputSize;
    return Math.max(1, Math.floor(MAX_BATCH_VALUES / Math.max(1, columns)));
  }

  private buildPlan(rows: number): Plan {
    const nodes = this.graph.nodes;
    const p = this.precision;
    const maxRows = this.maxRows;
    if (rows > maxRows) {
      throw new DiagnosticError([
        {
          code: 'limit',
          severity: 'error',
          where: '(batch)',
          message: `a batch of ${formatCount(rows)} rows is too large for this graph: its blocks' outputs would hold more than ${formatCount(MAX_BATCH_VALUES)} values; use at most ${formatCount(maxRows)} rows per batch`,
        },
      ]);
    }
    const outputs = nodes.map((node) =>
      node.def.category === 'loss' ? Tensor.zeros(1, 1, p) : Tensor.zeros(rows, node.outputSize, p),
    );
    const edgeGrads: (Tensor | null)[] = new Array(this.graph.document.edges.length).fill(null);
    nodes.forEach((node, n) => {
      for (const c of node.consumers) {
        if (this.requiresGrad[n] && this.reachesLoss[c.node])
          edgeGrads[c.edge] = Tensor.zeros(rows, node.outputSize, p);
      }
    });
    // Edges from an activation into a loss computed from its logits: their gradient is for display.
    const fusedEdge = new Set<number>();
    for (let n = 0; n < nodes.length; n++) if (this.logitsOf[n] >= 0) fusedEdge.add(nodes[n].inputs[0].edge);
    const outputGrads = nodes.map((node, n): Tensor | null => {
      if (node.def.category === 'loss') return this.lossSeed;
      const carried = node.consumers.filter((c) => edgeGrads[c.edge]);
      if (carried.length === 0) return null;
      if (carried.length === 1) return edgeGrads[carried[0].edge];
      return Tensor.zeros(rows, node.outputSize, p);
    });
    const states = nodes.map((node) =>
      node.def.createState?.({
        params: node.params,
        rows,
        inputSizes: node.inputs.map((i) => nodes[i.source].outputSize),
        outputSize: node.outputSize,
        precision: p,
      }),
    );
    const forwardArgs = nodes.map((node, n): ForwardArgs<unknown, unknown> => {
      const args: ForwardArgs<unknown, unknown> = {
        params: node.params,
        inputs: node.inputs.map((input) => outputs[input.source]),
        out: outputs[n],
        weights: this.weights[n],
        state: states[n],
      };
      const activation = this.logitsOf[n];
      if (activation < 0) return args;
      return { ...args, logits: outputs[nodes[activation].inputs[0].source] } as LogitsForwardArgs<unknown, unknown>;
    });
    // The activations feeding losses computed from their logits, and the buffers those write into.
    const fused: (FusedActivation | null)[] = nodes.map(() => null);
    const dLogits: (Tensor | null)[] = nodes.map(() => null);
    nodes.forEach((node, n) => {
      const a = this.logitsOf[n];
      if (a < 0) return;
      const activation = nodes[a];
      const input = activation.inputs[0];
      const dx = edgeGrads[input.edge];
      if (!dx) return;
      let f = fused[a];
      if (!f) {
        const otherEdges = activation.consumers
          .filter((c) => !fusedEdge.has(c.edge) && edgeGrads[c.edge])
          .map((c) => edgeGrads[c.edge]!);
        const dOut =
          otherEdges.length === 0
            ? null
            : otherEdges.length === 1
              ? otherEdges[0]
              : Tensor.zeros(rows, activation.outputSize, p);
        const args = (requires: boolean[]): BackwardArgs<unknown, unknown> | null =>
          dOut && requires[input.source] ? { ...forwardArgs[a], dOut, dInputs: [dx] } : null;
        f = {
          parts: [],
          dOut,
          otherEdges: otherEdges.length > 1 ? otherEdges : [],
          args: { withInputGradients: args(this.requiresGrad), weightsOnly: args(this.requiresGradForWeights) },
          dx: {
            withInputGradients: this.requiresGrad[input.source] ? dx : null,
            weightsOnly: this.requiresGradForWeights[input.source] ? dx : null,
          },
        };
        fused[a] = f;
      }
      dLogits[n] = Tensor.zeros(rows, activation.outputSize, p);
      f.parts.push(dLogits[n]!);
    });
    // `requires` decides which edges a pass fills: all planned ones, or only those the
    // weights need (that pass leaves the gradients into data blocks as they were).
    const passArgs = (requires: boolean[]) =>
      nodes.map((node, n): BackwardArgs<unknown, unknown> | null => {
        const dOut = outputGrads[n];
        const dInputs = node.inputs.map((input) => (requires[input.source] ? edgeGrads[input.edge] : null));
        const hasWork = dInputs.some((d) => d !== null) || Object.keys(this.weights[n]).length > 0;
        if (!dOut || !this.reachesLoss[n] || !requires[n] || node.def.source || !hasWork) return null;
        if (this.logitsOf[n] >= 0)
          return { ...forwardArgs[n], dOut, dInputs, dLogits: dLogits[n] } as BackwardArgs<unknown, unknown>;
        return { ...forwardArgs[n], dOut, dInputs };
      });
    const passFanOut = (requires: boolean[]) =>
      nodes.map((node, n) => {
        const carried = node.consumers.flatMap((c) => edgeGrads[c.edge] ?? []);
        return carried.length > 1 && requires[n] ? carried : null;
      });
    return {
      rows,
      outputs,
      outputGrads,
      edgeGrads,
      forwardArgs,
      fanOut: {
        withInputGradients: passFanOut(this.requiresGrad),
        weightsOnly: passFanOut(this.requiresGradForWeights),
      },
      backwardArgs: {
        withInputGradients: passArgs(this.requiresGrad),
        weightsOnly: passArgs(this.requiresGradForWeights),
      },
      forwards: nodes.map((node, n) =>
        this.logitsOf[n] >= 0
          ? (node.def.fromLogits!.forward as (a: ForwardArgs<unknown, unknown>) => void)
          : node.def.forward,
      ),
      backwards: nodes.map((node, n) =>
        this.logitsOf[n] >= 0
          ? (node.def.fromLogits!.backward as (a: BackwardArgs<unknown, unknown>) => void)
          : node.def.backward,
      ),
      fused,
    };
  }

  /** Selects (planning once) the buffers for batches of `rows` rows. */
  setRows(rows: number): void {
    if (this.plan?.rows === rows) return;
    let plan = this.plans.get(rows);
    if (!plan) {
      plan = this.buildPlan(rows);
      this.plans.set(rows, plan);
    }
    this.plan = plan;
  }

  get rows(): number {
    return this.plan?.rows ?? 0;
  }

  private current(): Plan {
    if (!this.plan) throw new Error('no batch: call setRows() or feed() first');
    return this.plan;
  }

  /** The buffer a data node's rows go into, for the current batch size. */
  dataTensor(nodeId: string): Tensor {
    return this.current().outputs[this.position(nodeId)];
  }

  /** Sets the batch from whole tensors (or nested rows), keyed by data node id. */
  feed(values: Record<string, Tensor | readonly (readonly number[])[]>): void {
    const entries = Object.entries(values).map(
      ([id, v]) => [id, v instanceof Tensor ? v : Tensor.fromRows(v, 'float64')] as const,
    );
    if (entries.length === 0) throw new Error('feed() needs at least one data tensor');
    this.setRows(entries[0][1].rows);
    for (const [id, t] of entries) {
      const dst = this.dataTensor(id);
      if (t.rows !== dst.rows || t.cols !== dst.cols) {
        throw new RangeError(`data for node '${id}' is ${t.shapeText()}, expected ${dst.shapeText()}`);
      }
      dst.data.set(t.data);
    }
  }

  /**
   * Forward pass over the current batch. With `predictOnly`, target and loss blocks are
   * skipped (no target data needed) and the result is NaN. Returns the summed loss.
   */
  forward(predictOnly = false): number {
    const plan = this.current();
    const nodes = this.graph.nodes;
    const forwards = plan.forwards;
    for (let n = 0; n < nodes.length; n++) {
      if (nodes[n].def.source || (predictOnly && !this.inference[n])) continue;
      forwards[n](plan.forwardArgs[n]);
    }
    if (predictOnly) return (this.lastLoss = NaN);
    let loss = 0;
    for (const n of this.graph.losses) loss += plan.outputs[n].data[0];
    return (this.lastLoss = loss);
  }

  /** Which of the planned backward passes backward() runs (see `inputGradients`). */
  private get pass(): Pass {
    return this.inputGradients ? 'withInputGradients' : 'weightsOnly';
  }

  /**
   * Backward pass for the last forward: fills every needed edge and parameter gradient (the
   * gradients into data blocks only while `inputGradients` is on).
   */
  backward(): void {
    const plan = this.current();
    const nodes = this.graph.nodes;
    const pass = this.pass;
    const fanOut = plan.fanOut[pass];
    const backwardArgs = plan.backwardArgs[pass];
    const backwards = plan.backwards;
    for (let n = nodes.length - 1; n >= 0; n--) {
      // Summed even where the node has no backward of its own (a data block feeding several
      // nodes), so that its output gradient is complete.
      const carried = fanOut[n];
      if (carried) sumInto(plan.outputGrads[n]!, carried);
      const fused = plan.fused[n];
      if (fused) {
        this.backwardFused(nodes[n].def, fused, pass);
        continue;
      }
      const args = backwardArgs[n];
      if (args) backwards[n](args);
    }
  }

  /** An activation's backward that completes its input gradient with the losses' dL/d(logits). */
  private backwardFused(def: BlockDefinition, f: FusedActivation, pass: Pass): void {
    const dx = f.dx[pass];
    if (!dx) return;
    const args = f.args[pass];
    if (args) {
      if (f.otherEdges.length > 1) sumInto(f.dOut!, f.otherEdges);
      def.backward(args);
      for (const part of f.parts) addInto(dx, part);
    } else {
      dx.data.set(f.parts[0].data);
      for (let k = 1; k < f.parts.length; k++) addInto(dx, f.parts[k]);
    }
  }

  /** The summed loss of the last forward pass. */
  get loss(): number {
    return this.lastLoss;
  }

  output(nodeId: string): Tensor {
    return this.current().outputs[this.position(nodeId)];
  }

  /** dL/d(output of the node) after backward, or null where no gradient flows. */
  outputGradient(nodeId: string): Tensor | null {
    return this.current().outputGrads[this.position(nodeId)];
  }

  /** The gradient flowing back along document edge `edgeIndex`, or null where none does. */
  edgeGradient(edgeIndex: number): Tensor | null {
    return this.current().edgeGrads[edgeIndex] ?? null;
  }

  /** ‖gradient‖ per document edge (NaN where no gradient flows). */
  edgeGradientNorms(): Float64Array {
    const grads = this.current().edgeGrads;
    const out = new Float64Array(grads.length);
    grads.forEach((g, e) => (out[e] = g ? norm(g.data) : NaN));
    return out;
  }

  /** The value each loss node computed in the last forward, by node id. */
  lossValues(): Record<string, number> {
    const plan = this.current();
    return Object.fromEntries(this.graph.losses.map((n) => [this.graph.nodes[n].id, plan.outputs[n].data[0]]));
  }

  /** For each loss node: the tensor fed to its `pred` port (the model's prediction). */
  predictions(): { lossId: string; sourceId: string; def: BlockDefinition; tensor: Tensor; target: Tensor }[] {
    const plan = this.current();
    return this.graph.losses.map((n) => {
      const node = this.graph.nodes[n];
      const pred = node.inputs[0].source;
      return {
        lossId: node.id,
        sourceId: this.graph.nodes[pred].id,
        def: node.def,
        tensor: plan.outputs[pred],
        target: plan.outputs[node.inputs[1].source],
      };
    });
  }

  /** The first node (in order of computation) whose output or gradient holds NaN or ±Infinity. */
  findNonFinite(): NonFiniteReport | null {
    const plan = this.current();
    const nodes = this.graph.nodes;
    for (let n = 0; n < nodes.length; n++) {
      const out = plan.outputs[n];
      const i = firstNonFinite(out.data);
      if (i >= 0)
        return {
          nodeId: nodes[n].id,
          kind: 'output',
          detail: `output [${Math.floor(i / out.cols)}, ${i % out.cols}] = ${out.data[i]}`,
        };
    }
    for (let n = nodes.length - 1; n >= 0; n--) {
      for (const input of nodes[n].inputs) {
        const g = plan.edgeGrads[input.edge];
        const i = g ? firstNonFinite(g.data) : -1;
        if (g && i >= 0)
          return {
            nodeId: nodes[n].id,
            kind: 'gradient',
            detail: `∂L/∂${input.port} [${Math.floor(i / g.cols)}, ${i % g.cols}] = ${g.data[i]}`,
          };
      }
      for (const p of Object.values(this.weights[n])) {
        const i = firstNonFinite(p.grad);
        if (i >= 0) return { nodeId: nodes[n].id, kind: 'gradient', detail: `∂L/∂${p.name} [${i}] = ${p.grad[i]}` };
      }
    }
    return null;
  }
}

function addInto(total: Tensor, part: Tensor): void {
  const d = total.data,
    g = part.data;
  for (let i = 0; i < d.length; i++) d[i] += g[i];
}

/** Where an output feeds several nodes, its gradient is the sum of what flows back along each edge. */
function sumInto(total: Tensor, parts: readonly Tensor[]): void {
  const d = total.data;
  d.set(parts[0].data);
  for (let k = 1; k < parts.length; k++) {
    const g = parts[k].data;
    for (let i = 0; i < d.length; i++) d[i] += g[i];
  }
}

/**
 * A node's weights as a fresh start draws them from `seed` (each node has a generator of its
 * own, so one block's initial weights do not depend on the others): what the executor starts
 * from when the document stores none, and what the editor shows before training.
 */
export function initialWeights(
  def: BlockDefinition,
  params: unknown,
  nodeId: string,
  seed: number,
): Record<string, Float64Array> {
  const rng = createRng(deriveSeed(seed, nodeId));
  const result: Record<string, Float64Array> = {};
  for (const [name, shape] of Object.entries(def.weightShapes?.(params) ?? {}))
    result[name] = Float64Array.from(def.initWeight!(params, name, shape, rng));
  return result;
}
