/** Running the real `backprop` binary as a user would, and temporary folders for its files. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll } from 'vitest';

export const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin/backprop.mjs');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** Non-empty stdout lines. */
  lines: string[];
  /** Every stdout line parsed as JSON (for --json runs). */
  json(): any[];
}

/**
 * `node bin/backprop.mjs ARGS…` in `cwd` (default: the project root), in an English locale unless
 * `env` says otherwise (the machine's own LANG must not change what the tests read).
 */
export function backprop(args: readonly string[], cwd = root, env: Record<string, string> = {}): Run {
  const { LC_ALL: _all, LC_MESSAGES: _messages, LANG: _lang, ...rest } = process.env;
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...rest, LANG: 'C.UTF-8', ...env },
  });
  if (r.error) throw r.error;
  const lines = r.stdout.split('\n').filter((l) => l.trim() !== '');
  return {
    code: r.status ?? -1,
    stdout: r.stdout,
    stderr: r.stderr,
    lines,
    json: () => lines.map((l) => JSON.parse(l)),
  };
}

/** Path of an example document. */
export const example = (name: string): string => join(root, 'examples', name);

export const readJson = (path: string): any => JSON.parse(readFileSync(path, 'utf8'));

/** A temporary folder, removed after the file's tests. */
export function temporaryFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'backprop-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes `content` (text, or JSON for objects) to `dir/name` and returns the path. */
export function writeFile(dir: string, name: string, content: string | object): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

/** The example documents (every `examples/*.bps.json`). */
export const exampleFiles = (): string[] =>
  readdirSync(join(root, 'examples'))
    .filter((f) => f.endsWith('.bps.json'))
    .sort();
