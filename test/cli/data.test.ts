/**
 * Reading CSV files from the command line as a user meets them: European exports with decimal
 * commas, missing values (refused with a way out, dropped, filled), a column of mostly text,
 * and files saved as UTF-16.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { backprop, readJson, temporaryFolder, writeFile } from './helpers.js';

const dir = temporaryFolder();
const iris = readFileSync('data/iris.csv', 'utf8');

describe('CSV files in the CLI', () => {
  it('trains on iris exported with semicolons and decimal commas exactly as on the original', () => {
    const european = writeFile(dir, 'iris-de.csv', iris.replaceAll(',', ';').replaceAll('.', ','));
    const original = writeFile(dir, 'iris.csv', iris);
    const run = (data: string) =>
      backprop(['train', 'examples/iris-mlp.bps.json', '--data', data, '--epochs', '20', '--json']);
    const a = run(european);
    const b = run(original);
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    expect(a.json().at(-1).loss).toBe(b.json().at(-1).loss);
  });

  const withGaps = 'x1,x2,y\n0,0,0\n0,,1\n1,0,1\nNA,1,0\n1,1,0\n';

  it('refuses missing values naming each cell, and says how to drop or fill them', () => {
    const csv = writeFile(dir, 'gaps.csv', withGaps);
    const run = backprop(['validate', 'examples/xor.bps.json', '--data', csv]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      `${csv}, line 3, column 2 (x2): the cell is empty; every cell needs a value`,
      `${csv}, line 5, column 1 (x1): 'NA' marks a missing value; every cell needs a value`,
      `${csv}: 2 rows have missing values (x1, x2): add --missing drop to leave them out, or --missing mean to fill each with its column's mean`,
    ]);
  });

  it('--missing drop leaves those rows out and --missing mean fills them, each with a warning', () => {
    const csv = writeFile(dir, 'gaps2.csv', withGaps);
    const dropped = backprop(['eval', 'examples/xor.bps.json', '--data', csv, '--missing', 'drop', '--json']);
    expect(dropped.code).toBe(0);
    expect(dropped.stderr.trim()).toBe(`${csv}: warning: dropped 2 rows with missing values (lines 3, 5); 3 remain`);
    expect(dropped.json()[0].outputs).toHaveLength(3);
    const filled = backprop(['eval', 'examples/xor.bps.json', '--data', csv, '--missing', 'mean', '--json']);
    expect(filled.code).toBe(0);
    expect(filled.stderr.trim()).toBe(
      `${csv}: warning: filled 2 missing values in 2 rows: x1 with its mean 0.5, x2 with its mean 0.5`,
    );
    expect(filled.json()[0].outputs).toHaveLength(5);
    expect(backprop(['eval', 'examples/xor.bps.json', '--data', csv, '--missing', 'zero']).stderr.split('\n')[0]).toBe(
      "backprop eval: --missing takes drop or mean, got 'zero'",
    );
  });

  it('warns when a column of mostly text becomes classes, and --numbers reads it as numbers', () => {
    const csv = writeFile(dir, 'text.csv', 'x1,x2,y\n1,0,1\nlow,1,1\nhigh,0,0\nhigh,1,0\n');
    const run = backprop(['validate', 'examples/xor.bps.json', '--data', csv]);
    expect(run.stderr).toContain(
      `${csv}, column 1 (x1): warning: the column is read as classes, since 3 of its 4 values are text ('low', 'high'); its 1 number become classes too`,
    );
    const numbers = backprop(['validate', 'examples/xor.bps.json', '--data', csv, '--numbers', 'x1']);
    expect(numbers.code).toBe(1);
    expect(numbers.stderr).toContain(`${csv}, line 3, column 1 (x1): 'low' is not a number`);
  });

  it('says when a column writes numbers with digit grouping, and --numbers reads them as those numbers', () => {
    const csv = writeFile(dir, 'grouped.csv', 'x1,x2,y\n"1,000.5",0,1\n"2,500",1,1\n"12,000",0,0\n"3,000",1,0\n');
    const run = backprop(['validate', 'examples/xor.bps.json', '--data', csv]);
    expect(run.stderr).toContain(
      `${csv}, column 1 (x1): warning: the column is read as classes, but 4 of its 4 text values look like numbers written with digits grouped by ‘,’ ('1,000.5' = 1000.5, '2,500' = 2500, …); choose to read the column as numbers to take them so`,
    );
    const numbers = backprop(['predict', 'examples/xor.bps.json', '--data', csv, '--numbers', 'x1', '--json']);
    expect(numbers.stderr).toBe('');
    expect(numbers.code).toBe(0);
    const classes = backprop(['predict', 'examples/xor.bps.json', '--data', csv, '--json']);
    // The same graph sees other inputs: the numbers, not class indices 0 … 3.
    expect(numbers.json()).not.toEqual(classes.json());
  });

  it('records how the CSV was read in the trained document, and reads the file that way again', () => {
    const csv = writeFile(dir, 'gaps.csv', 'x1,x2,y\n0,0,0\n0,1,1\n1,,1\n1,1,0\n"1,000",0,1\n0,1,1\n');
    const out = `${dir}/gaps.bps.json`;
    const args = ['--epochs', '3', '--missing', 'drop', '--numbers', 'x1'];
    expect(backprop(['train', 'examples/xor.bps.json', '--data', csv, ...args, '--out', out]).code).toBe(0);
    expect(readJson(out).data.csv).toEqual({ missing: 'drop', numberColumns: ['x1'] });
    // Before, without the flags: refused (missing values) although training had read the file.
    const again = backprop(['eval', out, '--json']);
    expect(again.stderr).toContain('dropped 1 row with missing values (line 4)');
    expect(again.code).toBe(0);
    expect(again.json()).toEqual(backprop(['eval', out, '--data', csv, ...args.slice(2), '--json']).json());
    // The command line still decides: --missing mean fills what the document dropped.
    expect(backprop(['eval', out, '--missing', 'mean']).stderr).toContain('filled 1 missing value');
  });

  it('names a value beyond float32 by line and column, and trains on it standardised', () => {
    const csv = writeFile(dir, 'huge.csv', 'x1,x2,y\n0,0,0\n1e39,1,1\n1,0,1\n1,1,0\n');
    const run = backprop(['train', 'examples/xor.bps.json', '--data', csv, '--epochs', '2']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      `${csv}, line 3, column 'x1': 1e+39 is too large for the 32-bit numbers training computes with (at most ±3.4e38): rescale the column (other units) or standardise the inputs`,
    );
    expect(backprop(['train', 'examples/xor.bps.json', '--data', csv, '--epochs', '2', '--standardize']).code).toBe(0);
  });

  it('standardises a column whose variance exceeds a double; the trained document reopens (it stored std null)', () => {
    const csv = writeFile(dir, 'wide.csv', 'x1,x2,y\n1e200,0,0\n3e200,1,1\n-2e200,0,1\n0,1,0\n');
    const out = `${dir}/wide.bps.json`;
    const run = backprop([
      'train',
      'examples/xor.bps.json',
      '--data',
      csv,
      '--epochs',
      '2',
      '--standardize',
      '--out',
      out,
    ]);
    expect(run.code).toBe(0);
    const std = JSON.parse(readFileSync(out, 'utf8')).data.normalization.std;
    // NumPy: np.std([1, 3, -2, 0]) = 1.8027756377319946 (the values ÷ 1e200).
    expect(std[0] / 1e200).toBeCloseTo(1.8027756377319946, 12);
    expect(backprop(['validate', out]).code).toBe(0);
  });

  it.each([
    ['UTF-16 LE', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('x1,x2,y\n0,0,0\n', 'utf16le')])],
    ['UTF-16 BE', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('x1,x2,y\n0,0,0\n', 'utf16le').swap16()])],
  ])('a %s file: save it as UTF-8 (not "the row has 1 cells")', (_what, bytes) => {
    const csv = writeFile(dir, 'utf16.csv', '');
    writeFileSync(csv, bytes);
    const run = backprop(['train', 'examples/xor.bps.json', '--data', csv]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      `${csv}: this file is UTF-16 text; save it as UTF-8 (in a spreadsheet: Save As → “CSV UTF-8”)`,
    );
  });
});
