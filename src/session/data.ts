/** The data a session trains on, from what the UI describes (a built-in set or a CSV's text). */
import { type CsvResult, type DataResult, type Dataset, loadBuiltinSource, parseCsv } from '../engine/index.js';
import type { DataSpec } from './protocol.js';

/** Parses a CSV (as the user chose to read it) or generates a built-in data set; diagnostics name what is wrong. */
export function loadDataSpec(spec: DataSpec): CsvResult | DataResult<Dataset> {
  return spec.kind === 'csv' ? parseCsv(spec.text, spec.name, spec.options) : loadBuiltinSource(spec);
}

/**
 * Reads each version of the data once: a setup that names the version last read reuses its data
 * (sessions only read a Dataset), since the UI bumps the version whenever the data changes. A
 * large CSV is then parsed once, not on every Reset or edit of the graph.
 */
export class DataCache {
  private last: { version: number; loaded: CsvResult | DataResult<Dataset> } | null = null;

  load(spec: DataSpec, version: number | undefined): CsvResult | DataResult<Dataset> {
    if (version !== undefined && this.last?.version === version) return this.last.loaded;
    const loaded = loadDataSpec(spec);
    this.last = version === undefined ? null : { version, loaded };
    return loaded;
  }
}
