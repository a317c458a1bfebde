/**
 * Helpers for driving a training session and its host in-process: examples as documents, the
 * setup the app's client would send, and a worker stand-in with asynchronous delivery both ways.
 * Pure TypeScript, so the renderer's client tests use them too.
 */
import { type Dataset, loadDocument, resolveTraining, type GraphDocument } from '../../src/engine/index.js';
import { datasetFromSpec } from '../../src/session/data.js';
import { TrainingHost } from '../../src/session/host.js';
import type { ClientMessage, DataSpec, SessionSetup, WorkerMessage } from '../../src/session/protocol.js';
import { TrainingSession } from '../../src/session/session.js';

const files = import.meta.glob<unknown>('../../examples/*.bps.json', { eager: true, import: 'default' });

/** A fresh copy of an example document from examples/, by id (`xor` for examples/xor.bps.json). */
export function example(id: string): GraphDocument {
  const file = Object.keys(files).find((f) => f.endsWith(`/${id}.bps.json`));
  if (!file) throw new Error(`no example '${id}'`);
  const loaded = loadDocument(structuredClone(files[file]));
  if (!loaded.ok) throw new Error(`example ${id} is invalid: ${loaded.diagnostics[0].message}`);
  return loaded.document;
}

let dataVersion = 0;

/** The data set a spec describes (throws on a bad spec: helpers are for good ones). */
export function datasetOf(spec: DataSpec): Dataset {
  const loaded = datasetFromSpec(spec);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  return loaded.value;
}

/** The setup the app's client sends for `doc` on the data `spec` describes (a new data version each time). */
export function setupFor(doc: GraphDocument, spec: DataSpec, overrides = {}): SessionSetup {
  return {
    graphVersion: 1,
    document: doc,
    data: { version: ++dataVersion, dataset: datasetOf(spec) },
    standardize: !!doc.data?.standardize,
    config: resolveTraining(doc.training, overrides),
  };
}

/** A session, or its diagnostics. */
export function createSession(doc: GraphDocument, spec: DataSpec, overrides = {}) {
  const setup = setupFor(doc, spec, overrides);
  return TrainingSession.create(setup, setup.data.dataset!);
}

export function session(doc: GraphDocument, spec: DataSpec, overrides = {}): TrainingSession {
  const created = createSession(doc, spec, overrides);
  if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('\n'));
  return created.session;
}

export interface InProcessWorker {
  postMessage(message: ClientMessage): void;
  onmessage: ((event: MessageEvent<WorkerMessage>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

/** A worker that runs the real host in this thread, with asynchronous delivery both ways. */
export function inProcessWorker(log: WorkerMessage[] = []): InProcessWorker {
  let alive = true;
  const worker: InProcessWorker = {
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
    later: (fn, ms) => setTimeout(fn, ms),
    now: () => performance.now(),
  });
  return worker;
}

/** Waits for app state (never a fixed sleep). */
export const until = async (check: () => boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};
