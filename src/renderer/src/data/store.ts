/**
 * The data the graph trains on: a built-in set (with its generator settings) or a CSV the user
 * loaded, parsed by the engine so the panel can preview it and list bad rows.
 */
import { createStore } from 'zustand/vanilla';
import {
  type CsvReport,
  type Dataset,
  type Diagnostic,
  formatDataSource,
  isBuiltinSpec,
  type MissingValues,
  parseDataSource,
} from '../../../engine/index.js';
import type { DataSpec } from '../../../session/protocol.js';
import { datasetFromSpec } from '../../../session/data.js';

export interface DataState {
  spec: DataSpec | null;
  dataset: Dataset | null;
  /** Problems of the last file the user tried to load (the previous data stays). */
  diagnostics: Diagnostic[];
  /**
   * The CSV last refused, with its missing values (the panel offers to drop or fill them) and how
   * its columns were read (it offers to read a column of numbers written another way as numbers).
   */
  refused: { spec: CsvSpec; missing?: MissingValues; report?: CsvReport } | null;
  /** Bumped when the data changes (a training session must be set up again). */
  version: number;
  /** The document names a CSV that has to be loaded again (its rows are not stored in the file). */
  missingFile: string | null;
}

export type CsvSpec = Extract<DataSpec, { kind: 'csv' }>;

export const createDataStore = () =>
  createStore<DataState>(() => ({
    spec: null,
    dataset: null,
    diagnostics: [],
    refused: null,
    version: 0,
    missingFile: null,
  }));
export type DataStore = ReturnType<typeof createDataStore>;

/**
 * Parses or generates `spec` into the data store (not the document: see applyData); on failure
 * keeps the current data and records the problems. Returns success.
 */
export function loadIntoStore(store: DataStore, spec: DataSpec): boolean {
  const loaded = datasetFromSpec(spec);
  if (!loaded.ok) {
    const missing = 'missing' in loaded ? (loaded.missing as MissingValues | undefined) : undefined;
    const report = 'report' in loaded ? (loaded.report as CsvReport | undefined) : undefined;
    store.setState({
      diagnostics: loaded.diagnostics,
      refused: spec.kind === 'csv' ? { spec, ...(missing ? { missing } : {}), ...(report ? { report } : {}) } : null,
    });
    return false;
  }
  store.setState((s) => ({
    spec,
    dataset: loaded.value,
    diagnostics: [],
    refused: null,
    version: s.version + 1,
    missingFile: null,
  }));
  return true;
}

/** The `data.source` a document records for a spec: `builtin:NAME` with its generator options, or the file name. */
export function sourceName(spec: DataSpec): string {
  return spec.kind === 'builtin' ? formatDataSource(spec) : spec.name;
}

/**
 * The spec a document's `data.source` asks for, when it can be rebuilt without a file (a
 * built-in set, with the generator options it records); null for a file. A bad built-in spec
 * gives its problems.
 */
export function specFromSource(
  source: string | undefined,
): { ok: true; spec: DataSpec } | { ok: false; diagnostics: Diagnostic[] } | null {
  if (source === undefined || !isBuiltinSpec(source)) return null;
  const parsed = parseDataSource(source);
  if (!parsed.ok) return parsed;
  return parsed.source.kind === 'builtin' ? { ok: true, spec: parsed.source } : null;
}
