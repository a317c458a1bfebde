/** `backprop train FILE --data SRC [options]`: trains a document and writes the trained one. */
import {
  type CsvOptions,
  DivergenceError,
  bindData,
  cosinePeriod,
  handSetNodeIds,
  thinHistory,
  dataSeedOf,
  initSeedOf,
  describeSettingIssue,
  resolveTraining,
  serializeDocument,
  trainingSchema,
  type EarlyStop,
  createRun,
  gradientNorm,
  type EpochResult,
  type GraphDocument,
  type RunPoint,
  type RunRecord,
  runWithWeights,
  withRun,
  type TrainingConfig,
} from '../../engine/index.js';
import { UsageError, type OptionSpec, type ParsedArgs } from '../args.js';
import {
  createTrainer,
  csvOptions,
  dataOptions,
  fileArgument,
  helpOption,
  jsonOption,
  openDocumentWithData,
  printWarnings,
  type Command,
  type Io,
} from '../command.js';
import { formatNumber, formatPercent } from '../output.js';
import { CliError, fromDiagnostic } from '../problems.js';
import { checkWritable, recordedData, writeFileAtomic } from '../sources.js';

export interface TrainOptions {
  file: string;
  /** Data source; default: the document's `data.source`. */
  data?: string;
  /** How to read a CSV (--missing, --numbers). */
  csv?: CsvOptions;
  /** Settings that override the document's `training`. */
  overrides: Partial<TrainingConfig>;
  /** Standardise the inputs (mean 0, std 1 on the training rows) unless the document stores a normalisation. */
  standardize?: boolean;
  /** Where to write the trained document. */
  out?: string;
  /** Append this run to the document's `runs` (its settings, curves, final weights). */
  runs?: boolean;
  /** Start from weights drawn from the init seed, not the document's (hand-set blocks keep theirs), as the app's Reset. */
  reset?: boolean;
}

export interface TrainStart {
  name: string;
  source: string;
  config: TrainingConfig;
  trainRows: number;
  validationRows: number;
  /** Whether epochs report accuracy (a classification loss). */
  classification: boolean;
  standardized: boolean;
}

export interface TrainHooks {
  onStart?(start: TrainStart): void;
  /** After every epoch; `last` is set on the final one. */
  onEpoch?(epoch: EpochResult, last: boolean): void;
  /** Training asked for early stopping without validation rows: it does nothing. */
  onWarning?(message: string): void;
}

export interface TrainResult {
  /** Loss of the trained weights on the training rows. */
  loss: number;
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
  epochs: number;
  /** Set when early stopping ended the run. */
  earlyStop?: EarlyStop;
  /** The trained document (weights, data normalisation, metrics; with --runs, the run appended). */
  document: GraphDocument;
  out?: string;
  /** The run recorded (--runs). */
  run?: RunRecord;
}

/** The training setting each valued flag sets as it is (--batch and --no-shuffle are read apart). */
const settingOfFlag: Record<string, keyof TrainingConfig> = {
  optimizer: 'optimizer',
  lr: 'lr',
  epochs: 'epochs',
  seed: 'seed',
  'data-seed': 'dataSeed',
  'init-seed': 'initSeed',
  momentum: 'momentum',
  beta1: 'beta1',
  beta2: 'beta2',
  eps: 'eps',
  val: 'validationSplit',
  'weight-decay': 'weightDecay',
  l1: 'l1',
  'lr-schedule': 'lrSchedule',
  'step-size': 'stepSize',
  gamma: 'gamma',
  't-max': 'tMax',
  'eta-min': 'etaMin',
  patience: 'patience',
  'min-delta': 'minDelta',
};

