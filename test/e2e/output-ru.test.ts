/**
 * The output area in Russian, end to end in Chromium: the output view (the heatmap, the large
 * unit, the confusion matrix), the units' thumbnails and neurons on the blocks, and every step of
 * step-through show no English word outside names and formulas (`translate="no"`); switched to
 * English at runtime, the open step-through and the large unit speak English.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, screenshot, type Session } from './browser.js';
import { nodeIds, runCommand, untranslatedWords } from './helpers.js';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/**
 * Latin words a Russian reader meets here by design: block names kept in every language (Tanh,
 * Softmax), formula symbols outside a formula's element (dW = dYᵀ·X, softmax, NLL, onehot, the
 * shape [batch × n], a Linear's W [out × in] in its description), and the data's column names
 * inside sentences of tooltips, where no element can mark them.
 */
const KEPT = [
  'Tanh',
  'Softmax',
  'softmax',
  'NLL',
  'onehot',
  'dW',
  'dY',
  'batch',
  'out',
  'in',
  'x1',
  'x2',
  'sepal_length',
  'sepal_width',
  'petal_length',
  'petal_width',
];

/** The graph's block ids are names too: tooltips and screen-reader labels name them in sentences. */
async function englishWords(s: Session, testId: string): Promise<string[]> {
  return untranslatedWords(s.page, testId, [...KEPT, ...(await nodeIds(s.page))]);
}

const text = (s: Session, id: string) => s.page.getByTestId(id).textContent();

describe('the output area in Russian', () => {
  it('speaks Russian in the output view, on the blocks and at every step of step-through; English after a switch', async () => {
    session = await openApp('?example=xor&lang=ru');
    const { page } = session;
    await page.getByTestId('train').click();
    await expect.poll(() => text(session!, 'training-status'), { timeout: 60_000 }).toBe('завершено');
    await page.getByTestId('dock-output').click();
    expect(await text(session, 'boundary')).toContain('Выход p на плоскости (x1, x2)');
    expect(await englishWords(session, 'boundary')).toEqual([]);
    // Axis and scale labels with a decimal comma.
    expect(await text(session, 'boundary-x-axis')).toContain('0,5');
    expect(await text(session, 'boundary-legend')).toContain('0,5');
    await page.getByTestId('gradient-sizes').check();
    await expect.poll(() => page.getByTestId('gradient-sizes-legend').count(), { timeout: 20_000 }).toBe(1);
    expect(await text(session, 'gradient-sizes-legend')).toContain('Площадь точки');
    expect(await englishWords(session, 'boundary')).toEqual([]);

    // The units: thumbnails on the blocks, one kept large in the output view.
    await page.getByTestId('unit-hs-1').click();
    await expect.poll(() => text(session!, 'unit-large')).toContain('Нейрон 2 блока Tanh (hs)');
    expect(await englishWords(session, 'unit-large')).toEqual([]);
    expect(await englishWords(session, 'units-hs')).toEqual([]);
    expect(await page.getByTestId('unit-hs-1').getAttribute('title')).toContain('щёлкните ещё раз, чтобы открепить');

    // A small Linear block as neurons on the canvas.
    await page.getByTestId('expand-o').click();
    await expect.poll(() => page.getByTestId('neurons-o').count()).toBe(1);
    expect(await englishWords(session, 'neurons-o')).toEqual([]);
    for (const id of ['x', 'h', 'hs', 'o', 'p', 't', 'L'])
      expect(await englishWords(session, `node-${id}`), id).toEqual([]);
    await screenshot(page, 'output-ru');

    // Step-through: every step, forward and backward.
    await page.getByTestId('tab-training').click();
    await page.getByTestId('step-through').click();
    const panel = page.getByTestId('step-through-panel');
    await expect.poll(() => panel.textContent()).toContain('Прямой проход: шаг 1 из 7');
    expect(await text(session, 'trace-rule')).toContain('x = данные[батч, признаки]');
    const steps = await panel.locator('.trace-progress .dot').count();
    for (let i = 0; i < steps; i++) {
      expect(await englishWords(session, 'step-through-panel'), `step ${i + 1}`).toEqual([]);
      if (i < steps - 1) await page.getByTestId('trace-next').click();
    }
    expect(await panel.textContent()).toContain('Обратный проход: шаг 5 из 5');
    expect(await panel.textContent()).toContain('∂L/∂in (обратно к x)');
    await screenshot(page, 'step-through-ru');

    await runCommand(page, 'English');
    await expect.poll(() => panel.textContent()).toContain('Backward step 5 of 5');
    expect(await panel.textContent()).toContain('∂L/∂in (back to x)');
    expect(await text(session, 'trace-rule')).toContain('Chain rule at this block');
    expect(await text(session, 'unit-large')).toContain('Unit 2 of Tanh (hs)');
    expect(session.errors).toEqual([]);
  });

  it('speaks Russian in the confusion matrix and at the softmax identity', async () => {
    session = await openApp('?example=iris-mlp&lang=ru');
    const { page } = session;
    await page.getByTestId('tab-training').click();
    await page.getByTestId('step-through').click();
    await expect.poll(() => page.getByTestId('step-through-panel').count(), { timeout: 20_000 }).toBe(1);
    await page.locator('.trace-progress .dot[title="обратный проход: scores"]').click();
    await expect.poll(() => text(session!, 'trace-identity')).toContain('(N — число строк)');
    expect(await englishWords(session, 'step-through-panel')).toEqual([]);
    await page.keyboard.press('Escape');

    await page.getByTestId('train').click();
    await expect.poll(() => text(session!, 'training-status'), { timeout: 90_000 }).toBe('завершено');
    await page.getByTestId('dock-output').click();
    await expect
      .poll(() => text(session!, 'confusion'))
      .toMatch(/Матрица ошибок \(валидационные строки\): верно \d+ из 30/);
    expect(await englishWords(session, 'confusion')).toEqual([]);
    expect(session.errors).toEqual([]);
  });

  it('names the fitted curve’s lines in Russian, and again in English after a switch', async () => {
    session = await openApp('?example=sine&lang=ru');
    const { page } = session;
    await page.getByTestId('dock-output').click();
    const series = () => page.getByTestId('curve').locator('canvas').getAttribute('data-series');
    await expect.poll(series, { timeout: 20_000 }).toMatch(/^данные\|сеть\|нейрон 1\|/);
    expect(await text(session, 'curve')).toContain('Подобранная кривая поверх данных');
    expect(await englishWords(session, 'curve')).toEqual([]);
    await runCommand(page, 'English');
    await expect.poll(series).toMatch(/^data\|network\|unit 1\|/);
    expect(await text(session, 'curve')).toContain('Fitted curve over the data');
    expect(session.errors).toEqual([]);
  });
});
