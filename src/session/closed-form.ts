/**
 * "Solve exactly": for a session whose graph is linear regression (Input → Linear → MSE), the
 * least-squares weights on the rows it trains on (engine/least-squares.ts), their training and
 * validation loss, and the distance ‖θ − θ*‖ of the weights gradient descent holds now from them.
 */
import {
  type Executor,
  linearRegressionLoss,
  type LinearRegressionSolution,
  regressionBlocks,
  solveLinearRegression,
  type Trainer,
} from '../engine/index.js';
import type { ClosedFormResult } from './protocol.js';

/**
 * Solved as soon as the session starts when it costs at most this many multiply-adds
 * (rows × unknowns²; Boston's 506 × 14² is 10⁵, a 64-pixel digits regression 8·10⁶), so that the
 * distance to the solution is charted from the first epoch; larger problems wait for the button.
 */
const EAGER_WORK = 5e7;

export class ClosedForm {
  /** The Linear block solved for, or null when the graph is not linear regression. */
  readonly node: string | null;
  private result: ClosedFormResult | null = null;
  private solution: LinearRegressionSolution | null = null;

  constructor(private readonly trainer: Trainer) {
    const form = regressionBlocks(trainer.graph);
    this.node = form.ok ? form.value.linear.id : null;
    if (!form.ok) return;
    const unknowns = form.value.input.outputSize + 1;
    if (trainer.trainRows.length * unknowns * unknowns <= EAGER_WORK) this.solve();
  }

  /** The solution (computed once: it depends on the graph and data only, not on the weights). */
  solve(): ClosedFormResult {
    if (this.result) return this.result;
    const trainer = this.trainer;
    const solved = solveLinearRegression(trainer.graph, trainer.data, trainer.trainRows);
    if (!solved.ok) {
      this.result = {
        ok: false,
        message: solved.diagnostics.map((d) => d.message).join('\n'),
        problems: solved.diagnostics.map(({ message, key, values }) => ({
          message,
          ...(key ? { key } : {}),
          ...(values ? { values } : {}),
        })),
      };
      return this.result;
    }
    const s = solved.value;
    this.solution = s;
    this.result = {
      ok: true,
      node: s.node,
      shape: s.shape,
      W: Array.from(s.W),
      b: s.b ? Array.from(s.b) : null,
      loss: s.loss,
      ...(trainer.validationRows.length > 0
        ? { valLoss: linearRegressionLoss(trainer.graph, trainer.data, trainer.validationRows, s) }
        : {}),
    };
    return this.result;
  }

  /** The solution's weights as the executor stores them, or null before (or without) one. */
  get weights(): { node: string; W: Float64Array; b: Float64Array | null } | null {
    return this.solution ? { node: this.solution.node, W: this.solution.W, b: this.solution.b } : null;
  }

  /** ‖θ − θ*‖ over the Linear block's W and b in `executor`, or undefined before a solution. */
  distance(executor: Executor): number | undefined {
    const s = this.solution;
    if (!s) return undefined;
    const weights = executor.nodeWeights(s.node);
    let sum = 0;
    for (let i = 0; i < s.W.length; i++) sum += (weights.W.value[i] - s.W[i]) ** 2;
    if (s.b && weights.b) for (let i = 0; i < s.b.length; i++) sum += (weights.b.value[i] - s.b[i]) ** 2;
    return Math.sqrt(sum);
  }
}
