/**
 * What sits around the graph without covering it: a strip under the canvas with the zoom
 * controls, the minimap's switch and the gradient-flow legend; and the minimap itself, placed
 * in a corner the graph leaves free (smaller if it must, hidden when no corner is free).
 */
import { MiniMap, useReactFlow, useStore, type ReactFlowState } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { useLayout, layoutStore } from '../layout.js';
import { freeCorner, type Corner, type Rect } from '../viewport.js';
import { FlowLegend } from './GradientOverlay.js';

/** The minimap's corner and size for the current view, as one string (so React compares it cheaply). */
function placement(s: ReactFlowState): string {
  const [tx, ty, zoom] = s.transform;
  const blocks: Rect[] = [];
  for (const node of s.nodeLookup.values()) {
    const p = node.internals.positionAbsolute;
    blocks.push({
      x: p.x * zoom + tx,
      y: p.y * zoom + ty,
      width: (node.measured.width ?? 0) * zoom,
      height: (node.measured.height ?? 0) * zoom,
    });
  }
  const spot = freeCorner(blocks, { width: s.width, height: s.height });
  return spot ? `${spot.corner} ${spot.width} ${spot.height}` : '';
}

/** The minimap where it covers no block; inside <ReactFlow>. */
export function PlacedMiniMap() {
  const { t } = useTranslation();
  const hidden = useLayout((s) => s.minimapCollapsed || s.presentation);
  const spot = useStore(placement);
  if (hidden || !spot) return null;
  const [corner, width, height] = spot.split(' ');
  return (
    <MiniMap
      pannable
      zoomable
      className="minimap"
      position={corner as Corner}
      style={{ width: Number(width), height: Number(height) }}
      ariaLabel={t('canvasBar.minimap')}
    />
  );
}

export function CanvasBar() {
  const { t } = useTranslation();
  const flow = useReactFlow();
  const zoom = useStore((s) => s.transform[2]);
  const collapsed = useLayout((s) => s.minimapCollapsed);
  const unitsHidden = useLayout((s) => s.unitMapsHidden);
  const presentation = useLayout((s) => s.presentation);
  const noRoom = useStore((s) => placement(s) === '');
  return (
    <div className="canvas-bar" data-testid="canvas-bar">
      <button
        type="button"
        className="small"
        onClick={() => void flow.zoomOut()}
        title={t('canvasBar.zoomOut')}
        aria-label={t('canvasBar.zoomOut')}
      >
        −
      </button>
      <button
        type="button"
        className="small zoom-level"
        data-testid="canvas-zoom"
        onClick={() => void flow.zoomTo(1)}
        title={t('canvasBar.zoomReset')}
      >
        {Math.round(zoom * 100)} %
      </button>
      <button
        type="button"
        className="small"
        onClick={() => void flow.zoomIn()}
        title={t('canvasBar.zoomIn')}
        aria-label={t('canvasBar.zoomIn')}
      >
        +
      </button>
      <button
        type="button"
        className="small"
        onClick={() => void flow.fitView({ padding: 0.1 })}
        title={t('canvasBar.fit')}
      >
        {t('canvasBar.fitLabel')}
      </button>
      {!presentation && (
        <button
          type="button"
          className={`small${!collapsed && noRoom ? ' muted' : ''}`}
          data-testid="toggle-minimap"
          aria-pressed={!collapsed}
          title={collapsed ? t('canvasBar.mapShow') : noRoom ? t('canvasBar.mapNoRoom') : t('canvasBar.mapHide')}
          onClick={() => layoutStore.setState({ minimapCollapsed: !collapsed })}
        >
          {t('canvasBar.map')}
        </button>
      )}
      <button
        type="button"
        className="small"
        data-testid="toggle-unit-maps"
        aria-pressed={!unitsHidden}
        title={unitsHidden ? t('canvasBar.unitsShow') : t('canvasBar.unitsHide')}
        onClick={() => layoutStore.setState({ unitMapsHidden: !unitsHidden })}
      >
        {t('canvasBar.units')}
      </button>
      <span className="spacer" />
      {!presentation && <FlowLegend />}
    </div>
  );
}
