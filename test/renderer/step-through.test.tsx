/**
 * Step-through in the user's language: the session hands its rules and captions as phrases
 * (src/session/trace.ts), the panel tells them, keeps ids and formulas as they are, and follows
 * a change of language.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'vitest-browser-react';
import { I18nextProvider } from 'react-i18next';
import { phrase } from '../../src/engine/index.js';
import type { Trace } from '../../src/session/protocol.js';
import { StepThrough } from '../../src/renderer/src/components/StepThrough.js';
import { ServicesProvider } from '../../src/renderer/src/context.js';
import { templates } from '../../src/renderer/src/editor/templates.js';
import { i18n } from '../../src/renderer/src/i18n.js';
import { browserPlatform } from '../../src/renderer/src/platform/browser.js';
import { createServices } from '../../src/renderer/src/services.js';

afterEach(async () => {
  cleanup();
  await i18n.changeLanguage('en');
});

const trace: Trace = {
  rows: 4,
  loss: 0.6931,
  steps: [
    {
      phase: 'forward',
      nodeId: 'x',
      title: 'Input',
      rule: phrase('stepThrough.sourceRule', { rule: phrase('blockFormulas.input.forward'), count: 4 }),
      tensors: [{ label: 'y', rows: 4, cols: 2, values: [0, 0, 0, 1, 1, 0, 1, 1] }],
    },
    {
      phase: 'backward',
      nodeId: 'h',
      title: 'Linear 2→4',
      rule: phrase('blockFormulas.linear.backward'),
      tensors: [
        { label: '∂L/∂y', rows: 12, cols: 1, values: [0.25, -0.5, 1.5, 0, 0, 0, 0, 0] },
        {
          label: '∂L/∂in',
          caption: phrase('stepThrough.backTo', { port: 'in', node: 'x' }),
          rows: 1,
          cols: 1,
          values: [0.5],
        },
        { label: '∂L/∂W', rows: 1, cols: 1, values: [0.125] },
      ],
    },
  ],
};

async function open(language: 'en' | 'ru', index: number) {
  await i18n.changeLanguage(language);
  const services = createServices(browserPlatform(window.sessionStorage));
  services.editor.getState().load(structuredClone(templates.find((t) => t.id === 'xor')!.document));
  services.training.store.setState({ trace, traceIndex: index });
  const screen = await render(
    <I18nextProvider i18n={i18n}>
      <ServicesProvider services={services}>
        <StepThrough />
      </ServicesProvider>
    </I18nextProvider>,
  );
  return { services, panel: screen.getByTestId('step-through-panel').element() as HTMLElement };
}

describe('step-through', () => {
  it('tells the session’s phrases in English', async () => {
    const { panel } = await open('en', 0);
    expect(panel.textContent).toContain('Forward step 1 of 1');
    expect(panel.textContent).toContain('batch of 4 rows · L = 0.693');
    expect(panel.querySelector('[data-testid="trace-rule"]')!.textContent).toBe(
      'x = data[batch, features] (4 rows of the batch)',
    );
  });

  it('speaks Russian: the rule’s words, the captions, plural rows, decimal commas; ids and formulas kept', async () => {
    const { panel, services } = await open('ru', 1);
    const text = panel.textContent ?? '';
    expect(text).toContain('Обратный проход: шаг 1 из 1');
    expect(text).toContain('Линейный слой 2→4');
    expect(text).toContain('батч из 4 строк · L = 0,693');
    expect(text).toContain('Цепное правило в этом блоке');
    expect(panel.querySelector('[data-testid="trace-rule"] code')!.textContent).toBe(
      '∂L/∂W = (∂L/∂y)ᵀ·x,  ∂L/∂b = Σ по строкам ∂L/∂y,  ∂L/∂x = ∂L/∂y·W',
    );
    expect(panel.querySelector('[data-testid="trace-rule"] code')!.getAttribute('translate')).toBe('no');
    expect(text).toContain('∂L/∂in (обратно к x)');
    expect(text).toContain('… ещё 4 строки');
    expect(text).toContain('0,250');
    expect(text).not.toMatch(/Backward|step|rows|Chain rule|back to/);

    services.training.store.setState({ traceIndex: 0 });
    await expect
      .poll(() => panel.querySelector('[data-testid="trace-rule"]')?.textContent)
      .toBe('x = данные[батч, признаки] (4 строки батча)');
  });
});
