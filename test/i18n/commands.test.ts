/**
 * The commands' titles come from the catalogue in every language; the English catalogue says
 * exactly what the command table (src/preload/commands.ts) says, so nothing changes in English.
 */
import { describe, expect, it } from 'vitest';
import { createI18n, english, LANGUAGES, translator } from '../../src/i18n/index.js';
import {
  categoryName,
  commandCatalog,
  commandFamilies,
  commandShort,
  commandTitle,
  familyTitle,
  type CommandCategory,
  type CommandId,
} from '../../src/preload/commands.js';

const ids = Object.keys(commandCatalog) as CommandId[];

describe('command titles', () => {
  it.each(ids)('%s: the English title and short name are the command table’s', (id) => {
    const info: { title: string; short?: string } = commandCatalog[id];
    expect(commandTitle(id, english)).toBe(info.title);
    expect(commandShort(id, english)).toBe(info.short ?? info.title);
  });

  it('the families’ English titles are the command table’s', () => {
    expect(familyTitle('template', 'XOR', english)).toBe(commandFamilies.template.title('XOR'));
    expect(familyTitle('add', 'Linear', english)).toBe(commandFamilies.add.title('Linear'));
    expect(familyTitle('language', 'Русский', english)).toBe(commandFamilies.language.title('Русский'));
  });

  it.each(LANGUAGES.filter((l) => l.code !== 'en').map((l) => l.code))(
    '%s has its own title for every command and category',
    (code) => {
      const t = translator(createI18n(code));
      for (const id of ids) {
        expect(commandTitle(id, t), id).not.toBe(commandTitle(id, english));
        expect(commandTitle(id, t), id).not.toMatch(/^commands\./);
      }
      for (const c of ['File', 'Edit', 'Blocks', 'View', 'Training', 'Help'] as CommandCategory[])
        expect(categoryName(c, t)).not.toBe(c);
    },
  );

  it('Russian reads as the course says it', () => {
    const ru = translator(createI18n('ru'));
    expect(commandTitle('train', ru)).toBe('Обучить');
    expect(commandTitle('gradientCheck', ru)).toBe('Проверить градиент');
    expect(familyTitle('add', 'Linear', ru)).toBe('Добавить блок: Linear');
  });
});
