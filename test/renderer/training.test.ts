/**
 * The training client and the stores, driven in-process against the real session host: the
 * open document trains, its weights come back into the editor, an exported document predicts
 * like the session, and edits re-validate the graph. (The session itself: test/session.)
 */
import { describe, expect, it } from 'vitest';
import { compileGraph, Executor, loadDocument, Tensor, type GraphDocument } from '../../src/engine/index.js';
import { loadIntoStore } from '../../src/renderer/src/data/store.js';
import { templates } from '../../src/renderer/src/editor/templates.js';
import { appendCapped } from '../../src/renderer/src/training/store.js';
import type { WorkerLike } from '../../src/renderer/src/training/client.js';
import { connectServices, createServices } from '../../src/renderer/src/services.js';
import { browserPlatform } from '../../src/renderer/src/platform/browser.js';
import { inProcessWorker, until } from '../session/helpers.js';

const example = (id: string): GraphDocument => structuredClone(templates.find((t) => t.id === id)!.document);

describe('training client and services', () => {
  it('trains the open document, writes the weights back, exports a document that predicts like the session', async () => {
    const services = createServices(browserPlatform(window.sessionStorage), () => inProcessWorker() as WorkerLike);
    const stop = connectServices(services, 10);
    services.editor.getState().load(example('logistic-regression'));
    await until(() => services.data.getState().dataset !== null);
    const { training } = services;
    training.run();
    await until(() => training.store.getState().status === 'finished');
    const state = training.store.getState();
    expect(state.history).toHaveLength(50);
    expect(state.history.at(-1)!.valAccuracy).toBeGreaterThan(0.9);
    expect(state.layerHistory.map((p) => p.epoch)).toEqual(state.history.map((h) => h.epoch));
    await until(() => services.editor.getState().nodes.find((n) => n.id === 'logit')?.data.weights !== undefined);
    const exported = await training.trainedDocument();
    expect(exported.metrics?.history).toHaveLength(50);
    expect(exported.data?.source).toBe('builtin:gaussians');
    const loaded = loadDocument(JSON.parse(JSON.stringify(exported)));
    if (!loaded.ok) throw new Error('export invalid');
    const compiled = compileGraph(loaded.document);
    if (!compiled.ok) throw new Error('export does not compile');
    const ex = new Executor(compiled.graph);
    ex.feed({
      x: Tensor.fromRows([
        [1, 1],
        [-1, -1],
      ]),
    });
    ex.forward(true);
    const p = ex.output('p').data;
    expect(p[0]).toBeGreaterThan(0.9);
    expect(p[1]).toBeLessThan(0.1);
    stop();
    training.discard();
  });

  it('an Input added after the data is loaded takes its size from that data, and the session trains it', async () => {
    const services = createServices(browserPlatform(window.sessionStorage), () => inProcessWorker() as WorkerLike);
    const stop = connectServices(services, 10);
    const { editor, training } = services;
    const s = () => editor.getState();
    loadIntoStore(services.data, { kind: 'builtin', name: 'xor' });
    await until(() => s().dataColumns !== null);
    const x = s().addBlock('input', { x: 0, y: 0 });
    const h = s().addBlock('linear', { x: 200, y: 0 }, { out: 4 });
    const a = s().addBlock('tanh', { x: 400, y: 0 });
    const o = s().addBlock('linear', { x: 600, y: 0 });
    const t = s().addBlock('target', { x: 600, y: 150 });
    const L = s().addBlock('mse', { x: 800, y: 0 });
    for (const [source, target, port] of [
      [x, h, 'in'],
      [h, a, 'in'],
      [a, o, 'in'],
      [o, L, 'pred'],
      [t, L, 'target'],
    ])
      expect(s().connect({ source, target, sourceHandle: 'out', targetHandle: port })).toBeNull();
    expect(s().analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(s().analysis.inferred[x]).toEqual({ size: 2 });
    training.step();
    await until(() => (training.store.getState().progress?.steps ?? 0) >= 1);
    expect(training.store.getState().error).toBeNull();
    stop();
    training.discard();
  });

  it('re-validates a graph edited while paused and keeps the weights of unchanged blocks', async () => {
    const services = createServices(browserPlatform(window.sessionStorage), () => inProcessWorker() as WorkerLike);
    const stop = connectServices(services, 10);
    services.editor.getState().load(example('xor'));
    await until(() => services.data.getState().dataset !== null);
    const { training, editor } = services;
    training.step();
    await until(() => editor.getState().nodes.find((n) => n.id === 'o')?.data.weights !== undefined);
    const oWeights = structuredClone(editor.getState().nodes.find((n) => n.id === 'o')!.data.weights);
    editor.getState().updateParams('h', { in: 2, out: 4, init: 'xavier' });
    expect(editor.getState().nodes.find((n) => n.id === 'h')!.data.weights).toBeUndefined();
    await until(() => training.store.getState().status === 'ready' && training.current);
    training.step();
    await until(
      () => (training.store.getState().progress?.steps ?? 0) === 1 && training.store.getState().status === 'paused',
    );
    editor.getState().updateParams('h', { in: 3, out: 4, init: 'xavier' });
    await until(() => training.store.getState().status === 'invalid');
    expect(training.store.getState().diagnostics[0].message).toContain('expects [batch × 3]');
    editor.getState().undo();
    await until(() => training.store.getState().status === 'ready');
    expect(oWeights).toBeDefined();
    stop();
    training.discard();
  });

  it('keeps the data set and says so when a file does not load', () => {
    const services = createServices(browserPlatform(window.sessionStorage));
    expect(loadIntoStore(services.data, { kind: 'builtin', name: 'xor' })).toBe(true);
    expect(loadIntoStore(services.data, { kind: 'csv', name: 'bad.csv', text: 'a,b\n1,2\n3\n' })).toBe(false);
    expect(services.data.getState().dataset?.name).toBeDefined();
    expect(services.data.getState().diagnostics[0].where).toContain('line 3');
  });
});

describe('stores', () => {
  it('thins long histories evenly and keeps the newest point', () => {
    const list = Array.from({ length: 10 }, (_, i) => i);
    expect(appendCapped(list, [10, 11], 12)).toHaveLength(12);
    const thinned = appendCapped(list, [10, 11, 12], 12);
    expect(thinned.length).toBeLessThanOrEqual(12);
    expect(thinned[0]).toBe(0);
    expect(thinned.at(-1)).toBe(12);
  });
});

describe('examples with their own data files', () => {
  it('loads the CSV an example ships with (linear regression on Anscombe’s data) and trains it', async () => {
    const services = createServices(browserPlatform(window.sessionStorage), () => inProcessWorker() as WorkerLike);
    const stop = connectServices(services, 10);
    services.editor.getState().load(example('linear-regression'));
    await until(() => services.data.getState().dataset !== null);
    expect(services.data.getState().spec).toMatchObject({ kind: 'csv', name: 'anscombe.csv' });
    expect(services.data.getState().missingFile).toBeNull();
    services.training.run();
    await until(() => services.training.store.getState().status === 'finished');
    expect(services.training.store.getState().history.at(-1)!.loss).toBeLessThan(1.3);
    stop();
    services.training.discard();
  });
});
