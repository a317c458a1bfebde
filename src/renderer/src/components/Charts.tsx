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
  type Scale,
} from 'chart.js';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices, useTraining } from '../context.js';
import { nextRunColor, type RunPoint, type RunRecord, runTitle } from '../../../engine/index.js';
import type { TrainingState } from '../training/store.js';
import { currentLanguage, proseNumber, say, t } from '../i18n.js';
import { useLayout } from '../layout.js';
import { toast } from '../ui.js';
import { RunHints } from './RunHints.js';

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

type Series = {
  /** The legend's label, in the page's language (a layer's id, a run's name, as they are). */
  label: string;
  points: { x: number; y: number }[];
  /** A run's colour (else the palette's by position). */
  color?: string;
  /** Drawn dashed: a run's validation line beside its training line. */
  dashed?: boolean;
  /** A live validation line (drawn dashed once the live lines take a run's name). */
  validation?: boolean;
}[];

/** The kept runs a chart overlays, and the one the live history shows (it is drawn live, not again). */
export interface RunOverlay {
  runs: readonly RunRecord[];
  liveRunId: string | null;
}

export interface ChartSpec {
  id: string;
  /** Catalogue keys of the title, the axes' titles and the export's toast (said in the page's language when drawn). */
  title: string;
  xTitle: string;
  yTitle: string;
  saved: string;
  log?: boolean;
  percent?: boolean;
  series(state: TrainingState): Series;
  /** The lines of a kept run drawn over the live ones (none: the chart shows no runs). */
  overlay?(run: RunRecord): Series;
}

/** A run's name in the page's language: a default name ("Run 3") told, a name the user gave as it is. */
const runName = (run: RunRecord) => say(runTitle(run.name));

const runPoints = (run: RunRecord, value: (p: RunPoint) => number | undefined, scale = 1) =>
  run.curves.flatMap((p) => {
    const v = value(p);
    return v === undefined || !Number.isFinite(v) ? [] : [{ x: p.epoch, y: v * scale }];
  });

/** A run's training line (solid) and validation line (dashed), in its colour; empty lines left out. */
function runLines(
  run: RunRecord,
  train: (p: RunPoint) => number | undefined,
  validation: (p: RunPoint) => number | undefined,
  scale = 1,
): Series {
  return [
    {
      label: t('charts.runLine', { run: runName(run), line: t('charts.training') }),
      points: runPoints(run, train, scale),
      color: run.color,
    },
    {
      label: t('charts.runLine', { run: runName(run), line: t('charts.validation') }),
      points: runPoints(run, validation, scale),
      color: run.color,
      dashed: true,
    },
  ].filter((line) => line.points.length > 0);
}

