/**
 * New blocks land in free space: dropped onto a block, quick-added on top of one, pasted over
 * their originals, or added from the keyboard again and again, no two blocks ever overlap on
 * screen (measured from the drawn boxes).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, screenshot, type Session } from './browser.js';
import { dragBlock, goToBlock, nodeIds, runCommand, selectBlock } from './helpers.js';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** Pairs of blocks whose drawn boxes overlap. */
async function overlapping(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const boxes = [...document.querySelectorAll<HTMLElement>('.react-flow__node')].map((el) => ({
      id: el.dataset.id!,
      r: el.getBoundingClientRect(),
    }));
    const hits: string[] = [];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].r;
        const b = boxes[j].r;
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
          hits.push(`${boxes[i].id}/${boxes[j].id}`);
      }
    return hits;
  });
}

async function centreOf(page: Page, id: string): Promise<{ x: number; y: number }> {
  const canvas = (await page.getByTestId('canvas').boundingBox())!;
  const box = (await page.locator(`.react-flow__node[data-id="${id}"]`).boundingBox())!;
  return { x: box.x + box.width / 2 - canvas.x, y: box.y + box.height / 2 - canvas.y };
}

describe('placement', () => {
  it('puts dropped, quick-added, pasted and keyboard-added blocks where there is room', async () => {
    session = await openApp('?example=xor');
    const { page } = session;
    expect(await overlapping(page)).toEqual([]);

    // Dropped right onto the hidden layer.
    const h = await centreOf(page, 'h');
    await dragBlock(page, 'relu', h.x, h.y);
    await expect.poll(() => nodeIds(page)).toContain('relu1');
    await expect.poll(() => overlapping(page)).toEqual([]);

    // Quick add on top of the output layer.
    const o = await centreOf(page, 'o');
    await page.locator('.react-flow__node[data-id="o"]').waitFor();
    const canvas = (await page.getByTestId('canvas').boundingBox())!;
    // Double-click the empty canvas just below it (blocks grew unit thumbnails: below its bottom
    // edge, not its centre), then the block goes where the click was.
    const oBox = (await page.locator('.react-flow__node[data-id="o"]').boundingBox())!;
    await page.mouse.dblclick(canvas.x + o.x, oBox.y + oBox.height + 30);
    await page.getByRole('dialog', { name: 'Add Block' }).getByRole('combobox').fill('sigmoid');
    await page.keyboard.press('Enter');
    await expect.poll(() => nodeIds(page)).toContain('sigmoid1');
    await expect.poll(() => overlapping(page)).toEqual([]);

    // Pasted over the blocks it was copied from.
    await selectBlock(page, 'h');
    await selectBlock(page, 'hs', ['Control']);
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await page.keyboard.press('Control+v');
    await expect.poll(async () => (await nodeIds(page)).length).toBe(13);
    await expect.poll(() => overlapping(page)).toEqual([]);

    // Added from the keyboard five times beside the same block.
    for (let i = 0; i < 5; i++) {
      await goToBlock(page, 'x');
      await runCommand(page, 'add block tanh');
    }
    await expect.poll(async () => (await nodeIds(page)).length).toBe(18);
    await expect.poll(() => overlapping(page)).toEqual([]);
    await screenshot(page, 'placement-free-space');
    expect(session.errors).toEqual([]);
  });

  it('arranges a tangled graph with ELK: left to right along every wire, in port order, no overlap, all in view', async () => {
    session = await openApp('?example=xor');
    const { page } = session;
    // Tangle it from the keyboard: the target above the sigmoid, the input right of the hidden layer.
    await goToBlock(page, 't');
    for (let i = 0; i < 12; i++) await page.keyboard.press('Shift+ArrowUp');
    await goToBlock(page, 'x');
    for (let i = 0; i < 12; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Control+l');
    const box = async (id: string) => (await page.locator(`.react-flow__node[data-id="${id}"]`).boundingBox())!;
    const wires = [
      ['x', 'h'],
      ['h', 'hs'],
      ['hs', 'o'],
      ['o', 'p'],
      ['p', 'L'],
      ['t', 'L'],
    ];
    await expect
      .poll(
        async () => {
          for (const [a, b] of wires) if ((await box(a)).x + (await box(a)).width >= (await box(b)).x) return false;
          return true;
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    const centreY = async (id: string) => (await box(id)).y + (await box(id)).height / 2;
    // L's first port is pred (from p), its second target (from t): p above t, so the wires do not cross.
    expect(await centreY('p')).toBeLessThan(await centreY('t'));
    expect(await overlapping(page)).toEqual([]);
    const canvas = (await page.getByTestId('canvas').boundingBox())!;
    await expect
      .poll(async () => {
        for (const id of await nodeIds(page)) {
          const b = await box(id);
          if (b.x < canvas.x || b.y < canvas.y || b.x + b.width > canvas.x + canvas.width) return id;
        }
        return 'all in view';
      })
      .toBe('all in view');
    // One undo step puts the tangle back.
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await box('x')).x > (await box('h')).x).toBe(true);
    await screenshot(page, 'placement-undo-arrange');
    expect(session.errors).toEqual([]);
  });
});
