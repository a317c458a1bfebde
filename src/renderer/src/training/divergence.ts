/**
 * A diverged run told in the user's language, from what the session reports (the block, the
 * kind of blow-up, the epoch and step); in English exactly the session's own message.
 */
import type { DivergenceReport } from '../../../engine/index.js';
import type { Translate } from '../../../i18n/index.js';

export interface Divergence {
  /** The session's English message. */
  message: string;
  report: DivergenceReport;
  epoch: number;
  step: number;
  /** Which weights were kept (`from before this step`). */
  keptFrom: string;
  /** How far unstandardised inputs reach, when the message advises standardising them. */
  inputRange?: string;
}

export function describeDivergence(d: Divergence, t: Translate): string {
  const { report } = d;
  const what = t(`training.diverged.${report.kind}`, { node: report.nodeId, detail: report.detail });
  const text = t('training.diverged.message', { epoch: d.epoch, step: d.step, what, kept: d.keptFrom });
  return d.inputRange ? `${text} ${t('training.diverged.advice', { max: d.inputRange })}` : text;
}
