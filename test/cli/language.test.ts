/** The command line's language: `--lang`, else the environment (POSIX order), else English. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/args.js';
import { takeLanguage } from '../../src/cli/main.js';
import { backprop, example, temporaryFolder, writeFile } from './helpers.js';

describe('choosing the language of the command line', () => {
  it('takes --lang CODE or --lang=CODE out of the arguments, wherever it is', () => {
    expect(takeLanguage(['train', 'a.json', '--lang', 'ru', '--epochs', '3'], {})).toEqual({
      language: 'ru',
      rest: ['train', 'a.json', '--epochs', '3'],
    });
    expect(takeLanguage(['--lang=ru', 'validate', 'a.json'], { LANG: 'en_US.UTF-8' })).toEqual({
      language: 'ru',
      rest: ['validate', 'a.json'],
    });
    // After `--` every word is a file name.
    expect(takeLanguage(['validate', '--', '--lang'], {}).rest).toEqual(['validate', '--', '--lang']);
  });

  it('else follows LC_ALL, LC_MESSAGES, LANG; else speaks English', () => {
    expect(takeLanguage(['validate'], { LANG: 'ru_RU.UTF-8' }).language).toBe('ru');
    expect(takeLanguage(['validate'], { LANG: 'ru_RU.UTF-8', LC_ALL: 'C' }).language).toBe('en');
    expect(takeLanguage(['validate'], {}).language).toBe('en');
    expect(takeLanguage(['validate', '--lang', 'en'], { LC_ALL: 'ru_RU.UTF-8' }).language).toBe('en');
  });

  it('names a language it does not speak, and a second --lang', () => {
    expect(() => takeLanguage(['validate', '--lang', 'de'], {})).toThrow(UsageError);
    expect(() => takeLanguage(['validate', '--lang', 'de'], {})).toThrow("--lang needs one of en, ru, got 'de'");
    expect(() => takeLanguage(['validate', '--lang'], {})).toThrow('--lang needs one of en, ru');
    expect(() => takeLanguage(['--lang=ru', 'validate', '--lang', 'en'], {})).toThrow('--lang is given twice');
  });

  it('a wrong --lang is wrong usage (exit code 2), also for --json readers', () => {
    const r = backprop(['validate', example('xor.bps.json'), '--lang', 'xx', '--json']);
    expect(r.code).toBe(2);
    expect(r.json()).toEqual([
      { ok: false, errors: [{ where: 'arguments', message: "--lang needs one of en, ru, got 'xx'" }] },
    ]);
    expect(r.stderr).toContain("backprop: --lang needs one of en, ru, got 'xx'");
  });

  it('a valid document validates the same in any language', () => {
    for (const env of [{}, { LANG: 'ru_RU.UTF-8' }] as Record<string, string>[]) {
      const r = backprop(['validate', example('xor.bps.json'), '--json'], undefined, env);
      expect(r.code).toBe(0);
    }
    expect(backprop(['validate', example('xor.bps.json'), '--lang', 'ru']).code).toBe(0);
  });
});

describe('problems in the chosen language', () => {
  const doc = JSON.parse(readFileSync(example('xor.bps.json'), 'utf8'));
  doc.nodes[1].params.in = 3;
  doc.edges.push({ source: 'L', target: 'hs', targetHandle: 'in' });
  const dir = temporaryFolder();
  const file = writeFile(dir, 'bad.bps.json', doc);

  it('--lang ru and LANG=ru_RU tell the problems in Russian', () => {
    const english = backprop(['validate', file]);
    expect(english.code).toBe(1);
    expect(english.stderr).toContain("a loss's output is the training objective and cannot feed another block");
    for (const run of [
      backprop(['validate', file, '--lang', 'ru']),
      backprop(['validate', file], undefined, { LANG: 'ru_RU.UTF-8' }),
    ]) {
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('связь L→hs.in: выход функции потерь — это цель обучения');
      expect(run.stderr).toContain("на вход 'in' блока 'hs' идут две связи (h→hs.in и L→hs.in)");
      expect(run.stderr).not.toContain("a loss's output");
    }
  });

  it('--json is the same in every language: English messages with their codes and values', () => {
    const json = (extra: string[], env?: Record<string, string>) =>
      backprop(['validate', file, '--json', ...extra], undefined, env).stdout;
    const english = json([]);
    expect(json(['--lang', 'ru'])).toBe(english);
    expect(json([], { LC_ALL: 'ru_RU.UTF-8' })).toBe(english);
    expect(JSON.parse(english).errors).toContainEqual({
      where: 'edges[6]',
      message: "input 'in' of node 'hs' has two edges (h→hs.in and L→hs.in); a port takes one",
      code: 'duplicate-input',
      values: { port: 'in', node: 'hs', first: 'h→hs.in', second: 'L→hs.in' },
    });
  });
});
