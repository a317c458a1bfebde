#!/usr/bin/env node
/**
 * `npm run test:stress`: the whole test suite while every core is kept busy, as on a CI machine
 * that another job loads. Starts one busy-looping process per core (STRESS_HOGS to choose how
 * many), runs `npm test` (arguments after `--` go to vitest), stops the hogs and exits with the
 * tests' status. Run it before submitting: a test that only passes on an idle machine fails here.
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

const hogCount = Number(process.env.STRESS_HOGS ?? availableParallelism());
if (!Number.isInteger(hogCount) || hogCount < 0) {
  console.error(`STRESS_HOGS must be a whole number of processes, got "${process.env.STRESS_HOGS}"`);
  process.exit(2);
}

// Each hog spins, and every few milliseconds checks that this script still runs: if it was
// killed outright (no chance to stop them), the hogs stop themselves.
const hogSource = `
  const parent = ${process.pid};
  for (;;) {
    for (let i = 0; i < 2e6; i++);
    if (process.ppid !== parent) process.exit(0);
  }
`;
const hogs = Array.from({ length: hogCount }, () => spawn(process.execPath, ['-e', hogSource], { stdio: 'ignore' }));
const stopHogs = () => {
  for (const hog of hogs) if (hog.exitCode === null && hog.signalCode === null) hog.kill('SIGKILL');
};
process.on('exit', stopHogs);

console.log(`test:stress: ${hogCount} busy process${hogCount === 1 ? '' : 'es'} on ${availableParallelism()} cores`);
const started = Date.now();
const tests = spawn('npm', ['test', '--', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    tests.kill(signal);
    stopHogs();
    process.exit(130);
  });
tests.on('exit', (code, signal) => {
  stopHogs();
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  console.log(`test:stress: npm test ${code === 0 ? 'passed' : 'failed'} under load in ${minutes} min`);
  process.exit(code ?? (signal ? 1 : 0));
});
