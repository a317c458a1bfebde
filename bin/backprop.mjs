#!/usr/bin/env node
// The `backprop` command: runs the compiled CLI (built by `npm install` / `npm run build:lib`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('backprop: the CLI is not built yet; run `npm run build:lib` in the Backprop Studio folder.');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
