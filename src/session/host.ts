/**
 * The worker's side of the protocol, independent of the Worker API so tests can drive it in
 * Node: commands in, messages out, training in slices with a zero-delay yield between them and
 * progress at a steady rate.
 */
import { DivergenceError } from '../engine/index.js';
import type { ClientMessage, Progress, WorkerMessage } from './protocol.js';
import { DataCache } from './data.js';
import { TrainingSession } from './session.js';

export const SLICE_MS = 30;
export const PROGRESS_MS = 100;

export interface HostIO {
  post(message: WorkerMessage, transfer: ArrayBuffer[]): void;
  /** Calls `fn` again as soon as possible, after pending messages. */
  yieldThen(fn: () => void): void;
  now(): number;
}

export class TrainingHost {
  private session: TrainingSession | null = null;
  private running = false;
  private lastPost = 0;
  private readonly data = new DataCache();

  constructor(private readonly io: HostIO) {}

  private post(message: WorkerMessage): void {
    const transfer: ArrayBuffer[] = [];
    const p: Progress | undefined = 'progress' in message ? message.progress : undefined;
    // Only arrays made for this message move; views (boundary, curve) are reused between reports and are copied.
    if (p) transfer.push(p.edgeGradients.buffer as ArrayBuffer, p.edgeActivations.buffer as ArrayBuffer);
    this.io.post(message, transfer);
  }

  private postWeights(): void {
    if (this.session) this.post({ type: 'weights', weights: this.session.executor.exportWeights() });
  }

  private stop(): void {
    this.running = false;
    this.session?.pause();
  }

  private diverged(e: DivergenceError): void {
    this.running = false;
    this.session!.pause();
    this.post({ type: 'diverged', message: e.message, report: e.report, progress: this.session!.progress(true) });
    this.postWeights();
  }

  private loop = (): void => {
    const session = this.session;
    if (!this.running || !session) return;
    try {
      // The gradients into the data blocks are only computed for a slice that a report follows.
      const reportDue = this.io.now() + SLICE_MS - this.lastPost >= PROGRESS_MS;
      const done = session.runFor(SLICE_MS, reportDue);
      if (done) {
        this.running = false;
        this.post({ type: 'finished', reason: done, progress: session.progress(true) });
        this.postWeights();
        return;
      }
    } catch (e) {
      if (e instanceof DivergenceError) return this.diverged(e);
      this.running = false;
      this.post({ type: 'error', message: `training stopped: ${(e as Error).message}` });
      return;
    }
    const now = this.io.now();
    if (now - this.lastPost >= PROGRESS_MS) {
      this.lastPost = now;
      this.post({ type: 'progress', progress: session.progress() });
    }
    this.io.yieldThen(this.loop);
  };

  handle(message: ClientMessage): void {
    try {
      this.dispatch(message);
    } catch (e) {
      this.running = false;
      this.post({ type: 'error', message: (e as Error).message });
    }
  }

  private dispatch(message: ClientMessage): void {
    if (message.type === 'setup') {
      this.stop();
      const created = TrainingSession.create(message.setup, () => this.io.now(), this.data);
      if (!created.ok) {
        this.session = null;
        this.post({ type: 'invalid', diagnostics: created.diagnostics });
        return;
      }
      this.session = created.session;
      this.post({ type: 'ready', info: this.session.info, progress: this.session.progress(true) });
      return;
    }
    const session = this.session;
    if (!session) {
      this.post({ type: 'error', message: 'no training session: load data and a valid graph first' });
      return;
    }
    switch (message.type) {
      case 'run':
        if (this.running) return;
        if (session.trainer.finished) {
          this.post({ type: 'finished', reason: 'epochs', progress: session.progress(true) });
          return;
        }
        this.running = true;
        this.lastPost = this.io.now();
        this.io.yieldThen(this.loop);
        return;
      case 'pause':
        this.stop();
        this.post({ type: 'progress', progress: session.progress(true) });
        this.postWeights();
        return;
      case 'step':
        this.stop();
        try {
          session.step();
        } catch (e) {
          if (e instanceof DivergenceError) return this.diverged(e);
          throw e;
        }
        this.post({ type: 'progress', progress: session.progress(true) });
        this.postWeights();
        return;
      case 'reset':
        this.stop();
        session.reset(message.seed, message.keep);
        this.post({ type: 'progress', progress: session.progress(true) });
        this.postWeights();
        return;
      case 'configure':
        session.configure(message.config);
        return;
      case 'watch':
        session.watch(message.nodeId);
        if (!this.running) this.post({ type: 'progress', progress: session.progress() });
        return;
      case 'gradcheck':
        this.post({ type: 'gradcheck', result: session.gradcheck() });
        return;
      case 'trace':
        this.stop();
        this.post({ type: 'trace', trace: session.trace() });
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
