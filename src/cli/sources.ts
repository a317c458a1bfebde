/**
 * The CLI's file system side: reading graph documents (a `.bps.json` file, or an `.onnx` model,
 * imported as File → Open does) and data sources (a CSV path or
 * `builtin:NAME?samples=…&noise=…&seed=…`), and writing documents atomically.
 */
import { closeSync, existsSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import {
  bindData,
  compileGraph,
  csvReading,
  importOnnx,
  isBuiltinSpec,
  isError,
  loadBuiltinSource,
  MAX_DOCUMENT_BYTES,
  parseDataSource,
  parseCsv,
  parseDocument,
  type CompiledGraph,
  type CsvOptions,
  csvOptionsOf,
  type DataInfo,
  type DataColumns,
  type Dataset,
  type GraphDocument,
  sizedByData,
} from '../engine/index.js';
import { temporaryName, writeFileAtomicSync, writeTarget } from '../files/atomic.js';
import { CliError, fromDiagnostic, type Problem } from './problems.js';

/** Why a file operation failed, in words; `missing` for ENOENT. */
function failure(e: unknown, missing: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT'
    ? missing
    : code === 'EISDIR'
      ? 'it is a folder, not a file'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EROFS'
          ? 'the disk is read-only'
          : code === 'ENOSPC'
            ? 'the disk is full'
            : (e as Error).message;
}

/**
 * A file's bytes; a CliError naming the file and the reason when it cannot be read, or when it is
 * larger than `maxBytes` (checked before reading it).
 */
function readBytes(path: string, what: string, maxBytes = Number.POSITIVE_INFINITY): Buffer {
  try {
    const size = statSync(path).size;
    if (size > maxBytes) {
      throw new CliError([
        {
          where: path,
          message: `the ${what} is ${(size / 1e6).toFixed(0)} MB; files over ${(maxBytes / 1e6).toFixed(0)} MB are not read`,
        },
      ]);
    }
    return readFileSync(path);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError([{ where: path, message: `cannot read the ${what}: ${failure(e, 'no such file')}` }]);
  }
}

/** A file's text, read as readBytes does. */
export const readText = (path: string, what: string, maxBytes = Number.POSITIVE_INFINITY): string =>
  readBytes(path, what, maxBytes).toString('utf8');

/** The text of a graph document file (at most MAX_DOCUMENT_BYTES, as the app opens). */
export const readDocumentText = (path: string): string => readText(path, 'graph document', MAX_DOCUMENT_BYTES);

export type DocumentCheck =
  | { ok: true; document: GraphDocument; graph: CompiledGraph; warnings: Problem[]; fromOnnx: boolean }
  | { ok: false; errors: Problem[]; warnings: Problem[] };

export type ParsedDocument =
  | { ok: true; document: GraphDocument; warnings: Problem[]; fromOnnx: boolean }
  | { ok: false; errors: Problem[]; warnings: Problem[] };

/** Parses a graph document's text, without checking the graph; every problem is named with `file`. */
function parseDocumentText(text: string, file: string): ParsedDocument {
  const loaded = parseDocument(text);
  if (!loaded.ok) return { ok: false, errors: loaded.diagnostics.map((d) => fromDiagnostic(d, file)), warnings: [] };
  return { ok: true, document: loaded.document, warnings: [], fromOnnx: false };
}

/** Parses and compiles a graph document's text; every problem is named with `file`. */
export function checkDocument(text: string, file: string): DocumentCheck {
  return checkParsed(parseDocumentText(text, file), file);
}

/**
 * Compiles a parsed document; `data` sizes the Input and Target blocks that give neither a size
 * nor column names (see `sizedByData`).
 */
export function checkParsed(parsed: ParsedDocument, file: string, data?: DataColumns): DocumentCheck {
  if (!parsed.ok) return parsed;
  const { document, fromOnnx } = parsed;
  const compiled = compileGraph(document, { data });
  const problems = compiled.diagnostics.map((d) => fromDiagnostic(d, file));
  const warnings = [...parsed.warnings, ...problems.filter((p) => p.severity === 'warning')];
  if (!compiled.ok) return { ok: false, errors: problems.filter((_, i) => isError(compiled.diagnostics[i])), warnings };
  return { ok: true, document, graph: compiled.graph, warnings, fromOnnx };
}

/** Whether `path` names an ONNX model, which commands import instead of reading as JSON. */
export const isOnnxFile = (path: string): boolean => /\.onnx$/i.test(path);

/** Imports an `.onnx` model as a graph document (as File → Open does); problems are named with `file`. */
function parseOnnx(bytes: Uint8Array, file: string): ParsedDocument {
  const name = basename(file).replace(/\.onnx$/i, '');
  const imported = importOnnx(bytes, { name });
  if (!imported.ok)
    return { ok: false, errors: imported.diagnostics.map((d) => fromDiagnostic(d, file)), warnings: [] };
  return {
    ok: true,
    document: imported.document,
    warnings: imported.warnings.map((d) => fromDiagnostic(d, file)),
    fromOnnx: true,
  };
}

/** Imports and compiles an `.onnx` model as a graph document. */
export const checkOnnx = (bytes: Uint8Array, file: string): DocumentCheck => checkParsed(parseOnnx(bytes, file), file);

/** Reads the document at `path`: a graph document, or an ONNX model (by its `.onnx` extension, or with `onnx`). */
export function parseDocumentFile(path: string, options: { onnx?: boolean } = {}): ParsedDocument {
  if (options.onnx || isOnnxFile(path)) return parseOnnx(readBytes(path, 'ONNX model', MAX_DOCUMENT_BYTES), path);
  return parseDocumentText(readDocumentText(path), path);
}

/**
 * Checks the document at `path`. The sizes that only the data can tell (see `sizedByData`) come
 * from `data`, else from the document's own `data.source` when it records no feature columns.
 */
export function checkDocumentFile(path: string, options: { onnx?: boolean; data?: DataColumns } = {}): DocumentCheck {
  const parsed = parseDocumentFile(path, options);
  return checkParsed(
    parsed,
    path,
    options.data ?? (parsed.ok ? recordedDataForShapes(parsed.document, path) : undefined),
  );
}

/**
 * The data a document's shapes need and that it names itself: its `data.source` (relative to
 * its folder), loaded only when some Input or Target block takes its size from the data and a
 * trained document's recorded feature columns do not tell it.
 */
export function recordedDataForShapes(document: GraphDocument, path: string): DataColumns | undefined {
  const source = document.data?.source;
  if (!source || document.data?.features || sizedByData(document).length === 0) return undefined;
  return loadData(source, dirname(path), csvOptionsOf(document.data?.csv)).dataset;
}

export interface LoadedDocument {
  path: string;
  document: GraphDocument;
  graph: CompiledGraph;
  warnings: Problem[];
  /** Imported from an `.onnx` file: its Input blocks name no columns. */
  fromOnnx: boolean;
}

/** Reads a graph document (or an ONNX model) that must be valid; throws a CliError listing its problems. */
export function readDocument(path: string, options: { onnx?: boolean; data?: DataColumns } = {}): LoadedDocument {
  const check = checkDocumentFile(path, options);
  if (!check.ok) throw new CliError(check.errors);
  return { path, document: check.document, graph: check.graph, warnings: check.warnings, fromOnnx: check.fromOnnx };
}

/**
 * For a model imported from ONNX, which names no columns: a warning per Input block that takes
 * its columns from `dataset` by position, naming them, so that a user sees a wrong order.
 */
export function positionalColumnWarnings(
  loaded: Pick<LoadedDocument, 'graph' | 'path' | 'fromOnnx'>,
  dataset: Dataset,
): Problem[] {
  const doc = loaded.graph.document;
  if (!loaded.fromOnnx || doc.data?.features) return [];
  const bound = bindData(loaded.graph, dataset, { inputsOnly: true });
  if (!bound.ok) return [];
  const byId = new Map(loaded.graph.nodes.map((n) => [n.id, n]));
  return bound.value.inputs
    .filter((i) => !byId.get(i.nodeId)?.params.columns)
    .map((i) => ({
      file: loaded.path,
      where: `input '${i.nodeId}'`,
      severity: 'warning' as const,
      message: `takes ${i.columns.length === 1 ? 'column' : 'columns'} ${i.columns.join(', ')} of ${dataset.name} by position: an ONNX model names no columns, so the data's columns must come in the order the model was made for`,
    }));
}

/** Generates `builtin:NAME?samples=200&noise=0.1&seed=3`; a CliError names what is wrong with the spec. */
export function loadBuiltin(spec: string): Dataset {
  const parsed = parseDataSource(spec);
  if (!parsed.ok) throw new CliError(parsed.diagnostics.map((d) => fromDiagnostic(d)));
  if (parsed.source.kind !== 'builtin') throw new CliError(spec, spec);
  const loaded = loadBuiltinSource(parsed.source);
  if (!loaded.ok) throw new CliError(loaded.diagnostics.map((d) => fromDiagnostic(d)));
  return loaded.value;
}

export interface LoadedData {
  dataset: Dataset;
  /** What the user should know about how the file was read (a column of mostly text read as classes, dropped rows). */
  warnings: Problem[];
}

/**
 * Loads a data source: `builtin:…` or a CSV file. A relative CSV path is taken from `baseDir`
 * (the working folder for `--data`, the document's folder for its own `data.source`).
 */
export function loadData(spec: string, baseDir = '.', csv: CsvOptions = {}): LoadedData {
  if (isBuiltinSpec(spec)) return { dataset: loadBuiltin(spec), warnings: [] };
  const path = isAbsolute(spec) ? spec : join(baseDir, spec);
  const parsed = parseCsv(readText(path, 'data file'), path, csv);
  if (!parsed.ok) {
    const problems = parsed.diagnostics.map((d) => fromDiagnostic(d));
    const missing = parsed.missing;
    if (missing && !csv.missing) {
      problems.push({
        where: path,
        message: `${missing.rows} row${missing.rows === 1 ? ' has' : 's have'} missing values (${missing.columns.slice(0, 6).join(', ')}${missing.columns.length > 6 ? ', …' : ''}): add --missing drop to leave ${missing.rows === 1 ? 'it' : 'them'} out, or --missing mean to fill each with its column's mean`,
      });
    }
    throw new CliError(problems);
  }
  return { dataset: parsed.value, warnings: parsed.warnings.map((d) => fromDiagnostic(d)) };
}

/**
 * The `data` a document written to `documentPath` records: its source (recordedSource) and how
 * the CSV was read (missing values dropped or filled, columns read against their cells), so that
 * the document reads its file the same way again.
 */
export function recordedData(data: DataInfo | undefined, dataset: Dataset, documentPath: string): DataInfo {
  const { csv: _previous, ...rest } = data ?? {};
  const reading = csvReading(dataset.csv);
  return { ...rest, source: recordedSource(dataset.name, documentPath), ...(reading ? { csv: reading } : {}) };
}

/** How a data source is recorded in a document written to `documentPath`: CSV paths relative to its folder. */
export function recordedSource(spec: string, documentPath: string): string {
  if (isBuiltinSpec(spec)) return spec;
  return relative(dirname(resolve(documentPath)), resolve(spec))
    .split(sep)
    .join('/');
}

const temporaryPath = (path: string): string => join(dirname(path), temporaryName(basename(path)));

/** Why `path` cannot be written (a folder, or no folder), or null; nothing is left behind. */
function unwritable(path: string): string | null {
  const folder = dirname(path);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return `the folder ${folder} does not exist`;
  if (existsSync(path) && statSync(path).isDirectory()) return 'it is a folder, not a file';
  const probe = temporaryPath(path);
  try {
    closeSync(openSync(probe, 'wx'));
    return null;
  } catch (e) {
    return failure(e, `the folder ${folder} does not exist`);
  } finally {
    rmSync(probe, { force: true });
  }
}

/**
 * Fails now, before a long run, when `path` cannot be written later: its folder is missing or not
 * writable, or `path` is a folder.
 */
export function checkWritable(path: string, what = 'the trained document'): void {
  let target = path;
  try {
    target = writeTarget(path);
  } catch {
    // A missing folder (or a broken chain of links): unwritable says which.
  }
  const reason = unwritable(target);
  if (reason) throw new CliError([{ where: path, message: `cannot write ${what} there: ${reason}` }]);
}

/**
 * Writes `text` (or bytes) to `path` atomically, as the app saves (src/files/atomic.ts): a crash
 * leaves the old file or the new one, never a part; a failed write (a full disk) removes its
 * temporary file. Written and flushed, then renamed, then the folder flushed; a symbolic link is
 * written through, and an existing file keeps its permissions.
 */
export function writeFileAtomic(path: string, text: string | Uint8Array, what = 'the trained document'): void {
  try {
    writeFileAtomicSync(path, text);
  } catch (e) {
    throw new CliError([{ where: path, message: `cannot write ${what}: ${failure(e, 'its folder does not exist')}` }]);
  }
}
