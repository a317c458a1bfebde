/**
 * A loss block's inspector: the shape of the loss — its value and derivative for one example as
 * a function of δ = t − y (regression) or of the true class's probability (classification),
 * computed by the block's own forward and backward with its parameters as they are now — with
 * the last batch's examples marked on it; and the training examples whose own gradient
 * ‖∂Lᵢ/∂w‖ is largest, with what the network predicts for them.
 */
import { Chart } from 'chart.js';
import { useEffect, useMemo, useRef } from 'react';
import { type BlockDefinition, lossAt, lossShape, lossShapePositions } from '../../../engine/index.js';
import { useTraining } from '../context.js';
import { fmt } from './WeightsView.js';
import './Charts.js';

const text = {
  shape: 'Loss shape',
  axisDelta: 'δ = t − y',
  axisProbability: 'predicted probability of the true class',
  loss: 'loss of one example',
  derivative: { y: '∂L/∂y', p: '∂L/∂p', z: '∂L/∂z (logit of the true class)' },
  batch: 'examples of the last batch',
  shapeHelp: (axis: 'delta' | 'probability') =>
    axis === 'delta'
      ? 'The loss and its derivative for one example as δ = t − y varies, with this block’s own settings. Dots: where the last batch’s examples are.'
      : 'The loss and its derivative for one example as the probability it gives the true class varies. Dots: where the last batch’s examples are.',
  top: 'Examples that drive the gradient',
  topHelp:
    'The training rows whose own loss has the largest gradient ‖∂Lᵢ/∂w‖ over all weights: a confidently right example contributes almost nothing, a wrong one the most.',
  row: 'row',
  inputs: 'inputs',
  target: 'target',
  prediction: 'prediction',
  gradient: '‖∂Lᵢ/∂w‖',
  exampleLoss: 'Lᵢ',
  waiting: 'Press Step or Train to see which examples drive the gradient.',
};

/** Whole numbers (class indices, 0/1 targets) as they are, others briefly. */
const number = (v: number) => (Number.isInteger(v) ? String(v) : fmt(v));
const values = (v: readonly number[]) => v.map(number).join(', ');

function LossShapePlot({ def, params }: { def: BlockDefinition; params: unknown }) {
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
          y: { type: 'linear', position: 'left', title: { display: true, text: text.loss } },
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
    const derivativeLabel = text.derivative[shape.derivativeOf];
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
        label: derivativeLabel,
        data: xs.map((x, i) => ({ x, y: cap(shape.derivative[i]) })),
        borderColor: '#3b6ef5',
        borderDash: [5, 3],
        borderWidth: 1.5,
        pointRadius: 0,
        yAxisID: 'dy',
      },
      {
        type: 'scatter',
        label: text.batch,
        data: positions.map((x) => ({ x, y: cap(lossAt(def, params, x)) })),
        backgroundColor: '#1f2937',
        pointRadius: 3,
        yAxisID: 'y',
      },
    ] as never;
    const scales = c.options.scales as Record<string, { title?: { text?: string } }>;
    scales.x.title!.text = shape.axis === 'delta' ? text.axisDelta : text.axisProbability;
    scales.dy.title!.text = derivativeLabel;
    c.update('none');
  }, [shape, positions, def, params]);
  return (
    <section className="loss-shape" data-testid="loss-shape">
      <h3>{text.shape}</h3>
      <p className="muted">{text.shapeHelp(shape.axis)}</p>
      <div className="loss-shape-chart">
        <canvas ref={canvas} role="img" aria-label={`${text.shape}: ${def.title}`} />
      </div>
    </section>
  );
}

function TopExamples({ classes }: { classes?: string[] }) {
  const examples = useTraining((s) => s.progress?.examples);
  const steps = useTraining((s) => s.progress?.steps ?? 0);
  if (!examples || steps === 0)
    return (
      <section data-testid="top-examples">
        <h3>{text.top}</h3>
        <p className="muted">{text.waiting}</p>
      </section>
    );
  const label = (v: number[]) =>
    classes && v.length === 1 && Number.isInteger(v[0]) && classes[v[0]] !== undefined ? classes[v[0]] : values(v);
  return (
    <section data-testid="top-examples">
      <h3>{text.top}</h3>
      <p className="muted">{text.topHelp}</p>
      <div className="table-scroll">
        <table className="top-examples">
          <thead>
            <tr>
              <th scope="col">{text.row}</th>
              <th scope="col" title={examples.features.join(', ')}>
                {text.inputs}
              </th>
              <th scope="col">{text.target}</th>
              <th scope="col">{text.prediction}</th>
              <th scope="col">{text.gradient}</th>
              <th scope="col">{text.exampleLoss}</th>
            </tr>
          </thead>
          <tbody>
            {examples.top.map((e) => (
              <tr key={e.row} data-testid="top-example">
                <th scope="row">{e.line ?? e.row + 1}</th>
                <td>{e.features.length <= 4 ? values(e.features) : `${values(e.features.slice(0, 3))}, …`}</td>
                <td>{label(e.target)}</td>
                <td>{e.prediction.length <= 3 ? values(e.prediction) : `${values(e.prediction.slice(0, 3))}, …`}</td>
                <td data-testid="top-example-gradient">{fmt(e.norm)}</td>
                <td>{fmt(e.loss)}</td>
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
