/**
 * The training client's run history, in-process against the real session host: which epochs
 * make a run, when a run goes on and when a new one starts, Restore (one undo step), and the
 * run a reopened document's weights came from. (The record itself: test/engine/runs.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { createRun, resolveTraining, type GraphDocument, type RunRecord } from '../../src/engine/index.js';
import { runCurves } from '../../src/renderer/src/components/OutputView.js';
import { createEditorStore, restoreProblem } from '../../src/renderer/src/editor/store.js';
import { templates } from '../../src/renderer/src/editor/templates.js';
import type { WorkerLike } from '../../src/renderer/src/training/client.js';
import { connectServices, createServices } from '../../src/renderer/src/services.js';
import { browserPlatform } from '../../src/renderer/src/platform/browser.js';
import { inProcessWorker, until } from '../session/helpers.js';

const example = (id: string): GraphDocument => structuredClone(templates.find((t) => t.id === id)!.document);

describe('run history in the app', () => {
  it('records runs as training stops, goes on with more epochs, starts anew on a change or Reset, restores and reopens', async () => {
    const services = createServices(browserPlatform(window.sessionStorage), () => inProcessWorker() as WorkerLike);
    const stop = connectServices(services, 10);
    const { editor, training } = services;
    editor.getState().load(example('logistic-regression'));
    await until(() => services.data.getState().dataset !== null);
    const runs = (): RunRecord[] => editor.getState().meta.runs ?? [];
    const weights = () =>
      Object.fromEntries(
        editor
          .getState()
          .document()
          .nodes.filter((n) => n.weights)
          .map((n) => [n.id, n.weights]),
      );
    const finish = async () => {
      await until(() => training.store.getState().status === 'finished');
      await until(() => runs().some((r) => r.id === training.store.getState().liveRunId && r.epochs > 0));
    };

    training.run();
    await finish();
    expect(runs()).toHaveLength(1);
    const first = runs()[0];
    expect(first.name).toBe('Run 1');
    expect(first.curves.map((p) => p.epoch)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(first.curves.every((p) => p.gradNorm !== undefined && p.gradNorm > 0)).toBe(true);
    expect(first.curves.map((p) => p.loss)).toEqual(training.store.getState().history.map((h) => h.loss));
    expect(first.weights).toEqual(weights());
    expect(first.data).toMatchObject({ source: 'builtin:gaussians', dataSeed: 1 });
    expect(first.data.trainRows! + first.data.validationRows!).toBe(training.store.getState().info!.rows);
    expect(training.store.getState().liveRunId).toBe(first.id);

    // More epochs: the same run, longer.
    training.trainMore(10);
    await until(() => runs()[0].epochs === 60);
    expect(runs()).toHaveLength(1);
    expect(runs()[0].weights).toEqual(weights());

    // Another learning rate: a new run that continues the first, counted from where it went on.
    editor.getState().setMeta({ training: { ...editor.getState().meta.training, lr: 0.01 } });
    training.trainMore(10);
    await until(() => runs().length === 2 && runs()[1].epochs === 10);
    expect(runs()[1]).toMatchObject({ name: 'Run 2', continues: first.id, settings: { lr: 0.01 } });
    expect(runs()[1].curves[0].epoch).toBe(1);
    expect(runs()[1].color).not.toBe(runs()[0].color);

    // Reset: a new run from the seed, continuing nothing.
    training.reset();
    await until(
      () => training.store.getState().history.length === 0 && training.store.getState().status !== 'finished',
    );
    training.run();
    await until(() => runs().length === 3 && training.store.getState().status === 'finished');
    await until(() => runs()[2].epochs === 70);
    expect(runs()[2].continues).toBeUndefined();

    // Restore the first run: its weights and settings, one undo step.
    const third = weights();
    expect(training.restoreRun(first.id)).toBeNull();
    expect(weights()).toEqual(runs()[0].weights);
    expect(editor.getState().meta.training?.lr).toBe(first.settings.lr);
    expect(training.store.getState().liveRunId).toBe(first.id);
    expect(
      training.store
        .getState()
        .history.map((h) => h.epoch)
        .at(-1),
    ).toBe(60);
    editor.getState().undo();
    expect(weights()).toEqual(third);
    expect(editor.getState().meta.training?.lr).toBe(0.01);

    // A document reopened knows the run its weights came from.
    const saved = editor.getState().document();
    editor.getState().load(saved);
    await until(() => training.store.getState().liveRunId === runs()[2].id);
    expect(training.store.getState().history).toHaveLength(70);
    stop();
    training.discard();
  });
});

describe('restoring a run into a changed graph', () => {
  const sine = () => example('sine');
  const runOf = (doc: GraphDocument): RunRecord => ({
    ...createRun({ document: doc, config: resolveTraining(doc.training), curves: [{ epoch: 1, loss: 1 }] }),
    weights: {
      hidden: { W: { shape: [8, 1], data: new Array(8).fill(0.5) }, b: { shape: [8], data: new Array(8).fill(0) } },
      sum: { W: { shape: [1, 8], data: new Array(8).fill(0.25) }, b: { shape: [1], data: [1] } },
    },
  });

  it('restores into another loss block: the weights fit, the graph stays as it is', () => {
    const run = runOf(sine());
    const mae = sine();
    mae.nodes = mae.nodes.map((n) => (n.type === 'mse' ? { ...n, type: 'mae' } : n));
    const editor = createEditorStore({ ...mae, runs: [run] });
    expect(restoreProblem(run, editor.getState().nodes, editor.getState().analysis.params)).toBeNull();
    expect(editor.getState().restoreRun(run.id)).toBeNull();
    const doc = editor.getState().document();
    expect(doc.nodes.find((n) => n.id === 'hidden')!.weights).toEqual(run.weights!.hidden);
    expect(doc.nodes.find((n) => n.type === 'mae')).toBeDefined();
  });

  it('refuses weights that no longer fit, naming the block and the shapes', () => {
    const run = runOf(sine());
    const wider = sine();
    wider.nodes = wider.nodes.map((n) => (n.id === 'hidden' ? { ...n, params: { ...n.params, out: 4 } } : n));
    const editor = createEditorStore({ ...wider, runs: [run] });
    const problem = restoreProblem(run, editor.getState().nodes, editor.getState().analysis.params);
    expect(problem).toBe("block 'hidden' has other weights now (W: 4 × 1; the run's 8 × 1)");
    expect(editor.getState().restoreRun(run.id)).toBe(problem);
    expect(restoreProblem({ ...run, weights: undefined }, editor.getState().nodes, {})).toContain('not kept');
  });
});

describe("a kept run's fitted curve", () => {
  it("is its own network's output at each x: sum(W₂·σ(W₁x + b₁)) + b₂ with the run's weights and standardisation", () => {
    const doc = example('sine');
    const W1 = [0.5, -1, 2, 0.25, 1.5, -0.75, 3, -2];
    const b1 = [0, 0.5, -1, 0.25, 0, 1, -0.5, 0.1];
    const W2 = [1, -0.5, 0.25, 2, -1, 0.5, 0.75, -0.25];
    const b2 = 0.3;
    const normalization = { columns: ['x'], mean: [0.5], std: [2] };
    const run: RunRecord = {
      ...createRun({
        document: { ...doc, data: { ...doc.data, standardize: true, normalization } },
        config: resolveTraining(doc.training),
        curves: [{ epoch: 1, loss: 1 }],
      }),
      weights: {
        hidden: { W: { shape: [8, 1], data: W1 }, b: { shape: [8], data: b1 } },
        sum: { W: { shape: [1, 8], data: W2 }, b: { shape: [1], data: [b2] } },
      },
    };
    const xs = [-3, -1, 0, 0.5, 2.5];
    const [curve] = runCurves([run], null, xs, ['x']);
    expect(curve.run).toBe(run);
    const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
    xs.forEach((x, i) => {
      const u = (x - 0.5) / 2;
      const expected = W2.reduce((s, w, j) => s + w * sigmoid(W1[j] * u + b1[j]), b2);
      expect(curve.points[i].x).toBe(x);
      expect(curve.points[i].y).toBeCloseTo(expected, 5);
    });
    // Hidden, live, or without weights: no curve.
    expect(runCurves([{ ...run, visible: false }], null, xs, ['x'])).toEqual([]);
    expect(runCurves([run], run.id, xs, ['x'])).toEqual([]);
    expect(runCurves([{ ...run, weights: undefined }], null, xs, ['x'])).toEqual([]);
  });
});

describe('undo and the kept runs', () => {
  it('undoing an edit made before a run keeps the run; renaming and deleting a run undo and redo', () => {
    const doc = example('sine');
    const editor = createEditorStore(doc);
    const s = () => editor.getState();
    s().setMeta({ training: { ...s().meta.training, lr: 0.5 } });
    const run = createRun({ document: doc, config: resolveTraining(doc.training), curves: [{ epoch: 1, loss: 1 }] });
    s().setRuns([run]);
    s().undo();
    expect(s().meta.training?.lr).toBe(doc.training?.lr);
    expect(s().meta.runs).toEqual([run]);
    s().redo();
    expect(s().meta.training?.lr).toBe(0.5);
    expect(s().meta.runs).toEqual([run]);

    s().updateRun(run.id, { name: 'MSE' });
    expect(s().meta.runs![0].name).toBe('MSE');
    s().undo();
    expect(s().meta.runs![0].name).toBe('Run 1');
    s().redo();
    expect(s().meta.runs![0].name).toBe('MSE');
    s().deleteRun(run.id);
    expect(s().meta.runs).toBeUndefined();
    s().undo();
    expect(s().meta.runs!.map((r) => r.name)).toEqual(['MSE']);
    expect(s().meta.training?.lr).toBe(0.5);
  });
});
