/** `backprop predict FILE --data SRC`: runs a trained document on new rows. */
import {
  bindDocumentData,
  predictDocument,
  reportedLoss,
  type CsvOptions,
  type DocumentPredictions,
  type GraphDocument,
} from '../../engine/index.js';
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
import { CliError, fromDiagnostic } from '../problems.js';

export interface PredictOptions {
  file: string;
  data?: string;
  /** How to read a CSV (--missing, --numbers). */
  csv?: CsvOptions;
}

export interface PredictResult extends DocumentPredictions {
  /** CSV header names of the output columns. */
  columns: string[];
}

/**
 * Output column names: the target columns the document was trained on when they match the
 * outputs one to one (a regression or a single probability), else `out0`, `out1`, …
 */
function outputColumns(document: GraphDocument, count: number, multiclass: boolean): string[] {
  const targets = document.data?.targets;
  if (!multiclass && targets?.length === count) return [...targets];
  return count === 1 ? ['out'] : Array.from({ length: count }, (_, k) => `out${k}`);
}

/** Predicts every row of the data (target columns, if present, are ignored). Throws CliError on bad input. */
export function predict(options: PredictOptions, io?: Io): PredictResult {
  const { document, dataset } = openDocumentWithData(options.file, options.data, 'predict', options.csv);
  if (io) printWarnings(document, io);
  const bound = bindDocumentData(document.graph, dataset, { inputsOnly: true });
  if (!bound.ok) throw new CliError(bound.diagnostics.map((d) => fromDiagnostic(d)));
  const result = predictDocument(document.graph, bound.value);
  const multiclass = reportedLoss(document.graph).def.loss?.classification === 'multiclass';
  return { ...result, columns: outputColumns(document.document, result.outputs[0]?.length ?? 0, multiclass) };
}

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const options: OptionSpec[] = [...dataOptions, jsonOption, helpOption];

export const predictCommand: Command = {
  name: 'predict',
  summary: 'run a trained document on new rows (prints CSV)',
  usage: 'predict FILE [--data SRC]',
  details: [
    'Runs the document on every row of the data: the input columns are picked as in training (by name where the document recorded them), the stored input normalisation is applied, target columns are not needed. Prints CSV: the output columns and, for a classifier, a `class` column with the predicted class (its name when the document stores data.classes).',
    '--json prints {"outputs":[[…]],"classes"?:[…]}; outputs are the values fed to the loss\'s pred port.',
  ],
  options,
  run(args: ParsedArgs, io) {
    const result = predict(
      { file: fileArgument(args, 'predict'), data: args.options.data as string | undefined, csv: csvOptions(args) },
      io,
    );
    if (args.options.json) {
      io.out(JSON.stringify({ outputs: result.outputs, classes: result.classes }));
      return 0;
    }
    io.out([...result.columns, ...(result.classes ? ['class'] : [])].map(csvCell).join(','));
    result.outputs.forEach((row, r) =>
      io.out([...row, ...(result.classes ? [result.classes[r]] : [])].map(csvCell).join(',')),
    );
    return 0;
  },
};
