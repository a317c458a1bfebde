/**
 * One engine on one workload, in its own Node process, driven by bench/run.mjs over stdin/stdout
 * (one JSON object per line), so that every engine is warmed up once and the orchestrator can
 * interleave the engines' timed runs (machines here are noisy; interleaving spreads the noise).
 *
 *   → {"cmd":"run","minSeconds":0.5}   ← {"samples":…,"seconds":…,"runs":…,"lossPerEpoch":[…]}
 *   → {"cmd":"quit"}                    ← {"peakRssMB":…}
 *
 * Started as `node --expose-gc bench/child.mjs W1 backprop-studio`; answers {"ready":true} after
 * preparing the data and one warm-up pass (repeated until it has taken at least 1 s).
 */
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { makeData, workloads } from './lib/workloads.mjs';

const [id, engine] = process.argv.slice(2);
const w = workloads[id];
if (!w) throw new Error(`unknown workload ${id}`);

async function load() {
  switch (engine) {
    case 'backprop-studio':
      return import('./engines/backprop.mjs');
    case 'tfjs-wasm':
    case 'tfjs-cpu': {
      const tfjs = await import('./engines/tfjs.mjs');
      await tfjs.useBackend(engine.slice('tfjs-'.length));
      return tfjs;
    }
    case 'brain.js':
      return import('./engines/brainjs.mjs');
    default:
      throw new Error(`unknown engine ${engine}`);
  }
}

const reply = (value) => process.stdout.write(JSON.stringify(value) + '\n');
const impl = await load();
const bench = impl.prepare(w, makeData(w));
// Data preparation is not training: its garbage goes before the memory is watched (twice, a
// turn of the event loop apart, so that what the first collection leaves is gone too).
globalThis.gc?.();
await new Promise((resolve) => setTimeout(resolve, 50));
globalThis.gc?.();
let peakRss = 0;
const sampleRss = () => (peakRss = Math.max(peakRss, process.memoryUsage.rss()));
const sampler = setInterval(sampleRss, 5);

/** One run of the workload's epochs from the initial weights: seconds of training and its losses. */
function once() {
  const state = bench.start();
  const t0 = performance.now();
  const lossPerEpoch = bench.run(state);
  const seconds = (performance.now() - t0) / 1000;
  sampleRss();
  bench.stop?.(state);
  return { seconds, lossPerEpoch };
}

/** Lets the RSS sampler run between runs. */
const breathe = () => new Promise((resolve) => setTimeout(resolve, 10));

let warm = 0;
do {
  warm += once().seconds;
  await breathe();
} while (warm < 1);
reply({ ready: true });

for await (const line of createInterface({ input: process.stdin })) {
  const message = JSON.parse(line);
  if (message.cmd === 'quit') break;
  // Short runs are repeated until they add up to `minSeconds`, and counted together.
  let seconds = 0;
  let runs = 0;
  let lossPerEpoch = null;
  do {
    const r = once();
    seconds += r.seconds;
    runs++;
    lossPerEpoch ??= r.lossPerEpoch;
    await breathe();
  } while (seconds < (message.minSeconds ?? 0));
  reply({ samples: runs * w.samples * w.epochs, seconds, runs, lossPerEpoch });
}
clearInterval(sampler);
reply({ peakRssMB: peakRss / 2 ** 20 });
process.exit(0);
