/**
 * The catalogues are complete (every key in every language, with the plural forms each
 * language's CLDR rules need) and the language is chosen as the OS or the terminal says.
 */
import { describe, expect, it } from 'vitest';
import {
  type Catalogue,
  catalogues,
  createI18n,
  LANGUAGES,
  languageFromEnvironment,
  messageKeys,
  pickLanguage,
} from '../../src/i18n/index.js';

/** Every string of a catalogue with its full key (plural suffixes kept). */
function entries(c: Catalogue, prefix = ''): [string, string][] {
  return Object.entries(c).flatMap(([k, v]) =>
    typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : entries(v, `${prefix}${k}.`),
  );
}

describe('catalogues', () => {
  const english = messageKeys(catalogues.en);

  it.each(LANGUAGES.map((l) => l.code))('%s has exactly the English keys', (code) => {
    const keys = messageKeys(catalogues[code]);
    expect(
      [...english].filter((k) => !keys.has(k)),
      'missing',
    ).toEqual([]);
    expect(
      [...keys].filter((k) => !english.has(k)),
      'not in English',
    ).toEqual([]);
  });

  it.each(LANGUAGES.map((l) => l.code))('%s gives every plural message the forms its plural rules use', (code) => {
    const rules = new Intl.PluralRules(code);
    const needed = rules.resolvedOptions().pluralCategories;
    const plurals = new Map<string, Set<string>>();
    for (const [key] of entries(catalogues[code])) {
      const m = /^(.*)_(zero|one|two|few|many|other)$/.exec(key);
      if (m) plurals.set(m[1], (plurals.get(m[1]) ?? new Set()).add(m[2]));
    }
    for (const [key, forms] of plurals) expect([...forms].sort(), key).toEqual([...needed].sort());
  });

  it.each(LANGUAGES.map((l) => l.code))('%s interpolates only values English interpolates', (code) => {
    const vars = (s: string) => [...s.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();
    const english = new Map(entries(catalogues.en).map(([k, v]) => [k.replace(/_(one|other)$/, ''), vars(v)]));
    for (const [key, text] of entries(catalogues[code])) {
      const base = key.replace(/_(zero|one|two|few|many|other)$/, '');
      const expected = english.get(base) ?? [];
      // A translation may leave a value out ("один блок" without {{count}}, a technical detail the
      // language cannot carry), never name one English does not give.
      expect(
        vars(text).filter((v) => !expected.includes(v)),
        key,
      ).toEqual([]);
    }
  });
});

describe('Russian plurals and numbers', () => {
  const i18n = createI18n('ru');
  i18n.addResource('ru', 'translation', 'test.blocks_one', '{{count}} блок');
  i18n.addResource('ru', 'translation', 'test.blocks_few', '{{count}} блока');
  i18n.addResource('ru', 'translation', 'test.blocks_many', '{{count}} блоков');
  i18n.addResource('ru', 'translation', 'test.blocks_other', '{{count}} блока');
  i18n.addResource('ru', 'translation', 'test.loss', 'потеря {{value, number(maximumSignificantDigits: 3)}}');

  it.each([
    [1, '1 блок'],
    [2, '2 блока'],
    [5, '5 блоков'],
    [11, '11 блоков'],
    [21, '21 блок'],
    [22, '22 блока'],
    [111, '111 блоков'],
  ])('%i → %s', (count, text) => {
    expect(i18n.t('test.blocks', { count })).toBe(text);
  });

  it('writes a decimal comma in prose', () => {
    expect(i18n.t('test.loss', { value: 0.012345 })).toBe('потеря 0,0123');
  });
});

describe('the catalogue in parts', () => {
  // Each part file owns its top-level groups: two parts naming the same group would silently drop one's messages.
  it.each(LANGUAGES.map((l) => l.code))('%s: every group of every part reaches the catalogue whole', async (code) => {
    const parts = ['training', 'data', 'charts', 'output', 'runs', 'files'];
    const seen = new Map<string, string>();
    for (const part of parts) {
      const module: Record<string, Catalogue> = await import(`../../src/i18n/locales/${code}/${part}.ts`);
      const groups = module[`${part}Messages`];
      expect(groups, part).toBeDefined();
      for (const [group, messages] of Object.entries(groups)) {
        expect(seen.get(group), `${part}: group '${group}'`).toBeUndefined();
        seen.set(group, part);
        expect(catalogues[code][group], `${part}: group '${group}'`).toEqual(messages);
      }
    }
    const engine: Record<string, Catalogue> = await import(`../../src/i18n/locales/${code}/engine.ts`);
    for (const [key, message] of Object.entries(engine.engineMessages))
      expect((catalogues[code].diagnostics as Catalogue)[key], `diagnostics.${key}`).toEqual(message);
  });
});

describe('choosing the language', () => {
  it.each([
    [['ru-RU', 'en-US'], 'ru'],
    [['de-DE', 'ru'], 'ru'],
    [['en-GB'], 'en'],
    [['fr-FR', 'de'], 'en'],
    [[], 'en'],
    [[undefined, 'RU'], 'ru'],
  ])('from the OS or browser preferences %j: %s', (prefs, lang) => {
    expect(pickLanguage(prefs)).toBe(lang);
  });

  it.each([
    [{ LANG: 'ru_RU.UTF-8' }, 'ru'],
    [{ LANG: 'ru_RU.UTF-8', LC_ALL: 'C' }, 'en'],
    [{ LANG: 'en_US.UTF-8', LC_MESSAGES: 'ru_RU.UTF-8' }, 'ru'],
    [{ LC_ALL: 'ru_RU.UTF-8', LANG: 'en_US.UTF-8' }, 'ru'],
    [{ LC_ALL: '', LANG: 'ru_RU' }, 'ru'],
    [{}, 'en'],
  ])('from the environment %j: %s', (env, lang) => {
    expect(languageFromEnvironment(env)).toBe(lang);
  });
});
