/**
 * The training session as the UI sees it: status, the run's history, the latest progress and
 * results of the gradient check and step-through. One way: worker → client → this store →
 * views. High-frequency values (edge magnitudes) are read imperatively by the canvas overlay,
 * never put into React node data.
 */
import { createStore } from 'zustand/vanilla';
import type { Divergence } from './divergence.js';
import type { Diagnostic, EpochResult, GradCheckResult } from '../../../engine/index.js';
import type {
  ClosedFormResult,
  FlowMode,
  Progress,
  SessionInfo,
  SessionStatus,
  Trace,
} from '../../../session/protocol.js';

/**
 * The session's own status (owned by the worker, see SessionStatus), plus what the UI knows
 * before there is a session: 'idle' (none yet), 'starting' (being set up), 'invalid' (the graph
 * or data cannot train).
 */
export type TrainingStatus = 'idle' | 'invalid' | 'starting' | SessionStatus;

export interface LayerGradientPoint {
  epoch: number;
  norms: Record<string, number>;
}

export interface TrainingState {
  status: TrainingStatus;
  info: SessionInfo | null;
  /** Why training cannot start (graph or data problems). */
  diagnostics: Diagnostic[];
  history: EpochResult[];
  progress: Progress | null;
  layerHistory: LayerGradientPoint[];
  /** The last report's divergence, while the status is 'diverged'. */
  divergence: Divergence | null;
  /** Why the run finished, while the status is 'finished'. */
  finishedReason: 'epochs' | 'target' | 'early' | null;
  /** What early stopping said, in the history's epoch numbering, while the status is 'finished' by it. */
  earlyStopMessage: string | null;
  /** Train was pressed on a finished run: the controls offer Reset or more epochs. */
  finishedNotice: boolean;
  /** At most this many steps a second while training; null: full speed. */
  stepsPerSecond: number | null;
  error: string | null;
  gradcheck: GradCheckResult | null;
  gradcheckRunning: boolean;
  trace: Trace | null;
  traceIndex: number;
  flow: { visible: boolean; mode: FlowMode };
  /** Linear regression solved exactly ("Solve exactly"), for the session's graph and data. */
  closedForm: ClosedFormResult | null;
  /** Whether the user asked to see it (its card, line and distance chart). */
  closedFormShown: boolean;
  /** ‖θ − θ*‖ at the end of each epoch, once solved. */
  distanceHistory: { epoch: number; distance: number }[];
  /** Whether the 2-D output view sizes its points by their gradient ‖∂Lᵢ/∂w‖. */
  examplesShown: boolean;
  /**
   * The kept run (document `runs`) that the history shows: the run being trained once recorded,
   * a restored one, or the one a reopened document's weights came from; null: none yet.
   */
  liveRunId: string | null;
}

export const initialTraining = (): TrainingState => ({
  status: 'idle',
  info: null,
  diagnostics: [],
  history: [],
  progress: null,
  layerHistory: [],
  divergence: null,
  finishedReason: null,
  earlyStopMessage: null,
  finishedNotice: false,
  stepsPerSecond: null,
  error: null,
  gradcheck: null,
  gradcheckRunning: false,
  trace: null,
  traceIndex: 0,
  flow: { visible: true, mode: 'gradients' },
  closedForm: null,
  closedFormShown: false,
  distanceHistory: [],
  examplesShown: false,
  liveRunId: null,
});

export const createTrainingStore = () => createStore<TrainingState>(() => initialTraining());
export type TrainingStore = ReturnType<typeof createTrainingStore>;

/** Keeps long histories light for the charts: at most `limit` points, evenly thinned. */
export function appendCapped<T>(list: readonly T[], items: readonly T[], limit: number): T[] {
  const next = [...list, ...items];
  if (next.length <= limit) return next;
  const out: T[] = [];
  // Every 2nd point (or more, for a long batch), so that at most `limit` remain.
  const stride = Math.max(2, Math.ceil(next.length / Math.max(1, limit - 1)));
  for (let i = 0; i < next.length; i += stride) out.push(next[i]);
  if (out[out.length - 1] !== next[next.length - 1]) out.push(next[next.length - 1]);
  return out;
}

/**
 * The latest report when it describes the editor's graph as it is now; null after an edit until
 * the session is set up again. Per-edge values are by edge position and hints by node id, so a
 * report of an older graph would put them on the wrong edges and blocks.
 */
export function reportForGraph(progress: Progress | null, graphVersion: number): Progress | null {
  return progress && progress.graphVersion === graphVersion ? progress : null;
}
