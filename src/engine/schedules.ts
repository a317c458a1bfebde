/**
 * Learning-rate schedules, stepped once per epoch as torch.optim.lr_scheduler's StepLR and
 * CosineAnnealingLR are when `scheduler.step()` ends each epoch. The learning rate of epoch e
 * (0-based, so the first epoch trains with the base rate η):
 *
 *   constant  η
 *   step      η·γ^⌊e / stepSize⌋                                   (StepLR(step_size, gamma))
 *   cosine    η_min + (η − η_min)·(1 + cos(π·e / T_max)) / 2       (CosineAnnealingLR(T_max, eta_min))
 *
 * The closed forms PyTorch's recursive updates equal (they agree to rounding). Like PyTorch's,
 * the cosine goes on past T_max as a cosine (back up towards η over the next T_max epochs).
 */
import type { LrScheduleName } from './format.js';

export interface ScheduleSettings {
  lr: number;
  lrSchedule: LrScheduleName;
  stepSize: number;
  gamma: number;
  /** Cosine: the half period in epochs; undefined: `epochs`. */
  tMax?: number;
  etaMin: number;
  epochs: number;
}

export const scheduleDefaults = {
  lrSchedule: 'constant',
  stepSize: 10,
  gamma: 0.1,
  etaMin: 0,
} as const satisfies Partial<ScheduleSettings>;

/** The cosine schedule's T_max: the setting, else the run's epochs (at least 1). */
export const cosinePeriod = (s: Pick<ScheduleSettings, 'tMax' | 'epochs'>): number => s.tMax ?? Math.max(1, s.epochs);

/** The learning rate of epoch `epoch` (0-based) under the schedule. */
export function scheduledLr(s: ScheduleSettings, epoch: number): number {
  switch (s.lrSchedule) {
    case 'step':
      return s.lr * s.gamma ** Math.floor(epoch / s.stepSize);
    case 'cosine': {
      const t = cosinePeriod(s);
      return s.etaMin + ((s.lr - s.etaMin) * (1 + Math.cos((Math.PI * epoch) / t))) / 2;
    }
    default:
      return s.lr;
  }
}
