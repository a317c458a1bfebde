/**
 * A loss block's inspector: the shape of the loss — its value and derivative for one example as
 * a function of δ = t − y (regression) or of the true class's probability (classification),
 * computed by the block's own forward and backward with its parameters as they are now — with
 * the last batch's examples marked on it; and the training examples whose own gradient
 * ‖∂Lᵢ/∂w‖ is largest, with what the network predicts for them.
 */
import { Chart } from 'chart.js';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { type BlockDefinition, lossAt, lossShape, lossShapePositions } from '../../../engine/index.js';
import type { Translate } from '../../../i18n/index.js';
import { blockTitle } from '../block-text.js';
import { useTraining } from '../context.js';
import { proseNumber } from '../i18n.js';
import { fmt } from './WeightsView.js';
import './Charts.js';

/** The derivative's axis and legend: formulas, the same in every language but for the logit's words. */
const derivativeLabel = (of: 'y' | 'p' | 'z', t: Translate): string =>
  of === 'y' ? '∂L/∂y' : of === 'p' ? '∂L/∂p' : t('lossInspector.derivativeLogit');

/** Whole numbers (class indices, 0/1 targets) as they are, others briefly, in the language's decimals. */
const number = (v: number, language: string) => proseNumber(Number.isInteger(v) ? String(v) : fmt(v), language);
/** A list of numbers, cut after `max` (…); a semicolon between them where a comma is the decimal separator. */
function values(v: readonly number[], language: string, max = Number.POSITIVE_INFINITY): string {
  const shown = v.length <= max ? v : v.slice(0, max - 1);
  const list = shown.map((x) => number(x, language));
  return [...list, ...(shown.length < v.length ? ['…'] : [])].join(
    proseNumber('0.5', language) === '0.5' ? ', ' : '; ',
  );
}

function LossShapePlot({ def, params }: { def: BlockDefinition; params: unknown }) {
  const { t, i18n } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  const inputs = useTraining((s) => s.progress?.watched?.lossInputs);
  const positions = useMemo(
    () => (inputs ? lossShapePositions(def, params, inputs.pred, inputs.target) : []),
    [def, params, inputs],
  );
  const range = Math.max(1, ...positions.map((x) => Math.abs(x) * 1.2));
  const shape = useMemo(() => lossShape(def, params, range), [def, params, range]);
  useEffect(() => {
    chart.current = new Chart(canvas.current!, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        plugins: { legend: { display: true, labels: { boxWidth: 10 } } },
        scales: {
          x: { type: 'linear', title: { display: true, text: '' } },
          y: { type: 'linear', position: 'left', title: { display: true, text: '' } },
          dy: { type: 'linear', position: 'right', grid: { drawOnChartArea: false }, title: { display: true } },
        },
      },
    });
    return () => chart.current?.destroy();
  }, []);
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const xs = Array.from(shape.xs);
    const derivative = derivativeLabel(shape.derivativeOf, t);
    // Classification losses grow without bound as p → 0; the plot keeps to where they are readable.
    const cap = (v: number) => (shape.axis === 'probability' ? Math.max(-20, Math.min(20, v)) : v);
    c.data.datasets = [
      {
        label: 'L',
        data: xs.map((x, i) => ({ x, y: cap(shape.loss[i]) })),
        borderColor: '#e0457b',
        borderWidth: 2,
        pointRadius: 0,
        yAxisID: 'y',
      },
      {
        label: derivative,
        data: xs.map((x, i) => ({ x, y: cap(shape.derivative[i]) })),
        borderColor: '#3b6ef5',
        borderDash: [5, 3],
        borderWidth: 1.5,
        pointRadius: 0,
        yAxisID: 'dy',
      },
      {
        type: 'scatter',
        label: t('lossInspector.batch'),
        data: positions.map((x) => ({ x, y: cap(lossAt(def, params, x)) })),
        backgroundColor: '#1f2937',
        pointRadius: 3,
        yAxisID: 'y',
      },
    ] as never;
    const scales = c.options.scales as Record<string, { title?: { text?: string } }>;
    scales.x.title!.text = shape.axis === 'delta' ? 'δ = t − y' : t('lossInspector.axisProbability');
    scales.y.title!.text = t('lossInspector.loss');
    scales.dy.title!.text = derivative;
    // The ticks' numbers with the language's decimal separator.
    c.options.locale = i18n.language;
    c.update('none');
    // `t` changes with the language: a change of language retitles the chart.
  }, [shape, positions, def, params, t, i18n.language]);
  return (
    <section className="loss-shape" data-testid="loss-shape">
      <h3>{t('lossInspector.shape')}</h3>
      <p className="muted">
        {shape.axis === 'delta' ? t('lossInspector.helpDelta') : t('lossInspector.helpProbability')}
      </p>
      <div className="loss-shape-chart">
        <canvas ref={canvas} role="img" aria-label={t('lossInspector.shapeOf', { block: blockTitle(def, t) })} />
      </div>
    </section>
  );
}

function TopExamples({ classes }: { classes?: string[] }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const examples = useTraining((s) => s.progress?.examples);
  const steps = useTraining((s) => s.progress?.steps ?? 0);
  if (!examples || steps === 0)
    return (
      <section data-testid="top-examples">
        <h3>{t('lossInspector.top')}</h3>
        <p className="muted">{t('lossInspector.waiting')}</p>
      </section>
    );
  const label = (v: number[]) =>
    classes && v.length === 1 && Number.isInteger(v[0]) && classes[v[0]] !== undefined
      ? classes[v[0]]
      : values(v, language);
  return (
    <section data-testid="top-examples">
      <h3>{t('lossInspector.top')}</h3>
      <p className="muted">{t('lossInspector.topHelp')}</p>
      <div className="table-scroll">
        <table className="top-examples">
          <thead>
            <tr>
              <th scope="col">{t('lossInspector.row')}</th>
              <th scope="col" title={examples.features.join(', ')}>
                {t('lossInspector.inputs')}
              </th>
              <th scope="col">{t('lossInspector.target')}</th>
              <th scope="col">{t('lossInspector.prediction')}</th>
              <th scope="col">‖∂Lᵢ/∂w‖</th>
              <th scope="col">Lᵢ</th>
            </tr>
          </thead>
          <tbody>
            {examples.top.map((e) => (
              <tr key={e.row} data-testid="top-example">
                <th scope="row">{e.line ?? e.row + 1}</th>
                <td>{values(e.features, language, 4)}</td>
                <td translate="no">{label(e.target)}</td>
                <td>{values(e.prediction, language, 4)}</td>
                <td data-testid="top-example-gradient">{number(e.norm, language)}</td>
                <td>{number(e.loss, language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function LossInspector({ def, params }: { def: BlockDefinition; params: unknown }) {
  const classes = useTraining((s) => s.info?.classes);
  // The same settings give the same object, so the curve is recomputed only when they change.
  const key = JSON.stringify(params);
  const settings = useMemo(() => JSON.parse(key) as unknown, [key]);
  return (
    <>
      <LossShapePlot def={def} params={settings} />
      <TopExamples classes={classes} />
    </>
  );
}
