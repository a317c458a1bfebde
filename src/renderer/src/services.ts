/**
 * Creates the app's services and keeps them in step: a newly loaded document brings its data
 * set and starts a fresh session (set up at once for a trained document, to show its history and
 * output); editing the graph while training is paused re-validates it
 * (weights of unchanged blocks are kept, they live in the document); the selected block is the
 * one the worker reports on in detail.
 */
import type { Dataset } from '../../engine/index.js';
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

  const offEditor = editor.subscribe((s) => {
    // First: edited weights reach the session before a change of structure pauses it.
    if (s.loadVersion === loadVersion) training.syncWeights();
    if (s.loadVersion !== loadVersion) {
      loadVersion = s.loadVersion;
      structure = s.structureVersion;
      training.discard();
      training.restoreHistory();
      loadDocumentData(services);
      return;
    }
    if (s.structureVersion !== structure) {
      structure = s.structureVersion;
      const status = training.store.getState().status;
      if (status === 'idle') return;
      if (status === 'running') training.pause();
      clearTimeout(timer);
      timer = setTimeout(() => training.setup([]), revalidateDelayMs);
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
    const { status, history } = training.store.getState();
    // A reopened trained graph gets its session (and so its output views) as soon as its data is there.
    if (d.version !== before.version && (status !== 'idle' || history.length > 0)) {
      if (training.store.getState().status === 'running') training.pause();
      training.setup([]);
    }
  });
  return () => {
    clearTimeout(timer);
    offEditor();
    offData();
  };
}
