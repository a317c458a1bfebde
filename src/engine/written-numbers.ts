/**
 * Numbers a CSV writes in a way plain parsing does not read: digits in groups (`1,234.50`,
 * `1.234,50`, `1 234,5`, `1'234.5`), a decimal comma in a comma-separated file (quoted, `"12,85"`),
 * a currency sign before or a unit after (`$1,200`, `12 %`, `3.5 kg`). Such a column is read as
 * classes unless the user chooses to read it as numbers; this module finds how the column writes
 * its numbers (one way for the whole column) and reads its cells that way.
 */

/** How a column writes its numbers (see the file comment). */
export interface NumberWriting {
  /** What separates groups of three digits ('' for none; ' ' stands for any space, "'" also for ’). */
  group: string;
  decimal: '.' | ',';
  /** Text before and after every number ('' for none): a currency sign, '%', a unit. */
  prefix: string;
  suffix: string;
}

export interface WrittenNumbers extends NumberWriting {
  /** Whether the cells write a decimal comma (not only take a comma-file's custom of none). */
  decimalComma: boolean;
  /** Text cells that read as numbers this way. */
  cells: number;
  /** Whether the file alone leaves the decimal mark open (`1,234` could be 1234 or 1.234): the delimiter's custom decided. */
  ambiguous: boolean;
  /** A few of those cells with the numbers they read as. */
  examples: { text: string; value: number }[];
  /** Whether the column's cells were read this way (the user chose to read it as numbers). */
  applied: boolean;
}

/** Group marks; a no-break or narrow no-break space counts as a space, ’ as ' (see readBody). */
const GROUPS = ['', ',', '.', ' ', "'"] as const;
const CANDIDATES: NumberWriting[] = (['.', ','] as const).flatMap((decimal) =>
  GROUPS.filter((group) => group !== decimal).map((group) => ({ group, decimal, prefix: '', suffix: '' })),
);
const MAX_EXAMPLES = 3;

/**
 * A number with an optional currency sign before it and an optional unit after it: '%', '‰',
 * '°', a currency sign, or after a space up to five letters ('kg', 'km/h'). Only these, so that
 * labels such as `c1` or `type 2` are not taken for numbers.
 */