/** Reads and checks the flags (ranges as the document format has them). */
export function trainOptions(args: ParsedArgs): TrainOptions {
  const o = args.options;
  const overrides: Record<string, unknown> = {};
  for (const [flag, setting] of Object.entries(settingOfFlag)) if (o[flag] !== undefined) overrides[setting] = o[flag];
  // --seed keeps meaning both seeds (over the document's own), unless one is given apart.
  if (o.seed !== undefined) {
    overrides.dataSeed ??= o.seed;
    overrides.initSeed ??= o.seed;
  }
  if (o.runs === true && o.out === undefined)
    throw new UsageError('--runs records the run in the trained document: give --out OUT too');
  if (o['no-shuffle']) overrides.shuffle = false;
  if (o['keep-last']) overrides.restoreBest = false;
  if (o.batch !== undefined) {
    const raw = String(o.batch);
    if (raw !== 'full' && !(/^\d+$/.test(raw) && Number(raw) >= 1))
      throw new UsageError(`--batch needs a whole number ≥ 1 or 'full', got '${raw}'`);
    overrides.batchSize = raw === 'full' ? 'full' : Number(raw);
  }
  const checked = trainingSchema.safeParse(overrides);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const setting = String(issue.path[0]);
    const flag = Object.keys(settingOfFlag).find((f) => settingOfFlag[f] === setting && o[f] !== undefined) ?? 'seed';
    throw new UsageError(`--${flag} ${describeSettingIssue(issue)}, got '${String(overrides[setting])}'`);
  }
  return {
    file: fileArgument(args, 'train'),
    ...(o.data !== undefined ? { data: String(o.data) } : {}),
    csv: csvOptions(args),
    overrides: overrides as Partial<TrainingConfig>,
    standardize: o.standardize === true,
    ...(o.out !== undefined ? { out: String(o.out) } : {}),
    ...(o.runs === true ? { runs: true } : {}),
    ...(o.reset === true ? { reset: true } : {}),
  };
}

/** Trains the document; writes the trained one to `options.out` when given. Throws CliError. */
export function trainDocument(options: TrainOptions, hooks: TrainHooks = {}, io?: Io): TrainResult {
  // Before training: a long run must never be lost at the end for want of a writable output.
  if (options.out !== undefined) checkWritable(options.out);
  const { document: loaded, dataset } = openDocumentWithData(options.file, options.data, 'train', options.csv);
  if (io) printWarnings(loaded, io);
  const { document, graph } = loaded;
  const config = resolveTraining(document.training, options.overrides);
  const bound = bindData(graph, dataset, { features: document.data?.features });
  if (!bound.ok) throw new CliError(bound.diagnostics.map((d) => fromDiagnostic(d)));
  const trainer = createTrainer(graph, bound.value, config, document, { standardize: options.standardize });
  if (options.reset) trainer.reset(initSeedOf(config), new Set(handSetNodeIds(document)));
  hooks.onStart?.({
    name: document.name,
    source: dataset.name,
    config,
    trainRows: trainer.trainRows.length,
    validationRows: trainer.validationRows.length,
    classification: graph.losses.some((n) => graph.nodes[n].def.loss?.classification !== undefined),
    standardized: trainer.normalization !== undefined,
  });
  if (config.patience !== undefined && trainer.validationRows.length === 0)
    hooks.onWarning?.(
      `early stopping (patience ${config.patience}) needs validation rows: set --val F (or training.validationSplit); training runs all ${config.epochs} epochs`,
    );
  // The run's curves: each epoch's metrics and the gradient norm of its last batch (as the app charts it).
  const curves: RunPoint[] = [];
  try {
    while (!trainer.finished) {
      const epoch = trainer.runEpoch();
      if (options.runs) curves.push({ ...epoch, gradNorm: gradientNorm(trainer.executor) });
      hooks.onEpoch?.(epoch, trainer.finished);
    }
  } catch (e) {
    if (!(e instanceof DivergenceError)) throw e;
    throw new CliError([{ where: `node ${e.report.nodeId}`, message: e.message }]);
  }
  // Started from the final weights of a kept run: this run goes on from it.
  const continued = options.runs && !options.reset ? runWithWeights(document.runs ?? [], document) : undefined;
  const final = trainer.evaluate();
  const trained = trainer.exportDocument();
  // After --reset the stored history is of weights thrown away: the run's own epochs replace it.
  if (options.reset) trained.metrics = { history: thinHistory(trainer.history.map((h) => ({ ...h }))) };
  const result: TrainResult = { loss: final.loss, epochs: trainer.epoch, document: trained };
  if (trainer.earlyStop) result.earlyStop = trainer.earlyStop;
  if (final.accuracy !== undefined) result.accuracy = final.accuracy;
  if (trainer.validationRows.length > 0) {
    const validation = trainer.evaluate(trainer.validationRows);
    result.valLoss = validation.loss;
    if (validation.accuracy !== undefined) result.valAccuracy = validation.accuracy;
  }
  if (options.out !== undefined) {
    trained.data = recordedData(trained.data, dataset, options.out);
    if (options.runs) {
      const before = trained.runs ?? [];
      const run = createRun(
        {
          document: trained,
          config: trainer.config,
          curves,
          weights: Object.fromEntries(trained.nodes.flatMap((n) => (n.weights ? [[n.id, n.weights]] : []))),
          data: {
            ...(trained.data?.source ? { source: trained.data.source } : {}),
            trainRows: trainer.trainRows.length,
            validationRows: trainer.validationRows.length,
          },
          created: new Date().toISOString(),
          ...(continued ? { continues: continued.id } : {}),
        },
        before,
      );
      trained.runs = withRun(before, run);
      result.run = run;
    }
    writeFileAtomic(options.out, serializeDocument(trained));
    result.out = options.out;
  }
  return result;
}

