/**
 * Training: mini-batches drawn in a seeded order, forward → backward → optimizer update, loss
 * and accuracy per epoch, validation, the learning-rate schedule, early stopping, divergence
 * detection, and the trained document.
 *
 * An epoch's `loss` is the mean of its mini-batch losses, each computed before that batch's
 * update and weighted by the batch's rows (as Keras and TensorFlow.js report it): the data loss.
 * With weight decay or an L1 penalty, its `penalty` is the mean of the penalty at the same
 * weights (the total the optimizer minimises is loss + penalty; validation loss is data loss).
 *
 * Early stopping (`patience`): after each epoch with a validation loss, a loss lower than the best
 * so far by more than `minDelta` is the new best; after `patience` epochs in a row without one,
 * training stops, and (`restoreBest`, the default) the weights go back to the best epoch's.
 */
import { applyNormalization, fitNormalization, float32Problems, splitRows, type BoundData } from './data.js';
import { DiagnosticError } from './diagnostics.js';
import { Executor, type NonFiniteReport } from './executor.js';
import type { EpochMetrics, GraphDocument, Normalization, TrainingSettings, WeightTensor } from './format.js';
import type { CompiledGraph } from './graph.js';
import { countCorrect } from './metrics.js';
import { createOptimizer, optimizerDefaults, type Optimizer, type OptimizerSettings } from './optimizers.js';
import { scheduleDefaults, scheduledLr, type ScheduleSettings } from './schedules.js';
import {
  DIVERGENCE_LOSS_FLOOR,
  DIVERGENCE_LOSS_RISE,
  DIVERGENCE_SAMPLE_ROWS,
  DIVERGENCE_WEIGHT_NORM,
  MAX_HISTORY,
} from './limits.js';
import { createRng, type Rng } from './random.js';
import { scoredLoss } from './reporting.js';
import { allFinite, firstNonFinite, norm, type FloatArray, type Precision } from './tensor.js';

export interface TrainingConfig extends OptimizerSettings, ScheduleSettings {
  batchSize: number | 'full';
  epochs: number;
  seed: number;
  /** The seed of the validation split and the shuffling, apart from the weights' (default: `seed`; see dataSeedOf). */
  dataSeed?: number;
  /** The seed of the initial weights, apart from the data's (default: `seed`; see initSeedOf). */
  initSeed?: number;
  shuffle: boolean;
  validationSplit: number;
  targetLoss?: number;
  /** Early stopping on the validation loss after this many epochs without improvement; undefined: off. */
  patience?: number;
  minDelta: number;
  restoreBest: boolean;
}

export const trainingDefaults: TrainingConfig = {
  ...optimizerDefaults,
  ...scheduleDefaults,
  batchSize: 32,
  epochs: 100,
  seed: 1,
  shuffle: true,
  validationSplit: 0,
  minDelta: 0,
  restoreBest: true,
};

/** Why training stopped before its epochs: no better validation loss for `patience` epochs. */
export interface EarlyStop {
  /** The last epoch trained (1-based). */
  epoch: number;
  patience: number;
  /** The epoch (1-based) of the best validation loss, and that loss. */
  bestEpoch: number;
  bestValLoss: number;
  /** Whether the weights went back to the best epoch's. */
  restored: boolean;
  /** "stopped early at epoch 37: no validation improvement for 10 epochs; best weights from epoch 27 kept". */
  message: string;
}

/** The seed of the validation split and the shuffling: `dataSeed`, else `seed`. */
export function dataSeedOf(config: Pick<TrainingConfig, 'seed' | 'dataSeed'>): number {
  return config.dataSeed ?? config.seed;
}

/** The seed of the initial weights: `initSeed`, else `seed`. */
export function initSeedOf(config: Pick<TrainingConfig, 'seed' | 'initSeed'>): number {
  return config.initSeed ?? config.seed;
}

