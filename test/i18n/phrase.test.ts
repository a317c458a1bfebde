/** Phrases of the engine and the session are told in the user's language, numbers and plurals included. */
import { describe, expect, it } from 'vitest';
import { phrase } from '../../src/engine/index.js';
import { createI18n, describePhrase, proseNumber, translator } from '../../src/i18n/index.js';

const ru = translator(createI18n('ru'));
const en = translator(createI18n('en'));

describe('phrases', () => {
  it('take the plural form of their count', () => {
    expect(describePhrase(phrase('problems.errors', { count: 5 }), ru, 'ru')).toBe('5 ошибок');
    expect(describePhrase(phrase('problems.errors', { count: 1 }), en, 'en')).toBe('1 error');
  });

  it('write numbers with the language decimal separator, and tell nested phrases first', () => {
    expect(describePhrase(phrase('language.command', { name: 0.25 }), ru, 'ru')).toBe('Язык: 0,25');
    expect(describePhrase(phrase('language.command', { name: '1.5e-7' }), ru, 'ru')).toBe('Язык: 1,5e-7');
    expect(describePhrase(phrase('language.command', { name: 'x.y' }), ru, 'ru')).toBe('Язык: x.y');
    const nested = phrase('language.command', { name: phrase('problems.errors', { count: 2 }) });
    expect(describePhrase(nested, ru, 'ru')).toBe('Язык: 2 ошибки');
    expect(describePhrase(nested, en, 'en')).toBe('Language: 2 errors');
  });

  it('prose numbers keep a point in English', () => {
    expect(proseNumber('0.693', 'en')).toBe('0.693');
    expect(proseNumber(0.693, 'ru')).toBe('0,693');
  });
});
