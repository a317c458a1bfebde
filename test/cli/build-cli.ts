/** Compiles the engine and the CLI (dist/) once before the tests that spawn `bin/backprop.mjs`. */
import { execFileSync } from 'node:child_process';

export function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-b', 'tsconfig.cli.json'], { stdio: 'inherit' });
}