/** The document's training settings with defaults filled in, then `overrides` applied. */
export function resolveTraining(
  settings: TrainingSettings | undefined,
  overrides: Partial<TrainingConfig> = {},
): TrainingConfig {
  const defined = <T extends object>(o: T) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  return { ...trainingDefaults, ...defined((settings ?? {}) as Partial<TrainingConfig>), ...defined(overrides) };
}

export type EpochResult = EpochMetrics & { epoch: number; loss: number };

export interface StepResult {
  /** Mean loss of this batch, before the update (the data loss, without the penalty). */
  loss: number;
  /** The regularisation penalty at the weights of this step, before the update; 0 without one. */
  penalty: number;
  rows: number;
  /** Set when this step finished an epoch. */
  epoch?: EpochResult;
}

/**
 * What made training stop: a non-finite output or gradient (as the executor finds it), weights
 * that exploded (a tensor's norm beyond DIVERGENCE_WEIGHT_NORM), or an epoch's loss risen far
 * above the loss training started from (DIVERGENCE_LOSS_RISE). `nodeId` is the block to show:
 * the one holding the bad value or weights, or the reported loss.
 */
export interface DivergenceReport {
  nodeId: string;
  kind: NonFiniteReport['kind'] | 'weights' | 'loss';
  detail: string;
}

/**
 * Training diverged. The trainer has gone back to recent weights whose forward pass on the batch
 * the next step takes is finite (see `Trainer.diverge`), so training can go on from them with a
 * smaller learning rate; `keptFrom` says which they are.
 */
export class DivergenceError extends Error {
  constructor(
    readonly report: DivergenceReport,
    readonly epoch: number,
    readonly step: number,
    readonly keptFrom = 'from before this step',
  ) {
    const what =
      report.kind === 'weights'
        ? `the weights of node '${report.nodeId}' exploded (${report.detail})`
        : report.kind === 'loss'
          ? `the loss rose by orders of magnitude (${report.detail})`
          : `node '${report.nodeId}' produced a non-finite ${report.kind} (${report.detail})`;
    super(
      `training diverged in epoch ${epoch + 1}, step ${step}: ${what}. ` +
        `The weights ${keptFrom} are kept; try a smaller learning rate.`,
    );
    this.name = 'DivergenceError';
  }
}

export interface TrainerOptions {
  precision?: Precision;
  inputGradients?: boolean;
  /**
   * Standardise the inputs: `true` fits mean and std on the training rows; a stored
   * normalisation (from a trained document) is applied as it is.
   */
  normalization?: boolean | Normalization;
  /** Use this executor (e.g. one holding weights kept across a graph edit). */
  executor?: Executor;
}

export interface Evaluation {
  loss: number;
  accuracy?: number;
}

/** The generator of the mini-batch order, separate from the weights' streams. */
const shuffleRngFor = (seed: number): Rng => createRng(seed ^ 0x51ed5eed);

export class Trainer {
  readonly executor: Executor;
  optimizer: Optimizer;
  readonly data: BoundData;
  readonly trainRows: Uint32Array;
  readonly validationRows: Uint32Array;
  readonly normalization?: Normalization;
  readonly history: EpochResult[] = [];
  config: TrainingConfig;
  /** Completed epochs. */
  epoch = 0;
  /** Steps (updates) made in all. */
  steps = 0;
  private order: Uint32Array;
  private cursor = 0;
  private shuffleRng: Rng;
  private running = { loss: 0, penalty: 0, penalized: false, rows: 0, correct: 0, total: 0 };
  /** The parameters the optimizer updates (those of frozen nodes are left out). */
  private readonly trained: readonly Executor['parameters'][number][];
  /** Early stopping: the best validation loss so far, its epoch, the weights then, and epochs since. */
  private best: { loss: number; epoch: number; weights: Snapshot | null; wait: number } | null = null;
  /** Set when early stopping ended the run. */
  earlyStop: EarlyStop | null = null;
  /** The weights before the last update (the ones the last forward pass used). */
  private readonly previousWeights: Snapshot;
  /** The weights at the start of this epoch and of the one before: where a divergence can go back to. */
  private readonly epochStarts: [Snapshot, Snapshot];
  /**
   * The loss a rising loss is measured against (see `lossLimit`): the first step's, before any
   * update; after a divergence that found no weights within the limit, the loss training goes on from.
   */
  private lossReference = Number.NaN;
  /** The column groups a training batch fills: the inputs, then the targets. */
  private readonly batchGroups: readonly BoundData['inputs'][number][];
  /** The loss whose accuracy is reported (see `scoredLoss`); null when none classifies. */
  private readonly scored: { def: CompiledGraph['nodes'][number]['def']; pred: string; target: string } | null;

