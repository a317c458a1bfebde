/**
 * The training worker's protocol and the stores, driven in-process: session results checked
 * against independent truths (the loss falls, dW = dYᵀ·X from the traced numbers, hidden units'
 * contributions add up to the curve, weights survive divergence and graph edits).
 */
import { describe, expect, it } from 'vitest';
import { compileGraph, Executor, loadDocument, Tensor, type GraphDocument } from '../../src/engine/index.js';
import { loadData } from '../../src/renderer/src/data/store.js';
import { templates } from '../../src/renderer/src/editor/templates.js';
import { TrainingHost } from '../../src/renderer/src/training/host.js';
import type { ClientMessage, SessionSetup, WorkerMessage } from '../../src/renderer/src/training/protocol.js';
import { TrainingSession } from '../../src/renderer/src/training/session.js';
import { appendCapped } from '../../src/renderer/src/training/store.js';
import { resolveTraining } from '../../src/engine/index.js';
import type { WorkerLike } from '../../src/renderer/src/training/client.js';
import { connectServices, createServices } from '../../src/renderer/src/services.js';
import { browserPlatform } from '../../src/renderer/src/platform/browser.js';

const example = (id: string): GraphDocument => structuredClone(templates.find((t) => t.id === id)!.document);

function setupFor(doc: GraphDocument, data: SessionSetup['data'], overrides = {}): SessionSetup {
  return {
    document: doc,
    data,
    standardize: !!doc.data?.standardize,
    config: resolveTraining(doc.training, overrides),
  };
}

function session(doc: GraphDocument, data: SessionSetup['data'], overrides = {}): TrainingSession {
  const created = TrainingSession.create(setupFor(doc, data, overrides));
  if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('\n'));
  return created.session;
}

/** A worker that runs the real host in this thread, with asynchronous delivery both ways. */
function inProcessWorker(log: WorkerMessage[] = []): WorkerLike {
  let alive = true;
  const worker: WorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage: (m: ClientMessage) => setTimeout(() => alive && host.handle(structuredClone(m)), 0),
    terminate: () => {
      alive = false;
    },
  };
  const host = new TrainingHost({
    post: (m) => {
      log.push(m);
      setTimeout(() => alive && worker.onmessage?.({ data: m } as MessageEvent<WorkerMessage>), 0);
    },
    yieldThen: (fn) => setTimeout(fn, 0),
    now: () => performance.now(),
  });
  return worker;
}

