/**
 * "Solve exactly" for linear regression: the button (shown for a graph that is Input → Linear →
 * MSE) and the card that puts the least-squares weights beside the ones gradient descent holds,
 * with both losses and the distance ‖θ − θ*‖ between them.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { compileGraph, regressionBlocks } from '../../../engine/index.js';
import { describeDiagnostic } from '../../../i18n/index.js';
import { useEditor, useServices, useTraining } from '../context.js';
import { proseNumber, say } from '../i18n.js';
import { layoutStore, showDockTab } from '../layout.js';
import { fmt } from './WeightsView.js';

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
  const { t } = useTranslation();
  const { training } = useServices();
  if (!useIsLinearRegression()) return null;
  return (
    <button
      type="button"
      data-testid="solve-exactly"
      title={t('closedForm.buttonTitle')}
      onClick={() => {
        training.solve();
        showDockTab(layoutStore, 'output');
      }}
    >
      {t('closedForm.button')}
    </button>
  );
}

/** At most this many parameters are listed. */
const SHOWN = 24;

/** A number of the card, briefly, with the page's decimal separator. */
const num = (v: number) => proseNumber(fmt(v));

export function ClosedFormCard() {
  const { t } = useTranslation();
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
        <figcaption>{t('closedForm.caption')}</figcaption>
        <p className="muted">{t('closedForm.solving')}</p>
      </figure>
    );
  if (!result.ok)
    return (
      <figure className="output-card" data-testid="closed-form">
        <figcaption>{t('closedForm.caption')}</figcaption>
        <p className="error-text" role="alert" data-testid="closed-form-error">
          {result.reason
            ? say(result.reason)
            : result.problems
              ? result.problems.map((p) => describeDiagnostic(p, t)).join('\n')
              : result.message}
        </p>
      </figure>
    );
  const [outputs, inputs] = result.shape;
  // Parameters are named as the engine names them (W[o,k], b[o]) and by their feature's column, in every language.
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
      <figcaption>{t('closedForm.caption')}</figcaption>
      <table className="closed-form">
        <thead>
          <tr>
            <th scope="col">{t('closedForm.parameter')}</th>
            <th scope="col">{t('closedForm.trained')}</th>
            <th scope="col">{t('closedForm.exact')}</th>
            <th scope="col">{t('closedForm.difference')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, SHOWN).map((r) => (
            <tr key={r.name}>
              <th scope="row" translate="no">
                {r.name}
              </th>
              <td>{r.trained === undefined ? '—' : num(r.trained)}</td>
              <td data-testid="closed-form-value">{num(r.exact)}</td>
              <td>{r.trained === undefined ? '—' : num(r.trained - r.exact)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > SHOWN && <p className="muted">{t('closedForm.more', { count: rows.length - SHOWN })}</p>}
      <p data-testid="closed-form-loss">
        {result.valLoss === undefined
          ? t('closedForm.lossAt', { training: num(result.loss) })
          : t('closedForm.lossAtBoth', { training: num(result.loss), validation: num(result.valLoss) })}{' '}
        {lastLoss !== undefined && t('closedForm.lossNow', { loss: num(lastLoss) })}
      </p>
      {now && (
        <p data-testid="closed-form-distance">
          <b>{t('closedForm.distance', { distance: num(now.distance) })}</b>
          {steps === 0 && <span className="muted"> {t('closedForm.untrained')}</span>}
        </p>
      )}
    </figure>
  );
}
