/**
 * The renderer's language: one i18next instance (src/i18n) for the whole page. React components
 * read it with react-i18next's `useTranslation()` (under the `I18nextProvider` of main.tsx), so a
 * change of language re-renders what they show; code outside React (the command registry, file
 * commands, toasts) calls `t`, which always speaks the current language.
 *
 * The language is, first to last: `?lang=ru` in the page's address (tests, links), the host's
 * (the app's View → Language or its OS language; the browser's remembered choice), the browser's
 * `navigator.languages`, English. Changing it touches no store: the graph and a run go on.
 */
import type { i18n as I18n } from 'i18next';
import { setI18n } from 'react-i18next';
import {
  createI18n,
  describePhrase,
  isLanguage,
  type Language,
  type Phrase,
  pickLanguage,
  proseNumber as writeProseNumber,
  translator,
} from '../../i18n/index.js';
import type { Platform } from './platform/index.js';

export const i18n: I18n = createI18n('en');
// Also the instance of useTranslation() where no I18nextProvider is above (tests rendering one panel).
setI18n(i18n);

/** A message in the page's current language. */
export const t = translator(i18n);

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'en';
}

/** The language the page starts in (see the top of this file). */
export function initialLanguage(
  search: string,
  host: string | null,
  browser: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages,
): Language {
  const asked = new URLSearchParams(search).get('lang');
  if (isLanguage(asked)) return asked;
  if (isLanguage(host)) return host;
  return pickLanguage(browser);
}

function apply(language: Language): void {
  if (i18n.language !== language) void i18n.changeLanguage(language);
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

/**
 * A number already written for prose (`0.693`, `1.23e-5`) with the decimal separator of the
 * page's language (`0,693` in Russian). Never for editable fields, CSV or documents.
 */
export function proseNumber(text: string | number, language: string = currentLanguage()): string {
  return writeProseNumber(text, language);
}

/** A phrase of the engine or the training session (hints, step-through, run names) in the page's language. */
export function say(p: Phrase): string {
  return describePhrase(p, t, currentLanguage());
}

/** Starts the page in its language and follows the host when it changes it (View → Language). */
export function startLanguage(platform: Platform, search = location.search): () => void {
  apply(initialLanguage(search, platform.language));
  return platform.onLanguageChanged((language) => {
    if (isLanguage(language)) apply(language);
  });
}

/** The user chose a language (command palette): the page switches now and the host keeps the choice. */
export function chooseLanguage(platform: Platform, language: Language): void {
  apply(language);
  platform.setLanguage(language);
}
