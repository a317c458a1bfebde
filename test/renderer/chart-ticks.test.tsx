/**
 * The gradient-norm chart's y-axis labels, measured where chart.js draws them: on a short dock
 * chart and in presentation mode, over ranges from within one decade to twelve decades, no two
 * labels crowd each other and at least two label the axis.
 */
import { Chart } from 'chart.js';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'vitest-browser-react';
import { Charts } from '../../src/renderer/src/components/Charts.js';
import { ServicesProvider } from '../../src/renderer/src/context.js';
import { layoutStore, setPresentation } from '../../src/renderer/src/layout.js';
import { browserPlatform } from '../../src/renderer/src/platform/browser.js';
import { createServices } from '../../src/renderer/src/services.js';
import type { SessionInfo } from '../../src/session/protocol.js';
import '../../src/renderer/src/styles.css';

afterEach(() => {
  cleanup();
  setPresentation(layoutStore, false);
});

/** Two layers whose gradient norms fall geometrically from their first value to their last over 100 epochs. */
function layerHistory([aFrom, aTo]: [number, number], [bFrom, bTo]: [number, number]) {
  const at = (from: number, to: number, t: number) => from * (to / from) ** t;
  return Array.from({ length: 100 }, (_, i) => ({
    epoch: i + 1,
    norms: { h: at(aFrom, aTo, i / 99), o: at(bFrom, bTo, i / 99) },
  }));
}

/** The y-axis labels of the drawn gradient chart, top to bottom: value, screen y and font size. */
async function drawnLabels(height: number, history: ReturnType<typeof layerHistory>) {
  const services = createServices(browserPlatform(window.sessionStorage));
  services.training.store.setState({ info: { layers: ['h', 'o'], task: 'regression' } as SessionInfo });
  await render(
    <ServicesProvider services={services}>
      <div className="dock-body" style={{ width: 420, height }}>
        <Charts only={['gradients']} />
      </div>
    </ServicesProvider>,
  );
  const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="chart-canvas-gradients"]')!;
  services.training.store.setState({ layerHistory: history });
  // Drawn once the chart has laid out its area with the data (its first refresh, or the next one).
  await expect.poll(() => Chart.getChart(canvas)?.data.datasets[0]?.data.length ?? 0).toBe(100);
  const chart = Chart.getChart(canvas)!;
  chart.update('none');
  const y = chart.scales.y;
  const font = Number(canvas.dataset.fontSize);
  return {
    font,
    labels: y.ticks.map((t) => ({ value: t.value, at: y.getPixelForValue(t.value) })),
    area: chart.chartArea,
  };
}

const ranges: [string, [number, number], [number, number]][] = [
  ['a decade and a bit with one power of ten inside', [2e-4, 3e-4], [2.3e-3, 2e-3]],
  ['within one decade', [0.25, 0.27], [0.3, 0.29]],
  ['a few decades', [1e-3, 1e-4], [0.5, 0.2]],
  ['vanishing gradients over twelve decades', [1e-12, 1e-10], [1, 0.3]],
  ['just under two decades around 1', [0.6, 0.7], [30, 20]],
];

describe('gradient-norm ticks', () => {
  // The dock's body at 1280×720 by default, and a taller one; the presentation board at 1280×720 and 1920×1080.
  for (const [presenting, heights] of [
    [false, [190, 320]],
    [true, [270, 420]],
  ] as const)
    for (const height of heights)
      for (const [name, a, b] of ranges)
        it(`do not crowd: ${name}, a ${height} px dock${presenting ? ', presenting' : ''}`, async () => {
          setPresentation(layoutStore, presenting);
          const { font, labels, area } = await drawnLabels(height, layerHistory(a, b));
          expect(font).toBe(presenting ? 18 : 12);
          expect(labels.length, labels.map((l) => l.value).join(', ')).toBeGreaterThanOrEqual(2);
          for (const l of labels) {
            expect(l.at).toBeGreaterThanOrEqual(area.top - 0.5);
            expect(l.at).toBeLessThanOrEqual(area.bottom + 0.5);
          }
          // A label's line is 1.2 × its font high; at least half a line of air between two.
          const sorted = labels.map((l) => l.at).sort((p, q) => p - q);
          for (let i = 1; i < sorted.length; i++)
            expect(sorted[i] - sorted[i - 1], labels.map((l) => l.value).join(', ')).toBeGreaterThanOrEqual(1.7 * font);
        });
});
