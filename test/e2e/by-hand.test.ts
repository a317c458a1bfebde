/**
 * The course's first lecture in real Chromium, without pressing Train: on an empty canvas a
 * student builds a threshold neuron (Input 2 → Linear 1, init manual → Step → MSE with a Target)
 * on the AND gate's data, clicks each weight and types the numbers that make AND, and the truth
 * table reads 4 / 4 at once; one number changed makes it OR (AND's table: 2 / 4; on OR's data:
 * 4 / 4). A value pasted into a weight field replaces the one shown.
 */
import { copyFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, screenshot, type Session } from './browser.js';
import { dragBlock, expectNoProblems, selectBlock, setField, wire } from './helpers.js';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const count = (page: Page) => page.getByTestId('truth-count').textContent();
const marks = (page: Page) =>
  page.getByTestId('truth-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-right')));

/** Clicks a weight field as a user does and types a value with the keyboard, then Enter. */
async function typeWeight(page: Page, testId: string, value: string): Promise<void> {
  const field = page.getByTestId(testId);
  await field.scrollIntoViewIfNeeded();
  await field.click();
  await page.keyboard.type(value);
  await page.keyboard.press('Enter');
}

/** The exact value of a weight field (its tooltip has it in full). */
async function exactValue(page: Page, testId: string): Promise<number> {
  const title = await page.getByTestId(testId).getAttribute('title');
  return Number(title?.split('=')[1]?.split('\n')[0]);
}

describe('learning by hand', () => {
  it('types the weights of AND into a threshold neuron and sees the truth table read 4 / 4 without Train; one number makes OR', async () => {
    session = await openApp('?example=none', { viewport: { width: 1280, height: 720 } });
    const { page } = session;
    await dragBlock(page, 'input', 100, 120);
    await dragBlock(page, 'linear', 300, 120);
    await dragBlock(page, 'step', 500, 120);
    await dragBlock(page, 'target', 500, 260);
    await dragBlock(page, 'mse', 700, 180);
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(5);
    await wire(page, 'input1', 'linear1', 'in');
    await wire(page, 'linear1', 'step1', 'in');
    await wire(page, 'step1', 'mse1', 'pred');
    await wire(page, 'target1', 'mse1', 'target');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(4);
    await page.getByTestId('tab-data').click();
    await page.locator('#data-source').selectOption('and');
    await expectNoProblems(page);

    await selectBlock(page, 'linear1');
    await page.getByTestId('tab-inspector').click();
    await page.locator('#field-init').selectOption('manual');
    await page.getByTestId('dock-output').click();
    // Weights 0: the step says 0 for every row, right on three of AND's four rows — no Train pressed.
    await expect.poll(() => count(page)).toBe('3 / 4 right');
    expect(await page.getByTestId('training-status').textContent()).toBe('ready');

    await typeWeight(page, 'weight-W-0-0', '1');
    await typeWeight(page, 'weight-W-0-1', '1');
    // y = I[x1 + x2 > 0] is OR: wrong on AND's rows (0, 1) and (1, 0).
    await expect.poll(() => count(page)).toBe('2 / 4 right');
    // A decimal comma, as a Russian keyboard types it.
    await typeWeight(page, 'weight-b-0', '-1,5');
    await expect.poll(() => count(page)).toBe('4 / 4 right');
    expect(await marks(page)).toEqual(['true', 'true', 'true', 'true']);
    expect(await page.getByTestId('training-status').textContent()).toBe('ready');
    expect(Number(await page.getByTestId('loss').textContent())).toBe(0);
    expect(await page.getByTestId('run-numbers').textContent()).toContain('loss now');
    // Nothing was trained: epoch 0, and the weights are exactly the typed ones.
    expect(await page.getByTestId('epoch').textContent()).toBe('0');
    expect(await exactValue(page, 'weight-b-0')).toBe(-1.5);
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await selectBlock(page, 'linear1');
    // The picture for the README: the typed weights beside the table they make.
    await page.getByTestId('weight-W-0-0').scrollIntoViewIfNeeded();
    const shot = await screenshot(page, 'by-hand-and');
    copyFileSync(shot, 'docs/images/by-hand-and.png');

    // One number makes it OR: on AND's data the rows (0, 1) and (1, 0) are now wrong …
    await typeWeight(page, 'weight-b-0', '-0.5');
    await expect.poll(() => count(page)).toBe('2 / 4 right');
    expect(await marks(page)).toEqual(['true', 'false', 'false', 'true']);
    // … and on OR's data all four are right.
    await page.getByTestId('tab-data').click();
    await page.locator('#data-source').selectOption('or');
    await expect.poll(() => count(page)).toBe('4 / 4 right');
    expect(await page.getByTestId('training-status').textContent()).toBe('ready');
    // The step's threshold is a parameter, evaluated as live: at 1 the same weights compute AND,
    // wrong on OR's rows (0, 1) and (1, 0).
    await setField(page, 'step1', 'threshold', '1');
    await expect.poll(() => count(page)).toBe('2 / 4 right');
    expect(session.errors).toEqual([]);
  });

  it('a value pasted into a weight field replaces the one shown', async () => {
    session = await openApp('?example=perceptron-and');
    const { page, context } = session;
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await selectBlock(page, 'neuron');
    const field = page.getByTestId('weight-W-0-1');
    await field.scrollIntoViewIfNeeded();
    // The field shows a short value (0.044) for a longer one: a click selects all of it.
    expect(await exactValue(page, 'weight-W-0-1')).not.toBe(Number(await field.inputValue()));
    await page.evaluate(() => navigator.clipboard.writeText('-0,75'));
    await field.click();
    await page.keyboard.press('Control+V');
    await page.keyboard.press('Tab');
    await expect.poll(() => exactValue(page, 'weight-W-0-1')).toBe(-0.75);
    // Typed the same way after a click: the value replaces the one shown, not appended to it.
    await typeWeight(page, 'weight-W-0-0', '2');
    await expect.poll(() => exactValue(page, 'weight-W-0-0')).toBe(2);
    expect(session.errors).toEqual([]);
  });
});
