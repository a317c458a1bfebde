/**
 * Optimizers. Each one writes only its update rule for one parameter tensor; the base class
 * walks the parameters and keeps the step count. Definitions are PyTorch's, so runs can be
 * compared number for number:
 *   SGD       w ← w − η·g
 *   momentum  v ← μ·v + g;  w ← w − η·v                       (torch.optim.SGD, momentum=μ)
 *   Adam      m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;
 *             w ← w − η·(m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε)   (torch.optim.Adam)
 *   AdamW     w ← w − η·λ·w, then Adam's update                 (torch.optim.AdamW, weight_decay=λ)
 *
 * Regularisation applies to the weight matrices only (a parameter of two or more dimensions: a
 * Linear's W, not its bias b), as the PyTorch export's parameter groups do:
 *   L2 (weightDecay λ)  g ← g + λ·w before the rule (PyTorch's `weight_decay` of SGD and Adam);
 *                       AdamW decays the weights directly instead (decoupled), as above
 *   L1 (l1 λ₁)          g ← g + λ₁·sign(w), sign(0) = 0: the gradient of the penalty λ₁·Σ|w|
 *                       added to the loss (PyTorch's autograd of `l1 * w.abs().sum()`)
 * The parameters' `grad` stay the data loss's gradient (what the views show); the penalty's
 * gradient is added as the rule reads them.
 */
import type { Param } from './blocks/index.js';
import type { OptimizerName } from './format.js';
import { DIVERGENCE_WEIGHT_NORM } from './limits.js';
import { allocate, type FloatArray } from './tensor.js';

const DIVERGENCE_WEIGHT_NORM_SQUARED = DIVERGENCE_WEIGHT_NORM * DIVERGENCE_WEIGHT_NORM;

export interface OptimizerSettings {
  optimizer: OptimizerName;
  /** The learning rate of this step (a schedule changes it from epoch to epoch, see schedules.ts). */
  lr: number;
  momentum: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** L2 weight decay λ (see the file comment); 0: none. */
  weightDecay: number;
  /** L1 penalty λ₁; 0: none. */
  l1: number;
}

export const optimizerDefaults: OptimizerSettings = {
  optimizer: 'sgd',
  lr: 0.1,
  momentum: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  weightDecay: 0,
  l1: 0,
};

/** Whether weight decay and the L1 penalty apply to a parameter: to weight matrices, not to biases. */
export const isRegularized = (p: Pick<Param, 'shape'>): boolean => p.shape.length >= 2;

/** The penalty the regularisation adds beside the data loss: (λ/2)·Σw² + λ₁·Σ|w| over the regularised parameters. */
export function regularizationPenalty(
  params: readonly Param[],
  settings: Pick<OptimizerSettings, 'weightDecay' | 'l1'>,
): number {
  const { weightDecay, l1 } = settings;
  if (weightDecay === 0 && l1 === 0) return 0;
  let squares = 0;
  let absolute = 0;
  for (const p of params) {
    if (!isRegularized(p)) continue;
    const w = p.value;
    for (let i = 0; i < w.length; i++) {
      squares += w[i] * w[i];
      absolute += Math.abs(w[i]);
    }
  }
  return (weightDecay / 2) * squares + l1 * absolute;
}

export abstract class Optimizer {
  /** Number of updates made so far. */
  t = 0;
  /** Per parameter: whether the regularisation applies to it (see isRegularized). */
  protected readonly regularized: readonly boolean[];
  constructor(
    readonly params: readonly Param[],
    public settings: OptimizerSettings,
  ) {
    this.regularized = params.map(isRegularized);
  }

  /**
   * The coupled regularisation of parameter `index`: the L2 factor (λ, added as λ·w to the
   * gradient) and the L1 factor (λ₁, added as λ₁·sign(w)); zeros for a bias.
   */
  protected coupled(index: number): { l2: number; l1: number } {
    if (!this.regularized[index]) return { l2: 0, l1: 0 };
    return { l2: this.settings.optimizer === 'adamw' ? 0 : this.settings.weightDecay, l1: this.settings.l1 };
  }

  /** The penalty (λ/2)·Σw² + λ₁·Σ|w| at the current weights (see regularizationPenalty). */
  penalty(): number {
    return regularizationPenalty(this.params, this.settings);
  }

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
  protected update({ value: w, grad: g }: Param, index: number): number {
    const lr = this.settings.lr;
    const n = w.length;
    const { l2, l1 } = this.coupled(index);
    if (l2 !== 0 || l1 !== 0) {
      let squares = 0;
      for (let i = 0; i < n; i++) {
        w[i] -= lr * (g[i] + l2 * w[i] + l1 * Math.sign(w[i]));
        squares += w[i] * w[i];
      }
      return squares;
    }
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
    const { l2, l1 } = this.coupled(index);
    let squares = 0;
    for (let i = 0; i < w.length; i++) {
      v[i] = mu * v[i] + (g[i] + l2 * w[i] + l1 * Math.sign(w[i]));
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
    const { l2, l1 } = this.coupled(index);
    // AdamW: the decoupled decay, before the update (torch.optim.AdamW: param.mul_(1 - lr·λ)).
    const keep =
      this.settings.optimizer === 'adamw' && this.regularized[index] ? 1 - lr * this.settings.weightDecay : 1;
    let squares = 0;
    for (let i = 0; i < w.length; i++) {
      const gi = g[i] + l2 * w[i] + l1 * Math.sign(w[i]);
      if (keep !== 1) w[i] *= keep;
      m[i] = beta1 * m[i] + (1 - beta1) * gi;
      v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
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
  adamw: Adam,
};

export function createOptimizer(params: readonly Param[], settings: OptimizerSettings): Optimizer {
  return new optimizers[settings.optimizer](params, settings);
}