const until = async (check: () => boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('training session', () => {
  it('trains XOR to a low loss and reports per-edge gradients where they flow', () => {
    const s = session(example('xor'), { kind: 'builtin', name: 'xor' });
    expect(s.info).toMatchObject({
      task: 'binary',
      features: ['x1', 'x2'],
      targets: ['y'],
      layers: ['h', 'o'],
      rows: 4,
    });
    const targetEdge = example('xor').edges.findIndex((e) => e.source === 't');
    expect(s.info.edgesWithGradient[targetEdge]).toBe(false);
    expect(s.info.edgesWithGradient.filter(Boolean)).toHaveLength(5);
    const before = s.progress(true);
    expect(Number.isNaN(before.edgeGradients[0])).toBe(true);
    let reason = null;
    while (!reason) reason = s.runFor(50);
    expect(reason).toBe('epochs');
    const after = s.progress(true);
    expect(after.epoch).toBe(1000);
    expect(s.trainer.history.at(-1)!.loss).toBeLessThan(0.05);
    for (let e = 0; e < after.edgeGradients.length; e++) {
      if (e === targetEdge) expect(Number.isNaN(after.edgeGradients[e])).toBe(true);
      else expect(after.edgeGradients[e]).toBeGreaterThan(0);
    }
    expect(after.boundary?.values).toHaveLength(64 * 64);
    expect(after.confusion?.matrix).toEqual([
      [2, 0],
      [0, 2],
    ]);
  });

  it('refuses a graph or data that cannot train, saying why', () => {
    const bad = example('xor');
    bad.nodes.find((n) => n.id === 'h')!.params = { in: 3, out: 4 };
    const r1 = TrainingSession.create(setupFor(bad, { kind: 'builtin', name: 'xor' }));
    expect(r1.ok).toBe(false);
    if (!r1.ok) expect(r1.diagnostics[0].message).toContain('expects [batch × 3]');
    const r2 = TrainingSession.create(setupFor(example('xor'), { kind: 'builtin', name: 'iris' }));
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.diagnostics.map((d) => d.message).join(' ')).toMatch(/x1|columns/);
  });

  it('traces one batch: the Linear backward numbers satisfy dW = dYᵀ·X', () => {
    const s = session(example('xor'), { kind: 'builtin', name: 'xor' });
    s.runFor(5);
    const trace = s.trace();
    expect(trace.steps.filter((t) => t.phase === 'forward').map((t) => t.nodeId)).toEqual([
      'x',
      'h',
      'hs',
      'o',
      'p',
      't',
      'L',
    ]);
    expect(trace.steps.filter((t) => t.phase === 'backward').map((t) => t.nodeId)).toEqual(['L', 'p', 'o', 'hs', 'h']);
    const forwardH = trace.steps.find((t) => t.phase === 'forward' && t.nodeId === 'h')!;
    const backH = trace.steps.find((t) => t.phase === 'backward' && t.nodeId === 'h')!;
    const X = forwardH.tensors.find((t) => t.label.startsWith('in'))!;
    const dY = backH.tensors.find((t) => t.label === '∂L/∂y')!;
    const dW = backH.tensors.find((t) => t.label === '∂L/∂W')!;
    for (let o = 0; o < 4; o++) {
      for (let i = 0; i < 2; i++) {
        let expected = 0;
        for (let r = 0; r < trace.rows; r++) expected += dY.values[r * 4 + o] * X.values[r * 2 + i];
        expect(dW.values[o * 2 + i]).toBeCloseTo(expected, 5);
      }
    }
    expect(backH.rule).toContain('∂L/∂W = (∂L/∂y)ᵀ·x');
  });

  it('shows each hidden unit’s contribution, and they add up (with the bias) to the fitted curve', () => {
    const s = session(example('sine'), { kind: 'builtin', name: 'sine' });
    for (let i = 0; i < 300; i++) s.step();
    const { curve } = s.progress(true);
    expect(curve?.contributions).toHaveLength(8);
    const b = s.executor.nodeWeights('sum').b.value[0];
    for (let i = 0; i < curve!.xs.length; i += 17) {
      const sum = curve!.contributions!.reduce((acc, c) => acc + c[i], b);
      expect(sum).toBeCloseTo(curve!.ys[i], 4);
    }
  });

  it('passes the gradient check on the current weights', () => {
    const s = session(example('iris-mlp'), { kind: 'builtin', name: 'iris' });
    for (let i = 0; i < 20; i++) s.step();
    const result = s.gradcheck();
    expect(result.ok).toBe(true);
    expect(result.params.map((p) => `${p.node}.${p.name}`)).toEqual(['hidden.W', 'hidden.b', 'scores.W', 'scores.b']);
  });

  it('hints at a saturated sigmoid and at dead ReLU units', () => {
    const doc = example('xor');
    doc.nodes.find((n) => n.id === 'hs')!.type = 'relu';
    doc.nodes.find((n) => n.id === 'h')!.weights = {
      W: { shape: [4, 2], data: [-1, -1, -1, -1, 1, 1, -1, -1] },
      b: { shape: [4], data: [-0.5, -0.5, 0, -0.5] },
    };
    doc.nodes.find((n) => n.id === 'o')!.weights = {
      W: { shape: [1, 4], data: [40, 40, 40, 40] },
      b: { shape: [1], data: [30] },
    };
    const s = session(doc, { kind: 'builtin', name: 'xor' });
    const { hints } = s.progress(true);
    expect(hints.hs?.[0]).toMatch(/dead ReLU: 3 of 4 units/);
    expect(hints.p?.[0]).toMatch(/Sigmoid saturated: 100 %/);
  });

  it('watches the selected node: its weights, output histogram and gradient norms', () => {
    const s = session(example('xor'), { kind: 'builtin', name: 'xor' });
    s.step();
    s.watch('h');
    const w = s.progress(true).watched!;
    expect(w.nodeId).toBe('h');
    expect(w.weights.W.shape).toEqual([4, 2]);
    expect(Array.from(w.weights.W.data)).toEqual(Array.from(s.executor.nodeWeights('h').W.value));
    expect(w.histogram.counts.reduce((a, b) => a + b, 0)).toBe(16);
    expect(w.gradientNorms.W).toBeGreaterThan(0);
  });
});

