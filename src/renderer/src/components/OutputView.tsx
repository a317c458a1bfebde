/**
 * What the network computes, live: for 2-D data its output as a heatmap behind the data points
 * (the decision boundary), as large as the dock allows, with its axes and a colour scale (for a
 * regression the points take their target's colour on the same scale); for 1-D regression the
 * fitted curve over the data, with each hidden unit's contribution; for classification the
 * confusion matrix.
 */
import { Chart } from 'chart.js';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { findBlock, loadModel, runDocument, type Dataset, type Model, type RunRecord } from '../../../engine/index.js';
import { blockLabel } from '../block-text.js';
import { useDataState, useEditor, useServices, useTraining } from '../context.js';
import { type FocusedUnit, unpinUnit, useFocus } from '../focus.js';
import { proseNumber } from '../i18n.js';
import { useLayout } from '../layout.js';
import type { BoundaryView, CurveView, SessionInfo, UnitView } from '../../../session/protocol.js';
import { PRESENTATION_CHART_FONT_PX } from './Charts.js';
import { ClassMetricsTable, ImageViews } from './ClassificationViews.js';
import { ClosedFormCard } from './ClosedForm.js';
import { ConstructionCard } from './ConstructionCard.js';
import { RegressionViews } from './RegressionViews.js';
import { TruthTableCard } from './TruthTable.js';
import { paintCurve, planeImage } from './UnitMaps.js';
import { fmt } from './WeightsView.js';

/**
 * A message of the catalogue whose `<name>…</name>` parts are the data's names (columns, blocks),
 * shown as they are (`translate="no"`).
 */
function Named({ k, values }: { k: string; values: Record<string, unknown> }) {
  return <Trans i18nKey={k} values={values} components={{ name: <span translate="no" /> }} />;
}

/** The same message as plain text, for a tooltip or a screen reader. */
const plain = (text: string) => text.replace(/<\/?name>/g, '');

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

/**
 * Colour of one grid cell of a classifier: for one output (a probability) a blend of the two
 * classes' colours, for several the most likely class's, more opaque where the network is surer.
 * (A regression's cells take regressionColor.)
 */
