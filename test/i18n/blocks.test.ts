/**
 * The block registry and the examples speak through the catalogues: every block definition's
 * message keys exist in every language, the English catalogue says exactly what the definition
 * (or the example document) says, and Russian has its own sentences.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockTypes } from '../../src/engine/index.js';
import { createI18n, english, LANGUAGES, translator } from '../../src/i18n/index.js';

const root = join(import.meta.dirname, '../..');
const others = LANGUAGES.filter((l) => l.code !== 'en').map((l) => l.code);
const exists = (code: string) => {
  const i18n = createI18n(code as 'en');
  return (key: string) => i18n.exists(key, { lng: code, fallbackLng: false });
};

describe('block definitions', () => {
  it.each(blockTypes().map((d) => d.type))('%s: English says what the definition says', (type) => {
    const def = blockTypes().find((d) => d.type === type)!;
    expect(def.messages.title).toBe(`blocks.${type}.title`);
    expect(english(def.messages.title)).toBe(def.title);
    expect(english(def.messages.description)).toBe(def.description);
    expect(english(def.messages.formula.forward)).toBe(def.formula.forward);
    expect(english(def.messages.formula.backward)).toBe(def.formula.backward);
    for (const field of def.fields) {
      const keys = def.messages.params[field.key];
      expect(english(keys.label), field.key).toBe(field.label);
      if (field.help) expect(english(keys.help!), field.key).toBe(field.help);
      else expect(keys.help).toBeUndefined();
      if (field.kind === 'int' && field.inferredFrom)
        expect(english(keys.inferredFrom!), field.key).toBe(field.inferredFrom);
      else expect(keys.inferredFrom).toBeUndefined();
      if (field.kind === 'enum') for (const o of field.options) expect(english(keys.options![o]), o).toBe(o);
    }
  });

  it.each(others)('%s has every block’s title, description and parameter words', (code) => {
    const has = exists(code);
    const t = translator(createI18n(code as 'en'));
    for (const def of blockTypes()) {
      const keys = [
        def.messages.title,
        def.messages.description,
        def.messages.formula.forward,
        def.messages.formula.backward,
      ];
      for (const p of Object.values(def.messages.params))
        keys.push(
          p.label,
          ...(p.help ? [p.help] : []),
          ...(p.inferredFrom ? [p.inferredFrom] : []),
          ...Object.values(p.options ?? {}),
        );
      for (const key of keys) expect(has(key), key).toBe(true);
      expect(t(def.messages.description), def.type).not.toBe(def.description);
    }
  });
});

describe('examples', () => {
  const files = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.bps.json'));

  it.each(files)('%s: English names and describes it as the document does', (file) => {
    const id = file.replace(/\.bps\.json$/, '');
    const doc = JSON.parse(readFileSync(join(root, 'examples', file), 'utf8'));
    expect(english(`examples.${id}.title`)).toBe(doc.name);
    expect(english(`examples.${id}.description`)).toBe(doc.description ?? '');
  });

  it.each(others)('%s names and describes every example', (code) => {
    const has = exists(code);
    for (const file of files) {
      const id = file.replace(/\.bps\.json$/, '');
      expect(has(`examples.${id}.title`), id).toBe(true);
      expect(has(`examples.${id}.description`), id).toBe(true);
    }
  });
});
