/** What every command is made of, the options they share, and loading a document with its data. */
import { dirname } from 'node:path';
import {
  type BoundData,
  type CompiledGraph,
  type CsvOptions,
  csvOptionsOf,
  type Dataset,
  DiagnosticError,
  type GraphDocument,
  type Precision,
  sizedByData,
  Trainer,
  type TrainingConfig,
  trainingNormalization,
} from '../engine/index.js';
import { UsageError, type OptionSpec, type ParsedArgs } from './args.js';
import { CliError, formatProblem, fromDiagnostic } from './problems.js';
import { checkParsed, loadData, parseDocumentFile, positionalColumnWarnings, type LoadedDocument } from './sources.js';

/** Where a command writes: one call per line (no trailing newline). */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export interface Command {
  name: string;
  /** One line for the overall help. */
  summary: string;
  /** The synopsis after `backprop`, e.g. `train FILE --data SRC [options]`. */
  usage: string;
  /** Paragraphs of the command's help. */
  details: readonly string[];
  options: readonly OptionSpec[];
  /** Runs with parsed arguments; returns the exit code. Throws UsageError or CliError on bad input. */
  run(args: ParsedArgs, io: Io): number;
}

export const jsonOption: OptionSpec = {
  name: 'json',
  kind: 'flag',
  help: 'print one JSON object per line instead of tables',
};
export const helpOption: OptionSpec = { name: 'help', kind: 'flag', help: 'show this help' };
export const dataOption: OptionSpec = {
  name: 'data',
  kind: 'string',
  value: 'SRC',
  help: "a CSV file or builtin:NAME[?samples=N&noise=X&seed=S]; default: the document's data.source",
};

export const missingOption: OptionSpec = {
  name: 'missing',
  kind: 'string',
  value: 'drop|mean',
  help: 'rows of a CSV with missing values (empty, NA, ?, …): drop them, or fill each with its column mean; default: refuse the file',
};
export const numbersOption: OptionSpec = {
  name: 'numbers',
  kind: 'string',
  value: 'COLS',
  help: "CSV columns (comma-separated names) to read as numbers although most of their cells are text; cells that write numbers another way ('1,234.5', '12 %', '$7') are read as those numbers, other text cells are then missing values",
};
/** The options of every command that reads data. */
export const dataOptions: readonly OptionSpec[] = [dataOption, missingOption, numbersOption];

/** How to read a CSV, from --missing and --numbers. */
export function csvOptions(args: ParsedArgs): CsvOptions {
  const missing = args.options.missing;
  if (missing !== undefined && missing !== 'drop' && missing !== 'mean')
    throw new UsageError(`--missing takes drop or mean, got '${String(missing)}'`);
  const numbers = args.options.numbers;
  const columns =
    numbers === undefined
      ? []
      : String(numbers)
          .split(',')
          .map((c) => c.trim())
          .filter(Boolean);
  return {
    ...(missing !== undefined ? { missing } : {}),
    ...(columns.length > 0 ? { columnKinds: Object.fromEntries(columns.map((c) => [c, 'number' as const])) } : {}),
  };
}

/** The single FILE argument of a command. */
export function fileArgument(args: ParsedArgs, command: string): string {
  const [file, ...extra] = args.positionals;
  if (file === undefined) throw new UsageError(`${command} needs a graph document or an ONNX model (FILE)`);
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}' (${command} takes one FILE)`);
  return file;
}

export interface DocumentWithData {
  document: LoadedDocument;
  /** Named after its source: `builtin:…` as given, or the CSV file's path from the working folder. */
  dataset: Dataset;
}

/**
 * Reads the document and its data: `--data SRC` (relative to the working folder), else the
 * document's own `data.source` (a CSV path relative to the document's folder). The data's
 * warnings join the document's.
 */
export function openDocumentWithData(
  file: string,
  dataSpec: string | undefined,
  command: string,
  csv: CsvOptions = {},
): DocumentWithData {
  const parsed = parseDocumentFile(file);
  // A document whose shapes do not depend on the data is checked before the data is read.
  const early = parsed.ok && sizedByData(parsed.document).length > 0 ? null : checkParsed(parsed, file);
  if (early && !early.ok) throw new CliError(early.errors);
  if (!parsed.ok) throw new CliError(parsed.errors);
  const recorded = parsed.document.data?.source;
  if (dataSpec === undefined && !recorded)
    throw new UsageError(`${command} needs --data SRC: ${file} names no data.source`);
  // Read as the document records it (dropped rows, columns read as numbers), unless told otherwise.
  const options = csvOptionsOf(parsed.document.data?.csv, csv);
  const data = dataSpec !== undefined ? loadData(dataSpec, '.', options) : loadData(recorded!, dirname(file), options);
  const check = early ?? checkParsed(parsed, file, data.dataset);
  if (!check.ok) throw new CliError(check.errors);
  const document: LoadedDocument = {
    path: file,
    document: check.document,
    graph: check.graph,
    warnings: check.warnings,
    fromOnnx: check.fromOnnx,
  };
  const warnings = [...document.warnings, ...data.warnings, ...positionalColumnWarnings(document, data.dataset)];
  return { document: { ...document, warnings }, dataset: data.dataset };
}

/** Prints a document's warnings (a block that cannot learn, one that feeds no loss) to stderr. */
export function printWarnings(document: LoadedDocument, io: Io): void {
  for (const w of document.warnings) io.err(formatProblem(w));
}

/**
 * A Trainer on the document's bound data, with the input normalisation every trainer uses (see
 * trainingNormalization); a data problem it finds (a value beyond float32) becomes a CliError.
 */
export function createTrainer(
  graph: CompiledGraph,
  data: BoundData,
  config: TrainingConfig,
  document: GraphDocument,
  options: { standardize?: boolean; precision?: Precision } = {},
): Trainer {
  const normalization = trainingNormalization(
    document.data?.normalization,
    data,
    options.standardize === true || document.data?.standardize === true,
  );
  try {
    return new Trainer(graph, data, config, {
      normalization,
      ...(options.precision ? { precision: options.precision } : {}),
    });
  } catch (e) {
    if (e instanceof DiagnosticError) throw new CliError(e.diagnostics.map((d) => fromDiagnostic(d)));
    throw e;
  }
}
