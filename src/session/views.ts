/**
 * The output views of a session: the decision boundary over two input features, the fitted
 * curve (with each hidden unit's contribution) over one, and the confusion matrix of a
 * classification loss. Each is a forward pass of the current weights on an executor of its own,
 * so the trainer's executor keeps the last training batch that the other reports describe.
 */
import {
  type CompiledGraph,
  confusionMatrix,
  type Dataset,
  type Evaluation,
  Executor,
  reportedLoss,
  type Tensor,
  type Trainer,
} from '../engine/index.js';
import type { ClosedForm } from './closed-form.js';
import { exampleView } from './examples.js';
import { imageView } from './image-views.js';
import { regressionView } from './regression-views.js';
import { truthTable } from './truth-table.js';
import { unitView } from './units.js';
import type { BoundaryView, CurveView, Progress } from './protocol.js';

const GRID = 64;
const CURVE_POINTS = 200;

export type OutputViews = Pick<
  Progress,
  'boundary' | 'curve' | 'confusion' | 'examples' | 'regression' | 'images' | 'units' | 'truthTable'
>;

/** The loss whose prediction is shown (the engine's `reportedLoss`), and the node feeding its `pred` port. */
export function shownLoss(graph: CompiledGraph) {
  const loss = reportedLoss(graph);
  return { loss, pred: graph.nodes[loss.inputs[0].source] };
}

/** Computes the views of a trainer's current weights. */
export class ViewRenderer {
  private readonly executor: Executor;
  /** Whether the per-example gradients are computed too (a pass per row, so only while shown). */
  examples = false;

  constructor(
    private readonly trainer: Trainer,
    private readonly dataset: Dataset,
    private readonly closedForm?: ClosedForm,
  ) {
    this.executor = new Executor(trainer.graph, { precision: trainer.executor.precision });
  }

  /** The trainer's weights now, into the views' executor. */
  private syncWeights(): void {
    const from = this.trainer.executor.parameters;
    this.executor.parameters.forEach((p, k) => p.value.set(from[k].value));
  }

  /** Loss (and accuracy) of the trainer's weights now over the training rows; the trainer's executor keeps its batch. */
  evaluate(): Evaluation {
    this.syncWeights();
    return this.trainer.evaluate(this.trainer.trainRows, 1024, this.executor);
  }

  /** All views that apply to this graph and data, for the trainer's weights now. */
  render(): OutputViews {
    this.syncWeights();
    const view = {
      trainer: this.trainer,
      executor: this.executor,
      dataset: this.dataset,
      solution: this.closedForm?.weights ?? null,
    };
    return {
      ...boundary(view),
      ...curve(view),
      ...confusion(view),
      ...defined('regression', regressionView(this.trainer, this.executor)),
      ...defined('images', imageView(this.trainer, this.executor, this.dataset)),
      ...defined('units', unitView(view)),
      ...defined('truthTable', truthTable(this.trainer, this.executor, this.dataset)),
      ...(this.examples ? { examples: exampleView(this.trainer, this.executor, this.dataset) } : {}),
    };
  }
}

