/**
 * Which examples drive the gradient: each row's own gradient magnitude ‖∂Lᵢ/∂w‖ at the current
 * weights (engine/example-gradients.ts), for the 2-D output view to size its points by, and the
 * training rows with the largest ones, with what the network predicts for them.
 */
import { type Dataset, type Executor, exampleGradients, largest, reportedLoss, type Trainer } from '../engine/index.js';
import type { ExampleView } from './protocol.js';

/** Rows whose gradients are computed (one forward and backward pass each); the rest are left out. */
export const MAX_EXAMPLE_ROWS = 2000;
/** Training rows listed by gradient. */
export const TOP_EXAMPLES = 8;

/** The per-example gradients of the first `MAX_EXAMPLE_ROWS` rows, in data order, with the largest listed. */
export function exampleView(trainer: Trainer, executor: Executor, dataset: Dataset): ExampleView {
  const count = Math.min(trainer.data.rows, MAX_EXAMPLE_ROWS);
  const all = Uint32Array.from({ length: count }, (_, i) => i);
  const { norms, losses } = exampleGradients(executor, count, (i) => trainer.loadRows(all, i, 1, true, executor));
  const training = new Uint8Array(trainer.data.rows);
  for (const r of trainer.trainRows) training[r] = 1;
  const trainingNorms = Float64Array.from(norms, (n, i) => (training[i] ? n : -Infinity));
  const top = largest(trainingNorms, Math.min(TOP_EXAMPLES, trainer.trainRows.length)).filter(
    (i) => trainingNorms[i] > -Infinity,
  );
  const graph = trainer.graph;
  const loss = reportedLoss(graph);
  const predNode = graph.nodes[loss.inputs[0].source].id;
  const targetNode = graph.nodes[loss.inputs[1].source].id;
  const input = trainer.data.inputs[0];
  const columns = input.columns.map((c) => dataset.columns.indexOf(c));
  const width = dataset.columns.length;
  return {
    norms: Float32Array.from(norms),
    rows: count,
    features: input.columns,
    top: top.map((row) => {
      trainer.loadRows(all, row, 1, true, executor);
      executor.forward();
      return {
        row,
        ...(trainer.data.lines ? { line: trainer.data.lines[row] } : {}),
        features: columns.map((c) => dataset.values[row * width + c]),
        target: Array.from(executor.output(targetNode).data),
        prediction: Array.from(executor.output(predNode).data),
        norm: norms[row],
        loss: losses[row],
      };
    }),
  };
}
