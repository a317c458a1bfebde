/**
 * The graph document (`.bps.json`): its zod schema (the one source of its TypeScript types),
 * parsing with located errors, versioned migrations, and serialisation.
 *
 * Load = parse JSON → read `version` → migrate to the current version → validate the structure
 * (here) → validate the graph (graph.ts). A document written by any earlier version opens; a
 * newer one is refused with a message, never guessed at.
 */
import { z } from 'zod';
import { constructionSchema } from './construction.js';
import type { Diagnostic } from './diagnostics.js';
import { decodeFloat32Base64, encodeFloat32Base64, float32Text, isFloat32 } from './encoding.js';
import { formatCount, MAX_BLOCKS, MAX_DOCUMENT_BYTES, MAX_EDGES, MAX_JSON_DEPTH } from './limits.js';

export const FORMAT = 'backprop-studio.graph';
export const CURRENT_VERSION = 1;
export const FILE_EXTENSION = '.bps.json';

/**
 * A finite number. The error function sees every issue of the schema, range checks included,
 * so it speaks only for values that are not finite and leaves the rest to zod's messages.
 */
const finite = z.number({
  error: (i) =>
    typeof i.input === 'number' && !Number.isFinite(i.input) ? `must be a finite number, got ${i.input}` : undefined,
});

/** The `encoding` of a weight tensor whose `data` is base64 of its little-endian float32 values. */
export const FLOAT32_BASE64 = 'float32-base64';

const shapeSchema = z.array(z.number().int().min(0));

/** A weight tensor with its values as numbers (the two forms are exported apart for the JSON Schema). */
export const decimalTensorSchema = z.object({
  shape: shapeSchema,
  data: z.array(finite).describe('The values in row-major order.'),
});

/** A weight tensor with its values as base64 text, before decoding. */
export const base64TensorSchema = z.object({
  shape: shapeSchema,
  encoding: z.literal(FLOAT32_BASE64),
  data: z.string().describe('Base64 of the values as little-endian float32, in row-major order.'),
});

const decodedBase64TensorSchema = base64TensorSchema.transform((tensor, ctx) => {
  const decoded = decodeFloat32Base64(tensor.data);
  if (!decoded.ok) {
    ctx.addIssue({ code: 'custom', path: ['data'], message: `is not float32 base64: ${decoded.message}` });
    return z.NEVER;
  }
  const values = decoded.values;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      ctx.addIssue({
        code: 'custom',
        path: ['data'],
        message: `must be finite numbers, but value ${i} is ${values[i]}`,
      });
      return z.NEVER;
    }
  }
  return { shape: tensor.shape, data: Array.from(values) };
});

/**
 * A weight tensor: its shape and its values, as a list of numbers or (with `encoding`
 * "float32-base64") as base64 text. Loading decodes the second form, so a loaded document's
 * tensors always hold `data` as numbers.
 */
export const weightTensorSchema = z.discriminatedUnion('encoding', [
  decimalTensorSchema.extend({ encoding: z.undefined().optional() }),
  decodedBase64TensorSchema,
]);

export const positionSchema = z.object({ x: finite, y: finite });

export const nodeSchema = z.looseObject({
  id: z.string().min(1, 'a node id must not be empty'),
  type: z.string().min(1),
  params: z.record(z.string(), z.unknown()).optional(),
  position: positionSchema.optional(),
  weights: z.record(z.string(), weightTensorSchema).optional(),
  /** Optional user label shown on the canvas instead of the type's title. */
  label: z.string().optional(),
  /** False: the optimizer never changes this node's weights; gradients still flow through it. */
  trainable: z.boolean().optional(),
});

export const edgeSchema = z.looseObject({
  id: z.string().optional(),
  source: z.string().min(1),
  target: z.string().min(1),
  sourceHandle: z.literal('out').nullish(),
  targetHandle: z.string().min(1),
});

export const optimizerNames = ['sgd', 'momentum', 'adam', 'adamw'] as const;
export type OptimizerName = (typeof optimizerNames)[number];
/** How the learning rate changes from epoch to epoch (torch.optim.lr_scheduler: none, StepLR, CosineAnnealingLR). */
export const lrScheduleNames = ['constant', 'step', 'cosine'] as const;
export type LrScheduleName = (typeof lrScheduleNames)[number];

