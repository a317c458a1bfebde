/**
 * Optimizers. Each one writes only its update rule for one parameter tensor; the base class
 * walks the parameters and keeps the step count. Definitions are PyTorch's, so runs can be
 * compared number for number:
 *   SGD       w ← w − η·g
 *   momentum  v ← μ·v + g;  w ← w − η·v                       (torch.optim.SGD, momentum=μ)
 *   Adam      m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;
 *             w ← w − η·(m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε)   (torch.optim.Adam)
 */
import type { Param } from './blocks/index.js';
import type { OptimizerName } from './format.js';
import { DIVERGENCE_WEIGHT_NORM } from './limits.js';
import { allocate, type FloatArray } from './tensor.js';

const DIVERGENCE_WEIGHT_NORM_SQUARED = DIVERGENCE_WEIGHT_NORM * DIVERGENCE_WEIGHT_NORM;

export interface OptimizerSettings {
  optimizer: OptimizerName;
  lr: number;
  momentum: number;
  beta1: number;
  beta2: number;
  eps: number;
}

export const optimizerDefaults: OptimizerSettings = {
  optimizer: 'sgd',
  lr: 0.1,
  momentum: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
};

export abstract class Optimizer {
  /** Number of updates made so far. */
  t = 0;
  constructor(
    readonly params: readonly Param[],
    public settings: OptimizerSettings,
  ) {}

  /**
   * One update of every parameter from its current gradient. Returns whether every updated
   * tensor is finite with a norm within DIVERGENCE_WEIGHT_NORM (checked as the weights are
   * written, so a caller need not scan them again).
   */
  step(): boolean {
    this.t++;
    let ok = true;
    for (let i = 0; i < this.params.length; i++) {
      // NaN fails the comparison too.
      if (!(this.update(this.params[i], i) <= DIVERGENCE_WEIGHT_NORM_SQUARED)) ok = false;
    }
    return ok;
  }

  /**
   * Updates one parameter tensor in place. Returns the sum of the squares of its new values:
   * NaN or Infinity when one is not finite.
   */
  protected abstract update(param: Param, index: number): number;

  /** Forgets momentum / moment estimates (after weights are reset). */
  reset(): void {
    this.t = 0;
  }
}

export class Sgd extends Optimizer {
  protected update({ value: w, grad: g }: Param): number {
    const lr = this.settings.lr;
    const n = w.length;
    // The sums of squares read back the stored values: a float32 store can overflow to ±Infinity
    // where the double-precision result of the assignment expression is still finite.
    let f0 = 0,
      f1 = 0;
    let i = 0;
    for (; i + 1 < n; i += 2) {
      w[i] -= lr * g[i];
      w[i + 1] -= lr * g[i + 1];
      f0 += w[i] * w[i];
      f1 += w[i + 1] * w[i + 1];
    }
    if (i < n) {
      w[i] -= lr * g[i];
      f0 += w[i] * w[i];
    }
    return f0 + f1;
  }
}

export class Momentum extends Optimizer {
  private readonly velocity: FloatArray[];
  constructor(params: readonly Param[], settings: OptimizerSettings) {
    super(params, settings);
    this.velocity = params.map((p) =>
      allocate(p.value instanceof Float32Array ? 'float32' : 'float64', p.value.length),
    );
  }
  protected update({ value: w, grad: g }: Param, index: number): number {
    const v = this.velocity[index],
      lr = this.settings.lr,
      mu = this.settings.momentum;
    let squares = 0;
    for (let i = 0; i < w.length; i++) {
      v[i] = mu * v[i] + g[i];
      w[i] -= lr * v[i];
      squares += w[i] * w[i];
    }
    return squares;
  }
  override reset(): void {
    super.reset();
    for (const v of this.velocity) v.fill(0);
  }
}

export class Adam extends Optimizer {
  private readonly m: FloatArray[];
  private readonly v: FloatArray[];
  constructor(params: readonly Param[], settings: OptimizerSettings) {
    super(params, settings);
    const make = () =>
      params.map((p) => allocate(p.value instanceof Float32Array ? 'float32' : 'float64', p.value.length));
    this.m = make();
    this.v = make();
  }
  protected update({ value: w, grad: g }: Param, index: number): number {
    const { lr, beta1, beta2, eps } = this.settings;
    const m = this.m[index],
      v = this.v[index];
    const c1 = 1 - beta1 ** this.t;
    const c2 = Math.sqrt(1 - beta2 ** this.t);
    let squares = 0;
    for (let i = 0; i < w.length; i++) {
      m[i] = beta1 * m[i] + (1 - beta1) * g[i];
      v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
      w[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i]) / c2 + eps);
      squares += w[i] * w[i];
    }
    return squares;
  }
  override reset(): void {
    super.reset();
    for (const a of [...this.m, ...this.v]) a.fill(0);
  }
}

const optimizers: Record<OptimizerName, new (params: readonly Param[], settings: OptimizerSettings) => Optimizer> = {
  sgd: Sgd,
  momentum: Momentum,
  adam: Adam,
};

export function createOptimizer(params: readonly Param[], settings: OptimizerSettings): Optimizer {
  return new optimizers[settings.optimizer](params, settings);
}
