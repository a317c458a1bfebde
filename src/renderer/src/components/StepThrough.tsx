/**
 * Step-through backprop: one batch forward node by node in topological order, then backward in
 * reverse order. The current node is highlighted on the canvas, and its local rule is shown with
 * the current numbers: the chain rule ∂L/∂w = ∂L/∂y · ∂y/∂w at every block.
 */
import { useEffect } from 'react';
import { useServices, useTraining } from '../context.js';
import type { TraceTensor } from '../../../session/protocol.js';
import { fmt } from './WeightsView.js';

function Matrix({ t }: { t: TraceTensor }) {
  const shownRows = t.values.length / Math.min(t.cols, 8) || 0;
  const cols = Math.min(t.cols, 8);
  return (
    <div className="trace-tensor">
      <div className="trace-label">
        {t.label}{' '}
        <span className="muted">
          [{t.rows} × {t.cols}]
        </span>
      </div>
      <table className="matrix">
        <tbody>
          {Array.from({ length: shownRows }, (_, r) => (
            <tr key={r}>
              {Array.from({ length: cols }, (_, c) => (
                <td key={c}>{fmt(t.values[r * cols + c])}</td>
              ))}
              {t.cols > cols && <td className="muted">…</td>}
            </tr>
          ))}
          {t.rows > shownRows && (
            <tr>
              <td className="muted" colSpan={cols}>
                … {t.rows - shownRows} more rows
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

const identityText = {
  title: 'At the logits, softmax and NLL together:',
  detail: (difference: string) =>
    `— compare the tables p − onehot(t) and ∂L/∂y below: the backpropagated gradient differs from it by at most ${difference}.`,
};

export function StepThrough() {
  const { training, editor } = useServices();
  const trace = useTraining((s) => s.trace);
  const index = useTraining((s) => s.traceIndex);
  const step = trace?.steps[index];

  useEffect(() => {
    document
      .querySelectorAll('.react-flow__node.trace-current')
      .forEach((el) => el.classList.remove('trace-current', 'trace-forward', 'trace-backward'));
    if (!step) return;
    const el = document.querySelector(`.react-flow__node[data-id="${CSS.escape(step.nodeId)}"]`);
    el?.classList.add('trace-current', step.phase === 'forward' ? 'trace-forward' : 'trace-backward');
  }, [step]);
  useEffect(
    () => () =>
      document
        .querySelectorAll('.react-flow__node.trace-current')
        .forEach((el) => el.classList.remove('trace-current', 'trace-forward', 'trace-backward')),
    [],
  );
  useEffect(() => {
    if (!trace) return;
    const onKey = (e: KeyboardEvent) => {
      // The trace owns these keys while it is open (the canvas would move the selection).
      if (e.key === 'ArrowRight') go(1);
      else if (e.key === 'ArrowLeft') go(-1);
      else if (e.key === 'Escape') training.closeTrace();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (!trace || !step) return null;
  const forwardCount = trace.steps.filter((s) => s.phase === 'forward').length;
  const go = (delta: number) =>
    training.store.setState({ traceIndex: Math.max(0, Math.min(trace.steps.length - 1, index + delta)) });
  const isLinear = /W/.test(step.rule) && step.tensors.some((t) => t.label === 'W' || t.label === '∂L/∂W');
  return (
    <section className="step-through" data-testid="step-through-panel" aria-label="Step-through backprop">
      <header>
        <strong>{step.phase === 'forward' ? 'Forward' : 'Backward'}</strong> step{' '}
        {step.phase === 'forward' ? index + 1 : index + 1 - forwardCount} of{' '}
        {step.phase === 'forward' ? forwardCount : trace.steps.length - forwardCount}
        {' · '}
        <button type="button" className="link" onClick={() => editor.getState().select([step.nodeId])}>
          <code>{step.nodeId}</code>
        </button>{' '}
        {step.title}
        <span className="muted">
          {' '}
          · batch of {trace.rows} rows · L = {fmt(trace.loss)}
        </span>
        <span className="spacer" />
        <button type="button" data-testid="trace-prev" disabled={index === 0} onClick={() => go(-1)}>
          ◀ Back
        </button>
        <button
          type="button"
          data-testid="trace-next"
          className="primary"
          disabled={index === trace.steps.length - 1}
          onClick={() => go(1)}
        >
          Next ▶
        </button>
        <button type="button" onClick={() => training.closeTrace()} aria-label="Close step-through">
          ✕
        </button>
      </header>
      <div className="trace-progress">
        {trace.steps.map((s, i) => (
          <button
            type="button"
            key={i}
            className={`dot ${s.phase}${i === index ? ' current' : ''}`}
            title={`${s.phase} ${s.nodeId}`}
            onClick={() => training.store.setState({ traceIndex: i })}
          />
        ))}
      </div>
      <p className="trace-rule" data-testid="trace-rule">
        {step.phase === 'backward' && (
          <span className="muted">
            Chain rule at this block: ∂L/∂w = ∂L/∂y · ∂y/∂w and ∂L/∂x = ∂L/∂y · ∂y/∂x. Here:{' '}
          </span>
        )}
        <code>{step.rule}</code>
        {step.phase === 'backward' && isLinear && (
          <span className="muted">
            {' '}
            (dW = dYᵀ·X: each weight’s gradient sums, over the batch, the output gradient times the input it multiplies)
          </span>
        )}
      </p>
      {step.identity && (
        <p className="trace-identity" data-testid="trace-identity">
          <b>{identityText.title}</b> <code>{step.identity.rule}</code>{' '}
          <span className="muted">{identityText.detail(fmt(step.identity.maxDifference))}</span>
        </p>
      )}
      <div className="trace-tensors">
        {step.tensors.map((t) => (
          <Matrix key={t.label} t={t} />
        ))}
      </div>
    </section>
  );
}
