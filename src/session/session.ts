/**
 * A training session: the engine's Trainer plus everything the UI watches while it runs —
 * per-edge gradient and activation magnitudes, per-layer gradient norms, hints, the watched
 * node's weights and histogram, the output views (views.ts), the step-through trace (trace.ts)
 * and the gradient check. Pure TypeScript: the worker runs it, and tests run it directly in Node.
 *
 * Settings: the ones that act on each step (optimizer, learning rate, momentum, betas, weight
 * decay, L1, batch size, epochs, target loss, early stopping) apply from the next step, the
 * schedule from the next step too (its rate for the current epoch), shuffling from the next epoch; the ones that define a run's
 * start (seed, validation split) apply from Reset — or at once while nothing has been trained,
 * since a run not yet started is then set up as a new one. A run after Reset is the run the CLI
 * makes on the saved document.
 */
import {
  type BoundData,
  DiagnosticError,
  bindData,
  compileGraph,
  DivergenceError,
  type Evaluation,
  gradientCheck,
  handSetNodeIds,
  initSeedOf,
  isError,
  kernelBackend,
  norm,
  type Phrase,
  phrase,
  reportedLoss,
  Tensor,
  Trainer,
  trainingNormalization,
  type CompiledGraph,
  type Dataset,
  type Diagnostic,
  type Executor,
  type TrainingConfig,
} from '../engine/index.js';
import { ClosedForm } from './closed-form.js';
import { blockHints, runHints, unscaledInputRange } from './hints.js';
import type {
  ClosedFormResult,
  NodeSnapshot,
  Progress,
  RunOutcome,
  SessionInfo,
  SessionSetup,
  SessionStatus,
  Trace,
  WeightEdit,
} from './protocol.js';
import { monotonicNow, rms } from './stats.js';
import { traceBatch } from './trace.js';
import { smallWeights } from './units.js';
import { type OutputViews, ViewRenderer } from './views.js';

const VIEW_INTERVAL_MS = 250;
/** The largest finite float32: a weight beyond it cannot be held by the session's executor. */
const FLOAT32_MAX = 3.4028234663852886e38;
/**
 * A report carries at most this many of the epochs since the previous one (evenly chosen, the
 * last always among them): a tiny net trains 100,000 epochs a second, more than charts can use
 * or the UI thread can take in.
 */
export const MAX_REPORTED_EPOCHS = 1000;
/** Rows of the last batch a loss block's inspector marks on its loss shape. */
const MAX_LOSS_ROWS = 256;
/**
 * The views are refreshed at most once per this many times their last cost, so that on a large
 * data set (a confusion matrix over 8,192 digits is a forward pass over all of them) they take
 * about 3 % of the worker's time instead of a third of it.
 */
const VIEW_COST_RATIO = 33;

export class TrainingSession {
  readonly info: SessionInfo;
  status: SessionStatus = 'ready';
  private outcome: RunOutcome | undefined;
  private trainerNow: Trainer;
  private config: TrainingConfig;
  /** Whether the weights were drawn from the seed (after Reset) rather than taken from the document. */
  private weightsFromSeed = false;
  /** Hand-set weights a Reset kept (by node id), which a rebuild after it keeps too. */
  private keptOnReset = new Map<string, Record<string, { data: ArrayLike<number> }>>();
  private watched: string | null = null;
  private pendingEpochs: Progress['epochs'] = [];
  private lastViews = -Infinity;
  private viewCost = 0;
  /** Whether the gradients into the data blocks are those of the last step (see runFor). */
  private inputGradientsFresh = true;
  private views: OutputViews = {};
  private viewRenderer: ViewRenderer;
  /** Whether the executor holds a batch of this run (after a step, or the first batch shown before one). */
  private batchShown = false;
  private rate = { since: 0, samples: 0, value: 0 };
  private lastLoss = NaN;
  private closedForm: ClosedForm;
  /** Whether the output view asks for per-example gradients. */
  private examplesShown = false;
  /** Blocks whose weights setWeights changed: a rebuild (a setting changed before training) keeps them. */
  private readonly setByHand = new Set<string>();
  /**
   * Whether the weights are the user's rather than a training step's: set by hand since the last
   * step, or hand-set blocks not trained yet. Reports then carry their loss (`evaluation`).
   */
  private weightsByHand: boolean;
  /** The loss of the weights now (while weightsByHand), computed once per change of them. */
  private evaluated: Evaluation | null = null;

