/**
 * The worker's side of the protocol, independent of the Worker API so tests can drive it in
 * Node: commands in, messages out, training in slices with a zero-delay yield between them and
 * progress at a steady rate. Every command that changes the session's status answers with a
 * progress report carrying it, so the UI's status is always the session's.
 */
import { type Dataset, DivergenceError, phrase } from '../engine/index.js';
import type { ClientMessage, Progress, WorkerMessage } from './protocol.js';
import { TrainingSession } from './session.js';

export const SLICE_MS = 30;
export const PROGRESS_MS = 100;

export interface HostIO {
  post(message: WorkerMessage, transfer: ArrayBuffer[]): void;
  /** Calls `fn` again as soon as possible, after pending messages. */
  yieldThen(fn: () => void): void;
  /** Calls `fn` after about `ms` milliseconds (for a run slowed down by a speed limit). */
  later(fn: () => void, ms: number): void;
  now(): number;
}

export class TrainingHost {
  private session: TrainingSession | null = null;
  /** The data set of the last setup that brought one, by the UI's data version. */
  private data: { version: number; dataset: Dataset } | null = null;
  private running = false;
  private lastPost = 0;
  /** At most this many steps a second (null: as fast as possible). */
  private stepsPerSecond: number | null = null;
  /** Steps the speed limit allows and that are not taken yet (fractions carry over). */
  private stepAllowance = 0;
  private lastSlice = 0;
  /** A report after weights set by hand is due (one for a burst of edits, e.g. a scrub). */
  private reportPending = false;
  /** setWeights messages taken since the last setup (the UI tells from it which of its edits a 'weights' message has). */
  private weightEdits = 0;

  constructor(private readonly io: HostIO) {}

  private post(message: WorkerMessage): void {
    const transfer: ArrayBuffer[] = [];
    const p: Progress | undefined = 'progress' in message ? message.progress : undefined;
    // Only arrays made for this message move; views (boundary, curve) are reused between reports and are copied.
    if (p) transfer.push(p.edgeGradients.buffer as ArrayBuffer, p.edgeActivations.buffer as ArrayBuffer);
    this.io.post(message, transfer);
  }

  private postProgress(forceViews: boolean): void {
    if (this.session) this.post({ type: 'progress', progress: this.session.progress(forceViews) });
  }

  /** A report with fresh views soon, once for all the commands that arrive meanwhile. */
  private reportSoon(): void {
    if (this.reportPending) return;
    this.reportPending = true;
    const session = this.session;
    this.io.later(() => {
      this.reportPending = false;
      if (session && this.session === session) this.post({ type: 'progress', progress: session.progress(true) });
    }, 0);
  }

  private postWeights(): void {
    if (this.session)
      this.post({ type: 'weights', weights: this.session.executor.exportWeights(), editsApplied: this.weightEdits });
  }

  private stop(): void {
    this.running = false;
    this.session?.pause();
  }

  private diverged(): void {
    this.running = false;
    this.post({ type: 'diverged', progress: this.session!.progress(true) });
    this.postWeights();
  }

  private loop = (): void => {
    const session = this.session;
    if (!this.running || !session) return;
    let maxSteps = Infinity;
    if (this.stepsPerSecond !== null) {
      const now = this.io.now();
      // Never more than one slice's worth saved up, so a pause does not turn into a burst.
      this.stepAllowance = Math.min(
        this.stepAllowance + ((now - this.lastSlice) * this.stepsPerSecond) / 1000,
        Math.max(1, (SLICE_MS * this.stepsPerSecond) / 1000),
      );
      this.lastSlice = now;
      maxSteps = Math.floor(this.stepAllowance);
      if (maxSteps < 1) {
        this.io.later(this.loop, ((1 - this.stepAllowance) * 1000) / this.stepsPerSecond);
        return;
      }
      this.stepAllowance -= maxSteps;
    }
    try {
      // The gradients into the data blocks are only computed for a slice that a report follows.
      const reportDue = this.io.now() + SLICE_MS - this.lastPost >= PROGRESS_MS || maxSteps !== Infinity;
      const done = session.runFor(SLICE_MS, reportDue, maxSteps);
      if (done) {
        this.running = false;
        this.post({ type: 'finished', progress: session.progress(true) });
        this.postWeights();
        return;
      }
    } catch (e) {
      if (e instanceof DivergenceError) return this.diverged();
      this.stop();
      this.post({
        type: 'error',
        message: phrase('trainingSession.stopped', { reason: (e as Error).message }),
        progress: session.progress(),
      });
      return;
    }
    const now = this.io.now();
    // A slowed-down run reports every step (up to 10 a second), so that the charts and the gradient animation follow it.
    const interval = this.stepsPerSecond === null ? PROGRESS_MS : Math.min(PROGRESS_MS, 1000 / this.stepsPerSecond);
    if (now - this.lastPost >= interval) {
      this.lastPost = now;
      this.postProgress(false);
    }
    this.io.yieldThen(this.loop);
  };

