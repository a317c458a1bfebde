/**
 * The CSV loader's edge cases (decimal commas, missing values, mostly-text columns, files in
 * another encoding), the built-in data sets, and the embedded copies of the shipped CSV files
 * (which must equal data/*.csv byte for byte).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  builtinDatasets,
  findBuiltin,
  parseCsv,
  type CsvOptions,
  type Dataset,
  type Diagnostic,
} from '../../src/engine/index.js';
import { digitsCsv } from '../../src/engine/datasets/digits.js';
import { irisCsv } from '../../src/engine/datasets/iris.js';

function parsed(text: string, options?: CsvOptions): Dataset {
  const result = parseCsv(text, 'data.csv', options);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.where}: ${d.message}`).join('\n'));
  return result.value;
}

function problems(text: string, options?: CsvOptions): Diagnostic[] {
  const result = parseCsv(text, 'data.csv', options);
  expect(result.ok, 'expected the CSV to be refused').toBe(false);
  return result.ok ? [] : result.diagnostics;
}

const rowsOf = (d: Dataset) =>
  Array.from({ length: d.rows }, (_, r) =>
    Array.from(d.values.subarray(r * d.columns.length, (r + 1) * d.columns.length)),
  );

describe('parseCsv', () => {
  it('reads quoted cells with commas, line breaks and escaped quotes', () => {
    const d = parsed('name,a,b\n"x, y",1,2\n"multi\nline",3,4\n"say ""hi""", 5 ,"6"\n');
    expect(d.columns).toEqual(['name', 'a', 'b']);
    expect(d.categories).toEqual({ name: ['multi\nline', 'say "hi"', 'x, y'] });
    expect(rowsOf(d)).toEqual([
      [2, 1, 2],
      [0, 3, 4],
      [1, 5, 6],
    ]);
    // The quoted line break moves the next record to line 5.
    expect(Array.from(d.lines!)).toEqual([2, 3, 5]);
  });

  it.each([
    ['CRLF line ends', 'a,b\r\n1,2\r\n3,4\r\n'],
    ['a byte order mark', '\ufeffa,b\n1,2\n3,4'],
    ['semicolons', 'a;b\n1;2\n3;4\n'],
    ['tabs', 'a\tb\n1\t2\n3\t4\n'],
    ['blank and space-only lines', '\na,b\n\n1,2\n   \n3,4\n\n\n'],
    ['spaces around cells', ' a , b \n 1 ,2\n3, 4 \n'],
    ['old Mac line ends', 'a,b\r1,2\r3,4'],
  ])('reads %s', (_what, text) => {
    const d = parsed(text);
    expect(d.columns).toEqual(['a', 'b']);
    expect(rowsOf(d)).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('keeps the file line of every row across blank lines and with CRLF or CR line ends', () => {
    expect(Array.from(parsed('a,b\n\n1,2\n   \n3,4\n').lines!)).toEqual([3, 5]);
    expect(Array.from(parsed('a,b\r\n\r\n1,2\r\n3,4\r\n').lines!)).toEqual([3, 4]);
    expect(Array.from(parsed('a,b\r1,2\r\r3,4').lines!)).toEqual([2, 4]);
    expect(problems('a,b\r\n1,2\r\n3\r\n').map((d) => d.where)).toEqual(['data.csv, line 3']);
  });

  it('reads numbers in every JSON-like notation', () => {
    const d = parsed('v\n-1.5\n+2\n.25\n3.\n1e-3\n-2E+2\n007\n');
    expect(Array.from(d.values)).toEqual([-1.5, 2, 0.25, 3, 0.001, -200, 7]);
  });

  it('refuses ragged rows, naming each line', () => {
    const found = problems('a,b\n1,2\n3\n4,5,6\n7,8\n');
    expect(found.map((d) => d.where)).toEqual(['data.csv, line 3', 'data.csv, line 4']);
    expect(found[0].message).toContain('1 cells but the header has 2 columns');
    expect(found[1].message).toContain('3 cells');
  });

  it('refuses empty cells, naming line and column', () => {
    const found = problems('a,b,c\n1,,3\n4,5,6\n');
    expect(found.map((d) => [d.where, d.message])).toEqual([
      ['data.csv, line 2, column 2 (b)', expect.stringContaining('empty')],
    ]);
  });

  it.each([['NaN'], ['nan'], ['inf'], ['-Infinity'], ['+INF']])('refuses %s', (cell) => {
    const found = problems(`a,b\n1,2\n3,${cell}\n5,6\n`);
    expect(found).toHaveLength(1);
    expect(found[0].where).toBe('data.csv, line 3, column 2 (b)');
    expect(found[0].message).toContain('finite');
  });

  it('refuses numbers too large for a double', () => {
    const found = problems('a\n1\n1e999\n');
    expect(found.map((d) => d.where)).toEqual(['data.csv, line 3, column 1 (a)']);
    expect(found[0].message).toContain('too large');
  });

  it('names a cell that is not a number by line and column', () => {
    const found = problems('a,b\n1,2\n3,x4\n5,6\n7,8\n');
    expect(found).toHaveLength(1);
    expect(found[0].where).toBe('data.csv, line 3, column 2 (b)');
    expect(found[0].message).toBe("'x4' is not a number");
  });

  it('lists at most 20 problems and counts the rest', () => {
    const text = `a,b\n${Array.from({ length: 30 }, (_, i) => `${i},oops${i % 2 ? '' : 'x'}`).join('\n')}\n${Array.from({ length: 40 }, (_, i) => `${i},${i}`).join('\n')}\n`;
    const found = problems(text);
    expect(found).toHaveLength(21);
    expect(found[20].message).toBe('… and 10 more problems');
  });

  it('maps a text column to class indices in sorted order (iris)', () => {
    const d = parsed(irisCsv);
    expect(d.columns).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species']);
    expect(d.rows).toBe(150);
    expect(d.categories).toEqual({ species: ['setosa', 'versicolor', 'virginica'] });
    const text = irisCsv
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','));
    text.forEach((cells, r) => {
      expect(d.values[r * 5 + 4]).toBe(['setosa', 'versicolor', 'virginica'].indexOf(cells[4]));
      for (let c = 0; c < 4; c++) expect(d.values[r * 5 + c]).toBe(Number(cells[c]));
    });
    const counts = [0, 1, 2].map((k) => text.filter((cells) => cells[4] === d.categories.species[k]).length);
    expect(counts).toEqual([50, 50, 50]);
  });

  it('a column named like an Object.prototype member is an ordinary column', () => {
    const d = parsed('constructor,__proto__\n1,a\n2,b\n');
    expect(d.columns).toEqual(['constructor', '__proto__']);
    expect(Object.keys(d.categories)).toEqual(['__proto__']);
    expect(d.categories.__proto__).toEqual(['a', 'b']);
  });

  it('refuses an empty file and a file of blank lines', () => {
    for (const text of ['', '\n\n  \n', '\ufeff']) {
      const found = problems(text);
      expect(found).toHaveLength(1);
      expect(found[0].message).toContain('empty');
    }
  });

  it('refuses a header without rows', () => {
    expect(problems('a,b\n')[0].message).toContain('no data rows');
  });

  it('refuses a first line of numbers (no header)', () => {
    const found = problems('1,2\n3,4\n');
    expect(found[0].where).toBe('data.csv, line 1');
    expect(found[0].message).toContain('header');
  });

  it('refuses duplicate and empty column names', () => {
    const found = problems('a,b,a,\n1,2,3,4\n');
    expect(found.map((d) => d.where)).toEqual(['data.csv, line 1, column 3', 'data.csv, line 1, column 4']);
    expect(found[0].message).toContain("'a' appears twice");
    expect(found[1].message).toContain('empty column name');
  });

  it('refuses a quote that is never closed, naming where it opens', () => {
    const found = problems('a,b\n1,2\n3,"4\n5,6\n');
    expect(found.map((d) => d.where)).toEqual(['data.csv, line 3']);
    expect(found[0].message).toContain('never closed');
  });
});

const irisFile = readFileSync(new URL('../../data/iris.csv', import.meta.url), 'utf8');
/** A file as a European spreadsheet exports it: semicolons between cells, decimal commas. */
const european = (text: string) => text.replaceAll(',', ';').replaceAll('.', ',');

