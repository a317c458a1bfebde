/**
 * Run history: each Train run kept in the document's `runs` — its settings, the graph it trained
 * (a fingerprint and its blocks), the data, decimated curves and the final weights — so that runs
 * can be compared (overlaid curves, a diff of what changed) and restored. The app and the CLI
 * record runs with the same functions, so a document holds the same record whichever trained it.
 *
 * Bounded: at most MAX_RUNS runs (the oldest go first), MAX_RUN_POINTS points per curve, and
 * MAX_RUN_WEIGHT_VALUES weight values over all runs (the oldest runs lose their weights first).
 */
import { findBlock } from './blocks/index.js';
import {
  CURRENT_VERSION,
  FORMAT,
  type GraphDocument,
  type RunBlock,
  type RunPoint,
  type RunRecord,
  type TrainingSettings,
  type WeightTensor,
} from './format.js';
import { MAX_RUN_POINTS, MAX_RUN_WEIGHT_VALUES, MAX_RUNS } from './limits.js';
import { type Phrase, type PhraseValue, phrase } from './phrase.js';
import {
  dataSeedOf,
  initSeedOf,
  resolveTraining,
  thinHistory,
  trainingDefaults,
  type TrainingConfig,
} from './training.js';

/**
 * Run colours, in the order new runs take them: far apart in hue and lightness, dark enough
 * for a white chart on a projector, and told apart by the common colour-vision deficiencies
 * as pairs (blue/orange first).
 */
export const RUN_COLORS = [
  '#1f5fd6',
  '#e8590c',
  '#2b8a3e',
  '#c2255c',
  '#6741d9',
  '#0b7285',
  '#7c5a00',
  '#495057',
  '#d6336c',
  '#5c940d',
] as const;

/** JSON with object keys sorted, so equal values give equal text whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** cyrb53: a fast 53-bit string hash, as 14 hex digits. */
function hash53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/**
 * A stable hash of the graph's structure and block parameters: the blocks (id, type, params)
 * and the wires, in any order the document lists them; not positions, labels, weights or a
 * block's `init` (how training starts, not what the graph is). Equal fingerprints: one run's
 * weights fit the other's graph.
 */
export function graphFingerprint(doc: Pick<GraphDocument, 'nodes' | 'edges'>): string {
  const blocks = doc.nodes
    .map((n) => {
      const { init: _init, ...params } = (n.params ?? {}) as Record<string, unknown>;
      return canonical([n.id, n.type, params]);
    })
    .sort();
  const wires = doc.edges.map((e) => `${e.source}>${e.target}:${e.targetHandle}`).sort();
  return hash53(`${blocks.join('\n')}\n--\n${wires.join('\n')}`);
}

/** The blocks of a document as a run records them (no weights, no positions). */
export function runBlocks(doc: Pick<GraphDocument, 'nodes'>): RunBlock[] {
  return doc.nodes.map((n) => ({
    id: n.id,
    type: n.type,
    ...(n.params && Object.keys(n.params).length ? { params: n.params } : {}),
    ...(n.label !== undefined ? { label: n.label } : {}),
  }));
}

/** At most `limit` points: the first, the last and evenly spaced ones between. */
export function decimateCurve<T>(points: readonly T[], limit = MAX_RUN_POINTS): T[] {
  return thinHistory([...points], limit);
}

/** The first colour of RUN_COLORS no kept run uses (the least used when all are taken). */
export function nextRunColor(runs: readonly Pick<RunRecord, 'color'>[]): string {
  const uses = new Map<string, number>(RUN_COLORS.map((c) => [c, 0]));
  for (const r of runs) {
    const c = r.color.toLowerCase();
    if (uses.has(c)) uses.set(c, uses.get(c)! + 1);
  }
  let best: string = RUN_COLORS[0];
  for (const c of RUN_COLORS) if (uses.get(c)! < uses.get(best)!) best = c;
  return best;
}

/** The name a run gets when the user gives it none ("Run 3"), as the document keeps it: "Run N" in every language. */
const DEFAULT_RUN_NAME = /^Run (\d+)$/;

/** "Run N", one more than the highest number a kept run's default name has. */
export function nextRunName(runs: readonly Pick<RunRecord, 'name'>[], count = 0): string {
  let n = count;
  for (const r of runs) {
    const m = DEFAULT_RUN_NAME.exec(r.name);
    if (m) n = Math.max(n, Number(m[1]));
  }
  return `Run ${n + 1}`;
}

