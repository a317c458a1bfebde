/**
 * Reading CSV text into a Dataset in one pass: the cells are scanned once, numbers go straight
 * into the typed array of values, text is interned per column. Then each column's kind is
 * decided (classes when most of its present cells are text, unless the user chose), and the
 * rows with missing or unreadable values are refused, dropped or filled, as the user chose.
 *
 * A file delimited by semicolons or tabs may write numbers with a decimal comma (`12,85`, as
 * European spreadsheets export them); each column is read the way its cells are written.
 * Every problem names its line and column; at most MAX_LISTED are listed, the rest counted.
 */
import type { Dataset } from './data.js';
import type { Diagnostic } from './diagnostics.js';
import type { CsvReading } from './format.js';
import { describeWriting, findWriting, readWritten, type WrittenNumbers } from './written-numbers.js';

export type ColumnKind = 'number' | 'category';

/** What to do with rows that have a missing or unreadable value. */
export type MissingPolicy = 'refuse' | 'drop' | 'mean';

export interface CsvOptions {
  /** Columns (by name) read as the user chose: numbers (text cells are then missing values) or classes. */
  columnKinds?: Readonly<Record<string, ColumnKind>>;
  /**
   * Rows with a missing value (an empty cell, NA, NaN, ?, …, or text in a number column):
   * refuse the file, listing each (the default); drop those rows; or fill each with its
   * column's mean (the most frequent class of a class column).
   */
  missing?: MissingPolicy;
}

export interface CsvColumn {
  name: string;
  kind: ColumnKind;
  /** Whether `kind` is the user's choice (else inferred: classes when most present cells are text). */
  chosen: boolean;
  /** Cells of each sort, in the rows that have the header's number of cells. */
  numbers: number;
  text: number;
  missing: number;
  /** Numbers written with a decimal comma (`12,85`), in a file delimited by ';' or tabs. */
  decimalComma: boolean;
  /** A few of the column's text cells (for messages and the data panel). */
  examples: string[];
  /**
   * Most of its text cells write numbers in a way plain parsing does not read (digit grouping,
   * a decimal comma in a comma-separated file, a currency sign or unit): how, and whether they
   * were read so (they are when the user chose to read the column as numbers).
   */
  written?: WrittenNumbers;
}

export interface MissingValues {
  /** Rows with at least one missing or unreadable value. */
  rows: number;
  cells: number;
  /** The columns that have any, in file order. */
  columns: string[];
  /** What was done with them (absent while the file is refused). */
  policy?: 'drop' | 'mean';
  /** With `mean`: the value each of those columns was filled with (a class name for a class column). */
  fill?: Record<string, number | string>;
}

/** How a CSV file was read: what the data panel shows and lets the user change. */
export interface CsvReport {
  delimiter: string;
  columns: CsvColumn[];
  missing?: MissingValues;
  /** The first rows' cells as the file writes them (null: a missing value that was filled). */
  preview: (string | null)[][];
}

export type CsvResult =
  | { ok: true; value: Dataset; warnings: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[]; missing?: MissingValues; report?: CsvReport };

/** What the user chose about how the file reads (as a document records it), or undefined when nothing. */
export function csvReading(report: CsvReport | undefined): CsvReading | undefined {
  if (!report) return undefined;
  const reading: CsvReading = {};
  if (report.missing?.policy) reading.missing = report.missing.policy;
  const chosen = (kind: ColumnKind) => report.columns.filter((c) => c.chosen && c.kind === kind).map((c) => c.name);
  if (chosen('number').length > 0) reading.numberColumns = chosen('number');
  if (chosen('category').length > 0) reading.classColumns = chosen('category');
  return Object.keys(reading).length > 0 ? reading : undefined;
}

/** The options that read a file as `reading` records, with `over` (e.g. the command line's) taking precedence. */
export function csvOptionsOf(reading: CsvReading | undefined, over: CsvOptions = {}): CsvOptions {
  const kinds = [
    ...(reading?.numberColumns ?? []).map((c) => [c, 'number'] as const),
    ...(reading?.classColumns ?? []).map((c) => [c, 'category'] as const),
    ...Object.entries(over.columnKinds ?? {}),
  ];
  const missing = over.missing ?? reading?.missing;
  return {
    ...(missing ? { missing } : {}),
    // fromEntries defines own properties, so a column named '__proto__' stays a column.
    ...(kinds.length > 0 ? { columnKinds: Object.fromEntries(kinds) } : {}),
  };
}

/** At most this many bad cells are listed; the rest are counted. */
export const MAX_LISTED = 20;
/** Rows and columns of the file kept as text for the preview. */
export const PREVIEW_ROWS = 100;
export const PREVIEW_COLUMNS = 100;
const MAX_EXAMPLES = 4;