export const trainingSchema = z.looseObject({
  optimizer: z.enum(optimizerNames).optional(),
  lr: finite.positive().optional(),
  batchSize: z.union([z.number().int().min(1), z.literal('full')]).optional(),
  epochs: z.number().int().min(0).optional(),
  /** Seed of both the initial weights and the data's split and shuffling (each unless set apart below). */
  seed: z.number().int().optional(),
  /** Seed of the validation split and the shuffling order; default: `seed`. */
  dataSeed: z.number().int().optional(),
  /** Seed of the initial weights; default: `seed`. Two runs with one data seed and two init seeds validate on the same rows. */
  initSeed: z.number().int().optional(),
  momentum: finite.min(0).lt(1).optional(),
  beta1: finite.min(0).lt(1).optional(),
  beta2: finite.min(0).lt(1).optional(),
  eps: finite.positive().optional(),
  shuffle: z.boolean().optional(),
  /** Fraction of the rows held out for validation (0 = none). */
  validationSplit: finite.min(0).lt(1).optional(),
  /** Stop once the training loss is at or below this. */
  targetLoss: finite.min(0).optional(),
  /**
   * L2 weight decay λ of the weight matrices (not biases), as PyTorch's `weight_decay`: the
   * gradient gains λ·w (sgd, momentum, adam); adamw decays the weights directly, w ← w − η·λ·w.
   */
  weightDecay: finite.min(0).optional(),
  /** L1 penalty λ₁·Σ|w| of the weight matrices (not biases), added to the loss; its gradient is λ₁·sign(w). */
  l1: finite.min(0).optional(),
  /** The learning rate per epoch: constant, step (×gamma every stepSize epochs) or cosine (to etaMin over tMax epochs). */
  lrSchedule: z.enum(lrScheduleNames).optional(),
  /** Step schedule: epochs between two multiplications by gamma. */
  stepSize: z.number().int().min(1).optional(),
  /** Step schedule: the factor the learning rate is multiplied by every stepSize epochs. */
  gamma: finite.positive().max(1).optional(),
  /** Cosine schedule: the epochs over which the learning rate falls to etaMin (default: epochs). */
  tMax: z.number().int().min(1).optional(),
  /** Cosine schedule: the smallest learning rate. */
  etaMin: finite.min(0).optional(),
  /** Early stopping: stop after this many epochs without a better validation loss (needs a validation split). */
  patience: z.number().int().min(1).optional(),
  /** Early stopping: how much lower than the best so far a validation loss must be to count as better. */
  minDelta: finite.min(0).optional(),
  /** Early stopping: go back to the weights of the best validation loss when stopping (default true). */
  restoreBest: z.boolean().optional(),
});

export const normalizationSchema = z.object({
  columns: z.array(z.string()),
  mean: z.array(finite),
  std: z.array(finite.positive()),
});

/**
 * How the CSV was read, as the user chose (see CsvOptions in csv.ts): rows with missing values
 * dropped or filled, columns read as numbers or as classes against what their cells suggest.
 * Recorded so that the file reads the same way again, in the app and in the CLI.
 */
export const csvReadingSchema = z.object({
  missing: z.enum(['drop', 'mean']).optional(),
  numberColumns: z.array(z.string()).optional(),
  classColumns: z.array(z.string()).optional(),
});

export const dataInfoSchema = z.looseObject({
  source: z.string().optional(),
  features: z.array(z.string()).optional(),
  targets: z.array(z.string()).optional(),
  /** Names of the classes, in index order, when text labels were mapped to indices. */
  classes: z.array(z.string()).optional(),
  standardize: z.boolean().optional(),
  normalization: normalizationSchema.optional(),
  csv: csvReadingSchema.optional(),
});

export const epochMetricsSchema = z.looseObject({
  epoch: z.number().int().min(0),
  loss: finite,
  accuracy: finite.optional(),
  valLoss: finite.optional(),
  valAccuracy: finite.optional(),
  /** The regularisation penalty (L2 (λ/2)·Σw² + L1 λ₁·Σ|w|) beside the data loss `loss`, when there is one. */
  penalty: finite.optional(),
  /** The learning rate of this epoch, when a schedule changes it. */
  lr: finite.optional(),
});

export const metricsSchema = z.looseObject({ history: z.array(epochMetricsSchema) });

/** One point of a run's curves: an epoch's metrics and the gradient norm ‖∂L/∂θ‖ over all layers. */
export const runPointSchema = epochMetricsSchema.extend({ gradNorm: finite.min(0).optional() });

/** A block as a run saw it (no weights, no position): what the diff between two runs compares. */
export const runBlockSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().min(1),
  params: z.record(z.string(), z.unknown()).optional(),
  label: z.string().optional(),
});

