/**
 * A phrase of the engine or the training session told in the page's language (as `say`), with
 * the names it carries — block ids, parameter keys, data sources — rendered as they are, inside
 * `translate="no"`: they are the same in every language. Numbers and nested phrases are told.
 */
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { Phrase, PhraseValue } from '../../../engine/index.js';
import { NUMBER } from '../../../i18n/index.js';
import { say } from '../i18n.js';

const MARK = /\uE000(\d+)\uE001/;

export function Said({ p }: { p: Phrase }) {
  // Re-rendered when the language changes.
  useTranslation();
  const names: string[] = [];
  const values: Record<string, PhraseValue> = {};
  for (const [key, v] of Object.entries(p.values ?? {})) {
    if (typeof v === 'string' && v !== '' && v !== '—' && !NUMBER.test(v)) {
      values[key] = `\uE000${names.length}\uE001`;
      names.push(v);
    } else values[key] = v;
  }
  const parts = say({ key: p.key, values }).split(MARK);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <span key={i} translate="no">
            {names[Number(part)]}
          </span>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}
