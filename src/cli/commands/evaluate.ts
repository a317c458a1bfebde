/** `backprop eval FILE --data SRC [--grads]`: one forward (and backward) pass, no update. */
import { bindDocumentData, evaluateDocument, type DocumentEvaluation, type CsvOptions } from '../../engine/index.js';
import type { OptionSpec, ParsedArgs } from '../args.js';
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
import { formatNumber, formatPercent, formatValues, nest, table } from '../output.js';
import { CliError, fromDiagnostic } from '../problems.js';

export interface EvalOptions {
  file: string;
  data?: string;
  /** How to read a CSV (--missing, --numbers). */
  csv?: CsvOptions;
  grads?: boolean;
}

/** Evaluates the document's weights on all rows of the data. Throws CliError on bad input. */
export function evaluate(options: EvalOptions, io?: Io): DocumentEvaluation {
  const { document, dataset } = openDocumentWithData(options.file, options.data, 'eval', options.csv);
  if (io) printWarnings(document, io);
  const bound = bindDocumentData(document.graph, dataset);
  if (!bound.ok) throw new CliError(bound.diagnostics.map((d) => fromDiagnostic(d)));
  return evaluateDocument(document.graph, bound.value, { gradients: options.grads });
}

/** Rows shown in the human table; --json gives all. */
const SHOWN_ROWS = 20;
/** Output columns shown one per table column; more are summarised by the predicted class. */
const SHOWN_COLUMNS = 6;

function print(result: DocumentEvaluation, io: Io): void {
  const rows = result.outputs.length;
  io.out(`loss      ${formatNumber(result.loss)}   (mean over ${rows} row${rows === 1 ? '' : 's'})`);
  const losses = Object.entries(result.losses);
  if (losses.length > 1) for (const [id, value] of losses) io.out(`  ${id.padEnd(8)}${formatNumber(value)}`);
  if (result.accuracy !== undefined) io.out(`accuracy  ${formatPercent(result.accuracy)}`);
  io.out('');
  const cols = result.outputs[0]?.length ?? 0;
  const showColumns = cols <= SHOWN_COLUMNS;
  const targetCols = result.targets[0]?.length ?? 0;
  const header = [
    'row',
    ...(targetCols === 1 ? ['target'] : Array.from({ length: targetCols }, (_, k) => `target${k}`)),
    ...(showColumns
      ? cols === 1
        ? [result.outputNode]
        : Array.from({ length: cols }, (_, k) => `${result.outputNode}[${k}]`)
      : []),
    ...(result.classes ? ['predicted'] : []),
  ];
  const lines = result.outputs
    .slice(0, SHOWN_ROWS)
    .map((out, r) => [
      String(r + 1),
      ...result.targets[r].map(formatNumber),
      ...(showColumns ? out.map(formatNumber) : []),
      ...(result.classes ? [String(result.classes[r])] : []),
    ]);
  for (const line of table(
    header,
    lines,
    header.map(() => 'right'),
  ))
    io.out(line);
  if (rows > SHOWN_ROWS) io.out(`… ${rows - SHOWN_ROWS} more rows (--json prints them all)`);
  if (!result.gradients) return;
  io.out('');
  io.out('gradients of the loss over all rows:');
  const gradRows = Object.entries(result.gradients).flatMap(([node, weights]) =>
    Object.entries(weights).map(([name, g]) => {
      const norm = Math.sqrt(g.data.reduce((s, v) => s + v * v, 0));
      return [
        node,
        name,
        `[${g.shape.join(', ')}]`,
        formatNumber(norm),
        g.data.length <= 12 ? formatValues(g.shape, g.data) : '(--json prints them)',
      ];
    }),
  );
  for (const line of table(['node', 'weight', 'shape', '‖∂L/∂w‖', 'values'], gradRows, [
    'left',
    'left',
    'left',
    'right',
    'left',
  ]))
    io.out(line);
}

const options: OptionSpec[] = [
  ...dataOptions,
  { name: 'grads', kind: 'flag', help: 'also run one backward pass and print every parameter gradient' },
  jsonOption,
  helpOption,
];

export const evalCommand: Command = {
  name: 'eval',
  summary: 'one forward (and with --grads backward) pass over all rows, no update',
  usage: 'eval FILE [--data SRC] [--grads]',
  details: [
    "Runs the document's weights as they are (a document without weights starts from its params and training.seed) on all rows, with the input normalisation the document stores. Nothing is updated.",
    '--json prints {"loss":…,"accuracy"?:…,"outputs":[[…]],"grads"?:{"NODE":{"W":[[…]],"b":[…]}}}; outputs are the values fed to the loss\'s pred port, one array per row.',
  ],
  options,
  run(args: ParsedArgs, io) {
    const result = evaluate(
      {
        file: fileArgument(args, 'eval'),
        data: args.options.data as string | undefined,
        csv: csvOptions(args),
        grads: args.options.grads === true,
      },
      io,
    );
    if (!args.options.json) {
      print(result, io);
      return 0;
    }
    const grads = result.gradients
      ? Object.fromEntries(
          Object.entries(result.gradients).map(([node, ws]) => [
            node,
            Object.fromEntries(Object.entries(ws).map(([name, g]) => [name, nest(g.shape, g.data)])),
          ]),
        )
      : undefined;
    io.out(JSON.stringify({ loss: result.loss, accuracy: result.accuracy, outputs: result.outputs, grads }));
    return 0;
  },
};
