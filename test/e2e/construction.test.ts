/**
 * Universal approximation by construction in real Chromium: a student opens the example from the
 * New menu, the construction card shows the largest error of the hand-built network without any
 * training, and more bumps make it smaller; the rebuild is one undo step.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, screenshot, type Session } from './browser.js';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** The largest error the card shows, once it is computed for the weights now (NaN while computing). */
async function maxError(s: Session): Promise<number> {
  const value = await s.page.getByTestId('construction-max-error').getAttribute('data-value');
  return value ? Number(value) : Number.NaN;
}

/** Types N into the card and waits for the error of the rebuilt network (a different value than before). */
async function setBumps(s: Session, n: number, before: number): Promise<number> {
  const field = s.page.getByTestId('construction-bumps');
  await field.fill(String(n));
  await field.press('Enter');
  await expect.poll(() => s.page.locator('[data-testid="node-bumps"]').textContent()).toContain(`× ${2 * n}]`);
  await expect.poll(() => maxError(s), { timeout: 60_000 }).not.toBe(before);
  await expect.poll(() => maxError(s), { timeout: 60_000 }).not.toBeNaN();
  return maxError(s);
}

describe('universal approximation by construction', () => {
  it('opens from the New menu, shows the error without training, and more bumps make it smaller', async () => {
    session = await openApp('?example=none', { viewport: { width: 1280, height: 720 } });
    const { page } = session;
    await page.getByTestId('menu-new').click();
    await page.getByTestId('template-universal-approximation').click();
    await page.getByTestId('dock-output').click();
    const card = page.getByTestId('construction-card');
    await card.waitFor();
    // The example's own N = 8: computed, not trained (nothing was pressed).
    await expect.poll(() => maxError(session!), { timeout: 60_000 }).toBeGreaterThan(0);
    const eight = await maxError(session);
    expect(await page.getByTestId('construction-bumps').inputValue()).toBe('8');

    const four = await setBumps(session, 4, eight);
    const sixteen = await setBumps(session, 16, four);
    expect(four).toBeGreaterThan(eight);
    expect(sixteen).toBeLessThan(four);
    expect(sixteen).toBeLessThan(eight);
    // A staircase of 16 steps misses sin (slope ≤ 1) by at most about half a step, π/16.
    expect(sixteen).toBeLessThan(Math.PI / 16 + 0.01);
    // The regression table shows the same number.
    expect(Number(await page.getByTestId('metric-maxError-training').textContent())).toBeCloseTo(sixteen, 3);
    await screenshot(page, 'construction-16');

    // One undo step takes the whole rebuild back: N = 4 and its 8 hidden units.
    await page.getByTestId('undo').click();
    await expect.poll(() => page.getByTestId('construction-bumps').inputValue()).toBe('4');
    await expect.poll(() => page.locator('[data-testid="node-bumps"]').textContent()).toContain('× 8]');

    // A value out of range is refused, naming the range, and nothing changes.
    const field = page.getByTestId('construction-bumps');
    await field.fill('1000');
    await field.press('Enter');
    await expect.poll(() => card.getByRole('alert').textContent()).toContain('1 to 256');
    expect(await page.locator('[data-testid="node-bumps"]').textContent()).toContain('× 8]');
    expect(session.errors).toEqual([]);
  });
});
