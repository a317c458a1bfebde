/**
 * Live charts (chart.js): training and validation loss, accuracy for classification, and the
 * gradient norm of each layer over time. They read the training store on a steady clock (not
 * per message; staggered, in idle time, and slower for a chart whose redraw is expensive), draw
 * without animation, decimate long runs, and export as PNG.
 */
import {
  CategoryScale,
  Chart,
  Decimation,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartConfiguration,
  type Plugin,
} from 'chart.js';
import { useEffect, useRef } from 'react';
import { useServices, useTraining } from '../context.js';
import type { TrainingState } from '../training/store.js';
import { toast } from '../ui.js';

Chart.register(
  LineController,
  ScatterController,
  LineElement,
  PointElement,
  LinearScale,
  LogarithmicScale,
  CategoryScale,
  Legend,
  Tooltip,
  Decimation,
);

export const CHART_REFRESH_MS = 250;
/**
 * At most this many layers get a line in the gradient-norm chart: chart.js's cost grows with
 * every series, and a legend of 190 layers (a generated graph) is unreadable and took 50 ms a
 * refresh. Larger graphs show this many layers evenly spread, the first and last included.
 */
export const MAX_LAYER_SERIES = 8;

/** `MAX_LAYER_SERIES` of the layers, evenly spread in the order of computation, first and last included. */
export function shownLayers(layers: readonly string[]): readonly string[] {
  if (layers.length <= MAX_LAYER_SERIES) return layers;
  const picked = new Set<number>();
  for (let k = 0; k < MAX_LAYER_SERIES; k++) picked.add(Math.round((k * (layers.length - 1)) / (MAX_LAYER_SERIES - 1)));
  return [...picked].map((i) => layers[i]);
}
const palette = [
  '#3b6ef5',
  '#e0457b',
  '#2f9e8f',
  '#d97706',
  '#8a5cf6',
  '#0ea5e9',
  '#65a30d',
  '#dc2626',
  '#7c3aed',
  '#0891b2',
];

