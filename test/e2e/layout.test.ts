/**
 * The window's layout in real Chromium at the sizes a classroom uses (1280×720 projectors,
 * 1440×900 laptops): what stays readable when room runs short.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, screenshot, type Session } from './browser.js';
import { dragBlock, selectBlock, wire } from './helpers.js';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** The part of an element's content that does not fit in it, in px (0: nothing is cut off). */
const clipped = (s: Session, testId: string) =>
  s.page.getByTestId(testId).evaluate((el) => Math.max(0, el.scrollWidth - el.clientWidth));

describe('toolbar', () => {
  /** The run's numbers and the words of a finished run in each language. */
  const words = {
    en: { finished: 'finished', numbers: /^epoch 100 · loss \d\.\d+ · acc \d+\.\d % · val \d+\.\d %$/ },
    ru: { finished: 'завершено', numbers: /^эпоха 100 · потери \d,\d+ · верных \d+,\d % · вал\. \d+,\d %$/ },
  };
  for (const lang of ['en', 'ru'] as const)
    for (const viewport of [
      { width: 1280, height: 720 },
      { width: 1440, height: 900 },
    ])
      it(`keeps the run's numbers whole at ${viewport.width}×${viewport.height} in ${lang}; the title gives way`, async () => {
        session = await openApp(`?example=iris-mlp&lang=${lang}`, { viewport });
        const { page } = session;
        const longName = 'Iris species from four flower measurements, one hidden layer of eight tanh units';
        await page.locator('#doc-name').fill(longName);
        await page.locator('#doc-name').press('Tab');
        await page.getByTestId('train').click();
        await expect.poll(() => page.getByTestId('training-status').textContent()).toBe(words[lang].finished);
        await expect.poll(() => page.getByTestId('val-accuracy').count()).toBe(1);

        // Nothing of the toolbar is past its edge, whatever the language's word lengths.
        expect(await clipped(session, 'toolbar')).toBe(0);
        const numbers = (await page.getByTestId('run-numbers').boundingBox())!;
        const title = (await page.getByTestId('doc-title').boundingBox())!;
        expect(await clipped(session, 'run-numbers')).toBe(0);
        expect(numbers.x + numbers.width).toBeLessThanOrEqual(title.x);
        expect(title.x + title.width).toBeLessThanOrEqual(viewport.width);
        expect(title.width).toBeGreaterThanOrEqual(40);
        for (const id of ['epoch', 'loss', 'accuracy', 'val-accuracy', 'train', 'reset', 'speed-button']) {
          const box = (await page.getByTestId(id).boundingBox())!;
          expect(box.x + box.width, id).toBeLessThanOrEqual(title.x);
        }
        expect(await page.getByTestId('run-numbers').textContent()).toMatch(words[lang].numbers);
        // The title is shortened with an ellipsis, and the whole of it is in its tooltip.
        const name = page.locator('[data-testid="doc-title"] .doc-name');
        if (await name.evaluate((el) => el.scrollWidth > el.clientWidth))
          expect(await name.evaluate((el) => getComputedStyle(el).textOverflow)).toBe('ellipsis');
        expect(await page.getByTestId('doc-title').getAttribute('title')).toContain(longName);

        // Save is always at hand: a button, or, when the buttons gave way, an item of the first menu.
        if (!(await page.getByTestId('save').isVisible())) {
          await page.getByTestId('menu-new').click();
          await expect.poll(() => page.getByTestId('menu-save').isVisible()).toBe(true);
          expect(await page.getByTestId('menu-new').textContent()).toContain(lang === 'ru' ? 'Файл' : 'File');
          expect(await page.getByTestId('menu-open').isVisible()).toBe(true);
          await page.keyboard.press('Escape');
        }
        await screenshot(page, `layout-toolbar-${lang}-${viewport.width}`);
        expect(session.errors).toEqual([]);
      });

  it('gives way step by step as the panels grow and comes back as they shrink', async () => {
    session = await openApp('?example=xor&lang=ru', { viewport: { width: 1440, height: 900 } });
    const { page } = session;
    const level = () => page.getByTestId('toolbar').getAttribute('data-fit');
    await expect.poll(level).toBe('1');
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('Control+Equal');
    await page.keyboard.press('Control+Equal');
    await expect.poll(async () => Number(await level())).toBeGreaterThanOrEqual(3);
    expect(await clipped(session, 'toolbar')).toBe(0);
    expect(await page.getByTestId('save').isVisible()).toBe(false);
    await page.keyboard.press('Control+0');
    await expect.poll(level).toBe('1');
    expect(await page.getByTestId('save').isVisible()).toBe(true);
    expect(session.errors).toEqual([]);
  });
});

