/**
 * The data's diagnostics (a CSV's problems, the data a graph is bound to, a data-source spec) are
 * told from their key and values: the English catalogue gives exactly the engine's message, every
 * key of their catalogue groups is reached by one of these cases, and Russian says each of them
 * (naming the same columns and values).
 */
import { describe, expect, it } from 'vitest';
import {
  type BoundData,
  bindData,
  compileGraph,
  type CsvOptions,
  type Dataset,
  type Diagnostic,
  float32Problems,
  type GraphDocument,
  loadBuiltinSource,
  parseCsv,
  parseDataSource,
} from '../../src/engine/index.js';
import { catalogues, createI18n, describeDiagnostic, english, messageKeys, translator } from '../../src/i18n/index.js';
import xorDocument from '../../examples/xor.bps.json' with { type: 'json' };

type Json = any;

/** What parseCsv says of `text`: its refusal's diagnostics, or the warnings of what it loaded. */
function csv(text: string, options?: CsvOptions): Diagnostic[] {
  const result = parseCsv(text, 'data.csv', options);
  return result.ok ? result.warnings : result.diagnostics;
}

function data(text: string): Dataset {
  const result = parseCsv(text, 'data.csv');
  if (!result.ok) throw new Error(result.diagnostics[0].message);
  return result.value;
}

/** XOR's graph changed by `edit`, bound to `rows`. */
function bound(edit: (d: Json) => void, rows: string): Diagnostic[] {
  const d: Json = structuredClone(xorDocument);
  edit(d);
  const compiled = compileGraph(d as GraphDocument);
  if (!compiled.ok) throw new Error(compiled.diagnostics.map((x) => x.message).join('; '));
  const result = bindData(compiled.graph, data(rows));
  return result.ok ? [] : result.diagnostics;
}
const node = (d: Json, id: string) => d.nodes.find((n: Json) => n.id === id);
const unnamed = (d: Json, size: number) => {
  node(d, 'x').params = { size };
  node(d, 'h').params.in = size;
};

function tooLarge(where: 'input' | 'target', standardized: boolean): Diagnostic[] {
  const columns = { nodeId: where === 'input' ? 'x' : 't', columns: ['a'], values: Float64Array.of(1e39) };
  const none = { nodeId: 'n', columns: [], values: new Float64Array(0) };
  const data: BoundData = {
    rows: 1,
    inputs: [where === 'input' ? columns : none],
    targets: [where === 'target' ? columns : none],
    source: 'data.csv',
  };
  return float32Problems(data, standardized);
}

const spec = (s: string) => {
  const parsed = parseDataSource(s);
  return parsed.ok ? [] : parsed.diagnostics;
};

const xorRows = 'x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n';