/** A fresh run id, unique among `runs`. */
export function nextRunId(runs: readonly Pick<RunRecord, 'id'>[]): string {
  const taken = new Set(runs.map((r) => r.id));
  for (let i = runs.length + 1; ; i++) if (!taken.has(`run${i}`)) return `run${i}`;
}

export interface RunInput {
  /** The document as trained: its graph (fingerprint, blocks) and data description. */
  document: GraphDocument;
  /** The settings the run trained with (resolved: every value filled in). */
  config: TrainingConfig;
  /** The run's epochs, numbered from 1 (any length: decimated here). */
  curves: readonly RunPoint[];
  /** The final weights by node id. */
  weights?: Record<string, Record<string, WeightTensor>>;
  data?: { source?: string; trainRows?: number; validationRows?: number };
  /** The run it went on from. */
  continues?: string;
  created?: string;
}

/** The settings a run records: the document's training settings as resolved, seeds written out. */
export function runSettings(config: TrainingConfig): TrainingSettings {
  const { dataSeed: _d, initSeed: _i, targetLoss, ...rest } = config;
  const settings: Record<string, unknown> = { ...rest, dataSeed: dataSeedOf(config), initSeed: initSeedOf(config) };
  if (targetLoss !== undefined) settings.targetLoss = targetLoss;
  if (config.optimizer !== 'momentum') delete settings.momentum;
  if (config.optimizer !== 'adam' && config.optimizer !== ('adamw' as string))
    for (const k of ['beta1', 'beta2', 'eps']) delete settings[k];
  // Settings beyond the core ones are written when they do something (as the trained document writes them).
  const core = new Set([
    'optimizer',
    'lr',
    'batchSize',
    'epochs',
    'seed',
    'dataSeed',
    'initSeed',
    'shuffle',
    'validationSplit',
  ]);
  const defaults = trainingDefaults as unknown as Record<string, unknown>;
  for (const k of Object.keys(settings))
    if (settings[k] === undefined || (!core.has(k) && k in defaults && settings[k] === defaults[k])) delete settings[k];
  return settings as TrainingSettings;
}

/** A run record for `runs` (a new id, name and colour among them). */
export function createRun(input: RunInput, runs: readonly RunRecord[] = []): RunRecord {
  const { document: doc, config } = input;
  const curves = decimateCurve(input.curves);
  const last = input.curves.at(-1);
  const final = last
    ? Object.fromEntries(
        (['loss', 'accuracy', 'valLoss', 'valAccuracy'] as const)
          .filter((k) => last[k] !== undefined)
          .map((k) => [k, last[k]]),
      )
    : undefined;
  return {
    id: nextRunId(runs),
    name: nextRunName(runs),
    color: nextRunColor(runs),
    ...(input.created ? { created: input.created } : {}),
    ...(input.continues ? { continues: input.continues } : {}),
    fingerprint: graphFingerprint(doc),
    settings: runSettings(config),
    data: {
      ...((input.data?.source ?? doc.data?.source) ? { source: input.data?.source ?? doc.data?.source } : {}),
      dataSeed: dataSeedOf(config),
      ...(input.data?.trainRows !== undefined ? { trainRows: input.data.trainRows } : {}),
      ...(input.data?.validationRows !== undefined ? { validationRows: input.data.validationRows } : {}),
      ...(doc.data?.standardize ? { standardize: true } : {}),
      ...(doc.data?.normalization ? { normalization: doc.data.normalization } : {}),
    },
    epochs: last?.epoch ?? 0,
    ...(final ? { final: final as RunRecord['final'] } : {}),
    blocks: runBlocks(doc),
    edges: doc.edges.map((e) => ({ source: e.source, target: e.target, targetHandle: e.targetHandle })),
    curves,
    ...(input.weights ? { weights: input.weights } : {}),
  };
}

function weightValues(run: RunRecord): number {
  let n = 0;
  for (const tensors of Object.values(run.weights ?? {})) for (const t of Object.values(tensors)) n += t.data.length;
  return n;
}

