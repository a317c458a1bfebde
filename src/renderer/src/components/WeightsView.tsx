/**
 * A weight tensor as a heatmap (diverging colours: blue negative, red positive, scaled to the
 * largest magnitude), with its shape and range; small tensors also list their numbers. Given
 * `onSelect`, a click on a cell selects that weight (outlined).
 */
import { type MouseEvent, useEffect, useRef } from 'react';

export function divergingColor(v: number, scale: number): string {
  const t = scale > 0 ? Math.max(-1, Math.min(1, v / scale)) : 0;
  const a = Math.abs(t);
  return t >= 0
    ? `rgb(${Math.round(255 - 40 * a)}, ${Math.round(255 - 190 * a)}, ${Math.round(255 - 200 * a)})`
    : `rgb(${Math.round(255 - 200 * a)}, ${Math.round(255 - 130 * a)}, ${Math.round(255 - 40 * a)})`;
}

export function WeightsView({
  name,
  tensor,
  selectedIndex = null,
  onSelect,
}: {
  name: string;
  tensor: { shape: readonly number[]; data: ArrayLike<number> };
  selectedIndex?: number | null;
  onSelect?(index: number): void;
}) {
  const data = tensor.data;
  const canvas = useRef<HTMLCanvasElement>(null);
  const rows = tensor.shape.length === 2 ? tensor.shape[0] : 1;
  const cols = tensor.shape.length === 2 ? tensor.shape[1] : (tensor.shape[0] ?? data.length);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    if (data[i] < min) min = data[i];
    if (data[i] > max) max = data[i];
  }
  const scale = Math.max(Math.abs(min), Math.abs(max));
  const cell = Math.max(2, Math.min(18, Math.floor(240 / Math.max(cols, 1))));
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        ctx.fillStyle = divergingColor(data[r * cols + c], scale);
        ctx.fillRect(c * cell, r * cell, cell, cell);
      }
    }
    if (selectedIndex !== null && selectedIndex < data.length) {
      ctx.strokeStyle = '#111';
      ctx.lineWidth = Math.max(1, cell / 6);
      ctx.strokeRect(
        (selectedIndex % cols) * cell + 0.5,
        Math.floor(selectedIndex / cols) * cell + 0.5,
        cell - 1,
        cell - 1,
      );
    }
  });
  const small = data.length <= 24 && !onSelect;
  const pick = (e: MouseEvent<HTMLCanvasElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const c = Math.floor(((e.clientX - box.left) / box.width) * cols);
    const r = Math.floor(((e.clientY - box.top) / box.height) * Math.min(rows, Math.floor(2000 / cell)));
    if (c >= 0 && c < cols && r >= 0 && r < rows) onSelect?.(r * cols + c);
  };
  return (
    <figure className="weights" data-testid={`weights-${name}`}>
      <figcaption>
        <b>{name}</b> [{tensor.shape.join(' × ')}]{' '}
        <span className="muted">
          min {fmt(min)} · max {fmt(max)}
        </span>
      </figcaption>
      <canvas
        ref={canvas}
        width={cols * cell}
        height={Math.min(rows * cell, 2000)}
        className={onSelect ? 'selectable' : undefined}
        data-testid={onSelect ? `weights-${name}-cells` : undefined}
        onClick={onSelect ? pick : undefined}
      />
      {small && <code className="weights-values">{Array.from(data, fmt).join('  ')}</code>}
    </figure>
  );
}

export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e4)) return v.toExponential(2);
  return v.toFixed(a < 1 ? 3 : 2);
}