  /** Throws a DiagnosticError naming the cells when the data holds a value float32 training cannot (beyond ±3.4e38). */
  constructor(
    readonly graph: CompiledGraph,
    data: BoundData,
    config: TrainingConfig,
    options: TrainerOptions = {},
  ) {
    this.config = config;
    const split = splitRows(data.rows, config.validationSplit, dataSeedOf(config));
    this.trainRows = split.train;
    this.validationRows = split.validation;
    if (options.normalization) {
      this.normalization =
        options.normalization === true ? fitNormalization(data, this.trainRows) : options.normalization;
      data = applyNormalization(data, this.normalization);
    }
    // Values a float32 cannot hold are the data's problem: named here, not as a diverged step.
    if ((options.executor?.precision ?? options.precision ?? 'float32') === 'float32') {
      const problems = float32Problems(data, this.normalization !== undefined);
      if (problems.length > 0) throw new DiagnosticError(problems);
    }
    this.data = data;
    this.batchGroups = [...data.inputs, ...data.targets];
    const scored = scoredLoss(graph);
    this.scored = scored
      ? {
          def: scored.def,
          pred: graph.nodes[scored.inputs[0].source].id,
          target: graph.nodes[scored.inputs[1].source].id,
        }
      : null;
    this.executor =
      options.executor ??
      new Executor(graph, {
        precision: options.precision,
        inputGradients: options.inputGradients,
        seed: initSeedOf(config),
      });
    // Plans the batch buffers now: a batch too large for the graph is refused before training starts.
    this.executor.setRows(Math.max(1, this.batchSize));
    // Frozen nodes' weights are left out: the optimizer never updates them or keeps state for them.
    const frozen = new Set(graph.nodes.filter((n) => !n.trainable).map((n) => n.id));
    this.trained = this.executor.parameters.filter((p) => !frozen.has(p.node));
    this.optimizer = createOptimizer(this.trained, this.optimizerSettings());
    const snapshot = (): Snapshot => ({
      weights: this.executor.parameters.map((p) => p.value.slice()),
      step: 0,
      epoch: 0,
    });
    this.previousWeights = snapshot();
    this.epochStarts = [snapshot(), snapshot()];
    this.shuffleRng = shuffleRngFor(dataSeedOf(config));
    this.order = this.trainRows.slice();
    this.startEpoch();
  }

  get batchSize(): number {
    const n = this.trainRows.length;
    return this.config.batchSize === 'full' ? n : Math.min(this.config.batchSize, n);
  }

  /** The learning rate the current epoch trains with (the schedule's for this epoch). */
  get lr(): number {
    return scheduledLr(this.config, this.epoch);
  }

  /** The optimizer's settings for the current epoch: the configuration with the scheduled learning rate. */
  private optimizerSettings(): OptimizerSettings {
    return { ...this.config, lr: this.lr };
  }