/** The data a run trained on. */
export const runDataSchema = z.looseObject({
  /** The data set as `data.source` names it (`builtin:circle?seed=3`, a CSV's file name). */
  source: z.string().optional(),
  /** The seed of the validation split and the shuffling. */
  dataSeed: z.number().int(),
  trainRows: z.number().int().min(0).optional(),
  validationRows: z.number().int().min(0).optional(),
  standardize: z.boolean().optional(),
  normalization: normalizationSchema.optional(),
});

/**
 * One Train run kept in the document's `runs` (see runs.ts): its settings, the graph it trained
 * (fingerprint and blocks), the data, decimated curves and the final weights.
 */
export const runSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  /** The run's colour in the charts, `#rrggbb`. */
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour written #rrggbb'),
  /** False: the run is not drawn in the charts. Default true. */
  visible: z.boolean().optional(),
  /** When the run was recorded (ISO 8601). */
  created: z.string().optional(),
  /** A stable hash of the graph's structure and block parameters (see graphFingerprint). */
  fingerprint: z.string(),
  blocks: z.array(runBlockSchema),
  /** The graph's wires as trained (with `blocks` and `weights`, the run's network can be run again). */
  edges: z
    .array(z.looseObject({ source: z.string().min(1), target: z.string().min(1), targetHandle: z.string().min(1) }))
    .optional(),
  settings: trainingSchema,
  data: runDataSchema,
  /** Epochs trained. */
  epochs: z.number().int().min(0),
  /** The loss (and accuracy) of the final weights, as the run's last epoch reported them. */
  final: z
    .looseObject({
      loss: finite,
      accuracy: finite.optional(),
      valLoss: finite.optional(),
      valAccuracy: finite.optional(),
    })
    .optional(),
  curves: z.array(runPointSchema),
  /** The final weights by node id; absent when they were too large to keep (see MAX_RUN_WEIGHT_VALUES). */
  weights: z.record(z.string(), z.record(z.string(), weightTensorSchema)).optional(),
  /** The id of the run whose final weights this one started from, when it went on from them. */
  continues: z.string().optional(),
});

export const documentSchema = z.looseObject({
  format: z.literal(FORMAT),
  version: z.literal(CURRENT_VERSION),
  name: z.string(),
  description: z.string().optional(),
  nodes: z.array(nodeSchema),
  edges: z.array(edgeSchema),
  training: trainingSchema.optional(),
  data: dataInfoSchema.optional(),
  metrics: metricsSchema.optional(),
  /** The kept Train runs, oldest first (at most MAX_RUNS). */
  runs: z.array(runSchema).optional(),
  /** The graph is universal approximation by construction (construction.ts): the app rebuilds it from these values. */
  construction: constructionSchema.optional(),
});

export type WeightTensor = { shape: number[]; data: number[] };
export type GraphNode = z.infer<typeof nodeSchema>;
export type GraphEdge = z.infer<typeof edgeSchema>;
export type TrainingSettings = z.infer<typeof trainingSchema>;
export type DataInfo = z.infer<typeof dataInfoSchema>;
export type Normalization = z.infer<typeof normalizationSchema>;
export type CsvReading = z.infer<typeof csvReadingSchema>;
export type EpochMetrics = z.infer<typeof epochMetricsSchema>;
export type GraphDocument = z.infer<typeof documentSchema>;
export type RunRecord = z.infer<typeof runSchema>;
export type RunPoint = z.infer<typeof runPointSchema>;
export type RunBlock = z.infer<typeof runBlockSchema>;

/**
 * Migrations, by the version they upgrade from: `migrations[1]` turns a version-1 document into
 * a version-2 one. Each works on plain JSON, before validation.
 */
const migrations: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {};

export type LoadResult =
  | { ok: true; document: GraphDocument; migratedFrom?: number }
  | { ok: false; diagnostics: Diagnostic[] };

/** A path such as `nodes[3].params.out` from zod's path segments. */
export function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const key of path) {
    if (typeof key === 'number') s += `[${key}]`;
    else s += s ? `.${String(key)}` : String(key);
  }
  return s || '(document)';
}

function describeNode(value: Record<string, unknown>, path: readonly PropertyKey[]): string {
  if (path[0] === 'nodes' && typeof path[1] === 'number') {
    const node = (value.nodes as unknown[] | undefined)?.[path[1]] as { id?: unknown } | undefined;
    if (node && typeof node.id === 'string') return ` (node '${node.id}')`;
  }
  if (path[0] === 'edges' && typeof path[1] === 'number') {
    const edge = (value.edges as unknown[] | undefined)?.[path[1]] as
      | { source?: unknown; target?: unknown }
      | undefined;
    if (edge && typeof edge.source === 'string' && typeof edge.target === 'string')
      return ` (edge ${edge.source}→${edge.target})`;
  }
  return '';
}

