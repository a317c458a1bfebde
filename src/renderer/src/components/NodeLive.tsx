/**
 * The selected block while training: the histogram of its outputs, gradient statistics and
 * hints such as a saturated sigmoid, dead ReLU units or a vanishing gradient (its weights are in
 * the weight editor, live while training runs). Fed by the worker's report on the watched node.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditor, useTraining } from '../context.js';
import { proseNumber } from '../i18n.js';
import { reportForGraph } from '../training/store.js';
import { Said } from './Said.js';
import { fmt } from './WeightsView.js';

function Histogram({ counts, min, max }: { counts: number[]; min: number; max: number }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const { width, height } = ctx.canvas;
    ctx.clearRect(0, 0, width, height);
    const top = Math.max(1, ...counts);
    const bar = width / counts.length;
    ctx.fillStyle = getComputedStyle(ctx.canvas).getPropertyValue('--activation').trim() || '#8a5cf6';
    counts.forEach((c, i) => {
      const h = (c / top) * (height - 2);
      ctx.fillRect(i * bar + 1, height - h, bar - 2, h);
    });
  }, [counts]);
  return (
    <figure className="histogram" data-testid="histogram">
      <canvas ref={canvas} width={260} height={70} />
      <figcaption className="muted">
        <span>{proseNumber(fmt(min))}</span>
        <span>{t('nodeLive.outputs')}</span>
        <span>{proseNumber(fmt(max))}</span>
      </figcaption>
    </figure>
  );
}

export function NodeLive({ nodeId }: { nodeId: string }) {
  const { t } = useTranslation();
  const graphVersion = useEditor((s) => s.structureVersion);
  const report = useTraining((s) => reportForGraph(s.progress, graphVersion));
  const watched = report?.watched?.nodeId === nodeId ? report.watched : null;
  const hints = report?.hints[nodeId];
  const steps = useTraining((s) => s.progress?.steps ?? 0);
  if (!watched) return null;
  return (
    <section className="node-live" data-testid="node-live">
      <h3>{steps > 0 ? t('nodeLive.titleAfter', { count: steps }) : t('nodeLive.title')}</h3>
      {hints?.map((h) => (
        <p key={JSON.stringify(h)} className="hint" data-testid="hint">
          <strong>{t('hints.label')}</strong> <Said p={h} />
        </p>
      ))}
      <Histogram {...watched.histogram} />
      <table className="stats">
        <tbody>
          <tr>
            <th>{t('nodeLive.output')}</th>
            <td>[{watched.outputShape.join(' × ')}]</td>
          </tr>
          {watched.outputGradientNorm !== null && (
            <tr>
              <th>‖∂L/∂y‖</th>
              <td>{proseNumber(fmt(watched.outputGradientNorm))}</td>
            </tr>
          )}
          {Object.entries(watched.gradientNorms).map(([name, n]) => (
            <tr key={name}>
              <th translate="no">‖∂L/∂{name}‖</th>
              <td>{proseNumber(fmt(n))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
