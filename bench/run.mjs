#!/usr/bin/env node
/**
 * `npm run bench`: the three workloads of the benchmark contract (shared/bench/workloads.md)
 * trained by Backprop Studio's engine and, in the same run, by TensorFlow.js (wasm backend and
 * cpu backend, hand-written training loop) and brain.js, on the same seeded data from the same
 * initial weights. Prints samples/s (median over rounds), GFLOP/s (6 × parameters × samples/s),
 * our ratio to the best competitor, the per-epoch loss cross-check against TensorFlow.js, the
 * resident memory of W1 training, and the app's training worker in headless Chromium against the
 * Node figure. Exits non-zero when the cross-check fails or a target is missed.
 *
 * Options:
 *   --json                one JSON line per (workload, engine) instead of the tables
 *   --workloads W1,W3     a subset of the workloads
 *   --engines a,b         a subset of the engines (backprop-studio is always measured)
 *   --rounds N            timed rounds per engine (default 3; the median is reported)
 *   --no-worker           skip the Chromium worker measurement
 *   --write-results FILE  also write the tables as Markdown to FILE
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parameterCount, workloads } from './lib/workloads.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const json = args.includes('--json');
const rounds = Number(option('--rounds') ?? 3);
const selected = (option('--workloads') ?? 'W1,W2,W3').split(',');
const ours = 'backprop-studio';
const competitors = ['tfjs-wasm', 'tfjs-cpu', 'brain.js'].filter(
  (e) => !option('--engines') || option('--engines').split(',').includes(e),
);
const engines = [ours, ...competitors];
const resultsFile = option('--write-results');

/** What each target compares with, and the factor (the issue's targets). */
const targets = {
  W1: { engine: 'tfjs-wasm', factor: 3 },
  W2: { engine: 'brain.js', factor: 2 },
  W3: { engine: 'tfjs-wasm', factor: 3 },
};
const MEMORY_LIMIT_MB = 200;
const LOSS_TOLERANCE = 1e-3;
const WORKER_TOLERANCE = 0.1;

const log = (text) => {
  if (!json) process.stderr.write(text + '\n');
};
const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** A child process measuring one engine on one workload (see child.mjs). */
function startChild(id, engine) {
  const child = spawn(process.execPath, ['--expose-gc', path.join(here, 'child.mjs'), id, engine], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let buffer = '';
  const waiting = [];
  child.stdout.on('data', (chunk) => {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      waiting.shift()?.resolve(JSON.parse(line));
    }
  });
  const failed = new Promise((_, reject) =>
    child.on('exit', (code) => code && reject(new Error(`${engine} on ${id} exited with code ${code}`))),
  );
  const next = () => Promise.race([new Promise((resolve, reject) => waiting.push({ resolve, reject })), failed]);
  return {
    ready: next(),
    run(minSeconds) {
      child.stdin.write(JSON.stringify({ cmd: 'run', minSeconds }) + '\n');
      return next();
    },
    quit() {
      child.stdin.write(JSON.stringify({ cmd: 'quit' }) + '\n');
      return next();
    },
  };
}

async function measureWorkload(id) {
  const w = workloads[id];
  const children = {};
  for (const engine of engines) {
    log(`  ${id}: preparing and warming up ${engine}…`);
    children[engine] = startChild(id, engine);
    await children[engine].ready;
  }
  const rates = Object.fromEntries(engines.map((e) => [e, []]));
  const losses = {};
  for (let r = 0; r < rounds; r++) {
    // Rotating the order spreads a slow spell of the machine over the engines.
    const order = engines.map((_, k) => engines[(k + r) % engines.length]);
    for (const engine of order) {
      const result = await children[engine].run(0.5);
      rates[engine].push(result.samples / result.seconds);
      losses[engine] ??= result.lossPerEpoch;
    }
    log(
      `  ${id}: round ${r + 1}/${rounds}: ${engines.map((e) => `${e} ${Math.round(rates[e].at(-1)).toLocaleString('en')}/s`).join(', ')}`,
    );
  }
  const rss = {};
  for (const engine of engines) rss[engine] = (await children[engine].quit()).peakRssMB;
  const params = parameterCount(w);
  return engines.map((engine) => ({
    workload: id,
    engine,
    samplesPerSec: median(rates[engine]),
    runs: rates[engine],
    gflops: (6 * params * median(rates[engine])) / 1e9,
    lossPerEpoch: losses[engine],
    peakRssMB: rss[engine],
  }));
}