export function cellColor(values: Float32Array, cell: number, classes: number): [number, number, number, number] {
  if (classes === 1) {
    const p = Math.min(1, Math.max(0, values[cell]));
    const a = rgb(classColors[0]);
    const b = rgb(classColors[1]);
    return [
      a[0] + (b[0] - a[0]) * p,
      a[1] + (b[1] - a[1]) * p,
      a[2] + (b[2] - a[2]) * p,
      90 + 120 * Math.abs(p - 0.5) * 2,
    ];
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

/** The value range a regression heatmap and its points share: the targets' and the outputs' together. */
export function regressionRange(values: Float32Array, targets: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const list of [values, targets])
    for (let i = 0; i < list.length; i++) {
      const v = list[i];
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  if (!(hi > lo)) return Number.isFinite(lo) ? [lo - 1, lo + 1] : [0, 1];
  return [lo, hi];
}

const REGRESSION_STOPS: [number, number, number][] = [rgb(classColors[0]), [242, 242, 242], rgb(classColors[1])];

/** A regression value's colour on the diverging scale low (blue) → middle (light) → high (orange), t in [0, 1]. */
export function regressionColor(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0.5)) * 2;
  const i = x >= 1 ? 1 : 0;
  const f = x - i;
  const [a, b] = [REGRESSION_STOPS[i], REGRESSION_STOPS[i + 1]];
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

const css = (c: readonly number[]) => `rgb(${c.map((v) => Math.round(v)).join(', ')})`;

/** Evenly spaced "nice" values from lo to hi (about `count`), for the plot's axes. */
export function axisTicks(lo: number, hi: number, count = 4): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  const step = (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step)
    ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/**
 * The plot's side never goes below this, nor above a share of the output view's width (leaving
 * the rest to the tables beside it; while presenting they wrap below it instead).
 */
const MIN_SIDE_PX = 120;
const WIDTH_SHARE = 0.7;
const PRESENTATION_WIDTH_SHARE = 1;
/** Text size of the plot's axes and scale, in px (the charts' presentation size while presenting). */
const PLOT_FONT_PX = 11;
const MAX_TICKS = 8;
/** Space between two axis labels, in px: no more labels than fit. */
const TICK_SPACING_PX = 56;

/** Width of the legend's colour bar or swatch and the space around it, in px. */
const LEGEND_MARK_PX = 22;
/** Legend labels longer than this many characters end in an ellipsis (their tooltip has them whole). */
const LEGEND_MAX_CHARS = 14;

/**
 * Room around the square plot, in px, for text of `font` px: the y axis fits its longest label
 * (characters of numbers and short names are at most 0.65 em wide in the UI fonts) and its
 * rotated name, the x axis a row of labels and its name, the legend its labels.
 */
export function plotMargins(
  yLabels: readonly string[],
  legendLabels: readonly string[],
  font: number,
): { y: number; x: number; legend: number } {
  const longest = (labels: readonly string[]) => Math.max(1, ...labels.map((l) => l.length));
  return {
    y: Math.ceil(longest(yLabels) * 0.65 * font + font * 1.4 + 10),
    x: Math.ceil(font * 3.2),
    legend: Math.ceil(Math.min(LEGEND_MAX_CHARS, longest(legendLabels)) * 0.65 * font + LEGEND_MARK_PX),
  };
}

/** The vertical room an element takes in its parent: its box and margins. */
function outerHeight(el: Element): number {
  const style = getComputedStyle(el);
  return (el as HTMLElement).offsetHeight + parseFloat(style.marginTop) + parseFloat(style.marginBottom);
}

/**
 * The side of the square plot: as large as the output view's height allows after the card's
 * caption, notes and x axis (and at most a share of its width), so the plot grows with the dock.
 */
function usePlotSide(
  figure: RefObject<HTMLElement | null>,
  plot: RefObject<HTMLElement | null>,
  margins: { y: number; x: number; legend: number },
  widthShare: number,
): number {
  const [side, setSide] = useState(MIN_SIDE_PX);
  useLayoutEffect(() => {
    const fig = figure.current;
    const parent = fig?.parentElement;
    if (!fig || !parent) return;
    const measure = () => {
      // The card may be stretched to the view's height, so add up what it holds besides the plot.
      const style = getComputedStyle(fig);
      let chrome =
        parseFloat(style.paddingTop) +
        parseFloat(style.paddingBottom) +
        parseFloat(style.borderTopWidth) +
        parseFloat(style.borderBottomWidth);
      for (const child of Array.from(fig.children)) if (child !== plot.current) chrome += outerHeight(child);
      const byHeight = parent.clientHeight - chrome - margins.x - 2;
      const byWidth = parent.clientWidth * widthShare - margins.y - margins.legend;
      const next = Math.max(MIN_SIDE_PX, Math.floor(Math.min(byHeight, byWidth)));
      setSide((now) => (Math.abs(now - next) >= 2 ? next : now));
    };
    const observer = new ResizeObserver(measure);
    const observeAll = () => {
      observer.observe(parent);
      for (const child of Array.from(fig.children)) if (child !== plot.current) observer.observe(child);
    };
    // A note that appears under the plot (the gradient sizes' legend) takes room from it too.
    const added = new MutationObserver(() => {
      observeAll();
      measure();
    });
    added.observe(fig, { childList: true });
    observeAll();
    measure();
    return () => {
      observer.disconnect();
      added.disconnect();
    };
  }, [figure, plot, margins.x, margins.y, margins.legend, widthShare]);
  return side;
}

/** A map's pixels (one per grid cell) drawn smoothly over the whole `side` px square. */
export function paintScaled(ctx: CanvasRenderingContext2D, image: ImageData, side: number): void {
  const tmp = document.createElement('canvas');
  tmp.width = image.width;
  tmp.height = image.height;
  tmp.getContext('2d')!.putImageData(image, 0, 0);
  ctx.clearRect(0, 0, side, side);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(tmp, 0, 0, side, side);
}

/**
 * The data's points over a map of the input plane `view` drawn `side` px square, filled by
 * their target (`targets`, one per row) and sized by `radius` where it gives one.
 */
export function drawDataPoints(
  ctx: CanvasRenderingContext2D,
  dataset: Dataset,
  features: readonly string[],
  view: { x: [number, number]; y: [number, number] },
  side: number,
  style: { targets: ArrayLike<number>; fill(target: number): string; radius?(row: number): number | undefined },
): void {
  const [fx, fy] = features.map((f) => dataset.columns.indexOf(f));
  const w = dataset.columns.length;
  // Points grow a little with the plot, and every point has a dark ring with a light one inside,
  // so a point on a region of its own colour (a correct prediction) still stands out.
  const base = dataset.rows <= 16 ? Math.max(6, side / 40) : Math.max(3.2, side / 90);
  for (let r = 0; r < dataset.rows; r++) {
    const x = ((dataset.values[r * w + fx] - view.x[0]) / (view.x[1] - view.x[0])) * side;
    const y = ((view.y[1] - dataset.values[r * w + fy]) / (view.y[1] - view.y[0])) * side;
    const radius = style.radius?.(r) ?? base;
    ctx.beginPath();
    ctx.arc(x, y, radius, 0, Math.PI * 2);
    ctx.fillStyle = style.fill(style.targets[r] ?? 0);
    ctx.fill();
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = '#ffffff';
    ctx.stroke();
    ctx.lineWidth = 1.6;
    ctx.strokeStyle = 'rgba(17, 24, 39, 0.9)';
    ctx.beginPath();
    ctx.arc(x, y, radius + 1.5, 0, Math.PI * 2);
    ctx.stroke();
  }
}

/** Each row's target (the first target column), or nothing when the data has none. */
function useTargets(dataset: Dataset | null, info: SessionInfo): Float32Array {
  return useMemo(() => {
    if (!dataset) return new Float32Array(0);
    const ti = dataset.columns.indexOf(info.targets[0]);
    const w = dataset.columns.length;
    return ti < 0
      ? new Float32Array(0)
      : Float32Array.from({ length: dataset.rows }, (_, r) => dataset.values[r * w + ti]);
  }, [dataset, info]);
}

function Boundary({ view, info, dataset }: { view: BoundaryView; info: SessionInfo; dataset: Dataset | null }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const figure = useRef<HTMLElement>(null);
  const plot = useRef<HTMLDivElement>(null);
  const presenting = useLayout((s) => s.presentation);
  const font = presenting ? PRESENTATION_CHART_FONT_PX : PLOT_FONT_PX;
  const { t } = useTranslation();
  const { training } = useServices();
  const sizedByGradient = useTraining((s) => s.examplesShown);
  const examples = useTraining((s) => (s.examplesShown ? s.progress?.examples : undefined));
  const largestGradient = examples ? Math.max(0, ...Array.from(examples.norms.subarray(0, examples.rows))) : 0;
  const regression = info.task === 'regression' && view.classes === 1;
  const targets = useTargets(dataset, info);
  const range = useMemo(
    () => (regression ? regressionRange(view.values, targets) : null),
    [regression, view.values, targets],
  );
  const legend = boundaryLegend(info, range, view.classes);
  // Room for the finest labels the y axis may get, so the plot's size does not depend on its ticks.
  const yLabelsAtMost = axisTicks(view.y[0], view.y[1], MAX_TICKS).map(fmtTick);
  const margins = plotMargins(yLabelsAtMost, legend.labels, font);
  const side = usePlotSide(figure, plot, margins, presenting ? PRESENTATION_WIDTH_SHARE : WIDTH_SHARE);
  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    el.width = Math.round(side * dpr);
    el.height = Math.round(side * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const image = ctx.createImageData(view.size, view.size);
    for (let cell = 0; cell < view.size * view.size; cell++) {
      if (range) {
        const c = regressionColor((view.values[cell] - range[0]) / (range[1] - range[0]));
        image.data.set([c[0], c[1], c[2], 200], cell * 4);
      } else image.data.set(cellColor(view.values, cell, view.classes), cell * 4);
    }
    paintScaled(ctx, image, side);
    if (!dataset) return;
    drawDataPoints(ctx, dataset, info.features, view, side, {
      radius: (r) => (examples && r < examples.rows ? gradientRadius(examples.norms[r], largestGradient) : undefined),
      fill: (label) =>
        range
          ? css(regressionColor((label - range[0]) / (range[1] - range[0])))
          : classColors[Math.round(label) % classColors.length],
      targets,
    });
  }, [view, info, dataset, examples, largestGradient, side, range, targets]);
  const tickCount = Math.min(MAX_TICKS, Math.max(2, Math.floor(side / (TICK_SPACING_PX * (font / PLOT_FONT_PX)))));
  const xTicks = axisTicks(view.x[0], view.x[1], tickCount);
  const yTicks = axisTicks(view.y[0], view.y[1], tickCount);
  const at = (v: number, [lo, hi]: [number, number]) => `${((v - lo) / (hi - lo)) * 100}%`;
  const captionKey = range
    ? 'outputView.boundary.value'
    : view.classes > 1
      ? 'outputView.boundary.classes'
      : 'outputView.boundary.probability';
  const captionValues = { target: info.targets[0], features: info.features.join(', ') };
  const rowsShown = examples?.rows ?? 0;
  const rowsInAll = dataset?.rows ?? rowsShown;
  return (
    <figure className="output-card boundary-card" data-testid="boundary" ref={figure}>
      <figcaption>
        <span>
          <Named k={captionKey} values={captionValues} />
        </span>
        <label className="chip" title={t('outputView.gradientSizes.help')}>
          <input
            type="checkbox"
            data-testid="gradient-sizes"
            checked={sizedByGradient}
            onChange={(e) => training.showExamples(e.target.checked)}
          />{' '}
          {t('outputView.gradientSizes.toggle')}
        </label>
      </figcaption>
      <div
        className="boundary-plot"
        ref={plot}
        style={{
          gridTemplateColumns: `${margins.y}px ${side}px ${margins.legend}px`,
          gridTemplateRows: `${side}px ${margins.x}px`,
          fontSize: font,
        }}
      >
        <div className="plot-axis plot-y" data-testid="boundary-y-axis">
          <span className="plot-axis-title" translate="no">
            {info.features[1]}
          </span>
          {yTicks.map((v) => (
            <span key={v} className="plot-tick" style={{ bottom: at(v, view.y) }}>
              {fmtTick(v)}
            </span>
          ))}
        </div>
        <canvas
          ref={canvas}
          className="boundary-canvas"
          data-testid="boundary-canvas"
          style={{ width: side, height: side }}
          role="img"
          aria-label={plain(t(captionKey, captionValues))}
        />
        <BoundaryLegend legend={legend} />
        <span />
        <div className="plot-axis plot-x" data-testid="boundary-x-axis">
          {xTicks.map((v) => (
            <span key={v} className="plot-tick" style={{ left: at(v, view.x) }}>
              {fmtTick(v)}
            </span>
          ))}
          <span className="plot-axis-title" translate="no">
            {info.features[0]}
          </span>
        </div>
      </div>
      {examples && (
        <p className="muted" data-testid="gradient-sizes-legend">
          {t('outputView.gradientSizes.legend', { largest: proseNumber(fmt(largestGradient)) })}
          {rowsShown < rowsInAll
            ? ` ${t('outputView.gradientSizes.firstRows', { count: rowsShown, total: rowsInAll })}`
            : ''}
        </p>
      )}
    </figure>
  );
}

