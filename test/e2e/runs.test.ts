/**
 * Run history end to end in real Chromium: XOR trained with SGD, then with Adam from the same
 * initial weights: two runs listed, both loss curves drawn in their own colours (read from the
 * chart.js datasets), the diff names the optimizer; Restore gives run 1's weights back exactly
 * and undoes in one step; the saved document reopens with both runs.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDocument, type GraphDocument } from '../../src/engine/index.js';
import { openApp, screenshot, type Session } from './browser.js';
import { runCommand } from './helpers.js';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

async function save(s: Session, name: string): Promise<GraphDocument> {
  const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.getByTestId('save').click()]);
  const path = `${s.downloads}/${name}`;
  await download.saveAs(path);
  const loaded = parseDocument(readFileSync(path, 'utf8'));
  if (!loaded.ok) throw new Error(`the saved document does not load: ${JSON.stringify(loaded.diagnostics)}`);
  return loaded.document;
}

const weightsOf = (doc: GraphDocument) =>
  Object.fromEntries(doc.nodes.filter((n) => n.weights).map((n) => [n.id, n.weights]));

interface Drawn {
  label: string;
  color: string;
  points: number;
}

const lossSeries = async (s: Session): Promise<Drawn[]> =>
  JSON.parse((await s.page.getByTestId('chart-canvas-loss').getAttribute('data-series')) ?? '[]');

describe('run history', () => {
  it('keeps SGD and Adam runs of XOR, overlays and compares them, restores the first exactly, and saves them', async () => {
    session = await openApp('?example=xor');
    const { page } = session;
    const status = () => page.getByTestId('training-status').textContent();
    await page.getByTestId('tab-training').click();
    await page.getByTestId('dock-charts').click();

    // Run 1: the example's SGD, to the end.
    await page.getByTestId('train').click();
    await expect.poll(status, { timeout: 120_000 }).toBe('finished');
    await expect.poll(() => page.locator('[data-testid^="run-run"]').count()).toBe(1);
    const afterSgd = await save(session, 'sgd.bps.json');
    expect(afterSgd.runs).toHaveLength(1);
    expect(afterSgd.runs![0].weights).toEqual(weightsOf(afterSgd));

    // Run 2: Adam, from the same initial weights (Reset, same seed).
    await page.getByTestId('optimizer').selectOption('adam');
    await page.getByTestId('lr').fill('0.05');
    await page.getByTestId('lr').press('Enter');
    await page.getByTestId('reset').click();
    await page.getByTestId('reset-same').click();
    await page.getByTestId('train').click();
    await expect.poll(status, { timeout: 120_000 }).toBe('finished');
    await expect.poll(() => page.locator('[data-testid^="run-run"]').count()).toBe(2);

    // Both curves in the loss chart, each in its run's colour.
    await expect
      .poll(async () => (await lossSeries(session!)).map((d) => d.label))
      .toEqual(['Run 1 training', 'Run 2 training']);
    const drawn = await lossSeries(session);
    expect(drawn[0].color).not.toBe(drawn[1].color);
    expect(drawn.every((d) => d.points > 100)).toBe(true);
    const swatches = await page
      .locator('.run-swatch')
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(new Set(swatches)).toEqual(new Set(drawn.map((d) => d.color)));
    // What changed, next to the run.
    await expect.poll(() => page.getByTestId('run-diff-run2').textContent()).toContain('optimizer: SGD → Adam');
    expect(await page.getByTestId('run-diff-run2').textContent()).toContain('lr 1 → 0.05');
    await screenshot(page, 'runs-sgd-vs-adam');
    const afterAdam = await save(session, 'adam.bps.json');
    expect(afterAdam.runs!.map((r) => r.name)).toEqual(['Run 1', 'Run 2']);
    expect(weightsOf(afterAdam)).not.toEqual(weightsOf(afterSgd));

    // Hiding a run takes its curve out of the chart.
    await page.getByTestId('run-visible-run1').uncheck();
    await expect.poll(async () => (await lossSeries(session!)).map((d) => d.label)).toEqual(['Run 2 training']);
    await page.getByTestId('run-visible-run1').check();
    await expect.poll(async () => (await lossSeries(session!)).length).toBe(2);

    // Restore run 1: its weights exactly, and its settings.
    await page.getByTestId('run-restore-run1').click();
    await expect.poll(() => page.getByTestId('optimizer').inputValue()).toBe('sgd');
    const restored = await save(session, 'restored.bps.json');
    expect(weightsOf(restored)).toEqual(weightsOf(afterSgd));
    expect(restored.training).toMatchObject({ optimizer: 'sgd', lr: 1 });
    expect(restored.runs).toHaveLength(2);
    // One undo step takes it back to Adam's weights and settings.
    await page.getByTestId('undo').click();
    await expect.poll(() => page.getByTestId('optimizer').inputValue()).toBe('adam');
    const undone = await save(session, 'undone.bps.json');
    expect(weightsOf(undone)).toEqual(weightsOf(afterAdam));

    // Rename, then reopen the saved document: both runs, both curves.
    await page.getByTestId('run-name-run2').fill('Adam 0.05');
    await page.getByTestId('run-name-run2').press('Enter');
    const renamed = await save(session, 'renamed.bps.json');
    expect(renamed.runs!.map((r) => r.name)).toEqual(['Run 1', 'Adam 0.05']);
    const path = `${session.downloads}/renamed.bps.json`;
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('open').click()]);
    await chooser.setFiles(path);
    await expect.poll(() => page.locator('[data-testid^="run-run"]').count()).toBe(2);
    await expect.poll(() => page.getByTestId('run-name-run2').inputValue()).toBe('Adam 0.05');
    await expect
      .poll(async () => (await lossSeries(session!)).map((d) => d.label).sort())
      .toEqual(['Adam 0.05 training', 'Run 1 training']);

    // In Russian: the default name and what changed are told, a given name stays; the document keeps "Run 1".
    await runCommand(page, 'Русский');
    await expect.poll(() => page.getByTestId('run-name-run1').inputValue()).toBe('Запуск 1');
    expect(await page.getByTestId('run-name-run2').inputValue()).toBe('Adam 0.05');
    expect(await page.getByTestId('run-diff-run2').textContent()).toContain('оптимизатор: SGD → Adam');
    expect(await page.getByTestId('run-diff-run2').textContent()).toContain('lr 1 → 0,05');
    expect(await page.getByTestId('run-summary-run1').textContent()).toMatch(/^SGD, lr 1, полный батч, \d+ эпох/);
    await page.getByTestId('run-name-run1').press('Enter');
    await screenshot(page, 'runs-ru');
    await runCommand(page, 'English');
    await expect.poll(() => page.getByTestId('run-name-run1').inputValue()).toBe('Run 1');
    const after = await save(session, 'after-russian.bps.json');
    expect(after.runs!.map((r) => r.name)).toEqual(['Run 1', 'Adam 0.05']);
    expect(session.errors).toEqual([]);
  });
});