const relativeDifference = (a, b) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

/** The worker in Chromium and the host in Node against the bench's Node figure (W1, W2). */
async function measureWorkers(nodeFigures) {
  const { measureHostInNode, measureWorker, startBrowser, workerSetup } = await import('./worker.mjs');
  // Long enough that progress reports and the views run many times (W2's own 20 epochs last ~40 ms).
  const epochs = { W1: 10, W2: 400 };
  const browser = await startBrowser();
  const rows = [];
  try {
    for (const id of ['W1', 'W2'].filter((x) => nodeFigures[x])) {
      log(`  worker: ${id} (${epochs[id]} epochs) in a Web Worker in Chromium and in Node…`);
      const { setup, csv, samples } = workerSetup(id, epochs[id]);
      const worker = await measureWorker(browser, setup, csv, samples, rounds);
      const host = await measureHostInNode(setup, csv, samples, rounds);
      const workerRate = median(worker.map((r) => r.samplesPerSec));
      rows.push({
        workload: id,
        epochs: epochs[id],
        node: nodeFigures[id],
        nodeHost: median(host.map((r) => r.samplesPerSec)),
        worker: workerRate,
        ratio: workerRate / nodeFigures[id],
        progressPerSecond: median(worker.map((r) => r.progressMessages / r.seconds)),
        kernels: worker[0].kernels,
      });
    }
    if (browser.errors.length) throw new Error(`the worker page reported errors:\n${browser.errors.join('\n')}`);
  } finally {
    await browser.close();
  }
  return rows;
}

const fmt = (n, digits = 0) => n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });

log(
  `Backprop Studio benchmark: ${selected.join(', ')} × ${engines.join(', ')}, ${rounds} rounds (node ${process.version})`,
);
const results = [];
for (const id of selected) results.push(...(await measureWorkload(id)));

const byKey = (id, engine) => results.find((r) => r.workload === id && r.engine === engine);
const summary = selected.map((id) => {
  const mine = byKey(id, ours);
  const others = competitors.map((e) => byKey(id, e)).filter(Boolean);
  const best = others.reduce((a, b) => (b.samplesPerSec > a.samplesPerSec ? b : a), others[0]);
  const target = targets[id];
  const reference = byKey(id, target.engine);
  const crossCheck = ['tfjs-wasm', 'tfjs-cpu']
    .filter((e) => byKey(id, e))
    .map((e) => {
      const theirs = byKey(id, e).lossPerEpoch;
      const worst = Math.max(...mine.lossPerEpoch.map((l, k) => relativeDifference(l, theirs[k])));
      return { engine: e, worst, ok: worst <= LOSS_TOLERANCE && theirs.length === mine.lossPerEpoch.length };
    });
  return {
    id,
    mine,
    best,
    ratioToBest: best ? mine.samplesPerSec / best.samplesPerSec : NaN,
    target: reference
      ? {
          ...target,
          ratio: mine.samplesPerSec / reference.samplesPerSec,
          met: mine.samplesPerSec >= target.factor * reference.samplesPerSec,
        }
      : null,
    crossCheck,
  };
});

let workerRows = [];
if (!args.includes('--no-worker') && selected.some((id) => id === 'W1' || id === 'W2')) {
  workerRows = await measureWorkers(Object.fromEntries(summary.map((s) => [s.id, s.mine.samplesPerSec])));
}