/**
 * A problem's text: its English message, and its catalogue key (`diagnostics.csv.…`) with the
 * values it names, for a UI to say it in the user's language (the English catalogue gives `message`).
 */
interface Said {
  message: string;
  key: string;
  values?: Record<string, string | number>;
}

const said = (key: string, message: string, values?: Record<string, string | number>): Said =>
  values ? { message, key: `csv.${key}`, values } : { message, key: `csv.${key}` };

const dataError = (where: string, s: Said): Diagnostic => ({ code: 'data', severity: 'error', where, ...s });
const dataWarning = (where: string, s: Said): Diagnostic => ({ code: 'data', severity: 'warning', where, ...s });

/** Cells that stand for a missing value (as pandas reads them, and UCI's '?'). */
const MARKER_LIST = [
  'NA',
  'N/A',
  'n/a',
  'na',
  '#N/A',
  '<NA>',
  'NaN',
  'nan',
  'NAN',
  '-NaN',
  '-nan',
  'null',
  'NULL',
  'Null',
  'None',
  'none',
  '?',
];
const MISSING_MARKERS = new Map(MARKER_LIST.map((m, i) => [m, i]));
const INFINITE = /^[+-]?(inf|infinity)$/i;

// What a cell is, as the scan sees it.
const EMPTY = 0;
const INTEGER = 1;
const DOT_NUMBER = 2;
const COMMA_NUMBER = 3;
const TEXT = 4;
const MARKER = 5;
const INFINITY = 6;
const TOO_LARGE = 7;

// What a column's codes array holds per row besides text ids (≥ 0).
const CODE_NUMBER = -1;
const CODE_EMPTY = -2;
const CODE_BAD = -3;
/** A missing-value marker: CODE_MARKER − its index in MARKER_LIST. */
const CODE_MARKER = -4;

// What ends a cell.
const END_CELL = 0;
const END_RECORD = 1;
const END_TEXT = 2;

const isBlank = (c: number) => c === 32 || c === 9 || c === 0xa0 || c === 0xfeff;

/**
 * Whether `s[from, to)` is a number: `[+-]digits[.digits][e[+-]digits]` (also `.5` and `3.`),
 * with a comma instead of the point when `comma`. Returns INTEGER, DOT_NUMBER, COMMA_NUMBER or TEXT.
 */
function numberShape(s: string, from: number, to: number, comma: boolean): number {
  let p = from;
  let c = s.charCodeAt(p);
  if (c === 43 || c === 45) c = s.charCodeAt(++p);
  let digits = 0;
  while (c >= 48 && c <= 57) {
    digits++;
    c = s.charCodeAt(++p);
  }
  let shape = INTEGER;
  if (p < to && (c === 46 || (comma && c === 44))) {
    shape = c === 46 ? DOT_NUMBER : COMMA_NUMBER;
    c = s.charCodeAt(++p);
    while (c >= 48 && c <= 57) {
      digits++;
      c = s.charCodeAt(++p);
    }
  }
  if (digits === 0) return TEXT;
  if (p < to && (c === 101 || c === 69)) {
    c = s.charCodeAt(++p);
    if (c === 43 || c === 45) c = s.charCodeAt(++p);
    let exponent = 0;
    while (c >= 48 && c <= 57) {
      exponent++;
      c = s.charCodeAt(++p);
    }
    if (exponent === 0) return TEXT;
  }
  return p === to ? shape : TEXT;
}

/**
 * Why the text cannot be read as CSV at all, judged on what a loader hands over: the text of a
 * file decoded as UTF-8 (or Latin-1). UTF-16 shows as a replaced or visible byte order mark and
 * NULs between the characters; a workbook as a zip signature.
 */
export function unreadableText(text: string): string | undefined {
  return unreadable(text)?.message;
}

function unreadable(text: string): Said | undefined {
  const head = text.slice(0, 4096);
  const bom = head.slice(0, 2);
  const utf16 = said('utf16', 'this file is UTF-16 text; save it as UTF-8 (in a spreadsheet: Save As → “CSV UTF-8”)');
  if (bom === '\ufffd\ufffd' || bom === 'ÿþ' || bom === 'þÿ') return utf16;
  if (head.startsWith('PK\u0003\u0004'))
    return said(
      'zip',
      'this is a zip archive (a spreadsheet workbook such as .xlsx?), not CSV text; save the sheet as CSV UTF-8',
    );
  let nuls = 0;
  let odd = 0;
  for (let i = 0; i < head.length; i++) {
    if (head.charCodeAt(i) === 0) {
      nuls++;
      odd += i & 1;
    }
  }
  if (nuls === 0) return undefined;
  // UTF-16 of mostly ASCII text has a NUL in every other place, all at even or all at odd positions.
  const alternating = nuls >= head.length / 3 && (odd === 0 || odd === nuls || odd / nuls > 0.95 || odd / nuls < 0.05);
  return alternating
    ? utf16
    : said(
        'nul',
        'the file holds NUL bytes, so it is not CSV text (a binary file, or text in another encoding); save it as CSV UTF-8',
      );
}

