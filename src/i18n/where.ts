/**
 * Where a problem is, in the user's language. A diagnostic's `where` is English text for logs and
 * the CLI (`line 3, column 2`, `node h`, `edge x→h`, `nodes[3].params.out`, `data.csv, line 4,
 * column 2 (x1)`); the few forms the engine writes are read back here and told with the catalogue
 * (`diagnosticWhere`), keeping the names in them (ids, paths, files, columns) as they are.
 */
import type { Translate } from './index.js';

/** A piece of a told place: words of the language, or a name that stays as it is (`translate="no"`). */
export interface WherePart {
  text: string;
  name: boolean;
}

/** The place itself, told by its catalogue key with its values; `name` is a value kept as it is. */
interface Piece {
  key: string;
  values: Record<string, string>;
}

const WHOLE: [RegExp, (m: RegExpMatchArray) => Piece][] = [
  [/^\(document\)$/, () => ({ key: 'diagnosticWhere.document', values: {} })],
  [/^\(file\)$/, () => ({ key: 'diagnosticWhere.file', values: {} })],
  [/^\(graph\)$/, () => ({ key: 'diagnosticWhere.graph', values: {} })],
  [/^\(batch\)$/, () => ({ key: 'diagnosticWhere.batch', values: {} })],
  [/^node (\S.*)$/, (m) => ({ key: 'diagnosticWhere.node', values: { name: m[1] } })],
  [/^edge (\S.*)$/, (m) => ({ key: 'diagnosticWhere.edge', values: { name: m[1] } })],
  [/^output '(.*)'$/, (m) => ({ key: 'diagnosticWhere.output', values: { name: m[1] } })],
  [/^input '(.*)'$/, (m) => ({ key: 'diagnosticWhere.input', values: { name: m[1] } })],
  [/^operator (\S.*)$/, (m) => ({ key: 'diagnosticWhere.operator', values: { name: m[1] } })],
];

/** The parts after a file's name: `line 4`, `row 2`, `column 3`, `column 3 (x1)`, `column 'x1'`. */
const TAIL: [RegExp, (m: RegExpMatchArray) => Piece][] = [
  [/^line (\d+)$/, (m) => ({ key: 'diagnosticWhere.line', values: { line: m[1] } })],
  [/^row (\d+)$/, (m) => ({ key: 'diagnosticWhere.row', values: { row: m[1] } })],
  [/^column (\d+)$/, (m) => ({ key: 'diagnosticWhere.column', values: { column: m[1] } })],
  [/^column (\d+) \((.*)\)$/, (m) => ({ key: 'diagnosticWhere.columnNamed', values: { column: m[1], name: m[2] } })],
  [/^column '(.*)'$/, (m) => ({ key: 'diagnosticWhere.columnName', values: { name: m[1] } })],
];

function match(forms: typeof WHOLE, text: string): Piece | null {
  for (const [re, piece] of forms) {
    const m = text.match(re);
    if (m) return piece(m);
  }
  return null;
}

/** The place as pieces: a name or a known form, then the known forms that follow it after commas. */
function pieces(where: string): (Piece | string)[] {
  const whole = match(WHOLE, where);
  if (whole) return [whole];
  const parts = where.split(', ');
  // The longest run of known forms at the end; what comes before it is a name (a file's, which may hold commas).
  let start = parts.length;
  const tail: Piece[] = [];
  while (start > 0) {
    const piece = match(TAIL, parts[start - 1]);
    if (!piece) break;
    tail.unshift(piece);
    start--;
  }
  if (tail.length === 0) return [where];
  return start === 0 ? tail : [parts.slice(0, start).join(', '), ...tail];
}

const MARK = '\u0000';

/** One piece told: the catalogue's words, with the name kept apart (marked while it is told). */
function told(piece: Piece, t: Translate): WherePart[] {
  const { name, ...values } = piece.values;
  const key = piece.key;
  const text = t(key, name === undefined ? values : { ...values, name: MARK });
  if (text === key) return [{ text: name ?? '', name: true }];
  const out: WherePart[] = [];
  text.split(MARK).forEach((words, i) => {
    if (i > 0) out.push({ text: name ?? '', name: true });
    if (words) out.push({ text: words, name: false });
  });
  return out;
}

/** Where a problem is, in the language of `t`, as words and names (render names with `translate="no"`). */
export function whereParts(where: string, t: Translate): WherePart[] {
  const out: WherePart[] = [];
  pieces(where).forEach((piece, i) => {
    if (i > 0) out.push({ text: ', ', name: false });
    if (typeof piece === 'string') out.push({ text: piece, name: true });
    else out.push(...told(piece, t));
  });
  return out;
}

/** Where a problem is, in the language of `t`, as plain text. */
export function describeWhere(where: string, t: Translate): string {
  return whereParts(where, t)
    .map((p) => p.text)
    .join('');
}