describe('decimal commas', () => {
  it('reads a semicolon file with decimal commas as numbers (issue 9: it became 28 classes)', () => {
    const d = parsed('Gewicht;Größe;Klasse\n12,85;1,71;a\n3,5;1,65;b\n-0,25;1,8;a\n7;2;b\n');
    expect(d.categories).toEqual({ Klasse: ['a', 'b'] });
    expect(rowsOf(d)).toEqual([
      [12.85, 1.71, 0],
      [3.5, 1.65, 1],
      [-0.25, 1.8, 0],
      [7, 2, 1],
    ]);
    expect(d.csv!.columns.map((c) => [c.name, c.kind, c.decimalComma])).toEqual([
      ['Gewicht', 'number', true],
      ['Größe', 'number', true],
      ['Klasse', 'category', false],
    ]);
  });

  it('reads iris exported with semicolons and decimal commas exactly as the original', () => {
    const original = parsed(irisFile);
    const converted = parsed(european(irisFile));
    expect(converted.columns).toEqual(original.columns);
    expect(converted.categories).toEqual(original.categories);
    expect(Array.from(converted.values)).toEqual(Array.from(original.values));
    // The preview shows the cells as the file writes them.
    expect(converted.csv!.preview[0]).toEqual(['5,1', '3,5', '1,4', '0,2', 'setosa']);
    expect(original.csv!.preview[0]).toEqual(['5.1', '3.5', '1.4', '0.2', 'setosa']);
  });

  it('reads decimal commas in a tab-separated file and with exponents', () => {
    expect(Array.from(parsed('a\tb\n1,5\t2,5e3\n-3\t,5\n').values)).toEqual([1.5, 2500, -3, 0.5]);
  });

  it('never takes a comma for a decimal mark in a comma-separated file', () => {
    const d = parsed('a,b\n"1,5",1\n"2,5",2\n');
    expect(d.categories).toEqual({ a: ['1,5', '2,5'] });
  });

  it('refuses a column that mixes decimal points and commas, naming a line of each', () => {
    const found = problems('a;b\n1;1,5\n2;2.25\n');
    expect(found).toEqual([
      {
        code: 'data',
        severity: 'error',
        where: 'data.csv, column 2 (b)',
        message:
          'the column mixes decimal points (line 3: 2.25) and decimal commas (line 2: 1,5); write its numbers one way',
        key: 'csv.mixedDecimals',
        values: { dotLine: 3, dot: '2.25', commaLine: 2, comma: '1,5' },
      },
    ]);
  });
});

