/** The window layout store: defaults, limits, UI scale steps and what is remembered. */
import { describe, expect, it } from 'vitest';
import {
  createLayoutStore,
  defaultLayout,
  PANEL_LIMITS,
  readSavedLayout,
  setPanelSize,
  stepUiScale,
  togglePanel,
} from '../../src/renderer/src/layout.js';

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
  };
}

describe('layout store', () => {
  it('keeps room for the graph on a 1280×720 projector', () => {
    const small = defaultLayout(1280, 720);
    expect(1280 - small.palette.size - small.sidebar.size).toBeGreaterThanOrEqual(800);
    expect(720 - 46 - small.dock.size).toBeGreaterThanOrEqual(420);
  });

  it('remembers sizes and collapsed panels, and reads them back', () => {
    const storage = memoryStorage();
    const a = createLayoutStore(storage, { width: 1440, height: 900 });
    setPanelSize(a, 'sidebar', 412.4);
    togglePanel(a, 'palette');
    stepUiScale(a, 1);
    const b = createLayoutStore(storage, { width: 1440, height: 900 });
    expect(b.getState().sidebar).toEqual({ size: 412, collapsed: false });
    expect(b.getState().palette.collapsed).toBe(true);
    expect(b.getState().uiScale).toBe(1.1);
    // Tabs and presentation mode are not remembered: a restart opens on the inspector, not presenting.
    a.setState({ presentation: true, sidebarTab: 'data' });
    const c = createLayoutStore(storage);
    expect(c.getState().presentation).toBe(false);
    expect(c.getState().sidebarTab).toBe('inspector');
  });

  it('remembers hidden unit thumbnails, and reads a layout saved before they existed', () => {
    const storage = memoryStorage();
    createLayoutStore(storage).setState({ unitMapsHidden: true });
    expect(createLayoutStore(storage).getState().unitMapsHidden).toBe(true);
    const [key, text] = [...storage.items.entries()][0];
    const { unitMapsHidden: _, ...older } = JSON.parse(text);
    const read = readSavedLayout(memoryStorage({ [key]: JSON.stringify(older) }));
    expect(read?.unitMapsHidden).toBe(false);
    expect(read?.sidebar).toEqual(createLayoutStore(storage).getState().sidebar);
  });

  it('keeps panel sizes within their limits', () => {
    const s = createLayoutStore(undefined);
    setPanelSize(s, 'dock', 5);
    expect(s.getState().dock.size).toBe(PANEL_LIMITS.dock.min);
    setPanelSize(s, 'palette', 1e9);
    expect(s.getState().palette.size).toBe(PANEL_LIMITS.palette.max);
  });

  it('steps the UI scale and resets it', () => {
    const s = createLayoutStore(undefined);
    for (let i = 0; i < 20; i++) stepUiScale(s, 1);
    expect(s.getState().uiScale).toBe(2);
    stepUiScale(s, 0);
    expect(s.getState().uiScale).toBe(1);
    for (let i = 0; i < 20; i++) stepUiScale(s, -1);
    expect(s.getState().uiScale).toBe(0.8);
  });

  it('falls back to the defaults for a damaged, out-of-range or future entry', () => {
    const good = memoryStorage();
    createLayoutStore(good).setState({ minimapCollapsed: true });
    const text = [...good.items.values()][0];
    expect(readSavedLayout(good)?.minimapCollapsed).toBe(true);
    const key = [...good.items.keys()][0];
    const variants = [
      '{not json',
      JSON.stringify({ ...JSON.parse(text), version: 2 }),
      JSON.stringify({ ...JSON.parse(text), dock: { size: 1e6, collapsed: false } }),
      JSON.stringify({ ...JSON.parse(text), uiScale: 7 }),
      JSON.stringify({ ...JSON.parse(text), presentationViews: ['loss', 'nonsense'] }),
      JSON.stringify({ __proto__: { polluted: true } }),
    ];
    for (const v of variants) {
      expect(readSavedLayout(memoryStorage({ [key]: v }))).toBeNull();
      expect(createLayoutStore(memoryStorage({ [key]: v }), { width: 1280, height: 720 }).getState().dock).toEqual(
        defaultLayout(1280, 720).dock,
      );
    }
    // A storage that throws (private mode) costs the memory, not the app.
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    const s = createLayoutStore(broken);
    expect(() => setPanelSize(s, 'dock', 200)).not.toThrow();
  });
});
