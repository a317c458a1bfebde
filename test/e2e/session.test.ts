/**
 * The training session as a student meets it, in real Chromium: a changed optimizer takes
 * effect on Reset (the run the CLI makes on the saved document), the charts and the status agree
 * when a run stops and after Reset, a stale divergence never outlives its run, Train on a
 * finished run says so, a reopened trained graph shows its history and continues its epochs, and
 * a speed limit makes a run watchable.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/engine/index.js';
import { openApp, screenshot, type Session } from './browser.js';
import { runCommand } from './helpers.js';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const status = (s: Session) => s.page.getByTestId('training-status').textContent();
const chart = (s: Session, id: string) => s.page.getByTestId(`chart-canvas-${id}`).getAttribute('aria-label');
const epoch = async (s: Session) => Number(await s.page.getByTestId('epoch').textContent());

async function setSetting(s: Session, id: string, value: string): Promise<void> {
  await s.page.getByTestId(id).fill(value);
  await s.page.getByTestId(id).press('Enter');
}

async function resetSameSeed(s: Session): Promise<void> {
  await s.page.getByTestId('reset').click();
  await s.page.getByTestId('reset-same').click();
}

/** Downloads what a toolbar command writes, and returns its path. */
async function download(s: Session, click: () => Promise<void>, name: string): Promise<string> {
  const [file] = await Promise.all([s.page.waitForEvent('download'), click()]);
  const path = `${s.downloads}/${name}`;
  await file.saveAs(path);
  return path;
}

