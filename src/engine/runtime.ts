/**
 * The runtime: a trained document's forward pass in any JavaScript program (Node, a browser, a
 * worker), without the editor. `loadModel(document).predict(rows)` gives exactly what
 * `backprop predict` and the app give: the same column binding, the stored input normalisation,
 * a float64 forward pass, and classes named after `data.classes`.
 *
 * Published as `backprop-studio/runtime` (see docs/runtime.md). Pure: no DOM, no Node APIs.
 */
import type { Dataset } from './data.js';
import { DiagnosticError, isError, type Diagnostic } from './diagnostics.js';
import { loadDocument, parseDocument, type GraphDocument } from './format.js';
import { compileGraph, type CompiledGraph } from './graph.js';
import { bindDocumentData, predictDocument } from './inference.js';
import { reportedLoss } from './reporting.js';
import { inputColumns } from './interop/signature.js';

export { DiagnosticError, type Diagnostic } from './diagnostics.js';
export type { GraphDocument } from './format.js';

/** One Input block of the model and the feature columns it takes. */
export interface ModelInput {
  id: string;
  columns: string[];
}

/** A row: values in `model.columns` order, or an object keyed by column name (extra keys are ignored). */
export type ModelRow = readonly number[] | Readonly<Record<string, number>>;

export interface Prediction {
  /** The values the model's prediction node gives (what its first loss's `pred` port receives), one array per row. */
  outputs: number[][];
  /**
   * For a classifier, the predicted class of each row: the argmax for a multiclass loss, the
   * 0.5 threshold for a binary one with one output.
   */
  classes?: number[];
  /** The name of each row's predicted class, where the document stores class names (`data.classes`). */
  classNames?: string[];
}

export interface Model {
  readonly name: string;
  readonly description?: string;
  /** The validated document the model runs. */
  readonly document: GraphDocument;
  /** The feature columns of a row, in order: every Input block's columns, blocks in document order. */
  readonly columns: readonly string[];
  readonly inputs: readonly ModelInput[];
  /** The id of the node whose values `predict` returns. */
  readonly output: string;
  /** Columns of each output row: the target columns it was trained on where they match one to one, else `out0`, `out1`, … */
  readonly outputColumns: readonly string[];
  readonly task: 'regression' | 'binary' | 'multiclass';
  /** Class names in index order, for a classifier whose document stores them. */
  readonly classes?: readonly string[];
  /** What a caller should know: weights not trained yet, normalisation fitted per call, blocks that cannot learn. */
  readonly warnings: readonly Diagnostic[];
  /** Runs the model on rows of raw (not normalised) features. Throws DiagnosticError on bad rows. */
  predict(rows: readonly ModelRow[]): Prediction;
}

/** A row predict() cannot take: its English `message`, its catalogue key (`runtime.*`) and values. */
const rowError = (
  where: string,
  message: string,
  key: string,
  values?: Record<string, string | number>,
): DiagnosticError =>
  new DiagnosticError([
    { code: 'data', severity: 'error', where, message, key: `runtime.${key}`, ...(values ? { values } : {}) },
  ]);

/**
 * Loads a model from a graph document: the parsed JSON value, or the text of a `.bps.json`
 * file. Throws a DiagnosticError listing every problem (where and what) when the document is
 * not a valid graph.
 */
export function loadModel(source: GraphDocument | string | unknown): Model {
  const loaded = typeof source === 'string' ? parseDocument(source) : loadDocument(source);
  if (!loaded.ok) throw new DiagnosticError(loaded.diagnostics);
  const compiled = compileGraph(loaded.document);
  if (!compiled.ok) throw new DiagnosticError(compiled.diagnostics.filter(isError));
  return createModel(compiled.graph, compiled.diagnostics);
}