/** The node or edge an issue's path is in, for its message's catalogue key and values. */
function issuePlace(
  value: Record<string, unknown>,
  path: readonly PropertyKey[],
): { suffix: string; values: Record<string, string> } {
  const text = describeNode(value, path);
  const node = text.match(/^ \(node '(.*)'\)$/s);
  if (node) return { suffix: 'AtNode', values: { id: node[1] } };
  const edge = text.match(/^ \(edge (.*)\)$/s);
  if (edge) return { suffix: 'AtEdge', values: { edge: edge[1] } };
  return { suffix: '', values: {} };
}

/**
 * A schema issue's message as its catalogue key (under `diagnostics.document.schema.`) and the
 * values it names: the schema's own messages, and zod's (English) forms.
 */
const ISSUES: [RegExp, string, string[]][] = [
  [/^must be a finite number, got (.*)$/s, 'notFinite', ['got']],
  [/^must be finite numbers, but value (\d+) is (.*)$/s, 'notFiniteValue', ['index', 'got']],
  [/^is not float32 base64: (.*)$/s, 'base64', ['error']],
  [/^a node id must not be empty$/, 'emptyId', []],
  [/^must be a colour written #rrggbb$/, 'colour', []],
  [/^the interval must be two finite numbers \[lo, hi\] with lo < hi$/, 'interval', []],
  [/^Invalid input: expected (\S+), received (\S+)$/, 'invalidType', ['expected', 'received']],
  [/^Invalid input: expected (.+)$/s, 'invalidLiteral', ['value']],
  [/^Invalid option: expected one of (.+)$/s, 'invalidOption', ['values']],
  [/^Too small: expected (\S+) to be (>=|>)(\S+)$/, 'tooSmall', ['origin', 'relation', 'bound']],
  [
    /^Too small: expected (\S+) to have (>=|>|exactly )(\S+) (.+)$/,
    'tooSmallLength',
    ['origin', 'relation', 'bound', 'unit'],
  ],
  [/^Too big: expected (\S+) to be (<=|<)(\S+)$/, 'tooBig', ['origin', 'relation', 'bound']],
];

/**
 * A schema issue as a diagnostic: its message and the node or edge it is in; its key and values
 * say it in another language (zod's English message, or ours, is its English text).
 */
function schemaDiagnostic(issue: z.core.$ZodIssue, doc: Record<string, unknown>): Diagnostic {
  const place = issuePlace(doc, issue.path);
  const known = ISSUES.find(([re]) => re.test(issue.message));
  const values: Record<string, string | number> = { ...place.values };
  if (known) {
    const m = issue.message.match(known[0])!;
    known[2].forEach((name, i) => {
      values[name] = m[i + 1];
    });
  } else values.issue = issue.message;
  return {
    code: issue.message.includes('finite') ? 'non-finite' : 'schema',
    severity: 'error',
    where: formatPath(issue.path),
    message: issue.message + describeNode(doc, issue.path),
    key: `document.schema.${known?.[1] ?? 'other'}${place.suffix}`,
    values,
  };
}

/**
 * The first place in a parsed JSON value that no document may have: an array or object nested
 * deeper than `limit` levels (the document itself is level 1), or a key "__proto__" (which
 * JavaScript objects cannot hold as data: it would be dropped, or replace the prototype). Walks
 * with its own stack, so any depth is measured without recursion.
 */
export function findStructureProblem(
  value: unknown,
  limit = MAX_JSON_DEPTH,
): { problem: 'depth' | 'proto'; path: PropertyKey[] } | null {
  interface Entry {
    value: object;
    depth: number;
    key: PropertyKey;
    parent: Entry | null;
  }
  const pathOf = (entry: Entry): PropertyKey[] => {
    const path: PropertyKey[] = [];
    for (let e: Entry | null = entry; e?.parent; e = e.parent) path.push(e.key);
    return path.reverse();
  };
  if (typeof value !== 'object' || value === null) return null;
  const stack: Entry[] = [{ value, depth: 1, key: '', parent: null }];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    if (entry.depth > limit) return { problem: 'depth', path: pathOf(entry) };
    const container = entry.value;
    if (Array.isArray(container)) {
      for (let i = container.length - 1; i >= 0; i--) {
        const child = container[i];
        if (typeof child === 'object' && child !== null)
          stack.push({ value: child, depth: entry.depth + 1, key: i, parent: entry });
      }
    } else {
      if (Object.hasOwn(container, '__proto__')) return { problem: 'proto', path: pathOf(entry) };
      const keys = Object.keys(container);
      for (let i = keys.length - 1; i >= 0; i--) {
        const child = (container as Record<string, unknown>)[keys[i]];
        if (typeof child === 'object' && child !== null)
          stack.push({ value: child, depth: entry.depth + 1, key: keys[i], parent: entry });
      }
    }
  }
  return null;
}

