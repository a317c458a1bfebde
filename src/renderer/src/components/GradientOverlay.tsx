/**
 * Gradient flow on the canvas. Every edge shows the real gradient the engine sends back along it
 * (or, switched, the activations flowing forward): thickness and colour by magnitude on a log
 * scale, and marks travelling from the loss toward the inputs. Drawn outside React: edge paths are
 * restyled when progress reports arrive (at most 4 times a second, only the paths whose colour
 * step changed), and the marks are painted on one <canvas> per frame, so hundreds of edges stay
 * smooth and the graph never re-renders for training values.
 */
import { Position, useStoreApi, type InternalNode } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices, useTraining } from '../context.js';
import { layoutStore, useLayout } from '../layout.js';
import type { BlockNode, FlowEdge } from '../editor/model.js';
import type { FlowMode } from '../../../session/protocol.js';
import { reportForGraph } from '../training/store.js';

/** Log₁₀ range of the colour scale per mode: [low, high]. */
export const SCALES: Record<FlowMode, [number, number]> = { gradients: [-6, 0], activations: [-2, 1] };

/** Position of `magnitude` on the log scale, in [0, 1]; null when there is no value. */
export function scalePosition(magnitude: number, mode: FlowMode): number | null {
  if (!Number.isFinite(magnitude)) return null;
  const [lo, hi] = SCALES[mode];
  if (magnitude <= 0) return 0;
  return Math.min(1, Math.max(0, (Math.log10(magnitude) - lo) / (hi - lo)));
}

/** Colour and thickness steps of a styled edge path over the whole scale. */
const STEPS = 24;
/** At most about this many travelling marks per frame (the software rasteriser fills each one). */
const MAX_MARKS = 400;
/** From this many edges on, edge paths change style without the stylesheet's easing. */
const LARGE_GRAPH_EDGES = 60;
/** Edge paths are restyled at most this often (progress reports come every 100 ms). */
const RESTYLE_MS = 250;

