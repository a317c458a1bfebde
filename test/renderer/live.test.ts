/**
 * Live evaluation in the app's services, against the real session host in-process: with data
 * and a graph without errors a session is set up without Train; a typed weight goes to it as a
 * setWeights message (never a new setup) and the truth table, the loss and the views follow; a
 * parameter edit sets it up again and is evaluated at once; a document loaded onto the same data
 * is evaluated too.
 */
import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../src/engine/index.js';
import type { ClientMessage } from '../../src/session/protocol.js';
import type { WorkerLike } from '../../src/renderer/src/training/client.js';
import { connectServices, createServices } from '../../src/renderer/src/services.js';
import { browserPlatform } from '../../src/renderer/src/platform/browser.js';
import { inProcessWorker, until } from '../session/helpers.js';

/** The course's threshold neuron on AND: Input 2 → Linear 1 (manual) → Step → MSE with a Target. */
const thresholdNeuron = (data = true): GraphDocument =>
  ({
    format: 'backprop-studio.graph',
    version: 1,
    nodes: [
      { id: 'x', type: 'input', params: { columns: ['x1', 'x2'] }, position: { x: 0, y: 0 } },
      { id: 'n', type: 'linear', params: { out: 1, init: 'manual' }, position: { x: 150, y: 0 } },
      { id: 's', type: 'step', position: { x: 300, y: 0 } },
      { id: 't', type: 'target', params: { columns: ['y'] }, position: { x: 300, y: 120 } },
      { id: 'L', type: 'mse', position: { x: 450, y: 0 } },
    ],
    edges: [
      { source: 'x', target: 'n', targetHandle: 'in' },
      { source: 'n', target: 's', targetHandle: 'in' },
      { source: 's', target: 'L', targetHandle: 'pred' },
      { source: 't', target: 'L', targetHandle: 'target' },
    ],
    training: { optimizer: 'sgd', lr: 0.5, batchSize: 'full', epochs: 10, seed: 1 },
    ...(data ? { data: { source: 'builtin:and' } } : {}),
  }) as GraphDocument;

function liveServices() {
  const sent: ClientMessage[] = [];
  const services = createServices(browserPlatform(window.sessionStorage), () => {
    const worker = inProcessWorker();
    const post = worker.postMessage;
    worker.postMessage = (m) => {
      sent.push(m);
      post(m);
    };
    return worker as WorkerLike;
  });
  const stop = connectServices(services, 10);
  const count = (type: ClientMessage['type']) => sent.filter((m) => m.type === type).length;
  return { services, stop, sent, count };
}

describe('live evaluation', () => {
  it('evaluates typed weights without Train: the client sends the edits and does not set the session up again', async () => {
    const { services, stop, count } = liveServices();
    const { editor, training } = services;
    const progress = () => training.store.getState().progress;
    editor.getState().load(thresholdNeuron());
    // Data and a valid graph: a session, and its truth table, without pressing anything.
    await until(() => progress()?.truthTable !== undefined);
    expect(training.store.getState().status).toBe('ready');
    expect(progress()!.truthTable!.right).toBe(3);
    expect(count('run') + count('step')).toBe(0);
    expect(count('setup')).toBe(1);

    editor.getState().setWeight('n', 'W', [{ index: 0, value: 1 }]);
    editor.getState().setWeight('n', 'W', [{ index: 1, value: 1 }]);
    editor.getState().setWeight('n', 'b', [{ index: 0, value: -1.5 }]);
    await until(() => progress()?.truthTable?.right === 4);
    expect(count('setWeights')).toBe(3);
    expect(count('setup')).toBe(1);
    expect(training.current).toBe(true);
    expect(training.store.getState().status).toBe('ready');
    expect(progress()!.steps).toBe(0);
    expect(progress()!.evaluation!.loss).toBe(0);

    // One number makes it OR: on AND's data two rows are wrong.
    editor.getState().setWeight('n', 'b', [{ index: 0, value: -0.5 }]);
    await until(() => progress()?.truthTable?.right === 2);
    expect(progress()!.evaluation!.loss).toBeCloseTo(0.5, 9);
    // Undo is an edit of weights too.
    editor.getState().undo();
    await until(() => progress()?.truthTable?.right === 4);
    expect(count('setup')).toBe(1);

    // A parameter edit changes the structure: set up again, and evaluated without Train.
    const setups = count('setup');
    const s = editor.getState().nodes.find((n) => n.id === 's')!;
    editor.getState().updateParams('s', { ...s.data.params, threshold: 5 });
    await until(() => count('setup') > setups && progress()?.truthTable?.right === 3);
    expect(training.store.getState().status).toBe('ready');
    // The weights typed before it are kept (they are in the document).
    expect(editor.getState().nodes.find((n) => n.id === 'n')!.data.weights!.b.data).toEqual([-1.5]);
    editor.getState().undo();
    await until(() => progress()?.truthTable?.right === 4);
    stop();
    training.discard();
  });

  it('a document loaded onto the data already there is evaluated at once', async () => {
    const { services, stop, count } = liveServices();
    const { editor, training, data } = services;
    editor.getState().load(thresholdNeuron());
    await until(() => training.store.getState().progress?.truthTable !== undefined);
    const version = data.getState().version;
    // A document that names no data keeps the loaded data: the same version, and a new session.
    const doc = thresholdNeuron(false);
    doc.nodes[1].weights = { W: { shape: [1, 2], data: [1, 1] }, b: { shape: [1], data: [-0.5] } };
    editor.getState().load(doc);
    await until(() => count('setup') === 2 && training.store.getState().progress?.truthTable?.right === 2);
    expect(data.getState().version).toBe(version);
    expect(training.store.getState().status).toBe('ready');
    stop();
    training.discard();
  });

  it('does not set up a graph with errors (one being built), and does once it is complete', async () => {
    const { services, stop, count } = liveServices();
    const { editor, training } = services;
    const doc = thresholdNeuron();
    const edge = doc.edges.pop()!;
    editor.getState().load(doc);
    await until(() => services.data.getState().dataset !== null);
    // The Target is not wired: an error in the editor, so no session and no "cannot train"
    // (the data's arrival is where a session would be set up, at once).
    expect(editor.getState().analysis.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    expect(count('setup')).toBe(0);
    expect(training.store.getState().status).toBe('idle');
    expect(
      editor
        .getState()
        .connect({ source: edge.source, target: edge.target, sourceHandle: 'out', targetHandle: 'target' }),
    ).toBeNull();
    await until(() => training.store.getState().progress?.truthTable !== undefined);
    expect(count('setup')).toBe(1);
    // A block added unwired: the untrained session is given up (its views were of the graph
    // before), and the editor's problem is the one shown; wired, it is evaluated again.
    const relu = editor.getState().addBlock('relu', { x: 300, y: 300 });
    expect(training.store.getState().status).toBe('idle');
    expect(training.store.getState().progress).toBeNull();
    editor.getState().deleteSelection();
    expect(editor.getState().nodes.some((n) => n.id === relu)).toBe(false);
    await until(() => count('setup') === 2 && training.store.getState().progress?.truthTable !== undefined);
    stop();
    training.discard();
  });
});