  /**
   * Applies new settings from the next step on: the optimizer's (a different optimizer starts
   * with no momentum or moment estimates, as a new one would), regularisation, learning rate and
   * schedule, batch size, epochs, target loss, early stopping; shuffling from the next epoch. The
   * seed and the validation split define a run's start: they take effect in a new trainer (and
   * the seed in `reset`).
   */
  updateConfig(config: Partial<TrainingConfig>): void {
    const before = this.config;
    this.config = { ...this.config, ...config };
    if (this.config.optimizer !== before.optimizer)
      this.optimizer = createOptimizer(this.trained, this.optimizerSettings());
    else this.optimizer.settings = this.optimizerSettings();
    // A run early stopping ended goes on when its rule or its epochs change (the best so far is kept).
    if (
      this.earlyStop &&
      (this.config.patience !== before.patience ||
        this.config.minDelta !== before.minDelta ||
        this.config.restoreBest !== before.restoreBest ||
        this.config.epochs !== before.epochs)
    ) {
      this.earlyStop = null;
      if (this.best) this.best.wait = 0;
    }
  }

  private startEpoch(snapshot = true): void {
    if (snapshot) {
      const starts = this.epochStarts;
      const oldest = starts[1];
      starts[1] = starts[0];
      starts[0] = oldest;
      takeSnapshot(oldest, this.executor.parameters, 0, this.epoch);
    }
    this.order = this.trainRows.slice();
    if (this.config.shuffle) this.shuffleRng.shuffle(this.order);
    this.cursor = 0;
    this.running = { loss: 0, penalty: 0, penalized: false, rows: 0, correct: 0, total: 0 };
    // The schedule's learning rate for this epoch (as a scheduler stepped at the end of each epoch).
    this.optimizer.settings = this.optimizerSettings();
  }

