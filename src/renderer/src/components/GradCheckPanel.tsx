/** The gradient check: backprop against central differences for every parameter, in the UI. */
import { useServices, useTraining } from '../context.js';
import { fmt } from './WeightsView.js';

export function GradCheckPanel() {
  const { training, editor } = useServices();
  const result = useTraining((s) => s.gradcheck);
  const running = useTraining((s) => s.gradcheckRunning);
  return (
    <div className="gradcheck" data-testid="gradcheck-panel">
      <p>
        Compares every gradient backprop computes with the numeric one, <code>(L(w + ε) − L(w − ε)) / 2ε</code>, on the
        current weights and the first rows of the training data, in double precision.
      </p>
      <button
        type="button"
        className="primary"
        data-testid="run-gradcheck"
        disabled={running}
        onClick={() => training.gradcheck()}
      >
        {running ? 'Checking…' : 'Run gradient check'}
      </button>
      {result && (
        <>
          <p className={result.ok ? 'ok-text' : 'error-text'} data-testid="gradcheck-verdict">
            {result.ok ? '✔ Backprop agrees with finite differences' : '✖ Backprop disagrees with finite differences'}:
            largest relative error {fmt(result.maxRelError)} (tolerance {fmt(result.tolerance)}, ε = {fmt(result.eps)}).
          </p>
          <table className="gradcheck-table">
            <thead>
              <tr>
                <th>node</th>
                <th>parameter</th>
                <th>max relative error</th>
                <th>worst element: backprop vs numeric</th>
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
                    <code>{p.node}</code>
                  </td>
                  <td>{p.name}</td>
                  <td>{fmt(p.maxRelError)}</td>
                  <td>
                    [{p.worst.index}] {fmt(p.worst.analytic)} vs {fmt(p.worst.numeric)}
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