const WRITTEN = /^(\p{Sc}?)\s*([+-]?[\d.,'’ \u00a0\u202f]*\d)(\s*(?:%|‰|°[CF]?|\p{Sc})|\s+[\p{L}µ°/²³]{1,5})?$/u;

/** The currency sign, the number and the unit of a cell, or undefined when it is not written like a number. */
function split(text: string): { prefix: string; body: string; suffix: string } | undefined {
  const m = WRITTEN.exec(text);
  if (!m) return undefined;
  // Any space groups digits as a space does, and ’ as ' does.
  const body = m[2].replace(/[\u00a0\u202f]/g, ' ').replaceAll('’', "'");
  return { prefix: m[1], body, suffix: (m[3] ?? '').trim() };
}

const DIGITS = /^\d+$/;
const GROUP_HEAD = /^\d{1,3}$/;
const GROUP = /^\d{3}$/;

/** The number `body` writes with the given group and decimal marks; NaN when it does not fit them. */
function readBody(body: string, group: string, decimal: string): number {
  let s = body;
  let sign = '';
  if (s[0] === '+' || s[0] === '-') {
    sign = s[0] === '-' ? '-' : '';
    s = s.slice(1);
  }
  const point = s.indexOf(decimal);
  const whole = point < 0 ? s : s.slice(0, point);
  const fraction = point < 0 ? '' : s.slice(point + 1);
  if (point >= 0 && !DIGITS.test(fraction)) return Number.NaN;
  let digits: string;
  if (group === '' || !whole.includes(group)) {
    if (whole !== '' && !DIGITS.test(whole)) return Number.NaN;
    digits = whole;
  } else {
    const parts = whole.split(group);
    if (!GROUP_HEAD.test(parts[0])) return Number.NaN;
    for (let k = 1; k < parts.length; k++) if (!GROUP.test(parts[k])) return Number.NaN;
    digits = parts.join('');
  }
  if (digits === '' && fraction === '') return Number.NaN;
  const value = Number(`${sign}${digits || '0'}${fraction ? `.${fraction}` : ''}`);
  return Number.isFinite(value) ? value : Number.NaN;
}

/** The number `text` writes the given way; NaN when it is not written so (or is beyond a double). */
export function readWritten(text: string, writing: NumberWriting): number {
  const parts = split(text);
  if (!parts || parts.prefix !== writing.prefix || parts.suffix !== writing.suffix) return Number.NaN;
  return readBody(parts.body, writing.group, writing.decimal);
}

/**
 * How a column writes the numbers among its text cells (`texts` with `counts`, the cells of
 * each), or undefined when not more than half of its text cells look like numbers. The way that
 * reads the most cells wins; numbers the column already holds settle the decimal mark
 * (`decimal`), and when the cells leave it open the delimiter's custom does: a point in a
 * comma-separated file, a comma in the others.
 */
export function findWriting(
  texts: readonly string[],
  counts: ArrayLike<number>,
  options: { delimiter: string; decimal?: '.' | ',' },
): Omit<WrittenNumbers, 'applied'> | undefined {
  let textCells = 0;
  const units = new Map<string, number>();
  const parts = texts.map((t, k) => {
    textCells += counts[k];
    const p = split(t);
    if (p) {
      const key = `${p.prefix}\u0000${p.suffix}`;
      units.set(key, (units.get(key) ?? 0) + counts[k]);
    }
    return p;
  });
  let unit = '';
  let unitCells = 0;
  for (const [key, n] of units) {
    if (n > unitCells) {
      unit = key;
      unitCells = n;
    }
  }
  if (unitCells * 2 <= textCells) return undefined;
  const [prefix, suffix] = unit.split('\u0000');
  const candidates = CANDIDATES.filter((c) => !options.decimal || c.decimal === options.decimal);
  const preferred = options.delimiter === ',' ? '.' : ',';
  // Preference among equally good ways: the delimiter's decimal mark, then no grouping.
  candidates.sort((a, b) => Number(b.decimal === preferred) - Number(a.decimal === preferred));
  const values = candidates.map(() => new Float64Array(texts.length).fill(Number.NaN));
  const scores = candidates.map((c, i) => {
    let score = 0;
    parts.forEach((p, k) => {
      if (!p || p.prefix !== prefix || p.suffix !== suffix) return;
      const v = readBody(p.body, c.group, c.decimal);
      values[i][k] = v;
      if (!Number.isNaN(v)) score += counts[k];
    });
    return score;
  });
  let best = 0;
  for (let i = 1; i < candidates.length; i++) if (scores[i] > scores[best]) best = i;
  if (scores[best] * 2 <= textCells) return undefined;
  const differs = (i: number) => values[i].some((v, k) => !Object.is(v, values[best][k]));
  const ambiguous = candidates.some((_, i) => i !== best && scores[i] === scores[best] && differs(i));
  const examples: { text: string; value: number }[] = [];
  for (let k = 0; k < texts.length && examples.length < MAX_EXAMPLES; k++) {
    if (!Number.isNaN(values[best][k])) examples.push({ text: texts[k], value: values[best][k] });
  }
  // Marks no cell uses are left out, so that the description names only what the file writes.
  const used = (mark: string) =>
    mark !== '' && parts.some((p, k) => p && !Number.isNaN(values[best][k]) && p.body.includes(mark));
  const { group, decimal } = candidates[best];
  return {
    group: used(group) ? group : '',
    decimal,
    decimalComma: decimal === ',' && used(','),
    prefix,
    suffix,
    cells: scores[best],
    ambiguous,
    examples,
  };
}

const quote = (s: string) => `‘${s}’`;

/** The way of writing in words, e.g. "digits grouped by ‘,’", "a decimal comma and ‘%’ after it". */
export function describeWriting(w: WrittenNumbers): string {
  const parts: string[] = [];
  if (w.group) {
    const by = w.group === ' ' ? 'spaces' : w.group === "'" ? 'apostrophes' : quote(w.group);
    parts.push(`digits grouped by ${by}`);
  }
  if (w.decimalComma) parts.push('a decimal comma');
  if (w.prefix) parts.push(`${quote(w.prefix)} before the number`);
  if (w.suffix) parts.push(`${quote(w.suffix)} after it`);
  return parts.join(' and ');
}
