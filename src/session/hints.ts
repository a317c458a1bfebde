/**
 * Hints: short sentences where a newcomer gets stuck. Per block, from the numbers of the last
 * batch: what a block's own numbers mean is its definition's `hint` (a saturated sigmoid, dead
 * ReLU units); vanishing and exploding weight gradients apply to every block with weights and are
 * judged here. For the run: a loss that stopped moving, and unscaled inputs when a run diverges.
 */
import type {
  BoundData,
  CompiledGraph,
  CompiledNode,
  EpochResult,
  Executor,
  Tensor,
  TrainingConfig,
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

export function blockHints({ graph, executor: ex, layers, steps, lastLoss }: HintInput): Record<string, string[]> {
  const hints: Record<string, string[]> = {};
  const add = (id: string, text: string) => (hints[id] ??= []).push(text);
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
          add(node.id, `vanishing gradient: ‖∂L/∂W‖ is ${g.toExponential(1)} per weight, so ${node.id} barely learns`);
        if (g > 1e3)
          add(node.id, `exploding gradient: ‖∂L/∂W‖ is ${g.toExponential(1)} per weight; lower the learning rate`);
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
export function runHints(history: readonly EpochResult[], config: TrainingConfig): string[] {
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
    ? `try a smaller ${config.weightDecay > 0 ? 'weight decay' : 'L1 penalty'}: the penalty keeps the weights near 0 (it is ${short(last.penalty!)})`
    : config.optimizer === 'adam' || config.optimizer === 'adamw'
      ? 'try a larger learning rate'
      : 'try a larger learning rate or Adam';
  return [
    `the loss has not changed for ${PLATEAU_EPOCHS} epochs (it stays at ${short(last.loss)}): if it should go lower, ${advice}`,
  ];
}

/** How far unstandardised inputs reach (as the advice writes it), when that may be why a run diverged. */
export function unscaledInputRange(data: BoundData, standardized: boolean): string | null {
  if (standardized) return null;
  let max = 0;
  for (const input of data.inputs) for (const v of input.values) if (Math.abs(v) > max) max = Math.abs(v);
  return max > UNSCALED_INPUT ? short(max) : null;
}

/** Why a run may have diverged that the user can fix: inputs far from 0 that are not standardised. */
export function divergenceAdvice(data: BoundData, standardized: boolean): string | null {
  const range = unscaledInputRange(data, standardized);
  return range === null
    ? null
    : `The inputs range up to ${range}: tick "standardise inputs" in the Data panel so that they are on a scale of about 1.`;
}
