/**
 * The editor end to end in real Chromium: build a network from an empty canvas with the mouse,
 * see a shape error appear and disappear, undo/redo, save, reopen and get the same graph.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/engine/index.js';
import { openApp, screenshot, type Session } from './browser.js';
import { dragBlock, selectBlock, setField, wire } from './helpers.js';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe('editor', () => {
  it('builds a network from an empty canvas with the mouse, checks shapes, undoes, saves and reopens', async () => {
    session = await openApp('?example=none');
    const { page, errors } = session;
    await expect(page.locator('.canvas-empty')).toBeTruthy();

    await dragBlock(page, 'input', 120, 200);
    await dragBlock(page, 'linear', 360, 200);
    await dragBlock(page, 'sigmoid', 600, 200);
    await dragBlock(page, 'target', 600, 380);
    await dragBlock(page, 'mse', 840, 280);
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(5);

    await wire(page, 'input1', 'linear1', 'in');
    await wire(page, 'linear1', 'sigmoid1', 'in');
    await wire(page, 'sigmoid1', 'mse1', 'pred');
    await wire(page, 'target1', 'mse1', 'target');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(4);

    // Without data a new Input cannot know its columns: the engine's message is in its badge.
    await expect
      .poll(() => page.getByTestId('problem-input1').getAttribute('title'))
      .toContain("input 'input1' takes its columns from the data: load a data set");
    await setField(page, 'input1', 'size', '2');
    await expect.poll(() => page.getByTestId('problem-count').textContent()).toBe('0');
    // The Linear's inputs follow the wire: shown as auto (2), nothing to type.
    await selectBlock(page, 'linear1');
    await expect.poll(() => page.getByTestId('field-in').getAttribute('placeholder')).toBe('auto (2)');
    expect(await page.getByTestId('node-linear1').locator('.block-title').textContent()).toBe('Linear 2→1');

    // A pinned `in` is checked: wrong → error on the node and its edge; back to auto → gone.
    await setField(page, 'linear1', 'in', '3');
    await expect
      .poll(() => page.getByTestId('problem-linear1').getAttribute('title'))
      .toContain("expects [batch × 3] (params.in = 3) but node 'input1' gives [batch × 2]");
    await expect.poll(() => page.locator('.react-flow__edge-path.edge-error').count()).toBe(1);
    await page.getByTestId('field-in-auto').click();
    await expect.poll(() => page.getByTestId('problem-count').textContent()).toBe('0');
    expect(await page.getByTestId('shape-sigmoid1').textContent()).toBe('[batch × 1]');

    // Undo brings the wrong value back, redo fixes it again.
    await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('problem-count').textContent()).toBe('1');
    await page.keyboard.press('Control+y');
    await expect.poll(() => page.getByTestId('problem-count').textContent()).toBe('0');
    await page.getByTestId('undo').click();
    await expect.poll(() => page.getByTestId('problem-count').textContent()).toBe('1');
    await page.getByTestId('redo').click();
    await expect.poll(() => page.getByTestId('problem-count').textContent()).toBe('0');
    await screenshot(page, 'editor-built-graph');

    // Pin writes the inferred value into the document, where it is checked from then on.
    await selectBlock(page, 'linear1');
    await page.getByTestId('field-in-pin').click();
    await expect.poll(() => page.getByTestId('field-in').inputValue()).toBe('2');
    await expect.poll(() => page.getByTestId('field-in-auto').count()).toBe(1);

    // Save (a download in the browser), start over, reopen: the same graph.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save').click()]);
    const savedPath = `${session.downloads}/saved.bps.json`;
    await download.saveAs(savedPath);
    const saved = readFileSync(savedPath, 'utf8');
    const doc = parseDocument(saved);
    expect(doc.ok).toBe(true);
    if (!doc.ok) return;
    expect(doc.document.nodes.map((n) => n.type)).toEqual(['input', 'linear', 'sigmoid', 'target', 'mse']);
    expect(doc.document.nodes[1].params).toMatchObject({ in: 2 });
    expect(doc.document.nodes[3].params?.size).toBeUndefined();
    expect(doc.document.edges).toHaveLength(4);

    await page.getByTestId('menu-new').click();
    await page.getByRole('menuitem', { name: 'Blank graph' }).click();
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(0);

    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('open').click()]);
    await chooser.setFiles(savedPath);
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(5);
    const [again] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save').click()]);
    const againPath = `${session.downloads}/again.bps.json`;
    await again.saveAs(againPath);
    expect(readFileSync(againPath, 'utf8')).toBe(saved);
    expect(errors).toEqual([]);
  });
});