describe('missing values', () => {
  const text = 'a,b,label\n1,,x\n2,3,y\nNA,4,x\n5,6,?\n7,8,y\n';

  it('refuses them by default, each named by line and column, and counts the rows for the choice', () => {
    const result = parseCsv(text, 'data.csv');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.map((d) => [d.where, d.message])).toEqual([
      ['data.csv, line 2, column 2 (b)', 'the cell is empty; every cell needs a value'],
      ['data.csv, line 4, column 1 (a)', "'NA' marks a missing value; every cell needs a value"],
      ['data.csv, line 5, column 3 (label)', "'?' marks a missing value; every cell needs a value"],
    ]);
    expect(result.missing).toEqual({ rows: 3, cells: 3, columns: ['a', 'b', 'label'] });
  });

  it('drops the rows that have any, keeping the file lines of the others', () => {
    const result = parseCsv(text, 'data.csv', { missing: 'drop' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const d = result.value;
    expect(rowsOf(d)).toEqual([
      [2, 3, 1],
      [7, 8, 1],
    ]);
    expect(Array.from(d.lines!)).toEqual([3, 6]);
    expect(d.categories).toEqual({ label: ['x', 'y'] });
    expect(d.csv!.preview).toEqual([
      ['2', '3', 'y'],
      ['7', '8', 'y'],
    ]);
    expect(result.warnings.map((w) => w.message)).toEqual([
      'dropped 3 rows with missing values (lines 2, 4, 5); 2 remain',
    ]);
  });

  it('fills each with its column mean (a class column: its most frequent class)', () => {
    const result = parseCsv(text, 'data.csv', { missing: 'mean' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    // Means of the present values: a = (1+2+5+7)/4, b = (3+4+6+8)/4; label: x and y twice each, x first.
    expect(rowsOf(result.value)).toEqual([
      [1, 21 / 4, 0],
      [2, 3, 1],
      [15 / 4, 4, 0],
      [5, 6, 0],
      [7, 8, 1],
    ]);
    expect(result.value.csv!.missing).toMatchObject({ policy: 'mean', fill: { a: 3.75, b: 5.25, label: 'x' } });
    expect(result.value.csv!.preview[0]).toEqual(['1', null, 'x']);
    expect(result.warnings[0].message).toBe(
      "filled 3 missing values in 3 rows: a with its mean 3.75, b with its mean 5.25, label with its most frequent class 'x'",
    );
  });

  it('refuses to drop every row', () => {
    expect(problems('a,b\n1,\n,2\n', { missing: 'drop' })[0].message).toContain('leaves no data');
  });

  it('still refuses what no choice repairs (ragged rows), with the missing values counted', () => {
    const result = parseCsv('a,b\n1,\n2\n3,4\n', 'data.csv', { missing: 'drop' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.map((d) => d.where)).toEqual(['data.csv, line 3']);
  });
});

describe('columns that are mostly text', () => {
  const text = 'v,y\n10,1\n9,0\nlow,1\nhigh,0\nhigh,1\n';

  it('become classes with a warning that names the column and its numbers (issue 11)', () => {
    const result = parseCsv(text, 'data.csv');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.categories).toEqual({ v: ['10', '9', 'high', 'low'] });
    expect(result.warnings).toEqual([
      {
        code: 'data',
        severity: 'warning',
        where: 'data.csv, column 1 (v)',
        message:
          "the column is read as classes, since 3 of its 5 values are text ('low', 'high'); its 2 numbers become classes too. If the text marks missing values, read the column as numbers",
        key: 'csv.readAsClasses',
        values: { text: 3, total: 5, examples: "'low', 'high'", count: 2 },
      },
    ]);
    expect(result.value.csv!.columns[0]).toMatchObject({ kind: 'category', chosen: false, numbers: 2, text: 3 });
  });

  it('read as numbers when the user says so: the text cells are then missing values', () => {
    const refused = problems(text, { columnKinds: { v: 'number' } });
    expect(refused.map((d) => [d.where, d.message])).toEqual([
      ['data.csv, line 4, column 1 (v)', "'low' is not a number"],
      ['data.csv, line 5, column 1 (v)', "'high' is not a number"],
      ['data.csv, line 6, column 1 (v)', "'high' is not a number"],
    ]);
    const d = parsed(text, { columnKinds: { v: 'number' }, missing: 'drop' });
    expect(rowsOf(d)).toEqual([
      [10, 1],
      [9, 0],
    ]);
    expect(d.categories).toEqual({});
  });

  it('a number column read as classes when the user says so, without a warning', () => {
    const result = parseCsv('c,y\n3,1\n1,0\n2,1\n', 'data.csv', { columnKinds: { c: 'category' } });
    expect(result.ok && result.value.categories).toEqual({ c: ['1', '2', '3'] });
    expect(result.ok && result.warnings).toEqual([]);
    expect(result.ok && rowsOf(result.value).map((r) => r[0])).toEqual([2, 0, 1]);
  });

  it('a choice for a column named like an Object.prototype member applies to that column only', () => {
    const d = parsed('constructor,y\n1,2\n3,4\n', { columnKinds: JSON.parse('{"toString":"category"}') });
    expect(d.categories).toEqual({});
  });
});

describe('numbers written another way (issue 9: a numeric-looking column taken as classes says so)', () => {
  const read = (text: string, column: string) => parsed(text, { columnKinds: { [column]: 'number' } });
  const warningsOf = (text: string) => {
    const result = parseCsv(text, 'data.csv');
    return result.ok ? result.warnings.map((w) => w.message) : [];
  };
  const firstColumn = (d: Dataset) => rowsOf(d).map((r) => r[0]);

  it.each([
    [
      'digits grouped by commas (quoted in a comma file)',
      'p,y\n"1,234.50",1\n"12,000",0\n"-7.25",1\n',
      [1234.5, 12000, -7.25],
    ],
    ['a decimal comma in a comma file (quoted)', 'p,y\n"12,85",1\n"1,71",0\n"-0,5",1\n', [12.85, 1.71, -0.5]],
    ['grouping by points and a decimal comma', 'p;y\n1.234,50;1\n12.000,00;0\n1.000.000;1\n', [1234.5, 12000, 1e6]],
    [
      'grouping by spaces (also no-break ones)',
      'p;y\n1 234,5;1\n12\u00a0000;0\n3\u202f000\u202f000;1\n',
      [1234.5, 12000, 3e6],
    ],
    ['grouping by apostrophes', "p,y\n1'234.5,1\n12'000,0\n7,1\n", [1234.5, 12000, 7]],
    ['a percent sign', 'p,y\n12%,1\n7.5 %,0\n30%,1\n', [12, 7.5, 30]],
    ['a currency sign and digit grouping', 'p,y\n"$1,200",1\n$35,0\n$-7.50,1\n', [1200, 35, -7.5]],
    ['a unit after a space', 'p;y\n3,5 kg;1\n12 kg;0\n0,25 kg;1\n', [3.5, 12, 0.25]],
  ])('%s: read as classes with a warning, and as those numbers when chosen', (_, text, numbers) => {
    const classes = parsed(text);
    expect(Object.keys(classes.categories)).toEqual(['p']);
    const [warning] = warningsOf(text);
    expect(warning).toMatch(
      /^the column is read as classes, but \d+ of its \d+ text values look like numbers written with /,
    );
    expect(warning).toContain('choose to read the column as numbers to take them so');
    const d = read(text, 'p');
    expect(d.categories).toEqual({});
    expect(firstColumn(d)).toEqual(numbers);
    expect(d.csv!.columns[0].written).toMatchObject({ applied: true });
    // The preview keeps the cells as the file writes them.
    expect(d.csv!.preview[0][0]).toBe(
      text
        .split('\n')[1]
        .split(/[,;](?=[^,;]*$)/)[0]
        .replaceAll('"', ''),
    );
  });

  it('names what the cells write and shows two of them with their numbers', () => {
    expect(warningsOf('preis;y\n1.234,50;1\n12.000,00;0\n35,10;1\n')).toEqual([
      "the column is read as classes, but 2 of its 2 text values look like numbers written with digits grouped by ‘.’ and a decimal comma ('1.234,50' = 1234.5, '12.000,00' = 12000); choose to read the column as numbers to take them so",
    ]);
    expect(parsed('preis;y\n1.234,50;1\n12.000,00;0\n35,10;1\n').csv!.columns[0].written).toMatchObject({
      group: '.',
      decimal: ',',
      decimalComma: true,
      prefix: '',
      suffix: '',
      cells: 2,
      ambiguous: false,
      applied: false,
    });
  });

  it('says when the file leaves the decimal mark open, and takes the delimiter’s custom', () => {
    const text = 'p,y\n"1,234",1\n"12,500",0\n';
    const [warning] = warningsOf(text);
    expect(warning).toContain(
      "the file does not show whether ',' groups digits or marks decimals, so it is taken to group digits, as is usual in comma-separated files",
    );
    expect(firstColumn(read(text, 'p'))).toEqual([1234, 12500]);
    // One cell that can only be a decimal comma settles it for the column.
    expect(firstColumn(read('p,y\n"1,234",1\n"12,5",0\n', 'p'))).toEqual([1.234, 12.5]);
    // So do the column's plain numbers: a decimal point here, so ',' groups digits.
    expect(firstColumn(read('p,y\n"1,250",1\n0.5,0\n"2,000",0\n', 'p'))).toEqual([1250, 0.5, 2000]);
  });

  it('a number column’s cells written another way count as missing, the message says what they are', () => {
    const text = 'p,y\n1,1\n2,0\n"1,234.5",1\n3,0\n';
    expect(problems(text).map((d) => [d.where, d.message])).toEqual([
      [
        'data.csv, line 4, column 1 (p)',
        "'1,234.5' is not a number as written (with digits grouped by ‘,’ it is 1234.5: choose to read the column as numbers to take it so)",
      ],
    ]);
    expect(firstColumn(read(text, 'p'))).toEqual([1, 2, 1234.5, 3]);
  });

  it('leaves labels, dates, versions and codes alone', () => {
    for (const cells of [
      ['c1', 'c2', 'c3'],
      ['type 1', 'type 2', 'type 3'],
      ['2023-05-12', '2023-06-01', '2024-01-31'],
      ['12.05.2023', '01.06.2023', '31.01.2024'],
      ['1.2.3', '1.10.0', '2.0.1'],
      ['10k', '20k', '5k'],
      ['12:30', '7:05', '23:59'],
    ]) {
      const text = `v;y\n${cells.map((c, i) => `${c};${i}`).join('\n')}\n`;
      expect(warningsOf(text), cells.join(' ')).toEqual([]);
      expect(parsed(text).csv!.columns[0].written, cells.join(' ')).toBeUndefined();
    }
  });

  it('reads only cells written the column’s way; the others stay missing values, named', () => {
    const text = 'p,y\n12%,1\n7.5%,0\nabout 3,1\n30%,0\n';
    expect(problems(text, { columnKinds: { p: 'number' } }).map((d) => d.message)).toEqual([
      "'about 3' is not a number",
    ]);
    expect(firstColumn(parsed(text, { columnKinds: { p: 'number' }, missing: 'drop' }))).toEqual([12, 7.5, 30]);
  });

  it('read as classes when the user says so, without a warning', () => {
    const result = parseCsv('p,y\n12%,1\n7%,0\n', 'data.csv', { columnKinds: { p: 'category' } });
    expect(result.ok && result.warnings).toEqual([]);
    expect(result.ok && result.value.csv!.columns[0].written).toBeUndefined();
  });
});

describe('files that are not UTF-8 text', () => {
  const csv = 'a,b\n1,2\n3,4\n';
  const utf16 = 'this file is UTF-16 text; save it as UTF-8 (in a spreadsheet: Save As → “CSV UTF-8”)';
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]);
  const be = Buffer.from(le.toString('utf16le'), 'utf16le').swap16();

  it.each([
    ['UTF-16 LE with its byte order mark, read as UTF-8', le.toString('utf8')],
    ['UTF-16 BE with its byte order mark, read as UTF-8', be.toString('utf8')],
    ['UTF-16 LE without a byte order mark', Buffer.from(csv, 'utf16le').toString('utf8')],
    ['UTF-16 LE read as Latin-1', le.toString('latin1')],
    ['UTF-16 LE decoded by TextDecoder', new TextDecoder().decode(le)],
  ])('%s: says so instead of "the row has 1 cells"', (_what, text) => {
    expect(problems(text).map((d) => d.message)).toEqual([utf16]);
  });

  it('a workbook and a binary file are named as such', () => {
    expect(problems('PK\u0003\u0004\u0014\u0000\u0006\u0000')[0].message).toContain('zip archive');
    expect(problems('a,b\n1,2\u0000\u0001\n')[0].message).toContain('NUL bytes');
  });
});

describe('size', () => {
  // How the time grows with the columns (linear since issue 11: 100,000 columns took 7.9 s) is
  // checked by `npm run bench:csv`; here, that a header that wide is read right.
  it('finds a duplicate among 100,000 column names', () => {
    const n = 100_000;
    const found = problems(`${Array.from({ length: n }, (_, i) => `c${i}`).join(',')},c0\n${'1,'.repeat(n)}1\n`);
    expect(found.map((d) => [d.where, d.message])).toEqual([
      [`data.csv, line 1, column ${n + 1}`, "column name 'c0' appears twice (also column 1)"],
    ]);
  });

  it('keeps a view only when it wastes little, so a clone of the values stays their size', () => {
    const d = parsed(`a,b\n${'1.5,2\n'.repeat(5000)}`);
    expect(d.values.length).toBe(10_000);
    expect(d.values.buffer.byteLength).toBeLessThanOrEqual(10_000 * 8 * 1.125);
  });
});

describe('embedded data sets', () => {
  const file = (name: string) => readFileSync(new URL(`../../data/${name}`, import.meta.url), 'utf8');

  it('digits equal data/digits-8x8.csv byte for byte', () => {
    expect(digitsCsv === file('digits-8x8.csv')).toBe(true);
  });

  it('iris equals data/iris.csv byte for byte', () => {
    expect(irisCsv === file('iris.csv')).toBe(true);
  });

  it('digits: 1,797 rows of 64 pixel counts 0–16 and a label 0–9', () => {
    const d = findBuiltin('digits')!.load();
    expect(d.rows).toBe(1797);
    expect(d.columns).toEqual([...Array.from({ length: 64 }, (_, i) => `p${i}`), 'label']);
    expect(d.targetColumns).toEqual(['label']);
    const labels = new Set<number>();
    for (let r = 0; r < d.rows; r++) {
      for (let c = 0; c < 64; c++) {
        const v = d.values[r * 65 + c];
        expect(Number.isInteger(v) && v >= 0 && v <= 16).toBe(true);
      }
      labels.add(d.values[r * 65 + 64]);
    }
    expect([...labels].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe('built-in data sets', () => {
  it('every built-in loads, with its target columns among its columns', () => {
    for (const set of builtinDatasets) {
      const d = set.load();
      expect(d.values.length).toBe(d.rows * d.columns.length);
      expect(d.values.every(Number.isFinite)).toBe(true);
      for (const t of d.targetColumns ?? []) expect(d.columns).toContain(t);
    }
  });

  it.each([
    ['and', (a: number, b: number) => a & b],
    ['or', (a: number, b: number) => a | b],
    ['xor', (a: number, b: number) => a ^ b],
  ])('%s is the truth table', (name, fn) => {
    const d = findBuiltin(name)!.load();
    expect(rowsOf(d).sort()).toEqual(
      [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
      ]
        .map(([a, b]) => [a, b, fn(a, b)])
        .sort(),
    );
  });

  it('not is the truth table', () => {
    expect(rowsOf(findBuiltin('not')!.load()).sort()).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it('sine samples sin at evenly spaced points of [−π, π]', () => {
    const d = findBuiltin('sine')!.load({ samples: 50 });
    expect(d.rows).toBe(50);
    rowsOf(d).forEach(([x, y], i) => {
      expect(x).toBeCloseTo(-Math.PI + (2 * Math.PI * i) / 49, 12);
      expect(y).toBeCloseTo(Math.sin(x), 12);
    });
    // Noise: zero-mean with the requested standard deviation.
    const noisy = rowsOf(findBuiltin('sine')!.load({ samples: 400, noise: 0.1, seed: 3 }));
    const residuals = noisy.map(([x, y]) => y - Math.sin(x));
    const mean = residuals.reduce((s, v) => s + v, 0) / 400;
    const std = Math.sqrt(residuals.reduce((s, v) => s + (v - mean) ** 2, 0) / 400);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(std).toBeGreaterThan(0.09);
    expect(std).toBeLessThan(0.11);
  });

  it.each([['circle'], ['spiral'], ['gaussians']])(
    '%s is reproducible from its seed, balanced, and has the requested size',
    (name) => {
      const set = findBuiltin(name)!;
      const a = set.load({ samples: 200, seed: 4 });
      expect(a.rows).toBe(200);
      expect(Array.from(set.load({ samples: 200, seed: 4 }).values)).toEqual(Array.from(a.values));
      expect(Array.from(set.load({ samples: 200, seed: 5 }).values)).not.toEqual(Array.from(a.values));
      const labels = rowsOf(a).map((r) => r[2]);
      expect(labels.filter((l) => l === 1).length).toBe(100);
      expect(labels.filter((l) => l === 0).length).toBe(100);
    },
  );

  it('circle puts label 1 inside radius 0.5 and label 0 outside 0.7 (without noise)', () => {
    for (const [x, y, label] of rowsOf(findBuiltin('circle')!.load({ samples: 300, noise: 0 }))) {
      const r = Math.hypot(x, y);
      if (label === 1) expect(r).toBeLessThanOrEqual(0.5);
      else expect(r).toBeGreaterThanOrEqual(0.7);
    }
  });
});
