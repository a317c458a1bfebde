/**
 * Hints: what the numbers of the last batch suggest about a block, as short sentences per node.
 * What a block's own numbers mean is its definition's `hint` (a saturated sigmoid, dead ReLU
 * units); vanishing and exploding weight gradients apply to every block with weights and are
 * judged here.
 */
import type { CompiledGraph, CompiledNode, Executor, Tensor } from '../engine/index.js';
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
    if (steps > 0 && layers.includes(node.id)) {
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
