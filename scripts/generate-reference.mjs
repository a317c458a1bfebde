// Regenerates the reference material that comes from the engine (run by `npm run schema`, after
// the CLI is built): docs/graph-format.schema.json, the block table of docs/graph-format.md and
// the built-in data sets of docs/cli.md. test/cli/reference.test.ts fails when they are stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { generatedFiles } from '../dist/cli/reference.js';

for (const file of generatedFiles) {
  const url = new URL(`../${file.path}`, import.meta.url);
  let current = '';
  try {
    current = readFileSync(url, 'utf8');
  } catch {}
  const next = file.update(current);
  if (next === current) console.log(`${file.path}: up to date`);
  else {
    writeFileSync(url, next);
    console.log(`${file.path}: written`);
  }
}