/** The delimiter the header line uses most: comma, semicolon or tab (comma when none). */
function detectDelimiter(text: string, from: number): string {
  const counts = new Map([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

/** Reads cells one at a time; a quoted cell may hold delimiters, line breaks and doubled quotes. */
class Scanner {
  pos: number;
  line = 1;
  /** The last cell, when it was plain: `text.slice(start, end)`, blanks trimmed. */
  start = 0;
  end = 0;
  /** The last cell's text when it was quoted (quotes resolved, blanks trimmed); else null. */
  quoted: string | null = null;
  /** The line of a quote that is never closed (0: none). */
  unclosedQuoteLine = 0;

  constructor(
    readonly text: string,
    readonly delimiter: number,
    from: number,
  ) {
    this.pos = from;
  }

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  /** Whether the last cell is empty. */
  get empty(): boolean {
    return this.quoted === null ? this.start === this.end : this.quoted === '';
  }

  /** The last cell's text. */
  value(): string {
    return this.quoted ?? this.text.slice(this.start, this.end);
  }

  /** Reads the next cell; returns what ends it (END_CELL, END_RECORD or END_TEXT). */
  cell(): number {
    const t = this.text;
    const n = t.length;
    const d = this.delimiter;
    let p = this.pos;
    while (p < n) {
      const c = t.charCodeAt(p);
      if (c !== d && isBlank(c)) p++;
      else break;
    }
    this.quoted = null;
    if (p < n && t.charCodeAt(p) === 34) {
      const openLine = this.line;
      let s = '';
      let q = p + 1;
      let chunk = q;
      for (;;) {
        if (q >= n) {
          this.unclosedQuoteLine ||= openLine;
          s += t.slice(chunk, n);
          p = n;
          break;
        }
        const c = t.charCodeAt(q);
        if (c === 34) {
          s += t.slice(chunk, q);
          if (t.charCodeAt(q + 1) === 34) {
            s += '"';
            q += 2;
            chunk = q;
            continue;
          }
          p = q + 1;
          break;
        }
        if (c === 10 || (c === 13 && t.charCodeAt(q + 1) !== 10)) this.line++;
        q++;
      }
      // Text after the closing quote, up to the delimiter, belongs to the cell (as spreadsheets read it).
      let e = p;
      while (e < n) {
        const c = t.charCodeAt(e);
        if (c === d || c === 10 || c === 13) break;
        e++;
      }
      this.quoted = (e > p ? s + t.slice(p, e) : s).trim();
      p = e;
    } else {
      const from = p;
      while (p < n) {
        const c = t.charCodeAt(p);
        if (c === d || c === 10 || c === 13) break;
        p++;
      }
      let e = p;
      while (e > from && isBlank(t.charCodeAt(e - 1))) e--;
      this.start = from;
      this.end = e;
    }
    if (p >= n) {
      this.pos = n;
      return END_TEXT;
    }
    const c = t.charCodeAt(p);
    if (c === d) {
      this.pos = p + 1;
      return END_CELL;
    }
    this.line++;
    this.pos = c === 13 && t.charCodeAt(p + 1) === 10 ? p + 2 : p + 1;
    return END_RECORD;
  }
}

/** A growing column of per-row codes (text ids, or CODE_*), made when a column first has a non-number. */
interface ColumnState {
  /** Text id of each text (made at the column's first text cell). */
  names: Map<string, number> | null;
  /** Text ids in order of first appearance. */
  texts: string[];
  codes: Int32Array | null;
  numbers: number;
  text: number;
  missing: number;
  /** Line and text of the first cell with a decimal point / comma (0: none). */
  dotLine: number;
  dotText: string;
  commaLine: number;
  commaText: string;
  examples: string[];
}

interface Problem {
  line: number;
  column: number;
  diagnostic: Diagnostic;
}

/**
 * Parses CSV text with a header row (see the file comment). A column whose present cells are
 * mostly text becomes a class column: its values (numbers included) are mapped to indices in
 * sorted order. Ragged rows, infinities and numbers beyond a double are refused; missing values
 * as `options.missing` says.
 */
export function parseCsv(text: string, name = 'data.csv', options: CsvOptions = {}): CsvResult {
  const refuse = (where: string, message: Said): CsvResult => ({
    ok: false,
    diagnostics: [dataError(where, message)],
  });
  const unreadableAs = unreadable(text);
  if (unreadableAs) return refuse(name, unreadableAs);
  const policy = options.missing ?? 'refuse';
  const from = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const delimiter = detectDelimiter(text, from);
  const scanner = new Scanner(text, delimiter.charCodeAt(0), from);
  const decimalComma = delimiter !== ',';

  // The header: the first record that is not blank.
  let header: string[] = [];
  let headerLine = 1;
  while (!scanner.done && header.length === 0) {
    headerLine = scanner.line;
    const cells: string[] = [];
    let end: number;
    do {
      end = scanner.cell();
      cells.push(scanner.value());
    } while (end === END_CELL);
    if (cells.length > 1 || cells[0] !== '') header = cells;
  }
  if (scanner.unclosedQuoteLine) return unclosed(name, scanner.unclosedQuoteLine);
  if (header.length === 0)
    return refuse(name, said('empty', 'the file is empty: a header row with column names is needed'));
  if (header.every((h) => numberShape(h, 0, h.length, decimalComma) !== TEXT)) {
    const numbers = `${header.slice(0, 4).join(', ')}${header.length > 4 ? ', …' : ''}`;
    return refuse(
      `${name}, line ${headerLine}`,
      said(
        'headerNumbers',
        `the first line must name the columns (a header row), but it holds only numbers: ${numbers}`,
        { numbers },
      ),
    );
  }

  const problems: Problem[] = [];
  let problemCount = 0;
  // Once MAX_LISTED are kept, problems after the last of them are only counted.
  let cutoff = Infinity;
  const listed = (line: number) => problems.length < MAX_LISTED || line <= cutoff;
  const report = (line: number, column: number, where: string, message: Said) => {
    problemCount++;
    if (!listed(line)) return;
    problems.push({ line, column, diagnostic: dataError(where, message) });
    if (problems.length > 4 * MAX_LISTED) {
      keepEarliest(problems);
      cutoff = problems[problems.length - 1].line;
    }
  };
  const firstIndex = new Map<string, number>();
  header.forEach((h, c) => {
    const where = () => `${name}, line ${headerLine}, column ${c + 1}`;
    if (h === '') report(headerLine, c, where(), said('emptyName', 'the header has an empty column name'));
    else if (firstIndex.has(h)) {
      const other = firstIndex.get(h)! + 1;
      report(
        headerLine,
        c,
        where(),
        said('duplicateName', `column name '${h}' appears twice (also column ${other})`, { name: h, other }),
      );
    } else firstIndex.set(h, c);
  });
  const cols = header.length;
  const state: ColumnState[] = header.map(() => ({
    names: null,
    texts: [],
    codes: null,
    numbers: 0,
    text: 0,
    missing: 0,
    dotLine: 0,
    dotText: '',
    commaLine: 0,
    commaText: '',
    examples: [],
  }));
  let capacity = 64;
  let values = new Float64Array(capacity * cols);
  let lines = new Uint32Array(capacity);
  let rows = 0;
  const preview: (string | null)[][] = [];
  const previewWidth = Math.min(cols, PREVIEW_COLUMNS);
  // The current record's cells: their sort, and their text when it is needed.
  const shapes = new Uint8Array(cols);
  const markers = new Uint8Array(cols);
  const cellText: string[] = new Array(cols).fill('');
  const bodyStart = scanner.pos;

  const grow = (needed: number) => {
    // After the first rows, size the buffers from the average row length; then grow by half.
    const measured = rows > 0 ? Math.ceil(((text.length - scanner.pos) / (scanner.pos - bodyStart)) * rows * 1.02) : 0;
    const next = Math.max(needed, rows === 64 ? rows + measured : Math.ceil(capacity * 1.5));
    const v = new Float64Array(next * cols);
    v.set(values.subarray(0, rows * cols));
    values = v;
    const l = new Uint32Array(next);
    l.set(lines.subarray(0, rows));
    lines = l;
    for (const s of state) {
      if (!s.codes) continue;
      const codes = new Int32Array(next).fill(CODE_NUMBER);
      codes.set(s.codes.subarray(0, rows));
      s.codes = codes;
    }
    capacity = next;
  };

  while (!scanner.done) {
    const line = scanner.line;
    if (rows === capacity) grow(rows + 1);
    const base = rows * cols;
    let count = 0;
    let end: number;
    do {
      end = scanner.cell();
      if (count < cols) {
        let shape = EMPTY;
        let raw = '';
        if (!scanner.empty) {
          raw = scanner.value();
          shape = numberShape(raw, 0, raw.length, decimalComma);
          if (shape === INTEGER || shape === DOT_NUMBER || shape === COMMA_NUMBER) {
            const v = Number(shape === COMMA_NUMBER ? raw.replace(',', '.') : raw);
            values[base + count] = v;
            if (v === Infinity || v === -Infinity) shape = TOO_LARGE;
          } else {
            const marker = MISSING_MARKERS.get(raw);
            if (marker !== undefined) {
              shape = MARKER;
              markers[count] = marker;
            } else if (INFINITE.test(raw)) shape = INFINITY;
          }
        }
        cellText[count] = raw;
        shapes[count] = shape;
      }
      count++;
    } while (end === END_CELL);
    if (count === 1 && shapes[0] === EMPTY) continue;
    if (count !== cols) {
      report(
        line,
        -1,
        `${name}, line ${line}`,
        said('rowCells', `the row has ${count} cells but the header has ${cols} columns`, {
          cells: count,
          columns: cols,
        }),
      );
      continue;
    }
    // The record has the header's cells: count them in.
    for (let c = 0; c < cols; c++) {
      const shape = shapes[c];
      const s = state[c];
      if (shape === INTEGER || shape === DOT_NUMBER || shape === COMMA_NUMBER) {
        s.numbers++;
        if (shape === DOT_NUMBER && s.dotLine === 0) {
          s.dotLine = line;
          s.dotText = cellText[c];
        } else if (shape === COMMA_NUMBER && s.commaLine === 0) {
          s.commaLine = line;
          s.commaText = cellText[c];
        }
        if (s.codes) s.codes[rows] = CODE_NUMBER;
        continue;
      }
      if (!s.codes) s.codes = new Int32Array(capacity).fill(CODE_NUMBER);
      values[base + c] = Number.NaN;
      if (shape === TEXT) {
        const cell = cellText[c];
        s.names ??= new Map();
        let id = s.names.get(cell);
        if (id === undefined) {
          id = s.texts.length;
          s.names.set(cell, id);
          s.texts.push(cell);
          if (s.examples.length < MAX_EXAMPLES) s.examples.push(cell);
        }
        s.codes[rows] = id;
        s.text++;
      } else if (shape === EMPTY || shape === MARKER) {
        s.codes[rows] = shape === EMPTY ? CODE_EMPTY : CODE_MARKER - markers[c];
        s.missing++;
      } else {
        // An infinity or a number beyond a double: unreadable in any column.
        s.codes[rows] = CODE_BAD;
        s.missing++;
        if (policy === 'refuse') {
          report(
            line,
            c,
            `${name}, line ${line}, column ${c + 1} (${header[c]})`,
            shape === INFINITY
              ? notFinite(cellText[c])
              : said('tooLarge', `${cellText[c]} is too large to be a finite number`, { cell: cellText[c] }),
          );
        }
      }
    }
    if (rows < PREVIEW_ROWS) preview.push(cellText.slice(0, previewWidth));
    lines[rows] = line;
    rows++;
  }
  if (scanner.unclosedQuoteLine) return unclosed(name, scanner.unclosedQuoteLine);
  if (rows === 0 && problemCount === 0) return refuse(name, said('noRows', 'the file has a header but no data rows'));

  const chosenKind = (h: string) =>
    options.columnKinds && Object.hasOwn(options.columnKinds, h) ? options.columnKinds[h] : undefined;
  // Text cells that write numbers another way (`1,234.50`, `"12,85"`, `12 %`): how, per column,
  // and read so where the user chose to read the column as numbers.
  const written = header.map((h, c): WrittenNumbers | undefined => {
    const s = state[c];
    const chosen = chosenKind(h);
    if (!s.codes || s.texts.length === 0 || chosen === 'category' || (s.dotLine && s.commaLine)) return undefined;
    const counts = new Float64Array(s.texts.length);
    for (let r = 0; r < rows; r++) if (s.codes[r] >= 0) counts[s.codes[r]]++;
    const decimal = s.commaLine ? ',' : s.dotLine ? '.' : undefined;
    const found = findWriting(s.texts, counts, { delimiter, ...(decimal ? { decimal } : {}) });
    if (!found) return undefined;
    if (chosen !== 'number') return { ...found, applied: false };
    const read = s.texts.map((t) => readWritten(t, found));
    for (let r = 0; r < rows; r++) {
      const code = s.codes[r];
      if (code < 0 || Number.isNaN(read[code])) continue;
      values[r * cols + c] = read[code];
      s.codes[r] = CODE_NUMBER;
      s.numbers++;
      s.text--;
    }
    s.examples = s.texts.filter((_, k) => Number.isNaN(read[k])).slice(0, MAX_EXAMPLES);
    return { ...found, applied: true };
  });

  // Each column's kind, and what it makes of the cells that are not numbers.
  const kinds = header.map((h, c): { kind: ColumnKind; chosen: boolean } => {
    const chosen = chosenKind(h);
    if (chosen === 'number' || chosen === 'category') return { kind: chosen, chosen: true };
    return { kind: state[c].text > state[c].numbers ? 'category' : 'number', chosen: false };
  });
  const warnings: Diagnostic[] = [];
  header.forEach((h, c) => {
    const s = state[c];
    const where = `${name}, column ${c + 1} (${h})`;
    if (kinds[c].kind === 'number' && s.dotLine && s.commaLine) {
      report(
        Math.min(s.dotLine, s.commaLine),
        c,
        where,
        said(
          'mixedDecimals',
          `the column mixes decimal points (line ${s.dotLine}: ${s.dotText}) and decimal commas (line ${s.commaLine}: ${s.commaText}); write its numbers one way`,
          { dotLine: s.dotLine, dot: s.dotText, commaLine: s.commaLine, comma: s.commaText },
        ),
      );
    }
    const w = written[c];
    if (w && !w.applied) {
      warnings.push(dataWarning(where, writtenMessage(kinds[c].kind, s.text, w)));
    } else if (kinds[c].kind === 'category' && !kinds[c].chosen && s.numbers > 0) {
      const examples = `${s.examples.map((e) => `'${e}'`).join(', ')}${s.texts.length > s.examples.length ? ', …' : ''}`;
      warnings.push(
        dataWarning(
          where,
          said(
            'readAsClasses',
            `the column is read as classes, since ${s.text} of its ${s.text + s.numbers} values are text (${examples}); its ${s.numbers} number${s.numbers === 1 ? '' : 's'} become classes too. If the text marks missing values, read the column as numbers`,
            { text: s.text, total: s.text + s.numbers, examples, count: s.numbers },
          ),
        ),
      );
    }
  });

  // Missing or unreadable values: empty cells and markers anywhere, text in a number column.
  const usable = (kind: ColumnKind, code: number) => code === CODE_NUMBER || (kind === 'category' && code >= 0);
  const flagged = header.map((_, c) => c).filter((c) => state[c].codes !== null);
  const rowMissing = new Uint8Array(rows);
  const missingColumns = new Set<number>();
  let missingCells = 0;
  let missingRows = 0;
  for (let r = 0; r < rows; r++) {
    for (const c of flagged) {
      const code = state[c].codes![r];
      if (usable(kinds[c].kind, code)) continue;
      missingCells++;
      missingColumns.add(c);
      if (!rowMissing[r]) missingRows++;
      rowMissing[r] = 1;
      if (policy !== 'refuse' || code === CODE_BAD) continue;
      if (!listed(lines[r])) {
        problemCount++;
        continue;
      }
      const where = `${name}, line ${lines[r]}, column ${c + 1} (${header[c]})`;
      if (code >= 0) report(lines[r], c, where, notANumber(state[c].texts[code], written[c]));
      else report(lines[r], c, where, missingMessage(code === CODE_EMPTY ? '' : MARKER_LIST[CODE_MARKER - code]));
    }
  }
  const missing: MissingValues | undefined =
    missingCells > 0
      ? {
          rows: missingRows,
          cells: missingCells,
          columns: [...missingColumns].sort((a, b) => a - b).map((c) => header[c]),
        }
      : undefined;

  const columns: CsvColumn[] = header.map((h, c) => ({
    name: h,
    kind: kinds[c].kind,
    chosen: kinds[c].chosen,
    numbers: state[c].numbers,
    text: state[c].text,
    missing: state[c].missing,
    decimalComma: state[c].commaLine > 0 || (written[c]?.applied === true && written[c]!.decimalComma),
    examples: state[c].examples,
    ...(written[c] ? { written: written[c] } : {}),
  }));
  if (problemCount > 0) {
    keepEarliest(problems);
    const diagnostics = problems.map((p) => p.diagnostic);
    if (problemCount > diagnostics.length)
      diagnostics.push(
        dataError(
          name,
          said('more', `… and ${problemCount - diagnostics.length} more problems`, {
            count: problemCount - diagnostics.length,
          }),
        ),
      );
    return {
      ok: false,
      diagnostics,
      ...(missing ? { missing } : {}),
      report: { delimiter, columns, ...(missing ? { missing } : {}), preview },
    };
  }

  let keptRows = rows;
  let previewCells: (string | null)[][] = preview;
  if (missing && policy === 'drop') {
    if (missingRows === rows) {
      return {
        ok: false,
        diagnostics: [
          dataError(
            name,
            said('allMissing', `every one of the ${rows} rows has a missing value, so dropping them leaves no data`, {
              rows,
            }),
          ),
        ],
        missing,
      };
    }
    const dropped: number[] = [];
    for (let r = 0; r < rows && dropped.length < 6; r++) if (rowMissing[r]) dropped.push(lines[r]);
    keptRows = 0;
    for (let r = 0; r < rows; r++) {
      if (rowMissing[r]) continue;
      if (keptRows !== r) {
        values.copyWithin(keptRows * cols, r * cols, (r + 1) * cols);
        lines[keptRows] = lines[r];
        for (const c of flagged) state[c].codes![keptRows] = state[c].codes![r];
      }
      keptRows++;
    }
    previewCells = previewCells.filter((_, r) => !rowMissing[r]);
    missing.policy = 'drop';
    const droppedLines = `${dropped.slice(0, 5).join(', ')}${missingRows > 5 ? ', …' : ''}`;
    warnings.push(
      dataWarning(
        name,
        said(
          'dropped',
          `dropped ${missingRows} row${missingRows === 1 ? '' : 's'} with missing values (line${missingRows === 1 ? '' : 's'} ${droppedLines}); ${keptRows} remain`,
          { count: missingRows, lines: droppedLines, kept: keptRows },
        ),
      ),
    );
  }

  // Class columns: every present value (numbers as numbers print) named, the names sorted.
  const categories: Record<string, string[]> = {};
  const fill: Record<string, number | string> = {};
  for (let c = 0; c < cols; c++) {
    const s = state[c];
    const codes = s.codes;
    if (kinds[c].kind === 'category') {
      const numberNames = new Map<number, string>();
      const nameSet = new Set(s.texts);
      for (let r = 0; r < keptRows; r++) {
        if (codes && codes[r] !== CODE_NUMBER) continue;
        const v = values[r * cols + c];
        if (!numberNames.has(v)) {
          const label = String(v);
          numberNames.set(v, label);
          nameSet.add(label);
        }
      }
      const names = [...nameSet].sort();
      const index = new Map(names.map((n, k) => [n, k]));
      const textIndex = s.texts.map((t) => index.get(t)!);
      const counts = new Float64Array(names.length);
      for (let r = 0; r < keptRows; r++) {
        const code = codes ? codes[r] : CODE_NUMBER;
        if (code === CODE_NUMBER) values[r * cols + c] = index.get(numberNames.get(values[r * cols + c])!)!;
        else if (code >= 0) values[r * cols + c] = textIndex[code];
        else continue;
        counts[values[r * cols + c]]++;
      }
      // Only own properties: a column named '__proto__' is kept like any other.
      Object.defineProperty(categories, header[c], {
        value: names,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      if (missing && policy === 'mean' && missingColumns.has(c)) {
        if (names.length === 0)
          return refuse(
            `${name}, column ${c + 1} (${header[c]})`,
            said('noClassToFill', 'the column has no values to fill its missing ones with'),
          );
        let mode = 0;
        for (let k = 1; k < names.length; k++) if (counts[k] > counts[mode]) mode = k;
        for (let r = 0; r < keptRows; r++) if (!usable('category', codes![r])) values[r * cols + c] = mode;
        fill[header[c]] = names[mode];
      }
    } else if (missing && policy === 'mean' && missingColumns.has(c)) {
      let sum = 0;
      let n = 0;
      for (let r = 0; r < keptRows; r++) {
        if (codes![r] !== CODE_NUMBER) continue;
        sum += values[r * cols + c];
        n++;
      }
      if (n === 0)
        return refuse(
          `${name}, column ${c + 1} (${header[c]})`,
          said('noMean', 'the column has no numbers to take the mean of'),
        );
      const mean = sum / n;
      // A sum beyond a double: the mean of the halves' means.
      const fillValue = Number.isFinite(mean) ? mean : meanOfLarge(values, cols, c, codes!, keptRows);
      for (let r = 0; r < keptRows; r++) if (codes![r] !== CODE_NUMBER) values[r * cols + c] = fillValue;
      fill[header[c]] = fillValue;
    }
  }
  if (missing && policy === 'mean') {
    missing.policy = 'mean';
    missing.fill = fill;
    for (let r = 0; r < previewCells.length; r++) {
      for (const c of missingColumns) {
        if (c < previewWidth && rowMissing[r] && !usable(kinds[c].kind, state[c].codes![r])) previewCells[r][c] = null;
      }
    }
    const more = Object.keys(fill).length > 4 ? ', …' : '';
    const fills = `${Object.entries(fill)
      .slice(0, 4)
      .map(([col, v]) =>
        typeof v === 'number' ? `${col} with its mean ${formatValue(v)}` : `${col} with its most frequent class '${v}'`,
      )
      .join(', ')}${more}`;
    warnings.push(
      dataWarning(
        name,
        said(
          missing.rows === 1 ? 'filledOneRow' : 'filled',
          `filled ${missingCells} missing value${missingCells === 1 ? '' : 's'} in ${missing.rows} row${missing.rows === 1 ? '' : 's'}: ${fills}`,
          { count: missingCells, rows: missing.rows, fills },
        ),
      ),
    );
  }

  values = fitted(values, keptRows * cols);
  lines = fitted(lines, keptRows);
  return {
    ok: true,
    value: {
      name,
      columns: header,
      rows: keptRows,
      values,
      categories,
      lines,
      csv: { delimiter, columns, ...(missing ? { missing } : {}), preview: previewCells },
    },
    warnings,
  };
}

function unclosed(name: string, line: number): CsvResult {
  return {
    ok: false,
    diagnostics: [
      dataError(
        `${name}, line ${line}`,
        said('unclosedQuote', 'a quoted cell that starts on this line is never closed (a missing ")'),
      ),
    ],
  };
}

const shown = (w: WrittenNumbers) =>
  w.examples
    .slice(0, 2)
    .map((e) => `'${e.text}' = ${formatValue(e.value)}`)
    .join(', ');

/** The warning for a column whose text cells write numbers another way, while they are not read so. */
function writtenMessage(kind: ColumnKind, textCells: number, w: WrittenNumbers): Said {
  const writing = describeWriting(w);
  const examples = `${shown(w)}${w.cells > w.examples.length ? ', …' : ''}`;
  const how = `written with ${writing} (${examples})`;
  const mark = w.group || w.decimal;
  const guess = w.ambiguous
    ? `; the file does not show whether '${mark}' groups digits or marks decimals, so it is taken ${w.group ? 'to group digits' : 'for the decimal mark'}, as is usual in ${w.decimal === '.' ? 'comma' : 'semicolon- and tab'}-separated files`
    : '';
  // The key says the guess (what the mark was taken for, and the files whose custom decided).
  const variant = w.ambiguous
    ? `${w.group ? 'Group' : 'Decimal'}${w.decimal === '.' ? 'CommaFile' : 'SemicolonFile'}`
    : '';
  const values = { cells: w.cells, text: textCells, writing, examples, mark };
  return kind === 'category'
    ? said(
        `writtenClasses${variant}`,
        `the column is read as classes, but ${w.cells} of its ${textCells} text values look like numbers ${how}; choose to read the column as numbers to take them so${guess}`,
        values,
      )
    : said(
        `writtenMissing${variant}`,
        `${w.cells} of the column's values look like numbers ${how} and count as missing values; choose to read the column as numbers to take them so${guess}`,
        values,
      );
}

/** Why a text cell of a number column is not read, and the number it writes another way, if it does. */
function notANumber(text: string, w: WrittenNumbers | undefined): Said {
  const value = w && !w.applied ? readWritten(text, w) : Number.NaN;
  if (Number.isNaN(value)) return said('notANumber', `'${text}' is not a number`, { text });
  const writing = describeWriting(w!);
  return said(
    'notANumberAsWritten',
    `'${text}' is not a number as written (with ${writing} it is ${formatValue(value)}: choose to read the column as numbers to take it so)`,
    { text, writing, value: formatValue(value) },
  );
}

const notFinite = (cell: string) =>
  said('notFinite', `${cell} is not allowed: every value must be a finite number`, { cell });

function missingMessage(raw: string): Said {
  if (raw === '') return said('emptyCell', 'the cell is empty; every cell needs a value');
  if (/^[+-]?nan$/i.test(raw)) return notFinite(raw);
  return said('marker', `'${raw}' marks a missing value; every cell needs a value`, { marker: raw });
}

function meanOfLarge(values: Float64Array, cols: number, c: number, codes: Int32Array, rows: number): number {
  let mean = 0;
  let n = 0;
  for (let r = 0; r < rows; r++) {
    if (codes[r] !== CODE_NUMBER) continue;
    n++;
    mean += (values[r * cols + c] - mean) / n;
  }
  return mean;
}

/** The first `length` values; a copy when the buffer is much larger (a view would keep all of it alive and cloned). */
function fitted<T extends Float64Array | Uint32Array>(array: T, length: number): T {
  if (array.length === length) return array;
  return (array.length - length > array.length / 8 ? array.slice(0, length) : array.subarray(0, length)) as T;
}

/** Sorts problems by line and column and keeps the first MAX_LISTED. */
function keepEarliest(problems: Problem[]): void {
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  problems.length = Math.min(problems.length, MAX_LISTED);
}

/** A number as a person writes it: up to 6 significant digits, no padding. */
export function formatValue(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e15)) return v.toExponential(4).replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(6)));
}
