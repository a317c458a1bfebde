/**
 * Regularisation, schedules and early stopping in the Training panel, end to end in Chromium:
 * weight decay set in the panel changes the run (from the same initial weights), the run numbers
 * and the loss chart show the penalty beside the data loss; a schedule shows the epoch's rate;
 * early stopping is unavailable without validation rows and says so, and once the rows are held
 * out it ends the run with its reason.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, screenshot, type Session } from './browser.js';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const number = async (s: Session, id: string) =>
  Number((await s.page.getByTestId(id).textContent())?.replace(/[^\d.eE-]/g, ''));

async function setNumber(s: Session, id: string, value: string): Promise<void> {
  await s.page.getByTestId(id).fill(value);
  await s.page.getByTestId(id).press('Enter');
}

describe('regularisation in the Training panel', () => {
  it('weight decay changes the run from the same weights, and the loss chart shows data loss + penalty', async () => {
    session = await openApp('?example=xor');
    const { page } = session;
    await page.getByTestId('tab-training').click();
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('training-status').textContent(), { timeout: 60_000 }).toBe('finished');
    const plain = await number(session, 'loss');
    expect(await page.getByTestId('penalty').count()).toBe(0);

    // The same initial weights again, now with weight decay.
    await page.getByTestId('reset').click();
    await page.getByTestId('reset-same').click();
    await expect.poll(() => page.getByTestId('training-status').textContent()).toBe('ready');
    await setNumber(session, 'weight-decay', '0.001');
    await expect.poll(() => page.getByTestId('regularization').textContent()).toContain('PyTorch’s weight_decay');
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('training-status').textContent(), { timeout: 60_000 }).toBe('finished');
    const decayed = await number(session, 'loss');
    expect(decayed).not.toBe(plain);
    // Weight decay holds the weights back: the data loss ends higher than without it.
    expect(decayed).toBeGreaterThan(plain);
    expect(await number(session, 'penalty')).toBeGreaterThan(0);

    await page.getByTestId('dock-charts').click();
    const loss = () => page.getByTestId('chart-canvas-loss').getAttribute('aria-label');
    await expect.poll(loss, { timeout: 10_000 }).toMatch(/training \S+ at epoch 1000/);
    expect(await loss()).toMatch(/training \+ penalty \S+ at epoch 1000/);
    await screenshot(page, 'regularization-weight-decay');
    expect(session.errors).toEqual([]);
  });

  it('a cosine schedule shows the epoch’s rate; early stopping needs validation rows, then stops with its reason', async () => {
    session = await openApp('?example=sine');
    const { page } = session;
    await page.getByTestId('tab-training').click();
    await page.getByTestId('lr-schedule').selectOption('cosine');
    await expect.poll(() => page.getByTestId('schedule').textContent()).toContain('from 0.02 down to 0');
    await setNumber(session, 'eta-min', '0.001');
    await setNumber(session, 't-max', '4');

    // The sine example holds out no validation rows: early stopping is off and says why.
    const checkbox = page.getByTestId('early-stop');
    expect(await checkbox.isDisabled()).toBe(true);
    expect(await page.getByTestId('early-stop-needs').textContent()).toContain('Needs validation rows to watch');
    await page.getByTestId('early-stopping').scrollIntoViewIfNeeded();
    await screenshot(page, 'regularization-panel-no-validation');
    await page.getByTestId('hold-out').click();
    await expect.poll(() => checkbox.isDisabled()).toBe(false);
    expect(await page.getByTestId('early-stop-needs').count()).toBe(0);
    await checkbox.check();
    await setNumber(session, 'patience', '3');
    await setNumber(session, 'min-delta', '1');
    await setNumber(session, 'epochs', '500');
    await page.getByTestId('train').click();
    // No validation loss falls by 1: the run stops after the first epoch and 3 more.
    await expect
      .poll(() => page.getByTestId('training-status').textContent(), { timeout: 60_000 })
      .toBe('stopped early');
    expect(await number(session, 'epoch')).toBe(4);
    // Epoch 4's rate: 0.001 + 0.019·(1 + cos(3π/4)) / 2.
    expect(await number(session, 'scheduled-lr')).toBeCloseTo(
      0.001 + (0.019 * (1 + Math.cos((3 * Math.PI) / 4))) / 2,
      4,
    );
    await expect
      .poll(() => page.locator('.toast').first().textContent())
      .toContain('stopped early at epoch 4: no validation improvement for 3 epochs; best weights from epoch 1 kept');
    await screenshot(page, 'regularization-early-stopping');
    // Train again: the notice says why the run is finished.
    await page.getByTestId('train').click();
    await expect
      .poll(() => page.getByTestId('finished-notice').textContent())
      .toContain('Training is finished: stopped early at epoch 4');
    expect(session.errors).toEqual([]);
  });
});
