/** Mouse-level actions on the editor, as a user performs them. */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/** Drags a block from the palette onto the canvas at (x, y) in canvas coordinates. */
export async function dragBlock(page: Page, type: string, x: number, y: number): Promise<void> {
  await page.getByTestId(`palette-${type}`).dragTo(page.getByTestId('canvas'), { targetPosition: { x, y } });
}

/** Draws an edge from a block's output handle to an input port of another, with the mouse. */
export async function wire(page: Page, from: string, to: string, port: string): Promise<void> {
  const source = page.locator(`[data-testid="node-${from}"] .react-flow__handle.source`);
  const target = page.locator(`[data-testid="node-${to}"] .react-flow__handle[data-handleid="${port}"]`);
  const a = (await source.boundingBox())!;
  const b = (await target.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2 + 10, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

/** Selects a block by clicking its header. */
export async function selectBlock(page: Page, id: string, modifiers: ('Control' | 'Shift')[] = []): Promise<void> {
  await page.locator(`[data-testid="node-${id}"] .block-header`).click({ modifiers });
}

/** Types a value into a block's parameter field in the inspector and presses Enter. */
export async function setField(page: Page, nodeId: string, field: string, value: string): Promise<void> {
  await selectBlock(page, nodeId);
  const input = page.getByTestId(`field-${field}`);
  await input.fill(value);
  await input.press('Enter');
}

export async function nodeIds(page: Page): Promise<string[]> {
  return page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));
}

export async function problemCount(page: Page): Promise<string | null> {
  return page.getByTestId('problem-count').textContent();
}

export async function expectNoProblems(page: Page): Promise<void> {
  await expect.poll(() => problemCount(page)).toBe('0');
}

/** Opens the command palette with the keyboard, searches, and runs the first match with Enter. */
export async function runCommand(page: Page, query: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P');
  const input = page.getByTestId('picker-input');
  await input.waitFor();
  await page.keyboard.type(query);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'detached' });
}

/** The option labels the open picker shows, in order. */
export async function pickerOptions(page: Page): Promise<string[]> {
  return page
    .getByTestId('picker-option')
    .evaluateAll((els) => els.map((e) => e.querySelector('.picker-label')?.textContent ?? ''));
}

/** The id of the block that has keyboard focus, or null. */
export async function focusedBlock(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.closest('.react-flow__node')?.getAttribute('data-id') ?? null);
}

/** Ids of the selected blocks. */
export async function selectedBlocks(page: Page): Promise<string[]> {
  return page
    .locator('.react-flow__node.selected')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));
}

/** Selects and focuses a block with Go to Block (Ctrl+G). */
export async function goToBlock(page: Page, id: string): Promise<void> {
  await page.keyboard.press('Control+g');
  const input = page.getByTestId('picker-input');
  await input.waitFor();
  await page.keyboard.type(id);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'detached' });
  await expect.poll(() => focusedBlock(page)).toBe(id);
}

/** Waits until the canvas view stops moving (after Arrange or a fit, which run a frame later). */
export async function viewSettled(page: Page): Promise<void> {
  let last = '';
  await expect
    .poll(async () => {
      const now = await page.locator('.react-flow__viewport').getAttribute('style');
      const same = now === last;
      last = now ?? '';
      return same;
    })
    .toBe(true);
}

/**
 * The Latin words of the text a user reads inside `testId` (text, titles, labels, placeholders),
 * leaving out what is inside `translate="no"` and the words in `kept`: what a Russian reader would
 * meet in English there (an empty list when the area is translated).
 */
export async function untranslatedWords(page: Page, testId: string, kept: readonly string[]): Promise<string[]> {
  return page.getByTestId(testId).evaluate((root, kept) => {
    const words: string[] = [];
    const add = (text: string | null) => {
      // A name such as petal_length may be kept whole; a symbol such as T_max by its parts.
      const isKept = (w: string) => kept.includes(w) || w.split('_').every((p) => p.length < 2 || kept.includes(p));
      for (const w of text?.match(/[A-Za-z][A-Za-z0-9_]+/g) ?? []) if (!isKept(w)) words.push(w);
    };
    const hidden = (el: Element | null) => !!el?.closest('[translate="no"]');
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!hidden(n.parentElement)) add(n.textContent);
    for (const el of [root, ...root.querySelectorAll('*')])
      if (!hidden(el)) for (const a of ['title', 'aria-label', 'placeholder']) add(el.getAttribute(a));
    return words;
  }, kept);
}
