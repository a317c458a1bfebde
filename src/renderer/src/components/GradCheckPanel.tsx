/** The gradient check: backprop against central differences for every parameter, in the UI. */
import { Trans, useTranslation } from 'react-i18next';
import { useServices, useTraining } from '../context.js';
import { proseNumber } from '../i18n.js';
import { fmt } from './WeightsView.js';

export function GradCheckPanel() {
  const { training, editor } = useServices();
  const { t, i18n } = useTranslation();
  const result = useTraining((s) => s.gradcheck);
  const running = useTraining((s) => s.gradcheckRunning);
  const number = (v: number) => proseNumber(fmt(v), i18n.language);
  return (
    <div className="gradcheck" data-testid="gradcheck-panel">
      <p>
        <Trans t={t} i18nKey="gradCheck.intro" components={{ formula: <code translate="no" /> }} />
      </p>
      <button
        type="button"
        className="primary"
        data-testid="run-gradcheck"
        disabled={running}
        onClick={() => training.gradcheck()}
      >
        {running ? t('gradCheck.checking') : t('gradCheck.run')}
      </button>
      {result && (
        <>
          <p className={result.ok ? 'ok-text' : 'error-text'} data-testid="gradcheck-verdict">
            {t(result.ok ? 'gradCheck.agrees' : 'gradCheck.disagrees', {
              error: number(result.maxRelError),
              tolerance: number(result.tolerance),
              eps: number(result.eps),
            })}
          </p>
          <table className="gradcheck-table">
            <thead>
              <tr>
                <th>{t('gradCheck.node')}</th>
                <th>{t('gradCheck.parameter')}</th>
                <th>{t('gradCheck.maxError')}</th>
                <th>{t('gradCheck.worst')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {result.params.map((p) => (
                <tr
                  key={`${p.node}.${p.name}`}
                  onClick={() => editor.getState().select([p.node])}
                  className={p.maxRelError <= result.tolerance ? '' : 'bad'}
                >
                  <td>
                    <code translate="no">{p.node}</code>
                  </td>
                  <td translate="no">{p.name}</td>
                  <td>{number(p.maxRelError)}</td>
                  <td>
                    [{p.worst.index}]{' '}
                    {t('gradCheck.worstValues', {
                      analytic: number(p.worst.analytic),
                      numeric: number(p.worst.numeric),
                    })}
                  </td>
                  <td>{p.maxRelError <= result.tolerance ? '✔' : '✖'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
