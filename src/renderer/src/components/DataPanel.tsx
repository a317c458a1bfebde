/**
 * The data panel: pick a built-in set (generated ones with samples, noise and seed) or load a
 * CSV; preview it; assign its columns to the graph's Input and Target blocks (their size follows);
 * standardisation and the validation split. Bad rows are listed with their line numbers.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  builtinDatasets,
  type ColumnKind,
  type CsvColumn,
  type CsvOptions,
  type CsvReport,
  type Dataset,
  describeWriting,
  findBlock,
  formatValue,
  type MissingValues,
  PREVIEW_COLUMNS,
  PREVIEW_ROWS,
  type WrittenNumbers,
} from '../../../engine/index.js';
import { useDataState, useEditor, useServices } from '../context.js';
import { applyData, defaultTargets, setColumns } from '../data/apply.js';
import type { DataSpec } from '../../../session/protocol.js';
import { toast } from '../ui.js';
import { DiagnosticList } from './DiagnosticList.js';

/** The panel's words about how a CSV was read (one place, for translation later). */
const text = {
  previewSize: (rows: number, columns: number) => `${rows} rows × ${columns} columns`,
  previewShown: (rows: number, columns: number, all: number) =>
    columns < all ? ` (the first ${rows} rows and ${columns} columns shown)` : ` (the first ${rows} shown)`,
  classes: (column: string, names: string[]) =>
    ` · ${column}: ${names.length} classes (${names.slice(0, 4).join(', ')}${names.length > 4 ? ', …' : ''})`,
  filled: 'filled in: the column’s mean (or most frequent class)',
  decimalComma: (columns: string[]) => `Numbers with a decimal comma read in ${columns.join(', ')}.`,
  readAsClasses: (column: string, textCells: number, numbers: number, examples: string[]) =>
    `Column ${column} is read as classes: ${textCells} of its ${textCells + numbers} values are text (${examples.map((e) => `‘${e}’`).join(', ')}), so its ${numbers} number${numbers === 1 ? '' : 's'} become classes too.`,
  treatAsNumbers: 'Treat as numbers',
  writtenExamples: (w: WrittenNumbers) => w.examples.map((e) => `‘${e.text}’ = ${formatValue(e.value)}`).join(', '),
  writtenAsClasses: (column: string, w: WrittenNumbers) =>
    `Column ${column} is read as classes, but its values look like numbers written with ${describeWriting(w)}: ${text.writtenExamples(w)}.`,
  writtenAsMissing: (column: string, w: WrittenNumbers) =>
    `In column ${column}, ${w.cells} value${w.cells === 1 ? ' looks' : 's look'} like numbers written with ${describeWriting(w)} (${text.writtenExamples(w)}) and count${w.cells === 1 ? 's' : ''} as missing.`,
  writtenRead: (w: WrittenNumbers) =>
    `Values written with ${describeWriting(w)} are read as such: ${text.writtenExamples(w)}.`,
  writtenGuess: (w: WrittenNumbers) =>
    ` The file does not show whether ‘${w.group || w.decimal}’ groups digits or marks decimals; it is taken ${w.group ? 'to group digits' : 'for the decimal mark'}, as is usual in such files.`,
  readThemAsNumbers: 'Read them as numbers',
  readAsNumbers: (column: string) =>
    `Column ${column} is read as numbers, as you chose: its text cells count as missing values.`,
  backToClasses: 'Read as classes again',
  missingRefused: (rows: number, columns: string[]) =>
    `${rows} row${rows === 1 ? ' has' : 's have'} missing values (in ${columns.slice(0, 5).join(', ')}${columns.length > 5 ? ', …' : ''}). Choose what to do with ${rows === 1 ? 'it' : 'them'}:`,
  drop: (rows: number) => `Drop the ${rows} row${rows === 1 ? '' : 's'} with missing values`,
  fill: 'Fill with the column mean',
  dropped: (rows: number, kept: number) =>
    `${rows} row${rows === 1 ? '' : 's'} with missing values dropped; ${kept} remain.`,
  filledNote: (cells: number, rows: number) =>
    `${cells} missing value${cells === 1 ? '' : 's'} in ${rows} row${rows === 1 ? '' : 's'} filled with the column mean (a class column: its most frequent class).`,
  fillInstead: 'Fill with the mean instead',
  dropInstead: 'Drop those rows instead',
};

