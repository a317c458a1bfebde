/**
 * The seminar's views in a session: linear regression solved exactly (the same weights as the
 * engine's solver, the line on the fitted curve, gradient descent's distance to it falling
 * towards 0) and the per-example gradients of logistic regression ((p − t)·(x, 1) per row).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describePhrase, english } from '../../src/i18n/index.js';
import { example, session } from './helpers.js';

const anscombe = {
  kind: 'csv' as const,
  name: 'anscombe.csv',
  text: readFileSync(join(import.meta.dirname, '../../examples/data/anscombe.csv'), 'utf8'),
};

describe('closed form in a session', () => {
  it('solves linear regression, draws its line and charts the distance gradient descent keeps from it', () => {
    const s = session(example('linear-regression'), anscombe, { epochs: 1000 });
    expect(s.info.closedForm).toBe('line');
    const solved = s.solve();
    expect(solved.ok).toBe(true);
    if (!solved.ok) return;
    // Anscombe's first set: y = 0.5001·x + 3.0001 (the normal equations, by hand in the example's description).
    expect(solved.W[0]).toBeCloseTo(0.500091, 5);
    expect(solved.b![0]).toBeCloseTo(3.000091, 5);
    expect(solved.loss).toBeCloseTo(1.251154, 5);
    const first = s.progress(true);
    expect(first.closedForm!.distance).toBeGreaterThan(1);
    const curve = first.curve!;
    curve.xs.forEach((x, i) => expect(curve.solution![i]).toBeCloseTo(0.500091 * x + 3.000091, 3));

    let reason = null;
    const distances: number[] = [];
    while (!reason) {
      reason = s.runFor(50);
      distances.push(...s.progress().epochs.map((e) => e.distance!));
    }
    expect(distances).toHaveLength(1000);
    expect(distances.at(-1)!).toBeLessThan(distances[0] / 10);
    // The trained weights the report carries are the trainer's, at that distance from the solution.
    const last = s.progress(true).closedForm!;
    expect(Math.hypot(last.W[0] - solved.W[0], last.b![0] - solved.b![0])).toBeCloseTo(last.distance, 5);
  });

  it('refuses a singular design, naming the dependent column', () => {
    const doc = example('linear-regression');
    doc.nodes[0].params = { size: 2, columns: ['x1', 'x2'] };
    doc.nodes[1].params = { in: 2, out: 1 };
    // Anscombe's x1 and x2 are the same column.
    const s = session(doc, anscombe);
    const solved = s.solve();
    expect(solved.ok).toBe(false);
    if (!solved.ok) {
      expect(solved.message).toContain('x2 = 1·x1');
      // The problems too, each with its English message (and its catalogue key, when the engine gives one), for the UI's language.
      expect(solved.problems?.map((p) => p.message).join('\n')).toBe(solved.message);
    }
  });

  it('says why a graph that is not linear regression has no closed form', () => {
    const s = session(example('xor'), { kind: 'builtin', name: 'xor' });
    expect(s.info.closedForm).toBeNull();
    const solved = s.solve();
    expect(solved.ok).toBe(false);
    expect(s.progress(true).closedForm).toBeUndefined();
  });
});

describe('per-example gradients in a session', () => {
  it('gives each row ‖∂Lᵢ/∂(w, b)‖ = |p − t|·‖(x, 1)‖ and lists the largest training rows', () => {
    const s = session(example('logistic-regression'), { kind: 'builtin', name: 'gaussians' });
    s.runFor(20);
    expect(s.progress(true).examples).toBeUndefined();
    s.showExamples(true);
    const view = s.progress(true).examples!;
    expect(view.rows).toBe(s.info.rows);
    expect(view.norms).toHaveLength(s.info.rows);
    expect(view.features).toEqual(['x1', 'x2']);
    expect(view.top).toHaveLength(8);
    const training = new Set(s.trainer.trainRows);
    for (const [k, e] of view.top.entries()) {
      expect(training.has(e.row)).toBe(true);
      if (k > 0) expect(e.norm).toBeLessThanOrEqual(view.top[k - 1].norm);
      const [x1, x2] = e.features;
      const expected = Math.abs(e.prediction[0] - e.target[0]) * Math.hypot(x1, x2, 1);
      expect(e.norm).toBeCloseTo(expected, 4);
      expect(view.norms[e.row]).toBeCloseTo(e.norm, 5);
    }
    // The largest gradient of all the training rows is the first listed.
    const largestTraining = Math.max(...[...training].map((r) => view.norms[r]));
    expect(view.top[0].norm).toBeCloseTo(largestTraining, 5);
    s.showExamples(false);
    expect(s.progress(true).examples).toBeUndefined();
    // Inspecting the loss block asks for them too, and for what its ports received on the last batch.
    s.watch('L');
    const watched = s.progress(true);
    expect(watched.examples).toBeDefined();
    const inputs = watched.watched!.lossInputs!;
    expect(inputs.pred.cols).toBe(1);
    expect(inputs.pred.rows).toBe(s.executor.rows);
    expect(Array.from(inputs.pred.values)).toEqual(Array.from(s.executor.output('p').data));
    expect(Array.from(inputs.target.values)).toEqual(Array.from(s.executor.output('t').data));
  });
});

describe('softmax + NLL in the step-through', () => {
  const softmax = (row: number[]) => {
    const m = Math.max(...row);
    const e = row.map((v) => Math.exp(v - m));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / sum);
  };

  for (const [name, data, logitsNode, targetNode] of [
    ['iris-mlp', 'iris', 'scores', 'species'],
    ['digits-softmax', 'digits', 'logits', 'digit'],
  ] as const) {
    it(`shows ∂L/∂y = (p − onehot(t)) / rows at the logits (${name})`, () => {
      const s = session(example(name), { kind: 'builtin', name: data });
      s.runFor(5);
      const trace = s.trace();
      const annotated = trace.steps.filter((t) => t.identity);
      expect(annotated.map((t) => [t.phase, t.nodeId])).toEqual([['backward', logitsNode]]);
      const step = annotated[0];
      expect(describePhrase(step.identity!.rule, english, 'en')).toBe('∂L/∂y = (p − onehot(t)) / rows');
      expect(step.identity!.maxDifference).toBeLessThan(1e-6);
      // Independently: the traced batch's logits (still in the executor) through a softmax, minus one-hot targets.
      const z = s.executor.output(logitsNode);
      const targets = s.executor.output(targetNode).data;
      const grad = step.tensors.find((t) => t.label === '∂L/∂y')!;
      const shown = Math.min(z.cols, 8);
      expect(grad.values).toHaveLength(trace.rows * shown);
      for (let r = 0; r < trace.rows; r++) {
        const p = softmax(Array.from(z.row(r)));
        for (let c = 0; c < shown; c++)
          expect(grad.values[r * shown + c]).toBeCloseTo((p[c] - Number(targets[r] === c)) / trace.rows, 6);
      }
      expect(step.tensors.map((t) => t.label)).toEqual(
        expect.arrayContaining(['p = softmax(y)', 'onehot(t)', '(p − onehot(t)) / rows']),
      );
    });
  }
});

describe('regression and image views', () => {
  it('reports predicted against actual, residuals and R² for regression', () => {
    const s = session(example('linear-regression'), anscombe, { epochs: 1000 });
    while (!s.runFor(50));
    const view = s.progress(true).regression!;
    expect(view.outputs).toEqual(['y1']);
    expect(view.training.rows).toBe(11);
    expect(view.validation).toBeUndefined();
    // Anscombe's first set: the least-squares line explains r² = 0.667 of the variance, RMSE √1.2512.
    expect(view.training.overall.r2).toBeCloseTo(0.6665, 3);
    expect(view.training.overall.rmse).toBeCloseTo(Math.sqrt(1.251154), 3);
    expect(view.training.pred).toHaveLength(11);
    expect(view.residuals.training.reduce((a, b) => a + b, 0)).toBe(11);
    expect(s.progress(true).images).toBeUndefined();
  });

  it('holds the validation rows apart', () => {
    const s = session(example('sine'), { kind: 'builtin', name: 'sine' }, { validationSplit: 0.25, epochs: 3 });
    while (!s.runFor(50));
    const view = s.progress(true).regression!;
    expect(view.training.rows + view.validation!.rows).toBe(s.info.rows);
    expect(view.validation!.rows).toBe(s.trainer.validationRows.length);
    // The validation RMSE is the square root of the validation MSE the trainer reports.
    const evaluation = s.trainer.evaluate(s.trainer.validationRows);
    expect(view.validation!.overall.rmse ** 2).toBeCloseTo(evaluation.loss, 5);
  });

  it('shows a digits classifier’s misclassified validation images and its first layer as 8×8 images', () => {
    const s = session(example('digits-softmax'), { kind: 'builtin', name: 'digits' }, { epochs: 1 });
    s.runFor(30);
    const p = s.progress(true);
    const images = p.images!;
    expect(images).toMatchObject({ side: 8, split: 'validation', rows: s.trainer.validationRows.length });
    const matrix = p.confusion!.matrix;
    const offDiagonal = matrix.reduce((sum, row, i) => sum + row.reduce((a, v, j) => a + (i === j ? 0 : v), 0), 0);
    expect(images.wrong).toBe(offDiagonal);
    expect(images.misclassified.length).toBe(Math.min(24, offDiagonal));
    for (const m of images.misclassified) {
      expect(m.predicted).not.toBe(m.actual);
      expect(m.pixels).toHaveLength(64);
      // Raw pixel counts (0…16), not the standardised inputs the network sees.
      expect(Array.from(m.pixels).every((v) => Number.isInteger(v) && v >= 0 && v <= 16)).toBe(true);
    }
    expect(images.firstLayer).toMatchObject({ node: 'logits', units: 10 });
    expect(Array.from(images.firstLayer!.weights)).toEqual(Array.from(s.executor.nodeWeights('logits').W.value));
    expect(p.regression).toBeUndefined();
  });
});
