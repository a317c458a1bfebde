/**
 * Hints: what the numbers of the last batch suggest about a block (a saturated sigmoid, dead
 * ReLU units, vanishing or exploding gradients), as short sentences per node.
 */
import type { CompiledGraph, Executor } from '../engine/index.js';
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

export function blockHints({ graph, executor: ex, layers, steps, lastLoss }: HintInput): Record<string, string[]> {
  const hints: Record<string, string[]> = {};
  const add = (id: string, text: string) => (hints[id] ??= []).push(text);
  for (const node of graph.nodes) {
    const out = ex.output(node.id);
    const y = out.data;
    if (node.def.type === 'sigmoid' || node.def.type === 'tanh') {
      const lo = node.def.type === 'sigmoid' ? 0.02 : -0.98;
      let saturated = 0;
      for (let i = 0; i < y.length; i++) if (y[i] < lo || y[i] > 0.98) saturated++;
      const share = saturated / Math.max(1, y.length);
      if (share > 0.5)
        add(
          node.id,
          `${node.def.title} saturated: ${Math.round(share * 100)} % of its outputs are near ${node.def.type === 'sigmoid' ? '0 or 1' : '±1'}, where its gradient almost vanishes`,
        );
    }
    if (node.def.type === 'relu') {
      let dead = 0;
      for (let c = 0; c < out.cols; c++) {
        let alive = false;
        for (let r = 0; r < out.rows && !alive; r++) alive = y[r * out.cols + c] > 0;
        if (!alive) dead++;
      }
      if (dead > 0 && out.rows >= 4)
        add(
          node.id,
          `dead ReLU: ${dead} of ${out.cols} units output 0 for every row of the batch, so they get no gradient`,
        );
    }
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
