/**
 * The app's training worker measured where it runs: a page built with Vite that starts
 * src/renderer/src/training/worker.ts in a real Web Worker in headless Chromium and drives it
 * with the protocol's messages (setup → run → progress … → finished). For comparison, the same
 * TrainingHost and session code run in this Node process with the same settings.
 *
 * The app parses a CSV once (in its data panel) and sends the data set with the setup, so the
 * workload's data are written as CSV with every float32 value to 9 significant digits (which
 * reads back exactly) and parsed the same way before the (untimed) setup.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseCsv, resolveTraining } from '../dist/engine/index.js';
import { dataCsv, graphDocument, makeData, workloads } from './lib/workloads.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/**
 * The session setup of workload `id` with `epochs` epochs: W2's 20 epochs take about 40 ms,
 * shorter than a progress interval, so the caller trains it for more.
 */
export function workerSetup(id, epochs) {
  const w = workloads[id];
  const doc = graphDocument(w);
  doc.training.epochs = epochs;
  return {
    setup: {
      graphVersion: 1,
      document: doc,
      data: { version: 1 },
      standardize: false,
      config: resolveTraining(doc.training),
    },
    csv: { name: `${w.name}.csv`, text: dataCsv(w, makeData(w)) },
    samples: w.samples * epochs,
  };
}

/** The setup with the data set parsed from the CSV, as the app's client sends it. */
function withDataset(setup, csv) {
  const parsed = parseCsv(csv.text, csv.name);
  if (!parsed.ok) throw new Error(parsed.diagnostics[0].message);
  return { ...setup, data: { version: 1, dataset: parsed.value } };
}

/** The same host and session in this Node process: messages cross nothing, yields are setImmediate. */
export async function measureHostInNode(setup, csv, samples, runs) {
  const { TrainingHost } = await import('../out/bench-node/host.mjs');
  const full = withDataset(setup, csv);
  const once = () =>
    new Promise((resolve, reject) => {
      let t0 = 0;
      let progressMessages = 0;
      const host = new TrainingHost({
        post: (m) => {
          if (m.type === 'ready') {
            t0 = performance.now();
            host.handle({ type: 'run' });
          } else if (m.type === 'progress') progressMessages++;
          else if (m.type === 'finished') {
            const seconds = (performance.now() - t0) / 1000;
            resolve({ samplesPerSec: samples / seconds, seconds, progressMessages });
          } else if (m.type !== 'weights') reject(new Error(JSON.stringify(m).slice(0, 300)));
        },
        yieldThen: (fn) => setImmediate(fn),
        later: (fn, ms) => setTimeout(fn, ms),
        now: () => performance.now(),
      });
      host.handle({ type: 'setup', setup: structuredClone(full) });
    });
  await once();
  const results = [];
  for (let r = 0; r < runs; r++) results.push(await once());
  return results;
}

/** Builds the bench page and the Node bundle of the host, serves the page, starts Chromium. */
export async function startBrowser() {
  const { build, preview } = await import('vite');
  await build({
    configFile: path.join(root, 'bench/web/vite.config.mts'),
    root: path.join(root, 'bench/web'),
    logLevel: 'warn',
  });
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    build: {
      outDir: path.join(root, 'out/bench-node'),
      emptyOutDir: true,
      minify: false,
      lib: { entry: path.join(root, 'src/session/host.ts'), formats: ['es'], fileName: () => 'host.mjs' },
    },
  });
  const server = await preview({
    configFile: path.join(root, 'bench/web/vite.config.mts'),
    root: path.join(root, 'bench/web'),
    preview: { port: 0, host: '127.0.0.1' },
    logLevel: 'warn',
  });
  const address = server.httpServer.address();
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(path.join(tmpdir(), 'bps-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`http://127.0.0.1:${address.port}/`);
  await page.waitForFunction(() => document.title === 'ready');
  return {
    page,
    errors,
    async close() {
      await context.close();
      await new Promise((resolve) => server.httpServer.close(resolve));
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Timed runs of the app's worker in Chromium (after one warm-up run in the same worker). */
export async function measureWorker(browser, setup, csv, samples, runs) {
  const url = `/${csv.name}`;
  await browser.page.route(`**${url}`, (route) => route.fulfill({ body: csv.text, contentType: 'text/csv' }));
  try {
    return await browser.page.evaluate(([s, u, n, r]) => window.benchWorker(s, u, n, r), [setup, url, samples, runs]);
  } finally {
    await browser.page.unroute(`**${url}`);
  }
}