/** A value quoted for a message, cut short when long. */
function brief(value: unknown, max = 60): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** A path for a message: its first segments, then how many more there are. */
function shortPath(path: readonly PropertyKey[], shown = 6): string {
  if (path.length <= shown) return formatPath(path);
  return `${formatPath(path.slice(0, shown))}… (${path.length - shown} levels more)`;
}

/** Validates and migrates a parsed JSON value. Never throws. */
export function loadDocument(value: unknown): LoadResult {
  const fail = (
    code: Diagnostic['code'],
    where: string,
    message: string,
    key: string,
    values?: Record<string, string | number>,
  ): LoadResult => ({
    ok: false,
    diagnostics: [{ code, severity: 'error', where, message, key, ...(values ? { values } : {}) }],
  });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    if (Array.isArray(value))
      return fail('format', '(document)', 'expected a JSON object, got an array', 'document.notObject.array');
    if (value === null)
      return fail('format', '(document)', 'expected a JSON object, got null', 'document.notObject.null');
    return fail('format', '(document)', `expected a JSON object, got ${typeof value}`, 'document.notObject.other', {
      type: typeof value,
    });
  }
  // First, before anything walks the value recursively (zod, messages quoting a field).
  const structure = findStructureProblem(value);
  if (structure?.problem === 'depth') {
    return fail(
      'limit',
      shortPath(structure.path),
      `the document nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep; a graph document needs about 6`,
      'document.depth',
      { max: MAX_JSON_DEPTH, usual: 6 },
    );
  }
  if (structure?.problem === 'proto') {
    return fail(
      'schema',
      shortPath(structure.path),
      'the key "__proto__" is not allowed in a document',
      'document.proto',
    );
  }
  let doc = value as Record<string, unknown>;
  if (doc.format !== FORMAT) {
    const must = `not a Backprop Studio graph: "format" must be "${FORMAT}"`;
    if (doc.format === undefined) return fail('format', 'format', must, 'document.format.missing', { format: FORMAT });
    return fail('format', 'format', `${must}, got ${brief(doc.format)}`, 'document.format.wrong', {
      format: FORMAT,
      got: brief(doc.format),
    });
  }
  const version = doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return fail(
      'version',
      'version',
      `"version" must be a whole number ≥ 1, got ${brief(version)}`,
      'document.version',
      {
        got: brief(version),
      },
    );
  }
  if (version > CURRENT_VERSION) {
    return fail(
      'version',
      'version',
      `this document is format version ${version}, newer than this app understands (${CURRENT_VERSION}); update Backprop Studio to open it`,
      'document.newer',
      { version, current: CURRENT_VERSION },
    );
  }
  for (let v = version; v < CURRENT_VERSION; v++) doc = migrations[v](doc);
  // Counts before validation, so that no step below works on more than the limits allow.
  for (const [field, limit, what] of [
    ['nodes', MAX_BLOCKS, 'blocks'],
    ['edges', MAX_EDGES, 'edges'],
  ] as const) {
    const list = doc[field];
    if (Array.isArray(list) && list.length > limit) {
      return fail(
        'limit',
        field,
        `the graph has ${formatCount(list.length)} ${what}; at most ${formatCount(limit)} are allowed`,
        `document.${what}`,
        { count: list.length, max: limit },
      );
    }
  }
  const parsed = documentSchema.safeParse(doc);
  if (!parsed.success) {
    return {
      ok: false,
      diagnostics: parsed.error.issues.map((issue) => schemaDiagnostic(issue, doc)),
    };
  }
  return {
    ok: true,
    document: parsed.data as GraphDocument,
    ...(version < CURRENT_VERSION ? { migratedFrom: version } : {}),
  };
}

/** Parses the text of a `.bps.json` file. A JSON syntax error names its line and column. Never throws. */
export function parseDocument(text: string): LoadResult {
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    const at = locateJsonError(text);
    return {
      ok: false,
      diagnostics: [
        {
          code: 'json',
          severity: 'error',
          where: at ? `line ${at.line}, column ${at.column}` : '(document)',
          message: `not valid JSON: ${at?.message ?? (e as Error).message}`,
          ...(at
            ? { key: `json.${at.key}`, ...(at.values ? { values: at.values } : {}) }
            : { key: 'json.other', values: { error: (e as Error).message } }),
        },
      ],
    };
  }
  return loadDocument(value);
}

