/**
 * Weights by hand end to end in real Chromium: scrubbing a weight with the mouse (Shift for
 * fine steps) and undoing it, Reset keeping hand-set weights or re-initialising all, the frozen
 * mark on the canvas, unit thumbnails that enlarge in the output view, and a block expanded to
 * neurons whose lines select and edit weights.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, screenshot, type Session } from './browser.js';
import { selectBlock } from './helpers.js';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** The exact values of a Linear block's weight grid (W row by row, then b). */
async function gridValues(page: Page, units: number, inputs: number): Promise<number[]> {
  const ids = [
    ...Array.from({ length: units * inputs }, (_, k) => `weight-W-${Math.floor(k / inputs)}-${k % inputs}`),
    ...Array.from({ length: units }, (_, j) => `weight-b-${j}`),
  ];
  const values: number[] = [];
  for (const id of ids) values.push(await exactValue(page, id));
  return values;
}

/** The exact value of one weight field (its tooltip has it in full). */
async function exactValue(page: Page, testId: string): Promise<number> {
  return Number(
    await page
      .getByTestId(testId)
      .getAttribute('title')
      .then((t) => t?.split('=')[1]?.split('\n')[0]),
  );
}

/** The epoch the toolbar shows (0 before the first step). */
async function epoch(page: Page): Promise<number> {
  const shown = page.getByTestId('epoch');
  return (await shown.count()) ? Number(await shown.textContent()) : 0;
}

/** Presses Step `steps` times (one epoch each: these examples train on the full batch), waiting for each. */
async function stepTo(page: Page, steps: number): Promise<void> {
  for (let k = 0; k < steps; k++) {
    const before = await epoch(page);
    await page.getByTestId('step').click();
    await expect.poll(() => epoch(page)).toBe(before + 1);
  }
}

/** Whether two lists of weights agree to float32 precision (the session trains in float32). */
const sameWeights = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((v, i) => Math.abs(v - b[i]) <= 1e-6 * Math.max(1, Math.abs(b[i])));

/** Drags horizontally on an element by `dx` px in 10 moves, with Shift held when asked. */
async function scrub(page: Page, testId: string, dx: number, shift = false): Promise<void> {
  // The inspector scrolls: a tall block's grid can start below the fold.
  await page.getByTestId(testId).scrollIntoViewIfNeeded();
  const box = (await page.getByTestId(testId).boundingBox())!;
  const y = box.y + box.height / 2;
  const x = box.x + box.width / 2;
  await page.mouse.move(x, y);
  if (shift) await page.keyboard.down('Shift');
  await page.mouse.down();
  await page.mouse.move(x + dx, y, { steps: 10 });
  await page.mouse.up();
  if (shift) await page.keyboard.up('Shift');
}