export const chartSpecs: ChartSpec[] = [
  {
    id: 'loss',
    title: 'charts.loss.title',
    xTitle: 'charts.epoch',
    yTitle: 'charts.loss.y',
    saved: 'charts.loss.saved',
    log: true,
    series: (s) => [
      { label: t('charts.training'), points: s.history.map((h) => ({ x: h.epoch, y: h.loss })) },
      // With weight decay or L1: what the optimizer minimises, data loss + penalty (the gap is the
      // penalty; the run numbers give it). The penalty alone is left out: on the log axis a penalty
      // decayed towards 0 would squeeze the losses into a line.
      ...(s.history.some((h) => h.penalty !== undefined)
        ? [
            {
              label: t('charts.penalty'),
              points: s.history
                .filter((h) => h.penalty !== undefined)
                .map((h) => ({ x: h.epoch, y: h.loss + h.penalty! })),
            },
          ]
        : []),
      ...(s.history.some((h) => h.valLoss !== undefined)
        ? [
            {
              label: t('charts.validation'),
              validation: true,
              points: s.history.filter((h) => h.valLoss !== undefined).map((h) => ({ x: h.epoch, y: h.valLoss! })),
            },
          ]
        : []),
    ],
    overlay: (run) =>
      runLines(
        run,
        (p) => p.loss,
        (p) => p.valLoss,
      ),
  },
  {
    id: 'accuracy',
    title: 'charts.accuracy.title',
    xTitle: 'charts.epoch',
    yTitle: 'charts.accuracy.y',
    saved: 'charts.accuracy.saved',
    percent: true,
    series: (s) => [
      ...(s.history.some((h) => h.accuracy !== undefined)
        ? [
            {
              label: t('charts.training'),
              points: s.history
                .filter((h) => h.accuracy !== undefined)
                .map((h) => ({ x: h.epoch, y: h.accuracy! * 100 })),
            },
          ]
        : []),
      ...(s.history.some((h) => h.valAccuracy !== undefined)
        ? [
            {
              label: t('charts.validation'),
              validation: true,
              points: s.history
                .filter((h) => h.valAccuracy !== undefined)
                .map((h) => ({ x: h.epoch, y: h.valAccuracy! * 100 })),
            },
          ]
        : []),
    ],
    overlay: (run) =>
      runLines(
        run,
        (p) => p.accuracy,
        (p) => p.valAccuracy,
        100,
      ),
  },
  {
    id: 'gradients',
    title: 'charts.gradients.title',
    xTitle: 'charts.epoch',
    yTitle: 'charts.gradients.y',
    saved: 'charts.gradients.saved',
    log: true,
    series: (s) =>
      shownLayers(s.info?.layers ?? []).map((layer) => ({
        label: layer,
        points: s.layerHistory.filter((p) => p.norms[layer] > 0).map((p) => ({ x: p.epoch, y: p.norms[layer] })),
      })),
    overlay: (run) => {
      const points = runPoints(run, (p) => (p.gradNorm !== undefined && p.gradNorm > 0 ? p.gradNorm : undefined));
      return points.length ? [{ label: `${runName(run)} ‖∂L/∂θ‖`, points, color: run.color }] : [];
    },
  },
  {
    id: 'distance',
    title: 'charts.distance.title',
    xTitle: 'charts.epoch',
    yTitle: 'charts.distance.y',
    saved: 'charts.distance.saved',
    log: true,
    series: (s) => [
      { label: t('charts.gradientDescent'), points: s.distanceHistory.map((d) => ({ x: d.epoch, y: d.distance })) },
    ],
  },
];

/**
 * A chart's lines: the visible kept runs' (each in its colour), then the live history's on top.
 * Once the document keeps runs, the live lines take their run's name and colour (the colour the
 * next run gets while it is not recorded yet), the validation line dashed, as a kept run's are.
 */
export function chartSeries(spec: ChartSpec, s: TrainingState, runs: readonly RunRecord[]): Series {
  const live = spec.series(s);
  if (!spec.overlay || runs.length === 0) return live;
  const liveRun = runs.find((r) => r.id === s.liveRunId);
  const color = liveRun?.color ?? nextRunColor(runs);
  const name = liveRun ? runName(liveRun) : t('charts.thisRun');
  const drawn = live.filter((line) => line.points.length > 0);
  const shown =
    liveRun?.visible === false
      ? []
      : drawn.length === 0 && liveRun
        ? // Nothing live yet for this chart (a reopened document has no gradient norms per layer): the run's own curve.
          spec.overlay(liveRun)
        : spec.id === 'gradients'
          ? drawn
          : drawn.map((line) => ({
              ...line,
              label: t('charts.runLine', { run: name, line: line.label }),
              color,
              dashed: line.validation === true,
            }));
  const overlays = runs.filter((r) => r.visible !== false && r.id !== s.liveRunId).flatMap((r) => spec.overlay!(r));
  return [...overlays, ...shown];
}

/** A number in at most 3 significant digits, briefly: 0.253, 1230, 98.3, 1e-5, 2.5e-7. */
export function shortNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return String(Number(v.toPrecision(3)));
  const [mantissa, exponent] = v.toExponential(2).split('e');
  return `${Number(mantissa)}e${Number(exponent)}`;
}

/** A "nice" step (1, 2 or 5 × 10^k) close to `raw`. */
function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

/**
 * The labelled values of a log axis from `min` to `max`, with room for `maxCount` labels (the
 * axis's height over one label's): powers of ten over a wide range (every second or third one
 * when they would crowd), 1-2-5 or 1-3 steps over a few decades, and evenly spaced values when the
 * range is about a decade or less, so a loss that stays between 0.25 and 0.30 still has numbers on
 * its axis. No two labels come closer than their room (`1 / maxCount` of the axis, in decades),
 * and at least two label any axis that spans a range.
 */
