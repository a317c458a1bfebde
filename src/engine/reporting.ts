/**
 * Which loss a graph reports. A graph may have several losses (they are summed for training);
 * one of them is the model's answer — the prediction the app's output views show, `backprop
 * predict` and `eval` print, the runtime returns and ONNX / PyTorch export first — and one
 * gives the reported accuracy. Both are defined here and only here, by document order (the
 * order of `nodes` in the file), which an edit elsewhere in the graph never changes.
 */
import type { CompiledGraph, CompiledNode } from './graph.js';

/** The graph's losses in document order. */
export function lossesInDocumentOrder(graph: CompiledGraph): CompiledNode[] {
  return graph.losses.map((n) => graph.nodes[n]).sort((a, b) => a.docIndex - b.docIndex);
}

/** The loss whose prediction a document reports: its first loss in document order. */
export function reportedLoss(graph: CompiledGraph): CompiledNode {
  return lossesInDocumentOrder(graph)[0];
}

/**
 * The loss whose accuracy is reported: the reported loss when it is a classification loss,
 * else the first classification loss in document order; null when no loss classifies.
 */
export function scoredLoss(graph: CompiledGraph): CompiledNode | null {
  const reported = reportedLoss(graph);
  if (reported.def.loss?.classification) return reported;
  return lossesInDocumentOrder(graph).find((n) => n.def.loss?.classification) ?? null;
}