const memory = byKey('W1', ours)?.peakRssMB;
const lines = [];
lines.push(`| workload | engine | samples/s (median) | GFLOP/s | peak RSS |`);
lines.push(`|---|---|---:|---:|---:|`);
for (const r of results)
  lines.push(
    `| ${r.workload} ${workloads[r.workload].name} | ${r.engine} | ${fmt(r.samplesPerSec)} | ${fmt(r.gflops, 2)} | ${fmt(r.peakRssMB)} MB |`,
  );
lines.push('');
lines.push(
  `| workload | ours / best competitor | target | loss cross-check vs TensorFlow.js (max relative difference per epoch) |`,
);
lines.push(`|---|---:|---|---|`);
for (const s of summary) {
  const target = s.target
    ? `${fmt(s.target.ratio, 2)}× ${s.target.engine} (≥ ${s.target.factor}×): ${s.target.met ? 'met' : 'NOT MET'}`
    : 'n/a';
  const check =
    s.crossCheck.map((c) => `${c.engine} ${c.worst.toExponential(1)} ${c.ok ? 'ok' : 'FAILED'}`).join(', ') || 'n/a';
  lines.push(`| ${s.id} | ${s.best ? `${fmt(s.ratioToBest, 2)}× (${s.best.engine})` : 'n/a'} | ${target} | ${check} |`);
}
if (memory !== undefined) {
  lines.push('');
  lines.push(
    `W1 training in Node: peak resident memory ${fmt(memory)} MB (limit ${MEMORY_LIMIT_MB} MB): ${memory < MEMORY_LIMIT_MB ? 'met' : 'NOT MET'}.`,
  );
}
if (workerRows.length) {
  lines.push('');
  lines.push(
    `| workload | Node (bench) | app host in Node | app worker in Chromium | worker / Node | progress reports/s | worker kernels |`,
  );
  lines.push(`|---|---:|---:|---:|---:|---:|---|`);
  for (const r of workerRows) {
    const ok = r.ratio >= 1 - WORKER_TOLERANCE;
    lines.push(
      `| ${r.workload} (${r.epochs} epochs) | ${fmt(r.node)} /s | ${fmt(r.nodeHost)} /s | ${fmt(r.worker)} /s | ${fmt(r.ratio, 2)} (${ok ? 'within 10 %' : 'NOT within 10 %'}) | ${fmt(r.progressPerSecond, 1)} | ${r.kernels} |`,
    );
  }
}

const failures = [
  ...summary.filter((s) => s.target && !s.target.met).map((s) => `${s.id} target`),
  ...summary.flatMap((s) => s.crossCheck.filter((c) => !c.ok).map((c) => `${s.id} loss cross-check vs ${c.engine}`)),
  ...(memory !== undefined && memory >= MEMORY_LIMIT_MB ? ['W1 memory'] : []),
  ...workerRows.filter((r) => r.ratio < 1 - WORKER_TOLERANCE).map((r) => `${r.workload} worker within 10 %`),
];

if (json) {
  for (const r of results)
    process.stdout.write(
      JSON.stringify({
        workload: r.workload,
        engine: r.engine,
        samplesPerSec: r.samplesPerSec,
        lossPerEpoch: r.lossPerEpoch,
      }) + '\n',
    );
} else {
  process.stdout.write('\n' + lines.join('\n') + '\n\n');
  process.stdout.write(
    failures.length ? `NOT MET: ${failures.join(', ')}\n` : 'All targets met; the loss cross-check passes.\n',
  );
}
if (resultsFile) {
  const cpu = (await import('node:os')).cpus()[0]?.model ?? 'unknown CPU';
  const header = `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench\` (node ${process.version}, ${cpu}, ${(await import('node:os')).cpus().length} cores; medians of ${rounds} rounds, each engine after a warm-up).`;
  writeFileSync(resultsFile, `${header}\n\n${lines.join('\n')}\n`);
}
process.exitCode = failures.length ? 1 : 0;
