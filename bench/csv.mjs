#!/usr/bin/env node
/**
 * `npm run bench:csv`: how reading a CSV file scales. Each measurement runs in its own Node
 * process, which writes a file of seeded numbers (4 decimals, as spreadsheets export them),
 * reads it as the CLI does and parses it with the engine's parseCsv. Reported: time, rows/s, and
 * the memory the parse adds beyond the file's text, as a multiple of the file's size (issue 11
 * measured 7.6× and 22 s for 1M rows × 20 columns). Checked by ratios, so that a loaded machine
 * does not fail it: time per row stays flat as the rows grow 4× (linear), the memory stays under
 * 2× the file, and a header of 10× the columns (with a duplicate name) takes at most 20× the time.
 * Exits non-zero when a check fails.
 *
 * Options:
 *   --rows N      the largest file's rows (default 400000; issue 11's case is 1000000)
 *   --json        one JSON line per measurement
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const engine = path.join(here, '../dist/engine/index.js');
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

/** The text of a file of `rows` × `cols` seeded numbers with a header. */
function numbersFile(rows, cols) {
  let seed = 1;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const lines = [Array.from({ length: cols }, (_, c) => `x${c}`).join(',')];
  for (let r = 0; r < rows; r++) {
    const cells = new Array(cols);
    for (let c = 0; c < cols; c++) cells[c] = (random() * 100).toFixed(4);
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** A header of `cols` names, the first repeated at the end, and one row of numbers. */
const wideFile = (cols) => `${Array.from({ length: cols }, (_, i) => `c${i}`).join(',')},c0\n${'1,'.repeat(cols)}1\n`;

/** In the child: one measurement, printed as JSON. */
async function measure(kind, size) {
  const { parseCsv } = await import(engine);
  const folder = mkdtempSync(path.join(tmpdir(), 'bench-csv-'));
  const file = path.join(folder, 'data.csv');
  writeFileSync(file, kind === 'rows' ? numbersFile(size, 20) : wideFile(size));
  const text = readFileSync(file, 'utf8');
  rmSync(folder, { recursive: true, force: true });
  global.gc();
  const before = process.memoryUsage().rss;
  const start = performance.now();
  const result = parseCsv(text, 'data.csv');
  const ms = performance.now() - start;
  const peak = process.resourceUsage().maxRSS * 1024;
  const ok = kind === 'rows' ? result.ok && result.value.rows === size : !result.ok;
  process.stdout.write(
    `${JSON.stringify({ kind, size, ms, bytes: text.length, memoryRatio: Math.max(0, peak - before) / text.length, ok })}\n`,
  );
}

if (args[0] === '--child') {
  await measure(args[1], Number(args[2]));
} else {
  const json = args.includes('--json');
  const largest = Number(option('--rows') ?? 400_000);
  const run = (kind, size) => {
    const child = spawnSync(
      process.execPath,
      ['--expose-gc', fileURLToPath(import.meta.url), '--child', kind, String(size)],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    if (child.status !== 0) throw new Error(`the ${kind} ${size} measurement exited with ${child.status}`);
    const m = JSON.parse(child.stdout);
    if (json) process.stdout.write(`${JSON.stringify(m)}\n`);
    else
      process.stderr.write(
        `${kind === 'rows' ? `${size} rows × 20 columns` : `${size} columns`}: ${(m.ms / 1000).toFixed(2)} s` +
          (kind === 'rows'
            ? `, ${Math.round((size / m.ms) * 1000).toLocaleString('en')} rows/s, memory ${m.memoryRatio.toFixed(2)}× the file (${(m.bytes / 1e6).toFixed(0)} MB)\n`
            : '\n'),
      );
    return m;
  };
  const small = run('rows', largest / 4);
  const large = run('rows', largest);
  const narrow = run('header', 10_000);
  const wide = run('header', 100_000);
  const perRow = large.ms / largest / (small.ms / (largest / 4));
  const checks = [
    ['the files parse', small.ok && large.ok && narrow.ok && wide.ok],
    [`time per row at 4× the rows: ${perRow.toFixed(2)}× (≤ 1.6)`, perRow <= 1.6],
    [`memory beyond the text: ${large.memoryRatio.toFixed(2)}× the file (≤ 2)`, large.memoryRatio <= 2],
    [`a header of 10× the columns: ${(wide.ms / narrow.ms).toFixed(1)}× the time (≤ 20)`, wide.ms / narrow.ms <= 20],
  ];
  for (const [what, met] of checks) process.stderr.write(`${met ? 'ok  ' : 'FAIL'} ${what}\n`);
  if (checks.some(([, met]) => !met)) process.exit(1);
}
