/**
 * Built-in data sets: the logic gates, 1-D and 2-D toy sets generated from a seed, and two real
 * data sets shipped with the app (handwritten digits and iris, see data/README.md).
 */
import { parseCsv } from '../csv.js';
import type { Dataset } from '../data.js';
import { createRng, type Rng } from '../random.js';
import { digitsCsv } from './digits.js';
import { irisCsv } from './iris.js';

export interface BuiltinOptions {
  /** Number of points for generated sets. */
  samples?: number;
  /** Noise level for generated sets (standard deviation, in the data's units). */
  noise?: number;
  seed?: number;
}

export interface BuiltinDataset {
  name: string;
  title: string;
  description: string;
  task: 'binary' | 'multiclass' | 'regression';
  /** Whether `samples` / `noise` apply. */
  generated: boolean;
  defaults?: { samples: number; noise: number };
  /** Where the data comes from, for the About box and docs. */
  credit?: string;
  load(options?: BuiltinOptions): Dataset;
}

/** Built-in data sets are named as documents and the CLI refer to them: `builtin:NAME`. */
function table(name: string, columns: string[], rows: number[][], targetColumns: string[]): Dataset {
  return {
    name: `builtin:${name}`,
    columns,
    rows: rows.length,
    values: Float64Array.from(rows.flat()),
    categories: {},
    targetColumns,
  };
}

function gate(name: string, fn: (a: number, b: number) => number): () => Dataset {
  return () =>
    table(
      name,
      ['x1', 'x2', 'y'],
      [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
      ].map(([a, b]) => [a, b, fn(a, b)]),
      ['y'],
    );
}

function points2d(
  name: string,
  n: number,
  make: (i: number, rng: Rng) => [number, number, number],
  seed: number,
): Dataset {
  const rng = createRng(seed);
  const rows = Array.from({ length: n }, (_, i) => make(i, rng));
  return table(name, ['x1', 'x2', 'label'], rows, ['label']);
}

function csv(name: string, text: string, target: string): Dataset {
  const parsed = parseCsv(text, `builtin:${name}`);
  if (!parsed.ok) throw new Error(`built-in data set ${name} is damaged: ${parsed.diagnostics[0].message}`);
  delete parsed.value.lines;
  return { ...parsed.value, targetColumns: [target] };
}

const sets: BuiltinDataset[] = [
  {
    name: 'and',
    title: 'AND',
    description: 'Logic gate AND: y = 1 only when x1 = x2 = 1.',
    task: 'binary',
    generated: false,
    load: gate('and', (a, b) => a & b),
  },
  {
    name: 'or',
    title: 'OR',
    description: 'Logic gate OR: y = 1 when x1 or x2 is 1.',
    task: 'binary',
    generated: false,
    load: gate('or', (a, b) => a | b),
  },
  {
    name: 'not',
    title: 'NOT',
    description: 'Logic gate NOT: y = 1 − x.',
    task: 'binary',
    generated: false,
    load: () =>
      table(
        'not',
        ['x', 'y'],
        [
          [0, 1],
          [1, 0],
        ],
        ['y'],
      ),
  },
  {
    name: 'xor',
    title: 'XOR',
    description: 'Logic gate XOR: y = 1 when exactly one input is 1. No single neuron can learn it.',
    task: 'binary',
    generated: false,
    load: gate('xor', (a, b) => a ^ b),
  },
  {
    name: 'sine',
    title: 'Sine',
    description: 'y = sin(x) at evenly spaced x on [−π, π] (plus optional noise): universal approximation in 1-D.',
    task: 'regression',
    generated: true,
    defaults: { samples: 100, noise: 0 },
    load: ({ samples = 100, noise = 0, seed = 1 } = {}) => {
      const rng = createRng(seed);
      const rows = Array.from({ length: samples }, (_, i) => {
        const x = -Math.PI + (2 * Math.PI * i) / Math.max(1, samples - 1);
        return [x, Math.sin(x) + noise * rng.normal()];
      });
      return table('sine', ['x', 'y'], rows, ['y']);
    },
  },
  {
    name: 'circle',
    title: 'Circle',
    description: 'Points inside a circle (label 1) and in a ring around it (label 0).',
    task: 'binary',
    generated: true,
    defaults: { samples: 400, noise: 0.05 },
    load: ({ samples = 400, noise = 0.05, seed = 1 } = {}) =>
      points2d(
        'circle',
        samples,
        (i, rng) => {
          const inside = i % 2 === 0;
          const r = inside ? 0.5 * Math.sqrt(rng.next()) : 0.7 + 0.3 * rng.next();
          const a = 2 * Math.PI * rng.next();
          return [r * Math.cos(a) + noise * rng.normal(), r * Math.sin(a) + noise * rng.normal(), inside ? 1 : 0];
        },
        seed,
      ),
  },
  {
    name: 'spiral',
    title: 'Spiral',
    description: 'Two interleaved spiral arms (labels 0 and 1).',
    task: 'binary',
    generated: true,
    defaults: { samples: 400, noise: 0.05 },
    load: ({ samples = 400, noise = 0.05, seed = 1 } = {}) => {
      const half = Math.ceil(samples / 2);
      return points2d(
        'spiral',
        samples,
        (i, rng) => {
          const arm = i % 2;
          const k = Math.floor(i / 2) / half;
          const t = 1.75 * k * 2 * Math.PI + arm * Math.PI;
          return [k * Math.sin(t) + noise * rng.normal(), k * Math.cos(t) + noise * rng.normal(), arm];
        },
        seed,
      );
    },
  },
  {
    name: 'gaussians',
    title: 'Two Gaussians',
    description: 'Two Gaussian clouds around (−1, −1) (label 0) and (1, 1) (label 1).',
    task: 'binary',
    generated: true,
    defaults: { samples: 400, noise: 0.5 },
    load: ({ samples = 400, noise = 0.5, seed = 1 } = {}) =>
      points2d(
        'gaussians',
        samples,
        (i, rng) => {
          const label = i % 2;
          const c = label ? 1 : -1;
          return [c + noise * rng.normal(), c + noise * rng.normal(), label];
        },
        seed,
      ),
  },
  {
    name: 'digits',
    title: 'Handwritten digits (8×8)',
    description: '1,797 handwritten digits as 8×8 pixel counts 0–16 (p0 … p63) with their label 0–9.',
    task: 'multiclass',
    generated: false,
    credit:
      'Optical Recognition of Handwritten Digits, test set (E. Alpaydin, C. Kaynak, 1998), UCI Machine Learning Repository, CC BY 4.0',
    load: () => csv('digits', digitsCsv, 'label'),
  },
  {
    name: 'iris',
    title: 'Iris',
    description: '150 iris flowers: 4 measurements in cm and the species (setosa, versicolor, virginica).',
    task: 'multiclass',
    generated: false,
    credit: 'Iris (R. A. Fisher, 1936), UCI Machine Learning Repository, CC BY 4.0',
    load: () => csv('iris', irisCsv, 'species'),
  },
];

export const builtinDatasets: readonly BuiltinDataset[] = sets;

export function findBuiltin(name: string): BuiltinDataset | undefined {
  return sets.find((s) => s.name === name);
}
