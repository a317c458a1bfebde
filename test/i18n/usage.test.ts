/**
 * Every message of the catalogues is used, and every message the code asks for exists: a key
 * spelled out in src/ is used; a key the code builds from a list (commands, blocks, examples,
 * diagnostics…) is used when it belongs to that list. A key in one language and not another is
 * caught by catalogue.test.ts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockTypes, builtinDatasets } from '../../src/engine/index.js';
import { catalogues, messageKeys } from '../../src/i18n/index.js';
import { filterKeys } from '../../src/main/ipc.js';
import { commandCatalog, commandFamilies } from '../../src/preload/commands.js';

const root = join(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'locales' ? [] : sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

const code = sources(join(root, 'src'))
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');
const catalogue = messageKeys(catalogues.en);
const groups = new Set([...catalogue].map((k) => k.split('.')[0]));

/** Keys spelled out in the code: string literals that start with a catalogue group. */
const literal = new Set(
  [...code.matchAll(/['"`]([A-Za-z][\w-]*(?:\.[\w:-]+)+)['"`]/g)]
    .map((m) => m[1])
    .filter((k) => groups.has(k.split('.')[0])),
);

/** Keys the code builds from lists, each with the list it is built from. */
function builtKeys(): Set<string> {
  const keys = new Set<string>();
  for (const [id, info] of Object.entries(commandCatalog)) {
    keys.add(`commands.${id}.title`);
    if ('short' in info) keys.add(`commands.${id}.short`);
    keys.add(`categories.${info.category}`);
  }
  for (const [family, info] of Object.entries(commandFamilies)) {
    if (family !== 'language') keys.add(`commandFamilies.${family}`);
    keys.add(`categories.${info.category}`);
  }
  keys.add('categories.Help');
  for (const def of blockTypes()) {
    keys.add(def.messages.title).add(def.messages.description).add(`blockCategories.${def.category}`);
    for (const p of Object.values(def.messages.params)) {
      keys
        .add(p.label)
        .add(p.help ?? p.label)
        .add(p.inferredFrom ?? p.label);
      for (const o of Object.values(p.options ?? {})) keys.add(o);
    }
  }
  for (const file of readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.bps.json'))) {
    const id = file.replace(/\.bps\.json$/, '');
    keys.add(`examples.${id}.title`).add(`examples.${id}.description`);
  }
  for (const key of Object.values(filterKeys)) keys.add(`dialogs.filters.${key}`);
  for (const kind of ['weights', 'loss', 'output', 'gradient']) keys.add(`training.diverged.${kind}`);
  for (const action of ['new', 'example', 'open', 'import']) keys.add(`dialogs.unsaved.actions.${action}`);
  for (const changed of ['modified', 'missing']) keys.add(`dialogs.restore.${changed}`);
  for (const severity of ['error', 'warning']) keys.add(`problems.${severity}`);
  for (const tab of ['problems', 'charts', 'output', 'gradcheck']) keys.add(`dock.tabs.${tab}`);
  for (const view of ['loss', 'accuracy', 'gradients', 'output']) keys.add(`dock.views.${view}`);
  for (const tab of ['inspector', 'data', 'training']) keys.add(`sidebar.tabs.${tab}`).add(`sidebar.show.${tab}`);
  for (const status of ['idle', 'invalid', 'starting', 'ready', 'running', 'paused', 'finished', 'diverged'])
    keys.add(`run.status.${status}`);
  // training: keys built from lists
  // —
  // data: keys built from lists
  // Why a graph no longer holds its construction: say('name', …) in src/engine/construction.ts.
  for (const key of catalogue)
    if (key.startsWith('constructionProblem.') && code.includes(`say('${key.split('.')[1]}'`)) keys.add(key);
  for (const set of builtinDatasets) keys.add(`datasets.${set.name}.title`).add(`datasets.${set.name}.description`);
  // —
  // charts: keys built from lists
  // —
  // output: keys built from lists
  for (const def of blockTypes()) keys.add(def.messages.formula.forward).add(def.messages.formula.backward);
  // runs: keys built from lists
  // —
  // files: keys built from lists
  for (const what of ['graph', 'backup']) keys.add(`fileProblems.notWritten.${what}`);
  // —
  // engine: keys built from lists
  // Every diagnostic key is reached by a document (diagnostics.test.ts).
  for (const key of catalogue) if (key.startsWith('diagnostics.')) keys.add(key);
  return keys;
}

describe('catalogue usage', () => {
  const built = builtKeys();

  it('every message is used', () => {
    expect([...catalogue].filter((k) => !literal.has(k) && !built.has(k))).toEqual([]);
  });

  it('every message the code asks for exists', () => {
    const asked = [...code.matchAll(/\bt\(\s*['"`]([^'"`$]+)['"`]/g)].map((m) => m[1]);
    expect(asked.length).toBeGreaterThan(20);
    expect(asked.filter((k) => !catalogue.has(k))).toEqual([]);
    expect([...built].filter((k) => !catalogue.has(k))).toEqual([]);
  });
});
