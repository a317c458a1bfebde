/** `backprop solve FILE [--data SRC] [--out OUT]`: linear regression's least-squares weights in closed form. */
import {
  bindData,
  regressionBlocks,
  resolveTraining,
  serializeDocument,
  solveLinearRegression,
  type CsvOptions,
  type GraphDocument,
} from '../../engine/index.js';
import type { OptionSpec, ParsedArgs } from '../args.js';
import {
  createTrainer,
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
import { formatNumber, nest, table } from '../output.js';
import { CliError, fromDiagnostic } from '../problems.js';
import { recordedData, writeFileAtomic } from '../sources.js';

export interface SolveOptions {
  file: string;
  /** Data source; default: the document's `data.source`. */
  data?: string;
  /** How to read a CSV (--missing, --numbers). */
  csv?: CsvOptions;
  /** Where to write the document with the solved weights. */
  out?: string;
}

export interface SolveResult {
  /** The Linear block solved for. */
  node: string;
  /** `[out][in]`, as the block stores W. */
  W: number[][];
  /** `[out]`, or null for a Linear block without bias. */
  b: number[] | null;
  /** MSE at the solution on the training rows (those gradient descent would train on). */
  loss: number;
  /** MSE on the validation rows, when the document holds some out (`training.validationSplit`). */
  valLoss?: number;
  name: string;
  source: string;
  features: string[];
  targets: string[];
  trainRows: number;
  validationRows: number;
  standardized: boolean;
  /** The document with the solved weights (and the data description `train` would write). */
  document: GraphDocument;
  out?: string;
}

/**
 * Solves the document's linear regression on the rows training would use: the same columns,
 * validation split and input standardisation as `train`. Throws CliError when the graph is not
 * Input → Linear → MSE, the data does not fit, or the design is singular.
 */
export function solveDocument(options: SolveOptions, io?: Io): SolveResult {
  const { document: loaded, dataset } = openDocumentWithData(options.file, options.data, 'solve', options.csv);
  if (io) printWarnings(loaded, io);
  const { document, graph } = loaded;
  const form = regressionBlocks(graph);
  if (!form.ok) throw new CliError(form.diagnostics.map((d) => fromDiagnostic(d, options.file)));
  const bound = bindData(graph, dataset, { features: document.data?.features });
  if (!bound.ok) throw new CliError(bound.diagnostics.map((d) => fromDiagnostic(d)));
  const trainer = createTrainer(graph, bound.value, resolveTraining(document.training), document, {
    precision: 'float64',
  });
  const solved = solveLinearRegression(graph, trainer.data, trainer.trainRows);
  if (!solved.ok) throw new CliError(solved.diagnostics.map((d) => fromDiagnostic(d, options.file)));
  const { node, W, b, shape, loss } = solved.value;
  trainer.executor.importWeights(node, b ? { W: { data: W }, b: { data: b } } : { W: { data: W } });
  const solvedDocument = trainer.exportDocument();
  const result: SolveResult = {
    node,
    W: nest(shape, Array.from(W)) as number[][],
    b: b ? Array.from(b) : null,
    loss,
    name: document.name,
    source: dataset.name,
    features: trainer.data.inputs.find((i) => i.nodeId === form.value.input.id)!.columns,
    targets: trainer.data.targets.find((t) => t.nodeId === form.value.target.id)!.columns,
    trainRows: trainer.trainRows.length,
    validationRows: trainer.validationRows.length,
    standardized: trainer.normalization !== undefined,
    document: solvedDocument,
  };
  if (trainer.validationRows.length > 0) result.valLoss = trainer.evaluate(trainer.validationRows).loss;
  if (options.out !== undefined) {
    solvedDocument.data = recordedData(solvedDocument.data, dataset, options.out);
    writeFileAtomic(options.out, serializeDocument(solvedDocument), 'the solved document');
    result.out = options.out;
  }
  return result;
}

const options: OptionSpec[] = [
  ...dataOptions,
  { name: 'out', kind: 'string', value: 'OUT', help: 'write the document with the solved weights here' },
  jsonOption,
  helpOption,
];

/** `0.5·x1 + 3` for one output of a small model. */
function equation(result: SolveResult, o: number): string {
  const terms = result.features.map((f, k) => {
    const w = result.W[o][k];
    return `${w < 0 ? '− ' : '+ '}${formatNumber(Math.abs(w))}·${f}`;
  });
  if (result.b) terms.push(`${result.b[o] < 0 ? '− ' : '+ '}${formatNumber(Math.abs(result.b[o]))}`);
  return terms.join(' ').replace(/^\+ /, '').replace(/^− /, '−');
}

function print(result: SolveResult, io: Io): void {
  const rows =
    result.validationRows > 0
      ? `${result.trainRows} training rows (${result.validationRows} held out for validation)`
      : `${result.trainRows} rows`;
  io.out(
    `Least squares for "${result.name}" on ${result.source}: ${rows}, inputs ${result.standardized ? 'standardised' : 'as they are'}`,
  );
  io.out('');
  if (result.features.length <= 4 && result.targets.length <= 4) {
    result.targets.forEach((t, o) => io.out(`${t} = ${equation(result, o)}`));
  } else {
    const header = ['weight', ...result.targets];
    const lines = result.features.map((f, k) => [
      `${result.node}.W · ${f}`,
      ...result.W.map((w) => formatNumber(w[k])),
    ]);
    if (result.b) lines.push([`${result.node}.b`, ...result.b.map(formatNumber)]);
    for (const line of table(header, lines, ['left', ...result.targets.map(() => 'right' as const)])) io.out(line);
  }
  io.out('');
  io.out(
    `loss (MSE) ${formatNumber(result.loss)} on the training rows${result.valLoss === undefined ? '' : `, ${formatNumber(result.valLoss)} on the validation rows`}`,
  );
  io.out(result.out ? `wrote ${result.out}` : 'the solved weights were not saved (use --out OUT)');
}

export const solveCommand: Command = {
  name: 'solve',
  summary: 'linear regression (Input → Linear → MSE) solved exactly by least squares',
  usage: 'solve FILE [--data SRC] [--out OUT]',
  details: [
    "For a graph that is Input → Linear → MSE with a Target, computes the weights that minimise the loss exactly (the normal equations XᵀX·β = XᵀT), by Householder QR with column pivoting in double precision — the answer gradient descent approaches. It uses the rows `train` would train on: the document's columns, validation split (training.validationSplit, training.seed) and input standardisation (data.standardize / data.normalization). A graph of another form, or a design whose columns are linearly dependent (a constant column beside the bias, a column that is a sum of others, fewer rows than unknowns), is refused with a message naming why (exit code 1).",
    '--json prints {"ok":true,"node":…,"W":[[…]],"b":[…],"loss":…,"valLoss"?:…,"out":…}; b is null for a Linear block without bias.',
  ],
  options,
  run(args: ParsedArgs, io) {
    const result = solveDocument(
      {
        file: fileArgument(args, 'solve'),
        ...(args.options.data !== undefined ? { data: String(args.options.data) } : {}),
        csv: csvOptions(args),
        ...(args.options.out !== undefined ? { out: String(args.options.out) } : {}),
      },
      io,
    );
    if (!args.options.json) {
      print(result, io);
      return 0;
    }
    const { node, W, b, loss, valLoss } = result;
    io.out(JSON.stringify({ ok: true, node, W, b, loss, valLoss, out: result.out ?? null }));
    return 0;
  },
};