describe('sidebar', () => {
  it('shows the inspector when a block is clicked, whichever tab is open', async () => {
    session = await openApp('?example=xor');
    const { page } = session;
    const inspectorShows = async (title: string) => {
      await expect.poll(() => page.getByTestId('tab-inspector').getAttribute('aria-selected')).toBe('true');
      await expect.poll(() => page.getByTestId('inspector').locator('h2').textContent()).toBe(title);
    };
    await page.getByTestId('tab-data').click();
    await selectBlock(page, 'h');
    await inspectorShows('Linear');
    // The same block again (already selected), from the Training tab.
    await page.getByTestId('tab-training').click();
    expect(await page.getByTestId('tab-training').getAttribute('aria-selected')).toBe('true');
    await selectBlock(page, 'h');
    await inspectorShows('Linear');
    await page.getByTestId('tab-data').click();
    await selectBlock(page, 'hs');
    await inspectorShows('Tanh');
    expect(session.errors).toEqual([]);
  });
});

describe('blocks', () => {
  it('shows a problem as a badge with a tooltip and a Problems entry; it never widens a block into its neighbour', async () => {
    session = await openApp('?example=none', { viewport: { width: 1280, height: 720 } });
    const { page } = session;
    // Side by side with 30 px between them, as a student drops them.
    await dragBlock(page, 'input', 100, 150);
    await dragBlock(page, 'linear', 300, 150);
    await dragBlock(page, 'sigmoid', 480, 150);
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(3);
    const boxes = () =>
      page.locator('.react-flow__node').evaluateAll((els) =>
        Object.fromEntries(
          els.map((e) => {
            const r = e.getBoundingClientRect();
            return [e.getAttribute('data-id'), { x: r.x, y: r.y, width: r.width, height: r.height }];
          }),
        ),
      );
    const overlapping = (b: Record<string, { x: number; y: number; width: number; height: number }>) =>
      Object.entries(b).flatMap(([i, p]) =>
        Object.entries(b)
          .filter(
            ([j, q]) =>
              i < j && p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height,
          )
          .map(([j]) => `${i}/${j}`),
      );

    // The unconnected blocks have errors: a badge whose tooltip has the message, and a Problems entry.
    const badge = page.getByTestId('problem-sigmoid1');
    await expect
      .poll(() => badge.getAttribute('title'))
      .toContain("input 'in' of node 'sigmoid1' (Sigmoid) is not connected");
    expect(await badge.getAttribute('aria-label')).toContain('1 error');
    await page.getByTestId('dock-problems').click();
    await expect
      .poll(() => page.getByTestId('problems').textContent())
      .toContain("input 'in' of node 'sigmoid1' (Sigmoid) is not connected");
    const before = await boxes();
    expect(overlapping(before)).toEqual([]);
    expect(await page.locator('[data-testid="node-linear1"] .block-problem').count()).toBe(0);
    await screenshot(page, 'layout-error-badges');

    // Wiring with the mouse connects the neighbours and moves no block.
    await wire(page, 'input1', 'linear1', 'in');
    await wire(page, 'linear1', 'sigmoid1', 'in');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    await expect.poll(() => page.getByTestId('problem-sigmoid1').count()).toBe(0);
    const after = await boxes();
    for (const id of ['input1', 'linear1', 'sigmoid1']) {
      expect(after[id].x).toBeCloseTo(before[id].x, 0);
      expect(after[id].y).toBeCloseTo(before[id].y, 0);
    }
    // Sigmoid is as wide without its error as with it.
    expect(after.sigmoid1.width).toBeCloseTo(before.sigmoid1.width, 0);
    expect(overlapping(after)).toEqual([]);

    // The badge opens the Problems panel.
    // What is left (no data yet, so the Input's columns cannot be known) is on the Input's badge.
    await page.getByTestId('dock-charts').click();
    await expect.poll(() => page.getByTestId('problem-input1').getAttribute('title')).toContain('load a data set');
    await page.getByTestId('problem-input1').click();
    await expect.poll(() => page.getByTestId('dock-problems').getAttribute('aria-selected')).toBe('true');
    expect(session.errors).toEqual([]);
  });
});

