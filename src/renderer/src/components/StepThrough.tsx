/**
 * Step-through backprop: one batch forward node by node in topological order, then backward in
 * reverse order. The current node is highlighted on the canvas, and its local rule is shown with
 * the current numbers: the chain rule ∂L/∂w = ∂L/∂y · ∂y/∂w at every block.
 */
import { useEffect } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { findBlock } from '../../../engine/index.js';
import type { TraceTensor } from '../../../session/protocol.js';
import { blockLabel } from '../block-text.js';
import { useEditor, useServices, useTraining } from '../context.js';
import { proseNumber, say } from '../i18n.js';
import { fmt } from './WeightsView.js';

function Matrix({ t: tensor }: { t: TraceTensor }) {
  const { t } = useTranslation();
  const shownRows = tensor.values.length / Math.min(tensor.cols, 8) || 0;
  const cols = Math.min(tensor.cols, 8);
  return (
    <div className="trace-tensor">
      <div className="trace-label">
        <span translate="no">{tensor.caption ? say(tensor.caption) : tensor.label}</span>{' '}
        <span className="muted">
          [{tensor.rows} × {tensor.cols}]
        </span>
      </div>
      <table className="matrix">
        <tbody>
          {Array.from({ length: shownRows }, (_, r) => (
            <tr key={r}>
              {Array.from({ length: cols }, (_, c) => (
                <td key={c}>{proseNumber(fmt(tensor.values[r * cols + c]))}</td>
              ))}
              {tensor.cols > cols && <td className="muted">…</td>}
            </tr>
          ))}
          {tensor.rows > shownRows && (
            <tr>
              <td className="muted" colSpan={cols}>
                {t('stepThrough.moreRows', { count: tensor.rows - shownRows })}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

export function StepThrough() {
  const { t } = useTranslation();
  const { training, editor } = useServices();
  const trace = useTraining((s) => s.trace);
  const index = useTraining((s) => s.traceIndex);
  const step = trace?.steps[index];
  // The block as the canvas names it, in the user's language (the session's title is English).
  const title = useEditor((s) => {
    const node = step && s.nodes.find((n) => n.id === step.nodeId);
    const def = node && findBlock(node.data.type);
    const params = step && s.analysis.params[step.nodeId];
    if (!node || !def) return step?.title;
    return node.data.label ?? (params ? blockLabel(def, params, t) : step?.title);
  });

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
  const isLinear = step.tensors.some((tensor) => tensor.label === '∂L/∂W');
  const rule = say(step.rule);
  return (
    <section className="step-through" data-testid="step-through-panel" aria-label={t('stepThrough.label')}>
      <header>
        <span>
          <Trans
            i18nKey={step.phase === 'forward' ? 'stepThrough.forward' : 'stepThrough.backward'}
            values={{
              step: step.phase === 'forward' ? index + 1 : index + 1 - forwardCount,
              steps: step.phase === 'forward' ? forwardCount : trace.steps.length - forwardCount,
            }}
            components={{ b: <strong /> }}
          />
        </span>
        {' · '}
        <button type="button" className="link" onClick={() => editor.getState().select([step.nodeId])}>
          <code translate="no">{step.nodeId}</code>
        </button>{' '}
        <span>{title}</span>
        <span className="muted">
          {' · '}
          {t('stepThrough.batch', { count: trace.rows })} · L = {proseNumber(fmt(trace.loss))}
        </span>
        <span className="spacer" />
        <button type="button" data-testid="trace-prev" disabled={index === 0} onClick={() => go(-1)}>
          {t('stepThrough.back')}
        </button>
        <button
          type="button"
          data-testid="trace-next"
          className="primary"
          disabled={index === trace.steps.length - 1}
          onClick={() => go(1)}
        >
          {t('stepThrough.next')}
        </button>
        <button type="button" onClick={() => training.closeTrace()} aria-label={t('stepThrough.close')}>
          ✕
        </button>
      </header>
      <div className="trace-progress">
        {trace.steps.map((s, i) => (
          <button
            type="button"
            key={i}
            className={`dot ${s.phase}${i === index ? ' current' : ''}`}
            title={t(s.phase === 'forward' ? 'stepThrough.dotForward' : 'stepThrough.dotBackward', { node: s.nodeId })}
            onClick={() => training.store.setState({ traceIndex: i })}
          />
        ))}
      </div>
      <p className="trace-rule" data-testid="trace-rule">
        {step.phase === 'backward' && <span className="muted">{t('stepThrough.chainRule')} </span>}
        <code translate="no">{rule}</code>
        {step.phase === 'backward' && isLinear && <span className="muted"> {t('stepThrough.linear')}</span>}
      </p>
      {step.identity && (
        <p className="trace-identity" data-testid="trace-identity">
          <b>{t('stepThrough.identityTitle')}</b> <code translate="no">{say(step.identity.rule)}</code>{' '}
          <span className="muted">
            {t('stepThrough.identityDetail', { difference: proseNumber(fmt(step.identity.maxDifference)) })}
          </span>
        </p>
      )}
      <div className="trace-tensors">
        {step.tensors.map((tensor) => (
          <Matrix key={tensor.label} t={tensor} />
        ))}
      </div>
    </section>
  );
}
