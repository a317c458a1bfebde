/**
 * The data panel: pick a built-in set (generated ones with samples, noise and seed) or load a
 * CSV; preview it; assign its columns to the graph's Input and Target blocks (their size follows);
 * standardisation and the validation split. Bad rows are listed with their line numbers.
 */
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import {
  builtinDatasets,
  type ColumnKind,
  type CsvColumn,
  type CsvOptions,
  type CsvReport,
  type Dataset,
  findBlock,
  formatValue,
  type MissingValues,
  PREVIEW_COLUMNS,
  PREVIEW_ROWS,
  type WrittenNumbers,
} from '../../../engine/index.js';
import { useDataState, useEditor, useServices } from '../context.js';
import { proseNumber } from '../i18n.js';
import { applyData, defaultTargets, setColumns } from '../data/apply.js';
import type { DataSpec } from '../../../session/protocol.js';
import { toast } from '../ui.js';
import { DiagnosticList } from './DiagnosticList.js';

type Translate = TFunction;

/** A name kept as it is in every language (a column, a file, a node id). */
const NAME = { n: <span translate="no" />, b: <b /> };

/** A list of names, the first few of them. */
const list = (names: readonly string[], most: number) =>
  `${names.slice(0, most).join(', ')}${names.length > most ? ', …' : ''}`;

/** How a column writes its numbers, in words of the page's language (the engine's describeWriting). */
function writing(t: Translate, w: WrittenNumbers): string {
  const parts: string[] = [];
  if (w.group) {
    const by = w.group === ' ' ? t('writing.spaces') : w.group === "'" ? t('writing.apostrophes') : `‘${w.group}’`;
    parts.push(t('writing.groupedBy', { by }));
  }
  if (w.decimalComma) parts.push(t('writing.decimalComma'));
  if (w.prefix) parts.push(t('writing.prefix', { mark: w.prefix }));
  if (w.suffix) parts.push(t('writing.suffix', { mark: w.suffix }));
  return parts.reduce((first, second) => t('writing.and', { first, second }));
}

/** A few cells with the numbers they read as: ‘1,000’ = 1000. */
const writtenExamples = (t: Translate, w: WrittenNumbers) =>
  w.examples.map((e) => t('dataPanel.example', { text: e.text, value: proseNumber(formatValue(e.value)) })).join(', ');

/** Whether the file left the decimal mark open, and how it was taken. */
const writtenGuess = (t: Translate, w: WrittenNumbers) =>
  t(w.group ? 'dataPanel.guessGroup' : 'dataPanel.guessDecimal', { mark: w.group || w.decimal });

/** Rows and columns of the preview (a CSV's report keeps the text of as many). */
const PREVIEW_LIMIT = { rows: PREVIEW_ROWS, columns: PREVIEW_COLUMNS };

function Preview({ dataset, roles }: { dataset: Dataset; roles: Map<string, string> }) {
  const { t } = useTranslation();
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
                  title={
                    roles.get(c) === 'feature'
                      ? t('dataPanel.asFeature', { column: c })
                      : roles.get(c)
                        ? t('dataPanel.asTarget', { column: c })
                        : t('dataPanel.notUsed', { column: c })
                  }
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
                    <td key={c} className="filled" title={t('dataPanel.filled', { value: fill?.[c] })}>
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
        {t('dataPanel.previewSize', {
          rows: t('dataPanel.rows', { count: dataset.rows }),
          columns: t('dataPanel.columns', { count: width }),
        })}
        {rows < dataset.rows || shown.length < width ? ' ' : ''}
        {shown.length < width
          ? t('dataPanel.firstRowsColumns', {
              rows: t('dataPanel.rows', { count: rows }),
              columns: t('dataPanel.columns', { count: shown.length }),
            })
          : rows < dataset.rows
            ? t('dataPanel.firstRows', { count: rows })
            : ''}
        {Object.entries(dataset.categories).map(([c, names]) => (
          <span key={c}>
            {' · '}
            <span translate="no">{c}</span>: {t('dataPanel.classes', { count: names.length, names: list(names, 4) })}
          </span>
        ))}
      </p>
    </div>
  );
}

