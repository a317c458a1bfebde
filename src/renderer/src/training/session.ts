/**
 * A training session: the engine's Trainer plus everything the UI watches while it runs —
 * per-edge gradient and activation magnitudes, per-layer gradient norms, hints, the watched
 * node's weights and histogram, decision boundary / fitted curve / confusion matrix, the
 * step-through trace and the gradient check. Pure TypeScript: the worker runs it, and tests
 * run it directly in Node.
 */
import {
  bindData,
  compileGraph,
  countCorrect,
  confusionMatrix,
  DivergenceError,
  findBuiltin,
  gradientCheck,
  isError,
  kernelBackend,
  norm,
  parseCsv,
  Tensor,
  Trainer,
  type CompiledGraph,
  type DataResult,
  type Dataset,
  type Diagnostic,
  type Executor,
  type TrainingConfig,
} from '../../../engine/index.js';
import type {
  BoundaryView,
  CurveView,
  DataSpec,
  NodeSnapshot,
  Progress,
  SessionInfo,
  SessionSetup,
  SessionStatus,
  Trace,
  TraceStep,
  TraceTensor,
} from './protocol.js';

export const MAX_TRACE = 8;
const GRID = 64;
const CURVE_POINTS = 200;
const VIEW_INTERVAL_MS = 250;
/**
 * The views are refreshed at most once per this many times their last cost, so that on a large
 * data set (a confusion matrix over 8,192 digits is a forward pass over all of them) they take
 * about 3 % of the worker's time instead of a third of it.
 */
const VIEW_COST_RATIO = 33;

export function loadDataSpec(spec: DataSpec): DataResult<Dataset> {
  if (spec.kind === 'csv') return parseCsv(spec.text, spec.name);
  const builtin = findBuiltin(spec.name);
  if (!builtin) {
    return {
      ok: false,
      diagnostics: [
        { code: 'data', severity: 'error', where: 'data', message: `there is no built-in data set '${spec.name}'` },
      ],
    };
  }
  return { ok: true, value: builtin.load({ samples: spec.samples, noise: spec.noise, seed: spec.seed }), warnings: [] };
}

const rms = (data: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < data.length; i++) s += data[i] * data[i];
  return data.length ? Math.sqrt(s / data.length) : NaN;
};

function truncated(label: string, t: Tensor | { rows: number; cols: number; data: ArrayLike<number> }): TraceTensor {
  const rows = Math.min(t.rows, MAX_TRACE);
  const cols = Math.min(t.cols, MAX_TRACE);
  const values: number[] = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) values.push(t.data[r * t.cols + c]);
  return { label, rows: t.rows, cols: t.cols, values };
}

export class TrainingSession {
  readonly trainer: Trainer;
  readonly info: SessionInfo;
  status: SessionStatus = 'ready';
  private watched: string | null = null;
  private pendingEpochs: Progress['epochs'] = [];
  private lastViews = -Infinity;
  private viewCost = 0;
  /** Whether the gradients into the data blocks are those of the last step (see runFor). */
  private inputGradientsFresh = true;
  private views: Pick<Progress, 'boundary' | 'curve' | 'confusion'> = {};
  private rate = { since: 0, samples: 0, value: 0 };
  private lastLoss = NaN;
  private readonly dataset: Dataset;

  private constructor(
    readonly graph: CompiledGraph,
    trainer: Trainer,
    info: SessionInfo,
    dataset: Dataset,
    private readonly now: () => number,
  ) {
    this.trainer = trainer;
    this.info = info;
    this.dataset = dataset;
  }

