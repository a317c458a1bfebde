/**
 * Messages between the UI and the training worker. The worker owns the training session (the
 * engine's Trainer); the UI sends commands and receives progress at a steady rate, never per
 * step. Typed arrays travel as transferables.
 */
import type {
  BuiltinSource,
  CsvOptions,
  Dataset,
  Diagnostic,
  EpochResult,
  GradCheckResult,
  GraphDocument,
  KernelBackend,
  DivergenceReport,
  EarlyStop,
  Normalization,
  RegressionMetrics,
  TrainingConfig,
  WeightTensor,
} from '../engine/index.js';
import type { Phrase } from '../engine/phrase.js';

/** A built-in set with its generator options, or a CSV's text with the user's choices of how to read it. */
export type DataSpec = BuiltinSource | { kind: 'csv'; name: string; text: string; options?: CsvOptions };

/**
 * The data a session trains on, parsed once per version by the UI: the data set travels to the
 * worker only when the worker does not hold that version yet.
 */
export interface SessionData {
  /** The UI's data version; a new file or generator setting is a new version. */
  version: number;
  /** Absent when the worker already holds this version (from an earlier setup). */
  dataset?: Dataset;
}

export interface SessionSetup {
  /**
   * The editor's graph version this document was taken at. Every progress report carries it, so
   * that the UI drops per-edge and per-node values that describe an older graph.
   */
  graphVersion: number;
  /** The graph, with stored weights for the nodes whose weights are kept. */
  document: GraphDocument;
  data: SessionData;
  standardize: boolean;
  config: TrainingConfig;
}

export type FlowMode = 'gradients' | 'activations';

/**
 * Weights the user set by hand: element `index` (row-major) of tensor `name` of block `nodeId`
 * becomes `value`, for each change (a whole tensor is all its indices).
 */
export interface WeightEdit {
  nodeId: string;
  name: string;
  changes: { index: number; value: number }[];
}

export type ClientMessage =
  | { type: 'setup'; setup: SessionSetup }
  | { type: 'run' }
  | { type: 'pause' }
  | { type: 'step' }
  /**
   * Weights set by hand, applied to the session's weights whether it runs or not (a running run
   * goes on from them); answered by a progress report with fresh views, or an error naming a
   * refused edit (then none of them is applied).
   */
  | { type: 'setWeights'; edits: WeightEdit[] }
  /** `keep`: nodes whose weights stay as they are (hand-set ones). */
  | { type: 'reset'; seed: number; keep?: string[] }
  /** The document's training settings, all of them (see TrainingSession for when each applies). */
  | { type: 'configure'; config: TrainingConfig }
  /** At most this many training steps a second while running; null: as fast as the machine goes. */
  | { type: 'speed'; stepsPerSecond: number | null }
  | { type: 'watch'; nodeId: string | null }
  | { type: 'gradcheck' }
  | { type: 'trace' }
  | { type: 'export' }
  /** Linear regression's least-squares weights ("Solve exactly"); answered by 'solved'. */
  | { type: 'solve' }
  /** Whether progress reports carry per-example gradient magnitudes (the output view's toggle). */
  | { type: 'examples'; on: boolean };

export interface SessionInfo {
  rows: number;
  trainRows: number;
  validationRows: number;
  features: string[];
  targets: string[];
  classes?: string[];
  task: 'binary' | 'multiclass' | 'regression';
  /** Per document edge: whether a gradient flows back along it. */
  edgesWithGradient: boolean[];
  /** Nodes with parameters, in order of computation. */
  layers: string[];
  warnings: Diagnostic[];
  /** The engine's kernels for large float32 products in this worker ('wasm-simd' or 'js'). */
  kernels: KernelBackend;
  /** The Linear block of a linear-regression graph (Input → Linear → MSE), which "Solve exactly" solves; else null. */
  closedForm: string | null;
  /** The input standardisation training uses (fitted on the training rows, or the document's), when the inputs are standardised. */
  normalization?: Normalization;
}