/** Stored weights up to this many values in all are written as decimal numbers (readable); more as base64. */
export const DECIMAL_WEIGHTS_UP_TO = 65_536;

export interface SerializeOptions {
  /**
   * How weight values are written. `auto` (the default): decimal while the document stores at
   * most DECIMAL_WEIGHTS_UP_TO values, else base64 float32. Values that are not exactly float32
   * (typed by hand, or trained in float64) are always decimal, at full double precision.
   */
  weights?: 'auto' | 'decimal' | 'base64';
}

/** UTF-8 length of `text`, without encoding it. */
function utf8Length(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x800 && (c < 0xd800 || c > 0xdfff)) n += 2;
    else if (c >= 0x80 && (c < 0xd800 || c > 0xdfff)) n += 1;
    // A surrogate pair is 2 UTF-16 units and 4 UTF-8 bytes: counted 2 + 2 by the pair.
    else if (c >= 0xd800 && c <= 0xdfff) n += 1;
  }
  return n;
}

/** JSON text of `value`, its lines indented by `indent` (or on one line when `pretty` is off). */
function jsonText(value: unknown, indent: string, pretty: boolean): string {
  const text = pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value);
  return pretty && text.includes('\n') ? text.replace(/\n/g, `\n${indent}`) : text;
}

function objectText(entries: readonly (readonly [string, string])[], indent: string, pretty: boolean): string {
  if (entries.length === 0) return '{}';
  if (!pretty) return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
  const inner = `${indent}  `;
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${v}`).join(',\n')}\n${indent}}`;
}

function arrayText(items: readonly string[], indent: string, pretty: boolean): string {
  if (items.length === 0) return '[]';
  if (!pretty) return `[${items.join(',')}]`;
  const inner = `${indent}  `;
  return `[\n${items.map((item) => inner + item).join(',\n')}\n${indent}]`;
}

/** A small object on one line: `{ "epoch": 1, "loss": 0.5 }`. */
function inlineObject(value: object, pretty: boolean): string {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (!pretty) return JSON.stringify(Object.fromEntries(entries));
  return entries.length
    ? `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')} }`
    : '{}';
}

/** Own enumerable entries of `value` with the named keys first, in this order, then the others. */
function orderedEntries(value: object, keys: readonly string[]): [string, unknown][] {
  const source = value as Record<string, unknown>;
  const own = Object.keys(source);
  const order = [...keys.filter((k) => Object.hasOwn(source, k)), ...own.filter((k) => !keys.includes(k))];
  return order.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]);
}

/** `value` with the fields `schema` names first, in its order (as zod's parse returns them), then the others. */
function schemaOrder(value: unknown, schema: { shape: object }): object {
  return Object.fromEntries(orderedEntries(value as object, Object.keys(schema.shape)));
}

function tensorText(tensor: WeightTensor, base64: boolean, pretty: boolean): string {
  const shape = tensor.shape.join(pretty ? ', ' : ',');
  const data = tensor.data;
  let exact = base64;
  for (let i = 0; exact && i < data.length; i++) exact = isFloat32(data[i]);
  if (exact && data.length > 0) {
    const text = JSON.stringify(encodeFloat32Base64(data));
    return pretty
      ? `{ "shape": [${shape}], "encoding": "${FLOAT32_BASE64}", "data": ${text} }`
      : `{"shape":[${shape}],"encoding":"${FLOAT32_BASE64}","data":${text}}`;
  }
  const values = new Array<string>(data.length);
  for (let i = 0; i < data.length; i++) values[i] = float32Text(data[i]);
  return pretty
    ? `{ "shape": [${shape}], "data": [${values.join(', ')}] }`
    : `{"shape":[${shape}],"data":[${values.join(',')}]}`;
}

