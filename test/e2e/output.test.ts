/**
 * The output plot of 2-D data in real Chromium: it grows with the dock, its axis labels and colour
 * legend stay whole inside it, every data point is outlined so that a correctly classified point
 * stands out on its own region, and a regression colours the points by their target value.
 */
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, screenshot, type Session } from './browser.js';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const side = async (s: Session) => Math.round((await s.page.getByTestId('boundary-canvas').boundingBox())!.width);

/** The screen boxes of the plot's text: axis labels and names, legend labels; with whether each shows whole. */
async function plotTexts(s: Session) {
  return s.page.getByTestId('boundary').evaluate((figure) => {
    const box = (el: Element) => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const texts = (selector: string) =>
      Array.from(figure.querySelectorAll(selector), (el) => ({
        text: el.textContent ?? '',
        box: box(el),
        whole: el.scrollWidth <= el.clientWidth || getComputedStyle(el).display === 'inline',
      }));
    const dockBody = figure.closest('.dock-body')!;
    return {
      figure: box(figure),
      dock: box(dockBody),
      x: texts('[data-testid="boundary-x-axis"] .plot-tick'),
      y: texts('[data-testid="boundary-y-axis"] .plot-tick'),
      names: texts('.plot-axis-title'),
      legend: texts(
        '[data-testid="boundary-legend"] .legend-ticks > span, [data-testid="boundary-legend"] .legend-swatch',
      ),
    };
  });
}

const inside = (a: Box, b: Box) =>
  a.x >= b.x - 0.5 &&
  a.y >= b.y - 0.5 &&
  a.x + a.width <= b.x + b.width + 0.5 &&
  a.y + a.height <= b.y + b.height + 0.5;
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Every label of the plot whole, inside its card and the dock's visible area, none over another. */
async function expectLabelsWhole(s: Session): Promise<void> {
  const t = await plotTexts(s);
  const all = [...t.x, ...t.y, ...t.names, ...t.legend];
  expect(t.x.length).toBeGreaterThanOrEqual(2);
  expect(t.y.length).toBeGreaterThanOrEqual(2);
  expect(t.names.map((n) => n.text)).toEqual(['x2', 'x1']);
  for (const label of all) {
    expect(label.whole, `"${label.text}" is cut short`).toBe(true);
    expect(inside(label.box, t.figure), `"${label.text}" leaves its card`).toBe(true);
    expect(inside(label.box, t.dock), `"${label.text}" is outside the dock's visible area`).toBe(true);
  }
  for (const axis of [t.x, t.y, t.legend])
    for (let i = 1; i < axis.length; i++)
      expect(overlap(axis[i - 1].box, axis[i].box), `"${axis[i - 1].text}" and "${axis[i].text}" overlap`).toBe(false);
}

/** Where the value v of an axis is on screen, from the positions of two of its labels. */
async function screenAt(s: Session, axis: 'x' | 'y', v: number, [a, b]: [number, number]): Promise<number> {
  const labels = (await plotTexts(s))[axis];
  const centre = (text: string) => {
    const l = labels.find((l) => Number(l.text) === Number(text));
    if (!l) throw new Error(`no label ${text} on the ${axis} axis: ${labels.map((l) => l.text).join(', ')}`);
    return axis === 'x' ? l.box.x + l.box.width / 2 : l.box.y + l.box.height / 2;
  };
  const [pa, pb] = [centre(String(a)), centre(String(b))];
  return pa + ((v - a) / (b - a)) * (pb - pa);
}