describe('charts', () => {
  it('labels a loss axis that stays within one decade, and keeps the gradient-norm labels apart', async () => {
    session = await openApp('?example=xor', { viewport: { width: 1280, height: 720 } });
    const { page } = session;
    // So small a learning rate that the loss barely moves from ln 2 ≈ 0.69.
    await page.getByTestId('tab-training').click();
    await page.getByTestId('lr').fill('0.0001');
    await page.getByTestId('lr').press('Enter');
    await page.getByTestId('epochs').fill('200');
    await page.getByTestId('epochs').press('Enter');
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('training-status').textContent(), { timeout: 60_000 }).toBe('finished');
    await page.getByTestId('dock-charts').click();
    const description = (id: string) => page.getByTestId(`chart-canvas-${id}`).getAttribute('aria-label');
    await expect.poll(() => description('loss'), { timeout: 10_000 }).toMatch(/training 0\.\d{1,3} at epoch 200/);
    const axis = (text: string | null) => (text ?? '').split('axis: ')[1].split(', ').filter(Boolean).map(Number);
    const lossTicks = axis(await description('loss'));
    expect(lossTicks.length).toBeGreaterThanOrEqual(2);
    expect(lossTicks.every((v) => v > 0.1 && v < 1)).toBe(true);
    // The last loss, in three significant digits as the tooltip shows it, agrees with the toolbar.
    const shown = Number(await page.getByTestId('loss').textContent());
    const charted = Number((await description('loss'))!.match(/training (\S+) at/)![1]);
    expect(Math.abs(charted - shown)).toBeLessThan(0.0051);

    const gradients = page.getByTestId('chart-canvas-gradients');
    const height = (await gradients.boundingBox())!.height;
    const gradientTicks = axis(await description('gradients'));
    expect(gradientTicks.length).toBeGreaterThanOrEqual(2);
    expect(gradientTicks.length).toBeLessThanOrEqual(Math.floor(height / 26));
    await screenshot(page, 'layout-charts-one-decade');
    expect(session.errors).toEqual([]);
  });
});

describe('panels', () => {
  it('collapse, resize by mouse and keyboard, and come back as they were after a restart', async () => {
    session = await openApp('?example=xor', { viewport: { width: 1280, height: 720 } });
    const { page } = session;
    const box = async (selector: string) => (await page.locator(selector).boundingBox())!;

    // The side panel, dragged 80 px wider by its edge.
    const sidebarBefore = await box('.sidebar');
    const edge = await box('[data-testid="splitter-sidebar"]');
    await page.mouse.move(edge.x + edge.width / 2, edge.y + 200);
    await page.mouse.down();
    await page.mouse.move(edge.x + edge.width / 2 - 40, edge.y + 200, { steps: 4 });
    await page.mouse.move(edge.x + edge.width / 2 - 80, edge.y + 200, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => Math.round((await box('.sidebar')).width)).toBe(Math.round(sidebarBefore.width + 80));

    // The dock, 3 keyboard steps taller, then Home (its smallest) and back up.
    const dockBefore = await box('[data-testid="dock"]');
    const dockEdge = page.getByTestId('splitter-dock');
    await dockEdge.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowUp');
    await expect
      .poll(async () => Math.round((await box('[data-testid="dock"]')).height))
      .toBe(Math.round(dockBefore.height + 48));
    expect(await dockEdge.getAttribute('aria-valuenow')).toBe(String(Math.round(dockBefore.height + 48)));
    await page.keyboard.press('Home');
    await expect.poll(async () => Math.round((await box('[data-testid="dock"]')).height)).toBe(120);
    await page.keyboard.press('Shift+ArrowUp');
    await expect.poll(async () => Math.round((await box('[data-testid="dock"]')).height)).toBe(184);

    // The palette collapsed to a strip: the canvas takes the room.
    const canvasBefore = await box('[data-testid="canvas"]');
    await page.getByTestId('collapse-palette').click();
    await expect.poll(async () => Math.round((await box('.palette')).width)).toBe(34);
    expect((await box('[data-testid="canvas"]')).width).toBeGreaterThan(canvasBefore.width + 100);
    // …and the side panel too, reopened on the Data tab from its strip; then collapsed again.
    await page.getByTestId('collapse-sidebar').click();
    await expect.poll(async () => Math.round((await box('.sidebar')).width)).toBe(34);
    await page.getByTestId('expand-data').click();
    await expect.poll(() => page.getByTestId('tab-data').getAttribute('aria-selected')).toBe('true');
    expect(Math.round((await box('.sidebar')).width)).toBe(Math.round(sidebarBefore.width + 80));
    // The dock collapses to its tabs from the keyboard (Enter on its edge).
    await dockEdge.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('toggle-dock').getAttribute('aria-expanded')).toBe('false');
    await screenshot(page, 'layout-panels-arranged');

    // A restart (same profile): the same layout.
    await page.reload();
    await page.locator('.react-flow__renderer').waitFor();
    expect(Math.round((await box('.palette')).width)).toBe(34);
    await expect.poll(() => page.getByTestId('expand-palette').count()).toBe(1);
    expect(Math.round((await box('.sidebar')).width)).toBe(Math.round(sidebarBefore.width + 80));
    expect(await page.getByTestId('toggle-dock').getAttribute('aria-expanded')).toBe('false');
    await page.getByTestId('toggle-dock').click();
    await expect.poll(async () => Math.round((await box('[data-testid="dock"]')).height)).toBe(184);
    await page.getByTestId('expand-palette').click();
    await expect.poll(() => page.getByTestId('palette-linear').count()).toBe(1);
    expect(session.errors).toEqual([]);
  });
});

