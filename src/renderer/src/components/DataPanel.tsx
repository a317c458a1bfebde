/**
 * The data panel: pick a built-in set (generated ones with samples, noise and seed) or load a
 * CSV; preview it; assign its columns to the graph's Input and Target blocks (their size follows);
 * standardisation and the validation split. Bad rows are listed with their line numbers.
 */
import { useMemo } from 'react';
import { builtinDatasets, findBlock, type Dataset } from '../../../engine/index.js';
import { useDataState, useEditor, useServices } from '../context.js';
import { applyData, defaultTargets, setColumns } from '../data/apply.js';
import type { DataSpec } from '../../../session/protocol.js';
import { toast } from '../ui.js';
import { DiagnosticList } from './DiagnosticList.js';

const PREVIEW_ROWS = 8;

function Preview({ dataset, roles }: { dataset: Dataset; roles: Map<string, string> }) {
  const rows = Math.min(PREVIEW_ROWS, dataset.rows);
  const width = dataset.columns.length;
  const shown = dataset.columns.slice(0, 12);
  return (
    <div className="preview">
      <table data-testid="data-preview">
        <thead>
          <tr>
            {shown.map((c) => (
              <th
                key={c}
                className={roles.get(c) ? `role-${roles.get(c)}` : ''}
                title={roles.get(c) ? `${c} → ${roles.get(c)}` : `${c} (not used)`}
              >
                {c}
              </th>
            ))}
            {width > shown.length && <th>… {width - shown.length} more</th>}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: rows }, (_, r) => (
            <tr key={r}>
              {shown.map((c, k) => {
                const v = dataset.values[r * width + k];
                const names = dataset.categories[c];
                return <td key={c}>{names ? names[v] : Number.isInteger(v) ? v : v.toFixed(3)}</td>;
              })}
              {width > shown.length && <td>…</td>}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        {dataset.rows} rows × {width} columns
        {Object.entries(dataset.categories)
          .map(
            ([c, names]) =>
              ` · ${c}: ${names.length} classes (${names.slice(0, 4).join(', ')}${names.length > 4 ? ', …' : ''})`,
          )
          .join('')}
      </p>
    </div>
  );
}