  private constructor(
    readonly graph: CompiledGraph,
    private readonly setup: SessionSetup,
    private readonly bound: BoundData,
    private readonly dataset: Dataset,
    info: SessionInfo,
    trainer: Trainer,
    private readonly now: () => number,
  ) {
    this.config = setup.config;
    this.weightsByHand = handSetNodeIds(setup.document).length > 0;
    this.trainerNow = trainer;
    this.closedForm = new ClosedForm(trainer);
    this.info = { ...info, closedForm: this.closedForm.node };
    this.viewRenderer = new ViewRenderer(trainer, dataset, this.closedForm);
  }

  /** Validates graph and data and builds the trainer; diagnostics name what is wrong. */
  static create(
    setup: SessionSetup,
    dataset: Dataset,
    now: () => number = monotonicNow,
  ): { ok: true; session: TrainingSession } | { ok: false; diagnostics: Diagnostic[] } {
    // Data blocks that give neither a size nor column names take their size from the data.
    const compiled = compileGraph(setup.document, { data: dataset });
    if (!compiled.ok) return { ok: false, diagnostics: compiled.diagnostics.filter(isError) };
    // Bound as `backprop train` binds it: the features recorded at training, when the data has them.
    const bound = bindData(compiled.graph, dataset, { features: setup.document.data?.features });
    if (!bound.ok) return { ok: false, diagnostics: bound.diagnostics };
    let trainer: Trainer;
    try {
      trainer = buildTrainer(compiled.graph, bound.value, setup, setup.config);
    } catch (e) {
      if (e instanceof DiagnosticError) return { ok: false, diagnostics: e.diagnostics };
      throw e;
    }
    const graph = compiled.graph;
    const ex = trainer.executor;
    ex.setRows(1);
    const classification = reportedLoss(graph).def.loss?.classification;
    const info: SessionInfo = {
      rows: bound.value.rows,
      trainRows: trainer.trainRows.length,
      validationRows: trainer.validationRows.length,
      features: bound.value.inputs.flatMap((i) => i.columns),
      targets: bound.value.targets.flatMap((t) => t.columns),
      ...(bound.value.classes ? { classes: bound.value.classes } : {}),
      task: classification ?? 'regression',
      edgesWithGradient: setup.document.edges.map((_, e) => ex.edgeGradient(e) !== null),
      ...(trainer.normalization ? { normalization: trainer.normalization } : {}),
      layers: graph.nodes.filter((n) => Object.keys(ex.nodeWeights(n.id)).length > 0).map((n) => n.id),
      warnings: compiled.diagnostics.filter((d) => d.severity === 'warning'),
      kernels: kernelBackend(),
      closedForm: null,
    };
    return { ok: true, session: new TrainingSession(graph, setup, bound.value, dataset, info, trainer, now) };
  }

  get trainer(): Trainer {
    return this.trainerNow;
  }

  get executor(): Executor {
    return this.trainerNow.executor;
  }

  /** One mini-batch. Throws DivergenceError (weights unchanged; the status is then 'diverged'). */
  step(): void {
    this.inputGradientsFresh = this.executor.inputGradients;
    let s: ReturnType<Trainer['step']>;
    try {
      s = this.trainer.step();
    } catch (e) {
      if (e instanceof DivergenceError) this.diverged(e);
      throw e;
    }
    this.lastLoss = s.loss;
    this.weightsByHand = false;
    this.evaluated = null;
    this.rate.samples += s.rows;
    if (s.epoch) {
      const distance = this.closedForm.distance(this.executor);
      this.pendingEpochs.push({
        ...s.epoch,
        gradients: this.layerGradients(),
        ...(distance === undefined ? {} : { distance }),
      });
    }
    this.batchShown = true;
    if (this.status !== 'running') this.setStatus('paused');
  }