describe('training host', () => {
  it('diverges loudly on a huge learning rate, naming the node and keeping the last good weights', async () => {
    const log: WorkerMessage[] = [];
    const worker = inProcessWorker(log);
    const received: WorkerMessage[] = [];
    worker.onmessage = (e) => received.push(e.data);
    const doc = example('sine');
    worker.postMessage({
      type: 'setup',
      setup: setupFor(doc, { kind: 'builtin', name: 'sine' }, { optimizer: 'sgd', lr: 1e30 }),
    });
    await until(() => received.some((m) => m.type === 'ready'));
    const ready = received.find((m) => m.type === 'ready');
    worker.postMessage({ type: 'run' });
    await until(() => received.some((m) => m.type === 'diverged'));
    const diverged = received.find((m) => m.type === 'diverged')!;
    if (diverged.type !== 'diverged') throw new Error('no divergence');
    expect(diverged.message).toMatch(/diverged/);
    expect(['hidden', 'steps', 'sum', 'L']).toContain(diverged.report.nodeId);
    await until(() => received.some((m) => m.type === 'weights'));
    const weights = received.filter((m) => m.type === 'weights').at(-1)!;
    if (weights.type !== 'weights') throw new Error('no weights');
    for (const tensors of Object.values(weights.weights))
      for (const t of Object.values(tensors)) expect(t.data.every(Number.isFinite)).toBe(true);
    expect(ready).toBeDefined();
    worker.terminate();
  });

  it('posts progress at a steady rate, not per step', async () => {
    const received: WorkerMessage[] = [];
    const worker = inProcessWorker();
    worker.onmessage = (e) => received.push(e.data);
    worker.postMessage({
      type: 'setup',
      setup: setupFor(example('xor'), { kind: 'builtin', name: 'xor' }, { epochs: 100000 }),
    });
    await until(() => received.some((m) => m.type === 'ready'));
    worker.postMessage({ type: 'run' });
    await new Promise((r) => setTimeout(r, 800));
    worker.postMessage({ type: 'pause' });
    await new Promise((r) => setTimeout(r, 100));
    const progress = received.filter((m) => m.type === 'progress');
    const steps =
      progress.at(-1)!.type === 'progress' ? (progress.at(-1) as { progress: { steps: number } }).progress.steps : 0;
    expect(steps).toBeGreaterThan(200);
    expect(progress.length).toBeLessThan(15);
    worker.terminate();
  });
});

describe('training client and services', () => {
  it('trains the open document, writes the weights back, exports a document that predicts like the session', async () => {
    const services = createServices(browserPlatform(window.sessionStorage), () => inProcessWorker());
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

  it('re-validates a graph edited while paused and keeps the weights of unchanged blocks', async () => {
    const services = createServices(browserPlatform(window.sessionStorage), () => inProcessWorker());
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
    expect(loadData(services.data, { kind: 'builtin', name: 'xor' })).toBe(true);
    expect(loadData(services.data, { kind: 'csv', name: 'bad.csv', text: 'a,b\n1,2\n3\n' })).toBe(false);
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
    const services = createServices(browserPlatform(window.sessionStorage), () => inProcessWorker());
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