  /** Copies the given rows into the data blocks of the trainer's executor (or of `into`, one of the same graph). */
  loadRows(
    rows: ArrayLike<number>,
    start = 0,
    count = rows.length,
    withTargets = true,
    into: Executor = this.executor,
  ): void {
    const ex = into;
    ex.setRows(count);
    const groups = withTargets ? this.batchGroups : this.data.inputs;
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g];
      const dst = ex.dataTensor(group.nodeId).data;
      const values = group.values;
      const w = group.columns.length;
      if (w >= 16) {
        // Wide rows: one native (converting) copy per row beats a loop.
        for (let r = 0; r < count; r++) {
          const src = rows[start + r] * w;
          dst.set(values.subarray(src, src + w), r * w);
        }
      } else {
        for (let r = 0, o = 0; r < count; r++) {
          const src = rows[start + r] * w;
          for (let k = 0; k < w; k++) dst[o++] = values[src + k];
        }
      }
    }
  }

  /** Accuracy of the scored loss on the current batch, as counts. */
  private batchCorrect(ex: Executor = this.executor): { correct: number; total: number } | null {
    const s = this.scored;
    return s ? countCorrect(s.def, ex.output(s.pred), ex.output(s.target)) : null;
  }

  /**
   * One mini-batch: forward, backward, update. Throws DivergenceError after going back to the last
   * weights from which this batch can be retried (see `diverge`); the batch is not consumed.
   */
  step(): StepResult {
    const ex = this.executor;
    const count = Math.min(this.batchSize, this.order.length - this.cursor);
    this.loadRows(this.order, this.cursor, count);
    const loss = ex.forward();
    if (!Number.isFinite(loss)) this.diverge(this.nonFiniteReport(), count);
    if (Number.isNaN(this.lossReference)) this.lossReference = loss;
    ex.backward();
    const params = ex.parameters;
    for (let k = 0; k < params.length; k++) if (!allFinite(params[k].grad)) this.diverge(this.nonFiniteReport(), count);
    const correct = this.batchCorrect();
    const penalty = this.optimizer.penalty();
    this.updateWeights(count);
    this.steps++;
    this.cursor += count;
    this.running.loss += loss * count;
    this.running.penalty += penalty * count;
    if (this.config.weightDecay > 0 || this.config.l1 > 0) this.running.penalized = true;
    this.running.rows += count;
    if (correct) {
      this.running.correct += correct.correct;
      this.running.total += correct.total;
    }
    const result: StepResult = { loss, penalty, rows: count };
    if (this.cursor >= this.order.length) result.epoch = this.finishEpoch();
    return result;
  }

  /**
   * One optimizer update. An update can overflow or explode even from finite gradients (a huge
   * learning rate); the optimizer checks the weights as it writes them, and only a failed update
   * is searched for the tensor to name.
   */
  private updateWeights(count: number): void {
    const params = this.executor.parameters;
    takeSnapshot(this.previousWeights, params, this.steps + 1, this.epoch);
    if (this.optimizer.step()) return;
    for (const p of this.optimizer.params) {
      const i = firstNonFinite(p.value);
      const size = i >= 0 ? 0 : norm(p.value);
      if (i < 0 && size <= DIVERGENCE_WEIGHT_NORM) continue;
      const report: DivergenceReport =
        i >= 0
          ? { nodeId: p.node, kind: 'gradient', detail: `the update of ${p.name} [${i}] gives ${p.value[i]}` }
          : {
              nodeId: p.node,
              kind: 'weights',
              detail: `‖${p.name}‖ = ${size.toPrecision(3)} after the update, beyond ${DIVERGENCE_WEIGHT_NORM.toExponential(0)}`,
            };
      this.diverge(report, count);
    }
  }

  private nonFiniteReport(): DivergenceReport {
    return (
      this.executor.findNonFinite() ?? {
        nodeId: this.graph.nodes[this.graph.losses[0]].id,
        kind: 'output',
        detail: 'loss is not finite',
      }
    );
  }

  /**
   * The loss above which an epoch counts as diverged: DIVERGENCE_LOSS_RISE times the reference
   * loss (where training started), or times DIVERGENCE_LOSS_FLOOR when that is larger.
   */
  private get lossLimit(): number {
    if (Number.isNaN(this.lossReference)) return Number.POSITIVE_INFINITY;
    return DIVERGENCE_LOSS_RISE * Math.max(this.lossReference, DIVERGENCE_LOSS_FLOOR);
  }

  /**
   * Stops training: goes back to weights from which training can go on, and throws. Candidates
   * are the weights before the last update, at the start of this epoch and at the start of the
   * one before. Of those whose loss on the batch the next step takes (the first `count` rows from
   * the cursor) is finite, the one with the smallest loss on the first DIVERGENCE_SAMPLE_ROWS rows
   * of this epoch's order is kept (the latest of equals): a batch alone can favour exploded
   * weights that happen to fit it. When that loss is beyond the loss limit, it becomes the
   * limit's reference, so that training can go on from it. The optimizer's momentum and moment
   * estimates are forgotten (they hold the blow-up too).
   */
  private diverge(report: DivergenceReport, count: number, epoch = this.epoch, step = this.steps + 1): never {
    const params = this.executor.parameters;
    const candidates = [this.previousWeights, this.epochStarts[0], this.epochStarts[1]];
    const sample = this.order.subarray(0, Math.min(this.order.length, DIVERGENCE_SAMPLE_ROWS));
    const limit = this.lossLimit;
    let kept = candidates[candidates.length - 1];
    let keptLoss = Number.POSITIVE_INFINITY;
    for (const candidate of candidates) {
      for (let k = 0; k < params.length; k++) params[k].value.set(candidate.weights[k]);
      this.loadRows(this.order, this.cursor, count);
      if (!Number.isFinite(this.executor.forward())) continue;
      const loss = this.evaluate(sample).loss;
      if (!(loss < keptLoss)) continue;
      kept = candidate;
      keptLoss = loss;
    }
    const from = describeSnapshot(kept);
    for (let k = 0; k < params.length; k++) params[k].value.set(kept.weights[k]);
    for (const other of candidates) if (other !== kept) takeSnapshot(other, params, kept.step, kept.epoch);
    if (Number.isFinite(keptLoss) && keptLoss > limit) this.lossReference = keptLoss;
    this.optimizer.reset();
    throw new DivergenceError(report, epoch, step, from);
  }

  private finishEpoch(): EpochResult {
    const r = this.running;
    const result: EpochResult = { epoch: this.epoch + 1, loss: r.loss / Math.max(1, r.rows) };
    if (r.total > 0) result.accuracy = r.correct / r.total;
    if (r.penalized) result.penalty = r.penalty / Math.max(1, r.rows);
    if (this.config.lrSchedule !== 'constant') result.lr = this.optimizer.settings.lr;
    if (result.loss > this.lossLimit) {
      // The epoch happened and stays in the history; the weights go back to before it.
      const reference = this.lossLimit / DIVERGENCE_LOSS_RISE;
      const report: DivergenceReport = {
        nodeId: this.graph.nodes[this.graph.losses[0]].id,
        kind: 'loss',
        detail: `epoch ${result.epoch}'s loss ${result.loss.toPrecision(3)} is ${(result.loss / reference).toPrecision(3)} times ${reference.toPrecision(3)}${this.largestWeights()}`,
      };
      this.epoch++;
      this.history.push(result);
      this.startEpoch(false);
      this.diverge(report, Math.min(this.batchSize, this.order.length), this.epoch - 1, this.steps);
    }
    if (this.validationRows.length > 0) {
      const v = this.evaluate(this.validationRows);
      result.valLoss = v.loss;
      if (v.accuracy !== undefined) result.valAccuracy = v.accuracy;
    }
    this.epoch++;
    this.history.push(result);
    if (result.valLoss !== undefined) this.watchValidation(result.valLoss);
    this.startEpoch();
    return result;
  }

  /** Early stopping's bookkeeping after an epoch with validation loss `loss` (see the file comment). */
  private watchValidation(loss: number): void {
    const { patience, minDelta, restoreBest } = this.config;
    if (patience === undefined) {
      this.best = null;
      return;
    }
    const params = this.executor.parameters;
    if (!this.best || loss < this.best.loss - minDelta) {
      const weights =
        this.best?.weights ?? (restoreBest ? { weights: params.map((p) => p.value.slice()), step: 0, epoch: 0 } : null);
      if (weights) takeSnapshot(weights, params, this.steps, this.epoch);
      this.best = { loss, epoch: this.epoch, weights, wait: 0 };
      return;
    }
    this.best.wait++;
    if (this.best.wait < patience) return;
    const restored = restoreBest && this.best.weights !== null;
    if (restored) for (let k = 0; k < params.length; k++) params[k].value.set(this.best.weights!.weights[k]);
    const stop = { epoch: this.epoch, patience: this.best.wait, bestEpoch: this.best.epoch, restored };
    this.earlyStop = { ...stop, patience, bestValLoss: this.best.loss, message: describeEarlyStop(stop) };
  }

  /** `; the largest weight is node 'h''s W (|w| up to 6.01e+3)`, for a message. */
  private largestWeights(): string {
    let best: { node: string; name: string; value: number } | null = null;
    for (const p of this.executor.parameters) {
      for (let i = 0; i < p.value.length; i++) {
        const v = Math.abs(p.value[i]);
        if (!best || v > best.value) best = { node: p.node, name: p.name, value: v };
      }
    }
    return best
      ? `; the largest weight is node '${best.node}''s ${best.name} (|w| up to ${best.value.toPrecision(3)})`
      : '';
  }

  /** Runs the rest of the current epoch. */
  runEpoch(): EpochResult {
    for (;;) {
      const s = this.step();
      if (s.epoch) return s.epoch;
    }
  }

  /** Whether the configured epochs are done, the target loss is reached, or early stopping ended the run. */
  get finished(): boolean {
    const last = this.history[this.history.length - 1];
    return (
      this.epoch >= this.config.epochs ||
      this.earlyStop !== null ||
      (this.config.targetLoss !== undefined && last !== undefined && last.loss <= this.config.targetLoss)
    );
  }

  /**
   * Loss (and accuracy) of the current weights on the given rows, without updating; on `ex`
   * (one of the same graph holding weights of its own) when given.
   */
  evaluate(rows: ArrayLike<number> = this.trainRows, chunk = 1024, ex: Executor = this.executor): Evaluation {
    chunk = Math.min(chunk, ex.maxRows);
    let loss = 0;
    let correct = 0;
    let total = 0;
    for (let start = 0; start < rows.length; start += chunk) {
      const count = Math.min(chunk, rows.length - start);
      this.loadRows(rows, start, count, true, ex);
      loss += ex.forward() * count;
      const c = this.batchCorrect(ex);
      if (c) {
        correct += c.correct;
        total += c.total;
      }
    }
    const result: Evaluation = { loss: loss / Math.max(1, rows.length) };
    if (total > 0) result.accuracy = correct / total;
    return result;
  }

  /**
   * Re-initialises the weights and forgets the run so far, batch order included: training again
   * repeats the run a new trainer with this seed would make. A fresh start from weights drawn from `seed` (default: the init seed); the weights of the
   * nodes in `keep` (hand-set ones) stay as they are. The batch order starts again from the data seed.
   */
  reset(seed = initSeedOf(this.config), keep?: ReadonlySet<string>): void {
    this.executor.reinitialize(seed, keep);
    this.optimizer.reset();
    this.shuffleRng = shuffleRngFor(dataSeedOf(this.config));
    this.history.length = 0;
    this.epoch = 0;
    this.steps = 0;
    this.lossReference = Number.NaN;
    this.best = null;
    this.earlyStop = null;
    const params = this.executor.parameters;
    takeSnapshot(this.previousWeights, params, 0, 0);
    for (const start of this.epochStarts) takeSnapshot(start, params, 0, 0);
    this.startEpoch();
  }

  /**
   * The weights were set from outside between steps (by hand, in the app): a divergence goes
   * back to them, never to weights from before the edit, and a rising loss is measured from the
   * loss training goes on from. Moment estimates and the run so far stay.
   */
  weightsSet(): void {
    const params = this.executor.parameters;
    takeSnapshot(this.previousWeights, params, this.steps + 1, this.epoch);
    for (const start of this.epochStarts) takeSnapshot(start, params, this.steps + 1, this.epoch);
    this.lossReference = Number.NaN;
  }

  /** The document with the trained weights, settings, data description and metric history. */
  exportDocument(): GraphDocument {
    const doc = this.graph.document;
    const weights = this.executor.exportWeights();
    const {
      optimizer,
      lr,
      batchSize,
      epochs,
      seed,
      dataSeed,
      initSeed,
      momentum,
      beta1,
      beta2,
      eps,
      shuffle,
      validationSplit,
      targetLoss,
      weightDecay,
      l1,
      lrSchedule,
      stepSize,
      gamma,
      tMax,
      etaMin,
      patience,
      minDelta,
      restoreBest,
    } = this.config;
    const training: TrainingSettings = {
      ...doc.training,
      optimizer,
      lr,
      batchSize,
      epochs,
      seed,
      shuffle,
      validationSplit,
    };
    if (optimizer === 'momentum') training.momentum = momentum;
    if (optimizer === 'adam' || optimizer === 'adamw') Object.assign(training, { beta1, beta2, eps });
    if (targetLoss !== undefined) training.targetLoss = targetLoss;
    // Regularisation, schedule and early stopping: written when they do something.
    for (const key of [
      'weightDecay',
      'l1',
      'lrSchedule',
      'stepSize',
      'gamma',
      'tMax',
      'etaMin',
      'patience',
      'minDelta',
      'restoreBest',
    ] as const)
      delete training[key];
    if (weightDecay > 0) training.weightDecay = weightDecay;
    if (l1 > 0) training.l1 = l1;
    if (lrSchedule === 'step') Object.assign(training, { lrSchedule, stepSize, gamma });
    if (lrSchedule === 'cosine')
      Object.assign(training, { lrSchedule, etaMin, ...(tMax !== undefined ? { tMax } : {}) });
    if (patience !== undefined) Object.assign(training, { patience, minDelta, restoreBest });
    if (dataSeed !== undefined) training.dataSeed = dataSeed;
    if (initSeed !== undefined) training.initSeed = initSeed;
    const { normalization: _previous, classes: _classes, ...keptData } = doc.data ?? {};
    const before = doc.metrics?.history ?? [];
    const offset = before.length > 0 ? before[before.length - 1].epoch : 0;
    return {
      ...doc,
      nodes: doc.nodes.map((n) =>
        Object.hasOwn(weights, n.id) ? { ...n, weights: keepExact(weights[n.id], n.weights, this.executor) } : n,
      ),
      training,
      data: {
        ...keptData,
        source: this.data.source,
        features: this.data.inputs.flatMap((i) => i.columns),
        targets: this.data.targets.flatMap((t) => t.columns),
        ...(this.data.classes ? { classes: this.data.classes } : {}),
        standardize: this.normalization !== undefined,
        ...(this.normalization ? { normalization: this.normalization } : {}),
      },
      metrics: { history: thinHistory([...before, ...this.history.map((h) => ({ ...h, epoch: h.epoch + offset }))]) },
    };
  }
}

