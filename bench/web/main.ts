/**
 * The worker benchmark page: drives the app's own training worker (src/renderer/src/training/
 * worker.ts: TrainingHost → TrainingSession → engine) with the protocol's messages, as the app
 * does, and times a training run from `run` to `finished`, progress reports included.
 */
import { parseCsv } from '../../src/engine/index.js';
import type { ClientMessage, SessionSetup, WorkerMessage } from '../../src/session/protocol.js';

export interface WorkerRun {
  samplesPerSec: number;
  seconds: number;
  progressMessages: number;
  lossPerEpoch: number[];
  kernels?: string;
}

function start(): Worker {
  return new Worker(new URL('../../src/renderer/src/training/worker.ts', import.meta.url), {
    type: 'module',
    name: 'training',
  });
}

/** Sets up a session (not timed), then trains it to the end (timed). */
function trainOnce(worker: Worker, setup: SessionSetup, samples: number): Promise<WorkerRun> {
  return new Promise((resolve, reject) => {
    let t0 = 0;
    let progressMessages = 0;
    let kernels: string | undefined;
    const lossPerEpoch: number[] = [];
    const send = (m: ClientMessage) => worker.postMessage(m);
    worker.onerror = (e) => reject(new Error(e.message));
    worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
      const m = event.data;
      if ('progress' in m) for (const e of m.progress.epochs) lossPerEpoch.push(e.loss);
      switch (m.type) {
        case 'ready':
          kernels = m.info.kernels;
          t0 = performance.now();
          send({ type: 'run' });
          break;
        case 'progress':
          progressMessages++;
          break;
        case 'finished': {
          const seconds = (performance.now() - t0) / 1000;
          resolve({ samplesPerSec: samples / seconds, seconds, progressMessages, lossPerEpoch, kernels });
          break;
        }
        case 'weights':
          break;
        default:
          reject(new Error(`worker: ${JSON.stringify(m).slice(0, 300)}`));
      }
    };
    send({ type: 'setup', setup });
  });
}

/**
 * One warm-up run, then `runs` timed runs, each from a fresh setup of the same document. The CSV
 * is fetched from `dataUrl` (too large to pass in through the debugging protocol) and parsed once,
 * as the app's data panel does; the worker keeps the data set between setups of the same version.
 */
async function benchWorker(setup: SessionSetup, dataUrl: string, samples: number, runs: number): Promise<WorkerRun[]> {
  const name = dataUrl.slice(dataUrl.lastIndexOf('/') + 1);
  const parsed = parseCsv(await (await fetch(dataUrl)).text(), name);
  if (!parsed.ok) throw new Error(parsed.diagnostics[0].message);
  setup.data = { version: setup.data.version, dataset: parsed.value };
  const worker = start();
  try {
    await trainOnce(worker, setup, samples);
    const results: WorkerRun[] = [];
    for (let r = 0; r < runs; r++) results.push(await trainOnce(worker, setup, samples));
    return results;
  } finally {
    worker.terminate();
  }
}

(window as unknown as { benchWorker: typeof benchWorker }).benchWorker = benchWorker;
document.title = 'ready';