  private setStatus(status: SessionStatus, outcome?: RunOutcome): void {
    this.status = status;
    this.outcome = outcome;
  }

  private diverged(e: DivergenceError): void {
    const inputRange = unscaledInputRange(this.bound, this.trainer.normalization !== undefined);
    this.setStatus('diverged', {
      kind: 'diverged',
      // The engine's English message; the UI tells it, and the advice about unscaled inputs, from the values below.
      message: e.message,
      report: e.report,
      epoch: e.epoch + 1,
      step: e.step,
      keptFrom: e.keptFrom,
      ...(inputRange !== null ? { inputRange } : {}),
    });
  }

  /**
   * Trains for about `budgetMs`, and at most `maxSteps` steps. Returns the outcome when training
   * is complete. Throws DivergenceError.
   *
   * The gradients flowing into the data blocks are only shown, never used, and for a wide input
   * they cost as much as a layer's backward pass (784 inputs → 128 units: +44 % per step). So
   * steps skip them, except the one expected to end the slice when `inputGradients` is set (the
   * host sets it when a progress report follows); should another step end it, one extra
   * forward and backward pass on the last batch brings them up to date (also when training ends).
   */
  runFor(budgetMs: number, inputGradients = true, maxSteps = Infinity): RunOutcome | null {
    const ex = this.executor;
    let last = this.now();
    const end = last + budgetMs;
    let stepMs = 0;
    let steps = 0;
    this.setStatus('running');
    try {
      do {
        if (this.trainer.finished) break;
        ex.inputGradients = inputGradients && (last + stepMs >= end || steps + 1 >= maxSteps);
        this.step();
        steps++;
        const now = this.now();
        stepMs = now - last;
        last = now;
      } while (last < end && steps < maxSteps);
    } finally {
      ex.inputGradients = true;
    }
    // (Only right after a step: the executor then still holds that batch.)
    if (steps > 0 && (inputGradients || this.trainer.finished) && !this.inputGradientsFresh)
      this.refreshInputGradients();
    return this.trainer.finished ? this.finish() : null;
  }

  /** A forward and backward pass on the last batch (no update) that fills the gradients into the data blocks. */
  private refreshInputGradients(): void {
    this.executor.forward();
    this.executor.backward();
    this.inputGradientsFresh = true;
  }

  private finish(): RunOutcome {
    const last = this.trainer.history.at(-1);
    const { targetLoss, epochs } = this.trainer.config;
    const early = this.trainer.earlyStop;
    const reason = early
      ? 'early'
      : this.trainer.epoch < epochs && targetLoss !== undefined && last && last.loss <= targetLoss
        ? 'target'
        : 'epochs';
    const outcome: RunOutcome = { kind: 'finished', reason, ...(early ? { earlyStop: early } : {}) };
    this.setStatus('finished', outcome);
    return outcome;
  }

  /** When the configured epochs are done (or the target loss reached), the status says so: Train has nothing to do. */
  settle(): RunOutcome | null {
    return this.trainer.finished ? this.finish() : null;
  }

  /** Marks the session as training (the host runs it in slices from now on). */
  start(): void {
    this.setStatus('running');
  }

  pause(): void {
    if (this.status === 'running') this.setStatus('paused');
  }

  /** Applies the document's training settings (see the file comment for when each takes effect). */
  configure(config: TrainingConfig): void {
    this.config = config;
    if (this.trainer.steps === 0 && this.status !== 'running') {
      this.rebuild();
      return;
    }
    this.trainer.updateConfig(config);
    if (this.status === 'finished' && !this.trainer.finished) this.setStatus('paused');
  }

  /**
   * Starts again from weights drawn from `seed`, with the current settings: the CLI's run on the
   * saved document. The nodes in `keep` (hand-set weights) keep the weights they have now.
   */
  reset(seed: number, keep: readonly string[] = []): void {
    const current = this.executor.exportWeights();
    this.keptOnReset = new Map(keep.flatMap((id) => (current[id] ? [[id, current[id]] as const] : [])));
    // The seed is the weights' (the init seed): the data's split and batch order stay.
    this.config = { ...this.config, initSeed: seed };
    this.weightsFromSeed = true;
    // Weights set by hand outside `keep` are drawn again; the kept ones are the user's.
    this.setByHand.clear();
    this.weightsByHand = this.keptOnReset.size > 0;
    this.rebuild();
  }

