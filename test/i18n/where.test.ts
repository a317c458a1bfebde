/** Where a problem is, told in the user's language from the forms the engine writes, names kept as they are. */
import { describe, expect, it } from 'vitest';
import { createI18n, english, translator } from '../../src/i18n/index.js';
import { describeWhere, whereParts } from '../../src/i18n/where.js';

const ru = translator(createI18n('ru'));

describe('where a problem is', () => {
  it.each([
    'line 3, column 2',
    'node h',
    'edge x→h',
    "output 'y'",
    "input 'x'",
    'operator Frobnicate',
    '(document)',
    '(file)',
    '(graph)',
    '(batch)',
    'nodes[3].params.out',
    'format',
    'data.csv, line 4',
    'data.csv, line 4, column 2',
    'data.csv, line 4, column 2 (x1)',
    'data.csv, column 2 (x1)',
    "my, data.csv, row 7, column 'x1'",
  ])('English tells %s as the engine wrote it', (where) => {
    expect(describeWhere(where, english)).toBe(where);
  });

  it('Russian tells the words and keeps the names', () => {
    expect(describeWhere('line 3, column 2', ru)).toBe('строка 3, столбец 2');
    expect(describeWhere('node h', ru)).toBe('блок h');
    expect(describeWhere('edge x→h', ru)).toBe('связь x→h');
    expect(describeWhere('(document)', ru)).toBe('(документ)');
    expect(describeWhere('nodes[3].params.out', ru)).toBe('nodes[3].params.out');
    expect(describeWhere('data.csv, line 4, column 2 (x1)', ru)).toBe('data.csv, строка 4, столбец 2 (x1)');
    expect(describeWhere("a, b.csv, line 4, column 'x1'", ru)).toBe('a, b.csv, строка 4, столбец «x1»');
  });

  it('names are parts of their own, for translate="no"', () => {
    expect(whereParts('node h', ru)).toEqual([
      { text: 'блок ', name: false },
      { text: 'h', name: true },
    ]);
    expect(whereParts('data.csv, column 2 (x1)', ru)).toEqual([
      { text: 'data.csv', name: true },
      { text: ', ', name: false },
      { text: 'столбец 2 (', name: false },
      { text: 'x1', name: true },
      { text: ')', name: false },
    ]);
    expect(whereParts('nodes[0].id', ru)).toEqual([{ text: 'nodes[0].id', name: true }]);
  });
});