describe('the training session', () => {
  it('takes a changed optimizer on Reset: XOR with Adam is the run the CLI makes on the saved document', async () => {
    session = await openApp('?example=xor');
    const { page } = session;
    await page.getByTestId('tab-training').click();
    await page.getByTestId('train').click();
    await expect.poll(() => status(session!), { timeout: 60_000 }).toBe('finished');
    // The moment the status says finished, the loss chart shows the last epoch.
    expect(await chart(session, 'loss')).toContain('at epoch 1000');
    expect(await chart(session, 'gradients')).toContain('at epoch 1000');

    await page.getByTestId('optimizer').selectOption('adam');
    await setSetting(session, 'lr', '0.01');
    await resetSameSeed(session);
    await expect.poll(() => status(session!)).toBe('ready');
    // Reset clears the old run's numbers; its curve stays only as the kept Run 1, for comparison.
    expect(await page.getByTestId('run-numbers').count()).toBe(0);
    expect(await chart(session, 'loss')).toContain('Run 1');
    expect(await chart(session, 'loss')).not.toContain('Run 2');
    const saved = await download(session, () => page.getByTestId('save').click(), 'xor-adam.bps.json');

    await page.getByTestId('train').click();
    await expect.poll(() => status(session!), { timeout: 60_000 }).toBe('finished');
    await page.getByTestId('menu-export').click();
    const trained = await download(session, () => page.getByTestId('export').click(), 'xor-adam.trained.bps.json');
    const exported = parseDocument(readFileSync(trained, 'utf8'));
    if (!exported.ok) throw new Error('export invalid');
    const history = exported.document.metrics!.history;
    expect(history).toHaveLength(1000);
    expect(history.at(-1)!.loss).toBeLessThan(0.05);

    const cli = execFileSync(process.execPath, ['bin/backprop.mjs', 'train', saved, '--json'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const cliLast = cli.filter((l) => l.epoch !== undefined).at(-1);
    expect(cliLast.epoch).toBe(1000);
    expect(history.at(-1)!.loss).toBeCloseTo(cliLast.loss, 6);
    expect(session.errors).toEqual([]);
  });

  it('forgets a divergence on Reset; the status, the numbers and the message name the same epoch', async () => {
    session = await openApp('?example=sine');
    const { page } = session;
    await page.getByTestId('tab-training').click();
    await page.getByTestId('optimizer').selectOption('sgd');
    await setSetting(session, 'lr', '1e30');
    await page.getByTestId('train').click();
    await expect.poll(() => status(session!), { timeout: 30_000 }).toMatch(/^diverged in epoch \d+$/);
    const diverged = (await status(session))!.match(/\d+/)![0];
    expect(await page.getByTestId('epoch').textContent()).toBe(diverged);
    expect(await page.getByTestId('divergence').textContent()).toContain(`diverged in epoch ${diverged},`);

    await setSetting(session, 'lr', '0.01');
    await setSetting(session, 'epochs', '20');
    await resetSameSeed(session);
    await expect.poll(() => status(session!)).toBe('ready');
    expect(await page.getByTestId('divergence').count()).toBe(0);
    for (let run = 0; run < 2; run++) {
      await page.getByTestId('train').click();
      await expect.poll(() => status(session!), { timeout: 30_000 }).toBe('finished');
      expect(await page.getByTestId('divergence').count()).toBe(0);
      await resetSameSeed(session);
      await expect.poll(() => status(session!)).toBe('ready');
    }
    expect(session.errors).toEqual([]);
  });

  it('says a finished run is finished, and offers more epochs or Reset', async () => {
    session = await openApp('?example=xor');
    const { page } = session;
    await page.getByTestId('tab-training').click();
    await setSetting(session, 'epochs', '50');
    await page.getByTestId('train').click();
    await expect.poll(() => status(session!), { timeout: 30_000 }).toBe('finished');
    // XOR with plain SGD sits at ln 2 for its first epochs: the loss chart says what to try.
    await page.getByTestId('dock-charts').click();
    await expect.poll(() => page.getByTestId('run-hint').textContent()).toMatch(/not changed for 25 epochs.*Adam/);
    await page.getByTestId('train').click();
    const notice = page.getByTestId('finished-notice');
    await expect.poll(() => notice.textContent()).toContain('all 50 epochs are done');
    await screenshot(page, 'training-finished-notice');
    await page.getByTestId('train-more').click();
    await expect.poll(() => epoch(session!), { timeout: 30_000 }).toBe(100);
    await expect.poll(() => status(session!)).toBe('finished');
    expect(await page.getByTestId('epochs').inputValue()).toBe('100');
    await page.getByTestId('train').click();
    await page.getByTestId('finished-reset').click();
    await expect.poll(() => status(session!)).toBe('ready');
    expect(await notice.count()).toBe(0);
    expect(session.errors).toEqual([]);
  });

  it('reopens a trained graph with its history and output; Step continues the epoch count', async () => {
    session = await openApp('?example=xor');
    const first = session;
    await first.page.getByTestId('train').click();
    await expect.poll(() => status(first), { timeout: 60_000 }).toBe('finished');
    const downloaded = await download(first, () => first.page.getByTestId('save').click(), 'xor-trained.bps.json');
    const saved = join(mkdtempSync(join(tmpdir(), 'bps-reopen-')), 'xor-trained.bps.json');
    copyFileSync(downloaded, saved);
    const doc = parseDocument(readFileSync(saved, 'utf8'));
    if (!doc.ok) throw new Error('saved document invalid');
    expect(doc.document.metrics?.history).toHaveLength(1000);
    await first.close();

    session = await openApp('?example=sine');
    const { page } = session;
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('open').click()]);
    await chooser.setFiles(saved);
    await page.getByTestId('dock-charts').click();
    await expect.poll(() => chart(session!, 'loss')).toContain('at epoch 1000');
    await page.getByTestId('dock-output').click();
    await expect.poll(() => page.getByTestId('boundary').count()).toBe(1);
    await expect.poll(() => epoch(session!)).toBe(1000);
    await page.getByTestId('step').click();
    await expect.poll(() => epoch(session!)).toBe(1001);
    await screenshot(page, 'training-reopened');
    expect(session.errors).toEqual([]);
  });

  it('slows a run down to be watched, and goes back to full speed', async () => {
    session = await openApp('?example=xor');
    const { page } = session;
    // The toolbar says the speed; its slider opens under it, focused.
    await expect.poll(() => page.getByTestId('speed-button').textContent()).toBe('speed full ▾');
    await page.getByTestId('speed-button').click();
    const speed = page.getByTestId('speed');
    await expect.poll(() => speed.evaluate((e) => e === document.activeElement)).toBe(true);
    // From full speed down to the slowest: 1 step a second.
    for (let i = 0; i < 10; i++) await speed.press('ArrowLeft');
    await expect.poll(() => page.getByTestId('speed-value').textContent()).toBe('1 step/s');
    await speed.press('ArrowRight');
    await expect.poll(() => page.getByTestId('speed-value').textContent()).toBe('2 steps/s');
    await page.getByTestId('train').click();
    await expect.poll(() => epoch(session!).catch(() => 0), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    // At 2 steps a second (XOR trains on all 4 rows per step) a run shows a few epochs, not 1000,
    // and the loss chart follows each of them.
    expect(await status(session)).toBe('training');
    expect(await epoch(session)).toBeLessThan(20);
    const shown = Number((await chart(session, 'loss'))?.match(/at epoch (\d+)/)?.[1]);
    expect(shown).toBeGreaterThanOrEqual(2);
    expect(shown).toBeLessThan(20);
    expect(await page.getByTestId('speed-button').textContent()).toBe('speed 2/s ▾');
    await page.getByTestId('speed-button').click();
    await screenshot(page, 'training-slow-motion');
    await speed.press('End');
    await expect.poll(() => page.getByTestId('speed-value').textContent()).toBe('full speed');
    // Escape closes the slider and gives the focus back to its button.
    await speed.press('Escape');
    await expect.poll(() => page.getByTestId('speed').count()).toBe(0);
    expect(await page.getByTestId('speed-button').evaluate((e) => e === document.activeElement)).toBe(true);
    await expect.poll(() => status(session!), { timeout: 60_000 }).toBe('finished');
    expect(await epoch(session)).toBe(1000);
    expect(session.errors).toEqual([]);
  });

  it('shows a block’s hints in the tooltip of its "!" badge', async () => {
    session = await openApp('?example=xor');
    const { page } = session;
    // XOR with ReLU hidden units, three of which output 0 for every row, and an output stuck near 1.
    const doc = JSON.parse(readFileSync('examples/xor.bps.json', 'utf8'));
    doc.nodes.find((n: { id: string }) => n.id === 'hs').type = 'relu';
    doc.nodes.find((n: { id: string }) => n.id === 'h').weights = {
      W: { shape: [4, 2], data: [-1, -1, -1, -1, 1, 1, -1, -1] },
      b: { shape: [4], data: [-0.5, -0.5, 0, -0.5] },
    };
    doc.nodes.find((n: { id: string }) => n.id === 'o').weights = {
      W: { shape: [1, 4], data: [40, 40, 40, 40] },
      b: { shape: [1], data: [30] },
    };
    const file = join(mkdtempSync(join(tmpdir(), 'bps-hints-')), 'dead-relu.bps.json');
    writeFileSync(file, JSON.stringify(doc));
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('open').click()]);
    await chooser.setFiles(file);
    await page.getByTestId('step').click();
    const badge = page.getByTestId('hint-hs');
    await expect.poll(() => badge.getAttribute('title')).toMatch(/^dead ReLU: 3 of 4 units output 0/);
    expect(await page.getByTestId('hint-p').getAttribute('title')).toMatch(/Sigmoid saturated on the wrong side/);
    expect(await page.getByTestId('hint-x').count()).toBe(0);
    await badge.hover();
    await screenshot(page, 'training-hint-badge');
    // The same hints in Russian once the language changes, the block's id as it is.
    await runCommand(page, 'Русский');
    await expect.poll(() => badge.getAttribute('title')).toMatch(/^мёртвые ReLU: 3 из 4 нейронов выдают 0/);
    expect(await page.getByTestId('hint-p').getAttribute('title')).toMatch(/^Сигмоида: насыщение не в ту сторону/);
    expect(session.errors).toEqual([]);
  });
});
