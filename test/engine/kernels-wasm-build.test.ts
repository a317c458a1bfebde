/**
 * The WebAssembly kernels are committed built (src/engine/kernels-wasm-binary.ts) so that a clean
 * clone runs without a build step; this rebuilds them from wasm/kernels.ts with AssemblyScript
 * and checks that the committed module is exactly what the source gives.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('WebAssembly kernels', () => {
  it('are built from wasm/kernels.ts: the committed binary matches a fresh build', () => {
    const out = execFileSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { encoding: 'utf8' });
    expect(out).toMatch(/matches wasm\/kernels\.ts/);
  });
});
