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
import { allocate, type FloatArray } from './tensor.js';

export interface OptimizerSettings {
  optimizer: OptimizerName;
  lr: number;
  momentum: number;
  beta1: number;
  beta2: number;
  eps: number;
}

export const optimizerDefaults: OptimizerSettings = { optimizer: 'sgd', lr: 0.1, momentum: 0.9, beta1: 0.9, beta2: 0.999, eps: 1e-8 };

export abstract class Optimizer {
  /** Number of updates made so far. */
  t = 0;
  constructor(readonly params: readonly Param[], public settings: OptimizerSettings) {}

  /** One update of every parameter from its current gradient. */
  step(): void {
    this.t++;
    for (let i = 0; i < this.params.length; i++) this.update(this.params[i], i);
  }

  protected abstract update(param: Param, index: number): void;

  /** Forgets momentum / moment estimates (after weights are reset). */
  reset(): void {
    this.t = 0;
  }
}

export class Sgd extends Optimizer {
  protected update({ value: w, grad: g }: Param): void {
    const lr = this.settings.lr;
    for (let i = 0; i < w.length; i++) w[i] -= lr * g[i];
  }
}

export class Momentum extends Optimizer {
  private readonly velocity: FloatArray[];
  constructor(params: readonly Param[], settings: OptimizerSettings) {
    super(params, settings);
    this.velocity = params.map((p) => allocate(p.value instanceof Float32Array ? 'float32' : 'float64', p.value.length));
  }
  protected update({ value: w, grad: g }: Param, index: number): void {
    const v = this.velocity[index], lr = this.settings.lr, mu = this.settings.momentum;
    for (let i = 0; i < w.length; i++) {
      v[i] = mu * v[i] + g[i];
      w[i] -= lr * v[i];
    }
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
    const make = () => params.map((p) => allocate(p.value instanceof Float32Array ? 'float32' : 'float64', p.value.length));
    this.m = make();
    this.v = make();
  }
  protected update({ value: w, grad: g }: Param, index: number): void {
    const { lr, beta1, beta2, eps } = this.settings;
    const m = this.m[index], v = this.v[index];
    const c1 = 1 - beta1 ** this.t;
    const c2 = Math.sqrt(1 - beta2 ** this.t);
    for (let i = 0; i < w.length; i++) {
      m[i] = beta1 * m[i] + (1 - beta1) * g[i];
      v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
      w[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i]) / c2 + eps);
    }
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