/** Data that is wrong in one way each. */
const cases: [string, () => Diagnostic[]][] = [
  ['UTF-16 text', () => csv('ÿþa,b\n')],
  ['a zip archive', () => csv('PK\u0003\u0004\u0014\u0000\u0006\u0000')],
  ['NUL bytes', () => csv('a,b\n1,2\u0000\u0001\n')],
  ['an empty file', () => csv('\n')],
  ['a header of numbers', () => csv('1,2,3,4,5\n3,4,5,6,7\n')],
  ['an empty and a repeated column name', () => csv('a,a,\n1,2,3\n')],
  ['a short row', () => csv('a,b\n1\n2,3\n')],
  ['a number beyond a double', () => csv('a,b\n1e999,2\n')],
  ['an infinity and NaN', () => csv('a,b\ninf,2\nNaN,1\n')],
  ['no data rows', () => csv('a,b\n')],
  ['decimal points and commas mixed', () => csv('a;b\n1;1,5\n2;2.25\n')],
  ['a column of mostly text', () => csv('v,w\n1,a\nlow,b\nhigh,c\n2,d\nmid,e\n')],
  ['a column of mostly text with one number', () => csv('v,w\n1,a\nlow,b\nhigh,c\n')],
  ['more problems than are listed', () => csv(`a,b\n${'1\n'.repeat(30)}`)],
  ['every row missing a value, dropped', () => csv('a,b\n1,\n,2\n', { missing: 'drop' })],
  ['a row dropped', () => csv('a,b\n1,\n3,4\n', { missing: 'drop' })],
  ['rows dropped', () => csv('a,b\n1,\n,4\n5,6\n', { missing: 'drop' })],
  [
    'a class column with nothing to fill with',
    () => csv('a,b\n,1\n,2\n', { missing: 'mean', columnKinds: { a: 'category' } }),
  ],
  ['a number column with no mean', () => csv('a,b\n,1\n,2\n', { missing: 'mean' })],
  ['a value filled', () => csv('a,b\n1,\n3,4\n', { missing: 'mean' })],
  ['values filled in one row', () => csv('a,b,c\n1,,\n3,4,x\n5,6,x\n', { missing: 'mean' })],
  ['values filled in rows', () => csv('a,b,c\n1,,x\n,4,\n5,6,y\nz,7,y\n', { missing: 'mean' })],
  ['an unclosed quote', () => csv('a,b\n"1,2\n')],
  ['numbers with a unit read as classes', () => csv('x1,y\n0 %,0\n100 %,1\n50 %,0\n')],
  ['grouped numbers counted as missing, refused', () => csv('x1,x2,y\n0,0,0\n1,1,0\n"1,000",0,1\n0,1,1\n')],
  ['grouped numbers read as classes, in a comma file', () => csv('x1,y\n"1,000",0\n"2,000",1\n"3,500",0\n')],
  ['decimal commas read as classes, in a comma file', () => csv('x1,y\n"1,5",0\n"2,25",1\n"3,125",0\n')],
  ['points taken for decimals, read as classes', () => csv('x1,y\n1.000 kg,0\n2.000 kg,1\n3.500 kg,0\n')],
  ['points grouping digits, read as classes', () => csv('x1;y\n1.000 kg;0\n2.000 kg;1\n3.500 kg;0\n')],
  ['commas taken for decimals, read as classes', () => csv('x1;y\n1,000 kg;0\n2,000 kg;1\n3,500 kg;0\n')],
  ['percentages counted as missing', () => csv('x1,y\n1,0\n2,1\n5 %,0\n4,1\n', { missing: 'drop' })],
  ['commas grouping digits, counted as missing', () => csv('x1,y\n1,0\n2,1\n"1,000",0\n4,1\n', { missing: 'drop' })],
  ['points grouping digits, counted as missing', () => csv('x1;y\n1;0\n2;1\n3.000 kg;0\n4;1\n', { missing: 'drop' })],
  [
    'points taken for decimals, counted as missing',
    () => csv('x1,y\n1,0\n2,1\n1.000 kg,0\n4,1\n', { missing: 'drop' }),
  ],
  [
    'commas taken for decimals, counted as missing',
    () => csv('x1;y\n1;0\n2;1\n3,000 kg;0\n4;1\n', { missing: 'drop' }),
  ],
  ['text in a number column', () => csv('a,b\nx4,1\n1,2\n3,4\n')],
  ['an empty cell', () => csv('a,b\n1,\n2,3\n')],
  ['a missing-value marker', () => csv('a,b\nNA,1\n2,3\n')],
  // The data a graph is bound to.
  [
    'an input naming a column the data lacks',
    () => bound((d) => (node(d, 'x').params.columns = ['x1', 'x3']), xorRows),
  ],
  ['an input naming columns the data lacks', () => bound((d) => (node(d, 'x').params.columns = ['x3', 'x4']), xorRows)],
  ['a target naming a column the data lacks', () => bound((d) => (node(d, 't').params.columns = ['z']), xorRows)],
  [
    'a target naming columns the data lacks',
    () =>
      bound((d) => {
        node(d, 't').params = { size: 2, columns: ['z', 'w'] };
        node(d, 'o').params.out = 2;
      }, xorRows),
  ],
  ['an input taking more columns than there are', () => bound((d) => unnamed(d, 3), xorRows)],
  ['an input taking more than the one feature', () => bound((d) => unnamed(d, 2), 'x1,y\n0,0\n1,1\n')],
  ['an input with no feature columns', () => bound((d) => unnamed(d, 1), 'y\n0\n1\n')],
  [
    'a target taking more columns than are left',
    () =>
      bound((d) => {
        node(d, 't').params = { size: 1 };
        d.nodes.push({ id: 't2', type: 'target', params: { size: 2 } });
      }, xorRows),
  ],
  ['an input taking fewer columns than the features', () => bound((d) => unnamed(d, 1), xorRows)],
  [
    'an input taking fewer columns than the features (two)',
    () => bound((d) => unnamed(d, 2), 'x1,x2,x3,y\n0,0,0,0\n1,1,1,1\n'),
  ],
  [
    'input blocks taking fewer columns than the features',
    () =>
      bound((d) => {
        unnamed(d, 1);
        d.nodes.push({ id: 'x2', type: 'input', params: { size: 1 } }, { id: 'c', type: 'concat' });
        d.edges = d.edges.filter((e: Json) => e.source !== 'x');
        d.edges.push(
          { source: 'x', target: 'c', targetHandle: 'in0' },
          { source: 'x2', target: 'c', targetHandle: 'in1' },
          { source: 'c', target: 'h', targetHandle: 'in' },
        );
        node(d, 'h').params.in = 2;
      }, 'x1,x2,x3,y\n0,0,0,0\n1,1,1,1\n'),
  ],
  [
    'a target that is no class index',
    () =>
      bound((d) => {
        node(d, 'L').type = 'cross_entropy';
        node(d, 'o').params.out = 2;
        d.nodes = d.nodes.filter((n: Json) => n.id !== 'p');
        d.edges = d.edges.filter((e: Json) => e.target !== 'p' && e.source !== 'p');
        d.edges.push({ source: 'o', target: 'L', targetHandle: 'pred' });
      }, 'x1,x2,y\n0,0,0\n0,1,2\n'),
  ],
  ['a binary target outside [0, 1]', () => bound(() => undefined, 'x1,x2,y\n0,0,0\n0,1,2\n')],
  ['an input too large for 32 bits', () => tooLarge('input', false)],
  ['a standardised input too large for 32 bits', () => tooLarge('input', true)],
  ['a target too large for 32 bits', () => tooLarge('target', false)],
  // Data-source specs.
  ['an unknown built-in set', () => spec('builtin:nope')],
  ['an unknown option', () => spec('builtin:circle?size=3')],
  ['options of a fixed set', () => spec('builtin:xor?samples=3')],
  ['a negative noise', () => spec('builtin:circle?noise=-1')],
  ['no samples', () => spec('builtin:circle?samples=0')],
  ['a fractional seed', () => spec('builtin:circle?seed=1.5')],
  [
    'a source naming no set',
    () => {
      const loaded = loadBuiltinSource({ kind: 'builtin', name: 'nope' });
      return loaded.ok ? [] : loaded.diagnostics;
    },
  ],
];

