/**
 * The training area in Russian, end to end in Chromium: the Training panel (every setting, the
 * schedule, early stopping), the weight editor, the loss inspector and the gradient check show no
 * English word outside names and formulas (`translate="no"`); an early stop is told in Russian,
 * and again in English when the language changes at runtime.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, screenshot, type Session } from './browser.js';
import { runCommand, untranslatedWords } from './helpers.js';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/**
 * Latin words a Russian reader meets here by design: optimizer and library names, the seed as the
 * Reset menu says it, and the XOR data's column names (inside sentences of tooltips, where no
 * element can mark them).
 */
const KEPT = ['SGD', 'Adam', 'AdamW', 'PyTorch', 'CSV', 'L1', 'L2', 'seed', 'min', 'max', 'Shift', 'x1', 'x2'];

const englishWords = (s: Session, testId: string) => untranslatedWords(s.page, testId, KEPT);

async function setNumber(s: Session, id: string, value: string): Promise<void> {
  await s.page.getByTestId(id).fill(value);
  await s.page.getByTestId(id).press('Enter');
}

describe('the training area in Russian', () => {
  it('speaks Russian in the panel, the weights, the loss inspector and the gradient check', async () => {
    session = await openApp('?example=xor', { locale: 'ru-RU' });
    const { page } = session;
    await page.getByTestId('tab-training').click();
    for (const optimizer of ['sgd', 'momentum', 'adam', 'adamw']) {
      await page.getByTestId('optimizer').selectOption(optimizer);
      expect(await englishWords(session, 'training-panel')).toEqual([]);
    }
    for (const schedule of ['step', 'cosine', 'constant']) {
      await page.getByTestId('lr-schedule').selectOption(schedule);
      expect(await englishWords(session, 'training-panel')).toEqual([]);
    }
    await setNumber(session, 'lr', '0');
    await expect.poll(() => page.getByTestId('lr-problem').textContent()).toBe('должно быть > 0');
    await setNumber(session, 'lr', '0.05');
    // Four rows are too few to hold some out for early stopping: it says so in Russian.
    expect(await page.getByTestId('early-stop-needs').textContent()).toBe(
      'Нужны валидационные строки, а из 4 строк нечего отложить.',
    );

    await page.getByTestId('gradcheck').click();
    await expect.poll(() => page.getByTestId('gradcheck-verdict').textContent()).toContain('совпадает');
    expect(await englishWords(session, 'gradcheck-panel')).toEqual([]);

    await page.getByTestId('tab-inspector').click();
    await page.getByTestId('node-h').click();
    await expect.poll(() => page.getByTestId('weight-state').textContent()).toContain('Обучение начнётся с этих весов');
    expect(await englishWords(session, 'weight-editor')).toEqual([]);
    await page.getByTestId('node-L').click();
    await page.getByTestId('loss-shape').waitFor();
    expect(await englishWords(session, 'loss-shape')).toEqual([]);
    expect(await englishWords(session, 'top-examples')).toEqual([]);
    await screenshot(page, 'training-ru-loss');
    expect(session.errors).toEqual([]);
  });

  it('tells an early stop in Russian, and in English once the language changes', async () => {
    session = await openApp('?example=sine', { locale: 'ru-RU' });
    const { page } = session;
    await page.getByTestId('tab-training').click();
    expect(await page.getByTestId('early-stop-needs').textContent()).toContain('Нужны валидационные строки');
    expect(await englishWords(session, 'training-panel')).toEqual([]);
    await page.getByTestId('hold-out').click();
    await page.getByTestId('early-stop').check();
    await setNumber(session, 'patience', '3');
    await setNumber(session, 'min-delta', '1');
    await setNumber(session, 'epochs', '500');
    expect(await englishWords(session, 'training-panel')).toEqual([]);
    await screenshot(page, 'training-ru-panel');
    await page.getByTestId('train').click();
    await expect
      .poll(() => page.locator('.toast').first().textContent(), { timeout: 60_000 })
      .toBe(
        'Обучение остановлено досрочно на эпохе 4: потери на валидации не уменьшались 3 эпохи; возвращены веса лучшей эпохи (1).',
      );
    await page.getByTestId('train').click();
    await expect
      .poll(() => page.getByTestId('finished-notice').textContent())
      .toContain('Обучение завершено — остановлено досрочно на эпохе 4');
    await runCommand(page, 'English');
    await expect
      .poll(() => page.getByTestId('finished-notice').textContent())
      .toContain('Training is finished: stopped early at epoch 4: no validation improvement for 3 epochs');
    expect(session.errors).toEqual([]);
  });
});
