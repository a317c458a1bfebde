/**
 * Every unit, visible, as TensorFlow Playground draws its neurons: on each block a thumbnail per
 * unit of its output over the input plane (2-D inputs) or its curve (1-D inputs), from the
 * maps the session computes (session/units.ts). The thumbnails are painted outside React when a
 * report brings new maps, so a running network never re-renders the graph; React only learns
 * how many units a block has. Hovering a thumbnail shows the unit large in the output view;
 * clicking keeps it there (and opens the Output tab).
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { UnitView } from '../../../session/protocol.js';
import { useServices, useTraining } from '../context.js';
import { focusUnit, unpinUnit, useFocus } from '../focus.js';
import { layoutStore, showDockTab, useLayout } from '../layout.js';
import { regressionColor } from './OutputView.js';

/** A curve's thumbnail in canvas pixels (drawn at 3× its CSS size of 21 × 14 px, four to a block's row). */
const CURVE_PX = { width: 63, height: 42 };

/** Position of `v` in the block's range [min, max] (the middle when the range is empty). */
export const rangePosition = (v: number, min: number, max: number): number =>
  max > min ? (v - min) / (max - min) : 0.5;

/** A unit's map (its `size` × `size` values from `offset`) as pixels: one per grid cell. */
export function planeImage(values: Float32Array, offset: number, size: number, min: number, max: number): ImageData {
  const image = new ImageData(size, size);
  for (let cell = 0; cell < size * size; cell++) {
    // The scale of a regression's heatmap: blue low, light middle, orange high (as TensorFlow Playground).
    const [r, g, b] = regressionColor(rangePosition(values[offset + cell], min, max));
    image.data.set([r, g, b, 255], cell * 4);
  }
  return image;
}

/**
 * A unit's curve (its `points` values from `offset`) on a canvas: the line over the block's
 * range, with the level of 0 dashed when the range spans it.
 */
export function paintCurve(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  values: Float32Array,
  offset: number,
  points: number,
  min: number,
  max: number,
  lineWidth = 1.5,
): void {
  const pad = lineWidth + 1;
  const y = (v: number) => height - pad - rangePosition(v, min, max) * (height - 2 * pad);
  ctx.clearRect(0, 0, width, height);
  if (min < 0 && max > 0) {
    ctx.strokeStyle = 'rgba(120, 120, 120, 0.6)';
    ctx.lineWidth = 1;
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(0, y(0));
    ctx.lineTo(width, y(0));
    ctx.stroke();
    ctx.setLineDash([]);
  }
  ctx.strokeStyle = 'rgb(224, 87, 59)';
  ctx.lineWidth = lineWidth;
  ctx.beginPath();
  for (let i = 0; i < points; i++) {
    const x = (i / Math.max(1, points - 1)) * width;
    if (i === 0) ctx.moveTo(x, y(values[offset + i]));
    else ctx.lineTo(x, y(values[offset + i]));
  }
  ctx.stroke();
}

/** Paints unit `unit` of `block` onto `canvas` (a map's pixels are grid cells; CSS scales them). */
export function paintUnit(canvas: HTMLCanvasElement, view: UnitView, block: UnitView['blocks'][string], unit: number) {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  if (view.kind === 'plane') {
    const points = view.size * view.size;
    ctx.putImageData(planeImage(block.values, unit * points, view.size, block.min, block.max), 0, 0);
  } else {
    paintCurve(ctx, canvas.width, canvas.height, block.values, unit * view.size, view.size, block.min, block.max, 3);
  }
}

/** The thumbnails of one block's units, on the block (inside <BlockNode>). */
export function UnitThumbnails({ nodeId }: { nodeId: string }) {
  const { t } = useTranslation();
  const { training } = useServices();
  // Only what the markup depends on: the kind of map, its resolution and the number of units.
  const shape = useTraining((s) => {
    const view = s.progress?.units;
    const block = view?.blocks[nodeId];
    return view && block ? `${view.kind} ${view.size} ${block.units}` : '';
  });
  const hidden = useLayout((s) => s.unitMapsHidden);
  const focused = useFocus((s) => (s.focusedUnit?.nodeId === nodeId ? s.focusedUnit : null));
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!shape || hidden) return;
    let drawn: UnitView | undefined;
    const draw = (view: UnitView | undefined) => {
      const block = view?.blocks[nodeId];
      if (!view || !block || view === drawn || !box.current) return;
      drawn = view;
      box.current.querySelectorAll('canvas').forEach((canvas, unit) => {
        if (unit < block.units) paintUnit(canvas, view, block, unit);
      });
    };
    draw(training.store.getState().progress?.units);
    return training.store.subscribe((s) => draw(s.progress?.units));
  }, [shape, hidden, nodeId, training]);

  if (!shape || hidden) return null;
  const [kind, size, units] = shape.split(' ');
  const plane = kind === 'plane';
  const pin = (unit: number) => {
    if (focused?.pinned && focused.unit === unit) {
      unpinUnit();
      return;
    }
    unpinUnit();
    focusUnit({ nodeId, unit, pinned: true });
    showDockTab(layoutStore, 'output');
  };
  return (
    <div ref={box} className={`unit-maps nodrag${plane ? '' : ' curves'}`} data-testid={`units-${nodeId}`}>
      {Array.from({ length: Number(units) }, (_, unit) => {
        const isPinned = !!focused?.pinned && focused.unit === unit;
        return (
          <button
            type="button"
            key={unit}
            className={`unit-map${focused?.unit === unit ? ' is-focused' : ''}${isPinned ? ' is-pinned' : ''}`}
            data-testid={`unit-${nodeId}-${unit}`}
            title={t(isPinned ? 'unitMaps.pinned' : 'unitMaps.thumb', { unit: unit + 1 })}
            aria-pressed={isPinned}
            onPointerEnter={() => focusUnit({ nodeId, unit, pinned: false })}
            onPointerLeave={() => focusUnit(null)}
            onFocus={() => focusUnit({ nodeId, unit, pinned: false })}
            onBlur={() => focusUnit(null)}
            onClick={() => pin(unit)}
          >
            <canvas width={plane ? Number(size) : CURVE_PX.width} height={plane ? Number(size) : CURVE_PX.height} />
          </button>
        );
      })}
    </div>
  );
}
