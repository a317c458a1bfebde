/**
 * "Solve exactly" for linear regression: the button (shown for a graph that is Input → Linear →
 * MSE) and the card that puts the least-squares weights beside the ones gradient descent holds,
 * with both losses and the distance ‖θ − θ*‖ between them.
 */
import { useMemo } from 'react';
import { compileGraph, regressionBlocks } from '../../../engine/index.js';
import { useEditor, useServices, useTraining } from '../context.js';
import { layoutStore, showDockTab } from '../layout.js';
import { fmt } from './WeightsView.js';

const text = {
  button: 'Solve exactly',
  buttonTitle: 'Linear regression has a closed-form answer: the least-squares weights (normal equations XᵀX·β = XᵀT)',
  caption: 'Closed form: least squares, the normal equations XᵀX·β = XᵀT',
  parameter: 'parameter',
  trained: 'gradient descent',
  exact: 'closed form',
  difference: 'difference',
  solving: 'Solving…',
  lossAt: (training: string, validation?: string) =>
    `MSE at the closed form: ${training} on the training rows${validation ? `, ${validation} on the validation rows` : ''}.`,
  lossNow: (loss: string) => `Gradient descent's last epoch: ${loss}.`,
  distance: (d: string) => `Distance ‖θ − θ*‖ = ${d}`,
  untrained: 'Press Train: the Distance chart follows gradient descent as it approaches these weights.',
  more: (n: number) => `… ${n} more parameters`,
};

/** Whether the editor's graph is linear regression (so "Solve exactly" applies). */
export function useIsLinearRegression(): boolean {
  const { editor } = useServices();
  const version = useEditor((s) => s.structureVersion);
  const data = useEditor((s) => s.dataColumns);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the graph's structure changes exactly when its version does
  return useMemo(() => {
    const compiled = compileGraph(editor.getState().document(), { data: data ?? undefined });
    return compiled.ok && regressionBlocks(compiled.graph).ok;
  }, [editor, version, data]);
}

export function SolveExactlyButton() {
  const { training } = useServices();
  if (!useIsLinearRegression()) return null;
  return (
    <button
      type="button"
      data-testid="solve-exactly"
      title={text.buttonTitle}
      onClick={() => {
        training.solve();
        showDockTab(layoutStore, 'output');
      }}
    >
      {text.button}
    </button>
  );
}

/** At most this many parameters are listed. */
const SHOWN = 24;

export function ClosedFormCard() {
  const shown = useTraining((s) => s.closedFormShown);
  const result = useTraining((s) => s.closedForm);
  const info = useTraining((s) => s.info);
  const now = useTraining((s) => s.progress?.closedForm);
  const lastLoss = useTraining((s) => s.history.at(-1)?.loss);
  const steps = useTraining((s) => s.progress?.steps ?? 0);
  if (!shown || !info?.closedForm) return null;
  if (!result)
    return (
      <figure className="output-card" data-testid="closed-form">
        <figcaption>{text.caption}</figcaption>
        <p className="muted">{text.solving}</p>
      </figure>
    );
  if (!result.ok)
    return (
      <figure className="output-card" data-testid="closed-form">
        <figcaption>{text.caption}</figcaption>
        <p className="error-text" role="alert" data-testid="closed-form-error">
          {result.message}
        </p>
      </figure>
    );
  const [outputs, inputs] = result.shape;
  const rows: { name: string; trained?: number; exact: number }[] = [];
  for (let o = 0; o < outputs; o++) {
    for (let k = 0; k < inputs; k++)
      rows.push({
        name: `W[${o},${k}] · ${info.features[k] ?? k}`,
        trained: now?.W[o * inputs + k],
        exact: result.W[o * inputs + k],
      });
    if (result.b) rows.push({ name: `b[${o}]`, trained: now?.b?.[o], exact: result.b[o] });
  }
  return (
    <figure className="output-card" data-testid="closed-form">
      <figcaption>{text.caption}</figcaption>
      <table className="closed-form">
        <thead>
          <tr>
            <th scope="col">{text.parameter}</th>
            <th scope="col">{text.trained}</th>
            <th scope="col">{text.exact}</th>
            <th scope="col">{text.difference}</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, SHOWN).map((r) => (
            <tr key={r.name}>
              <th scope="row">{r.name}</th>
              <td>{r.trained === undefined ? '—' : fmt(r.trained)}</td>
              <td data-testid="closed-form-value">{fmt(r.exact)}</td>
              <td>{r.trained === undefined ? '—' : fmt(r.trained - r.exact)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > SHOWN && <p className="muted">{text.more(rows.length - SHOWN)}</p>}
      <p data-testid="closed-form-loss">
        {text.lossAt(fmt(result.loss), result.valLoss === undefined ? undefined : fmt(result.valLoss))}{' '}
        {lastLoss !== undefined && text.lossNow(fmt(lastLoss))}
      </p>
      {now && (
        <p data-testid="closed-form-distance">
          <b>{text.distance(fmt(now.distance))}</b>
          {steps === 0 && <span className="muted"> {text.untrained}</span>}
        </p>
      )}
    </figure>
  );
}