/** The canvas's pixels around screen point (x, y) within `radius`: [dx, dy, r, g, b] each. */
async function pixelsAround(s: Session, x: number, y: number, radius: number): Promise<number[][]> {
  return s.page.getByTestId('boundary-canvas').evaluate(
    (el, [x, y, radius]) => {
      const canvas = el as HTMLCanvasElement;
      const rect = canvas.getBoundingClientRect();
      const scale = canvas.width / rect.width;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const out: number[][] = [];
      for (let dy = -radius; dy <= radius; dy++)
        for (let dx = -radius; dx <= radius; dx++) {
          const px = Math.round((x - rect.x + dx) * scale);
          const py = Math.round((y - rect.y + dy) * scale);
          if (px < 0 || py < 0 || px >= canvas.width || py >= canvas.height) continue;
          const i = (py * canvas.width + px) * 4;
          // Over the card's white, as it shows.
          const a = data[i + 3] / 255;
          out.push([dx, dy, ...[0, 1, 2].map((c) => Math.round(255 + (data[i + c] - 255) * a))]);
        }
      return out;
    },
    [x, y, radius],
  );
}

const dark = ([, , r, g, b]: number[]) => Math.max(r, g, b) < 100;
const centreOf = (pixels: number[][]) => pixels.find(([dx, dy]) => dx === 0 && dy === 0)!.slice(2);

