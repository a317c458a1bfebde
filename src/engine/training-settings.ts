/**
 * The limits of the training settings, as the document schema (`trainingSchema` in format.ts)
 * defines them, put into words: the Training panel and the CLI's flags check a value with
 * `trainingSettingProblem`, so neither repeats a limit of its own.
 */
import type { z } from 'zod';
import { trainingSchema, type TrainingSettings } from './format.js';

/** What a failed check of the training schema asks for ("must be ≥ 0", "must be < 1", …). */
export function describeSettingIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      return `must be ${issue.inclusive ? '≥' : '>'} ${issue.minimum}`;
    case 'too_big':
      return `must be ${issue.inclusive ? '≤' : '<'} ${issue.maximum}`;
    case 'invalid_value':
      return `must be one of ${issue.values.join(', ')}`;
    case 'invalid_type':
      return issue.expected === 'int' ? 'must be a whole number' : issue.message;
    default:
      return issue.message;
  }
}

/** Why `value` is not allowed for the training setting `key`, or null when it is. */
export function trainingSettingProblem(key: keyof TrainingSettings & string, value: unknown): string | null {
  const field = trainingSchema.shape[key as keyof typeof trainingSchema.shape];
  if (!field) return `there is no training setting '${key}'`;
  const checked = field.safeParse(value);
  return checked.success ? null : describeSettingIssue(checked.error.issues[0]);
}

/**
 * The training settings a new blank graph starts with (the app writes them into the document, so
 * the Training panel shows them and the CLI trains it the same way). Adam at 0.05 for 500 epochs
 * trains a hand-built XOR net (2 → 4 tanh → 1 sigmoid, BCE) below 0.05 from the default seed, where
 * the schema's bare defaults (SGD 0.1, 100 epochs, which documents without settings keep) leave it
 * at ln 2. Small course graphs train in a second or two with them.
 */
export const NEW_GRAPH_TRAINING: Readonly<TrainingSettings> = { optimizer: 'adam', lr: 0.05, epochs: 500 };
