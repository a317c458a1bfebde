/**
 * The UI side of training: sets up a session in the worker from the editor's document, the
 * loaded data and the document's training settings; forwards commands; turns worker messages
 * into training-store updates; writes trained weights back into the document (so saving keeps
 * them, and editing a block drops only that block's weights).
 */
import type { StoreApi } from 'zustand';
import {
  createRun,
  dataSeedOf,
  graphFingerprint,
  handSetNodeIds,
  initSeedOf,
  resolveTraining,
  runSettings,
  runWithWeights,
  withRun,
  type Diagnostic,
  type EarlyStop,
  type GraphDocument,
  type RunPoint,
  type RunRecord,
  type TrainingConfig,
} from '../../../engine/index.js';
import type { DataStore } from '../data/store.js';
import type { EditorState } from '../editor/store.js';
import type { ClientMessage, Progress, SessionSetup, WorkerMessage } from '../../../session/protocol.js';
import { i18n, say, t } from '../i18n.js';
import { toast } from '../ui.js';
import { describeDivergence } from './divergence.js';
import { appendCapped, initialTraining, type TrainingState, type TrainingStore } from './store.js';
import { blockWeights } from '../editor/weights.js';
import { unchangedExact, WeightSync, withEdits } from './weight-sync.js';

export interface WorkerLike {
  postMessage(message: ClientMessage): void;
  onmessage: ((event: MessageEvent<WorkerMessage>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

export const createTrainingWorker = (): WorkerLike =>
  new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'training' }) as unknown as WorkerLike;

const LAYER_HISTORY_LIMIT = 2000;
/**
 * The run's loss/accuracy history is thinned evenly beyond this many epochs (the last is always
 * kept): a fast run (XOR: thousands of epochs a second) otherwise grows it without bound, and
 * copying it for every progress report takes the page's whole time within a minute; it also
 * keeps a run of millions of epochs light for the charts and the saved document.
 */
export const HISTORY_LIMIT = 20_000;

/**
 * Whether two runs' settings train alike: all but how long (epochs, the target loss), so that
 * "more epochs" on a finished run goes on with the same run.
 */
function sameCourse(a: RunRecord['settings'], b: RunRecord['settings']): boolean {
  const { epochs: _e1, targetLoss: _t1, ...x } = a;
  const { epochs: _e2, targetLoss: _t2, ...y } = b;
  const text = (o: object) => JSON.stringify(Object.entries(o).sort(([k1], [k2]) => (k1 < k2 ? -1 : 1)));
  return text(x) === text(y);
}

export class TrainingClient {
  private worker: WorkerLike | null = null;
  /** What the current session was built from; a change means it must be set up again. */
  private builtFrom: {
    structure: number;
    data: number;
    standardize: boolean;
    split: number;
    dataSeed: number;
  } | null = null;
  private afterSetup: ClientMessage[] = [];
  /**
   * Setups sent and not answered yet: the worker answers each in order ('ready', 'invalid', or an
   * error), so an answer while a later setup is pending is of a graph already replaced — it must
   * not drop the later setup's queued commands.
   */
  private setupsPending = 0;
  /** The data version the worker holds (it keeps the data set of its last setup). */
  private workerData: number | null = null;
  private exportWaiters: ((doc: GraphDocument) => void)[] = [];
  /** Epochs already in the history when the current session started (its epochs continue the count). */
  private epochOffset = 0;
  /** The selected block, watched again by every new session. */
  private watching: string | null = null;
  /** Which of the document's weights the session holds (the user's edits are the difference). */
  private readonly weights = new WeightSync();
  private resetting = false;
  /**
   * The run the history's epochs after `from` belong to: `id` once recorded in the document's
   * runs (`frozen`: a restored or reopened run, which new epochs do not change: they make a new
   * run that continues it); `recordedUpTo` is the last epoch recorded.
   */
  private live: { id: string | null; from: number; recordedUpTo: number; frozen: boolean } = {
    id: null,
    from: 0,
    recordedUpTo: 0,
    frozen: false,
  };
  /**
   * The hand-set (`manual`) blocks of the document the session was built from. A block becomes
   * manual with its first edit without a new setup; a Reset re-initialises by the document's
   * initialisations, so after such a change it sets the session up again instead.
   */
  private builtManual = '';
  /**
   * What this client put into the store in words (the error, as `tell` says it: the worker's
   * failure or the session's; the missing data), so that a change of language tells it again;
   * the early stop is told again from the progress.
   */
  private told: { error: string | null; tell: () => string; noData: Diagnostic | null } = {
    error: null,
    tell: () => '',
    noData: null,
  };

