/**
 * The handle on a panel's edge: drag it to resize the panel, or focus it and use the arrow keys
 * (Shift: larger steps), Home / End for the smallest / largest size, Enter to collapse or open.
 * A WAI-ARIA window splitter, so assistive technology announces the size.
 */
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { layoutStore, PANEL_LIMITS, RESIZE_STEP, setPanelSize, togglePanel, useLayout, type Panel } from '../layout.js';

const labels: Record<Panel, string> = {
  palette: 'splitter.palette',
  sidebar: 'splitter.sidebar',
  dock: 'splitter.dock',
};

/** Which way a positive pointer movement grows the panel, and along which axis. */
const geometry: Record<Panel, { axis: 'x' | 'y'; sign: 1 | -1 }> = {
  palette: { axis: 'x', sign: 1 },
  sidebar: { axis: 'x', sign: -1 },
  dock: { axis: 'y', sign: -1 },
};

export function Splitter({ panel }: { panel: Panel }) {
  const { t } = useTranslation();
  const size = useLayout((s) => s[panel].size);
  const collapsed = useLayout((s) => s[panel].collapsed);
  const drag = useRef<{ start: number; size: number; scale: number } | null>(null);
  const { axis, sign } = geometry[panel];
  const { min, max } = PANEL_LIMITS[panel];

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    const s = layoutStore.getState();
    drag.current = { start: axis === 'x' ? e.clientX : e.clientY, size: s[panel].size, scale: s.uiScale };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d) return;
    // The panel's size is in its own (UI-scaled) pixels; the pointer moves in window pixels.
    const moved = ((axis === 'x' ? e.clientX : e.clientY) - d.start) / d.scale;
    setPanelSize(layoutStore, panel, d.size + sign * moved);
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    drag.current = null;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = (e.shiftKey ? 4 : 1) * RESIZE_STEP;
    const grow = axis === 'x' ? (sign > 0 ? 'ArrowRight' : 'ArrowLeft') : 'ArrowUp';
    const shrink = axis === 'x' ? (sign > 0 ? 'ArrowLeft' : 'ArrowRight') : 'ArrowDown';
    const current = layoutStore.getState()[panel].size;
    const next =
      e.key === grow
        ? current + step
        : e.key === shrink
          ? current - step
          : e.key === 'Home'
            ? min
            : e.key === 'End'
              ? max
              : null;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      togglePanel(layoutStore, panel);
    } else if (next !== null) {
      e.preventDefault();
      setPanelSize(layoutStore, panel, next);
    }
  };

  return (
    // biome-ignore lint/a11y/useSemanticElements: a focusable window splitter has no HTML element (<hr> cannot take focus or be dragged)
    <div
      className={`splitter splitter-${panel}${collapsed ? ' is-collapsed' : ''}`}
      role="separator"
      aria-orientation={axis === 'x' ? 'vertical' : 'horizontal'}
      aria-label={t(labels[panel])}
      aria-valuemin={min}
      aria-valuemax={max}
      aria-valuenow={collapsed ? min : size}
      aria-valuetext={collapsed ? t('splitter.collapsed') : t('splitter.pixels', { count: size })}
      tabIndex={0}
      data-testid={`splitter-${panel}`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
      onDoubleClick={() => togglePanel(layoutStore, panel)}
    />
  );
}
