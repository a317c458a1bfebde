/**
 * The data the graph trains on: a built-in set (with its generator settings) or a CSV the user
 * loaded, parsed by the engine so the panel can preview it and list bad rows.
 */
import { createStore } from 'zustand/vanilla';
import type { Dataset, Diagnostic } from '../../../engine/index.js';
import type { DataSpec } from '../../../session/protocol.js';
import { loadDataSpec } from '../../../session/data.js';

export interface DataState {
  spec: DataSpec | null;
  dataset: Dataset | null;
  /** Problems of the last file the user tried to load (the previous data stays). */
  diagnostics: Diagnostic[];
  /** Bumped when the data changes (a training session must be set up again). */
  version: number;
  /** The document names a CSV that has to be loaded again (its rows are not stored in the file). */
  missingFile: string | null;
}

export const createDataStore = () =>
  createStore<DataState>(() => ({ spec: null, dataset: null, diagnostics: [], version: 0, missingFile: null }));
export type DataStore = ReturnType<typeof createDataStore>;

/** Loads `spec`; on failure keeps the current data and records the problems. Returns success. */
export function loadData(store: DataStore, spec: DataSpec): boolean {
  const loaded = loadDataSpec(spec);
  if (!loaded.ok) {
    store.setState({ diagnostics: loaded.diagnostics });
    return false;
  }
  store.setState((s) => ({ spec, dataset: loaded.value, diagnostics: [], version: s.version + 1, missingFile: null }));
  return true;
}

/** The `data.source` a document records for a spec: `builtin:NAME` or the file name. */
export function sourceName(spec: DataSpec): string {
  return spec.kind === 'builtin' ? `builtin:${spec.name}` : spec.name;
}

/** The spec a document's `data.source` asks for, when it can be rebuilt without a file. */
export function specFromSource(
  source: string | undefined,
  options: { samples?: number; noise?: number; seed?: number } = {},
): DataSpec | null {
  if (!source?.startsWith('builtin:')) return null;
  const [name, query] = source.slice('builtin:'.length).split('?');
  const params = new URLSearchParams(query ?? '');
  const num = (k: string) => (params.has(k) ? Number(params.get(k)) : undefined);
  return {
    kind: 'builtin',
    name,
    samples: num('samples') ?? options.samples,
    noise: num('noise') ?? options.noise,
    seed: num('seed') ?? options.seed,
  };
}
