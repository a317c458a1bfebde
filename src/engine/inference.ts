/**
 * Running a (trained) document on rows without training it: binding the data the way the
 * document was trained (its recorded feature columns and input normalisation), one forward
 * pass — and optionally one backward pass — over all rows in double precision, predictions
 * with class names, and the gradient check. The weights are the document's own; a document
 * without weights starts from its params and `training.seed`, as training would.
 */
import {
  applyNormalization,
  bindData,
  fitNormalization,
  type BoundData,
  type DataResult,
  type Dataset,
} from './data.js';
import { Executor } from './executor.js';
import type { WeightTensor } from './format.js';
import { gradientCheck, type GradCheckResult } from './gradcheck.js';
import type { CompiledGraph, CompiledNode } from './graph.js';
import { classify, countCorrect } from './metrics.js';
import { reportedLoss, scoredLoss } from './reporting.js';
import { Tensor } from './tensor.js';

export interface DocumentBindOptions {
  /** Bind only the Input blocks (rows to predict need no targets). */
  inputsOnly?: boolean;
}

/**
 * Binds `dataset` to the document's data blocks with the feature columns recorded at training
 * and applies the document's input normalisation: the stored one, or — for a document that
 * asks for `standardize` but stores no statistics yet — one fitted on these rows.
 */
export function bindDocumentData(
  graph: CompiledGraph,
  dataset: Dataset,
  options: DocumentBindOptions = {},
): DataResult<BoundData> {
  const info = graph.document.data;
  const bound = bindData(graph, dataset, { inputsOnly: options.inputsOnly, features: info?.features });
  if (!bound.ok) return bound;
  const all = Uint32Array.from({ length: bound.value.rows }, (_, i) => i);
  const normalization = info?.normalization ?? (info?.standardize ? fitNormalization(bound.value, all) : undefined);
  return normalization ? { ...bound, value: applyNormalization(bound.value, normalization) } : bound;
}

function feedAll(executor: Executor, data: BoundData, withTargets: boolean): void {
  const groups = withTargets ? [...data.inputs, ...data.targets] : data.inputs;
  executor.feed(Object.fromEntries(groups.map((g) => [g.nodeId, new Tensor(data.rows, g.columns.length, g.values)])));
}

/**
 * Predicted class per row for a multiclass loss (argmax) or a binary one with one output
 * (threshold 0.5); null for regression and for several independent binary outputs.
 */
function predictedClasses(loss: CompiledNode, pred: Tensor): number[] | null {
  return loss.def.loss?.classification === 'multiclass' || pred.cols === 1 ? classify(loss.def, pred) : null;
}

export interface DocumentEvaluation {
  /** Sum of the graph's losses (each a mean over the rows). */
  loss: number;
  /** Each loss node's value, by id. */
  losses: Record<string, number>;
  /** Share of rows classified correctly, by the scored loss (see `scoredLoss`). */
  accuracy?: number;
  /** Id of the node feeding the reported loss's `pred` port. */
  outputNode: string;
  /** The values fed to the reported loss's `pred` port, one array per row. */
  outputs: number[][];
  /** The values fed to its `target` port, one array per row. */
  targets: number[][];
  /** Predicted class index per row, for a classification loss (see `predictedClasses`). */
  classes?: number[];
  /** dL/dw of every parameter over all rows, by node id and weight name (with `gradients`). */
  gradients?: Record<string, Record<string, WeightTensor>>;
}

/** One forward pass (and with `gradients` one backward pass) over all rows; nothing is updated. */
export function evaluateDocument(
  graph: CompiledGraph,
  data: BoundData,
  options: { gradients?: boolean } = {},
): DocumentEvaluation {
  const executor = new Executor(graph, { precision: 'float64' });
  feedAll(executor, data, true);
  const loss = executor.forward();
  const lossNode = reportedLoss(graph);
  const predictions = executor.predictions();
  const reported = predictions.find((p) => p.lossId === lossNode.id)!;
  const result: DocumentEvaluation = {
    loss,
    losses: executor.lossValues(),
    outputNode: reported.sourceId,
    outputs: reported.tensor.toRows(),
    targets: reported.target.toRows(),
  };
  const classes = predictedClasses(lossNode, reported.tensor);
  if (classes) result.classes = classes;
  const scored = scoredLoss(graph);
  const scoredPrediction = scored && predictions.find((p) => p.lossId === scored.id)!;
  const counted =
    scoredPrediction && countCorrect(scoredPrediction.def, scoredPrediction.tensor, scoredPrediction.target);
  if (counted) result.accuracy = counted.correct / Math.max(1, counted.total);
  if (options.gradients) {
    executor.backward();
    result.gradients = {};
    for (const p of executor.parameters) {
      (result.gradients[p.node] ??= {})[p.name] = { shape: [...p.shape], data: Array.from(p.grad) };
    }
  }
  return result;
}

export interface DocumentPredictions {
  /** The values the reported loss's `pred` port would receive, one array per row. */
  outputs: number[][];
  /** Predicted class per row, by name where the document stores `data.classes` (see `predictedClasses`). */
  classes?: (string | number)[];
}

/** Runs the document on rows without targets (loss and target blocks are skipped). */
export function predictDocument(graph: CompiledGraph, data: BoundData): DocumentPredictions {
  const executor = new Executor(graph, { precision: 'float64' });
  feedAll(executor, data, false);
  executor.forward(true);
  const loss = reportedLoss(graph);
  const pred = executor.output(graph.nodes[loss.inputs[0].source].id);
  const result: DocumentPredictions = { outputs: pred.toRows() };
  const indices = predictedClasses(loss, pred);
  if (indices) {
    const names = graph.document.data?.classes;
    result.classes = indices.map((k) => names?.[k] ?? k);
  }
  return result;
}

/** The gradient check of every parameter on all rows of `data`, at the document's weights. */
export function checkDocumentGradients(graph: CompiledGraph, data: BoundData, eps?: number): GradCheckResult {
  return gradientCheck(graph, (executor) => feedAll(executor, data, true), eps === undefined ? {} : { eps });
}