/**
 * The trained tensors, except that a tensor the document stores and training left as it was
 * (a frozen block's, a hand-set one the run did not change) keeps the document's values
 * exactly: the executor holds them rounded to its precision (float32), the user typed them.
 */
function keepExact(
  trained: Record<string, WeightTensor>,
  stored: Record<string, WeightTensor> | undefined,
  executor: Executor,
): Record<string, WeightTensor> {
  if (!stored) return trained;
  const round = executor.precision === 'float32' ? Math.fround : (v: number) => v;
  return Object.fromEntries(
    Object.entries(trained).map(([name, t]) => {
      const s = stored[name];
      const same =
        s !== undefined &&
        s.data.length === t.data.length &&
        s.shape.join() === t.shape.join() &&
        s.data.every((v, i) => round(v) === t.data[i]);
      return [name, same ? { shape: [...s.shape], data: [...s.data] } : t];
    }),
  );
}

/**
 * Weights kept to go back to. `step` ≥ 1: those before that step's update (steps counted over
 * the whole run); 0: those at the start of epoch `epoch` + 1.
 */
interface Snapshot {
  weights: FloatArray[];
  step: number;
  epoch: number;
}

function takeSnapshot(into: Snapshot, params: readonly { value: FloatArray }[], step: number, epoch: number): void {
  for (let k = 0; k < params.length; k++) into.weights[k].set(params[k].value);
  into.step = step;
  into.epoch = epoch;
}

