#!/usr/bin/env node
/**
 * `npm run bench:ui`: is the canvas smooth while the network trains? The web build of the app in
 * headless Chromium, in three phases:
 *   1. a generated graph of 300 nodes and 400 edges (a digits classifier of many branches), idle;
 *   2. the same graph training on the digits with the gradient-flow animation on;
 *   3. the digits classifier example (digits-softmax) training with the animation on.
 * For each: the interval between animation frames (p50, p95; from requestAnimationFrame) and
 * the main-thread tasks over 50 ms (Long Tasks API). Target while training: p95 ≤ 20 ms and no
 * task over 50 ms. Exits non-zero when it is missed.
 *
 * Options: --seconds N (measuring time per phase, default 10), --json, --write-results FILE.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { chromiumArgs, chromiumPath } from './worker.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const seconds = Number(option('--seconds') ?? 10);
const json = args.includes('--json');
const resultsFile = option('--write-results');
const log = (text) => !json && process.stderr.write(text + '\n');

/**
 * A trainable digits classifier with exactly `nodes` nodes and `edges` edges: branches
 * Linear(64→4) → Tanh → Linear(4→4), then either an Add with a skip from the Tanh ("residual":
 * 4 nodes, 6 edges), a ReLU ("deep": 4 nodes, 5 edges) or nothing ("plain": 3 nodes, 4 edges);
 * summed in groups of at most 16 by Add blocks, then an Add of the groups → Linear(4→10) →
 * cross-entropy.
 */
export function generatedGraph(nodes = 300, edges = 400) {
  for (let branches = 2; branches < 200; branches++) {
    const groups = Math.ceil(branches / 16);
    // Fixed: x, t, L, the output Linear, the top Add; edges top→out, out→L, t→L, group→top.
    const fixedNodes = 5 + groups;
    const fixedEdges = 3 + groups;
    for (let residual = 0; residual <= branches; residual++) {
      for (let deep = 0; deep + residual <= branches; deep++) {
        const plain = branches - residual - deep;
        if (
          fixedNodes + 4 * residual + 4 * deep + 3 * plain !== nodes ||
          fixedEdges + 6 * residual + 5 * deep + 4 * plain !== edges
        )
          continue;
        return buildGraph(branches, residual, deep, groups);
      }
    }
  }
  throw new Error(`no layout gives ${nodes} nodes and ${edges} edges`);
}

function buildGraph(branches, residual, deep, groups) {
  const nodes = [
    { id: 'x', type: 'input', params: { size: 64 }, position: { x: 0, y: 0 } },
    { id: 't', type: 'target', params: { size: 1, columns: ['label'] }, position: { x: 1100, y: 120 } },
  ];
  const edges = [];
  const link = (source, target, targetHandle = 'in') => edges.push({ source, target, targetHandle });
  const perGroup = Math.ceil(branches / groups);
  for (let g = 0; g < groups; g++) {
    const members = Math.min(perGroup, branches - g * perGroup);
    nodes.push({ id: `sum${g}`, type: 'add', params: { inputs: members }, position: { x: 880, y: g * perGroup * 70 } });
    link(`sum${g}`, 'total', `in${g}`);
  }
  for (let b = 0; b < branches; b++) {
    const y = b * 70;
    const g = Math.floor(b / perGroup);
    const port = `in${b - g * perGroup}`;
    nodes.push(
      { id: `a${b}`, type: 'linear', params: { in: 64, out: 4, init: 'xavier' }, position: { x: 200, y } },
      { id: `h${b}`, type: 'tanh', position: { x: 380, y } },
      { id: `c${b}`, type: 'linear', params: { in: 4, out: 4, init: 'xavier' }, position: { x: 540, y } },
    );
    link('x', `a${b}`);
    link(`a${b}`, `h${b}`);
    link(`h${b}`, `c${b}`);
    if (b < residual) {
      nodes.push({ id: `r${b}`, type: 'add', params: { inputs: 2 }, position: { x: 720, y } });
      link(`c${b}`, `r${b}`, 'in0');
      link(`h${b}`, `r${b}`, 'in1');
      link(`r${b}`, `sum${g}`, port);
    } else if (b < residual + deep) {
      nodes.push({ id: `r${b}`, type: 'relu', position: { x: 720, y } });
      link(`c${b}`, `r${b}`);
      link(`r${b}`, `sum${g}`, port);
    } else link(`c${b}`, `sum${g}`, port);
  }
  nodes.push(
    { id: 'total', type: 'add', params: { inputs: groups }, position: { x: 1000, y: 0 } },
    { id: 'out', type: 'linear', params: { in: 4, out: 10, init: 'xavier' }, position: { x: 1100, y: 0 } },
    { id: 'L', type: 'cross_entropy', position: { x: 1260, y: 60 } },
  );
  link('total', 'out');
  link('out', 'L', 'pred');
  link('t', 'L', 'target');
  return {
    format: 'backprop-studio.graph',
    version: 1,
    name: `Generated: ${nodes.length} blocks, ${edges.length} edges`,
    nodes,
    edges,
    training: { optimizer: 'adam', lr: 0.01, batchSize: 32, epochs: 1000000, seed: 1, validationSplit: 0.2 },
    data: { source: 'builtin:digits', standardize: true },
  };
}