/** A column whose text cells write numbers another way, not read so yet: what they are, and the click that reads them. */
function WrittenNote({ column, readAsNumbers }: { column: CsvColumn; readAsNumbers(): void }) {
  const { t } = useTranslation();
  const w = column.written!;
  const values = { column: column.name, how: writing(t, w), examples: writtenExamples(t, w) };
  return (
    <p className="warning-text" data-testid={`written-note-${column.name}`}>
      ⚠{' '}
      {column.kind === 'category' ? (
        <Trans t={t} i18nKey="dataPanel.writtenAsClasses" values={values} components={NAME} />
      ) : (
        <Trans t={t} i18nKey="dataPanel.writtenAsMissing" count={w.cells} values={values} components={NAME} />
      )}
      {w.ambiguous ? ` ${writtenGuess(t, w)}` : ''}{' '}
      <button type="button" onClick={readAsNumbers}>
        {column.kind === 'category' ? t('dataPanel.treatAsNumbers') : t('dataPanel.readThemAsNumbers')}
      </button>
    </p>
  );
}

/**
 * What the user should know about how the CSV was read (`rows`: the rows loaded), each with the
 * one-click change it offers; also for a refused file, whose choices may repair it.
 */
function CsvNotes({ report, rows, reread }: { report: CsvReport; rows: number; reread(change: CsvOptions): void }) {
  const { t } = useTranslation();
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
      {commas.length > 0 && (
        <p className="muted">
          <Trans t={t} i18nKey="dataPanel.decimalComma" values={{ columns: commas.join(', ') }} components={NAME} />
        </p>
      )}
      {report.columns
        .filter((c) => c.written && !c.written.applied)
        .map((c) => (
          <WrittenNote key={c.name} column={c} readAsNumbers={() => reread(kinds(c.name, 'number'))} />
        ))}
      {report.columns
        .filter((c) => c.kind === 'category' && !c.chosen && c.numbers > 0 && !c.written)
        .map((c) => (
          <p key={c.name} className="warning-text" data-testid={`classes-note-${c.name}`}>
            ⚠{' '}
            <Trans
              t={t}
              i18nKey="dataPanel.readAsClasses"
              count={c.numbers}
              values={{
                column: c.name,
                text: c.text,
                total: c.text + c.numbers,
                examples: c.examples.map((e) => `‘${e}’`).join(', '),
              }}
              components={NAME}
            />{' '}
            <button type="button" onClick={() => reread(kinds(c.name, 'number'))}>
              {t('dataPanel.treatAsNumbers')}
            </button>
          </p>
        ))}
      {report.columns
        .filter((c) => c.kind === 'number' && c.chosen)
        .map((c) => (
          <p key={c.name} className="muted" data-testid={`numbers-note-${c.name}`}>
            <Trans t={t} i18nKey="dataPanel.readAsNumbers" values={{ column: c.name }} components={NAME} />
            {c.written?.applied
              ? ` ${t('dataPanel.writtenRead', { how: writing(t, c.written), examples: writtenExamples(t, c.written) })}`
              : ''}
            {c.written?.applied && c.written.ambiguous ? ` ${writtenGuess(t, c.written)}` : ''}{' '}
            <button type="button" onClick={() => reread(kinds(c.name))}>
              {t('dataPanel.backToClasses')}
            </button>
          </p>
        ))}
      {missing?.policy === 'drop' && (
        <p className="muted" data-testid="missing-note">
          {t('dataPanel.dropped', { count: missing.rows, kept: rows })}{' '}
          <button type="button" onClick={() => reread({ missing: 'mean' })}>
            {t('dataPanel.fillInstead')}
          </button>
        </p>
      )}
      {missing?.policy === 'mean' && (
        <p className="muted" data-testid="missing-note">
          {t('dataPanel.filledNote', {
            cells: t('dataPanel.missingCells', { count: missing.cells }),
            rows: t('dataPanel.inRows', { count: missing.rows }),
          })}{' '}
          <button type="button" onClick={() => reread({ missing: 'drop' })}>
            {t('dataPanel.dropInstead')}
          </button>
        </p>
      )}
    </div>
  );
}

