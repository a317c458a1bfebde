/**
 * What is wrong with a value the user typed, in their language: the first issue of a document
 * schema's check (a training setting, a block parameter) told from its code and limits, not from
 * zod's English message. Limits are written as numbers are in the language's prose.
 */
import type { z } from 'zod';
import type { Translate } from '../../i18n/index.js';
import { proseNumber } from './i18n.js';

export function issueText(issue: z.core.$ZodIssue, t: Translate): string {
  const limit = (v: number | bigint) => proseNumber(String(v));
  switch (issue.code) {
    case 'too_small':
      return t(issue.inclusive ? 'valueProblem.atLeast' : 'valueProblem.above', { limit: limit(issue.minimum) });
    case 'too_big':
      return t(issue.inclusive ? 'valueProblem.atMost' : 'valueProblem.below', { limit: limit(issue.maximum) });
    case 'invalid_value':
      return t('valueProblem.oneOf', { values: issue.values.join(', ') });
    case 'invalid_type':
      if (issue.expected === 'int') return t('valueProblem.whole');
      if (issue.expected === 'number') return t('valueProblem.notNumber');
      return t('valueProblem.other');
    default:
      return t('valueProblem.other');
  }
}
