/**
 * What the network computes, live: for 2-D data its output as a heatmap behind the data points
 * (the decision boundary); for 1-D regression the fitted curve over the data, with each hidden
 * unit's contribution; for classification the confusion matrix.
 */
import { Chart } from 'chart.js';
import { useEffect, useRef, useState } from 'react';
import type { Dataset } from '../../../engine/index.js';
import { useDataState, useServices, useTraining } from '../context.js';
import type { BoundaryView, CurveView, SessionInfo } from '../../../session/protocol.js';
import './Charts.js';
import { ClassMetricsTable, ImageViews } from './ClassificationViews.js';
import { ClosedFormCard } from './ClosedForm.js';
import { RegressionViews } from './RegressionViews.js';
import { fmt } from './WeightsView.js';

const gradientSizeText = {
  toggle: 'size points by their gradient ‖∂Lᵢ/∂w‖',
  help: 'Each point drawn with an area proportional to the gradient of its own loss: the examples that drive the update are the big ones',
  legend: (largest: string, rows: number, total: number) =>
    `Point area ∝ ‖∂Lᵢ/∂w‖ (largest ${largest}). Confidently right points barely move the weights; wrong ones move them most.${rows < total ? ` Only the first ${rows} of ${total} rows are sized.` : ''}`,
};

export const classColors = [
  '#3b6ef5',
  '#f08c2e',
  '#2f9e8f',
  '#e0457b',
  '#8a5cf6',
  '#65a30d',
  '#0ea5e9',
  '#b45309',
  '#7c3aed',
  '#dc2626',
];

function rgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Colour of one grid cell: probability blend for binary, argmax class for multiclass, value for regression. */
export function cellColor(
  values: Float32Array,
  cell: number,
  classes: number,
  task: SessionInfo['task'],
): [number, number, number, number] {
  if (classes === 1) {
    const v = values[cell];
    if (task === 'binary') {
      const p = Math.min(1, Math.max(0, v));
      const a = rgb(classColors[0]);
      const b = rgb(classColors[1]);
      return [
        a[0] + (b[0] - a[0]) * p,
        a[1] + (b[1] - a[1]) * p,
        a[2] + (b[2] - a[2]) * p,
        90 + 120 * Math.abs(p - 0.5) * 2,
      ];
    }
    const t = Math.tanh(v);
    const c = rgb(classColors[t >= 0 ? 1 : 0]);
    return [c[0], c[1], c[2], 40 + 170 * Math.abs(t)];
  }
  let best = 0;
  let max = -Infinity;
  let sum = 0;
  for (let k = 0; k < classes; k++) if (values[cell * classes + k] > max) max = values[cell * classes + k];
  for (let k = 0; k < classes; k++) {
    const v = values[cell * classes + k];
    sum += Math.exp(v - max);
    if (v === max) best = k;
  }
  const confidence = 1 / sum;
  const c = rgb(classColors[best % classColors.length]);
  return [c[0], c[1], c[2], 60 + 150 * confidence];
}

/** A point's radius when points are sized by their gradient: its area grows with ‖∂Lᵢ/∂w‖. */
export function gradientRadius(norm: number, largest: number): number {
  return 1.5 + 8.5 * Math.sqrt(largest > 0 ? Math.min(1, norm / largest) : 0);
}

