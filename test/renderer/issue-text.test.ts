/**
 * A value typed into a block's field is refused in the user's language: the inspector tells the
 * block schema's issue from its code and limits (not zod's English), with Russian prose numbers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { findBlock } from '../../src/engine/index.js';
import { i18n, t } from '../../src/renderer/src/i18n.js';
import { issueText } from '../../src/renderer/src/issue-text.js';

afterEach(async () => {
  await i18n.changeLanguage('en');
});

/** The first issue of the Linear block's schema for these params, in the page's language. */
function problem(params: Record<string, unknown>): string {
  const parsed = findBlock('linear')!.schema.safeParse(params);
  if (parsed.success) throw new Error('expected a problem');
  return issueText(parsed.error.issues[0] as z.core.$ZodIssue, t);
}

describe('a block field’s problem', () => {
  it('says the limit, a whole number or not a number, in English', () => {
    expect(problem({ out: 0 })).toBe('must be ≥ 1');
    expect(problem({ out: 1.5 })).toBe('must be a whole number');
    expect(problem({ out: Number.NaN })).toBe('not a number');
    expect(problem({ out: 70_000 })).toBe('must be ≤ 65536');
    expect(problem({ out: 1, std: 0 })).toBe('must be > 0');
    expect(problem({ out: 1, init: 'glorot' })).toBe('must be one of normal, xavier, he, zeros, manual');
  });

  it('and in Russian, with Russian prose numbers', async () => {
    await i18n.changeLanguage('ru');
    expect(problem({ out: 0 })).toBe('должно быть ≥ 1');
    expect(problem({ out: 1.5 })).toBe('должно быть целым числом');
    expect(problem({ out: 1, std: 0 })).toBe('должно быть > 0');
  });
});
