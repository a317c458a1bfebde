/**
 * The graph document (`.bps.json`): its zod schema (the one source of its TypeScript types),
 * parsing with located errors, versioned migrations, and serialisation.
 *
 * Load = parse JSON → read `version` → migrate to the current version → validate the structure
 * (here) → validate the graph (graph.ts). A document written by any earlier version opens; a
 * newer one is refused with a message, never guessed at.
 */
import { z } from 'zod';
import type { Diagnostic } from './diagnostics.js';

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

export const weightTensorSchema = z.object({
  shape: z.array(z.number().int().min(0)),
  data: z.array(finite),
});

export const positionSchema = z.object({ x: finite, y: finite });

export const nodeSchema = z.looseObject({
  id: z.string().min(1, 'a node id must not be empty'),
  type: z.string().min(1),
  params: z.record(z.string(), z.unknown()).optional(),
  position: positionSchema.optional(),
  weights: z.record(z.string(), weightTensorSchema).optional(),
  /** Optional user label shown on the canvas instead of the type's title. */
  label: z.string().optional(),
});

export const edgeSchema = z.looseObject({
  id: z.string().optional(),
  source: z.string().min(1),
  target: z.string().min(1),
  sourceHandle: z.literal('out').nullish(),
  targetHandle: z.string().min(1),
});

export const optimizerNames = ['sgd', 'momentum', 'adam'] as const;
export type OptimizerName = (typeof optimizerNames)[number];

export const trainingSchema = z.looseObject({
  optimizer: z.enum(optimizerNames).optional(),
  lr: finite.positive().optional(),
  batchSize: z.union([z.number().int().min(1), z.literal('full')]).optional(),
  epochs: z.number().int().min(0).optional(),
  seed: z.number().int().optional(),
  momentum: finite.min(0).lt(1).optional(),
  beta1: finite.min(0).lt(1).optional(),
  beta2: finite.min(0).lt(1).optional(),
  eps: finite.positive().optional(),
  shuffle: z.boolean().optional(),
  /** Fraction of the rows held out for validation (0 = none). */
  validationSplit: finite.min(0).lt(1).optional(),
  /** Stop once the training loss is at or below this. */
  targetLoss: finite.min(0).optional(),
});

export const normalizationSchema = z.object({
  columns: z.array(z.string()),
  mean: z.array(finite),
  std: z.array(finite.positive()),
});

export const dataInfoSchema = z.looseObject({
  source: z.string().optional(),
  features: z.array(z.string()).optional(),
  targets: z.array(z.string()).optional(),
  /** Names of the classes, in index order, when text labels were mapped to indices. */
  classes: z.array(z.string()).optional(),
  standardize: z.boolean().optional(),
  normalization: normalizationSchema.optional(),
});

export const epochMetricsSchema = z.looseObject({
  epoch: z.number().int().min(0),
  loss: finite,
  accuracy: finite.optional(),
  valLoss: finite.optional(),
  valAccuracy: finite.optional(),
});

export const metricsSchema = z.looseObject({ history: z.array(epochMetricsSchema) });

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
});

export type WeightTensor = z.infer<typeof weightTensorSchema>;
export type GraphNode = z.infer<typeof nodeSchema>;
export type GraphEdge = z.infer<typeof edgeSchema>;
export type TrainingSettings = z.infer<typeof trainingSchema>;
export type DataInfo = z.infer<typeof dataInfoSchema>;
export type Normalization = z.infer<typeof normalizationSchema>;
export type EpochMetrics = z.infer<typeof epochMetricsSchema>;
export type GraphDocument = z.infer<typeof documentSchema>;

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