/** Linear regression solved exactly, or why it cannot be. */
export type ClosedFormResult =
  | {
      ok: true;
      node: string;
      /** `[out, in]` of W. */
      shape: [number, number];
      /** Row-major `[out × in]`. */
      W: number[];
      b: number[] | null;
      /** MSE at the solution on the training rows, and on the validation rows when there are some. */
      loss: number;
      valLoss?: number;
    }
  | {
      ok: false;
      /** Why, in English (logs); `problems` says it with catalogue keys for the UI's language. */
      message: string;
      problems?: { message: string; key?: string; values?: Record<string, string | number> }[];
      reason?: undefined;
    }
  /** Why the session cannot solve this graph at all, told by the UI in the user's language. */
  | { ok: false; reason: Phrase; message?: undefined; problems?: undefined };

export interface NodeSnapshot {
  nodeId: string;
  weights: Record<string, { shape: number[]; data: Float32Array }>;
  /** Histogram of the node's outputs on the last batch. */
  histogram: { min: number; max: number; counts: number[] };
  outputShape: [number, number];
  /** ‖∂L/∂w‖ per weight and ‖∂L/∂out‖ on the last batch. */
  gradientNorms: Record<string, number>;
  outputGradientNorm: number | null;
  /** For a loss block: what its `pred` and `target` ports received on the last batch (at most 256 rows). */
  lossInputs?: { pred: BatchValues; target: BatchValues };
}

/** A batch's values, row-major. */
export interface BatchValues {
  rows: number;
  cols: number;
  values: Float32Array;
}

export interface BoundaryView {
  /** Predictions on a size × size grid, row-major from (xMin, yMax) — for each class when multiclass. */
  values: Float32Array;
  size: number;
  classes: number;
  x: [number, number];
  y: [number, number];
}

export interface CurveView {
  xs: Float32Array;
  ys: Float32Array;
  /** Each hidden unit's contribution w_j·h_j(x) to the output, when the net is one hidden layer. */
  contributions?: Float32Array[];
  /** The closed-form (least-squares) line on the same xs, once it is solved. */
  solution?: Float32Array;
}

/** Per-example gradient magnitudes ‖∂Lᵢ/∂w‖ at the current weights. */
export interface ExampleView {
  /** Per data row (in data order), for the first `rows` rows. */
  norms: Float32Array;
  rows: number;
  /** The Input block's columns, as `top[].features` lists them. */
  features: string[];
  /** The training rows with the largest gradients, largest first. */
  top: {
    /** Row index in the data; `line` in its file, for a CSV. */
    row: number;
    line?: number;
    /** The row's raw input values. */
    features: number[];
    target: number[];
    /** What the loss's `pred` port receives for the row. */
    prediction: number[];
    norm: number;
    loss: number;
  }[];
}

/** Errors and metrics of one split of the rows, for the regression views. */
export interface RegressionSplitView {
  rows: number;
  /** Pooled over the output columns, and per column. */
  overall: RegressionMetrics;
  columns: RegressionMetrics[];
  /** Row-major predictions and targets of the first rows (at most 2,000 values), for the scatter plot. */
  pred: Float32Array;
  target: Float32Array;
}

export interface RegressionView {
  /** The target columns. */
  outputs: string[];
  training: RegressionSplitView;
  validation?: RegressionSplitView;
  /** Histogram of the residuals t − y over [min, max], per split. */
  residuals: { min: number; max: number; training: number[]; validation?: number[] };
}

/** A classifier of small images (the digits): what it gets wrong, and what its first layer looks for. */
export interface ImageView {
  /** Images are side × side, row-major. */
  side: number;
  split: 'validation' | 'training';
  rows: number;
  /** How many rows of the split are misclassified (`misclassified` lists the first ones). */
  wrong: number;
  misclassified: { row: number; line?: number; pixels: Float32Array; predicted: number; actual: number }[];
  /** The Linear block fed by the image: its first units' weights, each a side × side image. */
  firstLayer?: {
    node: string;
    units: number;
    weights: Float32Array /** It is the output layer: unit k scores class k. */;
    output: boolean;
  };
}

