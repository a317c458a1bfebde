/**
 * What a document looks like from outside, for running it elsewhere (the JS runtime, ONNX,
 * PyTorch): its inputs (one per Input block, with the feature columns it takes and the stored
 * normalisation of each), its outputs (what each loss's `pred` port receives), the nodes those
 * outputs need, in order, and every weight as the engine would use it.
 *
 * Columns are assigned by the rule data is bound with (planInputColumns in data.ts), here without
 * data: an Input block that names its `columns` takes those; the others take, in document order,
 * the feature columns recorded at training (`data.features`) that no block names — or, for an
 * untrained document that records none, generated names (`x0`, `x1`, … after the block's id).
 */
import { columnNormalization, dataNodes, namedColumns, planInputColumns } from '../data.js';
import type { Diagnostic } from '../diagnostics.js';
import { Executor } from '../executor.js';
import { loadDocument, type GraphDocument, type WeightTensor } from '../format.js';
import { compileGraph, type CompiledGraph, type CompiledNode } from '../graph.js';
import { reportedLoss } from '../reporting.js';

export interface SignatureInput {
  /** The Input block's id. */
  id: string;
  size: number;
  /** The feature column each of its `size` values comes from. */
  columns: string[];
  /** Whether `columns` are the block's own or recorded at training (else: generated placeholders). */
  namedColumns: boolean;
  /** Per column: `(x − mean) / std` as stored in `data.normalization`; absent when no column is normalised. */
  normalization?: { mean: number[]; std: number[] };
}

export interface SignatureOutput {
  /** The node feeding the loss's `pred` port (its output is the prediction). */
  id: string;
  size: number;
  /** The loss (the first one in document order, when several share this prediction). */
  loss: CompiledNode;
  /** The target block feeding that loss. */
  target: CompiledNode;
}

export interface ModelSignature {
  graph: CompiledGraph;
  inputs: SignatureInput[];
  /** One per distinct prediction, losses in document order: the first is the one `predict` reports. */
  outputs: SignatureOutput[];
  /** The nodes the outputs depend on (Input blocks included), in topological order. */
  nodes: CompiledNode[];
  /** Every weight of every node, stored or initialised from params and `training.seed`. */
  weights: Record<string, Record<string, WeightTensor>>;
  /** Things a user exporting the document should know (no stored weights, no stored normalisation, unused nodes). */
  warnings: Diagnostic[];
}

export type SignatureResult = { ok: true; signature: ModelSignature } | { ok: false; diagnostics: Diagnostic[] };

/** Validates `document` (a parsed `.bps.json` value) and describes it for export. Never throws. */
export function modelSignature(document: GraphDocument | unknown): SignatureResult {
  const loaded = loadDocument(document);
  if (!loaded.ok) return loaded;
  const compiled = compileGraph(loaded.document);
  if (!compiled.ok) return { ok: false, diagnostics: compiled.diagnostics.filter((d) => d.severity === 'error') };
  return signatureOf(compiled.graph);
}