  constructor(
    private readonly editor: StoreApi<EditorState>,
    private readonly data: DataStore,
    readonly store: TrainingStore,
    private readonly createWorker: () => WorkerLike = createTrainingWorker,
  ) {
    i18n.on('languageChanged', () => this.retell());
  }

  /** The words this client put into the store, in the language just chosen. */
  private retell(): void {
    const s = this.store.getState();
    const outcome = s.progress?.outcome;
    const patch: Partial<TrainingState> = {};
    if (s.earlyStopMessage !== null && outcome?.kind === 'finished' && outcome.earlyStop)
      patch.earlyStopMessage = this.describeEarlyStop(outcome.earlyStop);
    if (s.error !== null && s.error === this.told.error) patch.error = this.told.error = this.told.tell();
    const noData = this.told.noData;
    if (noData && s.diagnostics.includes(noData)) {
      const again = this.noDataDiagnostic();
      patch.diagnostics = s.diagnostics.map((d) => (d === noData ? again : d));
    }
    if (Object.keys(patch).length > 0) this.store.setState(patch);
  }

  /**
   * "stopped early at epoch 37: no validation improvement for 10 epochs; best weights from epoch
   * 27 kept" in the user's language, the epochs numbered on from the history's (as the engine's
   * `describeEarlyStop` words it for logs and the CLI).
   */
  private describeEarlyStop(s: Pick<EarlyStop, 'epoch' | 'patience' | 'bestEpoch' | 'restored'>): string {
    const best = s.bestEpoch + this.epochOffset;
    return t('trainingRun.earlyStop', {
      epoch: s.epoch + this.epochOffset,
      count: s.patience,
      kept: s.restored ? t('trainingRun.keptBest', { epoch: best }) : t('trainingRun.keptLast', { epoch: best }),
    });
  }

  /** An error's text now, remembered with how to tell it again in another language. */
  private tellError(tell: () => string): string {
    this.told.tell = tell;
    this.told.error = tell();
    return this.told.error;
  }

  /** The problem of training without data, in the user's language (it never reaches a log or the CLI). */
  private noDataDiagnostic(): Diagnostic {
    this.told.noData = { code: 'data', severity: 'error', where: 'data', message: t('trainingRun.noData') };
    return this.told.noData;
  }

  /** The document's training settings with defaults. */
  config(): TrainingConfig {
    return resolveTraining(this.editor.getState().meta.training);
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.createWorker();
    worker.onmessage = (e) => this.receive(e.data);
    // The session died with the worker: the next command starts a new one.
    worker.onerror = (e) => {
      this.forgetWorker();
      this.store.setState({
        status: 'idle',
        error: this.tellError(() => t('trainingRun.workerFailed', { message: e.message })),
      });
    };
    this.worker = worker;
    this.workerData = null;
    const speed = this.store.getState().stepsPerSecond;
    if (speed !== null) worker.postMessage({ type: 'speed', stepsPerSecond: speed });
    return worker;
  }

  private forgetWorker(): void {
    this.worker?.terminate();
    this.worker = null;
    this.workerData = null;
    this.builtFrom = null;
    this.afterSetup = [];
    this.setupsPending = 0;
  }

  private send(message: ClientMessage): void {
    this.ensureWorker().postMessage(message);
  }

  private fingerprint() {
    const meta = this.editor.getState().meta;
    return {
      structure: this.editor.getState().structureVersion,
      data: this.data.getState().version,
      standardize: !!meta.data?.standardize,
      split: meta.training?.validationSplit ?? 0,
      // The data seed draws the split, which the session's standardisation and views are of.
      dataSeed: dataSeedOf(resolveTraining(meta.training)),
    };
  }

  /** Whether the running session still matches the graph and data. */
  get current(): boolean {
    const f = this.fingerprint();
    const b = this.builtFrom;
    return (
      !!b &&
      b.structure === f.structure &&
      b.data === f.data &&
      b.standardize === f.standardize &&
      b.split === f.split &&
      b.dataSeed === f.dataSeed
    );
  }

