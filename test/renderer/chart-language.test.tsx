/**
 * The charts speak the page's language and follow a switch at once: the same chart (its data
 * kept) with its title, axes, line labels and description said again, and Russian tick numbers
 * with a decimal comma (chart.js's `locale`).
 */
import { Chart } from 'chart.js';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'vitest-browser-react';
import type { RunRecord } from '../../src/engine/index.js';
import { chartSeries, chartSpecs, Charts } from '../../src/renderer/src/components/Charts.js';
import { ServicesProvider } from '../../src/renderer/src/context.js';
import { i18n } from '../../src/renderer/src/i18n.js';
import { browserPlatform } from '../../src/renderer/src/platform/browser.js';
import { createServices } from '../../src/renderer/src/services.js';
import type { TrainingState } from '../../src/renderer/src/training/store.js';
import type { SessionInfo } from '../../src/session/protocol.js';
import '../../src/renderer/src/styles.css';

afterEach(async () => {
  cleanup();
  await i18n.changeLanguage('en');
});

/** A loss falling from 0.5 to about 0.2 over 50 epochs, with a validation line. */
const history = Array.from({ length: 50 }, (_, i) => ({
  epoch: i + 1,
  loss: 0.5 * 0.98 ** i,
  valLoss: 0.55 * 0.98 ** i,
}));

async function lossChart() {
  const services = createServices(browserPlatform(window.sessionStorage));
  services.training.store.setState({ info: { layers: ['h', 'o'], task: 'regression' } as SessionInfo });
  await render(
    <ServicesProvider services={services}>
      <div className="dock-body" style={{ width: 480, height: 300 }}>
        <Charts only={['loss']} />
      </div>
    </ServicesProvider>,
  );
  const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="chart-canvas-loss"]')!;
  services.training.store.setState({ history: history as never });
  await expect.poll(() => Chart.getChart(canvas)?.data.datasets[0]?.data.length ?? 0).toBe(50);
  return { canvas, chart: Chart.getChart(canvas)! };
}

/** What the chart says: its title (the card's caption), axes, lines, tick labels and description. */
function said(canvas: HTMLCanvasElement) {
  const chart = Chart.getChart(canvas)!;
  chart.update('none');
  const scales = chart.options.scales as Record<string, { title: { text: string } }>;
  return {
    caption: canvas.closest('figure')!.querySelector('figcaption')!.firstChild!.textContent,
    x: scales.x.title.text,
    y: scales.y.title.text,
    locale: chart.options.locale,
    lines: chart.data.datasets.map((d) => d.label),
    points: chart.data.datasets.map((d) => d.data.length),
    ticks: chart.scales.y.ticks.map((t) => String(t.label)),
    description: canvas.getAttribute('aria-label') ?? '',
  };
}

describe('a chart in the page’s language', () => {
  it('is said again on a switch to Russian and back, on the same chart with its data', async () => {
    const { canvas, chart } = await lossChart();
    const english = said(canvas);
    expect(english).toMatchObject({
      caption: 'Loss',
      x: 'epoch',
      y: 'loss',
      locale: 'en',
      lines: ['training', 'validation'],
      points: [50, 50],
    });
    expect(english.description).toMatch(
      /^Loss: training 0\.\d+ at epoch 50, validation 0\.\d+ at epoch 50\. loss axis: /,
    );
    expect(english.ticks.some((l) => /^0\.\d+$/.test(l))).toBe(true);

    await i18n.changeLanguage('ru');
    await expect.poll(() => said(canvas).x).toBe('эпоха');
    const russian = said(canvas);
    expect(Chart.getChart(canvas)).toBe(chart);
    expect(russian).toMatchObject({
      caption: 'Потери',
      y: 'функция потерь',
      locale: 'ru',
      lines: ['обучение', 'валидация'],
      points: [50, 50],
    });
    // A decimal comma in the tick labels and the description, whose lists are then kept apart by semicolons.
    expect(russian.ticks.length).toBeGreaterThanOrEqual(2);
    expect(russian.ticks.some((l) => /^0,\d+$/.test(l))).toBe(true);
    expect(russian.ticks.every((l) => !/\d\.\d/.test(l))).toBe(true);
    expect(russian.description).toMatch(
      /^Потери: обучение: 0,\d+ \(эпоха 50\); валидация: 0,\d+ \(эпоха 50\)\. Ось «функция потерь»: 0,\d+(; [\d,]+)+$/,
    );
    expect(canvas.closest('figure')!.querySelector('button')!.title).toBe('Сохранить график как изображение PNG');

    await i18n.changeLanguage('en');
    await expect.poll(() => said(canvas).x).toBe('epoch');
    expect(said(canvas)).toMatchObject({
      caption: 'Loss',
      locale: 'en',
      lines: ['training', 'validation'],
      points: [50, 50],
    });
    expect(Chart.getChart(canvas)).toBe(chart);
  });

  it('is drawn in Russian when the page starts in Russian', async () => {
    await i18n.changeLanguage('ru');
    const { canvas } = await lossChart();
    expect(said(canvas)).toMatchObject({
      caption: 'Потери',
      x: 'эпоха',
      locale: 'ru',
      lines: ['обучение', 'валидация'],
    });
    expect(said(canvas).description).toMatch(/^Потери: обучение: 0,/);
  });

  it('names kept runs as the runs tell them (a default name told, a name the user gave as it is)', async () => {
    const run = (id: string, name: string) =>
      ({ id, name, color: '#e0457b', curves: [{ epoch: 1, loss: 0.5, valLoss: 0.6 }] }) as unknown as RunRecord;
    const runs = [run('a', 'Run 1'), run('b', 'Adam 0.05')];
    const state = { history, liveRunId: null } as unknown as TrainingState;
    const loss = chartSpecs.find((c) => c.id === 'loss')!;
    const labels = () => chartSeries(loss, state, runs).map((line) => line.label);
    expect(labels()).toEqual([
      'Run 1 training',
      'Run 1 validation',
      'Adam 0.05 training',
      'Adam 0.05 validation',
      'this run training',
      'this run validation',
    ]);
    await i18n.changeLanguage('ru');
    expect(labels()).toEqual([
      'Запуск 1 — обучение',
      'Запуск 1 — валидация',
      'Adam 0.05 — обучение',
      'Adam 0.05 — валидация',
      'этот запуск — обучение',
      'этот запуск — валидация',
    ]);
  });
});