const STOPS: [number, number, number][] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/** Viridis-like colour for t in [0, 1] (dark purple → yellow). */
export function flowColor(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const c = STOPS[i].map((v, k) => Math.round(v + (STOPS[i + 1][k] - v) * f));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/** The colour of each step, made once. */
const STEP_COLORS = Array.from({ length: STEPS + 1 }, (_, step) => flowColor(step / STEPS));

interface Geometry {
  sx: number;
  sy: number;
  c1x: number;
  c1y: number;
  c2x: number;
  c2y: number;
  tx: number;
  ty: number;
  length: number;
}

function handlePoint(
  node: InternalNode<BlockNode>,
  type: 'source' | 'target',
  id: string | null | undefined,
): { x: number; y: number } | null {
  const handles = node.internals.handleBounds?.[type];
  const h = handles?.find((x) => x.id === id) ?? handles?.[0];
  if (!h) return null;
  const p = node.internals.positionAbsolute;
  return { x: p.x + h.x + (h.position === Position.Right ? h.width : 0), y: p.y + h.y + h.height / 2 };
}

/** The cubic Bézier React Flow draws for an edge (right handle → left handle). */
export function edgeGeometry(s: { x: number; y: number }, t: { x: number; y: number }): Geometry {
  const dist = t.x - s.x;
  const offset = dist >= 0 ? 0.5 * dist : 0.25 * 25 * Math.sqrt(-dist);
  const g = { sx: s.x, sy: s.y, c1x: s.x + offset, c1y: s.y, c2x: t.x - offset, c2y: t.y, tx: t.x, ty: t.y, length: 0 };
  g.length = Math.hypot(t.x - s.x, t.y - s.y) + offset * 0.5;
  return g;
}

function pointAt(g: Geometry, u: number): [number, number] {
  const v = 1 - u;
  const a = v * v * v,
    b = 3 * v * v * u,
    c = 3 * v * u * u,
    d = u * u * u;
  return [a * g.sx + b * g.c1x + c * g.c2x + d * g.tx, a * g.sy + b * g.c1y + c * g.c2y + d * g.ty];
}

export function GradientOverlay() {
  const { training, editor } = useServices();
  const flow = useTraining((s) => s.flow);
  const hasValues = useTraining((s) => s.progress !== null);
  const rf = useStoreApi<BlockNode, FlowEdge>();
  const canvas = useRef<HTMLCanvasElement>(null);

  // Edge paths: thickness and colour, restyled when a report arrives (not per frame). Restyling
  // an SVG path makes the browser recompute its style and repaint the edge layer, which for
  // hundreds of edges costs tens of milliseconds; so a path is only touched when its colour step
  // changes (STEPS steps over the scale), and at most every RESTYLE_MS.
  useEffect(() => {
    let paths = new Map<string, SVGPathElement>();
    /** The colour step each path shows (−1: unstyled). */
    const shown = new WeakMap<SVGPathElement, number>();
    let pathsFor: unknown = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastApply = -Infinity;
    const unstyle = (p: SVGPathElement) => {
      if ((shown.get(p) ?? -1) === -1) return;
      p.style.removeProperty('stroke');
      p.style.removeProperty('stroke-width');
      p.style.removeProperty('transition');
      p.classList.remove('flow-styled');
      shown.set(p, -1);
    };
    const clear = () => document.querySelectorAll<SVGPathElement>('.react-flow__edge-path.flow-edge').forEach(unstyle);
    const apply = () => {
      timer = undefined;
      lastApply = performance.now();
      const s = training.store.getState();
      const report = reportForGraph(s.progress, editor.getState().structureVersion);
      const values = report ? (s.flow.mode === 'gradients' ? report.edgeGradients : report.edgeActivations) : null;
      if (!s.flow.visible || !values) return clear();
      const edges = editor.getState().edges;
      // React Flow may replace a path element (e.g. when an edge is re-rendered): then look again.
      if (pathsFor !== edges || paths.size === 0 || edges.some((edge) => paths.get(edge.id)?.isConnected === false)) {
        paths = new Map();
        document
          .querySelectorAll<SVGPathElement>('.react-flow__edge-path.flow-edge')
          .forEach((p) => paths.set(p.dataset.edgeId ?? '', p));
        pathsFor = paths.size > 0 ? edges : null;
      }
      const large = edges.length > LARGE_GRAPH_EDGES;
      edges.forEach((edge, e) => {
        const path = paths.get(edge.id);
        if (!path) return;
        const t = scalePosition(values[e], s.flow.mode);
        if (t === null) return unstyle(path);
        const step = Math.round(t * STEPS);
        if (shown.get(path) === step) return;
        shown.set(path, step);
        // The stylesheet eases each change over 0.2 s; on a large graph that repaints the edge
        // layer every frame and dispatches thousands of transition events a second.
        if (large) path.style.transition = 'none';
        else path.style.removeProperty('transition');
        path.style.stroke = STEP_COLORS[step];
        path.style.strokeWidth = String(1.5 + (5 * step) / STEPS);
        path.classList.add('flow-styled');
      });
    };
    const schedule = () => {
      if (timer !== undefined) return;
      timer = setTimeout(apply, Math.max(0, lastApply + RESTYLE_MS - performance.now()));
    };
    apply();
    const offTraining = training.store.subscribe((s, before) => {
      if (s.flow !== before.flow) {
        clearTimeout(timer);
        apply();
      } else if (s.progress !== before.progress) schedule();
    });
    const offEditor = editor.subscribe((s, before) => {
      if (s.edges !== before.edges || s.structureVersion !== before.structureVersion)
        requestAnimationFrame(() => {
          pathsFor = null;
          apply();
        });
    });
    return () => {
      clearTimeout(timer);
      offTraining();
      offEditor();
      clear();
    };
  }, [training, editor]);

  // Travelling marks, painted on one canvas per frame while training runs.
  useEffect(() => {
    const el = canvas.current;
    if (!el || !flow.visible || !hasValues) return;
    const ctx = el.getContext('2d')!;
    let frame = 0;
    let lastActive = performance.now();
    // Edge curves in flow coordinates, recomputed only when the graph or a block's position changes.
    let geometry: { nodes: unknown; edges: unknown; curves: (Geometry | null)[] } = {
      nodes: null,
      edges: null,
      curves: [],
    };
    const draw = (now: number) => {
      frame = requestAnimationFrame(draw);
      const s = training.store.getState();
      if (s.status === 'running') lastActive = now;
      const animate = now - lastActive < 1500;
      const parent = el.parentElement!;
      const dpr = window.devicePixelRatio || 1;
      const w = parent.clientWidth;
      const h = parent.clientHeight;
      if (el.width !== Math.round(w * dpr) || el.height !== Math.round(h * dpr)) {
        el.width = Math.round(w * dpr);
        el.height = Math.round(h * dpr);
        el.style.width = `${w}px`;
        el.style.height = `${h}px`;
      }
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, el.width, el.height);
      const report = reportForGraph(s.progress, editor.getState().structureVersion);
      const values = report ? (s.flow.mode === 'gradients' ? report.edgeGradients : report.edgeActivations) : null;
      if (!values) return;
      const { transform, nodeLookup } = rf.getState();
      const [x, y, zoom] = transform;
      ctx.setTransform(dpr * zoom, 0, 0, dpr * zoom, dpr * x, dpr * y);
      const { edges, nodes } = editor.getState();
      if (geometry.nodes !== nodes || geometry.edges !== edges || geometry.curves.length !== edges.length) {
        const curves = edges.map((edge) => {
          const source = nodeLookup.get(edge.source);
          const target = nodeLookup.get(edge.target);
          const a = source && handlePoint(source, 'source', 'out');
          const b = target && handlePoint(target, 'target', edge.targetHandle);
          return a && b ? edgeGeometry(a, b) : null;
        });
        // Handles are measured after the first render: keep looking until every edge has its curve.
        geometry = { nodes: curves.every(Boolean) ? nodes : null, edges, curves };
      }
      const backward = s.flow.mode === 'gradients';
      const phaseTime = animate ? now / 1000 : 0;
      // One path per colour step, filled once: a fill per edge (and a colour string per edge and
      // frame) made a graph of 400 edges miss frames.
      const steps: Path2D[] = [];
      // Marks per edge shrink on large graphs so that a frame paints at most MAX_MARKS of them.
      const perEdge = Math.min(1, MAX_MARKS / (3 * Math.max(1, edges.length)));
      for (let e = 0; e < edges.length; e++) {
        const t = scalePosition(values[e], s.flow.mode);
        if (t === null) continue;
        const g = geometry.curves[e];
        if (!g) continue;
        const marks = Math.max(1, Math.round(Math.max(2, Math.round(g.length / 70)) * perEdge));
        const speed = 0.25 + 0.6 * t;
        const step = Math.round(t * STEPS);
        const path = (steps[step] ??= new Path2D());
        const r = 2 + 2.5 * t;
        for (let k = 0; k < marks; k++) {
          let u = (k / marks + phaseTime * speed * (70 / Math.max(70, g.length))) % 1;
          if (backward) u = 1 - u;
          const [px, py] = pointAt(g, u);
          path.moveTo(px + r, py);
          path.arc(px, py, r, 0, Math.PI * 2);
        }
      }
      steps.forEach((path, step) => {
        ctx.fillStyle = STEP_COLORS[step];
        ctx.fill(path);
      });
      // Marks pass over edges but under blocks: the blocks' rectangles are cleared again (much
      // cheaper for the rasteriser than clipping every mark to the area outside 300 rectangles).
      for (const node of nodeLookup.values()) {
        const p = node.internals.positionAbsolute;
        ctx.clearRect(p.x, p.y, node.measured.width ?? 0, node.measured.height ?? 0);
      }
    };
    frame = requestAnimationFrame(draw);
    return () => {
      cancelAnimationFrame(frame);
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, el.width, el.height);
    };
  }, [flow.visible, hasValues, training, editor, rf]);

  return (
    // Its own compositing layer: redrawing it every frame then repaints only the canvas, not the
    // layer holding every block (without a GPU, 300 blocks made each frame cost 15–20 ms).
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a canvas without tabIndex takes no focus; the animation is decoration over the wires
    <canvas ref={canvas} className="flow-overlay" aria-hidden="true" style={{ willChange: 'transform' }} />
  );
}

