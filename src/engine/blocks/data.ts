/** Data blocks: where the rows of a batch enter the graph. The executor fills their output. */
import { MAX_COLUMNS } from '../limits.js';
import { defineBlock, type ParamField } from './block.js';

interface DataParams {
  /**
   * Inferred when the document leaves it out: from `columns`, else from the data (see
   * graph.ts), or for a Target from the loss it feeds.
   */
  size: number;
  columns?: string[];
}

const dataFields: readonly ParamField[] = [
  {
    kind: 'int',
    key: 'size',
    label: 'columns',
    min: 1,
    max: MAX_COLUMNS,
    optional: true,
    inferredFrom: 'its column names, else the data',
    help: 'How many data columns this block takes. Leave it out to take it from the column names or the data; give it to have it checked.',
  },
  {
    kind: 'strings',
    key: 'columns',
    label: 'column names',
    optional: true,
    help: 'Which data columns, by name; by position when absent.',
  },
];

/** A data block's forward and backward: the executor fills its output from the batch, and nothing flows back further. */
const nothingToCompute = (): void => undefined;

/** The size a data block's column names give; null when it has neither (the data decides, see graph.ts). */
const sizeFromColumns = (p: DataParams): DataParams | null =>
  p.size !== undefined ? p : p.columns ? { ...p, size: p.columns.length } : null;

export const input = defineBlock<DataParams>({
  type: 'input',
  category: 'data',
  title: 'Input',
  description: 'The feature columns of the data, one row per sample.',
  formula: { forward: 'x = data[batch, features]', backward: '∂L/∂x is reported, not used' },
  fields: dataFields,
  source: 'features',
  inputs: () => [],
  infer: sizeFromColumns,
  outputSize: (p) => p.size,
  forward: nothingToCompute,
  backward: nothingToCompute,
});

export const target = defineBlock<DataParams>({
  type: 'target',
  category: 'data',
  title: 'Target',
  description: 'The target columns of the data: class indices or values to predict.',
  formula: { forward: 't = data[batch, targets]', backward: '—' },
  fields: dataFields,
  source: 'targets',
  inputs: () => [],
  infer: sizeFromColumns,
  outputSize: (p) => p.size,
  forward: nothingToCompute,
  backward: nothingToCompute,
});
