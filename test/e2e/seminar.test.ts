/**
 * The seminar's questions, answered in the app (real Chromium): linear regression solved
 * exactly beside gradient descent, with its line on the fitted curve and the distance chart
 * falling; which examples drive the logistic gradient (points sized by ‖∂Lᵢ/∂w‖, the top
 * examples in the loss block's inspector) and the loss's shape with the batch on it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, screenshot, type Session } from './browser.js';
import { runCommand, selectBlock } from './helpers.js';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** The last value of a chart's line, from its description for screen readers. */
const lastValue = async (s: Session, chart: string): Promise<number> => {
  const label = (await s.page.getByTestId(`chart-canvas-${chart}`).getAttribute('aria-label')) ?? '';
  const m = /gradient descent ([-\d.e]+) at epoch/.exec(label);
  return m ? Number(m[1]) : Number.NaN;
};

describe('the seminar, visible', () => {
  it('solves linear regression exactly and shows gradient descent approach it', async () => {
    session = await openApp('?example=linear-regression');
    const { page } = session;
    await page.getByTestId('tab-training').click();
    await page.getByTestId('solve-exactly').click();
    const card = page.getByTestId('closed-form');
    await expect
      .poll(() => card.locator('[data-testid="closed-form-value"]').allTextContents(), { timeout: 20_000 })
      .toEqual(['0.500', '3.00']);
    await expect
      .poll(() => page.getByTestId('closed-form-loss').textContent())
      .toContain('MSE at the closed form: 1.25');
    await expect
      .poll(() => page.getByTestId('curve').locator('canvas').getAttribute('data-series'))
      .toContain('closed form (least squares)');

    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('training-status').textContent(), { timeout: 60_000 }).toBe('finished');
    await expect.poll(() => page.getByTestId('closed-form-distance').textContent()).toMatch(/‖θ − θ\*‖ = /);
    const distance = Number(
      (await page.getByTestId('closed-form-distance').textContent())!.replace(/.*= ([-\d.e]+).*/, '$1'),
    );
    expect(distance).toBeLessThan(0.1);
    await screenshot(page, 'seminar-closed-form-output');
    await page.getByTestId('dock-charts').click();
    await expect.poll(() => lastValue(session!, 'distance')).toBeLessThan(0.1);
    await screenshot(page, 'seminar-closed-form-distance');
    expect(session.errors).toEqual([]);
  });

  it('solves it in Russian, numbers with a decimal comma, and the charts follow a switch to English', async () => {
    session = await openApp('?example=linear-regression&lang=ru');
    const { page } = session;
    await page.getByTestId('tab-training').click();
    await expect.poll(() => page.getByTestId('solve-exactly').textContent()).toBe('Решить точно');
    await page.getByTestId('solve-exactly').click();
    const card = page.getByTestId('closed-form');
    await expect
      .poll(() => card.locator('[data-testid="closed-form-value"]').allTextContents(), { timeout: 20_000 })
      .toEqual(['0,500', '3,00']);
    expect(await card.locator('figcaption').textContent()).toBe(
      'Точное решение: метод наименьших квадратов, нормальные уравнения XᵀX·β = XᵀT',
    );
    // The parameters' names are names in every language.
    expect(await card.locator('th[translate="no"]').allTextContents()).toEqual(['W[0,0] · x1', 'b[0]']);
    await expect
      .poll(() => page.getByTestId('closed-form-loss').textContent())
      .toContain('MSE точного решения: 1,25 на обучающих строках.');
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('training-status').textContent(), { timeout: 60_000 }).toBe('завершено');
    await expect
      .poll(() => page.getByTestId('closed-form-distance').textContent())
      .toMatch(/^Расстояние ‖θ − θ\*‖ = \d/);
    await expect
      .poll(() => page.getByTestId('regression-metrics').locator('figcaption').textContent())
      .toBe('Ошибки предсказания');

    await page.getByTestId('dock-charts').click();
    const chart = page.getByTestId('chart-canvas-distance');
    const described = () => chart.getAttribute('aria-label');
    await expect
      .poll(described)
      .toMatch(
        /^Расстояние до точного решения ‖θ − θ\*‖: градиентный спуск: [\d,e-]+ \(эпоха (\d+)\)\. Ось «‖θ − θ\*‖»: /,
      );
    const epoch = /\(эпоха (\d+)\)/.exec((await described())!)![1];
    const drawn = JSON.parse((await chart.getAttribute('data-series'))!) as { points: number }[];
    expect(await page.getByTestId('chart-distance').locator('figcaption').textContent()).toContain(
      'Расстояние до точного решения',
    );
    await screenshot(page, 'seminar-closed-form-distance-ru');

    await runCommand(page, 'English');
    await expect
      .poll(described)
      .toMatch(new RegExp(`^Distance to the closed form ‖θ − θ\\*‖: gradient descent [\\d.e-]+ at epoch ${epoch}\\. `));
    // The same chart with the same lines: its data was kept.
    expect(JSON.parse((await chart.getAttribute('data-series'))!)).toEqual([
      { ...drawn[0], label: 'gradient descent' },
    ]);
    expect(await page.getByTestId('chart-distance').locator('figcaption').textContent()).toContain(
      'Distance to the closed form',
    );
    expect(session.errors).toEqual([]);
  });

  it('sizes points by their gradient and lists the examples that drive it in the loss inspector', async () => {
    session = await openApp('?example=logistic-regression');
    const { page } = session;
    await page.getByTestId('tab-training').click();
    await page.getByTestId('epochs').fill('3');
    await page.getByTestId('epochs').press('Enter');
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('training-status').textContent(), { timeout: 30_000 }).toBe('finished');
    await page.getByTestId('dock-output').click();
    await page.getByTestId('gradient-sizes').check();
    await expect
      .poll(() => page.getByTestId('gradient-sizes-legend').textContent(), { timeout: 20_000 })
      .toContain('Point area ∝ ‖∂Lᵢ/∂w‖');
    await screenshot(page, 'seminar-gradient-sizes');

    await selectBlock(page, 'L');
    await expect.poll(() => page.getByTestId('loss-shape').count()).toBe(1);
    await expect.poll(() => page.getByTestId('top-example').count(), { timeout: 20_000 }).toBe(8);
    const norms = (await page.getByTestId('top-example-gradient').allTextContents()).map(Number);
    expect(norms.every((n, i) => i === 0 || n <= norms[i - 1])).toBe(true);
    expect(norms[0]).toBeGreaterThan(0);
    await screenshot(page, 'seminar-loss-inspector');
    expect(session.errors).toEqual([]);
  });

  it('shows ∂L/∂y = p − onehot(t) at the logits of softmax + NLL in the step-through', async () => {
    session = await openApp('?example=iris-mlp');
    const { page } = session;
    await page.getByTestId('tab-training').click();
    await page.getByTestId('step-through').click();
    await expect.poll(() => page.getByTestId('step-through-panel').count(), { timeout: 20_000 }).toBe(1);
    await page.locator('.trace-progress .dot[title="backward scores"]').click();
    const identity = page.getByTestId('trace-identity');
    await expect.poll(() => identity.textContent()).toContain('∂L/∂y = (p − onehot(t)) / rows');
    const difference = Number((await identity.textContent())!.replace(/.*at most ([-\d.e]+)\..*/, '$1'));
    expect(difference).toBeLessThan(1e-6);
    const labels = await page.locator('.trace-label').allTextContents();
    expect(labels.join(' ')).toContain('p = softmax(y)');
    expect(labels.join(' ')).toContain('onehot(t)');
    await screenshot(page, 'seminar-softmax-identity');
    expect(session.errors).toEqual([]);
  });

  it('shows regression views and the validation loss for a ten-feature regression', async () => {
    session = await openApp('?example=diabetes-regression');
    const { page } = session;
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('training-status').textContent(), { timeout: 60_000 }).toBe('finished');
    await page.getByTestId('dock-output').click();
    const cell = async (id: string) => Number(await page.getByTestId(id).textContent());
    await expect.poll(() => page.getByTestId('regression-metrics').count(), { timeout: 20_000 }).toBe(1);
    // RMSE² is the MSE the run reports: the training loss, and the validation loss in the status.
    const loss = Number(await page.getByTestId('loss').textContent());
    const valLoss = Number(await page.getByTestId('val-loss').textContent());
    expect((await cell('metric-rmse-training')) ** 2 / loss).toBeCloseTo(1, 2);
    expect((await cell('metric-rmse-validation')) ** 2 / valLoss).toBeCloseTo(1, 2);
    // Efron et al.'s data: a linear model explains about half the variance.
    expect(await cell('metric-r2-training')).toBeGreaterThan(0.45);
    expect(await cell('metric-r2-training')).toBeLessThan(0.6);
    expect(await page.getByTestId('predicted-actual').locator('canvas').getAttribute('data-series')).toBe(
      'perfect (y = t)|training|validation',
    );
    await expect.poll(() => page.getByTestId('residuals').count()).toBe(1);
    await screenshot(page, 'seminar-regression-views');
    expect(session.errors).toEqual([]);
  });

  it('shows precision and recall per class, misclassified digits and the first layer as 8×8 images', async () => {
    session = await openApp('?example=digits-softmax');
    const { page } = session;
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('training-status').textContent(), { timeout: 90_000 }).toBe('finished');
    await page.getByTestId('dock-output').click();
    await expect.poll(() => page.getByTestId('class-metric').count(), { timeout: 20_000 }).toBe(10);
    // Precision and recall of each class, recomputed from the confusion matrix the app shows.
    const matrix = await page
      .getByTestId('confusion')
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => Number(td.textContent))));
    const metrics = await page
      .getByTestId('class-metric')
      .evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => td.textContent ?? '')));
    matrix.forEach((row, k) => {
      const predicted = matrix.reduce((s, r) => s + r[k], 0);
      const support = row.reduce((a, b) => a + b, 0);
      expect(metrics[k][0]).toBe(`${((row[k] / predicted) * 100).toFixed(1)} %`);
      expect(metrics[k][1]).toBe(`${((row[k] / support) * 100).toFixed(1)} %`);
      expect(Number(metrics[k][2])).toBe(support);
    });
    const wrong = matrix.reduce((s, row, i) => s + row.reduce((a, v, j) => a + (i === j ? 0 : v), 0), 0);
    expect(wrong).toBeGreaterThan(0);
    const captions = await page.getByTestId('misclassified-image').locator('figcaption').allTextContents();
    expect(captions).toHaveLength(Math.min(24, wrong));
    for (const c of captions) {
      const [, predicted, actual] = /predicted (\d) · true (\d)/.exec(c)!;
      expect(predicted).not.toBe(actual);
    }
    expect(await page.getByTestId('first-layer-image').locator('figcaption').allTextContents()).toEqual(
      Array.from({ length: 10 }, (_, k) => `class ${k}`),
    );
    await page.getByTestId('misclassified').scrollIntoViewIfNeeded();
    await screenshot(page, 'seminar-digits-images');
    await page.getByTestId('misclassified').screenshot({ path: 'test-results/seminar-digits-misclassified.png' });
    await page.getByTestId('first-layer').screenshot({ path: 'test-results/seminar-digits-first-layer.png' });
    expect(session.errors).toEqual([]);
  });
});