/** Records frame intervals and long tasks for `ms` milliseconds in the page. */
async function measure(page, ms) {
  return page.evaluate(async (duration) => {
    const frames = [];
    const longTasks = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push(e.duration);
    });
    observer.observe({ type: 'longtask' });
    await new Promise((resolve) => {
      let last = 0;
      const end = performance.now() + duration;
      const tick = (t) => {
        if (last) frames.push(t - last);
        last = t;
        if (t < end) requestAnimationFrame(tick);
        else resolve();
      };
      requestAnimationFrame(tick);
    });
    observer.disconnect();
    return { frames, longTasks };
  }, ms);
}

const percentile = (values, p) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};

function summarize(name, training, { frames, longTasks }) {
  return {
    phase: name,
    training,
    frames: frames.length,
    p50: percentile(frames, 50),
    p95: percentile(frames, 95),
    max: Math.max(...frames),
    longTasks: longTasks.length,
    longestTask: longTasks.length ? Math.max(...longTasks) : 0,
  };
}

async function startTraining(page) {
  await page.getByTestId('tab-training').click();
  await page.getByTestId('epochs').fill('1000000');
  await page.getByTestId('epochs').press('Enter');
  await page.getByTestId('train').click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid="training-status"]')?.textContent === 'training',
    null,
    { timeout: 60_000 },
  );
  // Let the first reports arrive and the charts fill before measuring.
  await page.waitForTimeout(1500);
}

log('bench:ui: building the web app…');
await build({ configFile: path.join(root, 'vite.web.config.ts'), logLevel: 'warn' });
const server = await preview({
  configFile: path.join(root, 'vite.web.config.ts'),
  preview: { port: 0, host: '127.0.0.1', strictPort: false },
  logLevel: 'warn',
});
const base = `http://127.0.0.1:${server.httpServer.address().port}/`;
const profile = mkdtempSync(path.join(tmpdir(), 'bps-bench-ui-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath,
  headless: true,
  args: chromiumArgs,
  viewport: { width: 1440, height: 900 },
});
const errors = [];
const results = [];
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

  await page.goto(`${base}?example=none`);
  await page.locator('.react-flow__renderer').waitFor();
  const doc = generatedGraph();
  const transfer = await page.evaluateHandle((content) => {
    const dt = new DataTransfer();
    dt.items.add(new File([content], 'generated.bps.json', { type: 'application/json' }));
    return dt;
  }, JSON.stringify(doc));
  await page.dispatchEvent('.workspace', 'drop', { dataTransfer: transfer });
  await page.waitForFunction((n) => document.querySelectorAll('.react-flow__node').length === n, doc.nodes.length, {
    timeout: 60_000,
  });
  await page.waitForTimeout(1000);
  log(`bench:ui: ${doc.nodes.length} blocks and ${doc.edges.length} edges, idle…`);
  results.push(
    summarize(
      `generated graph (${doc.nodes.length} blocks, ${doc.edges.length} edges), idle`,
      false,
      await measure(page, seconds * 1000),
    ),
  );
  log('bench:ui: … training on the digits with the gradient animation on…');
  await startTraining(page);
  results.push(
    summarize(
      `generated graph (${doc.nodes.length} blocks, ${doc.edges.length} edges), training digits`,
      true,
      await measure(page, seconds * 1000),
    ),
  );
  await page.getByTestId('train').click();

  log('bench:ui: the digits-softmax example, training…');
  await page.goto(`${base}?example=digits-softmax`);
  await page.locator('.react-flow__renderer').waitFor();
  await page.waitForTimeout(1000);
  await startTraining(page);
  results.push(summarize('digits-softmax example, training', true, await measure(page, seconds * 1000)));
  const flowMarks = await page.getByTestId('flow-legend').count();
  if (flowMarks !== 1) errors.push('the gradient-flow legend is not shown: the animation is off');
} finally {
  await context.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
  rmSync(profile, { recursive: true, force: true });
}

const ok = (r) => !r.training || (r.p95 <= 20 && r.longTasks === 0);
const fmt = (n) => n.toFixed(1);
const lines = [
  '| phase | frames | frame interval p50 | p95 | max | main-thread tasks > 50 ms | target (training: p95 ≤ 20 ms, no task > 50 ms) |',
  '|---|---:|---:|---:|---:|---:|---|',
  ...results.map(
    (r) =>
      `| ${r.phase} | ${r.frames} | ${fmt(r.p50)} ms | ${fmt(r.p95)} ms | ${fmt(r.max)} ms | ${r.longTasks}${r.longTasks ? ` (longest ${fmt(r.longestTask)} ms)` : ''} | ${r.training ? (ok(r) ? 'met' : 'NOT MET') : '—'} |`,
  ),
];
if (json) for (const r of results) process.stdout.write(JSON.stringify(r) + '\n');
else process.stdout.write(`\n${lines.join('\n')}\n\n`);
if (errors.length) process.stderr.write(`page errors:\n${errors.join('\n')}\n`);
if (resultsFile)
  writeFileSync(
    resultsFile,
    `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench:ui\` (headless Chromium, ${seconds} s per phase).\n\n${lines.join('\n')}\n`,
  );
const failed = results.filter((r) => !ok(r));
if (!json)
  process.stdout.write(
    failed.length || errors.length
      ? `NOT MET: ${failed.map((r) => r.phase).join(', ')}${errors.length ? ' (page errors)' : ''}\n`
      : 'UI target met.\n',
  );
process.exitCode = failed.length || errors.length ? 1 : 0;