/** An axis or scale label, with the decimal separator of the page's language. */
const fmtTick = (v: number) => proseNumber(String(Number(v.toPrecision(3))));

/**
 * What the legend shows: each class's colour and name; or a colour scale (its colours from top
 * to bottom) with labels from top to bottom at `at` (0 the bottom of the scale, 1 its top).
 */
export interface Legend {
  scale: boolean;
  labels: string[];
  colors: string[];
  at: number[];
}

/** A heatmap cell's colour as it shows over the card's white. */
const overWhite = ([r, g, b, a]: readonly number[]) => css([r, g, b].map((v) => 255 + (v - 255) * (a / 255)));

/**
 * What the heatmap's colours mean: the classes; or for one output the scale from top to bottom
 * (a probability, or the predicted value, whose colours the points share) with its top, middle
 * and bottom values.
 */
export function boundaryLegend(info: SessionInfo, range: [number, number] | null, classes: number): Legend {
  if (classes > 1)
    return {
      scale: false,
      labels: Array.from({ length: classes }, (_, k) => info.classes?.[k] ?? String(k)),
      colors: Array.from({ length: classes }, (_, k) => classColors[k % classColors.length]),
      at: [],
    };
  const steps = [1, 0.75, 0.5, 0.25, 0];
  if (range) {
    const [lo, hi] = range;
    const ticks = axisTicks(lo, hi, 3).reverse();
    return {
      scale: true,
      labels: ticks.map(fmtTick),
      colors: steps.map((t) => css(regressionColor(t))),
      at: ticks.map((v) => (v - lo) / (hi - lo)),
    };
  }
  const named = (p: 0 | 1) => `${p}${info.classes ? ` (${info.classes[p]})` : ''}`;
  return {
    scale: true,
    labels: [named(1), fmtTick(0.5), named(0)],
    colors: steps.map((p) => overWhite(cellColor(Float32Array.of(p), 0, 1))),
    at: [1, 0.5, 0],
  };
}

