/**
 * Data sets (CSV text is read by csv.ts): binding columns to a graph's Input and Target blocks, checking
 * targets against the losses they feed, standardisation and the train/validation split.
 */
import type { CsvReport } from './csv.js';
import type { Diagnostic } from './diagnostics.js';
import type { Normalization } from './format.js';
import type { CompiledGraph, CompiledNode } from './graph.js';
import { createRng } from './random.js';

export interface Dataset {
  name: string;
  /** Column names, in file order. */
  columns: string[];
  rows: number;
  /** Row-major values, `rows × columns.length`. */
  values: Float64Array;
  /** Columns whose text values were mapped to indices: the names in index order. */
  categories: Record<string, string[]>;
  /** Default target columns when the graph does not name its columns (else: the last columns). */
  targetColumns?: string[];
  /** The file line of each row (for messages); absent for generated data. */
  lines?: Uint32Array;
  /** How a CSV file's columns were read (absent for built-in sets). */
  csv?: CsvReport;
}

export type DataResult<T> = { ok: true; value: T; warnings: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

const dataError = (where: string, message: string, nodeIds?: string[]): Diagnostic => ({
  code: 'data',
  severity: 'error',
  where,
  message,
  ...(nodeIds ? { nodeIds } : {}),
});

/** One block's slice of the data: its columns' values, `rows × columns.length`. */
export interface BoundColumns {
  nodeId: string;
  columns: string[];
  values: Float64Array;
}

export interface BoundData {
  rows: number;
  inputs: BoundColumns[];
  targets: BoundColumns[];
  /** Class names (index order) of the target column that feeds a classification loss. */
  classes?: string[];
  /** File line of each row, for messages. */
  lines?: Uint32Array;
  source: string;
}

/** The class names of a text column, or undefined (also for names such as 'constructor' that objects inherit). */
const categoryNames = (data: Dataset, column: string): string[] | undefined =>
  Object.hasOwn(data.categories, column) ? data.categories[column] : undefined;

function dataNodes(graph: CompiledGraph, source: 'features' | 'targets'): CompiledNode[] {
  return graph.nodes.filter((n) => n.def.source === source).sort((a, b) => a.docIndex - b.docIndex);
}

/**
 * Assigns data columns to the graph's Input and Target blocks: by name where a block lists its
 * `columns`, else by position (inputs take the first feature columns, targets the last or the
 * data set's default target columns). Checks column counts and that targets suit their losses.
 */
export interface BindOptions {
  /** Bind only the Input blocks (for predictions on rows without targets). */
  inputsOnly?: boolean;
  /** Feature columns recorded when the graph was trained; used by name when the data has them. */
  features?: readonly string[];
}

export function bindData(graph: CompiledGraph, data: Dataset, options: BindOptions = {}): DataResult<BoundData> {
  const problems: Diagnostic[] = [];
  const inputs = dataNodes(graph, 'features');
  const targets = options.inputsOnly ? [] : dataNodes(graph, 'targets');
  const position = new Map(data.columns.map((c, i) => [c, i]));
  const describe = (cols: readonly string[]) =>
    cols.length > 6 ? `${cols.slice(0, 6).join(', ')}, …` : cols.join(', ');

  const defaultTargets =
    data.targetColumns ??
    (() => {
      const n = targets.filter((t) => !t.params.columns).reduce((s, t) => s + t.params.size, 0);
      return data.columns.slice(data.columns.length - n);
    })();
  const named = new Set([...inputs, ...targets].flatMap((n) => (n.params.columns as string[] | undefined) ?? []));
  const recorded = options.features?.every((c) => position.has(c))
    ? options.features.filter((c) => !named.has(c))
    : undefined;
  const pools = {
    targets: defaultTargets.filter((c) => !named.has(c)),
    features: recorded ? [...recorded] : data.columns.filter((c) => !defaultTargets.includes(c) && !named.has(c)),
  };

  const take = (node: CompiledNode, kind: 'features' | 'targets'): BoundColumns | null => {
    const size: number = node.params.size;
    const role = kind === 'features' ? 'input' : 'target';
    let columns: string[];
    if (node.params.columns) {
      columns = node.params.columns;
      const missing = columns.filter((c) => !position.has(c));
      if (missing.length > 0) {
        problems.push(
          dataError(
            `node ${node.id}`,
            `${role} '${node.id}' asks for column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}, which the data '${data.name}' does not have (it has ${describe(data.columns)})`,
            [node.id],
          ),
        );
        return null;
      }
    } else {
      const pool = pools[kind];
      if (pool.length < size) {
        const available =
          kind === 'features'
            ? `${pool.length} feature column${pool.length === 1 ? '' : 's'}${pool.length ? ` (${describe(pool)})` : ''}`
            : `${pool.length} target column${pool.length === 1 ? '' : 's'} left`;
        problems.push(
          dataError(
            `node ${node.id}`,
            `shape mismatch: ${role} '${node.id}' takes ${size} columns (params.size) but the data '${data.name}' has ${available}`,
            [node.id],
          ),
        );
        return null;
      }
      columns = pool.splice(0, size);
    }
    const values = new Float64Array(data.rows * size);
    const idx = columns.map((c) => position.get(c)!);
    const width = data.columns.length;
    for (let r = 0; r < data.rows; r++)
      for (let k = 0; k < size; k++) values[r * size + k] = data.values[r * width + idx[k]];
    return { nodeId: node.id, columns, values };
  };

  const boundInputs = inputs.map((n) => take(n, 'features'));
  const boundTargets = targets.map((n) => take(n, 'targets'));
  if (
    !options.inputsOnly &&
    pools.features.length > 0 &&
    inputs.length > 0 &&
    inputs.every((n) => !n.params.columns) &&
    boundInputs.every(Boolean)
  ) {
    const total = inputs.reduce((s, n) => s + (n.params.size as number), 0);
    problems.push(
      dataError(
        `node ${inputs[0].id}`,
        `shape mismatch: the input block${inputs.length > 1 ? 's take' : ` '${inputs[0].id}' takes`} ${total} column${total === 1 ? '' : 's'} (params.size) but the data '${data.name}' has ${total + pools.features.length} feature columns (${describe([...data.columns.filter((c) => !defaultTargets.includes(c))])})`,
        inputs.map((n) => n.id),
      ),
    );
  }

  // Targets must suit the losses they feed.
  let classes: string[] | undefined;
  for (const loss of graph.losses.map((n) => graph.nodes[n])) {
    const targetNode = graph.nodes[loss.inputs[1].source];
    const bound = boundTargets[targets.indexOf(targetNode)];
    if (!bound) continue;
    const predSize = graph.nodes[loss.inputs[0].source].outputSize;
    const line = (r: number) => (data.lines ? `line ${data.lines[r]}` : `row ${r + 1}`);
    const behaviour = loss.def.loss;
    if (behaviour?.classIndexTarget && targetNode.params.size === 1) {
      for (let r = 0; r < data.rows; r++) {
        const v = bound.values[r];
        if (!Number.isInteger(v) || v < 0 || v >= predSize) {
          problems.push(
            dataError(
              `${data.name}, ${line(r)}, column '${bound.columns[0]}'`,
              `target ${v} is not a class index of loss '${loss.id}', which has ${predSize} classes (0 … ${predSize - 1})`,
              [loss.id, targetNode.id],
            ),
          );
          break;
        }
      }
      classes ??= categoryNames(data, bound.columns[0]) ?? Array.from({ length: predSize }, (_, k) => String(k));
    } else if (behaviour?.classification === 'binary') {
      for (let i = 0; i < bound.values.length; i++) {
        const v = bound.values[i];
        if (v < 0 || v > 1) {
          const r = Math.floor(i / bound.columns.length);
          problems.push(
            dataError(
              `${data.name}, ${line(r)}, column '${bound.columns[i % bound.columns.length]}'`,
              `target ${v} is outside [0, 1], which ${loss.def.title} '${loss.id}' needs`,
              [loss.id, targetNode.id],
            ),
          );
          break;
        }
      }
      const names = categoryNames(data, bound.columns[0]);
      classes ??= names?.length === 2 ? names : undefined;
    }
  }
  if (problems.length > 0) return { ok: false, diagnostics: problems };
  return {
    ok: true,
    value: {
      rows: data.rows,
      inputs: boundInputs as BoundColumns[],
      targets: boundTargets as BoundColumns[],
      source: data.name,
      ...(classes ? { classes } : {}),
      ...(data.lines ? { lines: data.lines } : {}),
    },
    warnings: [],
  };
}

/** Row indices split into training and validation, shuffled by `seed` when validating. */
export function splitRows(
  rows: number,
  validationFraction: number,
  seed: number,
): { train: Uint32Array; validation: Uint32Array } {
  const all = Uint32Array.from({ length: rows }, (_, i) => i);
  const nVal = Math.floor(rows * validationFraction);
  if (nVal === 0) return { train: all, validation: new Uint32Array(0) };
  createRng(seed ^ 0x5eed).shuffle(all);
  return { train: all.slice(nVal).sort(), validation: all.slice(0, nVal).sort() };
}

/** Mean and standard deviation of every input column over the given rows (std 0 becomes 1). */
export function fitNormalization(data: BoundData, rows: ArrayLike<number>): Normalization {
  const columns: string[] = [];
  const mean: number[] = [];
  const std: number[] = [];
  for (const input of data.inputs) {
    const width = input.columns.length;
    input.columns.forEach((name, k) => {
      let s = 0;
      for (let i = 0; i < rows.length; i++) s += input.values[rows[i] * width + k];
      const m = rows.length ? s / rows.length : 0;
      let v = 0;
      for (let i = 0; i < rows.length; i++) v += (input.values[rows[i] * width + k] - m) ** 2;
      const sd = rows.length ? Math.sqrt(v / rows.length) : 0;
      columns.push(name);
      mean.push(m);
      std.push(sd > 1e-12 ? sd : 1);
    });
  }
  return { columns, mean, std };
}

/** A copy of the data with `(x − mean) / std` applied to the input columns the normalisation names. */
export function applyNormalization(data: BoundData, normalization: Normalization): BoundData {
  const stats = new Map(normalization.columns.map((c, i) => [c, i]));
  return {
    ...data,
    inputs: data.inputs.map((input) => {
      const width = input.columns.length;
      const values = input.values.slice();
      input.columns.forEach((name, k) => {
        const i = stats.get(name);
        if (i === undefined) return;
        const m = normalization.mean[i],
          s = normalization.std[i];
        for (let r = k; r < values.length; r += width) values[r] = (values[r] - m) / s;
      });
      return { ...input, values };
    }),
  };
}
