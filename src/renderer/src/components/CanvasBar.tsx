/**
 * What sits around the graph without covering it: a strip under the canvas with the zoom
 * controls, the minimap's switch and the gradient-flow legend; and the minimap itself, placed
 * in a corner the graph leaves free (smaller if it must, hidden when no corner is free).
 */
import { MiniMap, useReactFlow, useStore, type ReactFlowState } from '@xyflow/react';
import { useLayout, layoutStore } from '../layout.js';
import { freeCorner, type Corner, type Rect } from '../viewport.js';
import { FlowLegend } from './GradientOverlay.js';

const text = {
  zoomOut: 'Zoom the canvas out',
  zoomIn: 'Zoom the canvas in',
  zoomReset: 'Canvas zoom: click for 100 %',
  fit: 'Fit the graph to the canvas',
  fitLabel: 'Fit',
  map: 'Map',
  mapShow: 'Show the minimap',
  mapHide: 'Hide the minimap',
  mapNoRoom: 'The minimap is hidden while it would cover blocks: zoom out or pan to make room',
  units: 'Units',
  unitsShow: 'Show each unit’s output as a thumbnail on its block',
  unitsHide: 'Hide the unit thumbnails on the blocks',
};

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
      ariaLabel="Minimap of the graph"
    />
  );
}

export function CanvasBar() {
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
        title={text.zoomOut}
        aria-label={text.zoomOut}
      >
        −
      </button>
      <button
        type="button"
        className="small zoom-level"
        data-testid="canvas-zoom"
        onClick={() => void flow.zoomTo(1)}
        title={text.zoomReset}
      >
        {Math.round(zoom * 100)} %
      </button>
      <button
        type="button"
        className="small"
        onClick={() => void flow.zoomIn()}
        title={text.zoomIn}
        aria-label={text.zoomIn}
      >
        +
      </button>
      <button type="button" className="small" onClick={() => void flow.fitView({ padding: 0.1 })} title={text.fit}>
        {text.fitLabel}
      </button>
      {!presentation && (
        <button
          type="button"
          className={`small${!collapsed && noRoom ? ' muted' : ''}`}
          data-testid="toggle-minimap"
          aria-pressed={!collapsed}
          title={collapsed ? text.mapShow : noRoom ? text.mapNoRoom : text.mapHide}
          onClick={() => layoutStore.setState({ minimapCollapsed: !collapsed })}
        >
          {text.map}
        </button>
      )}
      <button
        type="button"
        className="small"
        data-testid="toggle-unit-maps"
        aria-pressed={!unitsHidden}
        title={unitsHidden ? text.unitsShow : text.unitsHide}
        onClick={() => layoutStore.setState({ unitMapsHidden: !unitsHidden })}
      >
        {text.units}
      </button>
      <span className="spacer" />
      {!presentation && <FlowLegend />}
    </div>
  );
}
