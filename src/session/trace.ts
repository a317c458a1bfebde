/**
 * Step-through: one batch forward node by node, then backward in reverse order, with the
 * (truncated) numbers each node reads, holds and produces.
 */
import type { Tensor, Trainer } from '../engine/index.js';
import type { Trace, TraceStep, TraceTensor } from './protocol.js';

/** At most this many rows and columns of each tensor are shown. */
export const MAX_TRACE = 8;

function truncated(label: string, t: Tensor | { rows: number; cols: number; data: ArrayLike<number> }): TraceTensor {
  const rows = Math.min(t.rows, MAX_TRACE);
  const cols = Math.min(t.cols, MAX_TRACE);
  const values: number[] = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) values.push(t.data[r * t.cols + c]);
  return { label, rows: t.rows, cols: t.cols, values };
}

/** A weight as a matrix: a vector is one row. */
const asMatrix = (shape: readonly number[], data: ArrayLike<number>) => ({
  rows: shape.length === 2 ? shape[0] : 1,
  cols: shape.at(-1)!,
  data,
});

/** Traces the first rows of the training data (no update: the weights stay as they are). */
export function traceBatch(trainer: Trainer): Trace {
  const ex = trainer.executor;
  const count = Math.min(trainer.batchSize, trainer.trainRows.length, MAX_TRACE);
  trainer.loadRows(trainer.trainRows, 0, count);
  const loss = ex.forward();
  ex.backward();
  const graph = trainer.graph;
  const doc = graph.document;
  const steps: TraceStep[] = [];
  for (const node of graph.nodes) {
    const tensors: TraceTensor[] = node.inputs.map((input) =>
      truncated(`${input.port} = output of ${graph.nodes[input.source].id}`, ex.output(graph.nodes[input.source].id)),
    );
    for (const p of Object.values(ex.nodeWeights(node.id))) tensors.push(truncated(p.name, asMatrix(p.shape, p.value)));
    tensors.push(truncated(node.def.category === 'loss' ? 'L' : 'y', ex.output(node.id)));
    steps.push({
      phase: 'forward',
      nodeId: node.id,
      title: node.def.label(node.params),
      rule: node.def.source ? `${node.def.formula.forward} (rows ${count} of the batch)` : node.def.formula.forward,
      tensors,
    });
  }
  for (const node of [...graph.nodes].reverse()) {
    const dOut = ex.outputGradient(node.id);
    if (!dOut || node.def.source) continue;
    const tensors: TraceTensor[] = [truncated(node.def.category === 'loss' ? '∂L/∂L' : '∂L/∂y', dOut)];
    node.inputs.forEach((input) => {
      const g = ex.edgeGradient(input.edge);
      if (g) tensors.push(truncated(`∂L/∂${input.port} (back to ${doc.edges[input.edge].source})`, g));
    });
    for (const p of Object.values(ex.nodeWeights(node.id)))
      tensors.push(truncated(`∂L/∂${p.name}`, asMatrix(p.shape, p.grad)));
    steps.push({
      phase: 'backward',
      nodeId: node.id,
      title: node.def.label(node.params),
      rule: node.def.formula.backward,
      tensors,
    });
  }
  return { rows: count, loss, steps };
}
