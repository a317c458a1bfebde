/** What the CLI reports when its input is bad: one line per problem, `where: message`. */
import type { Diagnostic } from '../engine/index.js';
import { createI18n, describeDiagnostic, type Language, translator, type Translate } from '../i18n/index.js';

const i18n = createI18n('en');
/** Problem messages in the language the command line chose (`--lang`, `LC_ALL`, `LANG`; English by default). */
export const cliText: Translate = translator(i18n);

export function setProblemLanguage(language: Language): void {
  void i18n.changeLanguage(language);
}

export interface Problem {
  /** The document the problem is in, when `where` is a place inside it. */
  file?: string;
  /** A path into a document (`nodes[3].params.out`), a node, a CSV file's line and column, an option. */
  where: string;
  /** In the chosen language (`--lang`, the environment). */
  message: string;
  severity?: 'error' | 'warning';
  /** From an engine diagnostic: its code, its values and its English message (for `--json`). */
  code?: string;
  values?: Readonly<Record<string, string | number>>;
  english?: string;
}

/** Bad input (a file, a document, data) or a failed run; exit code 1. */
export class CliError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[] | string, where = 'backprop') {
    const list = typeof problems === 'string' ? [{ where, message: problems }] : problems;
    super(list.map(formatProblem).join('\n'));
    this.name = 'CliError';
    this.problems = list;
  }
}

/** A problem from an engine diagnostic; `file` is the document it is in (data diagnostics name their file). */
export function fromDiagnostic(d: Diagnostic, file?: string): Problem {
  return {
    ...(file ? { file } : {}),
    where: d.where,
    message: describeDiagnostic(d, cliText),
    severity: d.severity,
    code: d.code,
    ...(d.values ? { values: d.values } : {}),
    english: d.message,
  };
}

/** `file: where: message`, the line printed for a problem. */
export function formatProblem(p: Problem): string {
  return `${p.file ? `${p.file}: ` : ''}${p.where}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`;
}

/**
 * The JSON form of problems, as `validate --json` prints them: the same in every language (the
 * English message, and for a diagnostic its code and values, so programs need no text).
 */
export function problemsJson(
  problems: readonly Problem[],
): { where: string; message: string; code?: string; values?: Readonly<Record<string, string | number>> }[] {
  return problems.map(({ where, message, english, code, values }) => ({
    where,
    message: english ?? message,
    ...(code ? { code } : {}),
    ...(values ? { values } : {}),
  }));
}
