/**
 * Using a data set in the graph: load it, record its source in the document, and point the
 * graph's Input and Target blocks at its columns (their size follows the data).
 */
import type { Dataset } from '../../../engine/index.js';
import type { Services } from '../context.js';
import type { EditorState } from '../editor/store.js';
import type { DataSpec } from '../../../session/protocol.js';
import { loadData, sourceName } from './store.js';

/** Target columns by default: the data set's own, else the last column. */
export function defaultTargets(dataset: Dataset): string[] {
  return dataset.targetColumns ?? dataset.columns.slice(-1);
}

export function setColumns(editor: EditorState, nodeId: string, columns: string[]): void {
  const node = editor.nodes.find((n) => n.id === nodeId);
  if (!node || columns.length === 0) return;
  const same =
    node.data.params.size === columns.length && JSON.stringify(node.data.params.columns) === JSON.stringify(columns);
  if (!same) editor.updateParams(nodeId, { ...node.data.params, size: columns.length, columns });
}

/**
 * Points the graph's only Input and Target at the data: the feature columns to the input, the
 * target columns to the target. With several data blocks, blocks whose named columns exist keep
 * them and the rest is left to the user.
 */
export function assignColumns(editor: EditorState, dataset: Dataset): void {
  const inputs = editor.nodes.filter((n) => n.data.type === 'input');
  const targets = editor.nodes.filter((n) => n.data.type === 'target');
  const targetColumns = defaultTargets(dataset);
  const features = dataset.columns.filter((c) => !targetColumns.includes(c));
  const fits = (cols: unknown) =>
    Array.isArray(cols) && cols.length > 0 && cols.every((c) => dataset.columns.includes(c as string));
  if (
    inputs.length === 1 &&
    !(
      fits(inputs[0].data.params.columns) &&
      (inputs[0].data.params.columns as string[]).every((c) => features.includes(c))
    )
  ) {
    setColumns(editor, inputs[0].id, features);
  }
  if (targets.length === 1 && !fits(targets[0].data.params.columns)) setColumns(editor, targets[0].id, targetColumns);
}

/** Loads `spec` and wires it into the graph. Returns false (keeping the old data) when it fails. */
export function applyData(services: Pick<Services, 'editor' | 'data'>, spec: DataSpec): boolean {
  if (!loadData(services.data, spec)) return false;
  const s = services.editor.getState();
  s.setMeta({ data: { ...s.meta.data, source: sourceName(spec) } });
  assignColumns(services.editor.getState(), services.data.getState().dataset!);
  return true;
}