/** `{ [key]: value }`, or nothing when the view does not apply. */
const defined = <K extends string, V>(key: K, value: V | undefined): { [k in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [k in K]?: V };

export interface View {
  trainer: Trainer;
  /** The views' own executor, holding the trainer's weights. */
  executor: Executor;
  dataset: Dataset;
  /** Linear regression's least-squares weights, once solved (drawn as a line beside the fitted curve). */
  solution: { node: string; W: Float64Array; b: Float64Array | null } | null;
}

/** Predictions for raw (un-normalised) feature rows, through the trained normalisation. */
export function predictRaw(
  { trainer, executor: ex }: View,
  rows: number,
  fill: (row: number, col: number) => number,
): Tensor {
  const input = trainer.data.inputs[0];
  const norm = trainer.normalization;
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
  return ex.output(shownLoss(trainer.graph).pred.id);
}

/** Range of a raw feature column, padded by 10 %. */
export function range({ trainer, dataset }: View, col: number): [number, number] {
  const input = trainer.data.inputs[0];
  const idx = dataset.columns.indexOf(input.columns[col]);
  let lo = Infinity;
  let hi = -Infinity;
  const width = dataset.columns.length;
  for (let r = 0; r < dataset.rows; r++) {
    const v = dataset.values[r * width + idx];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const pad = (hi - lo) * 0.1 || 1;
  return [lo - pad, hi + pad];
}

function boundary(view: View): { boundary?: BoundaryView } {
  const inputs = view.trainer.data.inputs;
  if (inputs.length !== 1 || inputs[0].columns.length !== 2) return {};
  const x = range(view, 0);
  const y = range(view, 1);
  const pred = predictRaw(view, GRID * GRID, (r, c) => {
    const i = r % GRID;
    const j = Math.floor(r / GRID);
    return c === 0 ? x[0] + ((i + 0.5) / GRID) * (x[1] - x[0]) : y[1] - ((j + 0.5) / GRID) * (y[1] - y[0]);
  });
  return { boundary: { values: Float32Array.from(pred.data), size: GRID, classes: pred.cols, x, y } };
}

function curve(view: View): { curve?: CurveView } {
  const inputs = view.trainer.data.inputs;
  const { pred } = shownLoss(view.trainer.graph);
  if (inputs.length !== 1 || inputs[0].columns.length !== 1 || pred.outputSize !== 1) return {};
  const [lo, hi] = range(view, 0);
  const xs = Float32Array.from({ length: CURVE_POINTS }, (_, i) => lo + ((hi - lo) * i) / (CURVE_POINTS - 1));
  const ys = Float32Array.from(predictRaw(view, CURVE_POINTS, (r) => xs[r]).data);
  const units = contributions(view);
  return { curve: { xs, ys, ...units, ...solutionLine(view, xs) } };
}

/** The closed-form line on the curve's xs: the views' executor with the solution's weights, then the trained ones back. */
function solutionLine(view: View, xs: Float32Array): { solution?: Float32Array } {
  const solution = view.solution;
  if (!solution) return {};
  const weights = view.executor.nodeWeights(solution.node);
  const kept = { W: weights.W.value.slice(), b: weights.b?.value.slice() };
  weights.W.value.set(solution.W);
  if (weights.b && solution.b) weights.b.value.set(solution.b);
  const ys = Float32Array.from(predictRaw(view, xs.length, (r) => xs[r]).data);
  weights.W.value.set(kept.W);
  if (weights.b && kept.b) weights.b.value.set(kept.b);
  return { solution: ys };
}

/**
 * For a net ending in Linear(h → 1) after a hidden layer: each hidden unit's contribution
 * w_j·h_j(x) on the curve grid (the executor still holds the grid's forward pass).
 */
function contributions({ trainer, executor }: View): { contributions?: Float32Array[] } {
  const graph = trainer.graph;
  let node = shownLoss(graph).pred;
  while (node.def.type === 'identity') node = graph.nodes[node.inputs[0].source];
  if (node.def.type !== 'linear' || node.outputSize !== 1) return {};
  const hidden = graph.nodes[node.inputs[0].source];
  if (hidden.def.source || hidden.outputSize > 50) return {};
  const h = executor.output(hidden.id);
  const W = executor.nodeWeights(node.id).W.value;
  return {
    contributions: Array.from({ length: h.cols }, (_, j) =>
      Float32Array.from({ length: h.rows }, (_, r) => W[j] * h.data[r * h.cols + j]),
    ),
  };
}

function confusion({ trainer, executor }: View): { confusion?: Progress['confusion'] } {
  const graph = trainer.graph;
  const { loss } = shownLoss(graph);
  const kind = loss.def.loss?.classification;
  if (!kind) return {};
  const split = trainer.validationRows.length > 0 ? 'validation' : 'training';
  const rows = split === 'validation' ? trainer.validationRows : trainer.trainRows;
  const classes = kind === 'binary' ? 2 : graph.nodes[loss.inputs[0].source].outputSize;
  if (kind === 'binary' && graph.nodes[loss.inputs[0].source].outputSize !== 1) return {};
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const chunk = 1024;
  for (let start = 0; start < rows.length; start += chunk) {
    const count = Math.min(chunk, rows.length - start);
    trainer.loadRows(rows, start, count, true, executor);
    executor.forward();
    const p = executor.predictions().find((q) => q.lossId === loss.id)!;
    const m = confusionMatrix(p.def, p.tensor, p.target, classes);
    m?.forEach((row, i) => row.forEach((v, j) => (matrix[i][j] += v)));
  }
  return { confusion: { matrix, split } };
}
