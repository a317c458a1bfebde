/** The worker's side of the protocol, driven in-process: divergence, and progress at a steady rate. */
import { describe, expect, it } from 'vitest';
import type { ClientMessage, WorkerMessage } from '../../src/session/protocol.js';
import { example, inProcessWorker, setupFor, until } from './helpers.js';

describe('training host', () => {
  it('diverges loudly on a huge learning rate, naming the node and keeping the last good weights', async () => {
    const log: WorkerMessage[] = [];
    const worker = inProcessWorker(log);
    const received: WorkerMessage[] = [];
    worker.onmessage = (e) => received.push(e.data);
    const doc = example('sine');
    const setup = setupFor(doc, { kind: 'builtin', name: 'sine' }, { optimizer: 'sgd', lr: 1e30 });
    worker.postMessage({ type: 'setup', setup });
    await until(() => received.some((m) => m.type === 'ready'));
    const ready = received.find((m) => m.type === 'ready');
    worker.postMessage({ type: 'run' });
    await until(() => received.some((m) => m.type === 'diverged'));
    const diverged = received.find((m) => m.type === 'diverged')!;
    if (diverged.type !== 'diverged') throw new Error('no divergence');
    const outcome = diverged.progress.outcome;
    if (outcome?.kind !== 'diverged') throw new Error('no divergence outcome');
    expect(diverged.progress.status).toBe('diverged');
    expect(outcome.message).toMatch(/diverged/);
    expect(['hidden', 'steps', 'sum', 'L']).toContain(outcome.report.nodeId);
    await until(() => received.some((m) => m.type === 'weights'));
    const weights = received.filter((m) => m.type === 'weights').at(-1)!;
    if (weights.type !== 'weights') throw new Error('no weights');
    for (const tensors of Object.values(weights.weights))
      for (const t of Object.values(tensors)) expect(t.data.every(Number.isFinite)).toBe(true);
    expect(ready).toBeDefined();
    // Train again with a smaller learning rate: training goes on from the kept weights.
    const before = received.length;
    worker.postMessage({ type: 'configure', config: { ...setup.config, lr: 0.01, epochs: 30 } });
    worker.postMessage({ type: 'run' });
    await until(() => received.slice(before).some((m) => m.type === 'finished' || m.type === 'diverged'));
    const after = received.slice(before);
    expect(after.filter((m) => m.type === 'diverged')).toEqual([]);
    const finished = after.find((m) => m.type === 'finished')!;
    if (finished.type !== 'finished') throw new Error('not finished');
    expect(finished.progress.epoch).toBe(30);
    expect(Number.isFinite(finished.progress.lastLoss)).toBe(true);
    worker.terminate();
  });

  it('is sent each version of the data once: a setup with the version it holds uses that data set', async () => {
    const received: WorkerMessage[] = [];
    const worker = inProcessWorker();
    worker.onmessage = (e) => received.push(e.data);
    const csv = (rows: number) =>
      `x1,x2,y\n${Array.from({ length: rows }, (_, i) => `${i % 2},${(i >> 1) % 2},${(i ^ (i >> 1)) % 2}`).join('\n')}\n`;
    const setup = (rows: number, version: number, sendData = true) => {
      const s = setupFor(example('xor'), { kind: 'csv' as const, name: 'xor.csv', text: csv(rows) });
      return { ...s, data: sendData ? { ...s.data, version } : { version } };
    };
    const answer = async (message: ClientMessage) => {
      const before = received.length;
      worker.postMessage(message);
      await until(() => received.slice(before).some((m) => m.type === 'ready' || m.type === 'error'));
      return received.slice(before).find((m) => m.type === 'ready' || m.type === 'error')!;
    };
    const rows = (m: WorkerMessage) => (m.type === 'ready' ? m.info.rows : -1);
    expect(rows(await answer({ type: 'setup', setup: setup(8, 1) }))).toBe(8);
    // The same version again (a Reset, an edit of the graph): the UI sends no data, the worker has it.
    expect(rows(await answer({ type: 'setup', setup: setup(12, 1, false) }))).toBe(8);
    // A new version comes with its data set.
    expect(rows(await answer({ type: 'setup', setup: setup(12, 2) }))).toBe(12);
    // A version the worker never received is refused, naming it (never trained on other data).
    const missing = await answer({ type: 'setup', setup: setup(12, 3, false) });
    expect(missing.type === 'error' && missing.message).toEqual({
      key: 'trainingSession.noData',
      values: { version: 3 },
    });
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
