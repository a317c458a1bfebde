/**
 * The CLI's file system side: reading graph documents and data sources (a CSV path or
 * `builtin:NAME?samples=…&noise=…&seed=…`), and writing documents atomically.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import {
  builtinDatasets,
  compileGraph,
  findBuiltin,
  isError,
  parseCsv,
  parseDocument,
  type BuiltinOptions,
  type CompiledGraph,
  type CsvOptions,
  type Dataset,
  type GraphDocument,
} from '../engine/index.js';
import { CliError, fromDiagnostic, type Problem } from './problems.js';

/** Why a file operation failed, in words; `missing` for ENOENT. */
function failure(e: unknown, missing: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT'
    ? missing
    : code === 'EISDIR'
      ? 'it is a folder, not a file'
      : code === 'EACCES'
        ? 'permission denied'
        : (e as Error).message;
}

/** A file's text; a CliError naming the file and the reason when it cannot be read. */
export function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError([{ where: path, message: `cannot read the ${what}: ${failure(e, 'no such file')}` }]);
  }
}

export type DocumentCheck =
  | { ok: true; document: GraphDocument; graph: CompiledGraph; warnings: Problem[] }
  | { ok: false; errors: Problem[]; warnings: Problem[] };

/** Parses and compiles a graph document's text; every problem is named with `file`. */
export function checkDocument(text: string, file: string): DocumentCheck {
  const loaded = parseDocument(text);
  if (!loaded.ok) return { ok: false, errors: loaded.diagnostics.map((d) => fromDiagnostic(d, file)), warnings: [] };
  const compiled = compileGraph(loaded.document);
  const problems = compiled.diagnostics.map((d) => fromDiagnostic(d, file));
  const warnings = problems.filter((p) => p.severity === 'warning');
  if (!compiled.ok) return { ok: false, errors: problems.filter((_, i) => isError(compiled.diagnostics[i])), warnings };
  return { ok: true, document: loaded.document, graph: compiled.graph, warnings };
}

export interface LoadedDocument {
  path: string;
  document: GraphDocument;
  graph: CompiledGraph;
  warnings: Problem[];
}

/** Reads a graph document that must be valid; throws a CliError listing its problems. */
export function readDocument(path: string): LoadedDocument {
  const check = checkDocument(readText(path, 'graph document'), path);
  if (!check.ok) throw new CliError(check.errors);
  return { path, document: check.document, graph: check.graph, warnings: check.warnings };
}

const BUILTIN = 'builtin:';
const builtinOptionNames = ['samples', 'noise', 'seed'] as const;

/** Reads `builtin:NAME?samples=200&noise=0.1&seed=3`. */
export function loadBuiltin(spec: string): Dataset {
  const [name, query = ''] = spec.slice(BUILTIN.length).split('?', 2);
  const set = findBuiltin(name);
  if (!set) {
    throw new CliError([
      {
        where: spec,
        message: `there is no built-in data set '${name}'; the built-in sets are ${builtinDatasets.map((s) => s.name).join(', ')}`,
      },
    ]);
  }
  const options: BuiltinOptions = {};
  for (const [key, raw] of new URLSearchParams(query)) {
    if (!(builtinOptionNames as readonly string[]).includes(key)) {
      throw new CliError([
        { where: spec, message: `unknown option '${key}'; built-in sets take ${builtinOptionNames.join(', ')}` },
      ]);
    }
    if (!set.generated)
      throw new CliError([
        {
          where: spec,
          message: `builtin:${name} is fixed data and takes no options (only generated sets such as circle do)`,
        },
      ]);
    const value = Number(raw);
    const valid =
      raw.trim() !== '' &&
      Number.isFinite(value) &&
      (key === 'noise' ? value >= 0 : Number.isInteger(value) && (key === 'seed' || value >= 1));
    if (!valid) {
      const expected = key === 'noise' ? 'a number ≥ 0' : key === 'samples' ? 'a whole number ≥ 1' : 'a whole number';
      throw new CliError([{ where: spec, message: `${key} must be ${expected}, got '${raw}'` }]);
    }
    options[key as keyof BuiltinOptions] = value;
  }
  return { ...set.load(options), name: spec };
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
  if (spec.startsWith(BUILTIN)) return { dataset: loadBuiltin(spec), warnings: [] };
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

/** How a data source is recorded in a document written to `documentPath`: CSV paths relative to its folder. */
export function recordedSource(spec: string, documentPath: string): string {
  if (spec.startsWith(BUILTIN)) return spec;
  return relative(dirname(resolve(documentPath)), resolve(spec))
    .split(sep)
    .join('/');
}

/** Writes `text` (or bytes) beside `path` under a temporary name, then renames it into place. */
export function writeFileAtomic(path: string, text: string | Uint8Array, what = 'the trained document'): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, text, { flag: 'wx' });
    renameSync(temporary, path);
  } catch (e) {
    rmSync(temporary, { force: true });
    throw new CliError([{ where: path, message: `cannot write ${what}: ${failure(e, 'its folder does not exist')}` }]);
  }
}
