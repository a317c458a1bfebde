/** The data a session trains on, from what the UI describes (a built-in set or a CSV's text). */
import { type DataResult, type Dataset, findBuiltin, parseCsv } from '../engine/index.js';
import type { DataSpec } from './protocol.js';

/** Parses a CSV or generates a built-in data set; diagnostics name what is wrong. */
export function loadDataSpec(spec: DataSpec): DataResult<Dataset> {
  if (spec.kind === 'csv') return parseCsv(spec.text, spec.name);
  const builtin = findBuiltin(spec.name);
  if (!builtin) {
    return {
      ok: false,
      diagnostics: [
        { code: 'data', severity: 'error', where: 'data', message: `there is no built-in data set '${spec.name}'` },
      ],
    };
  }
  return { ok: true, value: builtin.load({ samples: spec.samples, noise: spec.noise, seed: spec.seed }), warnings: [] };
}
