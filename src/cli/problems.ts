/** What the CLI reports when its input is bad: one line per problem, `where: message`. */
import type { Diagnostic } from '../engine/index.js';
import { createI18n, type Language, translator, type Translate } from '../i18n/index.js';

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
  message: string;
  severity?: 'error' | 'warning';
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
  return { ...(file ? { file } : {}), where: d.where, message: d.message, severity: d.severity };
}

/** `file: where: message`, the line printed for a problem. */
export function formatProblem(p: Problem): string {
  return `${p.file ? `${p.file}: ` : ''}${p.where}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`;
}

/** The JSON form of problems, as `validate --json` prints them. */
export function problemsJson(problems: readonly Problem[]): { where: string; message: string }[] {
  return problems.map(({ where, message }) => ({ where, message }));
}
