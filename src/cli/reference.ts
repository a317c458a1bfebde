/**
 * Reference material generated from the engine, so that the docs cannot drift from it: the JSON
 * Schema of the graph document (from its zod schemas, with every block type's params), the
 * block table of docs/graph-format.md (from the block registry) and the built-in data sets of
 * docs/cli.md — and the weights of the construction example (engine/construction.ts). `npm run
 * schema` writes them; a test fails when the committed files are stale.
 */
import { z } from 'zod';
import {
  blockTypes,
  builtinDatasets,
  constructionNetwork,
  constructionSchema,
  parseDocument,
  serializeDocument,
  CURRENT_VERSION,
  documentSchema,
  FILE_EXTENSION,
  nodeSchema,
  positionSchema,
  runSchema,
  base64TensorSchema,
  decimalTensorSchema,
  type BlockDefinition,
  type ParamField,
} from '../engine/index.js';

/** The JSON Schema (draft 2020-12) of a graph document of the current version. */
export function documentJsonSchema(): Record<string, unknown> {
  const position = positionSchema.meta({
    id: 'Position',
    description: 'Where the editor draws the node (canvas units).',
  });
  const weightTensor = z
    .union([
      decimalTensorSchema,
      base64TensorSchema.meta({ description: 'The values as base64 of little-endian float32 (compact).' }),
    ])
    .meta({
      id: 'WeightTensor',
      description:
        'A weight tensor: its shape and its values in row-major order (length = product of the shape), as numbers or as base64 float32.',
    });
  const weights = z.record(z.string(), weightTensor).meta({
    description: 'Trained weights by name (e.g. W, b); absent means: initialise from params and training.seed.',
  });
  const nodeVariants = blockTypes().map((def) =>
    nodeSchema
      .extend({
        type: z.literal(def.type),
        params: def.schema.optional(),
        position: position.optional(),
        weights: weights.optional(),
      })
      .meta({ id: `node-${def.type}`, title: `${def.title} node`, description: def.description }),
  );
  const schema = documentSchema
    .extend({
      nodes: z.array(
        z.discriminatedUnion('type', nodeVariants as [(typeof nodeVariants)[number], ...typeof nodeVariants]),
      ),
      runs: z
        .array(
          runSchema
            .extend({
              weights: z
                .record(z.string(), weights)
                .optional()
                .meta({ description: "The run's final weights by node id (absent: too large to keep)." }),
            })
            .meta({ id: 'Run', description: 'One Train run: settings, graph, data, curves and final weights.' }),
        )
        .optional()
        .meta({ description: 'The kept Train runs, oldest first (at most 20; see the format documentation).' }),
    })
    .meta({
      title: 'Backprop Studio graph document',
      description: `A neural network as a graph of blocks, with optional trained weights, training settings, data description and metrics (file extension ${FILE_EXTENSION}, format version ${CURRENT_VERSION}).`,
    });
  return z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    override: ({ jsonSchema }) => {
      // Integers carry JavaScript's safe-integer bounds; they say nothing to a reader.
      if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
      if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
    },
  }) as Record<string, unknown>;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string) => `\`${text}\``;

function describeField(f: ParamField): string {
  const facts: string[] = [];
  switch (f.kind) {
    case 'int':
    case 'number': {
      facts.push(f.kind === 'int' ? 'integer' : 'number');
      if (f.min !== undefined) facts.push(`≥ ${f.min}`);
      if (f.kind === 'number' && f.exclusiveMin !== undefined) facts.push(`> ${f.exclusiveMin}`);
      if (f.max !== undefined) facts.push(`≤ ${f.max}`);
      break;
    }
    case 'enum':
      facts.push(f.options.map(code).join(' / '));
      break;
    case 'bool':
      facts.push('true / false');
      break;
    case 'strings':
      facts.push('list of names');
      break;
  }
  if ('default' in f && f.default !== undefined) facts.push(`default ${code(JSON.stringify(f.default))}`);
  else if (f.optional) facts.push('optional');
  return `${code(f.key)} (${facts.join(', ')})${f.help ? `: ${f.help}` : ''}`;
}

function describePorts(def: BlockDefinition): string {
  if (def.fields.some((f) => f.key === 'inputs'))
    return `${code('in0')}, ${code('in1')}, … (one per ${code('inputs')})`;
  const ports = def.inputs(def.schema.parse({}));
  return ports.length ? ports.map(code).join(', ') : '—';
}

/** The block table of docs/graph-format.md: every registered block type. */
export function blockTable(): string {
  const rows = blockTypes().map((def) => [
    `${code(def.type)}<br>${def.title}`,
    def.category,
    describePorts(def),
    def.fields.length ? def.fields.map(describeField).join('<br>') : '—',
    def.description,
    `${def.formula.forward}<br>backward: ${def.formula.backward}`,
  ]);
  return [
    '| type | category | input ports | params | what it does | forward / backward |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** The built-in data sets table of docs/cli.md. */
export function builtinTable(): string {
  const rows = builtinDatasets.map((s) => [
    code(`builtin:${s.name}`),
    s.task,
    s.generated && s.defaults ? `samples ${s.defaults.samples}, noise ${s.defaults.noise}, seed 1` : 'fixed',
    s.description + (s.credit ? ` Source: ${s.credit}.` : ''),
  ]);
  return [
    '| source | task | options (defaults) | data |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** `text` with the part between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` replaced. */
export function replaceGenerated(text: string, name: string, content: string): string {
  const start = `<!-- generated:${name} -->`;
  const end = `<!-- /generated:${name} -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`the markers ${start} … ${end} are missing`);
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}

/** Every generated file: its path (from the project root) and its up-to-date text, given the current text. */
export const generatedFiles: readonly { path: string; update(current: string): string }[] = [
  { path: 'docs/graph-format.schema.json', update: () => `${JSON.stringify(documentJsonSchema(), null, 2)}\n` },
  { path: 'docs/graph-format.md', update: (current) => replaceGenerated(current, 'blocks', blockTable()) },
  { path: 'docs/cli.md', update: (current) => replaceGenerated(current, 'builtins', builtinTable()) },
  { path: 'examples/universal-approximation.bps.json', update: withConstructedWeights },
];

/**
 * A construction document with its hidden and output layers' sizes and weights as its
 * `construction` field makes them (the example is written by hand but for these numbers).
 */
export function withConstructedWeights(current: string): string {
  const loaded = parseDocument(current);
  if (!loaded.ok) throw new Error(`not a valid document: ${loaded.diagnostics[0].message}`);
  const doc = loaded.document;
  const construction = constructionSchema.parse(doc.construction);
  const net = constructionNetwork(construction);
  const nodes = doc.nodes.map((n) => {
    if (n.id === construction.hidden)
      return { ...n, params: { ...n.params, out: net.hidden.W.shape[0] }, weights: net.hidden };
    if (n.id === construction.output) return { ...n, weights: net.output };
    return n;
  });
  return serializeDocument({ ...doc, nodes });
}