  /** (Re)builds the session; queued commands run once it is ready. Returns false without data. */
  setup(then: ClientMessage[] = []): boolean {
    const { dataset, version } = this.data.getState();
    if (!dataset) {
      this.store.setState({ status: 'invalid', diagnostics: [this.noDataDiagnostic()] });
      return false;
    }
    const doc = this.editor.getState().document();
    const worker = this.ensureWorker();
    const setup: SessionSetup = {
      graphVersion: this.editor.getState().structureVersion,
      document: doc,
      // The data set was parsed once, by the data store; it travels only when the worker lacks it.
      data: this.workerData === version ? { version } : { version, dataset },
      standardize: !!doc.data?.standardize,
      config: this.config(),
    };
    this.builtFrom = this.fingerprint();
    this.builtManual = handSetNodeIds(doc).join('\u0000');
    const editor = this.editor.getState();
    this.weights.built(editor.nodes, editor.analysis.params, editor.meta);
    this.afterSetup = then;
    this.workerData = version;
    // Set up to follow the graph (no command queued), the status stays until the session's own
    // comes: 'starting' would show Train as Pause for a run nobody asked for.
    this.store.setState({
      ...(then.length > 0 ? { status: 'starting' as const } : {}),
      diagnostics: [],
      error: null,
      finishedNotice: false,
    });
    this.setupsPending++;
    worker.postMessage({ type: 'setup', setup });
    return true;
  }

  /** Train (setting up first when the graph or data changed); on a finished run, says so instead. */
  run(): void {
    if (this.current && this.store.getState().status === 'finished') {
      this.store.setState({ finishedNotice: true });
      return;
    }
    this.store.setState({ finishedNotice: false });
    if (!this.current) this.setup([{ type: 'run' }]);
    else this.send({ type: 'run' });
  }

  pause(): void {
    this.send({ type: 'pause' });
  }

  step(): void {
    this.store.setState({ finishedNotice: false });
    if (!this.current) this.setup([{ type: 'step' }]);
    else this.send({ type: 'step' });
  }

  /**
   * Re-initialises the weights from `seed` and clears the run's history. Hand-set weights
   * (`init: "manual"` blocks) stay as they are unless `keepHandSet` is false.
   */
  reset(seed = initSeedOf(this.config()), { keepHandSet = true } = {}): void {
    const keep = keepHandSet ? handSetNodeIds(this.editor.getState().document()) : [];
    this.epochOffset = 0;
    // The next Train is a new run.
    this.live = { id: null, from: 0, recordedUpTo: 0, frozen: false };
    this.store.setState({
      history: [],
      layerHistory: [],
      distanceHistory: [],
      finishedNotice: false,
      gradcheck: null,
      trace: null,
      liveRunId: null,
    });
    // A reset is no edit of weights: the session re-initialises the same ones.
    this.resetting = true;
    try {
      const editor = this.editor.getState();
      // A new seed is the weights' (the init seed): the validation rows and batch order stay.
      if (seed !== initSeedOf(this.config())) editor.setMeta({ training: { ...editor.meta.training, initSeed: seed } });
      // The stored history is of the weights Reset throws away.
      this.editor.getState().setMetrics([]);
      this.editor.getState().clearWeights(keep);
    } finally {
      this.resetting = false;
    }
    const editor = this.editor.getState();
    this.weights.built(editor.nodes, editor.analysis.params, editor.meta, false);
    const manual = handSetNodeIds(this.editor.getState().document()).join('\u0000');
    if (!this.current || manual !== this.builtManual) this.setup([]);
    else this.send({ type: 'reset', seed, keep });
  }

  /**
   * Passes weights the user edited in the document (typed, scrubbed, undone) on to the session,
   * so that what is shown, trained and saved agree: the session sets them and reports what the
   * network computes with them (a running run goes on from them). Called on every change of the
   * document. After a change of structure the edits wait for the session set up again from the
   * document, which has them.
   */
  syncWeights(): void {
    if (!this.builtFrom || this.resetting || !this.current) return;
    const s = this.editor.getState();
    const edits = this.weights.pending(s.nodes, s.analysis.params, s.meta);
    if (edits.length === 0) return;
    this.weights.sent(edits);
    this.send({ type: 'setWeights', edits });
  }

  /** Raises the epochs by `more` and trains on (the "more epochs" answer to Train on a finished run). */
  trainMore(more: number): void {
    const training = this.editor.getState().meta.training;
    this.editor.getState().setMeta({ training: { ...training, epochs: this.config().epochs + more } });
    this.configure();
    this.store.setState({ finishedNotice: false });
    this.send({ type: 'run' });
  }