/** The colour scale of the edges, for the strip under the canvas (it never covers a block); collapsible. */
export function FlowLegend() {
  const { t } = useTranslation();
  const flow = useTraining((s) => s.flow);
  const hasValues = useTraining((s) => s.progress !== null);
  const collapsed = useLayout((s) => s.legendCollapsed);
  if (!flow.visible || !hasValues) return null;
  const [lo, hi] = SCALES[flow.mode];
  const title = flow.mode === 'gradients' ? t('flowLegend.gradients') : t('flowLegend.activations');
  const toggle = (
    <button
      type="button"
      className="small"
      data-testid="toggle-legend"
      aria-expanded={!collapsed}
      title={collapsed ? t('flowLegend.show', { title }) : t('flowLegend.hide')}
      onClick={() => layoutStore.setState({ legendCollapsed: !collapsed })}
    >
      {collapsed ? t('flowLegend.scale') : '×'}
    </button>
  );
  if (collapsed) return toggle;
  return (
    <div className="flow-legend" data-testid="flow-legend">
      <span className="flow-legend-title">{title}</span>
      <span className="flow-scale">
        <span
          className="flow-bar"
          style={{ background: `linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1].map(flowColor).join(', ')})` }}
        />
        <span className="flow-ticks">
          {Array.from({ length: hi - lo + 1 }, (_, i) => lo + i)
            .filter((p, i, all) => all.length <= 5 || i % 2 === 0 || p === hi)
            .map((p) => (
              <span key={p}>10{superscript(p)}</span>
            ))}
        </span>
      </span>
      {toggle}
    </div>
  );
}

function superscript(n: number): string {
  const map: Record<string, string> = {
    '-': '⁻',
    '0': '⁰',
    '1': '¹',
    '2': '²',
    '3': '³',
    '4': '⁴',
    '5': '⁵',
    '6': '⁶',
    '7': '⁷',
    '8': '⁸',
    '9': '⁹',
  };
  return String(n)
    .split('')
    .map((c) => map[c] ?? c)
    .join('');
}