export function logAxisTicks(min: number, max: number, maxCount: number): number[] {
  if (!(min > 0) || !(max > min) || !Number.isFinite(max)) return min > 0 ? [min] : [];
  const room = Math.max(2, maxCount);
  const count = Math.floor(room);
  const minGap = Math.log10(max / min) / room;
  const apart = (a: number, b: number) => Math.log10(b / a) >= minGap * (1 - 1e-9);
  const spaced = (ticks: readonly number[]) =>
    ticks.length <= count && ticks.every((t, i) => i === 0 || apart(ticks[i - 1], t));
  const inRange = (v: number) => v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9);
  const round = (v: number) => Number(v.toPrecision(12));
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  const multiples = (ms: readonly number[]) => {
    const out: number[] = [];
    for (let e = lo; e <= hi; e++) for (const m of ms) if (inRange(m * 10 ** e)) out.push(round(m * 10 ** e));
    return out;
  };
  const evenly = (step: number) => {
    const out: number[] = [];
    for (let i = Math.ceil(min / step - 1e-9); i * step <= max * (1 + 1e-9); i++)
      if (inRange(i * step)) out.push(round(i * step));
    return out;
  };
  // Nice steps (1, 2 or 5 × 10^k) from the whole range down to a hundredth of it.
  const steps: number[] = [];
  for (let step = niceStep(max - min); step >= (max - min) / 100; step = niceStep(step / 2.5)) steps.push(step);

  // The densest regular series that fits: 1-2-5, then 1-3, then every k-th power of ten (on
  // exponents divisible by k, so the labels stay regular).
  for (const ms of [
    [1, 2, 5],
    [1, 3],
  ]) {
    const series = multiples(ms);
    if (series.length >= 3 && spaced(series)) return series;
  }
  const powers: number[] = [];
  for (let e = lo; e <= hi; e++) if (inRange(10 ** e)) powers.push(e);
  for (let k = Math.max(1, Math.ceil(minGap - 1e-9)); k < powers.length; k++) {
    const picked = powers.filter((e) => e % k === 0).map((e) => round(10 ** e));
    if (picked.length >= 2 && spaced(picked)) return picked;
  }
  // Evenly spaced (within about a decade a log axis is nearly linear): the most values of one
  // step that keep their room, at most six.
  let even: number[] | null = null;
  for (const step of steps) {
    const ticks = evenly(step);
    if (ticks.length >= 2 && ticks.length <= 6 && spaced(ticks)) even = ticks;
    else if (even) break;
  }
  if (even) return even;
  // Else the values of a 1-2-5 series or of one step taken from the bottom, each its room above the last.
  let best: number[] = [];
  for (const candidates of [multiples([1, 2, 5]), ...steps.map(evenly)]) {
    const picked: number[] = [];
    for (const v of candidates)
      if (picked.length < count && (!picked.length || apart(picked.at(-1)!, v))) picked.push(v);
    if (picked.length >= 2) return picked;
    if (picked.length > best.length) best = picked;
  }
  return best;
}

/** The smallest max/min a log axis spans: noise in the fifth digit of a flat loss is not a curve. */
const MIN_LOG_RATIO = 1.25;
/** Height of one y-axis label with its spacing, in px: no more labels than fit. */
const TICK_SPACING_PX = 26;

/** Chart text size in px: larger in presentation mode, for the back row. */
export const CHART_FONT_PX = 12;
export const PRESENTATION_CHART_FONT_PX = 18;

/** A value on a chart's axis or in its tooltip: briefly, with the page's decimal separator (0,25 in Russian). */
export function chartNumber(v: number): string {
  return proseNumber(shortNumber(v));
}

/**
 * A chart's configuration in the page's language: titles, tooltips and tick numbers (chart.js's
 * `locale` formats the epochs; the y-axis's own labels take the decimal separator). Built again
 * when the language changes, onto the same chart, which keeps its data.
 */
