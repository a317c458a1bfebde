/**
 * The data-source spec (`builtin:NAME?samples=…&noise=…&seed=…`) has one definition in the
 * engine (src/engine/datasets/source.ts). The CLI's `--data`, the document's `data.source` as the
 * app records and reopens it, and the session's data loading all go through it: these tests
 * hold them together, so the app and the CLI generate the same rows from the same spec.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadBuiltin } from '../../src/cli/sources.js';
import { builtinDatasets, formatDataSource, parseDataSource, type BuiltinSource } from '../../src/engine/index.js';
import { sourceName, specFromSource } from '../../src/renderer/src/data/store.js';
import { datasetFromSpec } from '../../src/session/data.js';

const generated = builtinDatasets.filter((s) => s.generated).map((s) => s.name);
const fixed = builtinDatasets.filter((s) => !s.generated).map((s) => s.name);

/** Any valid built-in source: a generated set with some options, or a fixed one without. */
const sources: fc.Arbitrary<BuiltinSource> = fc.oneof(
  fc.record(
    {
      kind: fc.constant('builtin' as const),
      name: fc.constantFrom(...generated),
      samples: fc.integer({ min: 1, max: 300 }),
      noise: fc.double({ min: 0, max: 2, noNaN: true }),
      seed: fc.integer({ min: -1000, max: 1000 }),
    },
    { requiredKeys: ['kind', 'name'] },
  ),
  fc.record({ kind: fc.constant('builtin' as const), name: fc.constantFrom(...fixed) }),
);

describe('the data-source spec', () => {
  it('a spec written by the app reads back to the same source in the app, the CLI and the session', () => {
    fc.assert(
      fc.property(sources, (source) => {
        const spec = formatDataSource(source);
        const parsed = parseDataSource(spec);
        expect(parsed).toEqual({ ok: true, source });
        // The app records the spec in data.source and rebuilds the same one when the document reopens.
        expect(sourceName(source)).toBe(spec);
        expect(specFromSource(spec)).toEqual({ ok: true, spec: source });
        // The CLI's --data and the worker's session generate the same rows from it.
        const inSession = datasetFromSpec(source);
        expect(inSession.ok).toBe(true);
        const inCli = loadBuiltin(spec);
        if (!inSession.ok) return;
        expect(inCli.name).toBe(spec);
        expect(inSession.value.name).toBe(spec);
        expect(Array.from(inCli.values)).toEqual(Array.from(inSession.value.values));
      }),
      { seed: 20260611, numRuns: 40 },
    );
  });

  it('keeps the generator options a document was trained with (they used to be dropped on save)', () => {
    const spiral: BuiltinSource = { kind: 'builtin', name: 'spiral', samples: 800, noise: 0.2, seed: 3 };
    expect(sourceName(spiral)).toBe('builtin:spiral?samples=800&noise=0.2&seed=3');
    const reopened = specFromSource(sourceName(spiral));
    expect(reopened).toEqual({ ok: true, spec: spiral });
  });

  it.each([
    [
      'builtin:nope',
      "there is no built-in data set 'nope'; the built-in sets are and, or, not, xor, sine, circle, spiral, gaussians, digits, iris",
    ],
    [
      'builtin:xor?samples=10',
      'builtin:xor is fixed data and takes no options (only generated sets such as circle do)',
    ],
    ['builtin:circle?size=10', "unknown option 'size'; built-in sets take samples, noise, seed"],
    ['builtin:circle?samples=many', "samples must be a whole number ≥ 1, got 'many'"],
    ['builtin:circle?samples=0', "samples must be a whole number ≥ 1, got '0'"],
    ['builtin:circle?noise=-1', "noise must be a number ≥ 0, got '-1'"],
    ['builtin:circle?seed=1.5', "seed must be a whole number, got '1.5'"],
  ])('refuses %s with the same message in the app and the CLI', (spec, message) => {
    // With its catalogue key and values, so the app says it in the user's language (the CLI prints `message`).
    const expected = [
      {
        code: 'data',
        severity: 'error',
        where: spec,
        message,
        key: expect.stringMatching(/^dataSource\./),
        values: expect.any(Object),
      },
    ];
    expect(parseDataSource(spec)).toEqual({ ok: false, diagnostics: expected });
    expect(specFromSource(spec)).toEqual({ ok: false, diagnostics: expected });
    expect(() => loadBuiltin(spec)).toThrow(`${spec}: ${message}`);
  });

  it('anything else is a file path', () => {
    expect(parseDataSource('data/iris.csv')).toEqual({ ok: true, source: { kind: 'file', path: 'data/iris.csv' } });
    expect(specFromSource('data/iris.csv')).toBeNull();
  });
});
