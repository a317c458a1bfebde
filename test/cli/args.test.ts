/** The argument parser, and the command functions called directly (no process, no printing). */
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError, type OptionSpec } from '../../src/cli/args.js';
import { trainDocument, trainOptions } from '../../src/cli/commands/train.js';
import { validateDocument } from '../../src/cli/commands/validate.js';
import { commands, main } from '../../src/cli/main.js';
import { CliError } from '../../src/cli/problems.js';
import { loadBuiltin, recordedSource } from '../../src/cli/sources.js';
import { example, temporaryFolder, writeFile } from './helpers.js';

const specs: OptionSpec[] = [
  { name: 'epochs', kind: 'int', help: '' },
  { name: 'lr', kind: 'number', help: '' },
  { name: 'out', kind: 'string', help: '' },
  { name: 'json', kind: 'flag', help: '' },
];

describe('parseArgs', () => {
  it('reads --name value, --name=value, flags and positionals in any order', () => {
    expect(parseArgs(['a.json', '--epochs', '5', '--lr=0.5', '--json', '--out', 'b.json', 'c'], specs)).toEqual({
      positionals: ['a.json', 'c'],
      options: { epochs: 5, lr: 0.5, json: true, out: 'b.json' },
    });
  });

  it('takes negative numbers and exponents as values', () => {
    expect(parseArgs(['--lr', '-1e-3'], specs).options.lr).toBe(-1e-3);
  });

  it('ends options at --', () => {
    expect(parseArgs(['--', '--json'], specs)).toEqual({ positionals: ['--json'], options: {} });
  });

  it.each([
    [['--epoch', '3'], "unknown option '--epoch' (did you mean --epochs?)"],
    [['--zzz'], "unknown option '--zzz'"],
    [['--epochs'], '--epochs needs a value (VALUE)'],
    [['--epochs', '--json'], '--epochs needs a value (VALUE)'],
    [['--epochs', '1.5'], "--epochs needs a whole number, got '1.5'"],
    [['--lr', '1e999'], "--lr needs a finite number, got '1e999'"],
    [['--lr', '0x10'], "--lr needs a number, got '0x10'"],
    [['--json=1'], '--json takes no value'],
    [['--json', '--json'], '--json is given twice'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseArgs(argv, specs)).toThrow(new UsageError(message));
  });
});

describe('commands called as functions', () => {
  const dir = temporaryFolder();

  it('trainDocument reports each epoch and returns the trained document', () => {
    const epochs: number[] = [];
    const result = trainDocument(
      trainOptions(
        parseArgs(
          [example('perceptron-or.bps.json'), '--epochs', '3'],
          commands.find((c) => c.name === 'train')!.options,
        ),
      ),
      {
        onEpoch: (e, last) => epochs.push(last ? -e.epoch : e.epoch),
      },
    );
    expect(epochs).toEqual([1, 2, -3]);
    expect(result.epochs).toBe(3);
    expect(result.document.metrics?.history).toHaveLength(3);
    expect(result.out).toBeUndefined();
  });

  it('validateDocument returns the problems instead of printing them', () => {
    const file = writeFile(dir, 'bad.bps.json', {
      format: 'backprop-studio.graph',
      version: 1,
      name: 'x',
      nodes: [{ id: 'a', type: 'nope' }],
      edges: [],
    });
    const result = validateDocument(file);
    expect(result.ok).toBe(false);
    expect(result.errors[0]).toMatchObject({
      file,
      where: 'nodes[0].type',
      message: "node 'a' has unknown block type 'nope'",
      severity: 'error',
      code: 'unknown-type',
    });
  });

  it('bad input throws a CliError listing the problems', () => {
    expect(() => loadBuiltin('builtin:circle?noise=x')).toThrow(CliError);
  });

  it('main returns the exit code and writes through the given output', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['validate', example('xor.bps.json'), '--json'], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    expect(code).toBe(0);
    expect(out).toEqual(['{"ok":true}']);
    expect(err).toEqual([]);
  });

  it('--help lists every option of a command', async () => {
    for (const command of commands) {
      const out: string[] = [];
      expect(await main([command.name, '--help'], { out: (l) => out.push(l), err: () => undefined })).toBe(0);
      const text = out.join('\n');
      expect(text).toContain(`Usage: backprop ${command.usage}`);
      for (const option of command.options) expect(text).toContain(`--${option.name}`);
    }
  });

  it('the overall help lists every command', async () => {
    const out: string[] = [];
    expect(await main(['--help'], { out: (l) => out.push(l), err: () => undefined })).toBe(0);
    for (const command of commands) expect(out.join('\n')).toContain(command.usage);
  });

  it('records builtin sources as they are and CSV paths relative to the output', () => {
    expect(recordedSource('builtin:circle?samples=10', '/tmp/a/out.bps.json')).toBe('builtin:circle?samples=10');
    expect(recordedSource('/data/x.csv', '/tmp/a/out.bps.json')).toBe('../../data/x.csv');
  });
});