  /** Validates graph and data and builds the trainer; diagnostics name what is wrong. */
  static create(
    setup: SessionSetup,
    now: () => number = () => performance.now(),
  ): { ok: true; session: TrainingSession } | { ok: false; diagnostics: Diagnostic[] } {
    const compiled = compileGraph(setup.document);
    if (!compiled.ok) return { ok: false, diagnostics: compiled.diagnostics.filter(isError) };
    const loaded = loadDataSpec(setup.data);
    if (!loaded.ok) return { ok: false, diagnostics: loaded.diagnostics };
    const bound = bindData(compiled.graph, loaded.value);
    if (!bound.ok) return { ok: false, diagnostics: bound.diagnostics };
    const stored = setup.document.data?.normalization;
    const trainer = new Trainer(compiled.graph, bound.value, setup.config, {
      inputGradients: true,
      normalization: setup.standardize
        ? stored &&
          sameColumns(
            stored.columns,
            bound.value.inputs.flatMap((i) => i.columns),
          )
          ? stored
          : true
        : false,
    });
    const graph = compiled.graph;
    const ex = trainer.executor;
    ex.setRows(1);
    const classification = graph.losses.map((n) => graph.nodes[n].def.loss?.classification).find(Boolean);
    const info: SessionInfo = {
      rows: bound.value.rows,
      trainRows: trainer.trainRows.length,
      validationRows: trainer.validationRows.length,
      features: bound.value.inputs.flatMap((i) => i.columns),
      targets: bound.value.targets.flatMap((t) => t.columns),
      ...(bound.value.classes ? { classes: bound.value.classes } : {}),
      task: classification ?? 'regression',
      edgesWithGradient: setup.document.edges.map((_, e) => ex.edgeGradient(e) !== null),
      layers: graph.nodes.filter((n) => Object.keys(ex.nodeWeights(n.id)).length > 0).map((n) => n.id),
      warnings: compiled.diagnostics.filter((d) => d.severity === 'warning'),
      kernels: kernelBackend(),
    };
    return { ok: true, session: new TrainingSession(graph, trainer, info, loaded.value, now) };
  }

  get executor(): Executor {
    return this.trainer.executor;
  }

  /** One mini-batch. Throws DivergenceError (weights unchanged). */
  step(): void {
    this.inputGradientsFresh = this.executor.inputGradients;
    const s = this.trainer.step();
    this.lastLoss = s.loss;
    this.rate.samples += s.rows;
    if (s.epoch) this.pendingEpochs.push({ ...s.epoch, gradients: this.layerGradients() });
    if (this.status === 'ready') this.status = 'paused';
  }

  /**
   * Trains for about `budgetMs`. Returns why it stopped when training is complete.
   * Throws DivergenceError.
   *
   * The gradients flowing into the data blocks are only shown, never used, and for a wide input
   * they cost as much as a layer's backward pass (784 inputs → 128 units: +44 % per step). So
   * steps skip them, except the one expected to end the slice when `inputGradients` is set (the
   * host sets it when a progress report follows); should another step end it, one extra
   * forward and backward pass on the last batch brings them up to date (also when training ends).
   */
  runFor(budgetMs: number, inputGradients = true): 'epochs' | 'target' | null {
    const ex = this.executor;
    let last = this.now();
    const end = last + budgetMs;
    let stepMs = 0;
    let stepped = false;
    this.status = 'running';
    try {
      do {
        if (this.trainer.finished) break;
        ex.inputGradients = inputGradients && last + stepMs >= end;
        this.step();
        stepped = true;
        const now = this.now();
        stepMs = now - last;
        last = now;
      } while (last < end);
    } finally {
      ex.inputGradients = true;
    }
    // (Only right after a step: the executor then still holds that batch.)
    if (stepped && (inputGradients || this.trainer.finished) && !this.inputGradientsFresh) this.refreshInputGradients();
    return this.trainer.finished ? this.finish() : null;
  }

  /** A forward and backward pass on the last batch (no update) that fills the gradients into the data blocks. */
  private refreshInputGradients(): void {
    this.executor.forward();
    this.executor.backward();
    this.inputGradientsFresh = true;
  }

  private finish(): 'epochs' | 'target' {
    this.status = 'finished';
    const last = this.trainer.history.at(-1);
    const { targetLoss, epochs } = this.trainer.config;
    return this.trainer.epoch < epochs && targetLoss !== undefined && last && last.loss <= targetLoss
      ? 'target'
      : 'epochs';
  }

