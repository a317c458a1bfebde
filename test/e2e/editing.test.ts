/**
 * The editor's everyday features end to end: building XOR with the mouse alone, clipboard,
 * arrange, templates, refused connections, quick add, problems panel, opening bad files,
 * dropping files, and restoring unsaved work after a crash.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { parseDocument } from '../../src/engine/index.js';
import { openApp, screenshot, type Session } from './browser.js';
import { dragBlock, expectNoProblems, nodeIds, selectBlock, viewSettled, wire } from './helpers.js';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** The browser build's crash backup, as the page keeps it in local storage. */
const backupText = (page: Session['page']) =>
  page.evaluate(() => {
    const backup = JSON.parse(localStorage.getItem('backprop-studio.backup') ?? 'null') as { text?: string } | null;
    return backup?.text ?? null;
  });

async function saveDocument(s: Session, name: string): Promise<ReturnType<typeof parseDocument>> {
  const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.getByTestId('save').click()]);
  const path = `${s.downloads}/${name}`;
  await download.saveAs(path);
  const { readFileSync } = await import('node:fs');
  return parseDocument(readFileSync(path, 'utf8'));
}

/** A window point in graph coordinates, by the canvas's current pan and zoom. */
async function toFlow(page: Page, point: { x: number; y: number }): Promise<{ x: number; y: number }> {
  const pane = (await page.locator('.react-flow').boundingBox())!;
  const transform = (await page.locator('.react-flow__viewport').getAttribute('style')) ?? '';
  const [, tx, ty, k] = /translate\(([-\d.]+)px, ([-\d.]+)px\) scale\(([-\d.]+)\)/.exec(transform)!.map(Number);
  return { x: (point.x - pane.x - tx) / k, y: (point.y - pane.y - ty) / k };
}

/** A block's top-left corner in graph coordinates. */
async function flowPosition(page: Page, id: string): Promise<{ x: number; y: number }> {
  const transform = (await page.locator(`.react-flow__node[data-id="${id}"]`).getAttribute('style')) ?? '';
  const [, x, y] = /translate\(([-\d.]+)px, ([-\d.]+)px\)/.exec(transform)!.map(Number);
  return { x, y };
}

