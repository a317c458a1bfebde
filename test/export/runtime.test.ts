/**
 * The runtime (`backprop-studio/runtime`): its predictions are `backprop predict`'s on every
 * example, as it is and trained; it loads from another program by the package's name through
 * the exports map; the program in docs/runtime.md runs; it imports nothing from Node or the DOM;
 * bad documents and bad rows give clear errors.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { predict } from '../../src/cli/commands/predict.js';
import { DiagnosticError, loadModel } from '../../src/engine/index.js';
import { loadModel as loadModelFromModule } from '../../src/engine/runtime.js';
import { exampleCases, examplePath, root, type Case } from './helpers.js';

const scratch = mkdtempSync(join(root, '.runtime-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const rowsOf = (c: Case) =>
  Object.values(c.inputs)[0].map((_, r) => Object.values(c.inputs).flatMap((rows) => rows[r]));

describe('predictions equal `backprop predict` on every example', () => {
  const cases = exampleCases();

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const file = join(scratch, 'doc.bps.json');
    writeFileSync(file, JSON.stringify(c.document));
    const csv = join(scratch, 'rows.csv');
    const d = c.dataset;
    writeFileSync(
      csv,
      `${d.columns.join(',')}\n${Array.from({ length: d.rows }, (_, r) =>
        d.columns
          .map((col, k) => {
            const v = d.values[r * d.columns.length + k];
            return Object.hasOwn(d.categories, col) ? d.categories[col][v] : v;
          })
          .join(','),
      ).join('\n')}\n`,
    );
    const cli = predict({ file, data: csv });
    const model = loadModel(c.document);
    const p = model.predict(rowsOf(c));
    expect(p.outputs).toEqual(cli.outputs);
    expect(model.outputColumns).toEqual(cli.columns);
    if (cli.classes) {
      expect(p.classNames ?? p.classes).toEqual(cli.classes);
      if (p.classNames) expect(p.classes!.map((k) => model.classes![k])).toEqual(p.classNames);
    } else expect(p.classes).toBeUndefined();
    // Rows by column name give the same, where the columns have names in the data.
    if (model.columns.every((col) => d.columns.includes(col))) {
      const records = Array.from({ length: d.rows }, (_, r) =>
        Object.fromEntries(d.columns.map((col, k) => [col, d.values[r * d.columns.length + k]])),
      );
      expect(model.predict(records).outputs).toEqual(cli.outputs);
    }
  });

  it('describes the model', () => {
    const iris = loadModel(cases.find((c) => c.name.startsWith('iris') && c.name.includes('(trained'))!.document);
    expect(iris).toMatchObject({
      name: 'Iris: softmax and negative log-likelihood',
      columns: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
      inputs: [{ id: 'x', columns: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'] }],
      output: 'p',
      outputColumns: ['out0', 'out1', 'out2'],
      task: 'multiclass',
      classes: ['setosa', 'versicolor', 'virginica'],
      warnings: [],
    });
    const xor = loadModel(readFileSync(examplePath('xor.bps.json'), 'utf8'));
    expect(xor.task).toBe('binary');
    expect(xor.warnings.map((w) => w.message)).toEqual([
      "no trained weights for 'h', 'o': they start from params and training.seed, as in the app before training",
    ]);
    expect(loadModelFromModule).toBe(loadModel);
  });
});

describe('errors', () => {
  const xor = readFileSync(examplePath('xor.bps.json'), 'utf8');
  const error = (f: () => unknown): DiagnosticError => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(DiagnosticError);
      return e as DiagnosticError;
    }
    throw new Error('expected a DiagnosticError');
  };

  it('a document that is not valid lists its problems', () => {
    expect(error(() => loadModel('{"format": "backprop-studio.graph",')).message).toBe(
      'error: line 1, column 36: not valid JSON: expected a property name in double quotes, unexpected end of file',
    );
    expect(error(() => loadModel({ format: 'keras' })).message).toBe(
      'error: format: not a Backprop Studio graph: "format" must be "backprop-studio.graph", got "keras"',
    );
    const broken = JSON.parse(xor);
    broken.nodes[1].type = 'dense';
    broken.nodes[3].params.in = 3;
    expect(error(() => loadModel(broken)).diagnostics.map((d) => d.message)).toEqual([
      "node 'h' has unknown block type 'dense'",
    ]);
  });

  it('bad rows name the row and the column', () => {
    const model = loadModel(xor);
    expect(error(() => model.predict([[0, 1], [1]])).message).toBe(
      'error: row 1: the row has 1 values but the model takes 2 (x1, x2)',
    );
    expect(error(() => model.predict([{ x1: 0 }])).message).toBe(
      "error: row 0: the row has no column 'x2' (the model takes x1, x2)",
    );
    expect(error(() => model.predict([[0, Number.NaN]])).message).toBe(
      "error: row 0, column 'x2': expected a finite number, got NaN",
    );
    expect(error(() => model.predict([[0, '1' as unknown as number]])).message).toBe(
      'error: row 0, column \'x2\': expected a finite number, got "1"',
    );
    expect(error(() => model.predict('0,1' as never)).message).toBe(
      'error: rows: predict() takes an array of rows, got string',
    );
    expect(model.predict([])).toEqual({ outputs: [] });
  });
});

describe('the package entry backprop-studio/runtime', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

  it('is in the exports map, next to the engine and the bin', () => {
    expect(pkg.exports['./runtime']).toEqual({
      types: './dist/engine/runtime.d.ts',
      default: './dist/engine/runtime.js',
    });
    expect(pkg.exports['.']).toEqual({ types: './dist/engine/index.d.ts', default: './dist/engine/index.js' });
    expect(pkg.bin).toEqual({ backprop: 'bin/backprop.mjs' });
    for (const target of [...Object.values(pkg.exports['./runtime']), ...Object.values(pkg.exports['.'])] as string[])
      expect(existsSync(join(root, target)), target).toBe(true);
  });

  it('imports only its own modules and zod (no Node, no DOM), so it runs in a browser', () => {
    const seen = new Set<string>();
    const external = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g)) {
        if (m[1].startsWith('.')) visit(join(file, '..', m[1]));
        else external.add(m[1]);
      }
    };
    visit(join(root, 'dist/engine/runtime.js'));
    expect([...external]).toEqual(['zod']);
    expect(seen.size).toBeGreaterThan(5);
  });

  it('loads by name from a separate Node program and predicts what the engine predicts', () => {
    const program = join(scratch, 'by-name.mjs');
    writeFileSync(
      program,
      [
        "import { loadModel, DiagnosticError } from 'backprop-studio/runtime';",
        "import * as engine from 'backprop-studio';",
        "import { readFileSync } from 'node:fs';",
        'const model = loadModel(readFileSync(process.argv[2], "utf8"));',
        'const p = model.predict([[0, 0], [0, 1], [1, 0], [1, 1]]);',
        'console.log(JSON.stringify({ columns: model.columns, p, same: engine.loadModel === loadModel, error: typeof DiagnosticError }));',
      ].join('\n'),
    );
    const r = spawnSync(process.execPath, [program, examplePath('xor.bps.json')], { cwd: scratch, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.columns).toEqual(['x1', 'x2']);
    expect(out.p).toEqual(
      loadModel(readFileSync(examplePath('xor.bps.json'), 'utf8')).predict([
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
      ]),
    );
    expect(out.same).toBe(true);
    expect(out.error).toBe('function');
  });

  it('runs the example of docs/runtime.md, which prints what `backprop predict` prints', () => {
    const markdown = readFileSync(join(root, 'docs/runtime.md'), 'utf8');
    const code = [...markdown.matchAll(/```js\n([\s\S]*?)```/g)][0][1];
    const program = join(scratch, 'predict.mjs');
    writeFileSync(program, code);
    const trained = join(scratch, 'xor-trained.bps.json');
    const train = spawnSync(
      process.execPath,
      [join(root, 'bin/backprop.mjs'), 'train', examplePath('xor.bps.json'), '--out', trained],
      { encoding: 'utf8' },
    );
    expect(train.status, train.stderr).toBe(0);
    const r = spawnSync(process.execPath, [program, trained], { cwd: scratch, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('XOR, one hidden layer: x1, x2 → y (binary)');
    const csv = join(scratch, 'xor.csv');
    writeFileSync(csv, 'x1,x2\n0,0\n0,1\n1,0\n1,1\n');
    const want = predict({ file: trained, data: csv });
    expect(lines.slice(1)).toEqual(
      ['0,0', '0,1', '1,0', '1,1'].map((row, i) => `${row} → ${want.outputs[i].join(',')} class ${want.classes![i]}`),
    );
    // The sample output in the document is what it prints (to 3 decimals: float32 training may round differently elsewhere).
    const sample = markdown
      .slice(markdown.indexOf('$ node predict.mjs xor-trained.bps.json\n'))
      .split('\n')
      .slice(1, 6);
    expect(sample[0]).toBe(lines[0]);
    const parts = (line: string) => /^(\S+) → (\S+) class (\d+)$/.exec(line)!.slice(1);
    sample.slice(1).forEach((line, i) => {
      const [row, value, cls] = parts(line);
      const [gotRow, gotValue, gotCls] = parts(lines[i + 1]);
      expect([row, cls]).toEqual([gotRow, gotCls]);
      expect(Number(gotValue)).toBeCloseTo(Number(value), 3);
    });
  });
});
