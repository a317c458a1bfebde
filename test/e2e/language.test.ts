/**
 * The app in Russian, end to end in Chromium: started with a Russian browser locale it speaks
 * Russian (toolbar, palette, tabs, status, a divergence naming the block); switched to English at
 * runtime it changes its words and keeps the graph and the run.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, screenshot, type Session } from './browser.js';
import { nodeIds, runCommand } from './helpers.js';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const text = (s: Session, id: string) => s.page.getByTestId(id).textContent();

describe('the app in Russian', () => {
  it('follows a Russian browser and tells a divergence in Russian naming the block', async () => {
    session = await openApp('?example=xor', { locale: 'ru-RU' });
    const { page } = session;
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru');
    expect(await text(session, 'menu-new')).toContain('Создать');
    expect(await text(session, 'palette-linear')).toBe('Линейный слой');
    expect(await text(session, 'dock-problems')).toContain('Ошибки');
    expect(await text(session, 'tab-inspector')).toBe('Инспектор');
    expect(await text(session, 'node-h')).toContain('Линейный слой 2→4');
    // With its data loaded the example is evaluated at once (live evaluation): ready, not started.
    await expect.poll(() => text(session!, 'training-status')).toBe('готово');
    await screenshot(page, 'language-ru');

    await page.getByTestId('tab-training').click();
    await page.getByTestId('optimizer').selectOption('sgd');
    await page.getByTestId('lr').fill('1e30');
    await page.getByTestId('lr').press('Enter');
    await page.getByTestId('train').click();
    await expect.poll(() => text(session!, 'training-status')).toMatch(/^разошлось на эпохе \d+$/);
    const banner = page.getByTestId('divergence');
    await expect.poll(() => banner.textContent()).toContain('Обучение разошлось.');
    const message = (await banner.textContent()) ?? '';
    expect(message).toMatch(/обучение разошлось на эпохе \d+, шаге \d+: .*'(x|h|hs|o|p|L)'/);
    expect(message).toContain('попробуйте уменьшить скорость обучения');
    expect(message).not.toMatch(/training diverged|try a smaller/);
  });

  it('trains XOR and switches to English at runtime without losing the graph or the run', async () => {
    session = await openApp('?example=xor&lang=ru');
    const { page } = session;
    expect(await text(session, 'palette-linear')).toBe('Линейный слой');
    const ids = await nodeIds(page);
    await page.getByTestId('train').click();
    await expect.poll(() => text(session!, 'training-status')).toBe('завершено');
    const epoch = await text(session, 'epoch');
    const loss = await text(session, 'loss');
    expect(loss).toMatch(/^\d+,\d+$|e/);
    await screenshot(page, 'language-ru-trained');

    await runCommand(page, 'English');
    await expect.poll(() => text(session!, 'palette-linear')).toBe('Linear');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await text(session, 'menu-new')).toContain('New');
    expect(await text(session, 'dock-problems')).toContain('Problems');
    expect(await text(session, 'tab-inspector')).toBe('Inspector');
    expect(await text(session, 'training-status')).toBe('finished');
    // The same graph and the same run: nothing was reloaded or reset.
    expect(await nodeIds(page)).toEqual(ids);
    expect(await text(session, 'epoch')).toBe(epoch);
    expect(await text(session, 'loss')).toBe(loss!.replace(',', '.'));
    await screenshot(page, 'language-en-after-switch');

    await runCommand(page, 'Русский');
    await expect.poll(() => text(session!, 'palette-linear')).toBe('Линейный слой');
    expect(await text(session, 'epoch')).toBe(epoch);
  });
});
