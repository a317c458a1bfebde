/** `backprop gradcheck FILE --data SRC [--eps E]`: backprop gradients against central differences. */
import { bindDocumentData, checkDocumentGradients, type GradCheckResult, type CsvOptions } from '../../engine/index.js';
import { UsageError, type OptionSpec, type ParsedArgs } from '../args.js';
import {
  csvOptions,
  dataOptions,
  fileArgument,
  helpOption,
  jsonOption,
  openDocumentWithData,
  printWarnings,
  type Command,
  type Io,
} from '../command.js';
import { formatNumber, table } from '../output.js';
import { CliError, fromDiagnostic } from '../problems.js';

export interface GradcheckOptions {
  file: string;
  data?: string;
  /** How to read a CSV (--missing, --numbers). */
  csv?: CsvOptions;
  /** Step of the central difference (default 1e-5). */
  eps?: number;
  /** Check on the first N rows only (default: all). */
  rows?: number;
}

/** Checks every parameter's gradient at the document's weights. Throws CliError on bad input. */
export function gradcheck(options: GradcheckOptions, io?: Io): GradCheckResult {
  if (options.eps !== undefined && !(options.eps > 0))
    throw new UsageError(`--eps must be a positive number, got ${options.eps}`);
  if (options.rows !== undefined && !(options.rows >= 1))
    throw new UsageError(`--rows must be at least 1, got ${options.rows}`);
  const { document, dataset } = openDocumentWithData(options.file, options.data, 'gradcheck', options.csv);
  if (io) printWarnings(document, io);
  const rows = Math.min(options.rows ?? dataset.rows, dataset.rows);
  const subset =
    rows === dataset.rows
      ? dataset
      : { ...dataset, rows, values: dataset.values.subarray(0, rows * dataset.columns.length) };
  const bound = bindDocumentData(document.graph, subset);
  if (!bound.ok) throw new CliError(bound.diagnostics.map((d) => fromDiagnostic(d)));
  return checkDocumentGradients(document.graph, bound.value, options.eps);
}

const options: OptionSpec[] = [
  ...dataOptions,
  {
    name: 'eps',
    kind: 'number',
    value: 'E',
    help: 'step ε of the central difference (L(w+ε) − L(w−ε)) / 2ε; default 1e-5',
  },
  { name: 'rows', kind: 'int', value: 'N', help: 'use only the first N rows (default: all)' },
  jsonOption,
  helpOption,
];

export const gradcheckCommand: Command = {
  name: 'gradcheck',
  summary: 'compare backprop gradients with central differences',
  usage: 'gradcheck FILE [--data SRC] [--eps E] [--rows N]',
  details: [
    'For every parameter of the document (at its weights as they are), compares the gradient from backpropagation with the numeric one (L(w+ε) − L(w−ε)) / 2ε over all rows, in double precision. The relative error of an element is |a − n| / max(|a|, |n|, 1e-6); the check passes when the largest is at most 1e-4 (exit code 1 otherwise).',
    '--json prints {"ok":…,"maxRelError":…,"tolerance":…,"eps":…,"params":[{"node":…,"name":…,"maxRelError":…,"maxAbsError":…}]}.',
  ],
  options,
  run(args: ParsedArgs, io) {
    const result = gradcheck(
      {
        file: fileArgument(args, 'gradcheck'),
        data: args.options.data as string | undefined,
        csv: csvOptions(args),
        eps: args.options.eps as number | undefined,
        rows: args.options.rows as number | undefined,
      },
      io,
    );
    if (args.options.json) {
      const { ok, maxRelError, tolerance, eps } = result;
      const params = result.params.map(({ node, name, maxRelError: rel, maxAbsError }) => ({
        node,
        name,
        maxRelError: rel,
        maxAbsError,
      }));
      io.out(JSON.stringify({ ok, maxRelError, tolerance, eps, params }));
      return ok ? 0 : 1;
    }
    const rows = result.params.map((p) => [
      p.node,
      p.name,
      formatNumber(p.maxRelError),
      formatNumber(p.maxAbsError),
      `[${p.worst.index}]: ${formatNumber(p.worst.analytic)} vs ${formatNumber(p.worst.numeric)}`,
      p.maxRelError <= result.tolerance ? 'ok' : 'FAIL',
    ]);
    for (const line of table(
      ['node', 'weight', 'max rel error', 'max abs error', 'worst element: backprop vs numeric', ''],
      rows,
      ['left', 'left', 'right', 'right', 'left', 'left'],
    ))
      io.out(line);
    io.out('');
    io.out(
      result.ok
        ? `ok: backprop agrees with central differences (ε = ${result.eps}): largest relative error ${formatNumber(result.maxRelError)} ≤ ${result.tolerance}`
        : `FAILED: largest relative error ${formatNumber(result.maxRelError)} > ${result.tolerance} (ε = ${result.eps})`,
    );
    return result.ok ? 0 : 1;
  },
};