/** Each unit's output as a function of the input (session units.ts), for the thumbnails on the blocks. */
export interface UnitView {
  /** 'plane': 2-D input, `size` × `size` maps row-major from (x[0], y[1]), as the boundary; 'curve': 1-D input, `size` points at `xs`. */
  kind: 'plane' | 'curve';
  size: number;
  x: [number, number];
  y?: [number, number];
  xs?: Float32Array;
  /** Per mapped block: its units' values unit-major (`units` × size² or × size), and their range. */
  blocks: Record<string, { units: number; values: Float32Array; min: number; max: number }>;
}

/** Why a run stopped on its own: it finished, or it diverged (the trainer then went back to recent finite weights). */
export type RunOutcome =
  | {
      kind: 'finished';
      /** All epochs done, the target loss reached, or early stopping (then `earlyStop` says when and what was kept). */
      reason: 'epochs' | 'target' | 'early';
      earlyStop?: EarlyStop;
    }
  | {
      kind: 'diverged';
      /** The engine's English message (logs); the UI tells the divergence from the values below. */
      message: string;
      report: DivergenceReport;
      /** The epoch (1-based) and step in which it diverged, as the message names them. */
      epoch: number;
      step: number;
      /** Which weights were kept, as the message says it (`from before this step`). */
      keptFrom: string;
      /** How far the unstandardised inputs reach, when the message advises standardising them. */
      inputRange?: string;
    };

/** Small data's rows with what the network predicts for each (session truth-table.ts). */
export interface TruthTableView {
  /** The Input blocks' columns, then the loss's target columns. */
  inputs: string[];
  targets: string[];
  /** 'binary': each output thresholded; 'argmax': the largest output is the predicted class. */
  kind: 'binary' | 'argmax';
  /** How an output becomes a prediction, as a phrase (`truthRule.cut`: "1 when the output ≥ 0.5, else 0"). */
  rule: Phrase;
  /** For 'binary' with one cut for every output: `hi` when the output ≥ `at`, else `lo`. */
  cut?: { lo: number; hi: number; at: number };
  rows: {
    /** Row index in the data; `line` in its file, for a CSV. */
    row: number;
    line?: number;
    /** The row's raw input values. */
    inputs: number[];
    /** What the loss compares with (a class index for a class column). */
    target: number[];
    /** What the loss's `pred` port receives. */
    output: number[];
    /** The prediction read off the output, and the one the target asks for (per output, or one class). */
    predicted: number[];
    expected: number[];
    right: boolean;
    /** A validation row (not trained on). */
    validation: boolean;
  }[];
  /** How many rows are right. */
  right: number;
  /** Class names by index, for a class column. */
  classes?: string[];
}