  /** Sends the document's settings to the session (each takes effect as TrainingSession describes). */
  configure(): void {
    if (this.builtFrom) this.send({ type: 'configure', config: this.config() });
  }

  /** Limits training to `stepsPerSecond` steps a second (null: full speed). */
  setSpeed(stepsPerSecond: number | null): void {
    this.store.setState({ stepsPerSecond });
    if (this.worker) this.send({ type: 'speed', stepsPerSecond });
  }

  watch(nodeId: string | null): void {
    this.watching = nodeId;
    if (this.worker) this.send({ type: 'watch', nodeId });
  }

  /** "Solve exactly": linear regression's least-squares weights, shown beside the trained ones. */
  solve(): void {
    this.store.setState({ closedFormShown: true });
    if (!this.current) this.setup([{ type: 'solve' }]);
    else this.send({ type: 'solve' });
  }

  /** Sizes the 2-D output view's points by their own gradient ‖∂Lᵢ/∂w‖ (or stops). */
  showExamples(on: boolean): void {
    this.store.setState({ examplesShown: on });
    if (this.worker && this.builtFrom) this.send({ type: 'examples', on });
  }

  gradcheck(): void {
    this.store.setState({ gradcheckRunning: true, gradcheck: null });
    if (!this.current) this.setup([{ type: 'gradcheck' }]);
    else this.send({ type: 'gradcheck' });
  }

  trace(): void {
    if (!this.current) this.setup([{ type: 'trace' }]);
    else this.send({ type: 'trace' });
  }

  closeTrace(): void {
    this.store.setState({ trace: null, traceIndex: 0 });
  }

  /** The trained document (weights, normalisation, metrics) from the worker. */
  exportDocument(): Promise<GraphDocument> {
    return new Promise((resolve) => {
      this.exportWaiters.push(resolve);
      this.send({ type: 'export' });
    });
  }

  /**
   * The editor's document with the session's trained weights, data description (columns,
   * normalisation, classes) and the whole run's metric history — what Export writes, so that
   * the CLI's `predict` answers as the app does.
   */
  async trainedDocument(): Promise<GraphDocument> {
    const doc = this.editor.getState().document();
    if (!this.current || !this.hasSession) return doc;
    const exported = await this.exportDocument();
    const weights = new Map(exported.nodes.filter((n) => n.weights).map((n) => [n.id, n.weights]));
    const history = this.store.getState().history;
    return {
      ...doc,
      nodes: doc.nodes.map((n) => (weights.has(n.id) ? { ...n, weights: weights.get(n.id) } : n)),
      training: exported.training,
      data: exported.data,
      ...(history.length ? { metrics: { history } } : {}),
    };
  }

  /** Whether there is a trained session to export from. */
  get hasSession(): boolean {
    return this.builtFrom !== null && this.store.getState().status !== 'invalid';
  }

  /**
   * Takes the run history a document stores (a reopened trained graph): the charts show it, and
   * training on continues its epoch count.
   */
  restoreHistory(): void {
    const editor = this.editor.getState();
    const stored = editor.meta.metrics?.history ?? [];
    // The kept run the document's weights came from is the one the history shows.
    const end = stored.at(-1)?.epoch ?? 0;
    const run = runWithWeights(editor.meta.runs ?? [], editor.document());
    this.live = run
      ? { id: run.id, from: Math.max(0, end - run.epochs), recordedUpTo: end, frozen: true }
      : { id: null, from: end, recordedUpTo: end, frozen: false };
    this.store.setState({
      history: stored.map((e) => ({ ...e })) as TrainingState['history'],
      liveRunId: run?.id ?? null,
    });
  }

  /**
   * Restore: the kept run's final weights and settings back in the document (one undo step),
   * its curves as the history; training on makes a new run that continues it. Returns why it
   * cannot, or null.
   */
  restoreRun(id: string): string | null {
    const problem = this.editor.getState().restoreRun(id);
    if (problem) return problem;
    const run = this.editor.getState().meta.runs!.find((r) => r.id === id)!;
    const history = run.curves.map(({ gradNorm: _g, ...e }) => e) as TrainingState['history'];
    this.live = { id, from: 0, recordedUpTo: run.epochs, frozen: true };
    this.store.setState({
      history,
      layerHistory: [],
      distanceHistory: [],
      finishedNotice: false,
      liveRunId: id,
    });
    this.configure();
    return null;
  }

