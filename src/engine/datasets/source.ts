/**
 * The data-source spec a document's `data.source` and the CLI's `--data` hold: `builtin:NAME`,
 * with options in URL query form for the generated sets (`builtin:circle?samples=200&noise=0.1&seed=3`),
 * or else the path of a CSV file. One definition, read and written here for the app and the CLI.
 */
import type { DataResult, Dataset } from '../data.js';
import type { Diagnostic } from '../diagnostics.js';
import { type BuiltinOptions, builtinDatasets, findBuiltin } from './index.js';

export const BUILTIN_PREFIX = 'builtin:';

/** A built-in data set and the generator options given (absent: the set's defaults). */
export interface BuiltinSource extends BuiltinOptions {
  kind: 'builtin';
  name: string;
}

export type DataSource = BuiltinSource | { kind: 'file'; path: string };

const OPTION_NAMES = ['samples', 'noise', 'seed'] as const;

/** A problem of a data-source spec: its English message, its key (`diagnostics.dataSource.…`) and values. */
const sourceError = (
  where: string,
  [key, message, values]: [string, string, Record<string, string | number>],
): Diagnostic => ({
  code: 'data',
  severity: 'error',
  where,
  message,
  key: `dataSource.${key}`,
  values,
});

/** The `key=value` pairs of a URL query (the engine has no URLSearchParams: no DOM, no Node). */
function queryPairs(query: string): [string, string][] {
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s.replaceAll('+', ' '));
    } catch {
      return s;
    }
  };
  return query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 ? [decode(pair), ''] : [decode(pair.slice(0, eq)), decode(pair.slice(eq + 1))];
    });
}

/** Whether `spec` names a built-in set rather than a file. */
export const isBuiltinSpec = (spec: string): boolean => spec.startsWith(BUILTIN_PREFIX);

/**
 * Reads a data-source spec. A built-in one must name a set that exists, and only generated sets
 * take options: `samples` a whole number ≥ 1, `noise` a number ≥ 0, `seed` a whole number.
 */
export function parseDataSource(
  spec: string,
): { ok: true; source: DataSource } | { ok: false; diagnostics: Diagnostic[] } {
  if (!isBuiltinSpec(spec)) return { ok: true, source: { kind: 'file', path: spec } };
  const fail = (key: string, message: string, values: Record<string, string | number>) => ({
    ok: false as const,
    diagnostics: [sourceError(spec, [key, message, values])],
  });
  const rest = spec.slice(BUILTIN_PREFIX.length);
  const at = rest.indexOf('?');
  const name = at < 0 ? rest : rest.slice(0, at);
  const set = findBuiltin(name);
  if (!set) {
    const names = builtinDatasets.map((s) => s.name).join(', ');
    return fail('unknownSet', `there is no built-in data set '${name}'; the built-in sets are ${names}`, {
      name,
      names,
    });
  }
  const source: BuiltinSource = { kind: 'builtin', name };
  for (const [key, raw] of queryPairs(at < 0 ? '' : rest.slice(at + 1))) {
    if (!(OPTION_NAMES as readonly string[]).includes(key))
      return fail('unknownOption', `unknown option '${key}'; built-in sets take ${OPTION_NAMES.join(', ')}`, {
        option: key,
        options: OPTION_NAMES.join(', '),
      });
    if (!set.generated)
      return fail(
        'fixedSet',
        `builtin:${name} is fixed data and takes no options (only generated sets such as circle do)`,
        { name },
      );
    const value = Number(raw);
    const valid =
      raw.trim() !== '' &&
      Number.isFinite(value) &&
      (key === 'noise' ? value >= 0 : Number.isInteger(value) && (key === 'seed' || value >= 1));
    if (!valid) {
      const expected = key === 'noise' ? 'a number ≥ 0' : key === 'samples' ? 'a whole number ≥ 1' : 'a whole number';
      return fail(key, `${key} must be ${expected}, got '${raw}'`, { got: raw });
    }
    source[key as keyof BuiltinOptions] = value;
  }
  return { ok: true, source };
}

/** The spec of a source: `builtin:NAME` with the options given (in a fixed order), or the file's path. */
export function formatDataSource(source: DataSource): string {
  if (source.kind === 'file') return source.path;
  const options = OPTION_NAMES.filter((key) => source[key] !== undefined)
    .map((key) => `${key}=${source[key]}`)
    .join('&');
  return `${BUILTIN_PREFIX}${source.name}${options ? `?${options}` : ''}`;
}

/** Generates a built-in set, named by its spec (as messages and documents refer to it). */
export function loadBuiltinSource(source: BuiltinSource): DataResult<Dataset> {
  const set = findBuiltin(source.name);
  const spec = formatDataSource(source);
  if (!set) {
    const message = `there is no built-in data set '${source.name}'`;
    return { ok: false, diagnostics: [sourceError(spec, ['noSuchSet', message, { name: source.name }])] };
  }
  const options: BuiltinOptions = {};
  for (const key of OPTION_NAMES) if (source[key] !== undefined) options[key] = source[key];
  return { ok: true, value: { ...set.load(options), name: spec }, warnings: [] };
}
