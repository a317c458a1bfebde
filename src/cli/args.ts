/**
 * A small command-line parser: `--name value`, `--name=value`, boolean `--flag`s and positional
 * arguments, checked against the options a command declares. Values are converted and checked
 * here (a number where a number is due); ranges are the commands' business.
 */

export type OptionKind = 'flag' | 'string' | 'number' | 'int';

export interface OptionSpec {
  /** Long name without the dashes, e.g. `epochs`. */
  name: string;
  kind: OptionKind;
  /** Placeholder in help, e.g. `N`. */
  value?: string;
  help: string;
}

export interface ParsedArgs {
  positionals: string[];
  /** By option name: `true` for flags, a string or a number for the others. */
  options: Record<string, string | number | boolean>;
}

/** A mistake in how a command was called (exit code 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The option that `word` was probably meant to be, when one is close enough. */
function closest(word: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of names) {
    const d = editDistance(word, name);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length];
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function convert(spec: OptionSpec, raw: string): string | number {
  if (spec.kind === 'string') return raw;
  if (!NUMBER.test(raw.trim())) throw new UsageError(`--${spec.name} needs a number, got '${raw}'`);
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new UsageError(`--${spec.name} needs a finite number, got '${raw}'`);
  if (spec.kind === 'int' && !Number.isInteger(value))
    throw new UsageError(`--${spec.name} needs a whole number, got '${raw}'`);
  return value;
}

/** Parses `argv` (the words after the command name). `--` ends the options. */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const positionals: string[] = [];
  const options: ParsedArgs['options'] = {};
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (word === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!word.startsWith('-') || word === '-') {
      positionals.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    const name = word.slice(word.startsWith('--') ? 2 : 1, eq < 0 ? undefined : eq);
    const spec = byName.get(name);
    if (!spec) {
      const guess = closest(name, [...byName.keys()]);
      throw new UsageError(
        `unknown option '${word.slice(0, eq < 0 ? undefined : eq)}'${guess ? ` (did you mean --${guess}?)` : ''}`,
      );
    }
    if (name in options) throw new UsageError(`--${name} is given twice`);
    if (spec.kind === 'flag') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      options[name] = true;
      continue;
    }
    let raw: string;
    if (eq >= 0) raw = word.slice(eq + 1);
    else if (i + 1 < argv.length && !(argv[i + 1].startsWith('--') && argv[i + 1].length > 2)) raw = argv[++i];
    else throw new UsageError(`--${name} needs a value (${spec.value ?? 'VALUE'})`);
    options[name] = convert(spec, raw);
  }
  return { positionals, options };
}