describe('editing', () => {
  it('builds the XOR network from an empty canvas with the mouse alone', async () => {
    session = await openApp('?example=none');
    const { page } = session;
    await dragBlock(page, 'input', 90, 120);
    await dragBlock(page, 'linear', 330, 120);
    await dragBlock(page, 'tanh', 570, 120);
    await dragBlock(page, 'linear', 800, 120);
    await dragBlock(page, 'sigmoid', 570, 290);
    await dragBlock(page, 'target', 570, 430);
    await dragBlock(page, 'bce', 800, 360);
    await wire(page, 'input1', 'linear1', 'in');
    await wire(page, 'linear1', 'tanh1', 'in');
    await wire(page, 'tanh1', 'linear2', 'in');
    await wire(page, 'linear2', 'sigmoid1', 'in');
    await wire(page, 'sigmoid1', 'bce1', 'pred');
    await wire(page, 'target1', 'bce1', 'target');
    // Only the hidden layer's outputs are typed (+ three times: 4 units); every other size follows
    // the wires and the data.
    await selectBlock(page, 'linear1');
    for (let i = 0; i < 3; i++) await page.getByTestId('field-out-inc').click();
    await expect.poll(() => page.getByTestId('problem-input1').getAttribute('title')).toContain('load a data set');
    await page.getByTestId('tab-data').click();
    await page.locator('#data-source').selectOption('xor');
    await expectNoProblems(page);
    await selectBlock(page, 'linear2');
    await expect.poll(() => page.getByTestId('field-in').getAttribute('placeholder')).toBe('auto (4)');
    expect(await page.getByTestId('field-in-inferred').textContent()).toBe(
      'auto (4): from the columns of the incoming wire',
    );
    await expect.poll(() => page.getByTestId('shape-input1').textContent()).toBe('2 columns: x1, x2');
    await screenshot(page, 'editor-xor-by-mouse');
    // Train with the settings a new graph proposes, changing none: XOR is learnt.
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('training-status').textContent()).toBe('finished');
    await expect.poll(async () => Number(await page.getByTestId('loss').textContent())).toBeLessThan(0.05);
    const saved = await saveDocument(session, 'xor.bps.json');
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    const byId = Object.fromEntries(saved.document.nodes.map((n) => [n.id, n]));
    expect(byId.input1.params).toEqual({ columns: ['x1', 'x2'] });
    expect(byId.linear1.params).toMatchObject({ out: 4 });
    expect(byId.linear1.params).not.toHaveProperty('in');
    expect(byId.linear2.params).toMatchObject({ out: 1 });
    expect(byId.linear2.params).not.toHaveProperty('in');
    expect(saved.document.training).toMatchObject({ optimizer: 'adam', lr: 0.05, epochs: 500 });
    expect(saved.document.edges.map((e) => `${e.source}>${e.target}.${e.targetHandle}`).sort()).toEqual(
      [
        'input1>linear1.in',
        'linear1>tanh1.in',
        'tanh1>linear2.in',
        'linear2>sigmoid1.in',
        'sigmoid1>bce1.pred',
        'target1>bce1.target',
      ].sort(),
    );
    expect(session.errors).toEqual([]);
  });

  it('copies, pastes, duplicates and deletes with the keyboard, keeping edges among copied blocks', async () => {
    session = await openApp('?example=xor');
    const { page } = session;
    await selectBlock(page, 'h');
    await selectBlock(page, 'hs', ['Control']);
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await expect.poll(() => nodeIds(page)).toEqual(['x', 'h', 'hs', 'o', 'p', 't', 'L', 'linear1', 'tanh1']);
    await expect.poll(() => page.locator('[data-id="linear1->tanh1:in"]').count()).toBe(1);
    await page.keyboard.press('Control+d');
    await expect.poll(() => nodeIds(page)).toHaveLength(11);
    await page.keyboard.press('Delete');
    await expect.poll(() => nodeIds(page)).toHaveLength(9);
    await page.keyboard.press('Control+z');
    await expect.poll(() => nodeIds(page)).toHaveLength(11);
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Control+x');
    await expect.poll(() => nodeIds(page)).toHaveLength(0);
    await page.keyboard.press('Control+v');
    await expect.poll(() => nodeIds(page)).toHaveLength(11);
    expect(session.errors).toEqual([]);
  });

  it('arranges blocks left to right, opens templates, and says why a connection is refused', async () => {
    session = await openApp('?example=none');
    const { page } = session;
    await page.getByTestId('menu-new').click();
    await page.getByTestId('template-xor').click();
    await expect.poll(() => nodeIds(page)).toHaveLength(7);
    await page.getByTestId('arrange').click();
    await expect.poll(() => page.getByTestId('arrange').isEnabled(), { timeout: 20_000 }).toBe(true);
    const x = async (id: string) => (await page.getByTestId(`node-${id}`).boundingBox())!.x;
    await expect
      .poll(
        async () =>
          (await x('x')) < (await x('h')) && (await x('h')) < (await x('hs')) && (await x('o')) < (await x('p')),
        { timeout: 20_000 },
      )
      .toBe(true);
    await viewSettled(page);

    await wire(page, 'L', 'o', 'in');
    await expect.poll(() => page.locator('.toast-error').textContent()).toContain('is a loss');
    await wire(page, 'x', 'hs', 'in');
    await expect.poll(() => page.locator('.toast-error').last().textContent()).toContain('already connected (from h)');
    expect(await page.locator('.react-flow__edge').count()).toBe(6);
    expect(session.errors).toEqual([]);
  });

  it('adds a block with quick add and selects a block from the problems panel', async () => {
    session = await openApp('?example=xor');
    const { page } = session;
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    const click = { x: pane.x + pane.width / 2, y: pane.y + pane.height - 30 };
    await page.mouse.dblclick(click.x, click.y);
    // Add Block opens where the double-click was, and the block goes there.
    const dialog = page.getByRole('dialog', { name: 'Add Block' });
    const popup = (await dialog.boundingBox())!;
    expect(Math.abs(popup.x - click.x)).toBeLessThan(10);
    expect(popup.y).toBeLessThanOrEqual(click.y + 10);
    expect(popup.y + popup.height).toBeGreaterThan(click.y);
    const clickInFlow = await toFlow(page, click);
    await dialog.getByRole('combobox').fill('relu');
    await page.keyboard.press('Enter');
    await expect.poll(() => nodeIds(page)).toContain('relu1');
    // (The view then scrolls to show all of the new block, so compare in graph coordinates.)
    const added = await flowPosition(page, 'relu1');
    expect(Math.abs(added.x + 80 - clickInFlow.x)).toBeLessThan(100);
    expect(Math.abs(added.y + 30 - clickInFlow.y)).toBeLessThan(100);
    await expect.poll(() => page.getByTestId('problem-count').textContent()).toBe('1');
    await page.locator('.problems li.error').click();
    await expect.poll(() => page.locator('.react-flow__node.selected').getAttribute('data-id')).toBe('relu1');
    await expect.poll(() => page.getByTestId('inspector').textContent()).toContain('ReLU');
    expect(session.errors).toEqual([]);
  });

  it('refuses to open a broken or newer file, shows why, and keeps the graph', async () => {
    session = await openApp('?example=xor');
    const { page } = session;
    const { writeFileSync } = await import('node:fs');
    const broken = `${session.downloads}/broken.bps.json`;
    writeFileSync(broken, '{\n  "format": "backprop-studio.graph",\n  "version": 1,\n  "name": "x",\n  "nodes": [,\n}');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('open').click()]);
    await chooser.setFiles(broken);
    const modal = page.getByRole('dialog');
    await expect.poll(() => modal.textContent()).toContain('line 5, column 13');
    await page.getByRole('button', { name: 'OK' }).click();
    const newer = `${session.downloads}/newer.bps.json`;
    writeFileSync(
      newer,
      JSON.stringify({ format: 'backprop-studio.graph', version: 9, name: 'future', nodes: [], edges: [] }),
    );
    const [chooser2] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('open').click()]);
    await chooser2.setFiles(newer);
    await expect.poll(() => modal.textContent()).toContain('newer than this app understands');
    await page.getByRole('button', { name: 'OK' }).click();
    const cyclic = `${session.downloads}/cycle.bps.json`;
    writeFileSync(
      cyclic,
      JSON.stringify({
        format: 'backprop-studio.graph',
        version: 1,
        name: 'c',
        nodes: [
          { id: 'a', type: 'relu' },
          { id: 'b', type: 'relu' },
        ],
        edges: [
          { source: 'a', target: 'b', targetHandle: 'in' },
          { source: 'b', target: 'a', targetHandle: 'in' },
        ],
      }),
    );
    const [chooser3] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('open').click()]);
    await chooser3.setFiles(cyclic);
    // A structurally valid file with graph errors opens, and its problems are listed.
    await expect.poll(() => nodeIds(page)).toEqual(['a', 'b']);
    await expect.poll(() => page.locator('.problems').textContent()).toContain('cycle');
    expect(session.errors).toEqual([]);
  });

  it('opens a .bps.json dropped onto the window', async () => {
    session = await openApp('?example=none');
    const { page } = session;
    const { readFileSync } = await import('node:fs');
    const text = readFileSync('examples/xor.bps.json', 'utf8');
    const transfer = await page.evaluateHandle((content) => {
      const dt = new DataTransfer();
      dt.items.add(new File([content], 'xor.bps.json', { type: 'application/json' }));
      return dt;
    }, text);
    await page.dispatchEvent('.workspace', 'drop', { dataTransfer: transfer });
    await expect.poll(() => nodeIds(page)).toHaveLength(7);
    await expect.poll(() => page.getByTestId('doc-title').textContent()).toBe('xor.bps.json');
    expect(session.errors).toEqual([]);
  });

  it('offers to restore unsaved work after a crash', async () => {
    session = await openApp('?example=xor');
    const { page, context } = session;
    // Empty canvas: under the graph, between the corners (where the minimap may be).
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    await page.locator('.react-flow__pane').dblclick({ position: { x: pane.width / 2, y: pane.height - 30 } });
    await page.getByRole('dialog', { name: 'Add Block' }).getByRole('combobox').fill('softmax');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('doc-title').textContent()).toContain('●');
    // Backed up within a few seconds: waited for, not slept on.
    await expect.poll(() => backupText(page)).toContain('softmax1');
    // The "crash": a new window of the app starts while the old one never saved.
    const again = await context.newPage();
    await again.goto(page.url());
    await again.getByRole('button', { name: 'Restore' }).click();
    await expect
      .poll(() => again.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id'))))
      .toContain('softmax1');
    await expect.poll(() => again.getByTestId('doc-title').textContent()).toContain('●');
    expect(session.errors).toEqual([]);
  });

  it("backs a run's trained weights up while it runs, and restores them after a crash", async () => {
    session = await openApp('?example=iris-mlp');
    const { page, context } = session;
    await page.getByTestId('tab-training').click();
    // A long run of small steps (a few hundred epochs a second, so that the page stays responsive).
    await page.getByTestId('epochs').fill('1000000');
    await page.getByTestId('epochs').press('Enter');
    await page.getByLabel('full batch').uncheck();
    await page.getByTestId('batch').fill('1');
    await page.getByTestId('batch').press('Enter');
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('training-status').textContent()).toBe('training');
    // The weights exist only in the worker while it runs: the backup has them, and they keep changing.
    const backedUpWeights = async () => {
      const text = await backupText(page);
      const loaded = text ? parseDocument(text) : null;
      return loaded?.ok ? (loaded.document.nodes.find((n) => n.id === 'hidden')?.weights?.W.data ?? null) : null;
    };
    await expect.poll(backedUpWeights).not.toBeNull();
    const first = await backedUpWeights();
    await expect.poll(backedUpWeights).not.toEqual(first);
    expect(await page.getByTestId('training-status').textContent()).toBe('training');

    // The "crash": the window goes away mid-run, without saving, and the app starts again.
    const last = await backedUpWeights();
    const url = page.url();
    await page.close();
    const again = await context.newPage();
    await again.goto(url);
    await again.getByRole('button', { name: 'Restore' }).click();
    await expect.poll(() => again.locator('.modal').count()).toBe(0);
    await expect.poll(() => again.getByTestId('doc-title').textContent()).toContain('●');
    const [download] = await Promise.all([again.waitForEvent('download'), again.getByTestId('save').click()]);
    const path = `${session.downloads}/restored.bps.json`;
    await download.saveAs(path);
    const { readFileSync } = await import('node:fs');
    const restored = parseDocument(readFileSync(path, 'utf8'));
    if (!restored.ok) throw new Error('the restored document does not load');
    expect(restored.document.nodes.find((n) => n.id === 'hidden')?.weights?.W.data).toEqual(last);
    expect(session.errors).toEqual([]);
  });

  it('imports an ONNX model as an editable graph', async () => {
    session = await openApp('?example=iris-mlp');
    const { page } = session;
    await page.getByTestId('menu-export').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-onnx').click()]);
    const path = `${session.downloads}/iris.onnx`;
    await download.saveAs(path);
    await page.getByTestId('menu-new').click();
    await page.getByRole('menuitem', { name: 'Blank graph' }).click();
    await expect.poll(() => nodeIds(page)).toEqual([]);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('open').click()]);
    await chooser.setFiles(path);
    await expect.poll(() => nodeIds(page)).toEqual(['x', 'hidden', 'h', 'scores', 'p', 'species', 'L']);
    await expect.poll(() => page.getByTestId('doc-title').textContent()).toContain('●');
    await expectNoProblems(page);
    await selectBlock(page, 'hidden');
    // W [8 × 4]: eight units of four inputs, trained.
    await expect.poll(() => page.getByTestId('weight-state').textContent()).toContain('As trained');
    await expect.poll(() => page.getByTestId('weight-W-7-3').count()).toBe(1);
    expect(await page.getByTestId('weight-W-8-0').count()).toBe(0);
    expect(await page.getByTestId('weight-W-0-4').count()).toBe(0);
    expect(session.errors).toEqual([]);
  });
});