  pause(): void {
    if (this.status === 'running') this.status = 'paused';
  }

  configure(config: Partial<TrainingConfig>): void {
    this.trainer.updateConfig(config);
    if (this.status === 'finished' && !this.trainer.finished) this.status = 'paused';
  }

  reset(seed: number): void {
    this.trainer.updateConfig({ seed });
    this.trainer.reset(seed);
    this.pendingEpochs = [];
    this.lastViews = -Infinity;
    this.viewCost = 0;
    this.lastLoss = NaN;
    this.status = 'ready';
  }

  watch(nodeId: string | null): void {
    this.watched = nodeId && this.graph.index.has(nodeId) ? nodeId : null;
  }

  /** A progress report; views (boundary, curve, confusion) are refreshed at most every 250 ms unless forced. */
  progress(forceViews = false): Progress {
    const now = this.now();
    if (now - this.rate.since >= 500) {
      this.rate.value = (this.rate.samples * 1000) / Math.max(1, now - this.rate.since);
      this.rate = { since: now, samples: 0, value: this.rate.value };
    }
    const ex = this.executor;
    if (ex.rows === 1 && this.trainer.steps === 0) this.prepareBatch();
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
      status: this.status,
      epoch: this.trainer.epoch,
      steps: this.trainer.steps,
      lastLoss: this.lastLoss,
      samplesPerSecond: this.rate.value,
      epochs: this.pendingEpochs,
      edgeGradients,
      edgeActivations,
      layerGradients,
      hints: this.hints(),
      ...(this.watched ? { watched: this.snapshot(this.watched) } : {}),
    };
    this.pendingEpochs = [];
    if (forceViews || now - this.lastViews >= Math.max(VIEW_INTERVAL_MS, VIEW_COST_RATIO * this.viewCost)) {
      this.lastViews = now;
      this.views = { ...this.boundary(), ...this.curve(), ...this.confusion() };
      this.viewCost = this.now() - now;
    }
    return { ...progress, ...this.views };
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
  }

  private hints(): Record<string, string[]> {
    const ex = this.executor;
    const hints: Record<string, string[]> = {};
    const add = (id: string, text: string) => (hints[id] ??= []).push(text);
    for (const node of this.graph.nodes) {
      const out = ex.output(node.id);
      const y = out.data;
      if (node.def.type === 'sigmoid' || node.def.type === 'tanh') {
        const lo = node.def.type === 'sigmoid' ? 0.02 : -0.98;
        let saturated = 0;
        for (let i = 0; i < y.length; i++) if (y[i] < lo || y[i] > 0.98) saturated++;
        const share = saturated / Math.max(1, y.length);
        if (share > 0.5)
          add(
            node.id,
            `${node.def.title} saturated: ${Math.round(share * 100)} % of its outputs are near ${node.def.type === 'sigmoid' ? '0 or 1' : '±1'}, where its gradient almost vanishes`,
          );
      }
      if (node.def.type === 'relu') {
        let dead = 0;
        for (let c = 0; c < out.cols; c++) {
          let alive = false;
          for (let r = 0; r < out.rows && !alive; r++) alive = y[r * out.cols + c] > 0;
          if (!alive) dead++;
        }
        if (dead > 0 && out.rows >= 4)
          add(
            node.id,
            `dead ReLU: ${dead} of ${out.cols} units output 0 for every row of the batch, so they get no gradient`,
          );
      }
      if (this.trainer.steps > 0 && this.info.layers.includes(node.id)) {
        for (const p of Object.values(ex.nodeWeights(node.id))) {
          if (p.name !== 'W') continue;
          const g = rms(p.grad);
          const w = rms(p.value);
          if (g < 1e-7 * Math.max(w, 1e-3) && this.lastLoss > 1e-3)
            add(
              node.id,
              `vanishing gradient: ‖∂L/∂W‖ is ${g.toExponential(1)} per weight, so ${node.id} barely learns`,
            );
          if (g > 1e3)
            add(node.id, `exploding gradient: ‖∂L/∂W‖ is ${g.toExponential(1)} per weight; lower the learning rate`);
        }
      }
    }
    return hints;
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
    return {
      nodeId,
      weights,
      histogram: { min: Number.isFinite(min) ? min : 0, max: Number.isFinite(max) ? max : 0, counts },
      outputShape: [out.rows, out.cols],
      gradientNorms,
      outputGradientNorm: dOut && this.trainer.steps > 0 ? norm(dOut.data) : null,
    };
  }

  /** The loss whose prediction is shown, and the node feeding its `pred` port. */
  private shownLoss() {
    const graph = this.graph;
    const loss = graph.nodes[graph.losses[0]];
    return { loss, pred: graph.nodes[loss.inputs[0].source] };
  }

  /** Predictions for raw (un-normalised) feature rows, through the trained normalisation. */
  private predictRaw(rows: number, fill: (row: number, col: number) => number): Tensor {
    const ex = this.executor;
    const input = this.trainer.data.inputs[0];
    const norm = this.trainer.normalization;
    const cols = input.columns.length;
    const stats = input.columns.map((c) => {
      const i = norm?.columns.indexOf(c) ?? -1;
      return i >= 0 ? [norm!.mean[i], norm!.std[i]] : [0, 1];
    });
    ex.setRows(rows);
    const dst = ex.dataTensor(input.nodeId).data;
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) dst[r * cols + c] = (fill(r, c) - stats[c][0]) / stats[c][1];
    ex.forward(true);
    return ex.output(this.shownLoss().pred.id);
  }

  /** Range of a raw feature column, padded by 10 %. */
  private range(col: number): [number, number] {
    const input = this.trainer.data.inputs[0];
    const idx = this.dataset.columns.indexOf(input.columns[col]);
    let lo = Infinity;
    let hi = -Infinity;
    const width = this.dataset.columns.length;
    for (let r = 0; r < this.dataset.rows; r++) {
      const v = this.dataset.values[r * width + idx];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const pad = (hi - lo) * 0.1 || 1;
    return [lo - pad, hi + pad];
  }

  private boundary(): { boundary?: BoundaryView } {
    const inputs = this.trainer.data.inputs;
    if (inputs.length !== 1 || inputs[0].columns.length !== 2) return {};
    const x = this.range(0);
    const y = this.range(1);
    const pred = this.predictRaw(GRID * GRID, (r, c) => {
      const i = r % GRID;
      const j = Math.floor(r / GRID);
      return c === 0 ? x[0] + ((i + 0.5) / GRID) * (x[1] - x[0]) : y[1] - ((j + 0.5) / GRID) * (y[1] - y[0]);
    });
    return { boundary: { values: Float32Array.from(pred.data), size: GRID, classes: pred.cols, x, y } };
  }

  private curve(): { curve?: CurveView } {
    const inputs = this.trainer.data.inputs;
    const { pred } = this.shownLoss();
    if (inputs.length !== 1 || inputs[0].columns.length !== 1 || pred.outputSize !== 1) return {};
    const [lo, hi] = this.range(0);
    const xs = Float32Array.from({ length: CURVE_POINTS }, (_, i) => lo + ((hi - lo) * i) / (CURVE_POINTS - 1));
    const ys = Float32Array.from(this.predictRaw(CURVE_POINTS, (r) => xs[r]).data);
    return { curve: { xs, ys, ...this.contributions() } };
  }

  /**
   * For a net ending in Linear(h → 1) after a hidden layer: each hidden unit's contribution
   * w_j·h_j(x) on the curve grid (the executor still holds the grid's forward pass).
   */
  private contributions(): { contributions?: Float32Array[] } {
    const graph = this.graph;
    let node = this.shownLoss().pred;
    while (node.def.type === 'identity') node = graph.nodes[node.inputs[0].source];
    if (node.def.type !== 'linear' || node.outputSize !== 1) return {};
    const hidden = graph.nodes[node.inputs[0].source];
    if (hidden.def.source || hidden.outputSize > 50) return {};
    const h = this.executor.output(hidden.id);
    const W = this.executor.nodeWeights(node.id).W.value;
    return {
      contributions: Array.from({ length: h.cols }, (_, j) =>
        Float32Array.from({ length: h.rows }, (_, r) => W[j] * h.data[r * h.cols + j]),
      ),
    };
  }

  private confusion(): { confusion?: Progress['confusion'] } {
    const { loss } = this.shownLoss();
    const kind = loss.def.loss?.classification;
    if (!kind) return {};
    const split = this.trainer.validationRows.length > 0 ? 'validation' : 'training';
    const rows = split === 'validation' ? this.trainer.validationRows : this.trainer.trainRows;
    const classes = kind === 'binary' ? 2 : this.graph.nodes[loss.inputs[0].source].outputSize;
    if (kind === 'binary' && this.graph.nodes[loss.inputs[0].source].outputSize !== 1) return {};
    const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
    const chunk = 1024;
    for (let start = 0; start < rows.length; start += chunk) {
      const count = Math.min(chunk, rows.length - start);
      this.trainer.loadRows(rows, start, count);
      this.executor.forward();
      const p = this.executor.predictions()[0];
      const m = confusionMatrix(p.def, p.tensor, p.target, classes);
      m?.forEach((row, i) => row.forEach((v, j) => (matrix[i][j] += v)));
    }
    return { confusion: { matrix, split } };
  }

  /** One batch forward node by node, then backward in reverse order, with the numbers of each. */
  trace(): Trace {
    const ex = this.executor;
    const count = Math.min(this.trainer.batchSize, this.trainer.trainRows.length, MAX_TRACE);
    this.trainer.loadRows(this.trainer.trainRows, 0, count);
    const loss = ex.forward();
    ex.backward();
    const graph = this.graph;
    const doc = graph.document;
    const steps: TraceStep[] = [];
    for (const node of graph.nodes) {
      const tensors: TraceTensor[] = node.inputs.map((input) =>
        truncated(`${input.port} = output of ${graph.nodes[input.source].id}`, ex.output(graph.nodes[input.source].id)),
      );
      for (const p of Object.values(ex.nodeWeights(node.id)))
        tensors.push(
          truncated(p.name, { rows: p.shape.length === 2 ? p.shape[0] : 1, cols: p.shape.at(-1)!, data: p.value }),
        );
      tensors.push(truncated(node.def.category === 'loss' ? 'L' : 'y', ex.output(node.id)));
      steps.push({
        phase: 'forward',
        nodeId: node.id,
        title: node.def.label(node.params),
        rule: node.def.source ? `${node.def.formula.forward} (rows ${count} of the batch)` : node.def.formula.forward,
        tensors,
      });
    }
    for (const node of [...graph.nodes].reverse()) {
      const dOut = ex.outputGradient(node.id);
      if (!dOut || node.def.source) continue;
      const tensors: TraceTensor[] = [truncated(node.def.category === 'loss' ? '∂L/∂L' : '∂L/∂y', dOut)];
      node.inputs.forEach((input) => {
        const g = ex.edgeGradient(input.edge);
        if (g) tensors.push(truncated(`∂L/∂${input.port} (back to ${doc.edges[input.edge].source})`, g));
      });
      for (const p of Object.values(ex.nodeWeights(node.id)))
        tensors.push(
          truncated(`∂L/∂${p.name}`, {
            rows: p.shape.length === 2 ? p.shape[0] : 1,
            cols: p.shape.at(-1)!,
            data: p.grad,
          }),
        );
      steps.push({
        phase: 'backward',
        nodeId: node.id,
        title: node.def.label(node.params),
        rule: node.def.formula.backward,
        tensors,
      });
    }
    return { rows: count, loss, steps };
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

  /** Training accuracy of the shown loss on the last batch (for tests). */
  batchAccuracy(): number | null {
    const p = this.executor.predictions()[0];
    const c = countCorrect(p.def, p.tensor, p.target);
    return c ? c.correct / c.total : null;
  }
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}

export { DivergenceError };