function ColumnPicker({ nodeId, kind, dataset }: { nodeId: string; kind: 'input' | 'target'; dataset: Dataset }) {
  const { editor } = useServices();
  const node = useEditor((s) => s.nodes.find((n) => n.id === nodeId));
  const named = node?.data.params.columns as string[] | undefined;
  // Without named columns a block takes its columns by position, as the engine binds them.
  const size = Number(node?.data.params.size ?? 0);
  const targets = defaultTargets(dataset);
  const implied =
    kind === 'input' ? dataset.columns.filter((c) => !targets.includes(c)).slice(0, size) : targets.slice(0, size);
  const chosen = named ?? implied;
  const toggle = (c: string) => {
    const next = chosen.includes(c)
      ? chosen.filter((x) => x !== c)
      : dataset.columns.filter((x) => x === c || chosen.includes(x));
    if (next.length === 0) return toast('A data block needs at least one column.', 'error');
    setColumns(editor.getState(), nodeId, next);
  };
  return (
    <fieldset className="column-picker" data-testid={`columns-${nodeId}`}>
      <legend>
        {kind === 'input' ? 'Input' : 'Target'} <code>{nodeId}</code> takes {size} column{size === 1 ? '' : 's'}
        {named ? '' : ' (by position)'}
      </legend>
      <div className="column-list">
        {dataset.columns.map((c) => (
          <label key={c} className="chip">
            <input type="checkbox" checked={chosen.includes(c)} onChange={() => toggle(c)} /> {c}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function DataPanel() {
  const { editor, data, platform } = useServices();
  const spec = useDataState((s) => s.spec);
  const dataset = useDataState((s) => s.dataset);
  const problems = useDataState((s) => s.diagnostics);
  const missing = useDataState((s) => s.missingFile);
  const meta = useEditor((s) => s.meta);
  const columnsKey = useEditor((s) =>
    JSON.stringify(
      s.nodes
        .filter((n) => findBlock(n.data.type)?.source)
        .map((n) => [n.id, n.data.type, n.data.params.columns ?? null]),
    ),
  );
  const dataBlocks = useMemo(
    () => JSON.parse(columnsKey) as [string, 'input' | 'target', string[] | null][],
    [columnsKey],
  );
  const roles = useMemo(
    () =>
      new Map(
        dataBlocks.flatMap(([, type, cols]) =>
          (cols ?? []).map((c) => [c, type === 'input' ? 'feature' : 'target'] as const),
        ),
      ),
    [dataBlocks],
  );
  const builtin = spec?.kind === 'builtin' ? builtinDatasets.find((b) => b.name === spec.name) : undefined;

  const use = (next: DataSpec) => void applyData({ editor, data }, next);
  const loadCsv = async () => {
    const file = await platform.openDataFile();
    if (file) use({ kind: 'csv', name: file.name, text: file.text });
  };
  const generatorOption = (key: 'samples' | 'noise' | 'seed', value: number) => {
    if (spec?.kind !== 'builtin') return;
    use({ ...spec, [key]: value });
  };

  return (
    <div className="data-panel" data-testid="data-panel">
      <div className="field">
        <label htmlFor="data-source">data set</label>
        <select
          id="data-source"
          value={spec?.kind === 'builtin' ? spec.name : spec ? '(csv)' : ''}
          onChange={(e) =>
            e.target.value && e.target.value !== '(csv)' && use({ kind: 'builtin', name: e.target.value })
          }
        >
          {!spec && <option value="">— choose —</option>}
          {spec?.kind === 'csv' && <option value="(csv)">{spec.name}</option>}
          {builtinDatasets.map((b) => (
            <option key={b.name} value={b.name}>
              {b.title}
            </option>
          ))}
        </select>
      </div>
      <button type="button" data-testid="load-csv" onClick={() => void loadCsv()}>
        Load CSV…
      </button>
      <span className="muted"> or drop a .csv onto the window</span>
      {missing && (
        <p className="warning-text" data-testid="missing-data">
          This graph was trained on “{missing}”. Load that file again to keep training.
        </p>
      )}
      {problems.length > 0 && <DiagnosticList diagnostics={problems} intro="The file was not loaded:" />}
      {builtin && <p className="muted">{builtin.description}</p>}
      {builtin?.generated && spec?.kind === 'builtin' && (
        <div className="generator">
          <label>
            samples{' '}
            <input
              type="range"
              min={20}
              max={2000}
              step={20}
              value={spec.samples ?? builtin.defaults!.samples}
              onChange={(e) => generatorOption('samples', Number(e.target.value))}
            />{' '}
            {spec.samples ?? builtin.defaults!.samples}
          </label>
          <label>
            noise{' '}
            <input
              type="range"
              data-testid="noise"
              min={0}
              max={1}
              step={0.01}
              value={spec.noise ?? builtin.defaults!.noise}
              onChange={(e) => generatorOption('noise', Number(e.target.value))}
            />{' '}
            {(spec.noise ?? builtin.defaults!.noise).toFixed(2)}
          </label>
          <label>
            seed{' '}
            <input
              type="number"
              value={spec.seed ?? 1}
              onChange={(e) => generatorOption('seed', Number(e.target.value) || 1)}
            />
          </label>
        </div>
      )}
      {dataset && (
        <>
          <Preview dataset={dataset} roles={roles} />
          {dataBlocks.map(([id, type]) => (
            <ColumnPicker key={id} nodeId={id} kind={type} dataset={dataset} />
          ))}
          {dataBlocks.length === 0 && <p className="muted">Add an Input and a Target block to use this data.</p>}
          <div className="field field-inline">
            <input
              id="standardize"
              type="checkbox"
              checked={!!meta.data?.standardize}
              onChange={(e) => editor.getState().setMeta({ data: { ...meta.data, standardize: e.target.checked } })}
            />
            <label htmlFor="standardize">standardise inputs (x − mean) / std, fitted on the training rows</label>
          </div>
          <div className="field">
            <label htmlFor="validation-split">
              validation split: {Math.round((meta.training?.validationSplit ?? 0) * 100)} % of rows held out
            </label>
            <input
              id="validation-split"
              data-testid="validation-split"
              type="range"
              min={0}
              max={0.5}
              step={0.05}
              value={meta.training?.validationSplit ?? 0}
              onChange={(e) =>
                editor.getState().setMeta({ training: { ...meta.training, validationSplit: Number(e.target.value) } })
              }
            />
          </div>
        </>
      )}
    </div>
  );
}
