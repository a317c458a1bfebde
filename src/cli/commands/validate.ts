/** `backprop validate FILE [--data SRC]`: checks a graph document (and that data fits it). */
import { bindData, type BlockCategory, type CompiledGraph, type CsvOptions, csvOptionsOf } from '../../engine/index.js';
import type { OptionSpec, ParsedArgs } from '../args.js';
import {
  csvOptions,
  fileArgument,
  helpOption,
  jsonOption,
  missingOption,
  numbersOption,
  type Command,
} from '../command.js';
import { table } from '../output.js';
import { formatProblem, fromDiagnostic, problemsJson, type Problem } from '../problems.js';
import {
  checkParsed,
  loadData,
  parseDocumentFile,
  positionalColumnWarnings,
  recordedDataForShapes,
} from '../sources.js';

export interface NodeSummary {
  id: string;
  category: BlockCategory;
  label: string;
  /** Output columns (1 for a loss). */
  columns: number;
  /** Number of trainable values. */
  parameters: number;
  /** Whether the document stores this node's weights. */
  stored: boolean;
  /** Whether the document freezes the node (`trainable: false`): training leaves its values alone. */
  frozen: boolean;
}

export interface ValidateResult {
  ok: boolean;
  errors: Problem[];
  warnings: Problem[];
  /** For a valid document. */
  name?: string;
  nodes?: NodeSummary[];
  edges?: number;
}

function summarize(graph: CompiledGraph): NodeSummary[] {
  const doc = graph.document;
  return [...graph.nodes]
    .sort((a, b) => a.docIndex - b.docIndex)
    .map((node) => {
      const shapes = Object.values(node.def.weightShapes?.(node.params) ?? {});
      return {
        id: node.id,
        category: node.def.category,
        label: node.def.label(node.params),
        columns: node.outputSize,
        parameters: shapes.reduce((s, shape) => s + shape.reduce((a, b) => a * b, 1), 0),
        stored: doc.nodes[node.docIndex].weights !== undefined,
        frozen: doc.nodes[node.docIndex].trainable === false,
      };
    });
}

/**
 * Checks the document at `file`; with `data`, also that the data binds to its Input and Target
 * blocks. A missing file throws CliError; problems in the document are returned.
 */
export function validateDocument(file: string, data?: string, csv: CsvOptions = {}): ValidateResult {
  const parsed = parseDocumentFile(file);
  if (!parsed.ok) return { ok: false, errors: parsed.errors, warnings: parsed.warnings };
  // The data is read as the document records it, and sizes the blocks that take theirs from it.
  const loaded = data === undefined ? undefined : loadData(data, '.', csvOptionsOf(parsed.document.data?.csv, csv));
  const check = checkParsed(parsed, file, loaded?.dataset ?? recordedDataForShapes(parsed.document, file));
  if (!check.ok) return { ok: false, errors: check.errors, warnings: check.warnings };
  const errors: Problem[] = [];
  const warnings = [...check.warnings];
  if (loaded !== undefined) {
    warnings.push(...loaded.warnings);
    warnings.push(...positionalColumnWarnings({ ...check, path: file }, loaded.dataset));
    const bound = bindData(check.graph, loaded.dataset, { features: check.document.data?.features });
    if (!bound.ok) errors.push(...bound.diagnostics.map((d) => fromDiagnostic(d)));
  }
  return {
    ok: errors.length === 0,
    errors,
    warnings,
    name: check.document.name,
    nodes: summarize(check.graph),
    edges: check.document.edges.length,
  };
}

const options: OptionSpec[] = [
  { name: 'data', kind: 'string', value: 'SRC', help: 'also check that this data fits the Input and Target blocks' },
  missingOption,
  numbersOption,
  jsonOption,
  helpOption,
];

export const validate: Command = {
  name: 'validate',
  summary: 'check a graph document',
  usage: 'validate FILE [--data SRC]',
  details: [
    'Checks the document: JSON syntax, format and version, block types and params, edges and ports, cycles, shapes, losses and stored weights. Every problem is printed on its own line as `where: message`; the exit code is 1 when there is any error.',
    'An ONNX model (FILE ending in .onnx) is imported first, as `backprop import` does, and the graph it becomes is checked.',
    '--json prints {"ok":true} or {"ok":false,"errors":[{"where":…,"message":…}]} (and "warnings" when there are some).',
  ],
  options,
  run(args: ParsedArgs, io) {
    const file = fileArgument(args, 'validate');
    const result = validateDocument(file, args.options.data as string | undefined, csvOptions(args));
    if (args.options.json) {
      io.out(
        JSON.stringify({
          ok: result.ok,
          ...(result.ok ? {} : { errors: problemsJson(result.errors) }),
          ...(result.warnings.length ? { warnings: problemsJson(result.warnings) } : {}),
        }),
      );
      return result.ok ? 0 : 1;
    }
    for (const p of [...result.errors, ...result.warnings]) io.err(formatProblem(p));
    if (!result.nodes) {
      io.err(`${file}: not valid (${result.errors.length} problem${result.errors.length === 1 ? '' : 's'})`);
      return 1;
    }
    const parameters = result.nodes.reduce((s, n) => s + (n.frozen ? 0 : n.parameters), 0);
    const frozen = result.nodes.reduce((s, n) => s + (n.frozen ? n.parameters : 0), 0);
    const status = result.ok
      ? 'valid'
      : `valid, but the data does not fit (${result.errors.length} problem${result.errors.length === 1 ? '' : 's'})`;
    const lines = result.ok ? io.out : io.err;
    lines(
      `${file}: ${status}: "${result.name}", ${result.nodes.length} nodes, ${result.edges} edges, ${parameters} trainable parameters${frozen ? `, ${frozen} frozen` : ''}`,
    );
    if (result.ok) {
      io.out('');
      const rows = result.nodes.map((n) => [
        n.id,
        n.label,
        n.category === 'loss' ? 'scalar' : `[rows × ${n.columns}]`,
        n.parameters
          ? `${n.parameters}${n.stored || n.frozen ? ` (${[n.stored && 'stored', n.frozen && 'frozen'].filter(Boolean).join(', ')})` : ''}`
          : '',
      ]);
      for (const line of table(['node', 'block', 'output', 'parameters'], rows, ['left', 'left', 'left', 'right']))
        io.out(line);
    }
    return result.ok ? 0 : 1;
  },
};
