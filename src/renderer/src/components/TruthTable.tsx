/**
 * The truth table of small data (the session's truth-table.ts, at most 64 rows, e.g. the logic
 * gates): each row's inputs, target, the network's output, the prediction read off it and ✓/✗,
 * with the count right in the caption. It follows every edit of a weight or parameter and the
 * training, and is set large enough to be read on a projector.
 */
import { useTraining } from '../context.js';
import type { TruthTableView } from '../../../session/protocol.js';

const text = {
  title: 'Truth table',
  right: (right: number, rows: number) => `${right} / ${rows} right`,
  rule: (rule: string) => `Prediction: ${rule}.`,
  output: 'output',
  predicted: 'predicted',
  validation: 'validation row (not trained on)',
  rowRight: 'right',
  rowWrong: 'wrong',
};

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
  const name = (k: number) => view.classes?.[k] ?? cellText(k);
  const outputs = view.rows[0]?.output.length ?? 0;
  const showOutputs = outputs <= MAX_OUTPUT_COLUMNS;
  const outputHeads =
    outputs === 1 ? [text.output] : Array.from({ length: outputs }, (_, c) => `${text.output} ${c + 1}`);
  // A class index target reads as its class's name.
  const targetText = (v: number) => (view.classes && view.kind === 'argmax' ? name(v) : cellText(v));
  const predictedText = (values: number[]) =>
    values.map((v) => (view.kind === 'argmax' ? name(v) : cellText(v))).join(', ');
  const all = view.rows.length;
  const allRight = view.right === all;
  return (
    <figure className="output-card truth-table-card" data-testid="truth-table">
      <figcaption>
        {text.title}
        <span
          className={`truth-count ${allRight ? 'all-right' : 'some-wrong'}`}
          data-testid="truth-count"
          aria-live="polite"
        >
          {text.right(view.right, all)}
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
              <th scope="col">{text.predicted}</th>
              <th scope="col" aria-label="right or wrong" />
            </tr>
          </thead>
          <tbody>
            {view.rows.map((r) => (
              <tr
                key={r.row}
                data-testid="truth-row"
                data-right={r.right}
                className={`${r.right ? 'is-right' : 'is-wrong'}${r.validation ? ' is-validation' : ''}`}
                title={r.validation ? text.validation : undefined}
              >
                {r.inputs.map((v, c) => (
                  <td key={`in-${view.inputs[c]}`} className="truth-input">
                    {cellText(v)}
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
                      {cellText(v)}
                    </td>
                  ))}
                <td className="truth-predicted">{predictedText(r.predicted)}</td>
                <td className="truth-mark" aria-label={r.right ? text.rowRight : text.rowWrong}>
                  {r.right ? '✓' : '✗'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted truth-rule">{text.rule(view.rule)}</p>
    </figure>
  );
}

/** The truth table of the session's last report, when the data is small enough to have one. */
export function TruthTableCard() {
  const view = useTraining((s) => s.progress?.truthTable);
  return view ? <TruthTable view={view} /> : null;
}
