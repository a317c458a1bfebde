/**
 * The truth table of small data (the session's truth-table.ts, at most 64 rows, e.g. the logic
 * gates): each row's inputs, target, the network's output, the prediction read off it and ✓/✗,
 * with the count right in the caption. It follows every edit of a weight or parameter and the
 * training, and is set large enough to be read on a projector.
 */
import { useTranslation } from 'react-i18next';
import { useTraining } from '../context.js';
import { proseNumber } from '../i18n.js';
import type { TruthTableView } from '../../../session/protocol.js';

/** Outputs beyond this many columns show only the prediction (a softmax over many classes). */
const MAX_OUTPUT_COLUMNS = 4;

/** A value as short as it reads: integers as they are, others to 3 significant digits. */
export function cellText(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  const t = String(Number(v.toPrecision(3)));
  return t === '-0' ? '0' : t;
}

export function TruthTable({ view }: { view: TruthTableView }) {
  const { t } = useTranslation();
  const cell = (v: number) => proseNumber(cellText(v));
  const name = (k: number) => view.classes?.[k] ?? cell(k);
  const outputs = view.rows[0]?.output.length ?? 0;
  const showOutputs = outputs <= MAX_OUTPUT_COLUMNS;
  const outputHeads =
    outputs === 1
      ? [t('truthTable.output')]
      : Array.from({ length: outputs }, (_, c) => t('truthTable.outputColumn', { column: c + 1 }));
  // A class index target reads as its class's name.
  const targetText = (v: number) => (view.classes && view.kind === 'argmax' ? name(v) : cell(v));
  const predictedText = (values: number[]) =>
    values.map((v) => (view.kind === 'argmax' ? name(v) : cell(v))).join('; ');
  const all = view.rows.length;
  const allRight = view.right === all;
  const rule = view.cut
    ? t('truthTable.ruleCut', { hi: cell(view.cut.hi), at: cell(view.cut.at), lo: cell(view.cut.lo) })
    : t(view.kind === 'binary' ? 'truthTable.rulePerOutput' : 'truthTable.ruleArgmax');
  return (
    <figure className="output-card truth-table-card" data-testid="truth-table">
      <figcaption>
        {t('truthTable.title')}
        <span
          className={`truth-count ${allRight ? 'all-right' : 'some-wrong'}`}
          data-testid="truth-count"
          aria-live="polite"
        >
          {t('truthTable.right', { right: view.right, rows: all })}
        </span>
      </figcaption>
      <div className="truth-scroll">
        <table className="truth-table">
          <thead>
            <tr>
              {view.inputs.map((c) => (
                <th key={`in-${c}`} scope="col" className="truth-input">
                  {c}
                </th>
              ))}
              {view.targets.map((c) => (
                <th key={`t-${c}`} scope="col" className="truth-target">
                  {c}
                </th>
              ))}
              {showOutputs &&
                outputHeads.map((h) => (
                  <th key={h} scope="col">
                    {h}
                  </th>
                ))}
              <th scope="col">{t('truthTable.predicted')}</th>
              <th scope="col" aria-label={t('truthTable.rightOrWrong')} />
            </tr>
          </thead>
          <tbody>
            {view.rows.map((r) => (
              <tr
                key={r.row}
                data-testid="truth-row"
                data-right={r.right}
                className={`${r.right ? 'is-right' : 'is-wrong'}${r.validation ? ' is-validation' : ''}`}
                title={r.validation ? t('truthTable.validation') : undefined}
              >
                {r.inputs.map((v, c) => (
                  <td key={`in-${view.inputs[c]}`} className="truth-input">
                    {cell(v)}
                  </td>
                ))}
                {r.target.map((v, c) => (
                  <td key={`t-${view.targets[c] ?? c}`} className="truth-target">
                    {targetText(v)}
                  </td>
                ))}
                {showOutputs &&
                  r.output.map((v, c) => (
                    <td key={outputHeads[c]} className="truth-output">
                      {cell(v)}
                    </td>
                  ))}
                <td className="truth-predicted">{predictedText(r.predicted)}</td>
                <td className="truth-mark" aria-label={t(r.right ? 'truthTable.rowRight' : 'truthTable.rowWrong')}>
                  {r.right ? '✓' : '✗'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted truth-rule">{rule}</p>
    </figure>
  );
}

/** The truth table of the session's last report, when the data is small enough to have one. */
export function TruthTableCard() {
  const view = useTraining((s) => s.progress?.truthTable);
  return view ? <TruthTable view={view} /> : null;
}