/** Every example shipped in examples/ (the app's templates). */
const examples = readdirSync('examples')
  .filter((f) => f.endsWith('.bps.json'))
  .map((f) => f.replace('.bps.json', ''));

type Box = { x: number; y: number; width: number; height: number };
const intersects = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The smallest text in any block as it appears on screen, in px: its font size times the canvas zoom. */
async function smallestNodeText(s: Session): Promise<number> {
  return s.page.locator('.react-flow__node').evaluateAll((nodes) => {
    let smallest = Infinity;
    for (const node of nodes) {
      const el = node as HTMLElement;
      const zoom = el.getBoundingClientRect().width / el.offsetWidth;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        const parent = t.parentElement!;
        if (!t.textContent?.trim() || parent.closest('.block-badge')) continue;
        smallest = Math.min(smallest, parseFloat(getComputedStyle(parent).fontSize) * zoom);
      }
    }
    return smallest;
  });
}

async function nodeBoxes(s: Session): Promise<Box[]> {
  return s.page.locator('.react-flow__node').evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
}

/** The load (and mode) the canvas last fitted its view for. */
const fitted = (s: Session) => s.page.getByTestId('canvas').getAttribute('data-fitted');

/** Waits until the canvas has fitted its view to the graph that was just opened. */
async function settled(s: Session, before: string | null = null): Promise<void> {
  await expect.poll(async () => (await fitted(s)) !== null && (await fitted(s)) !== before).toBe(true);
}

/** Opens an example from the New menu, as a student does (discarding the last one's changes). */
async function openExample(s: Session, id: string): Promise<void> {
  const before = await fitted(s);
  await s.page.getByTestId('menu-new').click();
  await s.page.getByTestId(`template-${id}`).click();
  const discard = s.page.getByRole('button', { name: "Don't Save" });
  await expect
    .poll(async () => {
      if (await discard.isVisible()) await discard.click();
      const now = await fitted(s);
      return now !== null && now !== before;
    })
    .toBe(true);
}