  handle(message: ClientMessage): void {
    try {
      this.dispatch(message);
    } catch (e) {
      this.stop();
      if (message.type === 'setup') this.session = null;
      this.post({
        type: 'error',
        message: phrase('trainingSession.error', { reason: (e as Error).message }),
        ...(this.session ? { progress: this.session.progress() } : {}),
        ...(message.type === 'setup' ? { setup: true as const } : {}),
      });
    }
  }

  private dispatch(message: ClientMessage): void {
    if (message.type === 'setup') {
      this.stop();
      this.weightEdits = 0;
      const { data } = message.setup;
      if (data.dataset) this.data = { version: data.version, dataset: data.dataset };
      if (this.data?.version !== data.version) {
        this.session = null;
        this.post({
          type: 'error',
          message: phrase('trainingSession.noData', { version: data.version }),
          setup: true,
        });
        return;
      }
      const created = TrainingSession.create(message.setup, this.data.dataset, () => this.io.now());
      if (!created.ok) {
        this.session = null;
        this.post({ type: 'invalid', diagnostics: created.diagnostics });
        return;
      }
      this.session = created.session;
      this.post({ type: 'ready', info: this.session.info, progress: this.session.progress(true) });
      return;
    }
    if (message.type === 'speed') {
      this.stepsPerSecond = message.stepsPerSecond;
      this.stepAllowance = 0;
      this.lastSlice = this.io.now();
      return;
    }
    const session = this.session;
    if (!session) {
      this.post({ type: 'error', message: phrase('trainingSession.noSession') });
      return;
    }
    switch (message.type) {
      case 'run':
        if (this.running) return;
        if (session.settle()) {
          // Nothing to train: the report says so (the status is 'finished'), and the UI offers what to do.
          this.post({ type: 'finished', progress: session.progress(true) });
          return;
        }
        this.running = true;
        this.lastPost = this.io.now();
        this.lastSlice = this.io.now();
        this.stepAllowance = 1;
        session.start();
        this.postProgress(false);
        this.io.yieldThen(this.loop);
        return;
      case 'pause':
        this.stop();
        this.postProgress(true);
        this.postWeights();
        return;
      case 'step':
        this.stop();
        try {
          session.step();
        } catch (e) {
          if (e instanceof DivergenceError) return this.diverged();
          throw e;
        }
        this.postProgress(true);
        this.postWeights();
        return;
      case 'reset':
        this.stop();
        session.reset(message.seed, message.keep);
        this.postProgress(true);
        this.postWeights();
        return;
      case 'setWeights': {
        this.weightEdits++;
        const result = session.setWeights(message.edits);
        if (!result.ok) {
          this.post({ type: 'error', message: result.message, progress: session.progress() });
          return;
        }
        this.reportSoon();
        return;
      }
      case 'configure':
        session.configure(message.config);
        if (!this.running) this.postProgress(false);
        return;
      case 'watch':
        session.watch(message.nodeId);
        if (!this.running) this.postProgress(false);
        return;
      case 'gradcheck':
        this.post({ type: 'gradcheck', result: session.gradcheck() });
        return;
      case 'trace':
        this.stop();
        this.post({ type: 'trace', trace: session.trace() });
        this.postProgress(false);
        return;
      case 'export':
        this.post({ type: 'exported', document: session.trainer.exportDocument() });
        return;
      case 'solve':
        this.post({ type: 'solved', result: session.solve() });
        if (!this.running) this.post({ type: 'progress', progress: session.progress(true) });
        return;
      case 'examples':
        session.showExamples(message.on);
        if (!this.running) this.post({ type: 'progress', progress: session.progress(true) });
    }
  }
}
