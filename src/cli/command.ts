/** What every command is made of, the options they share, and loading a document with its data. */
import { dirname } from 'node:path';
import type { Dataset } from '../engine/index.js';
import { UsageError, type OptionSpec, type ParsedArgs } from './args.js';
import { formatProblem } from './problems.js';
import { readDocument, loadData, type LoadedDocument } from './sources.js';

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

/** The single FILE argument of a command. */
export function fileArgument(args: ParsedArgs, command: string): string {
  const [file, ...extra] = args.positionals;
  if (file === undefined) throw new UsageError(`${command} needs a graph document (FILE)`);
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
 * document's own `data.source` (a CSV path relative to the document's folder).
 */
export function openDocumentWithData(file: string, dataSpec: string | undefined, command: string): DocumentWithData {
  const document = readDocument(file);
  if (dataSpec !== undefined) return { document, dataset: loadData(dataSpec) };
  const recorded = document.document.data?.source;
  if (!recorded) throw new UsageError(`${command} needs --data SRC: ${file} names no data.source`);
  return { document, dataset: loadData(recorded, dirname(file)) };
}

/** Prints a document's warnings (a block that cannot learn, one that feeds no loss) to stderr. */
export function printWarnings(document: LoadedDocument, io: Io): void {
  for (const w of document.warnings) io.err(formatProblem(w));
}