  /**
   * Sets weights by hand (see WeightEdit), running or not: a running run goes on from them. All
   * edits are checked first (the block and tensor exist, the index is within it, the value is a
   * finite float32); one that is not refuses them all, with a message naming it. The next report
   * shows what the network computes with them.
   */
  setWeights(edits: readonly WeightEdit[]): { ok: true } | { ok: false; message: Phrase } {
    for (const e of edits) {
      const problem = this.weightProblem(e);
      if (problem) return { ok: false, message: phrase('trainingSession.weightsNotSet', { problem }) };
    }
    for (const e of edits) {
      const param = this.executor.nodeWeights(e.nodeId)[e.name];
      for (const c of e.changes) param.value[c.index] = c.value;
      this.setByHand.add(e.nodeId);
    }
    if (edits.length === 0) return { ok: true };
    this.trainer.weightsSet();
    this.weightsByHand = true;
    this.evaluated = null;
    // The batch the reports describe, through the new weights (its gradients too, after a step).
    if (this.trainer.steps > 0) this.refreshInputGradients();
    else this.batchShown = false;
    this.lastViews = -Infinity;
    return { ok: true };
  }

  /** What is wrong with one edit, or null. */
  private weightProblem(e: WeightEdit): Phrase | null {
    const block = e.nodeId;
    if (!this.graph.index.has(block)) return phrase('trainingSession.noBlock', { block });
    const weights = this.executor.nodeWeights(block);
    const param = Object.hasOwn(weights, e.name) ? weights[e.name] : undefined;
    if (!param) {
      const names = Object.keys(weights);
      return phrase('trainingSession.noWeight', {
        block,
        name: e.name,
        has: names.length
          ? phrase('trainingSession.itHas', { names: names.join(', ') })
          : phrase('trainingSession.itHasNone'),
      });
    }
    for (const c of e.changes) {
      // The index as it was given (0.5 is not an index): written out, not as a number of prose.
      const where = { name: e.name, index: String(c.index), block };
      if (!Number.isInteger(c.index) || c.index < 0 || c.index >= param.value.length)
        return phrase('trainingSession.noIndex', {
          ...where,
          count: param.value.length,
          last: param.value.length - 1,
        });
      if (typeof c.value !== 'number' || !Number.isFinite(c.value))
        return phrase('trainingSession.notFinite', { ...where, value: String(c.value) });
      if (this.executor.precision === 'float32' && Math.abs(c.value) > FLOAT32_MAX)
        return phrase('trainingSession.tooLarge', { ...where, value: c.value });
    }
    return null;
  }

  /** A new trainer with the current settings, as a new session would have (weights: see weightsFromSeed). */
  private rebuild(): void {
    const current = this.setByHand.size > 0 ? this.executor.exportWeights() : {};
    const handSet = [...this.setByHand].map((id) => [id, current[id]] as const);
    this.trainerNow = buildTrainer(this.graph, this.bound, this.setup, this.config);
    if (this.weightsFromSeed) {
      this.trainerNow.executor.reinitialize(initSeedOf(this.config), new Set(this.keptOnReset.keys()));
      for (const [id, weights] of this.keptOnReset) this.trainerNow.executor.importWeights(id, weights);
    }
    for (const [id, weights] of handSet) if (weights) this.trainerNow.executor.importWeights(id, weights);
    this.evaluated = null;
    // The exact solution is of the training rows, which the split may have changed.
    const solved = this.closedForm.weights !== null;
    this.closedForm = new ClosedForm(this.trainerNow);
    if (solved) this.closedForm.solve();
    this.viewRenderer = new ViewRenderer(this.trainerNow, this.dataset, this.closedForm);
    this.updateExampleViews();
    this.pendingEpochs = [];
    this.lastViews = -Infinity;
    this.viewCost = 0;
    this.lastLoss = NaN;
    this.batchShown = false;
    this.inputGradientsFresh = true;
    this.setStatus('ready');
  }