/** The signature of a compiled graph. */
export function signatureOf(graph: CompiledGraph): SignatureResult {
  const doc = graph.document;
  const warnings: Diagnostic[] = [];
  const inputs = inputColumns(graph);

  const normalization = doc.data?.normalization;
  if (normalization) {
    for (const input of inputs) {
      const stats = columnNormalization(normalization, input.columns);
      if (stats) input.normalization = stats;
    }
  } else if (doc.data?.standardize) {
    warnings.push({
      code: 'data',
      severity: 'warning',
      where: 'data.standardize',
      message:
        'the document asks for standardised inputs but stores no statistics (it has not been trained): the exported model takes inputs that are already standardised',
      key: 'export.standardize',
    });
  }

  const first = reportedLoss(graph);
  const losses = [
    first,
    ...graph.losses
      .map((n) => graph.nodes[n])
      .filter((l) => l !== first)
      .sort((a, b) => a.docIndex - b.docIndex),
  ];
  const outputs: SignatureOutput[] = [];
  const predictions = new Set<string>();
  for (const loss of losses) {
    const pred = graph.nodes[loss.inputs[0].source];
    if (predictions.has(pred.id)) continue;
    predictions.add(pred.id);
    outputs.push({ id: pred.id, size: pred.outputSize, loss, target: graph.nodes[loss.inputs[1].source] });
  }

  // The nodes the outputs need; none of them may depend on a target block.
  const needed = ancestors(
    graph,
    outputs.map((o) => graph.index.get(o.id)!),
  );
  const problems: Diagnostic[] = [];
  let needOf: Set<number>[] | undefined;
  for (const n of needed) {
    const node = graph.nodes[n];
    if (node.def.source === 'targets') {
      // Which predictions use it, walked once per prediction only when there is such a problem.
      needOf ??= outputs.map((o) => ancestors(graph, [graph.index.get(o.id)!]));
      const uses = outputs.filter((_, k) => needOf![k].has(n)).map((o) => `'${o.id}'`);
      problems.push({
        code: 'data',
        severity: 'error',
        where: `node ${node.id}`,
        message: `the prediction ${uses.join(', ')} depends on target '${node.id}': an exported model receives only the input features, so no prediction may use the targets`,
        key: 'export.usesTarget',
        values: { uses: uses.join(', '), id: node.id },
        nodeIds: [node.id],
      });
    }
  }
  if (problems.length > 0) return { ok: false, diagnostics: problems };
  graph.nodes.forEach((node, n) => {
    if (!needed.has(n) && node.def.category !== 'loss' && node.def.category !== 'data') {
      warnings.push({
        code: 'unused',
        severity: 'warning',
        where: `node ${node.id}`,
        message: `node '${node.id}' is left out: no loss's prediction depends on it`,
        key: 'export.unused',
        values: { id: node.id },
        nodeIds: [node.id],
      });
    }
  });

  const unstored = graph.nodes.filter(
    (node) => needed.has(graph.index.get(node.id)!) && node.def.weightShapes && !doc.nodes[node.docIndex].weights,
  );
  if (unstored.length > 0) {
    warnings.push({
      code: 'weights',
      severity: 'warning',
      where: unstored.length === 1 ? `node ${unstored[0].id}` : '(graph)',
      message: `${unstored.length === 1 ? `node '${unstored[0].id}' stores` : `nodes ${unstored.map((n) => `'${n.id}'`).join(', ')} store`} no trained weights: the export uses the initial weights drawn from params and training.seed ${doc.training?.seed ?? 1}, as the app would`,
      ...(unstored.length === 1
        ? { key: 'export.unstoredOne', values: { id: unstored[0].id, seed: doc.training?.seed ?? 1 } }
        : {
            key: 'export.unstoredMany',
            values: { ids: unstored.map((n) => `'${n.id}'`).join(', '), seed: doc.training?.seed ?? 1 },
          }),
      nodeIds: unstored.map((n) => n.id),
    });
  }

  const weights = new Executor(graph, { precision: 'float64' }).exportWeights();
  return {
    ok: true,
    signature: { graph, inputs, outputs, nodes: graph.nodes.filter((_, n) => needed.has(n)), weights, warnings },
  };
}

/** The nodes `starts` depend on, themselves included: a walk with a stack of its own, for graphs of any depth. */
function ancestors(graph: CompiledGraph, starts: readonly number[]): Set<number> {
  const seen = new Set<number>(starts);
  const stack = [...starts];
  while (stack.length > 0) {
    for (const input of graph.nodes[stack.pop()!].inputs) {
      if (seen.has(input.source)) continue;
      seen.add(input.source);
      stack.push(input.source);
    }
  }
  return seen;
}

/** Each Input block (document order) with the feature columns it takes, as data is bound (planInputColumns). */
export function inputColumns(graph: CompiledGraph): SignatureInput[] {
  const inputs = dataNodes(graph, 'features');
  const named = namedColumns([...inputs, ...dataNodes(graph, 'targets')]);
  return planInputColumns(inputs, named, graph.document.data?.features).blocks.map(({ node, columns, source }) => ({
    id: node.id,
    size: node.outputSize,
    columns,
    namedColumns: source !== 'generated',
  }));
}
