/**
 * Gradient flow on the canvas. Every edge shows the real gradient the engine sends back along it
 * (or, switched, the activations flowing forward): thickness and colour by magnitude on a log
 * scale, and marks travelling from the loss toward the inputs. Drawn outside React: edge paths are
 * restyled when a progress report arrives, and the marks are painted on one <canvas> per frame,
 * so hundreds of edges stay smooth and the graph never re-renders for training values.
 */
import { Position, useStoreApi, type InternalNode } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { useServices, useTraining } from '../context.js';
import type { BlockNode, FlowEdge } from '../editor/model.js';
import type { FlowMode } from '../training/protocol.js';

/** Log₁₀ range of the colour scale per mode: [low, high]. */
export const SCALES: Record<FlowMode, [number, number]> = { gradients: [-6, 0], activations: [-2, 1] };

/** Position of `magnitude` on the log scale, in [0, 1]; null when there is no value. */
export function scalePosition(magnitude: number, mode: FlowMode): number | null {
  if (!Number.isFinite(magnitude)) return null;
  const [lo, hi] = SCALES[mode];
  if (magnitude <= 0) return 0;
  return Math.min(1, Math.max(0, (Math.log10(magnitude) - lo) / (hi - lo)));
}

const STOPS: [number, number, number][] = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];

