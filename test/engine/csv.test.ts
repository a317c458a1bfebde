/**
 * The CSV loader's edge cases, the built-in data sets, and the embedded copies of the shipped
 * CSV files (which must equal data/*.csv byte for byte).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinDatasets, findBuiltin, parseCsv, type Dataset, type Diagnostic } from '../../src/engine/index.js';
import { digitsCsv } from '../../src/engine/datasets/digits.js';
import { irisCsv } from '../../src/engine/datasets/iris.js';

function parsed(text: string): Dataset {
  const result = parseCsv(text, 'data.csv');
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.where}: ${d.message}`).join('\n'));
  return result.value;
}

function problems(text: string): Diagnostic[] {
  const result = parseCsv(text, 'data.csv');
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