  /**
   * Records the run in the document's runs when weights come (a run stopped): a new run, or the
   * run being trained brought up to date while its graph, settings and data stay the same. A
   * change of any of them ends the recorded run; the epochs since make a new run continuing it.
   */
  private recordRun(): void {
    const s = this.store.getState();
    const editor = this.editor.getState();
    const doc = editor.document();
    const config = this.config();
    const runs = editor.meta.runs ?? [];
    const live = this.live;
    const previous = live.id ? runs.find((r) => r.id === live.id) : undefined;
    const same =
      previous !== undefined &&
      !live.frozen &&
      previous.fingerprint === graphFingerprint(doc) &&
      sameCourse(previous.settings, runSettings(config)) &&
      (previous.data.source ?? '') === (doc.data?.source ?? '');
    const from = same || !previous ? live.from : live.recordedUpTo;
    const epochs = s.history.filter((e) => e.epoch > from);
    if (epochs.length === 0) return;
    const norms = new Map(s.layerHistory.map((p) => [p.epoch, p.norms]));
    const curves: RunPoint[] = epochs.map((e) => {
      const layers = norms.get(e.epoch);
      const point: RunPoint = { ...e, epoch: e.epoch - from };
      if (layers) point.gradNorm = Math.sqrt(Object.values(layers).reduce((sum, n) => sum + n * n, 0));
      return point;
    });
    const weights = Object.fromEntries(doc.nodes.flatMap((n) => (n.weights ? [[n.id, n.weights]] : [])));
    const others = same ? runs.filter((r) => r.id !== previous.id) : runs;
    // The standardisation the run trained with, so that its network can be run again (fitted curves).
    const normalization = s.info?.normalization;
    const created = createRun(
      {
        document: normalization ? { ...doc, data: { ...doc.data, standardize: true, normalization } } : doc,
        config,
        curves,
        weights,
        data: {
          ...(doc.data?.source ? { source: doc.data.source } : {}),
          ...(s.info ? { trainRows: s.info.trainRows, validationRows: s.info.validationRows } : {}),
        },
        created: same ? previous.created : new Date().toISOString(),
        ...(same
          ? previous.continues
            ? { continues: previous.continues }
            : {}
          : previous
            ? { continues: previous.id }
            : {}),
      },
      others,
    );
    const run: RunRecord = same
      ? {
          ...created,
          id: previous.id,
          name: previous.name,
          color: previous.color,
          ...(previous.visible === false ? { visible: false } : {}),
        }
      : created;
    editor.setRuns(withRun(runs, run));
    this.live = { id: run.id, from, recordedUpTo: epochs.at(-1)!.epoch, frozen: false };
    this.store.setState({ liveRunId: run.id });
  }

  /**
   * Back to no session (status 'idle', no views) after an edit that leaves the graph unable to
   * train while nothing was trained: the next setup (the graph fixed, or Train) starts anew.
   */
  forgetUntrained(): void {
    this.builtFrom = null;
    this.afterSetup = [];
    this.store.setState({ status: 'idle', progress: null, info: null, diagnostics: [] });
  }

  /** Forgets the session (a new document was loaded). */
  discard(): void {
    this.forgetWorker();
    const { flow, stepsPerSecond } = this.store.getState();
    this.store.setState({ ...initialTraining(), flow, stepsPerSecond });
  }

