/**
 * Per-example gradients: which rows drive an update. A batch's loss is the mean of its rows'
 * own losses Lᵢ (every loss block averages over rows, and no block mixes rows), so its gradient
 * is the mean of the per-example gradients ∂Lᵢ/∂w. Their sizes show, for logistic regression,
 * that a confidently correct example contributes almost nothing ((p − t)·x with p ≈ t) and a
 * confidently wrong one the most.
 */
import type { Executor } from './executor.js';

export interface ExampleGradients {
  /** ‖∂Lᵢ/∂w‖ per example: the norm over every trainable weight of the graph. */
  norms: Float64Array;
  /** Lᵢ per example: the graph's (summed) loss on that row alone. */
  losses: Float64Array;
}

/**
 * The gradient norm and loss of each of `count` examples, each by a forward and backward pass
 * on a batch of that one row (so it is exactly what backprop computes, for any graph). `load(i)`
 * puts example i into the executor as a batch of one row. The executor's gradients are left as
 * those of the last example.
 */
export function exampleGradients(executor: Executor, count: number, load: (index: number) => void): ExampleGradients {
  const norms = new Float64Array(count);
  const losses = new Float64Array(count);
  const params = executor.parameters;
  for (let i = 0; i < count; i++) {
    load(i);
    losses[i] = executor.forward();
    executor.backward();
    let s = 0;
    for (const p of params) {
      const g = p.grad;
      for (let k = 0; k < g.length; k++) s += g[k] * g[k];
    }
    norms[i] = Math.sqrt(s);
  }
  return { norms, losses };
}

/** The indices of the `k` largest values, largest first (ties by index). */
export function largest(values: ArrayLike<number>, k: number): number[] {
  const order = Array.from({ length: values.length }, (_, i) => i);
  order.sort((a, b) => values[b] - values[a] || a - b);
  return order.slice(0, Math.max(0, k));
}