describe('weights by hand', () => {
  it('scrubs a weight with the mouse, finer with Shift, and undoes each scrub in one step', async () => {
    session = await openApp('?example=xor');
    const { page } = session;
    await selectBlock(page, 'o');
    const start = await exactValue(page, 'weight-W-0-1');
    await expect.poll(() => page.getByTestId('weight-state').textContent()).toContain('Training starts from these');

    // 0.01 per pixel: 60 px to the right adds 0.6 (rounded to the step).
    await scrub(page, 'weight-W-0-1', 60);
    await expect.poll(() => exactValue(page, 'weight-W-0-1')).toBeCloseTo(start + 0.6, 1);
    const coarse = await exactValue(page, 'weight-W-0-1');
    expect(Math.abs(coarse - (start + 0.6))).toBeLessThanOrEqual(0.01);
    await expect.poll(() => page.getByTestId('weight-state').textContent()).toContain('Set by hand');

    // With Shift a tenth of that: 60 px add 0.06.
    await scrub(page, 'weight-W-0-1', 60, true);
    await expect.poll(() => exactValue(page, 'weight-W-0-1')).not.toBe(coarse);
    const fine = await exactValue(page, 'weight-W-0-1');
    expect(fine - coarse).toBeCloseTo(0.06, 3);

    // The slider of the same weight follows (few weights: one slider each).
    expect(Number(await page.getByTestId('slider-W-1').inputValue())).toBeCloseTo(fine, 2);

    // The sliders' range is the user's: from −5 to 5, a slider's step is 10/400.
    for (const [id, v] of [
      ['slider-max', '5'],
      ['slider-min', '-5'],
    ]) {
      await page.getByTestId(id).fill(v);
      await page.getByTestId(id).press('Enter');
    }
    await expect.poll(() => page.getByTestId('slider-b-0').getAttribute('min')).toBe('-5');
    expect(await page.getByTestId('slider-b-0').getAttribute('max')).toBe('5');
    const bias = await exactValue(page, 'weight-b-0');
    await page.getByTestId('slider-b-0').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => exactValue(page, 'weight-b-0')).not.toBe(bias);
    expect(await exactValue(page, 'weight-b-0')).toBeCloseTo(bias + 0.025, 2);
    // A lower end above the upper one is refused.
    await page.getByTestId('slider-min').fill('7');
    await page.getByTestId('slider-min').press('Enter');
    expect(await page.getByTestId('slider-b-0').getAttribute('min')).toBe('-5');
    expect(await page.getByTestId('slider-min').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('slider-min').inputValue()).toBe('-5');
    await selectBlock(page, 'o');
    await page.keyboard.press('Control+z');
    await expect.poll(() => exactValue(page, 'weight-b-0')).toBe(bias);

    // Each scrub is one undo step; the first one also made the weights the user's.
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await selectBlock(page, 'o');
    await page.keyboard.press('Control+z');
    await expect.poll(() => exactValue(page, 'weight-W-0-1')).toBe(coarse);
    await page.keyboard.press('Control+z');
    await expect.poll(() => exactValue(page, 'weight-W-0-1')).toBe(start);
    await expect.poll(() => page.getByTestId('weight-state').textContent()).toContain('Training starts from these');
    expect(session.errors).toEqual([]);
  });

  it('Reset keeps a hand-set block’s weights and re-initialises the others, or re-initialises all', async () => {
    session = await openApp('?example=xor');
    const { page } = session;
    await selectBlock(page, 'o');
    const initialO = await gridValues(page, 1, 4);
    await selectBlock(page, 'h');
    const field = page.getByTestId('weight-W-0-0');
    await field.click();
    await field.fill('1.5');
    await field.press('Enter');
    await expect.poll(() => page.getByTestId('weight-state').textContent()).toContain('Set by hand');
    await stepTo(page, 3);

    // Training moved both blocks.
    await selectBlock(page, 'o');
    await expect.poll(() => gridValues(page, 1, 4)).not.toEqual(initialO);
    await selectBlock(page, 'h');
    const trainedH = await gridValues(page, 4, 2);
    expect(trainedH[0]).not.toBe(1.5);

    await page.getByTestId('reset').click();
    await expect.poll(() => page.getByTestId('reset-same').textContent()).toContain('keep my weights');
    expect(await page.getByTestId('reset-same').textContent()).toContain('keeps h');
    await screenshot(page, 'reset-menu');
    await page.getByTestId('reset-same').click();
    // h is kept as it was; o starts again from the seed's weights.
    await expect.poll(async () => sameWeights(await gridValues(page, 4, 2), trainedH)).toBe(true);
    await selectBlock(page, 'o');
    await expect.poll(async () => sameWeights(await gridValues(page, 1, 4), initialO)).toBe(true);

    await page.getByTestId('reset').click();
    await page.getByTestId('reset-all').click();
    // A hand-set block re-initialises to its manual start: zeros.
    await selectBlock(page, 'h');
    await expect.poll(() => gridValues(page, 4, 2)).toEqual(new Array(12).fill(0));
    await selectBlock(page, 'o');
    expect(sameWeights(await gridValues(page, 1, 4), initialO)).toBe(true);
    expect(session.errors).toEqual([]);
  });

  it('marks a frozen block on the canvas and training leaves its weights alone', async () => {
    session = await openApp('?example=xor');
    const { page } = session;
    await selectBlock(page, 'h');
    await page.getByTestId('freeze').check();
    const node = page.getByTestId('node-h');
    await expect.poll(() => node.getAttribute('class')).toContain('is-frozen');
    expect(await page.getByTestId('frozen-h').getAttribute('title')).toContain('Frozen');
    expect(await node.getAttribute('title')).toContain('Frozen: training leaves');
    const frozen = await gridValues(page, 4, 2);
    await selectBlock(page, 'o');
    const before = await gridValues(page, 1, 4);
    await stepTo(page, 3);
    await expect.poll(() => gridValues(page, 1, 4)).not.toEqual(before);
    await selectBlock(page, 'h');
    expect(await gridValues(page, 4, 2)).toEqual(frozen);
    await screenshot(page, 'frozen-block');

    await page.getByTestId('freeze').uncheck();
    await expect.poll(() => node.getAttribute('class')).not.toContain('is-frozen');
    expect(await page.getByTestId('frozen-h').count()).toBe(0);
    expect(session.errors).toEqual([]);
  });

  it('shows each unit’s output as a thumbnail on its block, large in the output view on hover and click', async () => {
    session = await openApp('?example=xor');
    const { page } = session;
    await page.getByTestId('dock-output').click();
    await stepTo(page, 1);
    for (const [id, units] of [
      ['h', 4],
      ['hs', 4],
      ['o', 1],
      ['p', 1],
    ] as const)
      await expect.poll(() => page.getByTestId(`units-${id}`).locator('.unit-map').count()).toBe(units);
    expect(await page.getByTestId('units-x').count()).toBe(0);
    expect(await page.getByTestId('units-L').count()).toBe(0);
    // A map, not a blank: a hidden unit's thumbnail has many colours.
    const colours = await page
      .getByTestId('unit-hs-1')
      .locator('canvas')
      .evaluate((c: HTMLCanvasElement) => {
        const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        const seen = new Set<number>();
        for (let i = 0; i < data.length; i += 4) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
        return seen.size;
      });
    expect(colours).toBeGreaterThan(20);

    await page.getByTestId('unit-hs-1').hover();
    await expect.poll(() => page.getByTestId('unit-large').getAttribute('data-unit')).toBe('hs:1');
    expect(await page.getByTestId('unit-large').textContent()).toContain('Unit 2 of Tanh (hs)');
    await screenshot(page, 'unit-thumbnails');
    await page.mouse.move(5, 300);
    await expect.poll(() => page.getByTestId('unit-large').count()).toBe(0);

    // A click keeps it there (and shows the Output tab) until it is let go.
    await page.getByTestId('dock-problems').click();
    await page.getByTestId('unit-h-2').click();
    await expect.poll(() => page.getByTestId('unit-large').getAttribute('data-unit')).toBe('h:2');
    await page.mouse.move(5, 300);
    expect(await page.getByTestId('unit-large').getAttribute('data-pinned')).toBe('true');
    await page.getByTestId('unit-large-close').click();
    await expect.poll(() => page.getByTestId('unit-large').count()).toBe(0);

    // The strip under the canvas hides them.
    await page.getByTestId('toggle-unit-maps').click();
    await expect.poll(() => page.locator('.unit-maps').count()).toBe(0);
    await page.getByTestId('toggle-unit-maps').click();
    await expect.poll(() => page.locator('.unit-maps').count()).toBeGreaterThan(0);
    expect(session.errors).toEqual([]);
  });

  it('draws each unit’s curve for a 1-D input', async () => {
    session = await openApp('?example=sine');
    const { page } = session;
    await page.getByTestId('dock-output').click();
    await stepTo(page, 1);
    await expect.poll(() => page.getByTestId('units-steps').locator('.unit-map').count()).toBe(8);
    expect(await page.getByTestId('units-steps').getAttribute('class')).toContain('curves');
    await page.getByTestId('unit-steps-3').hover();
    await expect.poll(() => page.getByTestId('unit-large').textContent()).toContain('Unit 4 of');
    expect(session.errors).toEqual([]);
  });

  it('expands a small Linear block to neurons on the canvas, where clicking a line edits its weight', async () => {
    session = await openApp('?example=xor');
    const { page } = session;
    await page.getByTestId('expand-o').click();
    const neurons = page.getByTestId('canvas-neurons-o');
    await expect.poll(() => neurons.locator('line[data-weight]').count()).toBe(4);
    await page.getByTestId('canvas-neurons-o-w-0-2').click();
    const field = page.getByTestId('canvas-weight-o');
    await field.click();
    await field.fill('2.5');
    await field.press('Enter');
    // The line is the block's largest weight now: positive colour, full width.
    const line = neurons.locator('line[data-weight="2"]');
    await expect.poll(() => line.getAttribute('stroke')).toBe('#e0573b');
    expect(Number(await line.getAttribute('stroke-width'))).toBeCloseTo(6, 5);
    await page.getByTestId('canvas-neurons-o-w-0-2').hover();
    await expect.poll(() => page.getByTestId('canvas-neurons-o-hover').textContent()).toBe('W[1, 3] = 2.5');
    await screenshot(page, 'expanded-neurons');

    // The same weight, in the inspector's grid and selected there.
    await selectBlock(page, 'o');
    await expect.poll(() => page.getByTestId('weight-W-0-2').inputValue()).toBe('2.5');
    expect(await page.getByTestId('selected-weight').textContent()).toContain('W[1, 3]');
    await page.getByTestId('expand-o').click();
    await expect.poll(() => page.getByTestId('canvas-neurons-o').count()).toBe(0);
    expect(session.errors).toEqual([]);
  });
});
