/**
 * The window's layout: which panels are open and how large, which tab each side shows, the UI
 * scale and presentation mode. What a user arranges is remembered across restarts (local
 * storage, validated on the way back in: a damaged or old entry falls back to the defaults).
 */
import { z } from 'zod';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';

export type SidebarTab = 'inspector' | 'data' | 'training';
export type DockTab = 'problems' | 'charts' | 'output' | 'gradcheck';
export type Panel = 'palette' | 'sidebar' | 'dock';
/** What the dock can show in presentation mode: one chart, or the network's output. */
export type PresentationView = 'loss' | 'accuracy' | 'gradients' | 'output';
export const PRESENTATION_VIEWS: readonly PresentationView[] = ['loss', 'accuracy', 'gradients', 'output'];

/** Smallest and largest size of each panel, in px at UI scale 1 (width; height for the dock). */
export const PANEL_LIMITS: Record<Panel, { min: number; max: number }> = {
  palette: { min: 140, max: 420 },
  sidebar: { min: 240, max: 640 },
  dock: { min: 120, max: 900 },
};
/** Width of a collapsed side panel: a strip with the buttons that open it again. */
export const COLLAPSED_WIDTH = 34;
/** One keyboard step when resizing a panel (Shift: four). */
export const RESIZE_STEP = 16;
/** The UI scale steps of Ctrl/Cmd + = and −. */
export const UI_SCALES = [0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2] as const;

const STORAGE_KEY = 'backprop-studio.layout';
const LAYOUT_VERSION = 1;

export interface PanelLayout {
  size: number;
  collapsed: boolean;
}

/** The part of the layout that is remembered. */
export interface SavedLayout {
  palette: PanelLayout;
  sidebar: PanelLayout;
  dock: PanelLayout;
  minimapCollapsed: boolean;
  legendCollapsed: boolean;
  /** The unit thumbnails on the blocks are hidden (the strip under the canvas switches them). */
  unitMapsHidden: boolean;
  uiScale: number;
  presentationViews: PresentationView[];
}

export interface LayoutState extends SavedLayout {
  presentation: boolean;
  sidebarTab: SidebarTab;
  dockTab: DockTab;
}

/** Default sizes for a window of this size: a 1280×720 projector keeps room for the graph. */
export function defaultLayout(width: number, height: number): SavedLayout {
  return {
    palette: { size: width <= 1366 ? 160 : 190, collapsed: false },
    sidebar: { size: width <= 1366 ? 280 : 330, collapsed: false },
    dock: { size: Math.round(Math.min(320, Math.max(180, height * 0.34))), collapsed: false },
    minimapCollapsed: false,
    legendCollapsed: false,
    unitMapsHidden: false,
    uiScale: 1,
    presentationViews: ['loss', 'output'],
  };
}

const panel = (p: Panel) =>
  z.object({
    size: z.number().finite().min(PANEL_LIMITS[p].min).max(PANEL_LIMITS[p].max),
    collapsed: z.boolean(),
  });
const savedSchema = z.object({
  version: z.literal(LAYOUT_VERSION),
  palette: panel('palette'),
  sidebar: panel('sidebar'),
  dock: panel('dock'),
  minimapCollapsed: z.boolean(),
  legendCollapsed: z.boolean(),
  // Added later: a layout saved before it stays valid.
  unitMapsHidden: z.boolean().default(false),
  uiScale: z.number().refine((v) => (UI_SCALES as readonly number[]).includes(v)),
  presentationViews: z.array(z.enum(PRESENTATION_VIEWS as [PresentationView, ...PresentationView[]])).max(4),
});

/** The remembered layout, or null when there is none or it is not one this version wrote. */
export function readSavedLayout(storage: Pick<Storage, 'getItem'> | undefined): SavedLayout | null {
  try {
    const text = storage?.getItem(STORAGE_KEY);
    if (!text) return null;
    const parsed = savedSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return null;
    const { version: _, ...layout } = parsed.data;
    return layout;
  } catch {
    return null;
  }
}

function saved(s: LayoutState): SavedLayout {
  return {
    palette: s.palette,
    sidebar: s.sidebar,
    dock: s.dock,
    minimapCollapsed: s.minimapCollapsed,
    legendCollapsed: s.legendCollapsed,
    unitMapsHidden: s.unitMapsHidden,
    uiScale: s.uiScale,
    presentationViews: s.presentationViews,
  };
}

export type LayoutStore = StoreApi<LayoutState>;

export function createLayoutStore(
  storage: Pick<Storage, 'getItem' | 'setItem'> | undefined,
  window: { width: number; height: number } = { width: 1440, height: 900 },
): LayoutStore {
  const store = createStore<LayoutState>(() => ({
    ...(readSavedLayout(storage) ?? defaultLayout(window.width, window.height)),
    presentation: false,
    sidebarTab: 'inspector',
    dockTab: 'problems',
  }));
  let written = JSON.stringify(saved(store.getState()));
  store.subscribe((s) => {
    const text = JSON.stringify({ version: LAYOUT_VERSION, ...saved(s) });
    if (text === written) return;
    written = text;
    try {
      storage?.setItem(STORAGE_KEY, text);
    } catch {
      // Storage full or unavailable (private mode): the layout still works, it is just not remembered.
    }
  });
  return store;
}

export const layoutStore = createLayoutStore(
  typeof localStorage === 'undefined' ? undefined : localStorage,
  typeof window === 'undefined' ? undefined : { width: window.innerWidth, height: window.innerHeight },
);

export const clampPanel = (p: Panel, size: number) =>
  Math.round(Math.min(PANEL_LIMITS[p].max, Math.max(PANEL_LIMITS[p].min, size)));

export function setPanelSize(store: LayoutStore, p: Panel, size: number): void {
  store.setState((s) => ({ [p]: { size: clampPanel(p, size), collapsed: false } }) as Partial<LayoutState>);
}

export function togglePanel(store: LayoutStore, p: Panel, collapsed = !store.getState()[p].collapsed): void {
  store.setState((s) => ({ [p]: { ...s[p], collapsed } }) as Partial<LayoutState>);
}

/** Shows a sidebar tab, opening the sidebar if it was collapsed. */
export function showSidebarTab(store: LayoutStore, tab: SidebarTab): void {
  store.setState((s) => ({
    sidebarTab: tab,
    sidebar: s.sidebar.collapsed ? { ...s.sidebar, collapsed: false } : s.sidebar,
  }));
}

/** Shows a dock tab, opening the dock if it was collapsed. */
export function showDockTab(store: LayoutStore, tab: DockTab): void {
  store.setState((s) => ({ dockTab: tab, dock: s.dock.collapsed ? { ...s.dock, collapsed: false } : s.dock }));
}

/** One step up (+1) or down (−1) the UI scale, or back to 100 % (0). */
export function stepUiScale(store: LayoutStore, direction: -1 | 0 | 1): void {
  const current = store.getState().uiScale;
  if (direction === 0) return store.setState({ uiScale: 1 });
  const index = UI_SCALES.findIndex((v) => v >= current - 1e-9);
  const next = UI_SCALES[Math.min(UI_SCALES.length - 1, Math.max(0, (index < 0 ? 2 : index) + direction))];
  store.setState({ uiScale: next });
}

export function setPresentation(store: LayoutStore, on = !store.getState().presentation): void {
  store.setState({ presentation: on });
}

export function useLayout<T>(selector: (state: LayoutState) => T): T {
  return useStore(layoutStore, selector);
}
