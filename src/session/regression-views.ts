/**
 * The regression views: predicted against actual values for the training and validation rows,
 * the residuals' histogram, and RMSE, MAE and R² of each (engine/metrics.ts), at the current weights.
 */
import { type Executor, regressionMetrics, reportedLoss, type Trainer } from '../engine/index.js';
import type { RegressionSplitView, RegressionView } from './protocol.js';

/** Points of each split sent for the scatter plot (the metrics use every row). */
export const MAX_SCATTER_POINTS = 2000;
const RESIDUAL_BINS = 30;

/** The view for a graph whose reported loss is a regression loss; undefined for classification. */
export function regressionView(trainer: Trainer, executor: Executor): RegressionView | undefined {
  const graph = trainer.graph;
  const loss = reportedLoss(graph);
  if (loss.def.loss?.classification) return undefined;
  const predId = graph.nodes[loss.inputs[0].source].id;
  const targetNode = graph.nodes[loss.inputs[1].source];
  const cols = targetNode.outputSize;
  const outputs = trainer.data.targets.find((t) => t.nodeId === targetNode.id)?.columns ?? [];
  const collect = (rows: ArrayLike<number>) => {
    const pred = new Float64Array(rows.length * cols);
    const target = new Float64Array(rows.length * cols);
    const chunk = 1024;
    for (let start = 0; start < rows.length; start += chunk) {
      const count = Math.min(chunk, rows.length - start);
      trainer.loadRows(rows, start, count, true, executor);
      executor.forward();
      pred.set(executor.output(predId).data, start * cols);
      target.set(executor.output(targetNode.id).data, start * cols);
    }
    return { pred, target, rows: rows.length };
  };
  const training = collect(trainer.trainRows);
  const validation = trainer.validationRows.length > 0 ? collect(trainer.validationRows) : null;
  let min = Infinity;
  let max = -Infinity;
  for (const s of validation ? [training, validation] : [training]) {
    for (let i = 0; i < s.pred.length; i++) {
      const residual = s.target[i] - s.pred[i];
      if (residual < min) min = residual;
      if (residual > max) max = residual;
    }
  }
  if (!(max > min)) [min, max] = [min - 1, min + 1];
  const histogram = (s: typeof training) => {
    const counts = new Array<number>(RESIDUAL_BINS).fill(0);
    const width = (max - min) / RESIDUAL_BINS;
    for (let i = 0; i < s.pred.length; i++)
      counts[Math.min(RESIDUAL_BINS - 1, Math.floor((s.target[i] - s.pred[i] - min) / width))]++;
    return counts;
  };
  const split = (s: typeof training): RegressionSplitView => {
    const shown = Math.min(s.pred.length, MAX_SCATTER_POINTS);
    return {
      rows: s.rows,
      ...regressionMetrics(s.pred, s.target, s.rows, cols),
      pred: Float32Array.from(s.pred.subarray(0, shown)),
      target: Float32Array.from(s.target.subarray(0, shown)),
    };
  };
  return {
    outputs,
    training: split(training),
    ...(validation ? { validation: split(validation) } : {}),
    residuals: {
      min,
      max,
      training: histogram(training),
      ...(validation ? { validation: histogram(validation) } : {}),
    },
  };
}
