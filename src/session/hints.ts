/**
 * Hints: short sentences where a newcomer gets stuck, as phrases (catalogue group `hints`) the UI
 * tells in the user's language. Per block, from the numbers of the last
 * batch: what a block's own numbers mean is its definition's `hint` (a saturated sigmoid, dead
 * ReLU units); vanishing and exploding weight gradients apply to every block with weights and are
 * judged here. For the run: a loss that stopped moving, and unscaled inputs when a run diverges.
 */
import {
  type BoundData,
  type CompiledGraph,
  type CompiledNode,
  type EpochResult,
  type Executor,
  type Phrase,
  phrase,
  type Tensor,
  type TrainingConfig,
} from '../engine/index.js';
import { rms } from './stats.js';

export interface HintInput {
  graph: CompiledGraph;
  executor: Executor;
  /** Nodes with parameters. */
  layers: readonly string[];
  /** Updates made so far (gradients mean nothing before the first). */
  steps: number;
  /** Mean loss of the last batch. */
  lastLoss: number;
}

/** The target a node's output is compared with, when it feeds a loss's `pred` port and matches its shape. */
function targetOf(graph: CompiledGraph, node: CompiledNode, ex: Executor): Tensor | null {
  const out = ex.output(node.id);
  for (const c of node.consumers) {
    const loss = graph.nodes[c.node];
    if (loss.def.category !== 'loss' || c.port !== 0) continue;
    const target = ex.output(graph.nodes[loss.inputs[1].source].id);
    if (target.rows === out.rows && target.cols === out.cols) return target;
  }
  return null;
}

export function blockHints({ graph, executor: ex, layers, steps, lastLoss }: HintInput): Record<string, Phrase[]> {
  const hints: Record<string, Phrase[]> = {};
  const add = (id: string, hint: Phrase) => (hints[id] ??= []).push(hint);
  for (const node of graph.nodes) {
    const hint = node.def.hint?.({ params: node.params, out: ex.output(node.id), target: targetOf(graph, node, ex) });
    if (hint) add(node.id, hint);
    // A frozen block is not meant to learn: its gradient's size is no advice (it still flows through).
    if (steps > 0 && node.trainable && layers.includes(node.id)) {
      for (const p of Object.values(ex.nodeWeights(node.id))) {
        if (p.name !== 'W') continue;
        const g = rms(p.grad);
        const w = rms(p.value);
        if (g < 1e-7 * Math.max(w, 1e-3) && lastLoss > 1e-3)
          add(node.id, phrase('hints.vanishing', { norm: g.toExponential(1), block: node.id }));
        if (g > 1e3) add(node.id, phrase('hints.exploding', { norm: g.toExponential(1) }));
      }
    }
  }
  return hints;
}

/** A loss that moved less than this (relative) over PLATEAU_EPOCHS epochs has stopped moving. */
const PLATEAU_CHANGE = 1e-3;
/** Weights whose norm is below this (‖w‖₂, or ‖w‖₁ with L1 alone) are held at 0 by the penalty. */
const NEAR_ZERO_WEIGHTS = 1e-3;
export const PLATEAU_EPOCHS = 25;
/** Losses at or below this are taken as trained, not stuck. */
const TRAINED_LOSS = 1e-3;
/** Raw inputs beyond this magnitude want standardising before training. */
const UNSCALED_INPUT = 10;

const short = (x: number) => Number(x.toPrecision(3)).toString();

/** Hints about the run so far: a plateau of the training loss that is not a finished fit. */
export function runHints(history: readonly EpochResult[], config: TrainingConfig): Phrase[] {
  if (history.length < PLATEAU_EPOCHS) return [];
  const recent = history.slice(-PLATEAU_EPOCHS);
  const last = recent[recent.length - 1];
  if (last.loss <= TRAINED_LOSS || last.accuracy === 1) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const e of recent) {
    if (e.loss < lo) lo = e.loss;
    if (e.loss > hi) hi = e.loss;
  }
  if (hi - lo > PLATEAU_CHANGE * Math.abs(last.loss)) return [];
  // Weight decay or L1 strong enough to hold the weights at 0 flattens the loss too: the penalty
  // bounds the weights (Σw² ≤ 2·penalty/λ, Σ|w| ≤ penalty/λ₁), and both bounds are tiny.
  const p = last.penalty;
  const penalty =
    p !== undefined &&
    (config.weightDecay > 0
      ? (2 * p) / config.weightDecay < NEAR_ZERO_WEIGHTS ** 2
      : p / config.l1 < NEAR_ZERO_WEIGHTS);
  const advice = penalty
    ? phrase('hints.smallerPenalty', {
        penalty: phrase(config.weightDecay > 0 ? 'hints.weightDecay' : 'hints.l1Penalty'),
        value: short(last.penalty!),
      })
    : phrase(config.optimizer === 'adam' || config.optimizer === 'adamw' ? 'hints.largerLr' : 'hints.largerLrOrAdam');
  return [phrase('hints.plateau', { count: PLATEAU_EPOCHS, loss: short(last.loss), advice })];
}

/**
 * How far unstandardised inputs reach (as the advice writes it), when that may be why a run
 * diverged: the UI then advises standardising them (training.diverged.advice).
 */
export function unscaledInputRange(data: BoundData, standardized: boolean): string | null {
  if (standardized) return null;
  let max = 0;
  for (const input of data.inputs) for (const v of input.values) if (Math.abs(v) > max) max = Math.abs(v);
  return max > UNSCALED_INPUT ? short(max) : null;
}