describe('readable on a projector', () => {
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1920, height: 1080 },
  ])
    it(`opens every example at ${viewport.width}×${viewport.height} with node text of at least 12 px, whole, and nothing over its blocks`, async () => {
      expect(examples.length).toBeGreaterThanOrEqual(10);
      session = await openApp('?example=none', { viewport });
      const { page } = session;
      for (const example of examples) {
        await openExample(session, example);
        const text = await smallestNodeText(session);
        expect(text, example).toBeGreaterThanOrEqual(12);
        const canvas = (await page.getByTestId('canvas').boundingBox())!;
        const blocks = await nodeBoxes(session);
        for (const b of blocks) {
          expect(b.x, `${example}: a block left of the canvas`).toBeGreaterThanOrEqual(canvas.x);
          expect(b.x + b.width, `${example}: a block right of the canvas`).toBeLessThanOrEqual(canvas.x + canvas.width);
          expect(b.y, example).toBeGreaterThanOrEqual(canvas.y);
          expect(b.y + b.height, example).toBeLessThanOrEqual(canvas.y + canvas.height);
        }
        // One training step brings the edge colours and their legend.
        await page.getByTestId('step').click();
        await expect.poll(() => page.getByTestId('flow-legend').count(), { message: example, timeout: 30_000 }).toBe(1);
        const minimap = page.locator('.react-flow__minimap');
        await expect.poll(() => minimap.count(), { message: example }).toBe(1);
        const covering = [await minimap.boundingBox(), await page.getByTestId('flow-legend').boundingBox()];
        for (const cover of covering)
          for (const b of await nodeBoxes(session))
            expect(intersects(cover!, b), `${example}: covered block`).toBe(false);
        if (example === 'xor' || example === 'iris-mlp') await screenshot(page, `layout-${viewport.width}-${example}`);
      }
      expect(session.errors).toEqual([]);
    });

  it('moves the minimap to a free corner, hides it when none is free, and collapses it on request', async () => {
    session = await openApp('?example=xor', { viewport: { width: 1280, height: 720 } });
    const { page } = session;
    await settled(session);
    const minimap = page.locator('.react-flow__minimap');
    const uncovered = async () => {
      const m = await minimap.boundingBox();
      return m ? (await nodeBoxes(session!)).every((b) => !intersects(m, b)) : true;
    };
    // Drag the graph down and to the left, under where the minimap was.
    const before = (await minimap.boundingBox())!;
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    for (const [dx, dy] of [
      [-40, 160],
      [300, 160],
      [300, -120],
    ]) {
      await page.mouse.move(pane.x + pane.width / 2, pane.y + 20);
      await page.mouse.down();
      await page.mouse.move(pane.x + pane.width / 2 + dx, pane.y + 20 + dy, { steps: 6 });
      await page.mouse.up();
      await expect.poll(uncovered).toBe(true);
    }
    expect(await minimap.boundingBox()).not.toEqual(before);

    // A graph with a block in each corner of the view: the map steps aside and says why…
    const corners = {
      format: 'backprop-studio.graph',
      version: 1,
      name: 'Four corners',
      nodes: [
        [0, 0],
        [700, 0],
        [0, 320],
        [700, 320],
      ].map(([x, y], i) => ({ id: `x${i}`, type: 'input', params: { size: 1 }, position: { x, y } })),
      edges: [],
    };
    const fittedBefore = await fitted(session);
    const file = `${session.downloads}/corners.bps.json`;
    writeFileSync(file, JSON.stringify(corners));
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('open').click()]);
    await chooser.setFiles(file);
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(4);
    await settled(session, fittedBefore);
    await expect.poll(() => minimap.count()).toBe(0);
    expect(await page.getByTestId('toggle-minimap').getAttribute('title')).toContain('would cover blocks');
    // …and comes back, uncovering nothing, once zooming out leaves a corner free.
    await page.getByRole('button', { name: 'Zoom the canvas out' }).click();
    await page.getByRole('button', { name: 'Zoom the canvas out' }).click();
    await expect.poll(() => minimap.count()).toBe(1);
    expect(await uncovered()).toBe(true);
    await page.getByTestId('toggle-minimap').click();
    await expect.poll(() => minimap.count()).toBe(0);
    expect(await page.getByTestId('toggle-minimap').getAttribute('aria-pressed')).toBe('false');
    expect(session.errors).toEqual([]);
  });
});

