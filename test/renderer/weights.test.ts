/**
 * Weights by hand in the editor: the weights shown before training are those training starts
 * from, edits land in the document as one undo step each (a scrub is one), undoing them keeps
 * the session, freezing is saved, and the training client carries edits into the session —
 * also while it trains — without undoing what training did to the other weights.
 */
import { describe, expect, it } from 'vitest';
import { compileGraph, Executor, type GraphDocument } from '../../src/engine/index.js';
import { createEditorStore } from '../../src/renderer/src/editor/store.js';
import { templates } from '../../src/renderer/src/editor/templates.js';
import { blockWeights, fieldText, shortText, weightLabel } from '../../src/renderer/src/editor/weights.js';
import { parseNumber, roundToStep } from '../../src/renderer/src/components/ScrubNumber.js';
import type { WorkerLike } from '../../src/renderer/src/training/client.js';
import { unchangedExact, WeightSync, withEdits } from '../../src/renderer/src/training/weight-sync.js';
import { connectServices, createServices } from '../../src/renderer/src/services.js';
import { browserPlatform } from '../../src/renderer/src/platform/browser.js';
import { inProcessWorker, until } from '../session/helpers.js';

const example = (id: string): GraphDocument => structuredClone(templates.find((t) => t.id === id)!.document);

function xorEditor() {
  const store = createEditorStore();
  store.getState().load(example('xor'));
  const s = () => store.getState();
  const node = (id: string) => s().nodes.find((n) => n.id === id)!;
  return { store, s, node };
}

describe('weights in the editor', () => {
  it('shows, before training, exactly the weights a fresh session starts from', () => {
    const { s, node } = xorEditor();
    const doc = s().document();
    const compiled = compileGraph(doc);
    if (!compiled.ok) throw new Error('xor does not compile');
    const ex = new Executor(compiled.graph, { precision: 'float64', seed: doc.training?.seed });
    for (const id of ['h', 'o']) {
      const shown = blockWeights(node(id), s().analysis.params[id], s().meta)!;
      expect(shown.stored).toBe(false);
      for (const [name, p] of Object.entries(ex.nodeWeights(id)))
        expect(shown.tensors[name].data).toEqual([...p.value]);
    }
  });

  it('stores a typed weight with the block’s other weights, one undo step, without changing the structure', () => {
    const { s, node } = xorEditor();
    const before = blockWeights(node('h'), s().analysis.params.h, s().meta)!.tensors;
    const structure = s().structureVersion;
    const initChanged = s().setWeight('h', 'W', [{ index: 3, value: 1.5 }]);
    expect(initChanged).toBe(true);
    const stored = node('h').data.weights!;
    expect(stored.W.data[3]).toBe(1.5);
    expect(stored.W.data.filter((_, i) => i !== 3)).toEqual(before.W.data.filter((_, i) => i !== 3));
    expect(stored.b.data).toEqual(before.b.data);
    expect(
      s()
        .document()
        .nodes.find((n) => n.id === 'h')!.weights!.W.data[3],
    ).toBe(1.5);
    const afterEdit = s().structureVersion;
    s().setWeight('h', 'b', [{ index: 0, value: -2 }]);
    expect(s().structureVersion).toBe(afterEdit);
    s().undo();
    expect(node('h').data.weights!.b.data[0]).toBe(before.b.data[0]);
    expect(s().structureVersion).toBe(afterEdit);
    s().undo();
    expect(node('h').data.weights).toBeUndefined();
    s().redo();
    expect(node('h').data.weights!.W.data[3]).toBe(1.5);
    expect(structure).toBeLessThanOrEqual(s().structureVersion);
  });

  it('refuses values that are not finite numbers and weights that do not exist', () => {
    const { s, node } = xorEditor();
    expect(s().setWeight('h', 'W', [{ index: 0, value: Number.NaN }])).toBe(false);
    expect(s().setWeight('h', 'W', [{ index: 8, value: 1 }])).toBe(false);
    expect(s().setWeight('h', 'V', [{ index: 0, value: 1 }])).toBe(false);
    expect(s().setWeight('hs', 'W', [{ index: 0, value: 1 }])).toBe(false);
    expect(node('h').data.weights).toBeUndefined();
    expect(s().past).toHaveLength(0);
  });

  it('a scrub is one undo step however many values it passes through', () => {
    const { s, node } = xorEditor();
    s().checkpoint();
    for (const v of [0.1, 0.2, 0.3, 0.45]) s().setWeight('o', 'W', [{ index: 1, value: v }], { record: false });
    expect(node('o').data.weights!.W.data[1]).toBe(0.45);
    expect(s().past).toHaveLength(1);
    s().undo();
    expect(node('o').data.weights).toBeUndefined();
  });

  it('freezes a block in the document and undoes it', () => {
    const { s, node } = xorEditor();
    const structure = s().structureVersion;
    s().setTrainable('h', false);
    expect(node('h').data.trainable).toBe(false);
    expect(
      s()
        .document()
        .nodes.find((n) => n.id === 'h')!.trainable,
    ).toBe(false);
    expect(s().structureVersion).toBe(structure + 1);
    const reopened = createEditorStore();
    reopened.getState().load(s().document());
    expect(reopened.getState().nodes.find((n) => n.id === 'h')!.data.trainable).toBe(false);
    s().undo();
    expect(node('h').data.trainable).toBeUndefined();
    expect(
      s()
        .document()
        .nodes.find((n) => n.id === 'h')!.trainable,
    ).toBeUndefined();
  });

  it('reads typed numbers with a decimal point or comma and names weights as the course does', () => {
    expect(parseNumber('0.5')).toBe(0.5);
    expect(parseNumber('-0,25')).toBe(-0.25);
    expect(parseNumber('−1')).toBe(-1);
    expect(parseNumber('2e-3')).toBe(0.002);
    expect(parseNumber('.5')).toBe(0.5);
    for (const bad of ['', 'abc', '1,2,3', '1..2', 'Infinity', '1e999']) expect(parseNumber(bad)).toBeNull();
    expect(roundToStep(0.1 + 0.2, 0.01)).toBe(0.3);
    expect(weightLabel('W', [4, 2], 3)).toBe('W[2, 2]');
    expect(weightLabel('b', [4], 0)).toBe('b[1]');
    expect(fieldText(0.1 + 0.2)).toBe('0.3');
    expect(parseNumber(fieldText(-0.0195762))).toBe(-0.0195762);
    expect(shortText(-0.0195762)).toBe('-0.02');
    expect(shortText(0.5)).toBe('0.5');
    expect(shortText(-0.0001)).toBe('-1.00e-4');
  });
});