describe('the decision boundary', () => {
  it('grows with the dock, keeps its axis labels and legend whole, and outlines every point', async () => {
    session = await openApp('?example=xor', { viewport: { width: 1280, height: 720 } });
    const { page } = session;
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('training-status').textContent(), { timeout: 60_000 }).toBe('finished');
    await expect.poll(() => page.getByTestId('accuracy').textContent()).toContain('100');
    await page.getByTestId('dock-output').click();
    await page.getByTestId('boundary-canvas').waitFor();
    const small = await side(session);
    expect(small).toBeGreaterThanOrEqual(100);
    await expectLabelsWhole(session);
    expect((await plotTexts(session)).legend.map((l) => l.text)).toEqual(['1', '0.5', '0']);

    // Every point has a dark ring, also the correctly classified ones on a region of their own
    // colour; nothing else in the plot is dark.
    const points: [number, number, number][] = [
      [0, 0, 0],
      [0, 1, 1],
      [1, 0, 1],
      [1, 1, 0],
    ];
    for (const [x1, x2, label] of points) {
      const x = await screenAt(session, 'x', x1, [0, 1]);
      const y = await screenAt(session, 'y', x2, [0, 1]);
      const around = await pixelsAround(session, x, y, 14);
      const [r, , b] = centreOf(around);
      // Trained to 100 %: the point's colour is its class's, as is the region around it…
      expect(label === 1 ? r - b : b - r).toBeGreaterThan(80);
      const region = around.filter(([dx, dy]) => Math.hypot(dx, dy) > 12);
      expect(region.filter(([, , r, , b]) => (label === 1 ? r > b : b > r)).length).toBeGreaterThan(region.length / 2);
      // …and the point stands out by its ring.
      expect(around.filter(dark).length).toBeGreaterThan(20);
    }
    const box = (await page.getByTestId('boundary-canvas').boundingBox())!;
    const centre = await pixelsAround(session, box.x + box.width / 2, box.y + box.height / 2, 20);
    expect(centre.filter(dark)).toEqual([]);
    await screenshot(page, 'output-boundary-1280');

    // A taller dock, a larger plot, the labels still whole.
    await page.getByTestId('splitter-dock').focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowUp');
    await expect.poll(() => side(session!)).toBeGreaterThan(small + 200);
    await expectLabelsWhole(session);
    await screenshot(page, 'output-boundary-tall-dock');

    // The note on points sized by their gradient takes its room from the plot, inside the card.
    const tall = await side(session);
    await page.getByTestId('gradient-sizes').check();
    const note = page.getByTestId('gradient-sizes-legend');
    await note.waitFor();
    await expect.poll(() => side(session!)).toBeLessThan(tall);
    const card = (await page.getByTestId('boundary').boundingBox())!;
    const noteBox = (await note.boundingBox())!;
    expect(noteBox.y + noteBox.height).toBeLessThanOrEqual(card.y + card.height);
    await expectLabelsWhole(session);
    expect(session.errors).toEqual([]);
  });

  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 1920, height: 1080 },
  ])
    it(`grows to the room of a ${viewport.width}×${viewport.height} window, its labels whole`, async () => {
      session = await openApp('?example=xor', { viewport });
      const { page } = session;
      await page.getByTestId('step').click();
      await page.getByTestId('dock-output').click();
      await page.getByTestId('boundary-canvas').waitFor();
      const dock = (await page.getByTestId('dock').boundingBox())!;
      // All the dock's height but its tabs, the card's caption and the x axis.
      await expect.poll(() => side(session!)).toBeGreaterThan(dock.height - 140);
      expect(await side(session)).toBeGreaterThan(170);
      await expectLabelsWhole(session);
      expect(session.errors).toEqual([]);
    });

  it('colours the points of a 2-D regression by their target, on the scale of the heatmap and its legend', async () => {
    session = await openApp('?example=none', { viewport: { width: 1280, height: 720 } });
    const { page } = session;
    // y = x1 + x2 on a 7 × 7 grid over [−1, 1]².
    const grid = [-1, -2 / 3, -1 / 3, 0, 1 / 3, 2 / 3, 1];
    const rows = grid.flatMap((x1) => grid.map((x2) => `${x1},${x2},${x1 + x2}`));
    const csv = `${session.downloads}/plane.csv`;
    writeFileSync(csv, `x1,x2,y\n${rows.join('\n')}\n`);
    const doc = `${session.downloads}/plane.bps.json`;
    writeFileSync(
      doc,
      JSON.stringify({
        format: 'backprop-studio.graph',
        version: 1,
        name: 'Plane',
        nodes: [
          { id: 'x', type: 'input', params: { size: 2, columns: ['x1', 'x2'] }, position: { x: 0, y: 0 } },
          { id: 'h', type: 'linear', params: { in: 2, out: 8 }, position: { x: 136, y: 0 } },
          { id: 'a', type: 'tanh', position: { x: 272, y: 0 } },
          { id: 'o', type: 'linear', params: { in: 8, out: 1 }, position: { x: 408, y: 0 } },
          { id: 't', type: 'target', params: { size: 1, columns: ['y'] }, position: { x: 408, y: 120 } },
          { id: 'L', type: 'mse', position: { x: 544, y: 50 } },
        ],
        edges: [
          { source: 'x', target: 'h', targetHandle: 'in' },
          { source: 'h', target: 'a', targetHandle: 'in' },
          { source: 'a', target: 'o', targetHandle: 'in' },
          { source: 'o', target: 'L', targetHandle: 'pred' },
          { source: 't', target: 'L', targetHandle: 'target' },
        ],
        training: { optimizer: 'adam', lr: 0.05, batchSize: 'full', epochs: 300, seed: 1 },
      }),
    );
    const [opened] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('open').click()]);
    await opened.setFiles(doc);
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(6);
    await page.getByTestId('tab-data').click();
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('load-csv').click()]);
    await chooser.setFiles(csv);
    await expect.poll(() => page.getByTestId('columns-x').textContent()).toContain('takes 2 columns');
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('training-status').textContent(), { timeout: 60_000 }).toBe('finished');
    await page.getByTestId('dock-output').click();
    await page.getByTestId('boundary-canvas').waitFor();
    expect(await page.getByTestId('boundary').locator('figcaption').textContent()).toContain('Predicted y');

    // The legend's scale spans the targets (−2 … 2) and the predictions, high at the top, in round numbers.
    const legend = (await plotTexts(session)).legend;
    const values = legend.map((l) => Number(l.text));
    expect(values.length).toBeGreaterThanOrEqual(3);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(values[0]).toBeGreaterThanOrEqual(1);
    expect(values.at(-1)).toBeLessThanOrEqual(-1);
    expect(values).toContain(0);
    expect(values.every((v) => Number.isInteger(v * 2))).toBe(true);
    // Its labels sit where their values are: 0 halfway between −v and v.
    const centre = (v: number) => {
      const b = legend[values.indexOf(v)].box;
      return b.y + b.height / 2;
    };
    const v = values[0];
    if (values.includes(-v)) expect(centre(0)).toBeCloseTo((centre(v) + centre(-v)) / 2, 0);
    await expectLabelsWhole(session);

    // Highest target orange, lowest blue, zero light (the middle of the scale).
    const colourAt = async (x1: number, x2: number) =>
      centreOf(
        await pixelsAround(
          session!,
          await screenAt(session!, 'x', x1, [-1, 1]),
          await screenAt(session!, 'y', x2, [-1, 1]),
          0,
        ),
      );
    const [hr, , hb] = await colourAt(1, 1);
    expect(hr - hb).toBeGreaterThan(120);
    const [lr, , lb] = await colourAt(-1, -1);
    expect(lb - lr).toBeGreaterThan(120);
    const zero = await colourAt(1, -1);
    expect(Math.min(...zero)).toBeGreaterThan(190);
    await screenshot(page, 'output-regression-2d');
    expect(session.errors).toEqual([]);
  });
});