function Boundary({ view, info, dataset }: { view: BoundaryView; info: SessionInfo; dataset: Dataset | null }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const SIZE = 320;
  const { training } = useServices();
  const sizedByGradient = useTraining((s) => s.examplesShown);
  const examples = useTraining((s) => (s.examplesShown ? s.progress?.examples : undefined));
  const largestGradient = examples ? Math.max(0, ...Array.from(examples.norms.subarray(0, examples.rows))) : 0;
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const image = ctx.createImageData(view.size, view.size);
    for (let cell = 0; cell < view.size * view.size; cell++) {
      const [r, g, b, a] = cellColor(view.values, cell, view.classes, info.task);
      image.data.set([r, g, b, a], cell * 4);
    }
    const tmp = document.createElement('canvas');
    tmp.width = tmp.height = view.size;
    tmp.getContext('2d')!.putImageData(image, 0, 0);
    ctx.clearRect(0, 0, SIZE, SIZE);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(tmp, 0, 0, SIZE, SIZE);
    if (!dataset) return;
    const [fx, fy] = info.features.map((f) => dataset.columns.indexOf(f));
    const ti = dataset.columns.indexOf(info.targets[0]);
    const w = dataset.columns.length;
    for (let r = 0; r < dataset.rows; r++) {
      const x = ((dataset.values[r * w + fx] - view.x[0]) / (view.x[1] - view.x[0])) * SIZE;
      const y = ((view.y[1] - dataset.values[r * w + fy]) / (view.y[1] - view.y[0])) * SIZE;
      const label = ti >= 0 ? dataset.values[r * w + ti] : 0;
      const radius =
        examples && r < examples.rows
          ? gradientRadius(examples.norms[r], largestGradient)
          : dataset.rows <= 16
            ? 6
            : 3.2;
      ctx.beginPath();
      ctx.arc(x, y, radius, 0, Math.PI * 2);
      ctx.fillStyle = info.task === 'regression' ? '#333' : classColors[Math.round(label) % classColors.length];
      ctx.fill();
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = '#fff';
      ctx.stroke();
      ctx.lineWidth = 0.8;
      ctx.strokeStyle = 'rgba(0, 0, 0, 0.55)';
      ctx.beginPath();
      ctx.arc(x, y, radius + 1.2, 0, Math.PI * 2);
      ctx.stroke();
    }
  }, [view, info, dataset, examples, largestGradient]);
  return (
    <figure className="output-card" data-testid="boundary">
      <figcaption>
        Network output over the input plane ({info.features.join(', ')})
        <label className="chip" title={gradientSizeText.help}>
          <input
            type="checkbox"
            data-testid="gradient-sizes"
            checked={sizedByGradient}
            onChange={(e) => training.showExamples(e.target.checked)}
          />{' '}
          {gradientSizeText.toggle}
        </label>
      </figcaption>
      <canvas ref={canvas} width={SIZE} height={SIZE} className="boundary-canvas" />
      {examples && (
        <p className="muted" data-testid="gradient-sizes-legend">
          {gradientSizeText.legend(fmt(largestGradient), examples.rows, dataset?.rows ?? examples.rows)}
        </p>
      )}
      <div className="axis-labels">
        <span>
          {info.features[0]}: {view.x[0].toFixed(2)} … {view.x[1].toFixed(2)}
        </span>
        <span>
          {info.features[1]}: {view.y[0].toFixed(2)} … {view.y[1].toFixed(2)}
        </span>
      </div>
    </figure>
  );
}