  watch(nodeId: string | null): void {
    this.watched = nodeId && this.graph.index.has(nodeId) ? nodeId : null;
    this.updateExampleViews();
  }

  /** Per-example gradients in the reports: for the output view's toggle, and while a loss block is inspected. */
  showExamples(on: boolean): void {
    this.examplesShown = on;
    this.updateExampleViews();
  }

  private updateExampleViews(): void {
    const watchedLoss =
      this.watched !== null && this.graph.nodes[this.graph.index.get(this.watched)!].def.category === 'loss';
    const on = this.examplesShown || watchedLoss;
    if (on !== this.viewRenderer.examples) this.lastViews = -Infinity;
    this.viewRenderer.examples = on;
  }

  /** A progress report; views (boundary, curve, confusion) are refreshed at most every 250 ms unless forced. */
  progress(forceViews = false): Progress {
    const now = this.now();
    if (now - this.rate.since >= 500) {
      this.rate.value = (this.rate.samples * 1000) / Math.max(1, now - this.rate.since);
      this.rate = { since: now, samples: 0, value: this.rate.value };
    }
    const ex = this.executor;
    if (!this.batchShown) this.prepareBatch();
    const edges = this.graph.document.edges;
    const edgeGradients = new Float32Array(edges.length);
    const edgeActivations = new Float32Array(edges.length);
    edges.forEach((edge, e) => {
      const g = ex.edgeGradient(e);
      edgeGradients[e] = g && this.trainer.steps > 0 ? rms(g.data) : NaN;
      edgeActivations[e] = rms(ex.output(edge.source).data);
    });
    const layerGradients = this.layerGradients();
    const progress: Progress = {
      graphVersion: this.setup.graphVersion,
      status: this.status,
      ...(this.outcome ? { outcome: this.outcome } : {}),
      epoch: this.trainer.epoch,
      steps: this.trainer.steps,
      lastLoss: this.lastLoss,
      samplesPerSecond: this.rate.value,
      epochs: thinned(this.pendingEpochs, MAX_REPORTED_EPOCHS),
      edgeGradients,
      edgeActivations,
      layerGradients,
      hints: blockHints({
        graph: this.graph,
        executor: ex,
        layers: this.info.layers,
        steps: this.trainer.steps,
        lastLoss: this.lastLoss,
      }),
      runHints: runHints(this.trainer.history, this.config),
      ...(this.watched ? { watched: this.snapshot(this.watched) } : {}),
      smallWeights: smallWeights(this.graph, ex),
      ...this.closedFormProgress(),
      ...(this.weightsByHand ? { evaluation: (this.evaluated ??= this.viewRenderer.evaluate()) } : {}),
    };
    this.pendingEpochs = [];
    if (forceViews || now - this.lastViews >= Math.max(VIEW_INTERVAL_MS, VIEW_COST_RATIO * this.viewCost)) {
      this.lastViews = now;
      this.views = this.viewRenderer.render();
      this.viewCost = this.now() - now;
    }
    return { ...progress, ...this.views };
  }

  /** Linear regression's exact solution ("Solve exactly"); from then on progress reports the distance to it. */
  solve(): ClosedFormResult {
    if (!this.closedForm.node)
      return {
        ok: false,
        reason: phrase('trainingSession.notLinearRegression', {
          input: phrase('blocks.input.title'),
          linear: phrase('blocks.linear.title'),
          mse: phrase('blocks.mse.title'),
        }),
      };
    const result = this.closedForm.solve();
    this.lastViews = -Infinity;
    return result;
  }

  private closedFormProgress(): Pick<Progress, 'closedForm'> {
    const distance = this.closedForm.distance(this.executor);
    if (distance === undefined) return {};
    const weights = this.executor.nodeWeights(this.closedForm.node!);
    return {
      closedForm: {
        W: Float32Array.from(weights.W.value),
        b: weights.b ? Float32Array.from(weights.b.value) : null,
        distance,
      },
    };
  }