const options: OptionSpec[] = [
  ...dataOptions,
  { name: 'epochs', kind: 'int', value: 'N', help: 'number of passes over the training rows' },
  { name: 'lr', kind: 'number', value: 'X', help: 'learning rate η' },
  { name: 'batch', kind: 'string', value: 'B|full', help: "rows per update, or 'full' for the whole training set" },
  { name: 'optimizer', kind: 'string', value: 'NAME', help: 'sgd, momentum, adam or adamw' },
  { name: 'momentum', kind: 'number', value: 'M', help: 'momentum μ (v ← μv + g; w ← w − ηv)' },
  { name: 'beta1', kind: 'number', value: 'B1', help: "Adam's β₁" },
  { name: 'beta2', kind: 'number', value: 'B2', help: "Adam's β₂" },
  { name: 'eps', kind: 'number', value: 'E', help: "Adam's ε (added to the square root)" },
  {
    name: 'seed',
    kind: 'int',
    value: 'S',
    help: 'seed for initial weights, shuffling and the validation split (both seeds below)',
  },
  { name: 'no-shuffle', kind: 'flag', help: 'take the rows in file order every epoch' },
  { name: 'val', kind: 'number', value: 'F', help: 'fraction of the rows held out for validation (0 ≤ F < 1)' },
  {
    name: 'weight-decay',
    kind: 'number',
    value: 'λ',
    help: "L2 weight decay of the weight matrices (PyTorch's weight_decay; decoupled with adamw)",
  },
  { name: 'l1', kind: 'number', value: 'λ1', help: 'L1 penalty λ1·Σ|w| of the weight matrices, added to the loss' },
  {
    name: 'lr-schedule',
    kind: 'string',
    value: 'NAME',
    help: 'constant, step (× --gamma every --step-size epochs) or cosine (to --eta-min over --t-max epochs)',
  },
  { name: 'step-size', kind: 'int', value: 'N', help: 'step schedule: epochs between two multiplications by gamma' },
  { name: 'gamma', kind: 'number', value: 'G', help: 'step schedule: the factor (0 < G ≤ 1)' },
  { name: 't-max', kind: 'int', value: 'N', help: 'cosine schedule: epochs to reach eta-min (default: --epochs)' },
  { name: 'eta-min', kind: 'number', value: 'X', help: 'cosine schedule: the smallest learning rate' },
  {
    name: 'patience',
    kind: 'int',
    value: 'N',
    help: 'early stopping: stop after N epochs without a better validation loss (needs --val)',
  },
  { name: 'min-delta', kind: 'number', value: 'D', help: 'early stopping: the least improvement that counts' },
  { name: 'keep-last', kind: 'flag', help: 'early stopping: keep the last weights, not the best epoch’s' },
  {
    name: 'standardize',
    kind: 'flag',
    help: 'standardise the inputs (mean 0, std 1 on the training rows); stored in the output',
  },
  { name: 'data-seed', kind: 'int', value: 'S', help: 'seed for the validation split and shuffling only' },
  { name: 'init-seed', kind: 'int', value: 'S', help: 'seed for the initial weights only' },
  {
    name: 'reset',
    kind: 'flag',
    help: "start from weights drawn from the init seed instead of the document's (blocks with init manual keep theirs), as the app's Reset",
  },
  {
    name: 'runs',
    kind: 'flag',
    help: "append this run (settings, curves, final weights, data) to the output document's runs; needs --out",
  },
  {
    name: 'out',
    kind: 'string',
    value: 'OUT',
    help: 'write the trained document (weights, normalisation, metrics) here',
  },
  jsonOption,
  helpOption,
];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const runName = (doc: GraphDocument, id: string) => doc.runs?.find((r) => r.id === id)?.name ?? id;

