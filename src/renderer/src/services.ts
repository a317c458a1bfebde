/**
 * Creates the app's services and keeps them in step: a newly loaded document brings its data
 * set and starts a fresh session; whenever there is data and a graph without errors, a session
 * is set up, so that what the network computes (output views, truth table, loss) shows without
 * Train and follows every edit: weights reach the session as they are edited, a change of
 * structure or of the data sets it up again (weights of unchanged blocks are kept, they live in
 * the document); the selected block is the one the worker reports on in detail.
 */
import { type Dataset, findBlock, isError } from '../../engine/index.js';
import type { Services } from './context.js';
import { asRecorded } from './data/apply.js';
import { createDataStore, loadIntoStore, specFromSource } from './data/store.js';
import { createEditorStore } from './editor/store.js';
import { exampleDataFile } from './editor/templates.js';
import type { Platform } from './platform/index.js';
import { TrainingClient, type WorkerLike } from './training/client.js';
import { createTrainingStore } from './training/store.js';

export function createServices(platform: Platform, createWorker?: () => WorkerLike): Services {
  const editor = createEditorStore();
  const data = createDataStore();
  const training = new TrainingClient(editor, data, createTrainingStore(), createWorker);
  return { editor, platform, data, training };
}

/** Loads the data a document names, if it is built in; else notes the file to load again. */
export function loadDocumentData(services: Services): void {
  const info = services.editor.getState().meta.data;
  const source = info?.source;
  const builtin = specFromSource(source);
  const bundled = source ? exampleDataFile(source) : null;
  if (builtin && !builtin.ok)
    services.data.setState({ missingFile: null, spec: null, dataset: null, diagnostics: builtin.diagnostics });
  else if (builtin) loadIntoStore(services.data, builtin.spec);
  else if (bundled)
    loadIntoStore(services.data, asRecorded(info, { kind: 'csv', name: bundled.name, text: bundled.text }));
  else if (source) services.data.setState({ missingFile: source, spec: null, dataset: null, diagnostics: [] });
  else services.data.setState({ missingFile: null });
}

export function connectServices(services: Services, revalidateDelayMs = 250): () => void {
  const { editor, training } = services;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let loadVersion = editor.getState().loadVersion;
  let structure = editor.getState().structureVersion;
  let selected: string | null = null;
  /**
   * Whether the session should follow the graph and data now: with data, once there is a
   * session or a run history to show, or as soon as the graph has no errors.
   */
  /** Whether a session has trained (or trains): it follows every edit, and says when the graph cannot train. */
  const trained = () => {
    const { status, history, progress } = training.store.getState();
    return history.length > 0 || (progress?.steps ?? 0) > 0 || status === 'running' || status === 'invalid';
  };
  const live = () => {
    if (!services.data.getState().dataset) return false;
    if (trained()) return true;
    // Untrained, a graph being built (an empty canvas, a block not wired yet) waits until it can
    // train: the editor's problems say what is missing.
    const e = editor.getState();
    return !e.analysis.diagnostics.some(isError) && e.nodes.some((n) => findBlock(n.data.type)?.category === 'loss');
  };
  const setUpSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      // (Not when a command meanwhile set it up for this graph: its queued command would be lost.)
      if (live() && !training.current) training.setup([]);
    }, revalidateDelayMs);
  };

  const offEditor = editor.subscribe((s) => {
    // First: edited weights reach the session before a change of structure pauses it.
    if (s.loadVersion === loadVersion) training.syncWeights();
    if (s.loadVersion !== loadVersion) {
      loadVersion = s.loadVersion;
      structure = s.structureVersion;
      training.discard();
      training.restoreHistory();
      const version = services.data.getState().version;
      loadDocumentData(services);
      // The same data as before (a document without its own): evaluated at once all the same.
      if (services.data.getState().version === version) setUpSoon();
      return;
    }
    if (s.structureVersion !== structure) {
      structure = s.structureVersion;
      if (live()) {
        if (training.store.getState().status === 'running') training.pause();
        setUpSoon();
      } else if (training.store.getState().status !== 'idle') {
        // What the untrained session showed is of the graph before this edit.
        clearTimeout(timer);
        training.forgetUntrained();
      }
    }
    const chosen = s.nodes.filter((n) => n.selected);
    const id = chosen.length === 1 ? chosen[0].id : null;
    if (id !== selected) {
      selected = id;
      training.watch(id);
    }
  });
  const dataColumns = (dataset: Dataset | null) =>
    dataset ? { columns: dataset.columns, targetColumns: dataset.targetColumns } : null;
  editor.getState().setDataColumns(dataColumns(services.data.getState().dataset));
  const offData = services.data.subscribe((d, before) => {
    // Input and Target blocks that name no columns take their sizes from the loaded data.
    if (d.dataset !== before.dataset) editor.getState().setDataColumns(dataColumns(d.dataset));
    // New data is evaluated at once (a reopened trained graph shows its history and output).
    if (d.version !== before.version && live()) {
      if (training.store.getState().status === 'running') training.pause();
      clearTimeout(timer);
      training.setup([]);
    }
  });
  return () => {
    clearTimeout(timer);
    offEditor();
    offData();
  };
}