/** The choice a refused CSV with missing values offers: drop those rows or fill them. */
function MissingChoice({ missing, choose }: { missing: MissingValues; choose(policy: 'drop' | 'mean'): void }) {
  const { t } = useTranslation();
  return (
    <div className="missing-choice" data-testid="missing-choice">
      <p>
        <Trans
          t={t}
          i18nKey="dataPanel.missingRefused"
          count={missing.rows}
          values={{ columns: list(missing.columns, 5) }}
          components={NAME}
        />
      </p>
      <button type="button" data-testid="missing-drop" onClick={() => choose('drop')}>
        {t('dataPanel.drop', { count: missing.rows })}
      </button>{' '}
      <button type="button" data-testid="missing-mean" onClick={() => choose('mean')}>
        {t('dataPanel.fill')}
      </button>
    </div>
  );
}

function ColumnPicker({ nodeId, kind, dataset }: { nodeId: string; kind: 'input' | 'target'; dataset: Dataset }) {
  const { editor } = useServices();
  const { t } = useTranslation();
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
    if (next.length === 0) return toast(t('dataPanel.oneColumnAtLeast'), 'error');
    setColumns(editor.getState(), nodeId, next);
  };
  return (
    <fieldset className="column-picker" data-testid={`columns-${nodeId}`}>
      <legend>
        <Trans
          t={t}
          i18nKey="dataPanel.takes"
          count={size}
          values={{ block: t(kind === 'input' ? 'dataPanel.input' : 'dataPanel.target'), id: nodeId }}
          components={{ b: <span />, n: <code translate="no" /> }}
        />
        {named ? '' : ` ${t('dataPanel.byPosition')}`}
      </legend>
      <div className="column-list">
        {dataset.columns.map((c) => (
          <label key={c} className="chip">
            <input type="checkbox" checked={chosen.includes(c)} onChange={() => toggle(c)} />{' '}
            <span translate="no">{c}</span>
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
        <label htmlFor="data-source">{t('dataPanel.dataSet')}</label>
        <select
          id="data-source"
          value={spec?.kind === 'builtin' ? spec.name : spec ? '(csv)' : ''}
          onChange={(e) =>
            e.target.value && e.target.value !== '(csv)' && use({ kind: 'builtin', name: e.target.value })
          }
        >
          {!spec && <option value="">{t('dataPanel.choose')}</option>}
          {spec?.kind === 'csv' && <option value="(csv)">{spec.name}</option>}
          {builtinDatasets.map((b) => (
            <option key={b.name} value={b.name}>
              {t(`datasets.${b.name}.title`)}
            </option>
          ))}
        </select>
      </div>
      <button type="button" data-testid="load-csv" onClick={() => void loadCsv()}>
        {t('dataPanel.loadCsv')}
      </button>
      <span className="muted"> {t('dataPanel.orDrop')}</span>
      {missing && (
        <p className="warning-text" data-testid="missing-data">
          <Trans t={t} i18nKey="dataPanel.missingFile" values={{ name: missing }} components={NAME} />
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
      {problems.length > 0 && <DiagnosticList diagnostics={problems} intro={t('dataPanel.notLoaded')} />}
      {builtin && <p className="muted">{t(`datasets.${builtin.name}.description`)}</p>}
      {builtin?.generated && spec?.kind === 'builtin' && (
        <div className="generator">
          <label>
            {t('dataPanel.samples')}{' '}
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
            {t('dataPanel.noise')}{' '}
            <input
              type="range"
              data-testid="noise"
              min={0}
              max={1}
              step={0.01}
              value={spec.noise ?? builtin.defaults!.noise}
              onChange={(e) => generatorOption('noise', Number(e.target.value))}
            />{' '}
            {proseNumber((spec.noise ?? builtin.defaults!.noise).toFixed(2))}
          </label>
          <label>
            {t('dataPanel.seed')}{' '}
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
          {dataBlocks.length === 0 && <p className="muted">{t('dataPanel.noDataBlocks')}</p>}
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
              {t('dataPanel.validationSplit', { percent: Math.round((meta.training?.validationSplit ?? 0) * 100) })}
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
