/**
 * The truth table of small data (at most TRUTH_TABLE_ROWS rows, e.g. the logic gates): each
 * row's inputs, target, the network's output and the prediction read off it, right or wrong,
 * and how many rows are right. One rule turns an output into a prediction, decided by the
 * reported loss:
 * - a classification loss predicts as its accuracy counts (engine `classify`): binary, output
 *   ≥ 0.5 → 1 (a probability; a step's 0 or 1); multiclass, the largest output (for a loss on
 *   logits, the largest logit);
 * - a regression loss (e.g. MSE after a step, as the course's threshold neuron) when each target
 *   column takes two values lo < hi: the nearer one, hi when the output ≥ (lo + hi) / 2 (0.5 for
 *   0/1 targets); when the targets are one-hot rows, the largest output;
 * - any other regression has no truth table.
 */
import { classify, type Dataset, type Executor, phrase, type Tensor, type Trainer } from '../engine/index.js';
import type { TruthTableView } from './protocol.js';
import { shownLoss } from './views.js';

/** Data with more rows has no truth table (a table of them would not be read). */
export const TRUTH_TABLE_ROWS = 64;

type Rule = { kind: 'classification' } | { kind: 'binary'; lo: number[]; hi: number[] } | { kind: 'argmax' };

/** How the outputs become predictions for these targets (see the file comment), or null. */
function ruleFor(multiclass: boolean | null, target: Tensor): Rule | null {
  if (multiclass !== null) return { kind: 'classification' };
  const { rows, cols, data } = target;
  const values = Array.from({ length: cols }, () => new Set<number>());
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) values[c].add(data[r * cols + c]);
  if (values.every((v) => v.size <= 2)) {
    const lo: number[] = [];
    const hi: number[] = [];
    for (const v of values) {
      const sorted = [...v].sort((a, b) => a - b);
      // A column of one value: 0/1 when it is one of them (a gate whose rows all say 0), else no rule.
      if (sorted.length === 1) {
        if (sorted[0] !== 0 && sorted[0] !== 1) return null;
        sorted.splice(0, 1, 0, 1);
      }
      lo.push(sorted[0]);
      hi.push(sorted[1]);
    }
    if (cols === 1 || !oneHot(target)) return { kind: 'binary', lo, hi };
  }
  return cols > 1 && oneHot(target) ? { kind: 'argmax' } : null;
}

function oneHot({ rows, cols, data }: Tensor): boolean {
  for (let r = 0; r < rows; r++) {
    let ones = 0;
    for (let c = 0; c < cols; c++) {
      const v = data[r * cols + c];
      if (v === 1) ones++;
      else if (v !== 0) return false;
    }
    if (ones !== 1) return false;
  }
  return true;
}

function argmax(data: ArrayLike<number>, start: number, cols: number): number {
  let best = 0;
  for (let c = 1; c < cols; c++) if (data[start + c] > data[start + best]) best = c;
  return best;
}

const format = (v: number) => String(Number(v.toPrecision(3)));

/**
 * The truth table of the trainer's current weights (on `executor`, the views' own, which holds
 * them) over every data row, or undefined when the data is too large or no rule applies.
 */
export function truthTable(trainer: Trainer, executor: Executor, dataset: Dataset): TruthTableView | undefined {
  const count = trainer.data.rows;
  if (count === 0 || count > TRUTH_TABLE_ROWS) return undefined;
  const { loss, pred } = shownLoss(trainer.graph);
  const kind = loss.def.loss?.classification;
  const targetNode = trainer.graph.nodes[loss.inputs[1].source];
  const all = Uint32Array.from({ length: count }, (_, i) => i);
  trainer.loadRows(all, 0, count, true, executor);
  executor.forward();
  const output = executor.output(pred.id);
  const target = executor.output(targetNode.id);
  const rule = ruleFor(kind ? kind === 'multiclass' : null, target);
  if (!rule) return undefined;
  const classified = rule.kind === 'classification' ? classify(loss.def, output)! : null;
  const multiclass = kind === 'multiclass';
  const width = dataset.columns.length;
  const inputColumns = trainer.data.inputs.flatMap((i) => i.columns);
  const inputIndex = inputColumns.map((c) => dataset.columns.indexOf(c));
  const targetColumns =
    trainer.data.targets.find((t) => t.nodeId === targetNode.id)?.columns ??
    Array.from({ length: target.cols }, (_, c) => `t${c + 1}`);
  const validation = new Set(trainer.validationRows);
  const oc = output.cols;
  const tc = target.cols;
  let right = 0;
  const rows = Array.from({ length: count }, (_, r) => {
    const out = Array.from(output.data.subarray(r * oc, r * oc + oc));
    const t = Array.from(target.data.subarray(r * tc, r * tc + tc));
    let predicted: number[];
    let expected: number[];
    if (classified && multiclass) {
      predicted = [classified[r]];
      expected = [tc === 1 ? t[0] : argmax(t, 0, tc)];
    } else if (classified) {
      predicted = classified.slice(r * oc, r * oc + oc);
      expected = t.map((v) => (v >= 0.5 ? 1 : 0));
    } else if (rule.kind === 'binary') {
      predicted = out.map((v, c) => (v >= (rule.lo[c] + rule.hi[c]) / 2 ? rule.hi[c] : rule.lo[c]));
      expected = t;
    } else {
      predicted = [argmax(out, 0, oc)];
      expected = [argmax(t, 0, tc)];
    }
    const ok = predicted.length === expected.length && predicted.every((p, i) => p === expected[i]);
    if (ok) right++;
    return {
      row: r,
      ...(trainer.data.lines ? { line: trainer.data.lines[r] } : {}),
      inputs: inputIndex.map((c) => (c >= 0 ? dataset.values[r * width + c] : Number.NaN)),
      target: t,
      output: out,
      predicted,
      expected,
      right: ok,
      validation: validation.has(r),
    };
  });
  const binary = rule.kind === 'binary' || (rule.kind === 'classification' && !multiclass);
  const lo = rule.kind === 'binary' ? rule.lo : [0];
  const hi = rule.kind === 'binary' ? rule.hi : [1];
  const sameRule = lo.every((v, c) => v === lo[0] && hi[c] === hi[0]);
  const describe = binary
    ? sameRule
      ? phrase('truthRule.cut', { hi: format(hi[0]), at: format((lo[0] + hi[0]) / 2), lo: format(lo[0]) })
      : phrase('truthRule.perOutput')
    : phrase(
        kind === 'multiclass' && loss.def.loss?.logits?.(loss.params) ? 'truthRule.argmaxLogits' : 'truthRule.argmax',
      );
  return {
    inputs: inputColumns,
    targets: targetColumns,
    kind: binary ? 'binary' : 'argmax',
    rule: describe,
    ...(binary && sameRule ? { cut: { lo: lo[0], hi: hi[0], at: (lo[0] + hi[0]) / 2 } } : {}),
    rows,
    right,
    ...(multiclass && trainer.data.classes ? { classes: trainer.data.classes } : {}),
  };
}