const GROUPS = /^diagnostics\.(csv|dataBinding|dataSource)\./;
/** A case that cannot be made (its document no longer compiles) shows as a diagnostic without a key. */
const made = (make: () => Diagnostic[]): Diagnostic[] => {
  try {
    return make();
  } catch (e) {
    return [{ code: 'data', severity: 'error', where: 'the case', message: String(e) }];
  }
};
const all = cases.flatMap(([name, make]) => made(make).map((d) => [name, d] as const));
const ru = translator(createI18n('ru'));

describe('the data’s diagnostics in the user’s language', () => {
  it.each(cases.map(([name]) => name))(
    '%s: each diagnostic has a key, and English tells it as the engine does',
    (name) => {
      const found = all.filter(([n]) => n === name).map(([, d]) => d);
      expect(found.length, name).toBeGreaterThan(0);
      for (const d of found) {
        expect(d.key, d.message).toMatch(/^(csv|dataBinding|dataSource)\./);
        expect(describeDiagnostic(d, english)).toBe(d.message);
      }
    },
  );

  it('every key of the data’s groups is one of these cases gives', () => {
    const given = new Set(all.map(([, d]) => `diagnostics.${d.key}`));
    const catalogue = [...messageKeys(catalogues.en)].filter((k) => GROUPS.test(k));
    expect(catalogue.filter((k) => !given.has(k))).toEqual([]);
  });

  it('Russian tells every one of them, naming the same columns and values', () => {
    for (const [, d] of all) {
      const text = describeDiagnostic(d, ru);
      expect(text, d.key).not.toBe(d.message);
      expect(text, d.key).not.toMatch(/\{\{|\}\}/);
      for (const name of ['name', 'id', 'marker', 'text', 'option', 'got'] as const) {
        const v = d.values?.[name];
        if (typeof v === 'string') expect(text, d.key).toContain(v);
      }
    }
  });

  it('Russian writes the numbers of its prose with a decimal comma', () => {
    const d = all.find(([, x]) => x.key === 'csv.notANumberAsWritten')![1];
    expect(describeDiagnostic(d, ru)).toContain('1\u00a0000');
    const filled = csv('a,b\n1.5,\n3,4\n', { missing: 'mean' })[0];
    expect(describeDiagnostic(filled, english)).toBe('filled 1 missing value in 1 row: b with its mean 4');
    expect(describeDiagnostic(filled, ru)).toMatch(/^заполнен 1 пропуск в одной строке: средним по столбцу/);
  });
});