describe('presentation mode', () => {
  it('hides the panels, shows the chosen charts large and the graph at 16 px or more; F5, Esc and the toggle end it', async () => {
    session = await openApp('?example=xor', { viewport: { width: 1280, height: 720 } });
    const { page } = session;
    await settled(session);
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('training-status').textContent(), { timeout: 60_000 }).toBe('finished');
    await expect.poll(() => page.getByTestId('flow-legend').count()).toBe(1);
    const normalText = await smallestNodeText(session);
    const canvasBefore = (await page.getByTestId('canvas').boundingBox())!;

    let before = await fitted(session);
    await page.getByTestId('presentation').click();
    await settled(session, before);
    expect(await page.getByTestId('presentation').getAttribute('aria-pressed')).toBe('true');
    // Palette and inspector out of the way, the canvas takes the window's width.
    expect(await page.locator('.palette').isVisible()).toBe(false);
    expect(await page.locator('.sidebar').isVisible()).toBe(false);
    const canvas = (await page.getByTestId('canvas').boundingBox())!;
    expect(canvas.width).toBeGreaterThan(canvasBefore.width + 400);
    // Node text: larger than in the editor, and at least 16 px on screen; every block in view.
    const text = await smallestNodeText(session);
    expect(text).toBeGreaterThanOrEqual(16);
    expect(text).toBeGreaterThan(normalText);
    for (const b of await nodeBoxes(session)) {
      expect(b.x).toBeGreaterThanOrEqual(canvas.x);
      expect(b.x + b.width).toBeLessThanOrEqual(canvas.x + canvas.width);
    }
    // No minimap, no legend; the dock shows what the teacher chose (by default the loss and the output).
    expect(await page.locator('.react-flow__minimap').count()).toBe(0);
    expect(await page.getByTestId('flow-legend').count()).toBe(0);
    const board = page.getByTestId('presentation-board');
    await expect.poll(() => board.locator('[data-testid^="chart-canvas-"]').count()).toBe(1);
    expect(await board.getByTestId('chart-canvas-loss').getAttribute('data-font-size')).toBe('18');
    expect(await board.getByTestId('boundary').count()).toBe(1);
    await page.getByTestId('present-accuracy').check();
    await page.getByTestId('present-loss').uncheck();
    await expect.poll(() => board.getByTestId('chart-canvas-accuracy').count()).toBe(1);
    expect(await board.getByTestId('chart-canvas-loss').count()).toBe(0);
    await screenshot(page, 'presentation-1280');

    // F5 ends it (without reloading the page), F5 again starts it, Esc ends it, the toggle too.
    const mode = () => page.getByTestId('presentation').getAttribute('aria-pressed');
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('F5');
    await expect.poll(mode).toBe('false');
    expect(await page.locator('.palette').isVisible()).toBe(true);
    expect(await page.getByTestId('training-status').textContent()).toBe('finished');
    await page.keyboard.press('F5');
    await expect.poll(mode).toBe('true');
    await page.keyboard.press('Escape');
    await expect.poll(mode).toBe('false');
    before = await fitted(session);
    await page.getByTestId('presentation').click();
    await settled(session, before);
    // The teacher's choice is kept.
    expect(await page.getByTestId('present-accuracy').isChecked()).toBe(true);
    expect(await page.getByTestId('present-loss').isChecked()).toBe(false);
    await page.getByTestId('exit-presentation').click();
    await expect.poll(mode).toBe('false');
    await expect.poll(() => page.getByTestId('chart-canvas-loss').getAttribute('data-font-size')).toBe('12');
    expect(session.errors).toEqual([]);
  });
});

describe('UI scale', () => {
  it('Ctrl + = / − / 0 scale the panels and toolbar, not the canvas zoom, and the scale is remembered', async () => {
    session = await openApp('?example=xor', { viewport: { width: 1440, height: 900 } });
    const { page } = session;
    await settled(session);
    const height = async (selector: string) => (await page.locator(selector).boundingBox())!.height;
    const canvasZoom = () =>
      page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
    const toolbar = await height('.toolbar');
    const tab = await height('[data-testid="tab-inspector"]');
    const zoomBefore = await canvasZoom();
    const ratio = await page.evaluate(() => window.devicePixelRatio);

    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('Control+Equal');
    await page.keyboard.press('Control+Equal');
    await expect.poll(async () => (await height('.toolbar')) / toolbar).toBeCloseTo(1.25, 2);
    expect((await height('[data-testid="tab-inspector"]')) / tab).toBeCloseTo(1.25, 1);
    expect(await canvasZoom()).toBe(zoomBefore);
    // The page itself is not zoomed (the browser's zoom was not triggered).
    expect(await page.evaluate(() => window.devicePixelRatio)).toBe(ratio);
    await page.keyboard.press('Control+Minus');
    await expect.poll(async () => (await height('.toolbar')) / toolbar).toBeCloseTo(1.1, 2);
    // A restart keeps it.
    await page.reload();
    await page.locator('.react-flow__renderer').waitFor();
    await expect.poll(async () => (await height('.toolbar')) / toolbar).toBeCloseTo(1.1, 2);
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('Control+0');
    await expect.poll(async () => (await height('.toolbar')) / toolbar).toBeCloseTo(1, 2);

    // The canvas has its own zoom: = and − outside text fields, Shift+1 fits the graph.
    const zoom = () => page.getByTestId('canvas-zoom').textContent();
    const start = await zoom();
    await page.keyboard.press('Equal');
    await expect.poll(zoom).not.toBe(start);
    expect(await height('.toolbar')).toBeCloseTo(toolbar, 0);
    await page.keyboard.press('Minus');
    await page.keyboard.press('Minus');
    await page.keyboard.press('Shift+Digit1');
    await expect.poll(zoom).not.toBe(start);
    // In a text field the keys type.
    await page.locator('#doc-name').fill('');
    await page.locator('#doc-name').pressSequentially('a=b-c');
    expect(await page.locator('#doc-name').inputValue()).toBe('a=b-c');
    expect(session.errors).toEqual([]);
  });
});