/** Validates and migrates a parsed JSON value. Never throws. */
export function loadDocument(value: unknown): LoadResult {
  const fail = (code: Diagnostic['code'], where: string, message: string): LoadResult => ({
    ok: false,
    diagnostics: [{ code, severity: 'error', where, message }],
  });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(
      'format',
      '(document)',
      `expected a JSON object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`,
    );
  }
  let doc = value as Record<string, unknown>;
  if (doc.format !== FORMAT) {
    return fail(
      'format',
      'format',
      `not a Backprop Studio graph: "format" must be "${FORMAT}"${doc.format === undefined ? '' : `, got ${JSON.stringify(doc.format)}`}`,
    );
  }
  const version = doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return fail('version', 'version', `"version" must be a whole number ≥ 1, got ${JSON.stringify(version)}`);
  }
  if (version > CURRENT_VERSION) {
    return fail(
      'version',
      'version',
      `this document is format version ${version}, newer than this app understands (${CURRENT_VERSION}); update Backprop Studio to open it`,
    );
  }
  for (let v = version; v < CURRENT_VERSION; v++) doc = migrations[v](doc);
  const parsed = documentSchema.safeParse(doc);
  if (!parsed.success) {
    return {
      ok: false,
      diagnostics: parsed.error.issues.map((issue) => ({
        code: issue.message.includes('finite') ? 'non-finite' : 'schema',
        severity: 'error',
        where: formatPath(issue.path),
        message: issue.message + describeNode(doc, issue.path),
      })),
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
        },
      ],
    };
  }
  return loadDocument(value);
}

/** `value` with the named keys first, in this order, then any others in their own order. */
function ordered<T extends object>(value: T, keys: readonly string[]): T {
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const order = [
    ...keys.filter((k) => Object.hasOwn(source, k)),
    ...Object.keys(source).filter((k) => !keys.includes(k)),
  ];
  for (const k of order)
    if (source[k] !== undefined)
      Object.defineProperty(out, k, { value: source[k], enumerable: true, writable: true, configurable: true });
  return out as T;
}

/**
 * The document as it is saved: indented JSON with its fields in a fixed order (so saving an
 * unchanged graph gives an identical file whoever wrote it), weights at full double precision.
 */
export function serializeDocument(doc: GraphDocument): string {
  const canonical = ordered(
    {
      ...doc,
      nodes: doc.nodes.map((n) => ordered(n, ['id', 'type', 'label', 'params', 'position', 'weights'])),
      edges: doc.edges.map((e) => ordered(e, ['id', 'source', 'target', 'sourceHandle', 'targetHandle'])),
    },
    ['format', 'version', 'name', 'description', 'nodes', 'edges', 'training', 'data', 'metrics'],
  );
  return `${JSON.stringify(canonical, null, 2)}\n`;
}

/** A new empty document. */
export function emptyDocument(name = 'Untitled'): GraphDocument {
  return { format: FORMAT, version: CURRENT_VERSION, name, nodes: [], edges: [] };
}

/**
 * Finds the first JSON syntax error in `text` (engines word and locate these differently, some
 * not at all). Returns null when the text is valid JSON.
 */
export function locateJsonError(text: string): { line: number; column: number; message: string } | null {
  let i = 0;
  class Stop extends Error {}
  const fail = (message: string): never => {
    let line = 1;
    let col = 1;
    for (let k = 0; k < i && k < text.length; k++) {
      if (text[k] === '\n') {
        line++;
        col = 1;
      } else col++;
    }
    throw Object.assign(new Stop(message), { line, col });
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const describe = () => (i >= text.length ? 'unexpected end of file' : `unexpected ${JSON.stringify(text[i])}`);
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(describe());
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      const ch = text.charCodeAt(i);
      if (ch < 0x20) fail('control character inside a string (an unclosed quote?)');
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('bad \\u escape in a string');
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? '')) fail('bad escape in a string');
      }
      i++;
    }
    if (i >= text.length) fail('unterminated string');
    i++;
  };
  // Sticky, so a number of any length is read in place (no slice that could cut it short).
  const numberPattern = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
  const number = () => {
    numberPattern.lastIndex = i;
    const m = numberPattern.exec(text);
    if (!m) fail(`bad number: ${describe()}`);
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`expected a property name in double quotes, ${describe()}`);
        string();
        ws();
        if (text[i] !== ':') fail(`expected ':' after a property name, ${describe()}`);
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail(`expected ',' or '}' in an object, ${describe()}`);
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail(`expected ',' or ']' in an array, ${describe()}`);
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c >= '0' && c <= '9')) number();
    else fail(`expected a value, ${describe()}`);
  };
  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    value();
    ws();
    if (i < text.length) fail(`unexpected text after the end of the document: ${describe()}`);
    return null;
  } catch (e) {
    if (e instanceof Stop) {
      const { line, col } = e as unknown as { line: number; col: number };
      return { line, column: col, message: e.message };
    }
    throw e;
  }
}