function describeSnapshot(s: Snapshot): string {
  return s.step > 0 ? `from before step ${s.step}` : `from the start of epoch ${s.epoch + 1}`;
}

/**
 * "stopped early at epoch 37: no validation improvement for 10 epochs; best weights from epoch 27
 * kept", with the epochs numbered from `offset` + 1 (a run continuing a trained document's).
 */
export function describeEarlyStop(
  s: Pick<EarlyStop, 'epoch' | 'patience' | 'bestEpoch' | 'restored'>,
  offset = 0,
): string {
  const kept = s.restored
    ? `best weights from epoch ${s.bestEpoch + offset} kept`
    : `the last weights kept (the best validation loss was in epoch ${s.bestEpoch + offset})`;
  return `stopped early at epoch ${s.epoch + offset}: no validation improvement for ${s.patience} epoch${s.patience === 1 ? '' : 's'}; ${kept}`;
}

/** At most MAX_HISTORY entries: the first, the last and evenly spaced ones between (see limits.ts). */
export function thinHistory<T>(history: T[], limit = MAX_HISTORY): T[] {
  if (history.length <= limit) return history;
  const kept: T[] = [];
  const last = history.length - 1;
  for (let k = 0; k < limit; k++) kept.push(history[Math.round((k * last) / (limit - 1))]);
  return kept;
}
