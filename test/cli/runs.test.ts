/** `backprop train --runs`, `--reset`, the seed flags, and `backprop runs FILE`, run as a user runs them. */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { backprop, example, readJson, root, temporaryFolder, writeFile } from './helpers.js';

describe('train --runs, then runs FILE', () => {
  const dir = temporaryFolder();
  const doc = `${dir}/xor.bps.json`;
  const first = `${dir}/first.bps.json`;
  const one = backprop(['train', example('xor.bps.json'), '--epochs', '200', '--runs', '--out', doc]);
  copyFileSync(doc, first);
  const two = backprop(['train', doc, '--reset', '--optimizer', 'adam', '--lr', '0.05', '--runs', '--out', doc]);
  const three = backprop(['train', doc, '--epochs', '50', '--runs', '--out', doc, '--json']);

  it('records each run in the written document, saying which', () => {
    expect(one.code, one.stderr).toBe(0);
    expect(one.lines.at(-1)).toBe(`recorded Run 1; 1 run kept (backprop runs ${doc})`);
    expect(two.code, two.stderr).toBe(0);
    expect(two.lines.at(-1)).toBe(`recorded Run 2; 2 runs kept (backprop runs ${doc})`);
    expect(three.code, three.stderr).toBe(0);
    expect(three.json().at(-1)).toMatchObject({ done: true, out: doc, run: 'run3' });
  });

  it('keeps settings, data, seeds, curves with gradient norms, and the final weights exactly', () => {
    const runs = readJson(doc).runs;
    expect(runs.map((r: any) => r.name)).toEqual(['Run 1', 'Run 2', 'Run 3']);
    expect(new Set(runs.map((r: any) => r.color)).size).toBe(3);
    expect(runs[0].settings).toMatchObject({ optimizer: 'sgd', lr: 1, epochs: 200, dataSeed: 1, initSeed: 1 });
    expect(runs[1].settings).toMatchObject({ optimizer: 'adam', lr: 0.05 });
    expect(runs[0].data).toEqual({ source: 'builtin:xor', dataSeed: 1, trainRows: 4, validationRows: 0 });
    expect(runs[0].curves).toHaveLength(200);
    expect(runs[0].curves[0]).toEqual({
      epoch: 1,
      loss: expect.any(Number),
      accuracy: expect.any(Number),
      gradNorm: expect.any(Number),
    });
    expect(runs[0].curves[0].gradNorm).toBeGreaterThan(0);
    // Run 1's final weights are those the first document held; the last run's those the document holds now.
    const weightsOf = (d: any) =>
      Object.fromEntries(d.nodes.filter((n: any) => n.weights).map((n: any) => [n.id, n.weights]));
    expect(runs[0].weights).toEqual(weightsOf(readJson(first)));
    expect(runs[2].weights).toEqual(weightsOf(readJson(doc)));
    expect(runs[0].fingerprint).toBe(runs[1].fingerprint);
  });

  it('--reset starts from the init seed; without it a run goes on from the last one', () => {
    const runs = readJson(doc).runs;
    expect(runs[1].continues).toBeUndefined();
    expect(runs[2].continues).toBe('run2');
    // A reset run of Adam starts at the same loss as the first run did: the same initial weights.
    expect(runs[1].curves[0].loss).toBe(runs[0].curves[0].loss);
    // --reset drops the history of the weights it threw away.
    expect(readJson(doc).metrics.history.length).toBe(200 + 50);
  });

  it('the written document, runs and all, passes the JSON Schema of docs/graph-format.schema.json', () => {
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(
      readJson(join(root, 'docs/graph-format.schema.json')),
    );
    expect(validate(readJson(doc)), JSON.stringify(validate.errors)).toBe(true);
    const bad = readJson(doc);
    bad.runs[0].color = 'red';
    expect(validate(bad)).toBe(false);
  });

  it('lists the runs as a table with what changed from the run before', () => {
    const listed = backprop(['runs', doc]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.lines[0]).toMatch(
      /^#\s+name\s+optimizer\s+lr\s+batch\s+epochs\s+loss block\s+loss\s+accuracy\s+data\s+changes$/,
    );
    expect(listed.lines[1]).toMatch(/^1\s+Run 1\s+SGD\s+1\s+full\s+200\s+Binary cross-entropy\s/);
    expect(listed.lines[2]).toMatch(/Run 2\s+Adam\s+0\.05\s.*optimizer: SGD → Adam; lr 1 → 0\.05$/);
    expect(listed.lines[3]).toMatch(/Run 3\s+Adam\s.*epochs 200 → 50$/);
  });

  it('--json: one object per run, with its changes and whether it keeps its weights', () => {
    const listed = backprop(['runs', doc, '--json']).json();
    expect(listed).toHaveLength(3);
    expect(listed[0]).toMatchObject({ id: 'run1', name: 'Run 1', visible: true, weights: true, changes: [] });
    expect(listed[1].changes).toEqual(['optimizer: SGD → Adam', 'lr 1 → 0.05']);
    expect(listed[1].loss).toBe('Binary cross-entropy');
    expect(listed[0].curves).toBeUndefined();
  });
});

describe('train --runs and runs: bad input', () => {
  const dir = temporaryFolder();

  it('--runs without --out is refused before training', () => {
    const run = backprop(['train', example('xor.bps.json'), '--runs']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--runs records the run in the trained document: give --out OUT too');
  });

  it('runs of a document that keeps none says so; a broken run is named by its place', () => {
    const none = backprop(['runs', example('xor.bps.json')]);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('keeps no runs');
    const broken = readJson(example('xor.bps.json'));
    broken.runs = [{ id: 'r', name: 'x', color: 'red' }];
    const path = writeFile(dir, 'broken.bps.json', broken);
    const run = backprop(['runs', path]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('runs[0].color');
  });
});

describe('--seed, --data-seed, --init-seed', () => {
  const trainJson = (...flags: string[]) =>
    backprop(['train', example('xor.bps.json'), '--epochs', '30', '--batch', '2', '--json', ...flags]).json();

  it('--seed keeps meaning both seeds', () => {
    expect(trainJson('--seed', '3')).toEqual(trainJson('--data-seed', '3', '--init-seed', '3'));
    expect(trainJson('--seed', '3')).not.toEqual(trainJson('--seed', '4'));
  });

  it('each seed flag sets its own seed only', () => {
    expect(trainJson('--seed', '5', '--init-seed', '2')).toEqual(trainJson('--data-seed', '5', '--init-seed', '2'));
    expect(trainJson('--init-seed', '2')).not.toEqual(trainJson('--init-seed', '3'));
    expect(trainJson('--data-seed', '2')).not.toEqual(trainJson('--data-seed', '3'));
  });

  it('the trained document records both', () => {
    const dir = temporaryFolder();
    const out = `${dir}/t.bps.json`;
    const run = backprop([
      'train',
      example('xor.bps.json'),
      '--epochs',
      '5',
      '--data-seed',
      '4',
      '--init-seed',
      '9',
      '--out',
      out,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines[1]).toBe('sgd, lr 1, batch full, 5 epochs, init seed 9, data seed 4');
    expect(readJson(out).training).toMatchObject({ seed: 1, dataSeed: 4, initSeed: 9 });
  });
});
