/** The data a session trains on, from what the UI describes (a built-in set or a CSV's text). */
import { type CsvResult, type DataResult, type Dataset, loadBuiltinSource, parseCsv } from '../engine/index.js';
import type { DataSpec } from './protocol.js';

/** Parses a CSV (as the user chose to read it) or generates a built-in data set; diagnostics name what is wrong. */
export function datasetFromSpec(spec: DataSpec): CsvResult | DataResult<Dataset> {
  return spec.kind === 'csv' ? parseCsv(spec.text, spec.name, spec.options) : loadBuiltinSource(spec);
}