function BoundaryLegend({ legend }: { legend: Legend }) {
  if (!legend.scale)
    return (
      <div className="boundary-legend legend-classes" data-testid="boundary-legend" translate="no">
        {legend.labels.map((label, k) => (
          <span key={label} className="legend-swatch" title={label}>
            <span style={{ background: legend.colors[k] }} />
            {label}
          </span>
        ))}
      </div>
    );
  return (
    <div className="boundary-legend legend-scale" data-testid="boundary-legend">
      <span className="legend-bar" style={{ background: `linear-gradient(to bottom, ${legend.colors.join(', ')})` }} />
      <span className="legend-ticks">
        {legend.labels.map((label, i) => (
          <span key={label} title={label} style={{ bottom: `${legend.at[i] * 100}%` }}>
            {label}
          </span>
        ))}
      </span>
    </div>
  );
}

/** The large unit takes at most this share of the output view's width; no margins of its own around the plot. */
const UNIT_WIDTH_SHARE = 0.4;
const NO_MARGINS = { y: 0, x: 0, legend: 0 };

/** The unit hovered or clicked on its block, large: its map with the data over it, or its curve. */
function UnitCard({ info, dataset }: { info: SessionInfo; dataset: Dataset | null }) {
  const focused = useFocus((s) => s.focusedUnit);
  const view = useTraining((s) => s.progress?.units);
  const block = focused ? view?.blocks[focused.nodeId] : undefined;
  if (!focused || !view || !block || focused.unit >= block.units) return null;
  return <LargeUnit info={info} dataset={dataset} view={view} block={block} focused={focused} />;
}