  /** ‖∂L/∂W‖ over all weights of each layer, on the last batch. */
  private layerGradients(): Record<string, number> {
    const result: Record<string, number> = {};
    for (const id of this.info.layers) {
      let s = 0;
      for (const p of Object.values(this.executor.nodeWeights(id)))
        for (let i = 0; i < p.grad.length; i++) s += p.grad[i] * p.grad[i];
      result[id] = Math.sqrt(s);
    }
    return result;
  }

  /** Before the first step: one forward pass on the first batch, so there is something to show. */
  private prepareBatch(): void {
    const count = Math.min(this.trainer.batchSize, this.trainer.trainRows.length);
    this.trainer.loadRows(this.trainer.trainRows, 0, count);
    this.executor.forward();
    this.batchShown = true;
  }

  private snapshot(nodeId: string): NodeSnapshot {
    const ex = this.executor;
    const out = ex.output(nodeId);
    let min = Infinity;
    let max = -Infinity;
    for (const v of out.data) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const bins = 24;
    const counts = new Array<number>(bins).fill(0);
    const width = max > min ? (max - min) / bins : 1;
    for (const v of out.data) counts[Math.min(bins - 1, Math.floor((v - min) / width))]++;
    const weights: NodeSnapshot['weights'] = {};
    const gradientNorms: Record<string, number> = {};
    for (const p of Object.values(ex.nodeWeights(nodeId))) {
      weights[p.name] = { shape: [...p.shape], data: Float32Array.from(p.value) };
      gradientNorms[p.name] = norm(p.grad);
    }
    const dOut = ex.outputGradient(nodeId);
    const node = this.graph.nodes[this.graph.index.get(nodeId)!];
    return {
      ...(node.def.category === 'loss' ? { lossInputs: this.lossInputs(node) } : {}),
      nodeId,
      weights,
      histogram: { min: Number.isFinite(min) ? min : 0, max: Number.isFinite(max) ? max : 0, counts },
      outputShape: [out.rows, out.cols],
      gradientNorms,
      outputGradientNorm: dOut && this.trainer.steps > 0 ? norm(dOut.data) : null,
    };
  }

  /** What a loss block's ports received on the last batch, for its inspector's loss-shape plot. */
  private lossInputs(node: CompiledGraph['nodes'][number]): NonNullable<NodeSnapshot['lossInputs']> {
    const values = (source: number) => {
      const t = this.executor.output(this.graph.nodes[source].id);
      const rows = Math.min(t.rows, MAX_LOSS_ROWS);
      return { rows, cols: t.cols, values: Float32Array.from(t.data.subarray(0, rows * t.cols)) };
    };
    return { pred: values(node.inputs[0].source), target: values(node.inputs[1].source) };
  }

  /** One batch forward node by node, then backward in reverse order, with the numbers of each. */
  trace(): Trace {
    return traceBatch(this.trainer);
  }

  /** The engine's gradient check on the current weights and the first rows of the training data. */
  gradcheck() {
    const rows = this.trainer.trainRows.slice(0, 32);
    const data = this.trainer.data;
    return gradientCheck(
      this.graph,
      (ex) => {
        const feed: Record<string, Tensor> = {};
        for (const g of [...data.inputs, ...data.targets]) {
          const w = g.columns.length;
          const t = Tensor.zeros(rows.length, w, 'float64');
          rows.forEach((row, r) => t.data.set(g.values.subarray(row * w, row * w + w), r * w));
          feed[g.nodeId] = t;
        }
        ex.feed(feed);
      },
      { weightsFrom: this.executor },
    );
  }
}

/** The trainer a session (re)starts with: inputs normalised as `backprop train` does (trainingNormalization). */
function buildTrainer(graph: CompiledGraph, bound: BoundData, setup: SessionSetup, config: TrainingConfig): Trainer {
  const normalization = trainingNormalization(setup.document.data?.normalization, bound, setup.standardize);
  return new Trainer(graph, bound, config, { inputGradients: true, normalization });
}

/** At most `limit` of `items`, evenly spaced, the last one included. */
function thinned<T>(items: T[], limit: number): T[] {
  if (items.length <= limit) return items;
  const step = items.length / limit;
  return Array.from({ length: limit }, (_, i) => items[Math.min(items.length - 1, Math.round((i + 1) * step) - 1)]);
}
