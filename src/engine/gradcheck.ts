/**
 * Gradient checking: every parameter's backprop gradient against the central difference
 * (L(w + ε) − L(w − ε)) / 2ε, computed in double precision so that rounding does not hide a
 * wrong derivative. Relative error per element: |a − n| / max(|a|, |n|, 10⁻⁶).
 */
import { Executor } from './executor.js';
import type { CompiledGraph } from './graph.js';

export interface GradCheckParam {
  node: string;
  name: string;
  maxRelError: number;
  maxAbsError: number;
  /** The element with the largest relative error: its flat index and both gradients. */
  worst: { index: number; analytic: number; numeric: number };
}

export interface GradCheckResult {
  ok: boolean;
  maxRelError: number;
  tolerance: number;
  eps: number;
  params: GradCheckParam[];
}

export interface GradCheckOptions {
  eps?: number;
  /** Largest relative error still counted as agreement. */
  tolerance?: number;
  /** Start from these weights (e.g. a training executor's); else from the graph's own. */
  weightsFrom?: Executor;
}

export const relativeError = (a: number, n: number): number =>
  Math.abs(a - n) / Math.max(Math.abs(a), Math.abs(n), 1e-6);

/**
 * Checks every parameter of `graph` on one batch. `feed` fills the executor's data blocks (it
 * is given a double-precision executor).
 */
export function gradientCheck(
  graph: CompiledGraph,
  feed: (executor: Executor) => void,
  options: GradCheckOptions = {},
): GradCheckResult {
  const eps = options.eps ?? 1e-5;
  const tolerance = options.tolerance ?? 1e-4;
  const ex = new Executor(graph, { precision: 'float64' });
  if (options.weightsFrom) {
    for (const p of options.weightsFrom.parameters) ex.importWeights(p.node, { [p.name]: { data: p.value } });
  }
  feed(ex);
  ex.forward();
  ex.backward();
  const analytic = ex.parameters.map((p) => Float64Array.from(p.grad));
  const params = ex.parameters.map((p, k): GradCheckParam => {
    const result: GradCheckParam = {
      node: p.node,
      name: p.name,
      maxRelError: 0,
      maxAbsError: 0,
      worst: { index: 0, analytic: analytic[k][0] ?? 0, numeric: 0 },
    };
    for (let i = 0; i < p.value.length; i++) {
      const w = p.value[i];
      p.value[i] = w + eps;
      const plus = ex.forward();
      p.value[i] = w - eps;
      const minus = ex.forward();
      p.value[i] = w;
      const numeric = (plus - minus) / (2 * eps);
      const a = analytic[k][i];
      const rel = Number.isNaN(numeric) || Number.isNaN(a) ? Infinity : relativeError(a, numeric);
      result.maxAbsError = Math.max(result.maxAbsError, Math.abs(a - numeric));
      if (rel > result.maxRelError || i === 0) {
        result.maxRelError = Math.max(result.maxRelError, rel);
        result.worst = { index: i, analytic: a, numeric };
      }
    }
    return result;
  });
  const maxRelError = params.reduce((m, p) => Math.max(m, p.maxRelError), 0);
  return { ok: maxRelError <= tolerance, maxRelError, tolerance, eps, params };
}