/** Viridis-like colour for t in [0, 1] (dark purple → yellow). */
export function flowColor(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const c = STOPS[i].map((v, k) => Math.round(v + (STOPS[i + 1][k] - v) * f));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

interface Geometry {
  sx: number; sy: number; c1x: number; c1y: number; c2x: number; c2y: number; tx: number; ty: number; length: number;
}

function handlePoint(node: InternalNode<BlockNode>, type: 'source' | 'target', id: string | null | undefined): { x: number; y: number } | null {
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
  const a = v * v * v, b = 3 * v * v * u, c = 3 * v * u * u, d = u * u * u;
  return [a * g.sx + b * g.c1x + c * g.c2x + d * g.tx, a * g.sy + b * g.c1y + c * g.c2y + d * g.ty];
}

export function GradientOverlay() {
  const { training, editor } = useServices();
  const flow = useTraining((s) => s.flow);
  const hasValues = useTraining((s) => s.progress !== null);
  const rf = useStoreApi<BlockNode, FlowEdge>();
  const canvas = useRef<HTMLCanvasElement>(null);

  // Edge paths: thickness and colour, restyled when a report arrives (not per frame).
  useEffect(() => {
    const paths = new Map<string, SVGPathElement>();
    const clear = () => {
      document.querySelectorAll<SVGPathElement>('.react-flow__edge-path.flow-edge').forEach((p) => {
        p.style.removeProperty('stroke');
        p.style.removeProperty('stroke-width');
        p.classList.remove('flow-styled');
      });
    };
    const applyHints = () => {
      const hints = training.store.getState().progress?.hints ?? {};
      document.querySelectorAll<HTMLElement>('.react-flow__node').forEach((el) => {
        const text = hints[el.dataset.id ?? '']?.join('\n');
        if (text) el.dataset.hint = text;
        else delete el.dataset.hint;
      });
    };
    const apply = () => {
      applyHints();
      const s = training.store.getState();
      const values = s.progress ? (s.flow.mode === 'gradients' ? s.progress.edgeGradients : s.progress.edgeActivations) : null;
      if (!s.flow.visible || !values) return clear();
      const edges = editor.getState().edges;
      paths.clear();
      document.querySelectorAll<SVGPathElement>('.react-flow__edge-path.flow-edge').forEach((p) => paths.set(p.dataset.edgeId ?? '', p));
      edges.forEach((edge, e) => {
        const path = paths.get(edge.id);
        if (!path) return;
        const t = scalePosition(values[e], s.flow.mode);
        if (t === null) {
          path.style.removeProperty('stroke');
          path.style.removeProperty('stroke-width');
          path.classList.remove('flow-styled');
          return;
        }
        path.style.stroke = flowColor(t);
        path.style.strokeWidth = String(1.5 + 5 * t);
        path.classList.add('flow-styled');
      });
    };
    apply();
    const offTraining = training.store.subscribe((s, before) => {
      if (s.progress !== before.progress || s.flow !== before.flow) apply();
    });
    const offEditor = editor.subscribe((s, before) => {
      if (s.edges !== before.edges) requestAnimationFrame(apply);
    });
    return () => {
      offTraining();
      offEditor();
      clear();
      document.querySelectorAll<HTMLElement>('.react-flow__node[data-hint]').forEach((el) => delete el.dataset.hint);
    };
  }, [training, editor]);

  // Travelling marks, painted on one canvas per frame while training runs.
  useEffect(() => {
    const el = canvas.current;
    if (!el || !flow.visible || !hasValues) return;
    const ctx = el.getContext('2d')!;
    let frame = 0;
    let lastActive = performance.now();
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
      const values = s.progress ? (s.flow.mode === 'gradients' ? s.progress.edgeGradients : s.progress.edgeActivations) : null;
      if (!values) return;
      const { transform, nodeLookup } = rf.getState();
      const [x, y, zoom] = transform;
      ctx.setTransform(dpr * zoom, 0, 0, dpr * zoom, dpr * x, dpr * y);
      // Marks pass over edges but under blocks: clip the blocks' rectangles out.
      ctx.beginPath();
      ctx.rect(-x / zoom, -y / zoom, w / zoom, h / zoom);
      for (const node of nodeLookup.values()) {
        const p = node.internals.positionAbsolute;
        ctx.rect(p.x, p.y, node.measured.width ?? 0, node.measured.height ?? 0);
      }
      ctx.save();
      ctx.clip('evenodd');
      const edges = editor.getState().edges;
      const backward = s.flow.mode === 'gradients';
      const phaseTime = animate ? now / 1000 : 0;
      for (let e = 0; e < edges.length; e++) {
        const t = scalePosition(values[e], s.flow.mode);
        if (t === null) continue;
        const edge = edges[e];
        const source = nodeLookup.get(edge.source);
        const target = nodeLookup.get(edge.target);
        if (!source || !target) continue;
        const a = handlePoint(source, 'source', 'out');
        const b = handlePoint(target, 'target', edge.targetHandle);
        if (!a || !b) continue;
        const g = edgeGeometry(a, b);
        const marks = Math.max(2, Math.round(g.length / 70));
        const speed = 0.25 + 0.6 * t;
        ctx.fillStyle = flowColor(t);
        ctx.beginPath();
        for (let k = 0; k < marks; k++) {
          let u = (k / marks + phaseTime * speed * (70 / Math.max(70, g.length))) % 1;
          if (backward) u = 1 - u;
          const [px, py] = pointAt(g, u);
          const r = 2 + 2.5 * t;
          ctx.moveTo(px + r, py);
          ctx.arc(px, py, r, 0, Math.PI * 2);
        }
        ctx.fill();
      }
      ctx.restore();
    };
    frame = requestAnimationFrame(draw);
    return () => {
      cancelAnimationFrame(frame);
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, el.width, el.height);
    };
  }, [flow.visible, hasValues, training, editor, rf]);

  const [lo, hi] = SCALES[flow.mode];
  return (
    <>
      <canvas ref={canvas} className="flow-overlay" aria-hidden="true" />
      {flow.visible && hasValues && (
        <div className="flow-legend" data-testid="flow-legend">
          <div>{flow.mode === 'gradients' ? 'gradient flowing back, RMS of ∂L/∂x' : 'activation flowing forward, RMS'}</div>
          <div className="flow-bar" style={{ background: `linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1].map(flowColor).join(', ')})` }} />
          <div className="flow-ticks">
            {Array.from({ length: hi - lo + 1 }, (_, i) => lo + i).filter((p, i, all) => all.length <= 5 || i % 2 === 0 || p === hi).map((p) => <span key={p}>10{superscript(p)}</span>)}
          </div>
        </div>
      )}
    </>
  );
}

function superscript(n: number): string {
  const map: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };
  return String(n).split('').map((c) => map[c] ?? c).join('');
}
