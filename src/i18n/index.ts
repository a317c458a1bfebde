/**
 * The app's languages: one i18next catalogue per language, shared by the renderer, the Electron
 * main process and the CLI. i18next was chosen over FormatJS for its size (about a third of
 * react-intl's), synchronous start-up with bundled resources, typed keys, and CLDR plural rules
 * through `Intl.PluralRules` (Russian: 1 блок, 2 блока, 5 блоков).
 *
 * Numbers in prose follow the language (`{{value, number}}` gives a decimal comma in Russian);
 * numbers in editable fields, CSV handling and documents never go through here.
 */
import i18next, { type i18n as I18n } from 'i18next';
import { en } from './locales/en.js';
import { ru } from './locales/ru.js';

export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'ru', name: 'Русский' },
] as const;

export type Language = (typeof LANGUAGES)[number]['code'];

export const DEFAULT_LANGUAGE: Language = 'en';

export const catalogues: Readonly<Record<Language, Catalogue>> = { en, ru };

/** A catalogue: nested groups of messages; plural forms are keys with `_one`, `_few`, `_many`, `_other`. */
export interface Catalogue {
  [key: string]: string | Catalogue;
}

export function isLanguage(value: unknown): value is Language {
  return LANGUAGES.some((l) => l.code === value);
}

/**
 * The first supported language among the user's preferences, most preferred first (BCP 47 tags
 * such as `ru-RU`, or POSIX locales such as `ru_RU.UTF-8`), else English.
 */
export function pickLanguage(preferences: readonly (string | null | undefined)[]): Language {
  for (const tag of preferences) {
    const primary = tag
      ?.trim()
      .split(/[-_.@]/)[0]
      ?.toLowerCase();
    if (isLanguage(primary)) return primary;
  }
  return DEFAULT_LANGUAGE;
}

/**
 * The language a command-line program should speak, by POSIX precedence: `LC_ALL`, then
 * `LC_MESSAGES`, then `LANG` (the first one set decides, so `LC_ALL=C` means English).
 */
export function languageFromEnvironment(env: Readonly<Record<string, string | undefined>>): Language {
  const value = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '');
  return pickLanguage([value]);
}

/** A ready (synchronously initialised) i18next instance for `language`, falling back to English. */
export function createI18n(language: Language): I18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: LANGUAGES.map((l) => l.code),
    // A copy: i18next writes into the resources it is given (addResource), and the catalogues are shared.
    resources: Object.fromEntries(
      Object.entries(catalogues).map(([code, c]) => [code, { translation: JSON.parse(JSON.stringify(c)) }]),
    ),
    initAsync: false,
    // Command ids such as `export:onnx` are keys: a colon does not name a namespace here.
    nsSeparator: false,
    returnNull: false,
    // React escapes what it renders; the menus, dialogs and terminal show plain text.
    interpolation: { escapeValue: false },
  });
  return instance;
}

/** A message by key with its values, in the instance's current language. */
export type Translate = (key: string, values?: Record<string, unknown>) => string;

/** The `Translate` of an i18next instance (follows its language as it changes). */
export function translator(i18n: I18n): Translate {
  return (key, values) => i18n.t(key, values ?? {}) as string;
}

/** The English messages, for code that speaks English whatever the user's language (logs, `--json`). */
export const english: Translate = translator(createI18n('en'));

/** What a problem says about itself: its English text, and its catalogue key with its values when it has one. */
export interface Describable {
  message: string;
  key?: string;
  values?: Readonly<Record<string, string | number>>;
}

/**
 * A diagnostic's text in the language of `t`: its catalogue message `diagnostics.<key>` with its
 * values, or its English message when it has no key (or the catalogue does not know it).
 */
export function describeDiagnostic(d: Describable, t: Translate): string {
  if (!d.key) return d.message;
  const key = `diagnostics.${d.key}`;
  const text = t(key, nestedValues(withBlockTitle(d.values ?? {}, t), t));
  return text === key ? d.message : text;
}

/**
 * A diagnostic's values with its nested messages told: a value `<name>Key` is the catalogue key
 * (under `diagnostics.`) of the message `{{<name>}}` stands for (a reason inside a message, or a
 * part of a reason), told with the same values; the English `<name>` stays where the key is unknown.
 * The last such key is told first, so a reason may name a part given after it.
 */
function nestedValues(values: Readonly<Record<string, unknown>>, t: Translate): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values };
  const nested = Object.keys(values).filter((name) => name.endsWith('Key') && name.length > 3);
  for (const name of nested.reverse()) {
    const key = `diagnostics.${values[name]}`;
    const text = t(key, out);
    if (text !== key) out[name.slice(0, -3)] = text;
  }
  return out;
}

/**
 * A number written for prose (`0.693`, `1.23e-5`, or a number) with the decimal separator of
 * `language` (`0,693` in Russian). Never for editable fields, CSV or documents.
 */
export function proseNumber(text: string | number, language: string): string {
  const written = typeof text === 'number' ? String(text) : text;
  const separator = new Intl.NumberFormat(language).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
  return separator === '.' ? written : written.replace(/(\d)\.(\d)/g, `$1${separator}$2`);
}

/**
 * A phrase of the engine or the session (src/engine/phrase.ts) in the language of `t`: nested
 * phrases told first, numbers (and strings that are a number, such as `1.2e-7`) written with the
 * language's decimal separator; `count` stays a number, for the plural rules.
 */
export function describePhrase(p: Phrase, t: Translate, language: string): string {
  const values: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(p.values ?? {})) {
    if (typeof v === 'object') values[name] = describePhrase(v, t, language);
    else if (name === 'count' && typeof v === 'number') values[name] = v;
    else if (typeof v === 'number' || NUMBER.test(v)) values[name] = proseNumber(v, language);
    else values[name] = v;
  }
  return t(p.key, values);
}

/** A phrase as src/engine/phrase.ts writes it (said here by its shape: the catalogues depend on no engine code). */
export interface Phrase {
  key: string;
  values?: Readonly<Record<string, string | number | Phrase>>;
}

/** A string that is a number as prose writes it (`0.5`, `1.2e-7`, `98%`). */
export const NUMBER = /^[-+−]?\d+(\.\d+)?(e[-+]?\d+)?%?$/;

/**
 * The values with their `block` (the engine's English title or label of a block, `Linear 2→4`)
 * in the language of `t` when they say which block type it is (`blockType`).
 */
function withBlockTitle(values: Readonly<Record<string, string | number>>, t: Translate): Record<string, unknown> {
  const { block, blockType } = values;
  if (typeof block !== 'string' || typeof blockType !== 'string') return values;
  const key = `blocks.${blockType}.title`;
  const title = english(key);
  const here = t(key);
  if (title === key || here === key || !block.startsWith(title)) return values;
  return { ...values, block: here + block.slice(title.length) };
}

/** Every message key of a catalogue, plural forms folded into their base key (`blocks_few` → `blocks`). */
export function messageKeys(catalogue: Catalogue, prefix = ''): Set<string> {
  const keys = new Set<string>();
  const stack: [Catalogue, string][] = [[catalogue, prefix]];
  while (stack.length) {
    const [group, path] = stack.pop()!;
    for (const [k, v] of Object.entries(group)) {
      const key = path ? `${path}.${k}` : k;
      if (typeof v === 'string') keys.add(key.replace(/_(zero|one|two|few|many|other)$/, ''));
      else stack.push([v, key]);
    }
  }
  return keys;
}