/** Rows and columns of the preview (a CSV's report keeps the text of as many). */
const PREVIEW_LIMIT = { rows: PREVIEW_ROWS, columns: PREVIEW_COLUMNS };

function Preview({ dataset, roles }: { dataset: Dataset; roles: Map<string, string> }) {
  const width = dataset.columns.length;
  const fromFile = dataset.csv?.preview;
  const rows = Math.min(PREVIEW_LIMIT.rows, fromFile ? fromFile.length : dataset.rows);
  const shown = dataset.columns.slice(0, PREVIEW_LIMIT.columns);
  const fill = dataset.csv?.missing?.fill;
  // A cell as the file writes it; generated data as a person would write the number.
  const cell = (r: number, k: number) => {
    const raw = fromFile?.[r]?.[k];
    if (raw !== undefined && raw !== null) return raw;
    const v = dataset.values[r * width + k];
    const names = Object.hasOwn(dataset.categories, shown[k]) ? dataset.categories[shown[k]] : undefined;
    return names ? names[v] : formatValue(v);
  };
  return (
    <div className="preview-block">
      <div className="preview" data-testid="data-preview-scroll">
        <table data-testid="data-preview">
          <thead>
            <tr>
              {shown.map((c) => (
                <th
                  key={c}
                  scope="col"
                  className={roles.get(c) ? `role-${roles.get(c)}` : ''}
                  title={roles.get(c) ? `${c} → ${roles.get(c)}` : `${c} (not used)`}
                >
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: rows }, (_, r) => (
              <tr key={r}>
                {shown.map((c, k) => {
                  const filled = fromFile?.[r]?.[k] === null;
                  return filled ? (
                    <td key={c} className="filled" title={`${text.filled}: ${fill?.[c]}`}>
                      {cell(r, k)}
                    </td>
                  ) : (
                    <td key={c}>{cell(r, k)}</td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">
        {text.previewSize(dataset.rows, width)}
        {rows < dataset.rows || shown.length < width ? text.previewShown(rows, shown.length, width) : ''}
        {Object.entries(dataset.categories)
          .map(([c, names]) => text.classes(c, names))
          .join('')}
      </p>
    </div>
  );
}

/** A column whose text cells write numbers another way, not read so yet: what they are, and the click that reads them. */
function WrittenNote({ column, readAsNumbers }: { column: CsvColumn; readAsNumbers(): void }) {
  const w = column.written!;
  return (
    <p className="warning-text" data-testid={`written-note-${column.name}`}>
      ⚠ {column.kind === 'category' ? text.writtenAsClasses(column.name, w) : text.writtenAsMissing(column.name, w)}
      {w.ambiguous ? text.writtenGuess(w) : ''}{' '}
      <button type="button" onClick={readAsNumbers}>
        {column.kind === 'category' ? text.treatAsNumbers : text.readThemAsNumbers}
      </button>
    </p>
  );
}

/**
 * What the user should know about how the CSV was read (`rows`: the rows loaded), each with the
 * one-click change it offers; also for a refused file, whose choices may repair it.
 */
function CsvNotes({ report, rows, reread }: { report: CsvReport; rows: number; reread(change: CsvOptions): void }) {
  // The kinds the user chose, with one changed (or given back to the inference when `kind` is absent).
  const kinds = (column: string, kind?: ColumnKind): CsvOptions => {
    const chosen: Record<string, ColumnKind> = Object.fromEntries(
      report.columns.filter((c) => c.chosen).map((c) => [c.name, c.kind]),
    );
    if (kind) chosen[column] = kind;
    else delete chosen[column];
    return { columnKinds: chosen };
  };
  const commas = report.columns.filter((c) => c.decimalComma).map((c) => c.name);
  const missing = report.missing;
  return (
    <div className="csv-notes" data-testid="csv-notes">
      {commas.length > 0 && <p className="muted">{text.decimalComma(commas)}</p>}
      {report.columns
        .filter((c) => c.written && !c.written.applied)
        .map((c) => (
          <WrittenNote key={c.name} column={c} readAsNumbers={() => reread(kinds(c.name, 'number'))} />
        ))}
      {report.columns
        .filter((c) => c.kind === 'category' && !c.chosen && c.numbers > 0 && !c.written)
        .map((c) => (
          <p key={c.name} className="warning-text" data-testid={`classes-note-${c.name}`}>
            ⚠ {text.readAsClasses(c.name, c.text, c.numbers, c.examples)}{' '}
            <button type="button" onClick={() => reread(kinds(c.name, 'number'))}>
              {text.treatAsNumbers}
            </button>
          </p>
        ))}
      {report.columns
        .filter((c) => c.kind === 'number' && c.chosen)
        .map((c) => (
          <p key={c.name} className="muted" data-testid={`numbers-note-${c.name}`}>
            {text.readAsNumbers(c.name)}
            {c.written?.applied ? ` ${text.writtenRead(c.written)}` : ''}
            {c.written?.applied && c.written.ambiguous ? text.writtenGuess(c.written) : ''}{' '}
            <button type="button" onClick={() => reread(kinds(c.name))}>
              {text.backToClasses}
            </button>
          </p>
        ))}
      {missing?.policy === 'drop' && (
        <p className="muted" data-testid="missing-note">
          {text.dropped(missing.rows, rows)}{' '}
          <button type="button" onClick={() => reread({ missing: 'mean' })}>
            {text.fillInstead}
          </button>
        </p>
      )}
      {missing?.policy === 'mean' && (
        <p className="muted" data-testid="missing-note">
          {text.filledNote(missing.cells, missing.rows)}{' '}
          <button type="button" onClick={() => reread({ missing: 'drop' })}>
            {text.dropInstead}
          </button>
        </p>
      )}
    </div>
  );
}

/** The choice a refused CSV with missing values offers: drop those rows or fill them. */
function MissingChoice({ missing, choose }: { missing: MissingValues; choose(policy: 'drop' | 'mean'): void }) {
  return (
    <div className="missing-choice" data-testid="missing-choice">
      <p>{text.missingRefused(missing.rows, missing.columns)}</p>
      <button type="button" data-testid="missing-drop" onClick={() => choose('drop')}>
        {text.drop(missing.rows)}
      </button>{' '}
      <button type="button" data-testid="missing-mean" onClick={() => choose('mean')}>
        {text.fill}
      </button>
    </div>
  );
}

function ColumnPicker({ nodeId, kind, dataset }: { nodeId: string; kind: 'input' | 'target'; dataset: Dataset }) {
  const { editor } = useServices();
  const node = useEditor((s) => s.nodes.find((n) => n.id === nodeId));
  const named = node?.data.params.columns as string[] | undefined;
  // Without named columns a block takes its columns by position, as the engine binds them.
  const size = useEditor((s) => s.analysis.sizes[nodeId]) ?? Number(node?.data.params.size ?? 0);
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
  const { t } = useTranslation();
  const spec = useDataState((s) => s.spec);
  const dataset = useDataState((s) => s.dataset);
  const problems = useDataState((s) => s.diagnostics);
  const refused = useDataState((s) => s.refused);
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
      {refused?.missing && (
        <MissingChoice
          missing={refused.missing}
          choose={(missing) => use({ ...refused.spec, options: { ...refused.spec.options, missing } })}
        />
      )}
      {refused?.report && (
        <CsvNotes
          report={refused.report}
          rows={0}
          reread={(change) => use({ ...refused.spec, options: { ...refused.spec.options, ...change } })}
        />
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
          {spec?.kind === 'csv' && dataset.csv && !refused && (
            <CsvNotes
              report={dataset.csv}
              rows={dataset.rows}
              reread={(change) => use({ ...spec, options: { ...spec.options, ...change } })}
            />
          )}
          {dataBlocks.map(([id, type]) => (
            <ColumnPicker key={id} nodeId={id} kind={type} dataset={dataset} />
          ))}
          {dataBlocks.length === 0 && <p className="muted">Add an Input and a Target block to use this data.</p>}
          <div className="field field-inline">
            <input
              id="standardize"
              type="checkbox"
              checked={!!meta.data?.standardize || meta.data?.normalization !== undefined}
              onChange={(e) => {
                // Stored statistics mean standardised inputs wherever the document goes (see
                // trainingNormalization), so unticking drops them too.
                const { normalization: _stored, ...rest } = meta.data ?? {};
                editor.getState().setMeta({
                  data: e.target.checked ? { ...meta.data, standardize: true } : { ...rest, standardize: false },
                });
              }}
            />
            {/* Named by the divergence advice (training.diverged.advice): the same words in each language. */}
            <label htmlFor="standardize">{t('data.standardize')}</label>
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
