/**
 * The generated reference (JSON Schema, block table, built-in data sets) is up to date, the
 * schema accepts what the app writes and refuses what it refuses, and the loader programs in
 * docs/graph-format.md give the numbers `backprop predict` gives.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { blockTypes, EPSILON, trainingDefaults } from '../../src/engine/index.js';
import { generatedFiles } from '../../src/cli/reference.js';
import { backprop, example, exampleFiles, readJson, root, temporaryFolder, writeFile } from './helpers.js';

const dir = temporaryFolder();

describe('generated reference files', () => {
  it.each(generatedFiles.map((f) => f.path))(
    '%s is up to date (run `npm run schema` after changing the engine)',
    (path) => {
      const file = generatedFiles.find((f) => f.path === path)!;
      const committed = readFileSync(join(root, path), 'utf8');
      expect(file.update(committed)).toBe(committed);
    },
  );

  it("the hand-written training defaults and clamp agree with the engine's", () => {
    const doc = readFileSync(join(root, 'docs/graph-format.md'), 'utf8');
    const defaults = Object.fromEntries(
      [...doc.matchAll(/^\| `(\w+)` \| `([^`]+)` \|/gm)].map((m) => [m[1], JSON.parse(m[2])]),
    );
    const { beta1, beta2, ...engine } = trainingDefaults;
    expect(defaults).toEqual(engine);
    expect(doc).toContain(`| \`beta1\`, \`beta2\` | \`${beta1}\`, \`${beta2}\` |`);
    expect(doc).toContain(`clamp probabilities to \`[${EPSILON}, 1 − ${EPSILON}]\``);
  });

  it('the block table lists every registered block type', () => {
    const doc = readFileSync(join(root, 'docs/graph-format.md'), 'utf8');
    for (const def of blockTypes()) expect(doc).toContain(`| \`${def.type}\`<br>${def.title} |`);
  });
});

describe('docs/graph-format.schema.json', () => {
  const schema = readJson(join(root, 'docs/graph-format.schema.json'));
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

  it.each(exampleFiles())('accepts the example %s', (file) => {
    expect(validate(readJson(example(file))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('accepts a trained document (weights, data, metrics)', () => {
    const out = `${dir}/iris.bps.json`;
    expect(backprop(['train', example('iris-mlp.bps.json'), '--epochs', '2', '--out', out]).code).toBe(0);
    expect(validate(readJson(out)), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    ['an unknown block type', (d: any) => (d.nodes[1].type = 'dense')],
    ['an unknown param (a typo)', (d: any) => (d.nodes[1].params.outs = 3)],
    ['a param of the wrong type', (d: any) => (d.nodes[1].params.out = 'four')],
    ['a param out of range', (d: any) => (d.nodes[1].params.out = 0)],
    ['an unknown optimizer', (d: any) => (d.training.optimizer = 'rmsprop')],
    ['a missing targetHandle', (d: any) => delete d.edges[0].targetHandle],
    ['another format', (d: any) => (d.format = 'keras')],
  ])('refuses %s, as the app does', (_, change) => {
    const doc = readJson(example('xor.bps.json'));
    change(doc);
    expect(validate(doc)).toBe(false);
    expect(backprop(['validate', writeFile(dir, 'refused.bps.json', doc)]).code).toBe(1);
  });
});

describe('the loader programs of docs/graph-format.md', () => {
  const markdown = readFileSync(join(root, 'docs/graph-format.md'), 'utf8');
  const code = (language: string) =>
    [...markdown.matchAll(/```(\w+)\n([\s\S]*?)```/g)].find((m) => m[1] === language)![2];
  const trained = `${dir}/iris-trained.bps.json`;
  const rows = ['5.1,3.5,1.4,0.2', '6.3,3.3,6.0,2.5', '5.9,3.0,4.2,1.5'];
  const expected = () => {
    const csv = writeFile(dir, 'rows.csv', `sepal_length,sepal_width,petal_length,petal_width\n${rows.join('\n')}\n`);
    return backprop(['predict', trained, '--data', csv, '--json']).json()[0].outputs as number[][];
  };
  const parse = (stdout: string) =>
    stdout
      .trim()
      .split('\n')
      .map((l) => l.split(',').map(Number));

  it('train the document they load', () => {
    expect(backprop(['train', example('iris-mlp.bps.json'), '--out', trained]).code).toBe(0);
  });

  it('JavaScript: gives the outputs of backprop predict', () => {
    const program = writeFile(dir, 'predict.mjs', code('js'));
    const r = spawnSync(process.execPath, [program, trained, ...rows], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const want = expected();
    parse(r.stdout).forEach((row, i) => row.forEach((v, k) => expect(v).toBeCloseTo(want[i][k], 12)));
  });

  const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!hasNumpy)('Python with NumPy: gives the outputs of backprop predict', () => {
    const program = writeFile(dir, 'predict.py', code('python'));
    const r = spawnSync('python3', [program, trained, ...rows], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const want = expected();
    parse(r.stdout).forEach((row, i) => row.forEach((v, k) => expect(v).toBeCloseTo(want[i][k], 12)));
  });
});