function LargeUnit({
  info,
  dataset,
  view,
  block,
  focused,
}: {
  info: SessionInfo;
  dataset: Dataset | null;
  view: UnitView;
  block: UnitView['blocks'][string];
  focused: FocusedUnit;
}) {
  const { t } = useTranslation();
  const unit = focused.unit;
  const targets = useTargets(dataset, info);
  const blockName = useEditor((s) => {
    const node = s.nodes.find((n) => n.id === focused.nodeId);
    if (!node) return focused.nodeId;
    const def = findBlock(node.data.type);
    const params = def?.schema.safeParse(node.data.params);
    const label = node.data.label ?? (def && params?.success ? blockLabel(def, params.data, t) : node.data.type);
    return `${label} (${node.id})`;
  });
  const canvas = useRef<HTMLCanvasElement>(null);
  const figure = useRef<HTMLElement>(null);
  const plane = view.kind === 'plane';
  // As large as the dock allows, as the output plot beside it; a curve twice as wide as high.
  const side = usePlotSide(figure, canvas, NO_MARGINS, plane ? UNIT_WIDTH_SHARE : UNIT_WIDTH_SHARE / 2);
  const width = plane ? side : 2 * side;
  const height = side;
  const aboutKey = plane ? 'outputView.unit.plane' : 'outputView.unit.curve';
  const aboutValues = { features: info.features.join(', '), feature: info.features[0] };
  const about = plain(t(aboutKey, aboutValues));
  const titleValues = { unit: unit + 1, block: blockName };
  const title = plain(t('outputView.unit.title', titleValues));
  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    el.width = Math.round(width * dpr);
    el.height = Math.round(height * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    if (view.kind === 'plane' && view.y) {
      const points = view.size * view.size;
      paintScaled(ctx, planeImage(block.values, unit * points, view.size, block.min, block.max), width);
      if (dataset)
        drawDataPoints(ctx, dataset, info.features, { x: view.x, y: view.y }, width, {
          targets,
          fill: (label) =>
            info.task === 'regression' ? '#374151' : classColors[Math.round(label) % classColors.length],
        });
    } else {
      ctx.clearRect(0, 0, width, height);
      paintCurve(ctx, width, height, block.values, unit * view.size, view.size, block.min, block.max, 2.5);
    }
  }, [unit, view, block, dataset, info, targets, width, height]);
  return (
    <figure
      className="output-card unit-card"
      data-testid="unit-large"
      data-unit={`${focused.nodeId}:${unit}`}
      data-pinned={focused.pinned}
      title={focused.pinned ? about : `${about} ${t('outputView.unit.hovered')}`}
      ref={figure}
    >
      <figcaption>
        <b>
          <Named k="outputView.unit.title" values={titleValues} />
        </b>
        {focused.pinned && (
          <button
            type="button"
            className="small"
            data-testid="unit-large-close"
            title={t('outputView.unit.close')}
            aria-label={t('outputView.unit.close')}
            onClick={unpinUnit}
          >
            ✕
          </button>
        )}
      </figcaption>
      <canvas
        ref={canvas}
        className="unit-canvas"
        style={{ width, height }}
        role="img"
        aria-label={`${title}. ${about}`}
      />
      <p className="muted unit-range">
        {t(plane ? 'outputView.unit.range' : 'outputView.unit.curveRange', {
          min: proseNumber(fmt(block.min)),
          max: proseNumber(fmt(block.max)),
        })}
      </p>
    </figure>
  );
}

