/**
 * The CLI under bad input: absurd sizes and deep JSON are refused with exit code 1 (never a crash),
 * every failure under --json is one JSON object, exit code 70 is left for real bugs, and
 * `train --out` finds out before training whether it can write its output.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/cli/command.js';
import { commands, main } from '../../src/cli/main.js';
import { backprop, example, readJson, temporaryFolder, writeFile } from './helpers.js';

const dir = temporaryFolder();
const xor = readJson(example('xor.bps.json'));
function variant(name: string, change: (doc: any) => void): string {
  const doc = structuredClone(xor);
  change(doc);
  return writeFile(dir, name, doc);
}

describe('documents beyond the limits', () => {
  it.each([1e9, 1e15])('a hidden layer of %d units is refused by every command, exit 1', (units) => {
    const file = variant(`huge-${units}.bps.json`, (d) => {
      d.nodes[1].params.out = units;
      d.nodes[3].params.in = units;
    });
    const invocations: string[][] = [['validate'], ['train'], ['eval'], ['export', '--to', 'onnx']];
    for (const command of invocations) {
      const run = backprop([command[0], file, ...command.slice(1), '--json']);
      expect(run.code, command[0]).toBe(1);
      const [result] = run.json();
      expect(result.ok).toBe(false);
      expect(result.errors[0]).toEqual({
        where: 'nodes[1].params.out',
        message: "node 'h' (Linear): Too big: expected number to be <=65536",
        code: 'params',
        values: { id: 'h', block: 'Linear', blockType: 'linear', issue: 'Too big: expected number to be <=65536' },
      });
    }
  });

  it('a weight named toString is a problem in the document, not a crash', () => {
    const file = variant('tostring.bps.json', (d) => {
      d.nodes[1].weights = { toString: { shape: [4, 2], data: [1, 2, 3, 4, 5, 6, 7, 8] } };
    });
    const run = backprop(['validate', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("nodes[1].weights.toString: node 'h' (Linear 2→4) has no weight 'toString'");
  });

  it('10,000 levels of nesting are refused at load, and a syntax error inside them is located', () => {
    const deep = `${'['.repeat(10_000)}1${']'.repeat(10_000)}`;
    const text = JSON.stringify(xor).replace(/}$/, `,"extra":${deep}}`);
    const file = writeFile(dir, 'deep.bps.json', text);
    const run = backprop(['train', file, '--out', join(dir, 'deep-out.bps.json'), '--json']);
    expect(run.code).toBe(1);
    expect(run.json()[0].errors[0].message).toContain('more than 100 levels deep');
    expect(existsSync(join(dir, 'deep-out.bps.json'))).toBe(false);
    const broken = writeFile(dir, 'deep-broken.bps.json', text.replace(/1]/, '1,]'));
    const located = backprop(['validate', broken, '--json']);
    expect(located.code).toBe(1);
    expect(located.json()[0].errors[0].message).toBe('not valid JSON: expected a value, unexpected "]"');
  });

  it('a batch too large for the graph is refused before training, naming the batch size that fits', () => {
    const file = variant('wide.bps.json', (d) => {
      d.nodes[1].params.out = 60_000;
      d.nodes[3].params.in = 60_000;
    });
    const rows = Array.from({ length: 200 }, (_, i) => `${i % 2},${(i >> 1) % 2},${(i ^ (i >> 1)) % 2}`);
    const csv = writeFile(dir, 'many.csv', `x1,x2,y\n${rows.join('\n')}\n`);
    const run = backprop(['train', file, '--data', csv, '--batch', 'full', '--json']);
    expect(run.code).toBe(1);
    expect(run.json()).toEqual([
      {
        ok: false,
        errors: [
          { where: '(batch)', message: expect.stringMatching(/use at most 139 rows per batch$/), code: 'limit' },
        ],
      },
    ]);
  });
});

describe('--json errors and exit codes', () => {
  it('an internal error still prints one JSON object, with exit code 70', async () => {
    const broken: Command = {
      name: 'broken',
      summary: 'fails',
      usage: 'broken',
      details: [],
      options: [{ name: 'json', kind: 'flag', help: '' }],
      run: () => {
        throw new TypeError('x.join is not a function');
      },
    };
    (commands as Command[]).push(broken);
    try {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(['broken', '--json'], { out: (l) => out.push(l), err: (l) => err.push(l) });
      expect(code).toBe(70);
      expect(out.map((l) => JSON.parse(l))).toEqual([
        {
          ok: false,
          internal: true,
          errors: [{ where: 'backprop', message: 'internal error: x.join is not a function' }],
        },
      ]);
      expect(err[0]).toMatch(/^backprop: internal error: TypeError: x.join is not a function/);
    } finally {
      (commands as Command[]).pop();
    }
  });

  it('a document file larger than MAX_DOCUMENT_BYTES is refused before it is read', () => {
    const file = join(dir, 'big.bps.json');
    writeFile(dir, 'big.bps.json', JSON.stringify(xor).replace(/}$/, `,"pad":"${'x'.repeat(65 * 1024 * 1024)}"}`));
    const run = backprop(['validate', file, '--json']);
    expect(run.code).toBe(1);
    expect(run.json()[0].errors[0].message).toBe('the graph document is 68 MB; files over 67 MB are not read');
  });
});

describe('train --out', () => {
  const folderTarget = () => {
    const out = join(dir, 'a-folder.bps.json');
    mkdirSync(out, { recursive: true });
    return { out, reason: 'it is a folder, not a file' };
  };
  const insideFile = () => {
    const file = writeFile(dir, 'plain.txt', 'x');
    return { out: join(file, 'out.bps.json'), reason: `the folder ${file} does not exist` };
  };
  it.each([
    ['a folder', folderTarget],
    ['inside a file', insideFile],
  ])('that is %s fails before training', (_what, target) => {
    const { out, reason } = target();
    const run = backprop(['train', 'examples/xor.bps.json', '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim()).toBe(`${out}: cannot write the trained document there: ${reason}`);
  });

  // Root may write anywhere; /sys is read-only even for root on Linux.
  const readOnly = '/sys/fs';
  const canProbe =
    existsSync(readOnly) &&
    (() => {
      try {
        writeFile(readOnly, '.backprop-probe', '');
        return false;
      } catch {
        return true;
      }
    })();
  it.skipIf(!canProbe)('in a folder that cannot be written fails before training', () => {
    const run = backprop(['train', 'examples/xor.bps.json', '--out', `${readOnly}/xor.bps.json`, '--json']);
    expect(run.code).toBe(1);
    expect(run.json()).toEqual([
      {
        ok: false,
        errors: [
          {
            where: `${readOnly}/xor.bps.json`,
            message: expect.stringMatching(/^cannot write the trained document there: /),
          },
        ],
      },
    ]);
  });

  it('writes through a symbolic link, keeps the file’s mode and leaves no temporary file', () => {
    const folder = join(dir, 'linked');
    mkdirSync(folder);
    const real = writeFile(folder, 'real.bps.json', '{}');
    chmodSync(real, 0o640);
    const link = join(folder, 'link.bps.json');
    symlinkSync(real, link);
    const run = backprop(['train', 'examples/xor.bps.json', '--epochs', '2', '--out', link]);
    expect(run.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(real, 'utf8')).metrics.history).toHaveLength(2);
    expect(statSync(real).mode & 0o777).toBe(0o640);
    expect(readdirSync(folder).sort()).toEqual(['link.bps.json', 'real.bps.json']);
  });
});
