/**
 * Text the engine and the training session hand to a UI without choosing its language: a
 * catalogue key (src/i18n/locales) and the values the message names. A UI tells it in the user's
 * language with `describePhrase` (src/i18n); logs and `--json` keep the key and the values, so
 * programs need no text. Numbers stay numbers (a UI writes them as its language does); a value
 * that is itself a phrase is told first (a hint naming a block's title, a reason inside a message).
 */
export interface Phrase {
  key: string;
  values?: Readonly<Record<string, PhraseValue>>;
}

export type PhraseValue = string | number | Phrase;

export function phrase(key: string, values?: Record<string, PhraseValue>): Phrase {
  return values ? { key, values } : { key };
}

export function isPhrase(value: unknown): value is Phrase {
  return typeof value === 'object' && value !== null && typeof (value as Phrase).key === 'string';
}