/** Each kept run's network, loaded once (null: it cannot run, e.g. it kept no weights). */
const runModels = new WeakMap<RunRecord, Model | null>();

/**
 * The fitted curves of the visible kept runs (all but the one the live curve shows) at `xs`:
 * each run's own network, weights and standardisation, run by the runtime.
 */
export function runCurves(
  runs: readonly RunRecord[],
  liveRunId: string | null,
  xs: ArrayLike<number>,
  features: readonly string[],
): { run: RunRecord; points: { x: number; y: number }[] }[] {
  const rows = Array.from(xs, (x) => [x]);
  return runs.flatMap((run) => {
    if (run.visible === false || run.id === liveRunId) return [];
    let model = runModels.get(run);
    if (model === undefined) {
      const doc = runDocument(run, features);
      try {
        model = doc ? loadModel(doc) : null;
      } catch {
        model = null;
      }
      if (model && model.columns.length !== 1) model = null;
      runModels.set(run, model);
    }
    if (!model) return [];
    try {
      const { outputs } = model.predict(rows);
      return [{ run, points: rows.map(([x], i) => ({ x, y: outputs[i][0] })) }];
    } catch {
      return [];
    }
  });
}

/** The fitted curve's unit contributions: drawn, but left out of the chart's legend. */
const UNIT_CONTRIBUTION = 'unit-contribution';