export interface Progress {
  /** The graph version of the session's setup (see SessionSetup.graphVersion). */
  graphVersion: number;
  status: SessionStatus;
  /** Set while the status is 'finished' or 'diverged'. */
  outcome?: RunOutcome;
  epoch: number;
  steps: number;
  /** Mean loss of the last batch (before its update). */
  lastLoss: number;
  samplesPerSecond: number;
  /** Epochs completed since the previous progress message, with ‖∂L/∂W‖ per layer at each epoch's last step. */
  epochs: (EpochResult & { gradients: Record<string, number>; distance?: number })[];
  /** RMS of the gradient flowing back along each document edge (NaN where none). */
  edgeGradients: Float32Array;
  /** RMS of the values flowing forward along each document edge. */
  edgeActivations: Float32Array;
  /** ‖∂L/∂W‖ of each layer's weights on the last batch. */
  layerGradients: Record<string, number>;
  /** Hints per node (saturation, dead units, vanishing or exploding gradients), told by the UI with `say`. */
  hints: Record<string, Phrase[]>;
  /** Hints about the run as a whole (a loss that stopped moving). */
  runHints: Phrase[];
  watched?: NodeSnapshot;
  boundary?: BoundaryView;
  curve?: CurveView;
  confusion?: { matrix: number[][]; split: 'validation' | 'training' };
  /** Once linear regression is solved: the Linear block's weights now and their distance ‖θ − θ*‖ from the solution. */
  closedForm?: { W: Float32Array; b: Float32Array | null; distance: number };
  /** While the output view sizes points by gradient, or a loss block is inspected. */
  examples?: ExampleView;
  regression?: RegressionView;
  images?: ImageView;
  units?: UnitView;
  truthTable?: TruthTableView;
  /**
   * Loss (and accuracy) of the weights as they are now over the training rows, while they are
   * not those of the last training step: set by hand since (or hand-set and not trained yet).
   */
  evaluation?: { loss: number; accuracy?: number };
  /** The weights of the Linear blocks small enough to draw as neurons (≤ 8 × 8), live. */
  smallWeights?: Record<string, Record<string, Float32Array>>;
}

/**
 * The one training status, owned by the session: 'ready' before the first step (of a run, or
 * after Reset), then 'running' / 'paused', until the run 'finished' or 'diverged'. The UI adds
 * only what happens before a session exists (see TrainingStatus).
 */
export type SessionStatus = 'ready' | 'running' | 'paused' | 'finished' | 'diverged';

export interface TraceTensor {
  /** The tensor's symbol (`in`, `W`, `∂L/∂y`): the same in every language. */
  label: string;
  /** What the UI shows for it where words say more than the symbol (`x = output of h`). */
  caption?: Phrase;
  rows: number;
  cols: number;
  /** Row-major, at most MAX_TRACE rows and columns. */
  values: number[];
}

export interface TraceStep {
  phase: 'forward' | 'backward';
  nodeId: string;
  /** The block's label in English (the UI names the block from its graph, in the user's language). */
  title: string;
  /** The block's local rule: its formula (`blockFormulas.<type>.forward` / `.backward`), as a phrase. */
  rule: Phrase;
  tensors: TraceTensor[];
  /**
   * At the logits of a softmax + negative log-likelihood (or cross-entropy): the seminar's
   * identity ∂L/∂y = (p − onehot(t)) / rows, and how far the backpropagated ∂L/∂y is from it.
   */
  identity?: { rule: Phrase; maxDifference: number };
}

export interface Trace {
  rows: number;
  loss: number;
  steps: TraceStep[];
}

export type WorkerMessage =
  | { type: 'ready'; info: SessionInfo; progress: Progress }
  | { type: 'invalid'; diagnostics: Diagnostic[] }
  | { type: 'progress'; progress: Progress }
  | { type: 'finished'; progress: Progress }
  | { type: 'diverged'; progress: Progress }
  /**
   * All weights (when a run stops, or after a step or reset). `editsApplied`: how many
   * setWeights messages since the last setup the session had taken when it posted them.
   */
  | { type: 'weights'; weights: Record<string, Record<string, WeightTensor>>; editsApplied: number }
  | { type: 'gradcheck'; result: GradCheckResult }
  | { type: 'trace'; trace: Trace }
  | { type: 'exported'; document: GraphDocument }
  | { type: 'solved'; result: ClosedFormResult }
  /** Training stopped on an unexpected error; `progress` (when there is a session) has the status since. */
  | {
      type: 'error';
      /** What went wrong, told by the UI in the user's language (an unexpected error's own English text inside). */
      message: Phrase;
      progress?: Progress;
      /** It answers a setup (which made no session), as 'ready' and 'invalid' do. */
      setup?: true;
    };