function documentText(doc: GraphDocument, base64: boolean, pretty: boolean): string {
  const value = (v: unknown, indent: string) => jsonText(v, indent, pretty);
  const weightsText = (weights: Record<string, WeightTensor>, indent: string) =>
    objectText(
      orderedEntries(weights, []).map(([name, t]) => [name, tensorText(t as WeightTensor, base64, pretty)] as const),
      indent,
      pretty,
    );
  // A run: its fields in a fixed order, each curve point and each weight tensor on one line.
  const runText = (run: RunRecord, indent: string) =>
    objectText(
      orderedEntries(run, [
        'id',
        'name',
        'color',
        'visible',
        'created',
        'continues',
        'fingerprint',
        'settings',
        'data',
        'epochs',
        'final',
        'blocks',
        'edges',
        'curves',
        'weights',
      ]).map(([k, v]) => {
        const inner = `${indent}  `;
        // In the order loading gives their fields (the schema's), so a reloaded document saves the same text.
        if (k === 'settings') return [k, inlineObject(schemaOrder(v, trainingSchema), pretty)] as const;
        if (k === 'final') return [k, inlineObject(v as object, pretty)] as const;
        if (k === 'data') return [k, value(schemaOrder(v, runDataSchema), inner)] as const;
        if (k === 'curves' || k === 'blocks' || k === 'edges')
          return [
            k,
            arrayText(
              (v as object[]).map((p) =>
                k === 'edges'
                  ? inlineObject(p, pretty)
                  : inlineObject(schemaOrder(p, k === 'curves' ? runPointSchema : runBlockSchema), pretty),
              ),
              inner,
              pretty,
            ),
          ] as const;
        if (k === 'weights')
          return [
            k,
            objectText(
              orderedEntries(v as object, []).map(
                ([id, w]) => [id, weightsText(w as Record<string, WeightTensor>, `${inner}  `)] as const,
              ),
              inner,
              pretty,
            ),
          ] as const;
        return [k, value(v, inner)] as const;
      }),
      indent,
      pretty,
    );
  const nodeText = (node: GraphNode, indent: string) =>
    objectText(
      orderedEntries(node, ['id', 'type', 'label', 'trainable', 'params', 'position', 'weights']).map(([k, v]) => {
        if (k !== 'weights') return [k, value(v, `${indent}  `)] as const;
        const weights = orderedEntries(v as object, []).map(
          ([name, t]) => [name, tensorText(t as WeightTensor, base64, pretty)] as const,
        );
        return [k, objectText(weights, `${indent}  `, pretty)] as const;
      }),
      indent,
      pretty,
    );
  const entries = orderedEntries(doc, [
    'format',
    'version',
    'name',
    'description',
    'construction',
    'nodes',
    'edges',
    'training',
    'data',
    'metrics',
    'runs',
  ]).map(([k, v]): readonly [string, string] => {
    if (k === 'runs' && Array.isArray(v))
      return [
        k,
        arrayText(
          (v as RunRecord[]).map((run) => runText(run, '    ')),
          '  ',
          pretty,
        ),
      ];
    if (k === 'nodes')
      return [
        k,
        arrayText(
          (v as GraphNode[]).map((n) => nodeText(n, '    ')),
          '  ',
          pretty,
        ),
      ];
    if (k === 'edges')
      return [
        k,
        arrayText(
          (v as GraphEdge[]).map((e) =>
            objectText(
              orderedEntries(e, ['id', 'source', 'target', 'sourceHandle', 'targetHandle']).map(
                ([ek, ev]) => [ek, value(ev, '      ')] as const,
              ),
              '    ',
              pretty,
            ),
          ),
          '  ',
          pretty,
        ),
      ];
    if (k === 'metrics' && Array.isArray((v as { history?: unknown }).history)) {
      return [
        k,
        objectText(
          orderedEntries(v as object, ['history']).map(([mk, mv]) =>
            mk === 'history'
              ? ([
                  mk,
                  arrayText(
                    (mv as object[]).map((h) => inlineObject(h, pretty)),
                    '    ',
                    pretty,
                  ),
                ] as const)
              : ([mk, value(mv, '    ')] as const),
          ),
          '  ',
          pretty,
        ),
      ];
    }
    return [k, value(v, '  ')];
  });
  return `${objectText(entries, '', pretty)}\n`;
}

/**
 * The document as it is saved: indented JSON with its fields in a fixed order (so saving an
 * unchanged graph gives an identical file whoever wrote it), each weight tensor and each epoch of
 * the history on one line, weights written compactly and exactly (see SerializeOptions). Should
 * that text exceed MAX_DOCUMENT_BYTES, the document is written without indentation and with
 * base64 weights instead, which every document the limits accept fits into.
 */
export function serializeDocument(doc: GraphDocument, options: SerializeOptions = {}): string {
  const mode = options.weights ?? 'auto';
  let stored = 0;
  for (const node of doc.nodes)
    for (const name of Object.keys(node.weights ?? {})) stored += node.weights![name].data.length;
  for (const run of doc.runs ?? [])
    for (const tensors of Object.values(run.weights ?? {}))
      for (const tensor of Object.values(tensors)) stored += tensor.data.length;
  const base64 = mode === 'base64' || (mode === 'auto' && stored > DECIMAL_WEIGHTS_UP_TO);
  const text = documentText(doc, base64, true);
  if (text.length * 3 <= MAX_DOCUMENT_BYTES || utf8Length(text) <= MAX_DOCUMENT_BYTES) return text;
  return documentText(doc, mode !== 'decimal', false);
}