describe('the output charts of regressions', () => {
  /** Whether every card shows its full height in the dock (nothing below it to scroll to), with its plot inside it. */
  const cardsWhole = (s: Session) =>
    s.page.getByTestId('dock').evaluate((dock) => {
      const body = dock.querySelector('.dock-body')!;
      const view = body.getBoundingClientRect();
      const cards = Array.from(body.querySelectorAll<HTMLElement>('.output-card'), (card) => {
        const box = card.getBoundingClientRect();
        const plot = card.querySelector('canvas')?.getBoundingClientRect();
        return {
          id: card.dataset.testid ?? card.className,
          inView: box.top >= view.top - 0.5 && box.bottom <= view.bottom + 0.5,
          plotInside: !plot || (plot.top >= box.top && plot.bottom <= box.bottom && plot.height >= 60),
        };
      });
      return { scrollsDown: body.scrollHeight > body.clientHeight + 1, cards };
    });

  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1440, height: 900 },
    { width: 1920, height: 1080 },
  ])
    it(`keep the fitted curve, predicted against actual and the residuals whole in the dock at ${viewport.width}×${viewport.height}`, async () => {
      session = await openApp('?example=sine', { viewport });
      const { page } = session;
      await page.getByTestId('step').click();
      await page.getByTestId('dock-output').click();
      for (const id of ['curve', 'predicted-actual', 'residuals']) await page.getByTestId(id).waitFor();
      await expect
        .poll(() => cardsWhole(session!))
        .toEqual({
          scrollsDown: false,
          cards: ['curve', 'regression-metrics', 'predicted-actual', 'residuals'].map((id) => ({
            id,
            inView: true,
            plotInside: true,
          })),
        });
      // The residuals' axis: smallest, zero and largest residual apart, left to right, inside the card.
      const axis = await page.getByTestId('residuals-axis').evaluate((row) => {
        const card = row.closest('figure')!.getBoundingClientRect();
        return {
          card: { left: card.left, right: card.right, bottom: card.bottom },
          labels: Array.from(row.children, (l) => {
            const r = l.getBoundingClientRect();
            return { text: l.textContent ?? '', left: r.left, right: r.right, bottom: r.bottom };
          }),
        };
      });
      expect(axis.labels).toHaveLength(3);
      for (let i = 1; i < 3; i++) expect(axis.labels[i].left).toBeGreaterThan(axis.labels[i - 1].right);
      for (const l of axis.labels) {
        expect(l.left).toBeGreaterThanOrEqual(axis.card.left);
        expect(l.right).toBeLessThanOrEqual(axis.card.right);
        expect(l.bottom).toBeLessThanOrEqual(axis.card.bottom);
      }
      if (viewport.width === 1280) await screenshot(page, 'output-sine-1280');
      expect(session.errors).toEqual([]);
    });
});
