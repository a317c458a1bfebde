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

/**
 * A problem of the data a graph is bound to: its English message, and its catalogue key
 * (`diagnostics.dataBinding.…`) with the values it names (the English catalogue gives `message`).
 */
const dataError = (
  where: string,
  [key, message, values]: [string, string, Record<string, string | number>],
  nodeIds?: string[],
): Diagnostic => ({
  code: 'data',
  severity: 'error',
  where,
  message,
  key: `dataBinding.${key}`,
  values,
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

/** The graph's Input (`features`) or Target (`targets`) blocks, in document order. */
export function dataNodes(graph: CompiledGraph, source: 'features' | 'targets'): CompiledNode[] {
  return graph.nodes.filter((n) => n.def.source === source).sort((a, b) => a.docIndex - b.docIndex);
}

/** Where an Input block's feature columns come from (see planInputColumns). */
export type ColumnSource = 'own' | 'recorded' | 'data' | 'generated';

export interface InputColumns {
  node: CompiledNode;
  columns: string[];
  source: ColumnSource;
}

/**
 * The feature columns of each Input block (document order): the one rule by which data is bound
 * (the app, the CLI, the runtime) and a model is described for export. A block that names its
 * `columns` takes those. The others take, in document order, the feature columns recorded at
 * training (`data.features`) that no block names, when those cover them and — given the data —
 * the data has the ones they take; else the data's feature columns that no block names (`available.features`,
 * in file order), or, with no data, generated names (`x0`, `x1`, … after the block's id). A block
 * whose pool runs short gets what is left (the binder names the mismatch); `unused` is what no
 * block took.
 */
export function planInputColumns(
  inputs: readonly CompiledNode[],
  named: ReadonlySet<string>,
  recorded: readonly string[] | undefined,
  available?: { columns: ReadonlySet<string>; features: readonly string[] },
): { blocks: InputColumns[]; unused: string[] } {
  const unnamed = inputs.filter((n) => !n.params.columns).reduce((s, n) => s + (n.params.size as number), 0);
  const fromRecord = (recorded ?? []).filter((c) => !named.has(c));
  const useRecord =
    recorded !== undefined &&
    fromRecord.length >= unnamed &&
    (!available || fromRecord.slice(0, unnamed).every((c) => available.columns.has(c)));
  const pool = useRecord ? fromRecord : available ? available.features.filter((c) => !named.has(c)) : [];
  const source: ColumnSource = useRecord ? 'recorded' : available ? 'data' : 'generated';
  const taken = new Set([...named, ...pool]);
  let next = 0;
  const blocks = inputs.map((node): InputColumns => {
    const own = node.params.columns as string[] | undefined;
    if (own) return { node, columns: [...own], source: 'own' };
    const size: number = node.params.size;
    if (source !== 'generated') {
      const columns = pool.slice(next, next + size);
      next += columns.length;
      return { node, columns, source };
    }
    const columns: string[] = [];
    for (let i = 0; columns.length < size; i++) {
      const name = `${node.id}${i}`;
      if (taken.has(name)) continue;
      taken.add(name);
      columns.push(name);
    }
    return { node, columns, source };
  });
  return { blocks, unused: pool.slice(next) };
}

/** Every column the given data blocks name in their `columns`. */
export const namedColumns = (blocks: readonly CompiledNode[]): Set<string> =>
  new Set(blocks.flatMap((n) => (n.params.columns as string[] | undefined) ?? []));

/**
 * Assigns data columns to the graph's Input and Target blocks: by name where a block lists its
 * `columns`, else by position (inputs take the first feature columns, see planInputColumns;
 * targets the last or the data set's default target columns). Checks column counts and that
 * targets suit their losses.
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
  const named = namedColumns([...inputs, ...targets]);
  const plan = planInputColumns(inputs, named, options.features, {
    columns: new Set(data.columns),
    features: data.columns.filter((c) => !defaultTargets.includes(c)),
  });
  const targetPool = defaultTargets.filter((c) => !named.has(c));

  const take = (node: CompiledNode, kind: 'features' | 'targets', planned?: InputColumns): BoundColumns | null => {
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
            [
              `${role}ColumnsMissing`,
              `${role} '${node.id}' asks for column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}, which the data '${data.name}' does not have (it has ${describe(data.columns)})`,
              {
                id: node.id,
                count: missing.length,
                columns: missing.map((m) => `'${m}'`).join(', '),
                data: data.name,
                has: describe(data.columns),
              },
            ],
            [node.id],
          ),
        );
        return null;
      }
    } else {
      // An input's columns come from the plan; a target's from what the targets before it left.
      const offered = planned ? planned.columns : targetPool.slice(0, size);
      if (offered.length < size) {
        const left = planned ? offered.length : targetPool.length;
        const available =
          kind === 'features'
            ? `${left} feature column${left === 1 ? '' : 's'}${left ? ` (${describe(offered)})` : ''}`
            : `${left} target column${left === 1 ? '' : 's'} left`;
        const variant = kind === 'targets' ? 'targetTooFew' : left ? 'inputTooFew' : 'inputNoFeatures';
        problems.push(
          dataError(
            `node ${node.id}`,
            [
              variant,
              `shape mismatch: ${role} '${node.id}' takes ${size} columns (params.size) but the data '${data.name}' has ${available}`,
              { id: node.id, size, data: data.name, count: left, columns: describe(offered) },
            ],
            [node.id],
          ),
        );
        return null;
      }
      columns = offered;
      if (!planned) targetPool.splice(0, size);
    }
    const values = new Float64Array(data.rows * size);
    const idx = columns.map((c) => position.get(c)!);
    const width = data.columns.length;
    for (let r = 0; r < data.rows; r++)
      for (let k = 0; k < size; k++) values[r * size + k] = data.values[r * width + idx[k]];
    return { nodeId: node.id, columns, values };
  };

  const boundInputs = inputs.map((n, i) => take(n, 'features', plan.blocks[i]));
  const boundTargets = targets.map((n) => take(n, 'targets'));
  if (
    !options.inputsOnly &&
    plan.unused.length > 0 &&
    inputs.length > 0 &&
    inputs.every((n) => !n.params.columns) &&
    boundInputs.every(Boolean)
  ) {
    const total = inputs.reduce((s, n) => s + (n.params.size as number), 0);
    const features = describe([...data.columns.filter((c) => !defaultTargets.includes(c))]);
    problems.push(
      dataError(
        `node ${inputs[0].id}`,
        [
          inputs.length > 1 ? 'inputsTakeFewer' : 'inputTakesFewer',
          `shape mismatch: the input block${inputs.length > 1 ? 's take' : ` '${inputs[0].id}' takes`} ${total} column${total === 1 ? '' : 's'} (params.size) but the data '${data.name}' has ${total + plan.unused.length} feature columns (${features})`,
          {
            id: inputs[0].id,
            count: total,
            data: data.name,
            features: total + plan.unused.length,
            columns: features,
          },
        ],
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
              [
                'notClassIndex',
                `target ${v} is not a class index of loss '${loss.id}', which has ${predSize} classes (0 … ${predSize - 1})`,
                { value: v, id: loss.id, classes: predSize, last: predSize - 1 },
              ],
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
              [
                'outsideUnit',
                `target ${v} is outside [0, 1], which ${loss.def.title} '${loss.id}' needs`,
                { value: v, block: loss.def.title, blockType: loss.def.type, id: loss.id },
              ],
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

/** The largest float32: training computes in 32-bit floats, so every value it is fed must be within ±this. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Mean and standard deviation of every input column over the given rows (std 0 becomes 1). A
 * column whose sum or squared deviations exceed a double (values near 1e200 and beyond) is
 * measured again on values divided by its largest magnitude, so its statistics are exact rather
 * than infinite (which a document would store as null).
 */
export function fitNormalization(data: BoundData, rows: ArrayLike<number>): Normalization {
  const columns: string[] = [];
  const mean: number[] = [];
  const std: number[] = [];
  const n = rows.length;
  for (const input of data.inputs) {
    const width = input.columns.length;
    const values = input.values;
    input.columns.forEach((name, k) => {
      const moments = (scale: number) => {
        let s = 0;
        for (let i = 0; i < n; i++) s += values[rows[i] * width + k] / scale;
        const m = n ? s / n : 0;
        let v = 0;
        for (let i = 0; i < n; i++) v += (values[rows[i] * width + k] / scale - m) ** 2;
        return { m, sd: n ? Math.sqrt(v / n) : 0 };
      };
      let { m, sd } = moments(1);
      if (!Number.isFinite(m) || !Number.isFinite(sd)) {
        let largest = 0;
        for (let i = 0; i < n; i++) largest = Math.max(largest, Math.abs(values[rows[i] * width + k]));
        const scaled = moments(largest);
        m = scaled.m * largest;
        sd = scaled.sd * largest;
      }
      columns.push(name);
      mean.push(m);
      std.push(sd > 1e-12 ? sd : 1);
    });
  }
  return { columns, mean, std };
}

/**
 * The input normalisation a training run uses — one rule for the app's session, `backprop train`
 * and `backprop solve`. A stored normalisation is part of the model (the format applies it
 * wherever it is stored, also to only some columns, as an imported model may): it is kept while
 * every column it names is still bound, so a trained document goes on as it was trained; when it
 * names a column the inputs no longer take, it is fitted again on the training rows (`true`).
 * Without one, `standardize` asks for a fit; otherwise there is none. (Unticking "standardise"
 * in the app removes the stored statistics.)
 */
export function trainingNormalization(
  stored: Normalization | undefined,
  data: BoundData,
  standardize: boolean,
): Normalization | true | undefined {
  if (!stored) return standardize ? true : undefined;
  const bound = new Set(data.inputs.flatMap((i) => i.columns));
  return stored.columns.every((c) => bound.has(c)) ? stored : true;
}

/**
 * Per column of `columns`, the mean and std `normalization` stores for it (0 and 1 for a column
 * it does not name); undefined when it names none of them. The one reading of a stored
 * normalisation: training, prediction and every exporter apply it through this.
 */
export function columnNormalization(
  normalization: Normalization | undefined,
  columns: readonly string[],
): { mean: number[]; std: number[] } | undefined {
  if (!normalization) return undefined;
  const at = new Map(normalization.columns.map((c, i) => [c, i]));
  if (!columns.some((c) => at.has(c))) return undefined;
  const index = columns.map((c) => at.get(c));
  return {
    mean: index.map((i) => (i === undefined ? 0 : normalization.mean[i])),
    std: index.map((i) => (i === undefined ? 1 : normalization.std[i])),
  };
}

/** `(x − mean) / std`, also when `x − mean` alone would exceed a double. */
export function normalizeValue(x: number, mean: number, std: number): number {
  const v = (x - mean) / std;
  return Number.isFinite(v) ? v : x / std - mean / std;
}

/** A copy of the data with `(x − mean) / std` applied to the input columns the normalisation names. */
export function applyNormalization(data: BoundData, normalization: Normalization): BoundData {
  return {
    ...data,
    inputs: data.inputs.map((input) => {
      const stats = columnNormalization(normalization, input.columns);
      if (!stats) return input;
      const width = input.columns.length;
      const values = input.values.slice();
      for (let k = 0; k < width; k++) {
        const m = stats.mean[k];
        const s = stats.std[k];
        if (m === 0 && s === 1) continue;
        for (let r = k; r < values.length; r += width) values[r] = normalizeValue(values[r], m, s);
      }
      return { ...input, values };
    }),
  };
}

/**
 * The values training would be fed that a 32-bit float cannot hold (beyond ±3.4e38): the first
 * of each column, named by file line and column, so that they are reported as a data problem
 * rather than surfacing as a diverged run.
 */
export function float32Problems(data: BoundData, standardized: boolean): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const groups = [...data.inputs.map((g) => ({ g, input: true })), ...data.targets.map((g) => ({ g, input: false }))];
  for (const { g, input } of groups) {
    const width = g.columns.length;
    for (let k = 0; k < width && problems.length < 20; k++) {
      for (let r = 0; r < data.rows; r++) {
        const v = g.values[r * width + k];
        if (Math.abs(v) <= FLOAT32_MAX) continue;
        const line = data.lines ? `line ${data.lines[r]}` : `row ${r + 1}`;
        const advice =
          input && !standardized
            ? 'rescale the column (other units) or standardise the inputs'
            : input
              ? 'its column spreads too widely even standardised; rescale it'
              : 'rescale the target column (other units)';
        problems.push(
          dataError(
            `${data.source}, ${line}, column '${g.columns[k]}'`,
            [
              input && !standardized ? 'tooLargeInput' : input ? 'tooLargeStandardized' : 'tooLargeTarget',
              `${v} is too large for the 32-bit numbers training computes with (at most ±3.4e38${input && standardized ? ' after standardising' : ''}): ${advice}`,
              { value: v },
            ],
            [g.nodeId],
          ),
        );
        break;
      }
    }
  }
  return problems;
}
