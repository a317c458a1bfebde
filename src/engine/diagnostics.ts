/**
 * Problems found in a document, a graph or a data set. Loading and validating never throw at a
 * user: they return these, each naming where the problem is and what is wrong.
 */

export type DiagnosticCode =
  | 'json'
  | 'format'
  | 'version'
  | 'schema'
  | 'duplicate-id'
  | 'unknown-type'
  | 'params'
  | 'unknown-node'
  | 'unknown-port'
  | 'duplicate-input'
  | 'missing-input'
  | 'cycle'
  | 'shape'
  | 'no-loss'
  | 'loss-without-target'
  | 'weights'
  | 'non-finite'
  | 'limit'
  | 'data'
  | 'not-differentiable'
  | 'unused'
  | 'not-linear-regression'
  | 'singular';

export interface Diagnostic {
  code: DiagnosticCode;
  severity: 'error' | 'warning';
  /** A path into the document (`nodes[3].params.out`), a node (`node h`) or an edge (`edge x→h`). */
  where: string;
  /** The problem in English (logs, `--json`, and where no catalogue says it in the user's language). */
  message: string;
  /**
   * The message's catalogue key under `diagnostics.` (the code, or the code and a variant:
   * `shape.mismatch`) and the values it names, for the app and the CLI to tell the problem in the
   * user's language; the English catalogue's text with these values is `message`. A `block`
   * value (a block's English title or label, `Linear 2→4`) comes with `blockType`, so that a UI
   * can name the block in the user's language.
   */
  key?: string;
  values?: Record<string, string | number>;
  /** The nodes involved (for the editor to highlight). */
  nodeIds?: string[];
  /** Index into `edges` of the edge involved. */
  edgeIndex?: number;
}

export const isError = (d: Diagnostic): boolean => d.severity === 'error';

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.severity === 'warning' ? 'warning' : 'error'}: ${d.where}: ${d.message}`;
}

/** Thrown by engine entry points that cannot return diagnostics (e.g. a constructor). */
export class DiagnosticError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'DiagnosticError';
  }
}

/**
 * A bug of ours, said as such: what a loader, importer or exporter documented never to throw
 * returns when something it calls throws anyway. `failed` says what did not happen; `key`, its
 * catalogue message under `diagnostics.` (which names the error as `{{error}}`).
 */
export function internalError(e: unknown, failed: string, where = '(file)', key?: string): Diagnostic {
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return {
    code: 'format',
    severity: 'error',
    where,
    message: `${failed} because of an internal error (${message})`,
    ...(key ? { key, values: { error: message } } : {}),
  };
}
