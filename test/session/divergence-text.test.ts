/**
 * A diverged run told from what the session reports: in English exactly the session's message
 * (then the advice about unscaled inputs, from how far they reach), in Russian naming the same
 * block, epoch and step (and the advice).
 */
import { describe, expect, it } from 'vitest';
import { createI18n, english, translator } from '../../src/i18n/index.js';
import { describeDivergence } from '../../src/renderer/src/training/divergence.js';
import { example, session } from './helpers.js';

const ru = translator(createI18n('ru'));

function diverge(doc: ReturnType<typeof example>, source: Parameters<typeof session>[1], lr: number) {
  const s = session(doc, source, { optimizer: 'sgd', lr });
  expect(() => {
    for (let i = 0; i < 1000; i++) s.step();
  }).toThrow(/diverged/);
  const { outcome } = s.progress(true);
  if (outcome?.kind !== 'diverged') throw new Error('no divergence');
  return outcome;
}

describe('the divergence message', () => {
  it('a huge learning rate: English as the session says it, Russian naming the block', () => {
    const outcome = diverge(example('sine'), { kind: 'builtin', name: 'sine' }, 1e30);
    expect(describeDivergence(outcome, english)).toBe(outcome.message);
    const text = describeDivergence(outcome, ru);
    expect(text).toContain('обучение разошлось на эпохе');
    expect(text).toContain(`шаге ${outcome.step}`);
    if (outcome.report.kind !== 'loss') expect(text).toContain(`'${outcome.report.nodeId}'`);
    expect(text).toContain('уменьшить скорость обучения');
  });

  it('unscaled inputs: the advice in either language', () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i * 18},${i % 2}`);
    const doc = example('linear-regression');
    doc.data = {};
    const outcome = diverge(doc, { kind: 'csv', name: 'big.csv', text: ['x1,y1', ...rows].join('\n') }, 0.5);
    expect(outcome.inputRange).toBe('702');
    // The session's message is the engine's; the advice comes from how far the inputs reach.
    expect(describeDivergence(outcome, english)).toBe(
      `${outcome.message} The inputs range up to 702: tick "standardise inputs" in the Data panel so that they are on a scale of about 1.`,
    );
    expect(describeDivergence(outcome, ru)).toMatch(/Входы доходят до 702: включите «стандартизировать входы»/);
  });
});
