/**
 * Step-through: one batch forward node by node, then backward in reverse order, with the
 * (truncated) numbers each node reads, holds and produces.
 */
import {
  type CompiledGraph,
  type CompiledNode,
  type Executor,
  getBlock,
  type Phrase,
  phrase,
  Tensor,
  type Trainer,
} from '../engine/index.js';
import type { Trace, TraceStep, TraceTensor } from './protocol.js';

/** At most this many rows and columns of each tensor are shown. */
export const MAX_TRACE = 8;

function truncated(
  label: string,
  t: Tensor | { rows: number; cols: number; data: ArrayLike<number> },
  caption?: Phrase,
): TraceTensor {
  const rows = Math.min(t.rows, MAX_TRACE);
  const cols = Math.min(t.cols, MAX_TRACE);
  const values: number[] = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) values.push(t.data[r * t.cols + c]);
  return { label, ...(caption ? { caption } : {}), rows: t.rows, cols: t.cols, values };
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
  const logits = logitsOfSoftmaxLosses(graph);
  for (const node of graph.nodes) {
    const tensors: TraceTensor[] = node.inputs.map((input) => {
      const source = graph.nodes[input.source].id;
      return truncated(
        input.port,
        ex.output(source),
        phrase('stepThrough.outputOf', { port: input.port, node: source }),
      );
    });
    for (const p of Object.values(ex.nodeWeights(node.id))) tensors.push(truncated(p.name, asMatrix(p.shape, p.value)));
    tensors.push(truncated(node.def.category === 'loss' ? 'L' : 'y', ex.output(node.id)));
    steps.push({
      phase: 'forward',
      nodeId: node.id,
      title: node.def.label(node.params),
      rule: node.def.source
        ? phrase('stepThrough.sourceRule', { rule: phrase(node.def.messages.formula.forward), count })
        : phrase(node.def.messages.formula.forward),
      tensors,
    });
  }
  for (const node of [...graph.nodes].reverse()) {
    const dOut = ex.outputGradient(node.id);
    if (!dOut || node.def.source) continue;
    const tensors: TraceTensor[] = [truncated(node.def.category === 'loss' ? '∂L/∂L' : '∂L/∂y', dOut)];
    node.inputs.forEach((input) => {
      const g = ex.edgeGradient(input.edge);
      if (g)
        tensors.push(
          truncated(
            `∂L/∂${input.port}`,
            g,
            phrase('stepThrough.backTo', { port: input.port, node: doc.edges[input.edge].source }),
          ),
        );
    });
    for (const p of Object.values(ex.nodeWeights(node.id)))
      tensors.push(truncated(`∂L/∂${p.name}`, asMatrix(p.shape, p.grad)));
    const identity = logits.get(node.id);
    steps.push({
      phase: 'backward',
      nodeId: node.id,
      title: node.def.label(node.params),
      rule: phrase(node.def.messages.formula.backward),
      tensors,
      ...(identity ? { identity: softmaxIdentity(ex, identity, tensors) } : {}),
    });
  }
  return { rows: count, loss, steps };
}

/** A node whose output are the logits of a softmax + NLL (or cross-entropy) loss, and that loss. */
interface Logits {
  node: CompiledNode;
  loss: CompiledNode;
}

/**
 * The nodes holding the logits of a multiclass loss: the input of a Softmax block that feeds an
 * NLL, or the `pred` of a loss that takes logits (cross-entropy). Only where that path is the
 * logits' sole consumer, so that their gradient is the loss's alone and the identity holds.
 */
function logitsOfSoftmaxLosses(graph: CompiledGraph): Map<string, Logits> {
  const found = new Map<string, Logits>();
  for (const n of graph.losses) {
    const loss = graph.nodes[n];
    if (loss.def.loss?.classification !== 'multiclass') continue;
    let node = graph.nodes[loss.inputs[0].source];
    if (!loss.def.loss.logits?.(loss.params)) {
      if (node.def.type !== 'softmax' || node.consumers.length !== 1) continue;
      node = graph.nodes[node.inputs[0].source];
    }
    if (node.consumers.length === 1 && !node.def.source) found.set(node.id, { node, loss });
  }
  return found;
}

/**
 * p = softmax(logits), onehot(t) and (p − onehot(t)) / rows for the traced batch, added to the
 * step's tensors, with the largest difference from the backpropagated ∂L/∂y. The softmax is the
 * Softmax block's own forward, the one-hot the loss's reading of its target (index or one-hot).
 */
function softmaxIdentity(ex: Executor, { node, loss }: Logits, tensors: TraceTensor[]): TraceStep['identity'] {
  const z = ex.output(node.id);
  const t = ex.output(ex.graph.nodes[loss.inputs[1].source].id);
  const rows = z.rows;
  const cols = z.cols;
  const p = Tensor.zeros(rows, cols, 'float64');
  getBlock('softmax').forward({ params: {}, inputs: [z], out: p, weights: {}, state: undefined });
  const onehot = Tensor.zeros(rows, cols, 'float64');
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++)
      onehot.data[r * cols + c] = t.cols === 1 ? Number(t.data[r] === c) : t.data[r * cols + c];
  const expected = Tensor.zeros(rows, cols, 'float64');
  const dOut = ex.outputGradient(node.id)!;
  let maxDifference = 0;
  for (let i = 0; i < expected.data.length; i++) {
    expected.data[i] = (p.data[i] - onehot.data[i]) / rows;
    maxDifference = Math.max(maxDifference, Math.abs(expected.data[i] - dOut.data[i]));
  }
  // Right after ∂L/∂y, so the two tables sit side by side.
  tensors.splice(
    1,
    0,
    truncated('p = softmax(y)', p),
    truncated('onehot(t)', onehot),
    truncated('(p − onehot(t)) / rows', expected, phrase('stepThrough.perRow')),
  );
  return { rule: phrase('stepThrough.identityRule'), maxDifference };
}
