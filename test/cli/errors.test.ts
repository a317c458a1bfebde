/** Bad input: exit codes and one clear line per problem, as a user sees them. */
import { describe, expect, it } from 'vitest';
import { backprop, example, readJson, temporaryFolder, writeFile } from './helpers.js';

const dir = temporaryFolder();
const xor = readJson(example('xor.bps.json'));
/** The XOR example with `change` applied, written to a temporary file. */
function variant(name: string, change: (doc: any) => void): string {
  const doc = structuredClone(xor);
  change(doc);
  return writeFile(dir, name, doc);
}

describe('wrong usage (exit code 2)', () => {
  it.each([
    [
      ['frobnicate'],
      "backprop: unknown command 'frobnicate'; the commands are validate, train, runs, eval, predict, gradcheck, solve, export, import",
    ],
    [['train'], 'backprop train: train needs a graph document or an ONNX model (FILE)'],
    [
      ['train', 'examples/xor.bps.json', '--epoch', '3'],
      "backprop train: unknown option '--epoch' (did you mean --epochs?)",
    ],
    [['train', 'examples/xor.bps.json', '--lr'], 'backprop train: --lr needs a value (X)'],
    [['train', 'examples/xor.bps.json', '--lr', 'fast'], "backprop train: --lr needs a number, got 'fast'"],
    [['train', 'examples/xor.bps.json', '--lr', '-1'], "backprop train: --lr must be > 0, got '-1'"],
    [['train', 'examples/xor.bps.json', '--epochs', '2.5'], "backprop train: --epochs needs a whole number, got '2.5'"],
    [
      ['train', 'examples/xor.bps.json', '--batch', '0'],
      "backprop train: --batch needs a whole number ≥ 1 or 'full', got '0'",
    ],
    [
      ['train', 'examples/xor.bps.json', '--optimizer', 'rmsprop'],
      "backprop train: --optimizer must be one of sgd, momentum, adam, adamw, got 'rmsprop'",
    ],
    [['train', 'examples/xor.bps.json', '--val', '1'], "backprop train: --val must be < 1, got '1'"],
    [['train', 'examples/xor.bps.json', '--no-shuffle=yes'], 'backprop train: --no-shuffle takes no value'],
    [
      ['eval', 'examples/xor.bps.json', 'extra.json'],
      "backprop eval: unexpected argument 'extra.json' (eval takes one FILE)",
    ],
    [
      ['gradcheck', 'examples/xor.bps.json', '--eps', '0'],
      'backprop gradcheck: --eps must be a positive number, got 0',
    ],
  ])('%j', (args, message) => {
    const run = backprop(args);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(message);
    expect(run.stderr).toContain('--help');
    expect(run.stdout).toBe('');
  });

  it('a command without --data needs a document that names its data', () => {
    const file = variant('no-source.bps.json', (d) => delete d.data);
    const run = backprop(['train', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`train needs --data SRC: ${file} names no data.source`);
  });
});

describe('bad input (exit code 1)', () => {
  it('a missing document', () => {
    const run = backprop(['train', 'missing.bps.json', '--data', 'builtin:xor']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe('missing.bps.json: cannot read the graph document: no such file');
  });

  it('an invalid document: every diagnostic as FILE: where: message', () => {
    const file = variant('invalid.bps.json', (d) => {
      d.nodes[1].params.out = 0;
      d.nodes[3].type = 'dense';
    });
    const run = backprop(['train', file, '--data', 'builtin:xor']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      `${file}: nodes[1].params.out: node 'h' (Linear): Too small: expected number to be >=1`,
      `${file}: nodes[3].type: node 'o' has unknown block type 'dense'`,
    ]);
  });

  it('a document that is not JSON names the line and column', () => {
    const file = writeFile(
      dir,
      'broken.bps.json',
      '{\n  "format": "backprop-studio.graph",\n  "version": 1\n  "name": "x"\n}\n',
    );
    const run = backprop(['eval', file, '--data', 'builtin:xor']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      `${file}: line 4, column 3: not valid JSON: expected ',' or '}' in an object, unexpected "\\""`,
    );
  });

  it('a shape mismatch in the graph', () => {
    const file = variant('shape.bps.json', (d) => (d.nodes[3].params.in = 3));
    const run = backprop(['validate', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `${file}: edge hs→o.in: shape mismatch at node 'o' (Linear 3→1): input 'in' expects [batch × 3] (params.in = 3) but node 'hs' gives [batch × 4]`,
    );
  });

  it('a missing data file', () => {
    const run = backprop(['train', 'examples/xor.bps.json', '--data', 'nowhere.csv']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe('nowhere.csv: cannot read the data file: no such file');
  });

  it('a bad CSV: every bad cell with its line and column', () => {
    const csv = writeFile(dir, 'bad.csv', 'x1,x2,y\n0,0,0\n0,abc,1\n1,0\n1,1,NaN\n');
    const run = backprop(['train', 'examples/xor.bps.json', '--data', csv]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n').sort()).toEqual(
      [
        `${csv}, line 3, column 2 (x2): 'abc' is not a number`,
        `${csv}, line 4: the row has 2 cells but the header has 3 columns`,
        `${csv}, line 5, column 3 (y): NaN is not allowed: every value must be a finite number`,
        `${csv}: 2 rows have missing values (x2, y): add --missing drop to leave them out, or --missing mean to fill each with its column's mean`,
      ].sort(),
    );
  });

  it('data whose columns do not fit the graph (shape mismatch)', () => {
    const run = backprop(['train', 'examples/digits-softmax.bps.json', '--data', 'builtin:iris']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^node pixels: shape mismatch: input 'pixels' takes 64 columns \(params\.size\) but the data 'builtin:iris' has 4 feature columns/,
    );
  });

  it('data without the columns the graph names', () => {
    const run = backprop(['eval', 'examples/xor.bps.json', '--data', 'builtin:sine']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "node x: input 'x' asks for columns 'x1', 'x2', which the data 'builtin:sine' does not have (it has x, y)",
    );
  });

  it('targets that do not suit the loss', () => {
    const csv = writeFile(dir, 'targets.csv', 'x1,x2,y\n0,0,0\n0,1,2\n');
    const run = backprop(['train', 'examples/xor.bps.json', '--data', csv]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      `${csv}, line 3, column 'y': target 2 is outside [0, 1], which Binary cross-entropy 'L' needs`,
    );
  });

  it.each([
    [
      'builtin:nope',
      "builtin:nope: there is no built-in data set 'nope'; the built-in sets are and, or, not, xor, sine, circle, spiral, gaussians, digits, iris",
    ],
    [
      'builtin:xor?samples=10',
      'builtin:xor?samples=10: builtin:xor is fixed data and takes no options (only generated sets such as circle do)',
    ],
    [
      'builtin:circle?size=10',
      "builtin:circle?size=10: unknown option 'size'; built-in sets take samples, noise, seed",
    ],
    ['builtin:circle?samples=many', "builtin:circle?samples=many: samples must be a whole number ≥ 1, got 'many'"],
    ['builtin:circle?noise=-1', "builtin:circle?noise=-1: noise must be a number ≥ 0, got '-1'"],
  ])('a bad built-in source %s', (source, message) => {
    const run = backprop(['validate', 'examples/xor.bps.json', '--data', source]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(message);
  });

  it('training that diverges names the node and keeps the epochs printed so far', () => {
    const run = backprop(['train', 'examples/linear-regression.bps.json', '--optimizer', 'sgd', '--lr', '1', '--json']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(
      /^node L: training diverged in epoch 2, step 2: the loss rose by orders of magnitude \(epoch 2's loss [\d.e+]+ is [\d.e+]+ times 57\.6; the largest weight is node 'line''s W/,
    );
    const lines = run.json();
    expect(lines[0]).toMatchObject({ epoch: 1 });
    expect(lines.at(-1)).toEqual({
      ok: false,
      errors: [{ where: 'node L', message: expect.stringContaining('try a smaller learning rate') }],
    });
  });

  it('Adam at lr 1e3 on XOR stops with exit 1 instead of running to the end at a saturated loss', () => {
    const run = backprop(['train', 'examples/xor.bps.json', '--optimizer', 'adam', '--lr', '1e3']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(
      /^node L: training diverged in epoch \d+, step \d+: the loss rose by orders of magnitude/,
    );
    expect(run.stderr).toContain('The weights from the start of epoch 1 are kept; try a smaller learning rate.');
  });

  it('an output folder that does not exist fails before training', () => {
    const run = backprop(['train', 'examples/xor.bps.json', '--out', `${dir}/no/such/folder/out.bps.json`]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim()).toBe(
      `${dir}/no/such/folder/out.bps.json: cannot write the trained document there: the folder ${dir}/no/such/folder does not exist`,
    );
  });

  it('with --json the problems are also printed as JSON on stdout', () => {
    const run = backprop(['eval', 'missing.bps.json', '--json']);
    expect(run.code).toBe(1);
    expect(run.json()).toEqual([
      { ok: false, errors: [{ where: 'missing.bps.json', message: 'cannot read the graph document: no such file' }] },
    ]);
  });
});