/** Paints the chart's background so exported PNGs are not transparent. */
const background: Plugin = {
  id: 'background',
  beforeDraw(chart) {
    const ctx = chart.ctx;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = getComputedStyle(chart.canvas).getPropertyValue('--panel').trim() || '#ffffff';
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

type Series = { label: string; points: { x: number; y: number }[] }[];

export interface ChartSpec {
  id: string;
  title: string;
  xTitle: string;
  yTitle: string;
  log?: boolean;
  percent?: boolean;
  series(state: TrainingState): Series;
}

export const chartSpecs: ChartSpec[] = [
  {
    id: 'loss',
    title: 'Loss',
    xTitle: 'epoch',
    yTitle: 'loss',
    log: true,
    series: (s) => [
      { label: 'training', points: s.history.map((h) => ({ x: h.epoch, y: h.loss })) },
      ...(s.history.some((h) => h.valLoss !== undefined)
        ? [
            {
              label: 'validation',
              points: s.history.filter((h) => h.valLoss !== undefined).map((h) => ({ x: h.epoch, y: h.valLoss! })),
            },
          ]
        : []),
    ],
  },
  {
    id: 'accuracy',
    title: 'Accuracy',
    xTitle: 'epoch',
    yTitle: 'accuracy %',
    percent: true,
    series: (s) => [
      ...(s.history.some((h) => h.accuracy !== undefined)
        ? [
            {
              label: 'training',
              points: s.history
                .filter((h) => h.accuracy !== undefined)
                .map((h) => ({ x: h.epoch, y: h.accuracy! * 100 })),
            },
          ]
        : []),
      ...(s.history.some((h) => h.valAccuracy !== undefined)
        ? [
            {
              label: 'validation',
              points: s.history
                .filter((h) => h.valAccuracy !== undefined)
                .map((h) => ({ x: h.epoch, y: h.valAccuracy! * 100 })),
            },
          ]
        : []),
    ],
  },
  {
    id: 'gradients',
    title: 'Gradient norm per layer ‖∂L/∂W‖',
    xTitle: 'epoch',
    yTitle: '‖∂L/∂W‖',
    log: true,
    series: (s) =>
      shownLayers(s.info?.layers ?? []).map((layer) => ({
        label: layer,
        points: s.layerHistory.filter((p) => p.norms[layer] > 0).map((p) => ({ x: p.epoch, y: p.norms[layer] })),
      })),
  },
];

/** A log-axis label: the value when it is a power of ten, else none. */
export function logTick(v: number): string | null {
  if (!(v > 0)) return null;
  const p = Math.log10(v);
  if (Math.abs(p - Math.round(p)) > 1e-9) return null;
  const e = Math.round(p);
  return e >= -2 && e <= 3 ? String(10 ** e) : `1e${e}`;
}

function configFor(spec: ChartSpec): ChartConfiguration<'line', { x: number; y: number }[]> {
  const text = getComputedStyle(document.documentElement).getPropertyValue('--muted').trim() || '#666';
  const grid = getComputedStyle(document.documentElement).getPropertyValue('--border').trim() || '#ddd';
  return {
    type: 'line',
    data: { datasets: [] },
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', intersect: false },
      plugins: {
        legend: { labels: { color: text, boxWidth: 12 } },
        decimation: { enabled: true, algorithm: 'lttb', samples: 400 },
        tooltip: { enabled: true },
      },
      scales: {
        x: {
          type: 'linear',
          title: { display: true, text: spec.xTitle, color: text },
          ticks: { color: text },
          grid: { color: grid },
        },
        y: {
          type: spec.log ? 'logarithmic' : 'linear',
          title: { display: true, text: spec.yTitle, color: text },
          // On a log axis only powers of ten are labelled, in short form (1e-6, 0.01, 1).
          ticks: spec.log ? { color: text, callback: (v) => logTick(Number(v)) } : { color: text },
          grid: { color: grid },
          ...(spec.percent ? { min: 0, max: 100 } : {}),
        },
      },
    },
    plugins: [background],
  };
}

/**
 * A chart is redrawn at most once per this many times its last redraw took: chart.js lays out
 * axes and legend on every update (5–25 ms), and redraws that land in the same frame as the
 * canvas animation make it miss frames.
 */
const CHART_COST_RATIO = 20;
/** A redraw waits for an idle stretch of the main thread as long as its last one, but no longer than this. */
const CHART_IDLE_WAIT_MS = 2000;

/** Runs `fn` when the main thread is idle for at least `ms` (or after `CHART_IDLE_WAIT_MS`). */
function whenIdle(ms: number, fn: () => void): () => void {
  if (typeof requestIdleCallback !== 'function') {
    const t = setTimeout(fn, 0);
    return () => clearTimeout(t);
  }
  const started = performance.now();
  let handle = 0;
  const attempt = (deadline: IdleDeadline) => {
    if (deadline.didTimeout || deadline.timeRemaining() >= ms || performance.now() - started >= CHART_IDLE_WAIT_MS)
      fn();
    else
      handle = requestIdleCallback(attempt, {
        timeout: Math.max(1, CHART_IDLE_WAIT_MS - (performance.now() - started)),
      });
  };
  handle = requestIdleCallback(attempt, { timeout: CHART_IDLE_WAIT_MS });
  return () => cancelIdleCallback(handle);
}

function ChartCard({ spec, index, count }: { spec: ChartSpec; index: number; count: number }) {
  const { training, platform } = useServices();
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'line', { x: number; y: number }[]> | null>(null);
  useEffect(() => {
    const c = new Chart(canvas.current!, configFor(spec));
    chart.current = c;
    let drawn: TrainingState['history'] | null = null;
    let drawnLayers: TrainingState['layerHistory'] | null = null;
    let cost = 0;
    const refresh = () => {
      const s = training.store.getState();
      if (s.history === drawn && s.layerHistory === drawnLayers) return;
      const started = performance.now();
      drawn = s.history;
      drawnLayers = s.layerHistory;
      const series = spec.series(s);
      c.data.datasets = series.map((line, i) => ({
        label: line.label,
        data: line.points,
        borderColor: palette[i % palette.length],
        backgroundColor: palette[i % palette.length],
        borderWidth: 1.5,
        pointRadius: line.points.length < 30 ? 2 : 0,
        indexAxis: 'x',
      }));
      c.update('none');
      cost = performance.now() - started;
    };
    refresh();
    // The charts take turns (staggered by a fraction of the interval), redraw in idle time, and
    // an expensive chart waits longer.
    let timer: ReturnType<typeof setTimeout>;
    let cancelIdle = () => {};
    const tick = () => {
      cancelIdle = whenIdle(cost, () => {
        refresh();
        timer = setTimeout(tick, Math.max(CHART_REFRESH_MS, CHART_COST_RATIO * cost));
      });
    };
    timer = setTimeout(tick, CHART_REFRESH_MS + (index * CHART_REFRESH_MS) / count);
    return () => {
      clearTimeout(timer);
      cancelIdle();
      c.destroy();
    };
  }, [spec, training, index, count]);

  const exportPng = async () => {
    const url = chart.current?.toBase64Image('image/png', 1);
    if (!url) return;
    const bytes = Uint8Array.from(atob(url.split(',')[1]), (ch) => ch.charCodeAt(0));
    if (await platform.exportFile(bytes, `${spec.id}.png`, [{ name: 'PNG image', extensions: ['png'] }]))
      toast(`Saved the ${spec.title.toLowerCase()} chart.`, 'success', 2000);
  };

  return (
    <figure className="chart-card" data-testid={`chart-${spec.id}`}>
      <figcaption>
        {spec.title}
        <button
          type="button"
          className="small"
          onClick={() => void exportPng()}
          data-testid={`export-${spec.id}`}
          title="Save this chart as a PNG image"
        >
          PNG
        </button>
      </figcaption>
      <div className="chart-body">
        <canvas ref={canvas} />
      </div>
    </figure>
  );
}

export function Charts() {
  const task = useTraining((s) => s.info?.task);
  const specs = chartSpecs.filter((c) => c.id !== 'accuracy' || task === 'binary' || task === 'multiclass');
  return (
    <div className="charts">
      {specs.map((spec, i) => (
        <ChartCard key={spec.id} spec={spec} index={i} count={specs.length} />
      ))}
    </div>
  );
}
