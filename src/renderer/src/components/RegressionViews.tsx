/**
 * Regression at a glance: predicted against actual values (on the diagonal is perfect), the
 * residuals' histogram, and RMSE, MAE and R² for the training and validation rows.
 */
import { Chart } from 'chart.js';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegressionMetrics } from '../../../engine/index.js';
import type { RegressionView } from '../../../session/protocol.js';
import { currentLanguage, proseNumber } from '../i18n.js';
import { fmt } from './WeightsView.js';
import { chartNumber } from './Charts.js';

const colors = { training: '#3b6ef5', validation: '#f08c2e', diagonal: '#6b7280' };

/** A metric for the table, with the page's decimal separator. */
const metric = (m: RegressionMetrics | undefined, key: keyof RegressionMetrics) =>
  m === undefined ? '—' : Number.isNaN(m[key]) ? '—' : proseNumber(key === 'r2' ? m[key].toFixed(3) : fmt(m[key]));

function MetricsTable({ view }: { view: RegressionView }) {
  const { t } = useTranslation();
  const rows: [string, keyof RegressionMetrics][] = [
    ['RMSE', 'rmse'],
    ['MAE', 'mae'],
    ['R²', 'r2'],
    ['max |t − y|', 'maxError'],
  ];
  return (
    <figure className="output-card" data-testid="regression-metrics">
      <figcaption>
        {t('regressionViews.metrics')}
        {view.outputs.length > 1 && (
          <span className="muted"> ({t('regressionViews.pooled', { count: view.outputs.length })})</span>
        )}
      </figcaption>
      <table className="closed-form">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">{t('regressionViews.training')}</th>
            {view.validation && <th scope="col">{t('regressionViews.validation')}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, key]) => (
            <tr key={key} title={key === 'r2' ? t('regressionViews.r2Help') : undefined}>
              <th scope="row" translate="no">
                {label}
              </th>
              <td data-testid={`metric-${key}-training`}>{metric(view.training.overall, key)}</td>
              {view.validation && (
                <td data-testid={`metric-${key}-validation`}>{metric(view.validation.overall, key)}</td>
              )}
            </tr>
          ))}
          <tr>
            <th scope="row">{t('regressionViews.rows')}</th>
            <td>{view.training.rows}</td>
            {view.validation && <td>{view.validation.rows}</td>}
          </tr>
        </tbody>
      </table>
      {view.outputs.length > 1 && (
        <table className="closed-form">
          <thead>
            <tr>
              <th scope="col" />
              {view.outputs.map((o) => (
                <th key={o} scope="col" translate="no">
                  {o}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, key]) => (
              <tr key={key}>
                <th scope="row">
                  <span translate="no">{label}</span> (
                  {view.validation ? t('regressionViews.validation') : t('regressionViews.training')})
                </th>
                {(view.validation ?? view.training).columns.map((m, k) => (
                  <td key={view.outputs[k]}>{metric(m, key)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}

function Scatter({ view }: { view: RegressionView }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  const output = view.outputs.length === 1 ? view.outputs[0] : undefined;
  useEffect(() => {
    chart.current = new Chart(canvas.current!, {
      type: 'scatter',
      data: { datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        plugins: { legend: { display: true, labels: { boxWidth: 10 } } },
        scales: {
          x: { type: 'linear', title: { display: true }, ticks: { callback: (v) => chartNumber(Number(v)) } },
          y: { type: 'linear', title: { display: true }, ticks: { callback: (v) => chartNumber(Number(v)) } },
        },
      },
    });
    return () => chart.current?.destroy();
  }, []);
  // The points, and the text in the page's language (the same chart, its options said again on a switch).
  // biome-ignore lint/correctness/useExhaustiveDependencies: said again when the language changes
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const name = output ?? t('regressionViews.value');
    c.options.locale = currentLanguage();
    const { x, y } = c.options.scales as { x: { title: { text: string } }; y: { title: { text: string } } };
    x.title.text = t('regressionViews.actual', { name });
    y.title.text = t('regressionViews.predicted', { name });
    const points = (s: RegressionView['training']) => Array.from(s.target, (t, i) => ({ x: t, y: s.pred[i] }));
    let lo = Infinity;
    let hi = -Infinity;
    for (const s of view.validation ? [view.training, view.validation] : [view.training])
      for (let i = 0; i < s.target.length; i++) {
        lo = Math.min(lo, s.target[i], s.pred[i]);
        hi = Math.max(hi, s.target[i], s.pred[i]);
      }
    c.data.datasets = [
      {
        type: 'line',
        label: t('regressionViews.diagonal'),
        data: [
          { x: lo, y: lo },
          { x: hi, y: hi },
        ],
        borderColor: colors.diagonal,
        borderDash: [5, 4],
        borderWidth: 1.5,
        pointRadius: 0,
      },
      {
        label: t('regressionViews.training'),
        data: points(view.training),
        backgroundColor: `${colors.training}99`,
        pointRadius: 2.5,
      },
      ...(view.validation
        ? [
            {
              label: t('regressionViews.validation'),
              data: points(view.validation),
              backgroundColor: `${colors.validation}cc`,
              pointRadius: 2.5,
            },
          ]
        : []),
    ] as never;
    c.update('none');
    c.canvas.dataset.series = c.data.datasets.map((d) => d.label).join('|');
  }, [view, output, t, language]);
  return (
    <figure className="output-card" data-testid="predicted-actual">
      <figcaption>{t('regressionViews.scatter')}</figcaption>
      <div className="chart-body">
        <canvas ref={canvas} role="img" aria-label={t('regressionViews.scatter')} />
      </div>
    </figure>
  );
}

function Residuals({ view }: { view: RegressionView }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const { min, max, training, validation } = view.residuals;
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const { width, height } = ctx.canvas;
    ctx.clearRect(0, 0, width, height);
    // Shares, so that the smaller validation split is comparable with the training one.
    const share = (counts: number[]) => {
      const total = Math.max(
        1,
        counts.reduce((a, b) => a + b, 0),
      );
      return counts.map((c) => c / total);
    };
    const series = [
      { values: share(training), color: colors.training },
      ...(validation ? [{ values: share(validation), color: colors.validation }] : []),
    ];
    const top = Math.max(1e-9, ...series.flatMap((s) => s.values));
    const bin = width / training.length;
    const bar = (bin - 2) / series.length;
    series.forEach((s, k) => {
      ctx.fillStyle = s.color;
      s.values.forEach((v, i) => {
        const h = (v / top) * (height - 14);
        ctx.fillRect(i * bin + 1 + k * bar, height - 12 - h, bar, h);
      });
    });
    // Zero residual: where a perfect prediction falls.
    if (min < 0 && max > 0) {
      const x = (-min / (max - min)) * width;
      ctx.strokeStyle = colors.diagonal;
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      ctx.moveTo(x, 0);
      ctx.lineTo(x, height - 12);
      ctx.stroke();
      ctx.setLineDash([]);
    }
  }, [min, max, training, validation]);
  return (
    <figure className="output-card" data-testid="residuals">
      <figcaption>
        {t('regressionViews.residuals')}{' '}
        <span className="muted">
          <span style={{ color: colors.training }}>■</span> {t('regressionViews.training')}
          {validation && (
            <>
              {' '}
              <span style={{ color: colors.validation }}>■</span> {t('regressionViews.validation')}
            </>
          )}
        </span>
      </figcaption>
      <canvas
        ref={canvas}
        className="residuals-canvas"
        width={320}
        height={150}
        role="img"
        aria-label={t('regressionViews.residuals')}
      />
      <div className="residuals-axis" data-testid="residuals-axis">
        <span>{proseNumber(fmt(min))}</span>
        <span>{t('regressionViews.zero')}</span>
        <span>{proseNumber(fmt(max))}</span>
      </div>
    </figure>
  );
}

export function RegressionViews({ view }: { view: RegressionView }) {
  return (
    <>
      <MetricsTable view={view} />
      <Scatter view={view} />
      <Residuals view={view} />
    </>
  );
}
