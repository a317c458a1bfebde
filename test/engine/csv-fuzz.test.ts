/**
 * A seeded fuzz suite over CSV text: real files (data/iris.csv and data/digits-8x8.csv, the
 * project's copies of shared/data, and examples/data/anscombe.csv), as written and as a European
 * spreadsheet exports them, mutated — characters inserted (quotes, delimiters, line ends, NULs,
 * byte order marks), cells replaced by missing markers, infinities and huge numbers, lines
 * duplicated, dropped or cut, the body repeated — and read with every choice the data panel offers.
 * Asserted for each: no exception escapes the loader, the parse finishes within a bound, the
 * values it allocates stay proportional to the text, and what it accepts is well formed.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CsvOptions, parseCsv } from '../../src/engine/index.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const head = (text: string, lines: number) => `${text.split('\n').slice(0, lines).join('\n')}\n`;
const european = (text: string) => text.replaceAll(',', ';').replaceAll('.', ',');
const iris = read('data/iris.csv');
const bases = [
  iris,
  european(iris),
  head(read('data/digits-8x8.csv'), 120),
  read('examples/data/anscombe.csv'),
  european(read('examples/data/anscombe.csv')),
];

/** A time no parse of these inputs (at most a few hundred kB) may exceed, even on a loaded machine. */
const TIME_BOUND_MS = 5000;

const pieces = [
  '"',
  '""',
  ',',
  ';',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\u0000',
  '\ufeff',
  '\ufffd',
  ' ',
  'NA',
  '?',
  'NaN',
  'inf',
  '-Infinity',
  '1e999',
  '1e39',
  '-0',
  '.5',
  '3.',
  '1,5',
  'e',
  '-',
  'x',
  'é',
  '__proto__',
  'constructor',
  '"1,234.5"',
  '1.234,5',
  '12 %',
  '$7',
  '1\u00a0234',
  ' kg',
];

type Mutation =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate-line'; at: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'repeat-body'; times: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      text: fc.constantFrom(...pieces),
    }) as fc.Arbitrary<Mutation>,
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('delete' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      length: fc.integer({ min: 1, max: 40 }),
    }) as fc.Arbitrary<Mutation>,
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('duplicate-line' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
    }) as fc.Arbitrary<Mutation>,
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('truncate' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
    }) as fc.Arbitrary<Mutation>,
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('repeat-body' as const),
      times: fc.integer({ min: 2, max: 12 }),
    }) as fc.Arbitrary<Mutation>,
  },
);

function mutate(text: string, m: Mutation): string {
  const at = (x: number) => Math.floor(x * text.length);
  switch (m.kind) {
    case 'insert':
      return text.slice(0, at(m.at)) + m.text + text.slice(at(m.at));
    case 'delete':
      return text.slice(0, at(m.at)) + text.slice(at(m.at) + m.length);
    case 'duplicate-line': {
      const lines = text.split('\n');
      const k = Math.floor(m.at * lines.length);
      lines.splice(k, 0, lines[k] ?? '');
      return lines.join('\n');
    }
    case 'truncate':
      return text.slice(0, at(m.at));
    case 'repeat-body': {
      const nl = text.indexOf('\n');
      return nl < 0 ? text : text.slice(0, nl + 1) + text.slice(nl + 1).repeat(m.times);
    }
  }
}

const options: fc.Arbitrary<CsvOptions> = fc.record(
  {
    missing: fc.constantFrom('refuse' as const, 'drop' as const, 'mean' as const),
    columnKinds: fc.dictionary(
      fc.constantFrom('species', 'label', 'x1', 'y1', 'sepal_length', 'p0', '__proto__', 'constructor'),
      fc.constantFrom('number' as const, 'category' as const),
    ),
  },
  { requiredKeys: [] },
);

describe('CSV fuzzing', () => {
  it('no exception escapes parseCsv; it finishes in bounded time and memory; what it accepts is well formed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...bases.keys()),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        options,
        (base, mutations, chosen) => {
          const text = mutations.reduce(mutate, bases[base]);
          const start = performance.now();
          const result = parseCsv(text, 'fuzz.csv', chosen);
          expect(performance.now() - start).toBeLessThan(TIME_BOUND_MS);
          if (!result.ok) {
            expect(result.diagnostics.length).toBeGreaterThan(0);
            expect(result.diagnostics.length).toBeLessThanOrEqual(21);
            for (const d of result.diagnostics) {
              expect(typeof d.where).toBe('string');
              expect(d.message.length).toBeGreaterThan(0);
            }
            return;
          }
          const d = result.value;
          const cols = d.columns.length;
          expect(d.values.length).toBe(d.rows * cols);
          // Every row takes at least a delimiter per column in the text: the values stay proportional to it.
          expect(d.values.buffer.byteLength).toBeLessThanOrEqual(8 * 1.125 * (text.length + cols));
          expect(d.rows).toBeGreaterThan(0);
          expect(d.values.every(Number.isFinite)).toBe(true);
          expect(d.lines!.length).toBe(d.rows);
          for (let r = 1; r < d.rows; r++) expect(d.lines![r]).toBeGreaterThan(d.lines![r - 1]);
          for (const [c, names] of Object.entries(d.categories)) {
            const k = d.columns.indexOf(c);
            for (let r = 0; r < d.rows; r++) {
              const v = d.values[r * cols + k];
              expect(Number.isInteger(v) && v >= 0 && v < names.length).toBe(true);
            }
          }
          expect(d.csv!.preview.length).toBeLessThanOrEqual(Math.min(100, d.rows));
        },
      ),
      { seed: 11_2026, numRuns: 400 },
    );
  });

  it('refuses a file of any text it cannot read without throwing (random strings and bytes decoded as UTF-8)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 400 }),
          fc.string({ unit: 'binary', maxLength: 400 }),
          fc.uint8Array({ maxLength: 400 }).map((b) => new TextDecoder().decode(b)),
        ),
        options,
        (text, chosen) => {
          const result = parseCsv(text, 'fuzz.csv', chosen);
          expect(typeof result.ok).toBe('boolean');
        },
      ),
      { seed: 7, numRuns: 1000 },
    );
  });
});
