/** Russian. Plural forms: `_one` (1, 21), `_few` (2–4, 22–24), `_many` (5–20, 25…), `_other` (fractions). */
import type { Catalogue } from '../index.js';

export const ru: Catalogue = {
  language: {
    menu: 'Язык',
  },
};