function Curve({ view, info, dataset }: { view: CurveView; info: SessionInfo; dataset: Dataset | null }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  const [showUnits, setShowUnits] = useState(true);
  const showSolution = useTraining((s) => s.closedFormShown && s.closedForm?.ok === true);
  useEffect(() => {
    chart.current = new Chart(canvas.current!, {
      type: 'scatter',
      data: { datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          legend: { display: true, labels: { boxWidth: 12, filter: (item) => !item.text.startsWith('unit') } },
        },
        scales: {
          x: { type: 'linear', title: { display: true, text: info.features[0] } },
          y: { title: { display: true, text: info.targets[0] } },
        },
      },
    });
    return () => chart.current?.destroy();
  }, [info]);
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const points: { x: number; y: number }[] = [];
    if (dataset) {
      const xi = dataset.columns.indexOf(info.features[0]);
      const yi = dataset.columns.indexOf(info.targets[0]);
      const w = dataset.columns.length;
      for (let r = 0; r < dataset.rows; r++)
        points.push({ x: dataset.values[r * w + xi], y: dataset.values[r * w + yi] });
    }
    const line = (ys: Float32Array) => Array.from(view.xs, (x, i) => ({ x, y: ys[i] }));
    c.data.datasets = [
      { type: 'scatter', label: 'data', data: points, backgroundColor: '#9aa1b1', pointRadius: 2.5 },
      {
        type: 'line',
        label: 'network',
        data: line(view.ys),
        borderColor: classColors[3],
        borderWidth: 2.5,
        pointRadius: 0,
      },
      ...(showUnits && view.contributions
        ? view.contributions.map((ys, j) => ({
            type: 'line' as const,
            label: `unit ${j + 1}`,
            data: line(ys),
            borderColor: `${classColors[j % classColors.length]}88`,
            borderWidth: 1,
            pointRadius: 0,
          }))
        : []),
      ...(showSolution && view.solution
        ? [
            {
              type: 'line' as const,
              label: 'closed form (least squares)',
              data: line(view.solution),
              borderColor: '#1f2937',
              borderDash: [6, 4],
              borderWidth: 2,
              pointRadius: 0,
            },
          ]
        : []),
    ];
    c.update('none');
    // The lines drawn, named (a canvas has no DOM to read them from).
    c.canvas.dataset.series = c.data.datasets.map((d) => d.label).join('|');
  }, [view, dataset, info, showUnits, showSolution]);
  return (
    <figure className="output-card wide" data-testid="curve">
      <figcaption>
        Fitted curve over the data
        {view.contributions && (
          <label className="chip">
            <input type="checkbox" checked={showUnits} onChange={(e) => setShowUnits(e.target.checked)} /> hidden units’
            contributions w·h(x)
          </label>
        )}
      </figcaption>
      <div className="chart-body">
        <canvas ref={canvas} />
      </div>
    </figure>
  );
}

function Confusion({ matrix, split, classes }: { matrix: number[][]; split: string; classes?: string[] }) {
  const max = Math.max(1, ...matrix.flat());
  const total = matrix.flat().reduce((a, b) => a + b, 0);
  const correct = matrix.reduce((s, row, i) => s + row[i], 0);
  const name = (i: number) => classes?.[i] ?? String(i);
  return (
    <figure className="output-card" data-testid="confusion">
      <figcaption>
        Confusion matrix ({split} rows): {correct} of {total} correct (
        {((correct / Math.max(1, total)) * 100).toFixed(1)} %)
      </figcaption>
      <table className="confusion">
        <thead>
          <tr>
            <th>true ↓ / predicted →</th>
            {matrix.map((_, j) => (
              <th key={j}>{name(j)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, i) => (
            <tr key={i}>
              <th>{name(i)}</th>
              {row.map((v, j) => (
                <td key={j} style={{ background: `rgba(${i === j ? '47,158,143' : '224,69,123'}, ${v / max})` }}>
                  {v}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

export function OutputView() {
  const { training } = useServices();
  const info = useTraining((s) => s.info);
  const boundary = useTraining((s) => s.progress?.boundary);
  const curve = useTraining((s) => s.progress?.curve);
  const confusion = useTraining((s) => s.progress?.confusion);
  const regression = useTraining((s) => s.progress?.regression);
  const images = useTraining((s) => s.progress?.images);
  const dataset = useDataState((s) => s.dataset);
  void training;
  if (!info) return <p className="muted">Load data and press Train (or Step) to see what the network computes.</p>;
  if (!boundary && !curve && !confusion && !regression)
    return (
      <p className="muted">
        The output view shows 2-D inputs as a heatmap, 1-D regression as a curve, and classification as a confusion
        matrix.
      </p>
    );
  return (
    <div className="output-view">
      <ClosedFormCard />
      {boundary && <Boundary view={boundary} info={info} dataset={dataset} />}
      {curve && <Curve view={curve} info={info} dataset={dataset} />}
      {confusion && (
        <Confusion
          matrix={confusion.matrix}
          split={confusion.split}
          classes={info.classes ?? (info.task === 'binary' ? ['0', '1'] : undefined)}
        />
      )}
      {confusion && (
        <ClassMetricsTable
          matrix={confusion.matrix}
          split={confusion.split}
          classes={info.classes ?? (info.task === 'binary' ? ['0', '1'] : undefined)}
        />
      )}
      {regression && <RegressionViews view={regression} />}
      {images && <ImageViews view={images} classes={info.classes} />}
    </div>
  );
}