/**
 * `runs` with `run` added (or put in place of the run with its id), bounded: the last MAX_RUNS,
 * and weights of the oldest runs dropped while all runs store more than MAX_RUN_WEIGHT_VALUES.
 */
export function withRun(runs: readonly RunRecord[], run: RunRecord): RunRecord[] {
  const at = runs.findIndex((r) => r.id === run.id);
  const next = at >= 0 ? runs.map((r, i) => (i === at ? run : r)) : [...runs, run];
  return boundRuns(next);
}

/** The last MAX_RUNS runs, the weights within MAX_RUN_WEIGHT_VALUES (the newest runs keep theirs). */
export function boundRuns(runs: readonly RunRecord[]): RunRecord[] {
  const kept = runs.slice(-MAX_RUNS);
  let total = kept.reduce((n, r) => n + weightValues(r), 0);
  return kept.map((r) => {
    if (total <= MAX_RUN_WEIGHT_VALUES || !r.weights) return r;
    total -= weightValues(r);
    const { weights: _w, ...rest } = r;
    return rest;
  });
}

const optimizerTitles: Record<string, string> = { sgd: 'SGD', momentum: 'Momentum', adam: 'Adam', adamw: 'AdamW' };

/** An optimizer by name: SGD, Adam and AdamW are names in every language; momentum is told. */
function optimizerTitle(name: unknown): PhraseValue {
  if (name === 'momentum') return phrase('runHistory.optimizers.momentum');
  return optimizerTitles[String(name)] ?? String(name);
}

/** How a setting is named in a diff, in the order they are listed: a phrase, or a symbol every language writes so. */
const settingNames: [string, PhraseValue][] = [
  ['optimizer', phrase('runHistory.settings.optimizer')],
  ['lr', 'lr'],
  ['batchSize', phrase('runHistory.settings.batch')],
  ['epochs', phrase('runHistory.settings.epochs')],
  ['momentum', phrase('runHistory.settings.momentum')],
  ['beta1', 'β₁'],
  ['beta2', 'β₂'],
  ['eps', 'ε'],
  ['shuffle', phrase('runHistory.settings.shuffle')],
  ['validationSplit', phrase('runHistory.settings.validationSplit')],
  ['targetLoss', phrase('runHistory.settings.targetLoss')],
  ['weightDecay', phrase('runHistory.settings.weightDecay')],
  ['l1', 'L1'],
  ['lrSchedule', phrase('runHistory.settings.lrSchedule')],
  ['stepSize', phrase('runHistory.settings.stepSize')],
  ['gamma', 'γ'],
  ['tMax', 'T max'],
  ['etaMin', 'η min'],
  ['patience', phrase('runHistory.settings.patience')],
  ['minDelta', phrase('runHistory.settings.minDelta')],
  ['restoreBest', phrase('runHistory.settings.restoreBest')],
  ['initSeed', phrase('runHistory.settings.initSeed')],
  ['dataSeed', phrase('runHistory.settings.dataSeed')],
];