  private receive(message: WorkerMessage): void {
    const s = this.store.getState();
    const answersSetup =
      message.type === 'ready' || message.type === 'invalid' || (message.type === 'error' && message.setup);
    if (answersSetup && this.setupsPending > 0) this.setupsPending--;
    // The answer to a setup a later one replaced: the later one's answer follows.
    if (answersSetup && this.setupsPending > 0) return;
    switch (message.type) {
      case 'ready': {
        // A session given up before it was ready (forgetUntrained) is not shown.
        if (this.builtFrom === null) return;
        this.epochOffset = s.history.at(-1)?.epoch ?? 0;
        this.store.setState({ info: message.info, diagnostics: [], closedForm: null });
        this.report(message.progress);
        const queued = this.afterSetup;
        this.afterSetup = [];
        // A new session knows nothing of the selection or the views asked for.
        if (this.watching) this.send({ type: 'watch', nodeId: this.watching });
        if (s.examplesShown) this.send({ type: 'examples', on: true });
        if (s.closedFormShown && message.info.closedForm && !queued.some((m) => m.type === 'solve'))
          this.send({ type: 'solve' });
        for (const m of queued) this.send(m);
        return;
      }
      case 'invalid':
        this.builtFrom = null;
        this.afterSetup = [];
        this.store.setState({ status: 'invalid', diagnostics: message.diagnostics, gradcheckRunning: false });
        return;
      case 'progress':
      case 'finished':
      case 'diverged': {
        const p = message.progress;
        const outcome = p.outcome;
        if (message.type === 'diverged' && outcome?.kind === 'diverged')
          toast(t('training.stopped', { message: describeDivergence(outcome, t) }), 'error', 9000);
        if (message.type === 'finished' && outcome?.kind === 'finished' && outcome.reason === 'target')
          toast(t('trainingRun.reachedTarget', { count: p.epoch + this.epochOffset }), 'success');
        if (message.type === 'finished' && outcome?.kind === 'finished' && outcome.earlyStop)
          toast(t('trainingRun.stoppedEarly', { reason: this.describeEarlyStop(outcome.earlyStop) }), 'info', 9000);
        this.report(p);
        return;
      }
      case 'weights': {
        // The weights come when a run stops: the document (and so Save) keeps them with their
        // history. Edits the session has not seen stay: its weights arrive with the user's values on top.
        const editor = this.editor.getState();
        const edits = this.weights.pending(editor.nodes, editor.analysis.params, editor.meta, true);
        // Edits sent after the session posted these weights reach it next: the document keeps them too.
        const unapplied = this.weights.received(message.weights, message.editsApplied);
        const shown = Object.fromEntries(
          editor.nodes.map((n) => [n.id, blockWeights(n, editor.analysis.params[n.id], editor.meta)?.tensors]),
        );
        editor.setWeights(withEdits(withEdits(unchangedExact(message.weights, shown), unapplied), edits));
        this.editor.getState().setMetrics(this.store.getState().history);
        this.recordRun();
        return;
      }
      case 'gradcheck':
        this.store.setState({ gradcheck: message.result, gradcheckRunning: false });
        return;
      case 'solved':
        this.store.setState({ closedForm: message.result });
        return;
      case 'trace':
        this.store.setState({
          trace: message.trace,
          traceIndex: 0,
          status: s.status === 'running' ? 'paused' : s.status,
        });
        return;
      case 'exported':
        for (const resolve of this.exportWaiters.splice(0)) resolve(message.document);
        return;
      case 'error':
        this.store.setState({ error: this.tellError(() => say(message.message)), gradcheckRunning: false });
        if (message.progress) this.report(message.progress);
    }
  }

  /**
   * Takes a report into the store: the status and what follows from it are the session's (a
   * divergence or finish reason only while the status says so), the epochs join the history.
   */
  private report(p: Progress): void {
    const s = this.store.getState();
    const outcome = p.outcome;
    this.store.setState({
      status: p.status,
      progress: p,
      history: p.epochs.length
        ? appendCapped(
            s.history,
            p.epochs.map(({ gradients: _g, ...e }) => ({ ...e, epoch: e.epoch + this.epochOffset })),
            HISTORY_LIMIT,
          )
        : s.history,
      layerHistory: p.epochs.length
        ? appendCapped(
            s.layerHistory,
            p.epochs.map((e) => ({ epoch: e.epoch + this.epochOffset, norms: e.gradients })),
            LAYER_HISTORY_LIMIT,
          )
        : s.layerHistory,
      distanceHistory: p.epochs.some((e) => e.distance !== undefined)
        ? appendCapped(
            s.distanceHistory,
            p.epochs.flatMap((e) =>
              e.distance === undefined ? [] : [{ epoch: e.epoch + this.epochOffset, distance: e.distance }],
            ),
            LAYER_HISTORY_LIMIT,
          )
        : s.distanceHistory,
      divergence:
        outcome?.kind === 'diverged'
          ? {
              message: outcome.message,
              report: outcome.report,
              epoch: outcome.epoch,
              step: outcome.step,
              keptFrom: outcome.keptFrom,
              ...(outcome.inputRange ? { inputRange: outcome.inputRange } : {}),
            }
          : null,
      finishedReason: outcome?.kind === 'finished' ? outcome.reason : null,
      earlyStopMessage:
        outcome?.kind === 'finished' && outcome.earlyStop ? this.describeEarlyStop(outcome.earlyStop) : null,
      ...(p.status === 'finished' ? {} : { finishedNotice: false }),
    });
  }
}