describe('weight edits and the session', () => {
  it('finds exactly the values the user changed, and keeps them over weights the session sends', () => {
    const { s } = xorEditor();
    const sync = new WeightSync();
    sync.built(s().nodes, s().analysis.params, s().meta);
    expect(sync.pending(s().nodes, s().analysis.params, s().meta, true)).toEqual([]);
    s().setWeight('o', 'W', [{ index: 2, value: 3 }]);
    const edits = sync.pending(s().nodes, s().analysis.params, s().meta);
    expect(edits).toEqual([{ nodeId: 'o', name: 'W', changes: [{ index: 2, value: 3 }] }]);
    // Nothing new since the last look.
    expect(sync.pending(s().nodes, s().analysis.params, s().meta)).toEqual([]);
    const trained = { o: { W: { shape: [1, 4], data: [0.1, 0.2, 0.3, 0.4] }, b: { shape: [1], data: [0.5] } } };
    expect(withEdits(trained, edits).o.W.data).toEqual([0.1, 0.2, 3, 0.4]);
    expect(trained.o.W.data[2]).toBe(0.3);
    // Undoing the first edit goes back to the weights drawn from the seed: the session is told so.
    sync.sent(edits);
    s().undo();
    const undone = sync.pending(s().nodes, s().analysis.params, s().meta);
    const drawn = blockWeights(s().nodes.find((n) => n.id === 'o')!, s().analysis.params.o, s().meta)!.tensors.W.data;
    expect(undone).toEqual([{ nodeId: 'o', name: 'W', changes: [{ index: 2, value: drawn[2] }] }]);
  });

  it('keeps the document’s exact values where the session (float32) did not change them', () => {
    const shown = { h: { W: { shape: [1, 3], data: [0.1, -0.3, 2] } }, o: undefined };
    const received = {
      h: { W: { shape: [1, 3], data: [Math.fround(0.1), Math.fround(-0.3), 2] } },
      o: { W: { shape: [1, 1], data: [Math.fround(0.7)] } },
    };
    expect(unchangedExact(received, shown)).toEqual({
      h: { W: { shape: [1, 3], data: [0.1, -0.3, 2] } },
      o: { W: { shape: [1, 1], data: [Math.fround(0.7)] } },
    });
    // One value moved by training: the tensor is the session's.
    const moved = { h: { W: { shape: [1, 3], data: [Math.fround(0.1), -0.25, 2] } } };
    expect(unchangedExact(moved, shown).h.W.data).toEqual([Math.fround(0.1), -0.25, 2]);
  });

  it('a frozen block’s typed weights are byte-identical after training in the app', async () => {
    const services = createServices(browserPlatform(window.sessionStorage), () => inProcessWorker() as WorkerLike);
    const stop = connectServices(services, 10);
    const { training, editor } = services;
    editor.getState().load(example('xor'));
    await until(() => services.data.getState().dataset !== null);
    editor.getState().setWeight('h', 'W', [{ index: 0, value: 0.1 }]);
    editor.getState().setTrainable('h', false);
    const typed = structuredClone(editor.getState().nodes.find((n) => n.id === 'h')!.data.weights!);
    training.step();
    await until(() => training.current && training.store.getState().status === 'paused');
    training.step();
    await until(() => (training.store.getState().progress?.steps ?? 0) >= 2);
    await until(() => editor.getState().nodes.find((n) => n.id === 'o')?.data.weights !== undefined);
    expect(editor.getState().nodes.find((n) => n.id === 'h')!.data.weights).toEqual(typed);
    const saved = editor
      .getState()
      .document()
      .nodes.find((n) => n.id === 'h')!;
    expect(saved.weights!.W.data[0]).toBe(0.1);
    expect(saved.trainable).toBe(false);
    stop();
    training.discard();
  });

  it('a weight edited while paused is what training goes on from', async () => {
    const services = createServices(browserPlatform(window.sessionStorage), () => inProcessWorker() as WorkerLike);
    const stop = connectServices(services, 10);
    const { training, editor } = services;
    const doc0 = example('xor');
    // Hand-set from the start (the first edit of a block would make its init manual).
    const o = doc0.nodes.find((n) => n.id === 'o')!;
    o.params = { ...o.params, init: 'manual' };
    editor.getState().load(doc0);
    await until(() => services.data.getState().dataset !== null);
    training.step();
    await until(() => editor.getState().nodes.find((n) => n.id === 'o')?.data.weights !== undefined);
    editor.getState().setWeight('o', 'W', [{ index: 0, value: 4 }]);
    // The edit goes to the session as it is: no new setup.
    expect(training.current).toBe(true);
    training.step();
    await until(() => training.current && training.store.getState().status === 'paused');
    const doc = await training.exportDocument();
    const w = doc.nodes.find((n) => n.id === 'o')!.weights!.W.data[0];
    // One step of lr 1 from 4 moves it by its (small) gradient, not back to the trained value.
    expect(Math.abs(w - 4)).toBeLessThan(0.5);
    stop();
    training.discard();
  });

  it('a weight edited while training runs reaches the session, and training goes on', async () => {
    const services = createServices(browserPlatform(window.sessionStorage), () => inProcessWorker() as WorkerLike);
    const stop = connectServices(services, 10);
    const { training, editor } = services;
    const doc = example('xor');
    editor.getState().load({ ...doc, training: { ...doc.training, epochs: 100_000, lr: 1e-6 } });
    await until(() => services.data.getState().dataset !== null);
    // The first edit makes the block's weights the user's (its init becomes manual); every edit reaches the session.
    editor.getState().setWeight('o', 'W', [{ index: 1, value: 0.5 }]);
    training.run();
    await until(() => (training.store.getState().progress?.epoch ?? 0) > 5);
    editor.getState().setWeight('o', 'W', [{ index: 0, value: 4 }]);
    await until(() => training.current && training.store.getState().status === 'running');
    const epochs = training.store.getState().history.length;
    await until(() => training.store.getState().history.length > epochs + 5);
    training.pause();
    await until(() => training.store.getState().status === 'paused');
    // The session's own weights (not the document's, which keeps unsent edits on top of them).
    const held = (await training.exportDocument()).nodes.find((n) => n.id === 'o')!.weights!.W.data;
    expect(Math.abs(held[0] - 4)).toBeLessThan(1e-3);
    expect(Math.abs(held[1] - 0.5)).toBeLessThan(1e-3);
    expect(editor.getState().nodes.find((n) => n.id === 'o')!.data.weights!.W.data[0]).toBeCloseTo(held[0], 6);
    stop();
    training.discard();
  });
});