/** `seed 1`, or `init seed 1, data seed 2` when they differ. */
function seedText(c: TrainingConfig): string {
  const init = initSeedOf(c);
  const data = dataSeedOf(c);
  return init === data ? `seed ${init}` : `init seed ${init}, data seed ${data}`;
}

/** Human output prints about this many epoch lines (plus the first and the last). */
const EPOCH_LINES = 20;

const pad = (text: string, width: number) => text.padStart(width);

export const train: Command = {
  name: 'train',
  summary: 'train a document; --out writes the trained document',
  usage: 'train FILE [--data SRC] [options]',
  details: [
    "Trains the graph on the data. Flags override the document's `training` settings. An epoch's loss is the mean of its mini-batch losses, each computed before its update; the final `done` line gives the loss of the trained weights on the training rows.",
    'Human output shows about 20 epochs of a long run (the first, every n-th and the last); --json prints every epoch: {"epoch":1,"loss":…,"accuracy"?:…,"valLoss"?:…,"valAccuracy"?:…}, then {"done":true,"loss":…,"accuracy"?:…,"epochs":…,"out":…}.',
  ],
  options,
  run(args, io) {
    const opts = trainOptions(args);
    const json = args.options.json === true;
    let every = 1;
    let penalized = false;
    let scheduled = false;
    let header: string[] = [];
    let widths: number[] = [];
    const started = performance.now();
    const result = trainDocument(
      opts,
      {
        onStart(s) {
          every = Math.max(1, Math.ceil(s.config.epochs / EPOCH_LINES));
          if (json) return;
          const c = s.config;
          const optimizer =
            c.optimizer === 'momentum'
              ? `momentum ${c.momentum}`
              : c.optimizer === 'adam' || c.optimizer === 'adamw'
                ? `${c.optimizer} (β₁ ${c.beta1}, β₂ ${c.beta2}, ε ${c.eps})`
                : 'sgd';
          const rows =
            s.validationRows > 0
              ? `${s.trainRows} training + ${s.validationRows} validation rows`
              : `${s.trainRows} rows`;
          io.out(`Training "${s.name}" on ${s.source}: ${rows}${s.standardized ? ', inputs standardised' : ''}`);
          io.out(
            `${optimizer}, lr ${c.lr}, batch ${c.batchSize}, ${c.epochs} epoch${c.epochs === 1 ? '' : 's'}, ${seedText(c)}${c.shuffle ? '' : ', no shuffle'}`,
          );
          const extras = regularizationSummary(c);
          if (extras) io.out(extras);
          penalized = c.weightDecay > 0 || c.l1 > 0;
          scheduled = c.lrSchedule !== 'constant';
          header = [
            'epoch',
            'loss',
            ...(penalized ? ['penalty'] : []),
            ...(scheduled ? ['lr'] : []),
            ...(s.classification ? ['accuracy'] : []),
            ...(s.validationRows > 0 ? ['val loss', ...(s.classification ? ['val accuracy'] : [])] : []),
          ];
          widths = header.map((_, i) => (i === 0 ? Math.max(5, String(c.epochs).length) : 12));
          io.out('');
          io.out(header.map((h, i) => pad(h, widths[i])).join('  '));
        },
        onWarning(message) {
          io.err(`${opts.file}: training.patience: warning: ${message}`);
        },
        onEpoch(e, last) {
          if (json) {
            io.out(JSON.stringify(e));
            return;
          }
          if (!(e.epoch === 1 || e.epoch % every === 0 || last)) return;
          const cells: Record<string, string> = {
            epoch: String(e.epoch),
            loss: formatNumber(e.loss),
            penalty: e.penalty === undefined ? '' : formatNumber(e.penalty),
            lr: e.lr === undefined ? '' : formatNumber(e.lr),
            accuracy: e.accuracy === undefined ? '' : formatPercent(e.accuracy),
            'val loss': e.valLoss === undefined ? '' : formatNumber(e.valLoss),
            'val accuracy': e.valAccuracy === undefined ? '' : formatPercent(e.valAccuracy),
          };
          io.out(header.map((h, i) => pad(cells[h], widths[i])).join('  '));
        },
      },
      io,
    );
    if (json) {
      const { loss, accuracy, valLoss, valAccuracy, epochs, earlyStop } = result;
      io.out(
        JSON.stringify({
          done: true,
          loss,
          accuracy,
          valLoss,
          valAccuracy,
          epochs,
          ...(earlyStop ? { stoppedEarly: earlyStop } : {}),
          out: result.out ?? null,
          ...(result.run ? { run: result.run.id } : {}),
        }),
      );
      return 0;
    }
    const elapsed = (performance.now() - started) / 1000;
    const seconds = elapsed.toFixed(elapsed < 10 ? 2 : 1);
    const parts = [`loss ${formatNumber(result.loss)} on the training rows`];
    if (result.accuracy !== undefined) parts.push(`accuracy ${formatPercent(result.accuracy)}`);
    if (result.valLoss !== undefined) parts.push(`validation loss ${formatNumber(result.valLoss)}`);
    if (result.valAccuracy !== undefined) parts.push(`validation accuracy ${formatPercent(result.valAccuracy)}`);
    io.out('');
    if (result.earlyStop) io.out(`${result.earlyStop.message}.`);
    io.out(`done: ${parts.join(', ')} (${result.epochs} epochs, ${seconds} s)`);
    io.out(result.out ? `wrote ${result.out}` : 'the trained weights were not saved (use --out OUT)');
    if (result.run)
      io.out(
        `recorded ${result.run.name}${result.run.continues ? ` (went on from ${runName(result.document, result.run.continues)})` : ''}; ${plural(result.document.runs?.length ?? 1, 'run')} kept (backprop runs ${result.out})`,
      );
    return 0;
  },
};

/** The run's regularisation, schedule and early stopping in one line ('' when it has none). */
function regularizationSummary(c: TrainingConfig): string {
  const parts: string[] = [];
  if (c.weightDecay > 0) parts.push(`weight decay ${c.weightDecay}${c.optimizer === 'adamw' ? ' (decoupled)' : ''}`);
  if (c.l1 > 0) parts.push(`L1 ${c.l1}`);
  if (c.lrSchedule === 'step') parts.push(`lr × ${c.gamma} every ${c.stepSize} epochs`);
  if (c.lrSchedule === 'cosine') parts.push(`cosine lr to ${c.etaMin} over ${cosinePeriod(c)} epochs`);
  if (c.patience !== undefined)
    parts.push(
      `early stopping: patience ${c.patience}${c.minDelta > 0 ? `, min delta ${c.minDelta}` : ''}, ${c.restoreBest ? 'best weights restored' : 'last weights kept'}`,
    );
  return parts.join(', ');
}
