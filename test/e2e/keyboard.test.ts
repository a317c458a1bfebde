/**
 * The editor without a mouse: the command palette (every command, fuzzy search, shortcuts shown,
 * the same commands as the toolbar), connecting blocks from a list that says why a connection
 * cannot be made, and arrow keys that follow the wires. No test here moves or clicks the mouse.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { commandCatalog } from '../../src/preload/commands.js';
import { openApp, screenshot, type Session } from './browser.js';
import {
  expectNoProblems,
  focusedBlock,
  goToBlock,
  nodeIds,
  pickerOptions,
  runCommand,
  selectedBlocks,
} from './helpers.js';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const edgeIds = (s: Session) =>
  s.page.locator('.react-flow__edge').evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? '').sort());

describe('keyboard', () => {
  it('lists every command in the palette with its shortcut, finds them fuzzily and runs them', async () => {
    session = await openApp('?example=xor');
    const { page } = session;
    await page.keyboard.press('Control+Shift+P');
    const dialog = page.getByRole('dialog', { name: 'Commands' });
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('picker-input');
    const all = await pickerOptions(page);
    // Every command of the catalog that applies with nothing selected and no run going.
    const applicable = Object.values(commandCatalog)
      .filter((c) => !('internal' in c))
      .map((c) => c.title)
      .filter((t) => !['Cut', 'Copy', 'Duplicate', 'Delete Selection', 'Pause Training', 'Undo', 'Redo'].includes(t))
      .filter((t) => !['Connect Output To…', 'Connect Input From…', 'Edit Selected Block'].includes(t))
      .filter((t) => t !== 'Exit Presentation Mode');
    for (const title of applicable) expect(all).toContain(title);
    for (const block of ['Input', 'Linear', 'Tanh', 'Sigmoid', 'Binary cross-entropy', 'Target'])
      expect(all).toContain(`Add Block: ${block}`);
    expect(all).toContain('Open Example: XOR, one hidden layer');
    const arrange = page.getByTestId('picker-option').filter({ hasText: 'Arrange Left to Right' });
    await expect.poll(() => arrange.locator('kbd').textContent()).toBe('Ctrl+L');
    await screenshot(page, 'keyboard-palette');

    // Fuzzy: a few letters of each word find the command first.
    await page.keyboard.type('arr lft');
    expect((await pickerOptions(page))[0]).toBe('Arrange Left to Right');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // Ctrl+K opens it too; a block added from it is selected, focused and in view.
    await page.keyboard.press('Control+k');
    await dialog.waitFor();
    await page.keyboard.type('add tanh');
    expect((await pickerOptions(page))[0]).toBe('Add Block: Tanh');
    await page.keyboard.press('Enter');
    await expect.poll(() => nodeIds(page)).toContain('tanh1');
    await expect.poll(() => focusedBlock(page)).toBe('tanh1');

    // The toolbar runs the same commands and names them the same way.
    expect(await page.getByTestId('arrange').getAttribute('title')).toBe('Arrange Left to Right (Ctrl+L)');
    expect(await page.getByTestId('command-palette').getAttribute('title')).toBe('Show All Commands (Ctrl+Shift+P)');

    await runCommand(page, 'show data panel');
    await expect.poll(() => page.getByTestId('tab-data').getAttribute('aria-selected')).toBe('true');
    await runCommand(page, 'show charts');
    await expect.poll(() => page.getByTestId('dock-charts').getAttribute('aria-selected')).toBe('true');
    await runCommand(page, 'undo');
    await expect.poll(() => nodeIds(page)).not.toContain('tanh1');
    expect(session.errors).toEqual([]);
  });

  it('connects blocks from a list of compatible free ports, showing why the others are refused', async () => {
    session = await openApp('?example=none');
    const { page } = session;
    await runCommand(page, 'add block input');
    await runCommand(page, 'add block linear');
    await runCommand(page, 'add block mse');
    await expect.poll(() => nodeIds(page)).toEqual(['input1', 'linear1', 'mse1']);

    // The Go to Block list selects the input; C offers where its output can go.
    await goToBlock(page, 'input1');
    await page.keyboard.press('c');
    const dialog = page.getByRole('dialog', { name: /Connect the output of Input \(input1\)/ });
    await dialog.waitFor();
    const options = await pickerOptions(page);
    expect(options.slice(0, 3)).toEqual([
      expect.stringMatching(/^Linear \S+ \(linear1\) → input in$/),
      'MSE (mse1) → input pred',
      'MSE (mse1) → input target',
    ]);
    expect(await page.getByTestId('picker-note').textContent()).toMatch(/3 possible connections/);
    await page.keyboard.press('Enter');
    await expect.poll(() => edgeIds(session!)).toEqual(['input1->linear1:in']);
    await expect.poll(() => focusedBlock(page)).toBe('input1');

    // Now the linear's input is taken: still listed, refused, with the editor's reason.
    await page.keyboard.press('c');
    await dialog.waitFor();
    const taken = page.getByTestId('picker-option').filter({ hasText: 'linear1' });
    expect(await taken.getAttribute('aria-disabled')).toBe('true');
    expect(await taken.getByTestId('picker-reason').textContent()).toMatch(
      /input 'in' of linear1 is already connected \(from input1\)/,
    );
    await page.keyboard.type('lin');
    await page.keyboard.press('Enter');
    // Enter on a refused choice does nothing.
    await expect.poll(() => edgeIds(session!)).toEqual(['input1->linear1:in']);
    await screenshot(page, 'keyboard-connect');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // Connect Input From… picks the source for a port of the selected block.
    await goToBlock(page, 'mse1');
    await page.keyboard.press('Shift+C');
    await page.getByRole('dialog', { name: /Connect an input of MSE \(mse1\) from/ }).waitFor();
    await page.keyboard.type('linear pred');
    await page.keyboard.press('Enter');
    await expect.poll(() => edgeIds(session!)).toEqual(['input1->linear1:in', 'linear1->mse1:pred']);

    // A loss cannot feed anything: the dialog says so once.
    await page.keyboard.press('c');
    await expect
      .poll(() => page.getByTestId('picker-note').textContent())
      .toMatch(/MSE is a loss: its output is what training minimises/);
    expect(await pickerOptions(page)).toEqual([]);
    await page.keyboard.press('Escape');

    // Disconnect lists the selected block's wires.
    await page.keyboard.press('Control+Shift+P');
    await page.keyboard.type('disconnect');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Disconnect a wire of mse1' }).waitFor();
    expect(await pickerOptions(page)).toEqual([expect.stringMatching(/\(linear1\) → MSE \(mse1\), input pred$/)]);
    await page.keyboard.press('Enter');
    await expect.poll(() => edgeIds(session!)).toEqual(['input1->linear1:in']);
    expect(session.errors).toEqual([]);
  });

  it('moves the selection along the wires with the arrow keys, keeps it in view, edits, moves and deletes', async () => {
    session = await openApp('?example=xor');
    const { page } = session;
    await page.keyboard.press('F6');
    await expect.poll(() => focusedBlock(page)).toBe('x');
    const path: string[] = [];
    for (const key of ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight']) {
      await page.keyboard.press(key);
      await expect.poll(() => focusedBlock(page)).not.toBe(path.at(-1) ?? 'x');
      path.push((await focusedBlock(page))!);
    }
    expect(path).toEqual(['h', 'hs', 'o', 'p', 'L']);
    // ← goes to the producer of the first input port (pred), ↓ to its sibling (the target).
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => focusedBlock(page)).toBe('p');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focusedBlock(page)).toBe('t');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => focusedBlock(page)).toBe('p');
    expect(await selectedBlocks(page)).toEqual(['p']);

    // The focused block shows a focus ring.
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).toBe('solid');

    // Zoomed in far, the block the selection reaches is scrolled into view.
    for (let i = 0; i < 6; i++) await page.keyboard.press('Control+=');
    await page.keyboard.press('F6');
    for (const key of ['ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'ArrowLeft']) await page.keyboard.press(key);
    await expect.poll(() => focusedBlock(page)).toBe('x');
    const canvas = (await page.locator('.react-flow').boundingBox())!;
    const block = (await page.locator('.react-flow__node[data-id="x"]').boundingBox())!;
    expect(block.x).toBeGreaterThanOrEqual(canvas.x);
    expect(block.x + block.width).toBeLessThanOrEqual(canvas.x + canvas.width);
    expect(block.y).toBeGreaterThanOrEqual(canvas.y);
    expect(block.y + block.height).toBeLessThanOrEqual(canvas.y + canvas.height);
    await page.keyboard.press('Control+0');

    // Shift+arrow moves the block one grid step; Enter edits it in the inspector.
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => focusedBlock(page)).toBe('h');
    const before = (await page.locator('.react-flow__node[data-id="h"]').boundingBox())!;
    await page.keyboard.press('Shift+ArrowDown');
    await expect
      .poll(async () => (await page.locator('.react-flow__node[data-id="h"]').boundingBox())!.y)
      .toBeGreaterThan(before.y + 5);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('.sidebar') !== null)).toBe(true);
    await page.keyboard.press('Escape');
    await page.keyboard.press('F6');
    await expect.poll(() => focusedBlock(page)).toBe('h');
    await page.keyboard.press('Delete');
    await expect.poll(() => nodeIds(page)).not.toContain('h');
    expect(session.errors).toEqual([]);
  });

  it('builds the XOR network and trains it with the keyboard alone', async () => {
    session = await openApp('?example=none');
    const { page } = session;
    for (const block of ['input', 'linear', 'tanh', 'linear', 'sigmoid', 'target', 'binary cross'])
      await runCommand(page, `add block ${block}`);
    await expect
      .poll(() => nodeIds(page))
      .toEqual(['input1', 'linear1', 'tanh1', 'linear2', 'sigmoid1', 'target1', 'bce1']);
    // Each wire: Go to Block, C (Connect Output To…), type the target, Enter.
    for (const [from, to] of [
      ['input1', 'linear1'],
      ['linear1', 'tanh1'],
      ['tanh1', 'linear2'],
      ['linear2', 'sigmoid1'],
      ['sigmoid1', 'bce1 pred'],
      ['target1', 'bce1 target'],
    ]) {
      await goToBlock(page, from);
      await page.keyboard.press('c');
      await page.getByTestId('picker-input').waitFor();
      await page.keyboard.type(to);
      if (from === 'sigmoid1') await screenshot(page, 'keyboard-xor-connect');
      await page.keyboard.press('Enter');
      await page.getByTestId('picker-input').waitFor({ state: 'detached' });
    }
    await expect.poll(() => edgeIds(session!)).toHaveLength(6);

    // Four hidden units: Enter edits the block in the inspector; Tab reaches its outputs field.
    await goToBlock(page, 'linear1');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('.sidebar') !== null)).toBe(true);
    for (let i = 0; i < 20; i++) {
      if ((await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === 'field-out') break;
      await page.keyboard.press('Tab');
    }
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('field-out');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('4');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('node-linear1').textContent()).toContain('4');

    // The data: Show Data Panel (Alt+2) focuses its tab; Tab reaches the data set list.
    await page.keyboard.press('Alt+2');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('tab-data');
    for (let i = 0; i < 10; i++) {
      if ((await page.evaluate(() => document.activeElement?.id)) === 'data-source') break;
      await page.keyboard.press('Tab');
    }
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('data-source');
    // A closed list chooses by typing, as in any native select.
    await page.keyboard.type('xor');
    await expect.poll(() => page.locator('#data-source').inputValue()).toBe('xor');
    await expectNoProblems(page);
    await screenshot(page, 'keyboard-xor-built');

    // Train (Ctrl+Enter) with the settings the app proposes.
    await page.keyboard.press('F6');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByTestId('training-status').textContent()).toBe('finished');
    await expect.poll(async () => Number(await page.getByTestId('loss').textContent())).toBeLessThan(0.05);
    expect(session.errors).toEqual([]);
  });
});
