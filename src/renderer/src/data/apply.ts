/**
 * Using a data set in the graph: load it, record its source in the document, and point the
 * graph's Input and Target blocks at its columns (their size follows the data).
 */
import { csvOptionsOf, csvReading, type DataInfo, type Dataset } from '../../../engine/index.js';
import type { Services } from '../context.js';
import type { EditorState } from '../editor/store.js';
import type { DataSpec } from '../../../session/protocol.js';
import { loadIntoStore, sourceName } from './store.js';

/** Target columns by default: the data set's own, else the last column. */
export function defaultTargets(dataset: Dataset): string[] {
  return dataset.targetColumns ?? dataset.columns.slice(-1);
}

/**
 * Points a data block at `columns`. Its size follows from them; a size the block gives (pinned)
 * is kept in step with them.
 */
export function setColumns(editor: EditorState, nodeId: string, columns: string[]): void {
  const node = editor.nodes.find((n) => n.id === nodeId);
  if (!node || columns.length === 0) return;
  const pinned = node.data.params.size !== undefined;
  const same =
    (!pinned || node.data.params.size === columns.length) &&
    JSON.stringify(node.data.params.columns) === JSON.stringify(columns);
  if (!same) editor.updateParams(nodeId, { ...node.data.params, ...(pinned ? { size: columns.length } : {}), columns });
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

/**
 * Loads `spec` and wires it into the graph, recording in the document its source and how a CSV
 * was read (see csvReading). A CSV the document names, loaded without choices, is read as the
 * document records. Returns false (keeping the old data) when it fails.
 */
export function applyData(services: Pick<Services, 'editor' | 'data'>, spec: DataSpec): boolean {
  if (!loadIntoStore(services.data, asRecorded(services.editor.getState().meta.data, spec))) return false;
  const s = services.editor.getState();
  const dataset = services.data.getState().dataset!;
  const { csv: _previous, ...rest } = s.meta.data ?? {};
  const reading = csvReading(dataset.csv);
  s.setMeta({ data: { ...rest, source: sourceName(spec), ...(reading ? { csv: reading } : {}) } });
  assignColumns(services.editor.getState(), dataset);
  return true;
}

/** A path's last part: a document may name its CSV by a path (the CLI's), a loaded file comes by name. */
const fileName = (path: string) => path.split(/[\\/]/).pop();

/** `spec`, read as the document records when it is the CSV the document names and comes without choices. */
export function asRecorded(data: DataInfo | undefined, spec: DataSpec): DataSpec {
  if (spec.kind !== 'csv' || spec.options !== undefined || !data?.csv || !data.source) return spec;
  if (fileName(data.source) !== fileName(spec.name)) return spec;
  return { ...spec, options: csvOptionsOf(data.csv) };
}