/** A new empty document. */
export function emptyDocument(name = 'Untitled'): GraphDocument {
  return { format: FORMAT, version: CURRENT_VERSION, name, nodes: [], edges: [] };
}

/**
 * Finds the first JSON syntax error in `text` (engines word and locate these differently, some
 * not at all). Returns null when the text is valid JSON.
 */
export function locateJsonError(text: string): {
  line: number;
  column: number;
  message: string;
  /** The problem's catalogue key under `diagnostics.json.`, and the character it met. */
  key: string;
  values?: { char: string };
} | null {
  let i = 0;
  class Stop extends Error {}
  let problemKey = '';
  let values: { char: string } | undefined;
  /** Fails with `message` (its catalogue key `problem`); `failAt`, with `prefix` and what was found instead. */
  const fail = (message: string, problem: string): never => {
    problemKey = problem;
    values = undefined;
    throw stop(message);
  };
  const failAt = (prefix: string, problem: string): never => {
    if (i >= text.length) return fail(`${prefix}unexpected end of file`, `${problem}End`);
    const char = JSON.stringify(text[i]);
    problemKey = problem;
    values = { char };
    throw stop(`${prefix}unexpected ${char}`);
  };
  const stop = (message: string): Error => {
    let line = 1;
    let col = 1;
    for (let k = 0; k < i && k < text.length; k++) {
      if (text[k] === '\n') {
        line++;
        col = 1;
      } else col++;
    }
    return Object.assign(new Stop(message), { line, col });
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else failAt('', 'unexpected');
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      const ch = text.charCodeAt(i);
      if (ch < 0x20) fail('control character inside a string (an unclosed quote?)', 'control');
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('bad \\u escape in a string', 'unicodeEscape');
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? '')) fail('bad escape in a string', 'escape');
      }
      i++;
    }
    if (i >= text.length) fail('unterminated string', 'unterminated');
    i++;
  };
  // Sticky, so a number of any length is read in place (no slice that could cut it short).
  const numberPattern = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
  const number = () => {
    numberPattern.lastIndex = i;
    const m = numberPattern.exec(text);
    if (!m) failAt('bad number: ', 'number');
    i += m![0].length;
  };
  /** Reads one scalar, or opens an array or object (returning its kind); the caller walks containers. */
  const scalar = (): 'array' | 'object' | null => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      i++;
      return c === '{' ? 'object' : 'array';
    }
    if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c >= '0' && c <= '9')) number();
    else failAt('expected a value, ', 'value');
    return null;
  };
  /** A property name and its colon, inside an object. */
  const key = () => {
    ws();
    if (text[i] !== '"') failAt('expected a property name in double quotes, ', 'name');
    string();
    ws();
    if (text[i] !== ':') failAt("expected ':' after a property name, ", 'colon');
    i++;
  };
  // The open containers, innermost last: no recursion, so any nesting depth is located.
  const value = (): void => {
    const open: ('array' | 'object')[] = [];
    const enter = (kind: 'array' | 'object' | null): boolean => {
      if (kind === null) return false;
      ws();
      const close = kind === 'object' ? '}' : ']';
      if (text[i] === close) {
        i++;
        return false;
      }
      open.push(kind);
      if (kind === 'object') key();
      return true;
    };
    if (!enter(scalar())) return;
    while (open.length > 0) {
      // Inside the innermost container, at the start of one of its values.
      if (enter(scalar())) continue;
      // That value is complete: a separator or the container's end follows.
      for (;;) {
        const kind = open[open.length - 1];
        ws();
        if (text[i] === ',') {
          i++;
          if (kind === 'object') key();
          break;
        }
        const close = kind === 'object' ? '}' : ']';
        if (text[i] === close) {
          i++;
          open.pop();
          if (open.length === 0) return;
          continue;
        }
        if (kind === 'object') failAt("expected ',' or '}' in an object, ", 'objectComma');
        else failAt("expected ',' or ']' in an array, ", 'arrayComma');
      }
    }
  };
  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    value();
    ws();
    if (i < text.length) failAt('unexpected text after the end of the document: ', 'after');
    return null;
  } catch (e) {
    if (e instanceof Stop) {
      const { line, col } = e as unknown as { line: number; col: number };
      return { line, column: col, message: e.message, key: problemKey, ...(values ? { values } : {}) };
    }
    throw e;
  }
}