/** A setting's or a parameter's value as a diff shows it (numbers short, words of the app told). */
function show(value: unknown): PhraseValue {
  if (value === undefined) return '—';
  if (typeof value === 'number') return Number(value.toPrecision(6));
  if (value === 'full') return phrase('runHistory.values.full');
  if (value === true) return phrase('runHistory.values.on');
  if (value === false) return phrase('runHistory.values.off');
  if (value === 'constant') return phrase('runHistory.values.constant');
  if (value === 'step') return phrase('runHistory.values.step');
  if (value === 'cosine') return phrase('runHistory.values.cosine');
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** As the English text writes it (the CLI's table and its --json), whatever the UI's language. */
function showText(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'number') return String(Number(value.toPrecision(6)));
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** A block type's title: its catalogue message (told in the user's language), or the type when no block has it. */
function blockTitle(type: string): string | Phrase {
  const def = findBlock(type);
  return def ? phrase(def.messages.title) : type;
}
const blockName = (b: RunBlock) => b.label ?? b.id;
const isLoss = (type: string) => findBlock(type)?.loss !== undefined;

/**
 * What changed from run `before` to run `after`, one phrase each: settings ("optimizer: SGD →
 * Adam", "lr 0.1 → 1"), the graph ("loss: MSE → MAE", "h: 2 → 8 units", blocks added or
 * removed), the data ("data: builtin:xor → builtin:circle"). Empty when they trained the same.
 * Block ids, parameter keys and data sources are values (names, as they are in every language).
 */
export function runDiff(before: RunRecord, after: RunRecord): Phrase[] {
  const out: Phrase[] = [];
  const a = resolveTraining(before.settings) as unknown as Record<string, unknown>;
  const b = resolveTraining(after.settings) as unknown as Record<string, unknown>;
  a.initSeed = initSeedOf(a as unknown as TrainingConfig);
  b.initSeed = initSeedOf(b as unknown as TrainingConfig);
  a.dataSeed = before.data.dataSeed;
  b.dataSeed = after.data.dataSeed;
  const optimizerOnly: Record<string, string[]> = { momentum: ['momentum'], beta1: ['adam', 'adamw'] };
  optimizerOnly.beta2 = optimizerOnly.beta1;
  optimizerOnly.eps = optimizerOnly.beta1;
  const named = new Set(['seed', ...settingNames.map(([k]) => k)]);
  const keys = [
    ...settingNames.map(([k]) => k),
    ...[...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !named.has(k)),
  ];
  for (const key of keys) {
    const x = a[key];
    const y = b[key];
    if (canonical(x) === canonical(y)) continue;
    // An optimizer's own constants count only when both runs use it.
    const only = optimizerOnly[key];
    if (only && !(only.includes(String(a.optimizer)) && only.includes(String(b.optimizer)))) continue;
    const name = settingNames.find(([k]) => k === key)?.[1] ?? key;
    if (key === 'optimizer')
      out.push(phrase('runHistory.diff.optimizer', { from: optimizerTitle(x), to: optimizerTitle(y) }));
    else out.push(phrase('runHistory.diff.setting', { name, from: show(x), to: show(y) }));
  }
  const settingLines = out.length;
  const beforeBlocks = new Map(before.blocks.map((x) => [x.id, x]));
  const afterBlocks = new Map(after.blocks.map((x) => [x.id, x]));
  for (const [id, x] of beforeBlocks) {
    const y = afterBlocks.get(id);
    if (!y) {
      out.push(phrase('runHistory.diff.removed', { block: blockName(x), title: blockTitle(x.type) }));
      continue;
    }
    if (x.type !== y.type) {
      // The new block's own settings, when it has some: "loss: MAE → Asymmetric squared error (a 1, b 10)".
      const settings = Object.entries(y.params ?? {}).filter(([k]) => !['in', 'out', 'size', 'columns'].includes(k));
      const values = {
        from: blockTitle(x.type),
        to: blockTitle(y.type),
        settings: settings.length
          ? phrase('runHistory.diff.settings', { list: settings.map(([k, v]) => `${k} ${showText(v)}`).join(', ') })
          : '',
      };
      out.push(
        isLoss(x.type) && isLoss(y.type)
          ? phrase('runHistory.diff.loss', values)
          : phrase('runHistory.diff.type', { block: blockName(y), ...values }),
      );
      continue;
    }
    const px = (x.params ?? {}) as Record<string, unknown>;
    const py = (y.params ?? {}) as Record<string, unknown>;
    for (const key of [...new Set([...Object.keys(px), ...Object.keys(py)])]) {
      if (canonical(px[key]) === canonical(py[key])) continue;
      if (y.type === 'linear' && key === 'out' && typeof py[key] === 'number')
        out.push(
          phrase('runHistory.diff.units', { block: blockName(y), from: show(px[key]), count: py[key] as number }),
        );
      else if (y.type === 'linear' && key === 'in') continue;
      else
        out.push(
          phrase('runHistory.diff.param', { block: blockName(y), param: key, from: show(px[key]), to: show(py[key]) }),
        );
    }
  }
  for (const [id, y] of afterBlocks)
    if (!beforeBlocks.has(id))
      out.push(phrase('runHistory.diff.added', { block: blockName(y), title: blockTitle(y.type) }));
  if (before.fingerprint !== after.fingerprint && out.length === settingLines)
    out.push(phrase('runHistory.diff.wiring'));
  if ((before.data.source ?? '') !== (after.data.source ?? ''))
    out.push(phrase('runHistory.diff.data', { from: before.data.source ?? '—', to: after.data.source ?? '—' }));
  if (!!before.data.standardize !== !!after.data.standardize)
    out.push(phrase(after.data.standardize ? 'runHistory.diff.standardized' : 'runHistory.diff.notStandardized'));
  return out;
}

/** A run's settings in brief: "Adam, lr 0.01, batch 32, 200 epochs" ("full batch" for all rows at once). */
export function runSummary(run: RunRecord): Phrase {
  const s = resolveTraining(run.settings);
  return phrase('runHistory.summary', {
    optimizer: optimizerTitle(s.optimizer),
    lr: show(s.lr),
    batch: s.batchSize === 'full' ? phrase('runHistory.fullBatch') : phrase('runHistory.batch', { size: s.batchSize }),
    count: run.epochs,
  });
}

/** The title of a run's loss block(s), in English: "Binary cross-entropy" (the CLI's table and --json). */
export function runLossName(run: RunRecord): string {
  return run.blocks
    .filter((b) => isLoss(b.type))
    .map((b) => findBlock(b.type)?.title ?? b.type)
    .join(', ');
}

/** The titles of a run's loss block(s), to be told in the user's language. */
export function runLossTitles(run: RunRecord): (string | Phrase)[] {
  return run.blocks.filter((b) => isLoss(b.type)).map((b) => blockTitle(b.type));
}

/**
 * A run's name as a UI shows it: a default name ("Run 3", as documents keep it) told in the
 * user's language, a name the user gave as it is.
 */
export function runTitle(name: string): Phrase {
  const m = DEFAULT_RUN_NAME.exec(name);
  return m ? phrase('runHistory.name', { number: Number(m[1]) }) : phrase('runHistory.named', { name });
}

/**
 * The run's network as a document of its own (its blocks, wires and final weights, the data
 * description with its normalisation), for the runtime to run: null when the run kept no
 * weights or no wires. `features` names the input columns when the blocks do not.
 */
export function runDocument(run: RunRecord, features?: readonly string[]): GraphDocument | null {
  if (!run.weights || !run.edges) return null;
  return {
    format: FORMAT,
    version: CURRENT_VERSION,
    name: run.name,
    nodes: run.blocks.map((b) => ({ ...b, ...(run.weights![b.id] ? { weights: run.weights![b.id] } : {}) })),
    edges: run.edges,
    data: {
      ...(run.data.source ? { source: run.data.source } : {}),
      ...(features ? { features: [...features] } : {}),
      ...(run.data.normalization ? { standardize: true, normalization: run.data.normalization } : {}),
    },
  };
}

/** ‖∂L/∂θ‖: the norm of the gradient of every parameter of `executor` (its last backward pass). */
export function gradientNorm(executor: { parameters: readonly { grad: ArrayLike<number> }[] }): number {
  let s = 0;
  for (const p of executor.parameters) for (let i = 0; i < p.grad.length; i++) s += p.grad[i] * p.grad[i];
  return Math.sqrt(s);
}

/**
 * The newest run whose final weights are exactly the document's weights (every node that has
 * weights in either): the run a document's trained state came from. Undefined when none is.
 */
export function runWithWeights(
  runs: readonly RunRecord[],
  doc: Pick<GraphDocument, 'nodes' | 'edges'>,
): RunRecord | undefined {
  const fingerprint = graphFingerprint(doc);
  const stored = doc.nodes.filter((n) => n.weights && Object.keys(n.weights).length > 0);
  if (stored.length === 0) return undefined;
  const same = (a: WeightTensor, b: WeightTensor) =>
    a.shape.length === b.shape.length &&
    a.shape.every((d, i) => d === b.shape[i]) &&
    a.data.length === b.data.length &&
    a.data.every((v, i) => v === b.data[i]);
  for (let i = runs.length - 1; i >= 0; i--) {
    const run = runs[i];
    if (!run.weights || run.fingerprint !== fingerprint) continue;
    const ids = new Set([...stored.map((n) => n.id), ...Object.keys(run.weights)]);
    const matches = [...ids].every((id) => {
      const mine = doc.nodes.find((n) => n.id === id)?.weights ?? {};
      const theirs = run.weights![id] ?? {};
      const names = new Set([...Object.keys(mine), ...Object.keys(theirs)]);
      return [...names].every((name) => mine[name] && theirs[name] && same(mine[name], theirs[name]));
    });
    if (matches) return run;
  }
  return undefined;
}