function createModel(graph: CompiledGraph, diagnostics: Diagnostic[]): Model {
  const doc = graph.document;
  const inputs = inputColumns(graph).map(({ id, columns }) => ({ id, columns }));
  const columns = inputs.flatMap((i) => i.columns);
  const loss = reportedLoss(graph);
  const pred = graph.nodes[loss.inputs[0].source];
  const kind = loss.def.loss?.classification;
  const task = kind ?? 'regression';
  const classifies = kind === 'multiclass' || (kind === 'binary' && pred.outputSize === 1);
  const targets = doc.data?.targets;
  const outputColumns =
    kind !== 'multiclass' && targets?.length === pred.outputSize
      ? [...targets]
      : pred.outputSize === 1
        ? ['out']
        : Array.from({ length: pred.outputSize }, (_, k) => `out${k}`);
  const classes = classifies ? doc.data?.classes : undefined;

  const warnings: Diagnostic[] = [...diagnostics];
  const unstored = graph.nodes.filter((n) => n.def.weightShapes && !doc.nodes[n.docIndex].weights);
  if (unstored.length > 0) {
    warnings.push({
      code: 'weights',
      severity: 'warning',
      where: '(graph)',
      message: `no trained weights for ${unstored.map((n) => `'${n.id}'`).join(', ')}: they start from params and training.seed, as in the app before training`,
      key: 'runtime.unstored',
      values: { ids: unstored.map((n) => `'${n.id}'`).join(', ') },
      nodeIds: unstored.map((n) => n.id),
    });
  }
  if (doc.data?.standardize && !doc.data.normalization) {
    warnings.push({
      code: 'data',
      severity: 'warning',
      where: 'data.standardize',
      message:
        'the document asks for standardised inputs but stores no statistics: each predict() call standardises with its own rows, as `backprop predict` does',
      key: 'runtime.standardize',
    });
  }

  function toDataset(rows: readonly ModelRow[]): Dataset {
    if (!Array.isArray(rows))
      throw rowError('rows', `predict() takes an array of rows, got ${rows === null ? 'null' : typeof rows}`, 'rows', {
        got: rows === null ? 'null' : typeof rows,
      });
    const width = columns.length;
    const values = new Float64Array(rows.length * width);
    rows.forEach((row: ModelRow, r) => {
      if (Array.isArray(row)) {
        if (row.length !== width) {
          throw rowError(
            `row ${r}`,
            `the row has ${row.length} values but the model takes ${width} (${describe(columns)})`,
            'width',
            { count: row.length, width, columns: describe(columns) },
          );
        }
        row.forEach((v, c) => (values[r * width + c] = checkValue(v, r, columns[c])));
      } else if (typeof row === 'object' && row !== null) {
        const record = row as Readonly<Record<string, number>>;
        columns.forEach((name, c) => {
          if (!Object.hasOwn(record, name))
            throw rowError(
              `row ${r}`,
              `the row has no column '${name}' (the model takes ${describe(columns)})`,
              'noColumn',
              { name, columns: describe(columns) },
            );
          values[r * width + c] = checkValue(record[name], r, name);
        });
      } else {
        throw rowError(
          `row ${r}`,
          `a row must be an array of numbers or an object of column values, got ${row === null ? 'null' : typeof row}`,
          'row',
          { got: row === null ? 'null' : typeof row },
        );
      }
    });
    return { name: 'rows', columns, rows: rows.length, values, categories: {} };
  }

  return {
    name: doc.name,
    ...(doc.description !== undefined ? { description: doc.description } : {}),
    document: doc,
    columns,
    inputs,
    output: pred.id,
    outputColumns,
    task,
    ...(classes ? { classes } : {}),
    warnings,
    predict(rows) {
      const dataset = toDataset(rows);
      if (dataset.rows === 0) return { outputs: [] };
      const bound = bindDocumentData(graph, dataset, { inputsOnly: true });
      if (!bound.ok) throw new DiagnosticError(bound.diagnostics);
      const result = predictDocument(graph, bound.value);
      const prediction: Prediction = { outputs: result.outputs };
      if (result.classes) {
        const names = doc.data?.classes;
        prediction.classes = result.classes.map((c) => (typeof c === 'number' ? c : names!.indexOf(c)));
        if (names) prediction.classNames = result.classes.map(String);
      }
      return prediction;
    },
  };
}

function checkValue(v: unknown, row: number, column: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw rowError(
      `row ${row}, column '${column}'`,
      `expected a finite number, got ${typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? typeof v)}`,
      'value',
      { got: typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? typeof v) },
    );
  }
  return v;
}

const describe = (cols: readonly string[]) => (cols.length > 6 ? `${cols.slice(0, 6).join(', ')}, …` : cols.join(', '));