function Curve({ view, info, dataset }: { view: CurveView; info: SessionInfo; dataset: Dataset | null }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  const [showUnits, setShowUnits] = useState(true);
  const showSolution = useTraining((s) => s.closedFormShown && s.closedForm?.ok === true);
  const runs = useEditor((s) => s.meta.runs);
  const liveRunId = useTraining((s) => s.liveRunId);
  const liveRun = runs?.find((r) => r.id === liveRunId);
  const overlays = useMemo(
    () => runCurves(runs ?? [], liveRunId, view.xs, info.features),
    [runs, liveRunId, view.xs, info.features],
  );
  useEffect(() => {
    chart.current = new Chart(canvas.current!, {
      type: 'scatter',
      data: { datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          legend: {
            display: true,
            labels: {
              boxWidth: 12,
              filter: (item, data) =>
                (data.datasets[item.datasetIndex ?? -1] as { role?: string } | undefined)?.role !== UNIT_CONTRIBUTION,
            },
          },
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
      {
        type: 'scatter',
        label: t('outputView.curve.data'),
        data: points,
        backgroundColor: '#9aa1b1',
        pointRadius: 2.5,
      },
      ...overlays.map(({ run, points: line }) => ({
        type: 'line' as const,
        label: run.name,
        data: line,
        borderColor: run.color,
        borderWidth: 2.5,
        pointRadius: 0,
      })),
      {
        type: 'line',
        label:
          liveRun && (overlays.length > 0 || runs!.length > 1)
            ? t('outputView.curve.networkOfRun', { run: liveRun.name })
            : t('outputView.curve.network'),
        data: line(view.ys),
        // Beside other runs' curves, the live one takes its run's colour as the charts do.
        borderColor: liveRun && overlays.length > 0 ? liveRun.color : classColors[3],
        borderWidth: 2.5,
        pointRadius: 0,
      },
      ...(showUnits && view.contributions
        ? view.contributions.map((ys, j) => ({
            type: 'line' as const,
            label: t('outputView.curve.unit', { unit: j + 1 }),
            role: UNIT_CONTRIBUTION,
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
              label: t('outputView.curve.closedForm'),
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
    // t: the series' names follow the language.
  }, [view, dataset, info, showUnits, showSolution, overlays, liveRun, runs, t]);
  return (
    <figure className="output-card wide" data-testid="curve">
      <figcaption>
        {t('outputView.curve.title')}
        {view.contributions && (
          <label className="chip">
            <input type="checkbox" checked={showUnits} onChange={(e) => setShowUnits(e.target.checked)} />{' '}
            {t('outputView.curve.units')}
          </label>
        )}
      </figcaption>
      <div className="chart-body">
        <canvas ref={canvas} />
      </div>
    </figure>
  );
}

function Confusion({
  matrix,
  split,
  classes,
}: {
  matrix: number[][];
  split: 'validation' | 'training';
  classes?: string[];
}) {
  const { t } = useTranslation();
  const max = Math.max(1, ...matrix.flat());
  const total = matrix.flat().reduce((a, b) => a + b, 0);
  const correct = matrix.reduce((s, row, i) => s + row[i], 0);
  const name = (i: number) => classes?.[i] ?? String(i);
  return (
    <figure className="output-card" data-testid="confusion">
      <figcaption>
        {t(split === 'validation' ? 'outputView.confusion.validation' : 'outputView.confusion.training', {
          correct,
          total,
          percent: proseNumber(((correct / Math.max(1, total)) * 100).toFixed(1)),
        })}
      </figcaption>
      <table className="confusion">
        <thead>
          <tr>
            <th>{t('outputView.confusion.corner')}</th>
            {matrix.map((_, j) => (
              <th key={j} translate="no">
                {name(j)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, i) => (
            <tr key={i}>
              <th translate="no">{name(i)}</th>
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
  return (
    <div className="output-view">
      <ConstructionCard />
      <OutputCards />
    </div>
  );
}

function OutputCards() {
  const { t } = useTranslation();
  const { training } = useServices();
  const info = useTraining((s) => s.info);
  const boundary = useTraining((s) => s.progress?.boundary);
  const curve = useTraining((s) => s.progress?.curve);
  const confusion = useTraining((s) => s.progress?.confusion);
  const regression = useTraining((s) => s.progress?.regression);
  const images = useTraining((s) => s.progress?.images);
  const truthTable = useTraining((s) => !!s.progress?.truthTable);
  const dataset = useDataState((s) => s.dataset);
  void training;
  if (!info) return <p className="muted">{t('outputView.empty')}</p>;
  if (!boundary && !curve && !confusion && !regression && !truthTable)
    return <p className="muted">{t('outputView.nothing')}</p>;
  return (
    <>
      <TruthTableCard />
      <ClosedFormCard />
      {boundary && <Boundary view={boundary} info={info} dataset={dataset} />}
      {curve && <Curve view={curve} info={info} dataset={dataset} />}
      <UnitCard info={info} dataset={dataset} />
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
    </>
  );
}
