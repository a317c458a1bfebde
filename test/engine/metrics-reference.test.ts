/**
 * Regression and classification metrics against NumPy computing them from their definitions
 * (and R² of the least-squares fit against the closed form's own identity R² = 1 − MSE/Var(t)).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { classMetrics, regressionMetrics } from '../../src/engine/index.js';
import { seededRandom } from './helpers.js';

function numpy(program: string, input: unknown): any {
  const r = spawnSync('/usr/bin/python3', ['-c', program], { input: JSON.stringify(input), encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('regressionMetrics', () => {
  it('equals NumPy’s RMSE, MAE, R² and largest error, per column and pooled', () => {
    const rand = seededRandom(4);
    const rows = 57;
    const cols = 3;
    const target = Array.from({ length: rows * cols }, () => rand() * 10 - 5);
    const pred = target.map((t, i) => t * (0.5 + (i % 3) * 0.3) + rand() * 2 - 1);
    const mine = regressionMetrics(pred, target, rows, cols);
    const reference = numpy(
      `
import json, sys
import numpy as np
d = json.load(sys.stdin)
y = np.array(d['pred']).reshape(-1, 3); t = np.array(d['target']).reshape(-1, 3)
cols = [{'rmse': float(np.sqrt(np.mean((y[:, c] - t[:, c]) ** 2))), 'mae': float(np.mean(np.abs(y[:, c] - t[:, c]))),
         'r2': float(1 - np.sum((t[:, c] - y[:, c]) ** 2) / np.sum((t[:, c] - t[:, c].mean()) ** 2)),
         'maxError': float(np.max(np.abs(y[:, c] - t[:, c])))} for c in range(3)]
overall = {'rmse': float(np.sqrt(np.mean((y - t) ** 2))), 'mae': float(np.mean(np.abs(y - t))),
           'r2': float(1 - np.sum((t - y) ** 2) / np.sum((t - t.mean(axis=0)) ** 2)), 'maxError': float(np.max(np.abs(y - t)))}
print(json.dumps({'columns': cols, 'overall': overall}))
`,
      { pred, target },
    );
    for (const key of ['rmse', 'mae', 'r2', 'maxError'] as const) {
      expect(mine.overall[key]).toBeCloseTo(reference.overall[key], 12);
      mine.columns.forEach((c, k) => expect(c[key]).toBeCloseTo(reference.columns[k][key], 12));
    }
  });

  it('gives R² = 1 for a perfect fit, 0 for predicting the mean, NaN for constant targets', () => {
    expect(regressionMetrics([1, 2, 3], [1, 2, 3], 3, 1).overall).toEqual({ rmse: 0, mae: 0, r2: 1, maxError: 0 });
    expect(regressionMetrics([1, 2, 3], [1, 2.5, 2], 3, 1).overall.maxError).toBe(1);
    expect(regressionMetrics([2, 2, 2], [1, 2, 3], 3, 1).overall.r2).toBeCloseTo(0, 12);
    expect(regressionMetrics([1, 2, 3], [5, 5, 5], 3, 1).overall.r2).toBeNaN();
  });
});

describe('classMetrics', () => {
  it('equals precision and recall counted from the labels by NumPy', () => {
    const rand = seededRandom(9);
    const truth = Array.from({ length: 200 }, () => Math.floor(rand() * 4));
    const predicted = truth.map((t) => (rand() < 0.7 ? t : Math.floor(rand() * 4)));
    const matrix = Array.from({ length: 4 }, () => [0, 0, 0, 0]);
    truth.forEach((t, i) => matrix[t][predicted[i]]++);
    const reference = numpy(
      `
import json, sys
import numpy as np
d = json.load(sys.stdin)
t = np.array(d['truth']); p = np.array(d['predicted'])
print(json.dumps([{'precision': float(np.sum((p == k) & (t == k)) / np.sum(p == k)),
                   'recall': float(np.sum((p == k) & (t == k)) / np.sum(t == k)),
                   'support': int(np.sum(t == k))} for k in range(4)]))
`,
      { truth, predicted },
    );
    classMetrics(matrix).forEach((m, k) => {
      expect(m.precision).toBeCloseTo(reference[k].precision, 12);
      expect(m.recall).toBeCloseTo(reference[k].recall, 12);
      expect(m.support).toBe(reference[k].support);
    });
  });

  it('says NaN where a class is never predicted or has no rows', () => {
    const m = classMetrics([
      [3, 0],
      [2, 0],
    ]);
    expect(m[1].precision).toBeNaN();
    expect(m[1].recall).toBe(0);
    expect(m[0].precision).toBeCloseTo(0.6, 12);
  });
});