function configFor(spec: ChartSpec, fontSize = CHART_FONT_PX): ChartConfiguration<'line', { x: number; y: number }[]> {
  const text = getComputedStyle(document.documentElement).getPropertyValue('--muted').trim() || '#666';
  const grid = getComputedStyle(document.documentElement).getPropertyValue('--border').trim() || '#ddd';
  const font = { size: fontSize };
  const xTitle = t(spec.xTitle);
  return {
    type: 'line',
    data: { datasets: [] },
    options: {
      locale: currentLanguage(),
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', intersect: false },
      plugins: {
        legend: { labels: { color: text, boxWidth: fontSize, font } },
        decimation: { enabled: true, algorithm: 'lttb', samples: 400 },
        tooltip: {
          enabled: true,
          titleFont: font,
          bodyFont: font,
          callbacks: {
            title: (items) => (items.length ? `${xTitle} ${items[0].parsed.x}` : ''),
            label: (item) =>
              `${item.dataset.label}: ${chartNumber(item.parsed.y ?? Number.NaN)}${spec.percent ? ' %' : ''}`,
          },
        },
      },
      scales: {
        x: {
          type: 'linear',
          title: { display: true, text: xTitle, color: text, font },
          ticks: { color: text, font },
          grid: { color: grid },
        },
        y: {
          type: spec.log ? 'logarithmic' : 'linear',
          title: { display: true, text: t(spec.yTitle), color: text, font },
          ticks: { color: text, font, callback: (v) => chartNumber(Number(v)) },
          // A log axis gets its own labelled values (chart.js labels each 1…9 × 10^k, which
          // crowds over many decades and leaves a range within one decade without numbers).
          ...(spec.log
            ? {
                // A nearly flat loss is drawn flat: the axis spans at least MIN_LOG_RATIO.
                afterDataLimits: (scale: Scale) => {
                  if (!(scale.min > 0) || scale.max / scale.min >= MIN_LOG_RATIO) return;
                  const middle = Math.sqrt(scale.min * scale.max);
                  scale.min = middle / Math.sqrt(MIN_LOG_RATIO);
                  scale.max = middle * Math.sqrt(MIN_LOG_RATIO);
                },
                afterBuildTicks: (scale: Scale) => {
                  const room = Math.max(
                    2,
                    (scale.chart.chartArea?.height ?? scale.chart.height * 0.7) /
                      (TICK_SPACING_PX * (fontSize / CHART_FONT_PX)),
                  );
                  scale.ticks = logAxisTicks(scale.min, scale.max, room).map((value) => ({ value }));
                },
              }
            : {}),
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
/** At most this many training steps a second, the charts redraw on every new epoch. */
const SLOW_MOTION = 5;
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
  const { training, platform, editor } = useServices();
  const fontSize = useLayout((s) => (s.presentation ? PRESENTATION_CHART_FONT_PX : CHART_FONT_PX));
  const { t: tr, i18n } = useTranslation();
  const language = i18n.language;
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'line', { x: number; y: number }[]> | null>(null);
  /** Says the chart again in the page's language (set by the chart's effect). */
  const relabel = useRef<() => void>(() => {});
  useEffect(() => {
    const c = new Chart(canvas.current!, configFor(spec, fontSize));
    canvas.current!.dataset.fontSize = String(fontSize);
    canvas.current!.dataset.language = currentLanguage();
    chart.current = c;
    let drawn: TrainingState['history'] | null = null;
    let drawnLayers: TrainingState['layerHistory'] | null = null;
    let drawnRuns: readonly RunRecord[] | undefined;
    let drawnLive: string | null = null;
    let cost = 0;
    const refresh = () => {
      const s = training.store.getState();
      const runs = editor.getState().meta.runs;
      if (s.history === drawn && s.layerHistory === drawnLayers && runs === drawnRuns && s.liveRunId === drawnLive)
        return;
      const started = performance.now();
      drawn = s.history;
      drawnLayers = s.layerHistory;
      drawnRuns = runs;
      drawnLive = s.liveRunId;
      const series = chartSeries(spec, s, runs ?? []);
      c.data.datasets = series.map((line, i) => ({
        label: line.label,
        data: line.points,
        borderColor: line.color ?? palette[i % palette.length],
        backgroundColor: line.color ?? palette[i % palette.length],
        borderWidth: line.color ? 2.5 : 1.5,
        ...(line.dashed ? { borderDash: [7, 4] } : {}),
        pointRadius: line.points.length < 30 ? 2 : 0,
        indexAxis: 'x',
      }));
      c.update('none');
      c.canvas.setAttribute('aria-label', chartDescription(spec, series, c));
      // What is drawn, for tests and tools: each dataset's label, colour and number of points.
      c.canvas.dataset.series = JSON.stringify(
        c.data.datasets.map((d) => ({ label: d.label, color: d.borderColor, points: d.data.length })),
      );
      cost = performance.now() - started;
    };
    refresh();
    // A new language: the same chart with its options built again, and its lines labelled again.
    relabel.current = () => {
      if (canvas.current?.dataset.language === currentLanguage()) return;
      c.options = configFor(spec, fontSize).options!;
      canvas.current!.dataset.language = currentLanguage();
      drawn = null;
      refresh();
    };
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
    // When a run stops (finished, diverged, paused) or starts again (Reset), the charts show it at
    // once: the status and the charts never disagree, even while a redraw waits for idle time.
    // In slow motion (a few steps a second) they follow every step.
    const offStatus = training.store.subscribe((s, before) => {
      if (s.status !== before.status && s.status !== 'running') refresh();
      else if (s.liveRunId !== before.liveRunId) refresh();
      else if (s.history !== before.history && s.stepsPerSecond !== null && s.stepsPerSecond <= SLOW_MOTION) refresh();
    });
    // A run recorded, renamed, recoloured, shown, hidden or deleted shows at once.
    const offRuns = editor.subscribe((s, before) => {
      if (s.meta.runs !== before.meta.runs) refresh();
    });
    return () => {
      clearTimeout(timer);
      cancelIdle();
      offStatus();
      offRuns();
      c.destroy();
      relabel.current = () => {};
    };
  }, [spec, training, editor, index, count, fontSize]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the chart is said again exactly when the language changes
  useEffect(() => relabel.current(), [language]);

  const exportPng = async () => {
    const url = chart.current?.toBase64Image('image/png', 1);
    if (!url) return;
    const bytes = Uint8Array.from(atob(url.split(',')[1]), (ch) => ch.charCodeAt(0));
    if (await platform.exportFile(bytes, `${spec.id}.png`, [{ name: tr('charts.pngFilter'), extensions: ['png'] }]))
      toast(tr(spec.saved), 'success', 2000);
  };

  return (
    <figure className="chart-card" data-testid={`chart-${spec.id}`}>
      <figcaption>
        {tr(spec.title)}
        <button
          type="button"
          className="small"
          onClick={() => void exportPng()}
          data-testid={`export-${spec.id}`}
          title={tr('charts.export')}
        >
          PNG
        </button>
      </figcaption>
      {spec.id === 'loss' && <RunHints />}
      <div className="chart-body">
        {/* Its label, the chart in words, is written when it is drawn. */}
        <canvas ref={canvas} role="img" data-testid={`chart-canvas-${spec.id}`} />
      </div>
    </figure>
  );
}

/** What a chart shows, in words (for screen readers): each line's last value and the y-axis labels. */
function chartDescription(spec: ChartSpec, series: Series, chart: Chart<'line', { x: number; y: number }[]>): string {
  const unit = spec.percent ? ' %' : '';
  // A list's separator: a semicolon in Russian, whose numbers hold a comma.
  const lines = series
    .filter((line) => line.points.length > 0)
    .map((line) => {
      const last = line.points[line.points.length - 1];
      return t('charts.point', {
        line: line.label,
        value: `${chartNumber(last.y)}${unit}`,
        axis: t(spec.xTitle),
        x: last.x,
      });
    });
  const ticks = chart.scales.y?.ticks.map((tick) => tick.label).filter((l) => l !== '' && l != null) ?? [];
  return t('charts.description', {
    title: t(spec.title),
    lines: lines.length ? lines.join(t('charts.separator')) : t('charts.noValues'),
    axis: t(spec.yTitle),
    ticks: ticks.join(t('charts.separator')),
  });
}

/** The charts that apply to this run; `only` keeps those named (presentation mode shows the teacher's choice). */
export function Charts({ only }: { only?: readonly string[] }) {
  const task = useTraining((s) => s.info?.task);
  const solved = useTraining((s) => s.closedFormShown && s.closedForm?.ok === true);
  const specs = chartSpecs.filter(
    (c) =>
      (c.id !== 'accuracy' || task === 'binary' || task === 'multiclass') &&
      (c.id !== 'distance' || solved) &&
      (!only || only.includes(c.id)),
  );
  return (
    <div className="charts">
      {specs.map((spec, i) => (
        <ChartCard key={spec.id} spec={spec} index={i} count={specs.length} />
      ))}
    </div>
  );
}
