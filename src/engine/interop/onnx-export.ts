/**
 * ONNX export: a document's prediction path as an ONNX model (default opset 17) that takes raw
 * features and gives what each loss's `pred` port receives — the numbers `predict` gives.
 *
 *   input (one graph input per Input block, [batch × size], float)
 *     → Sub(mean) → Div(std)           the stored normalisation, where the document has one
 *   every other block                  its entry in the interop table (blocks.ts): linear → Gemm
 *                                      with W [out, in] and b [out] as initializers `ID.W`, `ID.b`,
 *                                      activations, add and concat their operators, step → Greater
 *                                      + Cast (exact for inference; a warning says that training
 *                                      tools cannot learn through it)
 *   losses, targets → left out; one graph output per distinct prediction, named after its node
 *
 * Every tensor a block produces is named after the block's id. The document's name is the
 * graph's name, its description the doc string; metadata_props carry the format version,
 * the feature columns of each input, the outputs, the class names and the document itself
 * without weights (so that importing the file restores losses, targets, layout and settings).
 */
import { internalError, type Diagnostic } from '../diagnostics.js';
import { CURRENT_VERSION, FORMAT, type GraphDocument } from '../format.js';
import { computeInterop, isNotExpressible, whyNotExpressible } from './blocks.js';
import {
  DataType,
  encodeModel,
  type OnnxModel,
  type OnnxNode,
  type OnnxTensor,
  type OnnxValueInfo,
} from './onnx-proto.js';
import { nameGiver } from './names.js';
import { modelSignature, type ModelSignature } from './signature.js';

export const ONNX_DEFAULT_OPSET = 17;
/** Every operator the exporter writes has had its current meaning since opset 13. */
export const ONNX_MIN_OPSET = 13;
export const ONNX_MAX_OPSET = 21;

/** Metadata keys written by the exporter (and read back by the importer). */
export const onnxMetadataKeys = {
  format: 'backprop-studio.format',
  version: 'backprop-studio.version',
  name: 'name',
  description: 'description',
  inputs: 'backprop-studio.inputs',
  outputs: 'backprop-studio.outputs',
  classes: 'backprop-studio.classes',
  document: 'backprop-studio.document',
} as const;

export interface OnnxExportOptions {
  /** Default 17 (onnxruntime 1.12+, onnxruntime-web, PyTorch 1.13+ all read it). */
  opset?: number;
  /** Written as the model's producer_version. */
  producerVersion?: string;
}

export interface OnnxExportSummary {
  opset: number;
  inputs: { name: string; columns: string[]; normalized: boolean }[];
  outputs: { name: string; columns: number; loss: string }[];
}

export type OnnxExportResult =
  | { ok: true; bytes: Uint8Array; summary: OnnxExportSummary; warnings: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

const floatTensor = (name: string, dims: number[], values: ArrayLike<number>): OnnxTensor => ({
  name,
  dims,
  dataType: DataType.FLOAT,
  values: Float64Array.from(values),
});
const tensorInfo = (name: string, columns: number, docString?: string): OnnxValueInfo => ({
  name,
  elemType: DataType.FLOAT,
  shape: [{ param: 'batch' }, { value: columns }],
  ...(docString ? { docString } : {}),
});

/** Exports a document (a parsed `.bps.json` value) as the bytes of an `.onnx` file. Never throws. */
export function exportOnnx(document: GraphDocument | unknown, options: OnnxExportOptions = {}): OnnxExportResult {
  try {
    return exportChecked(document, options);
  } catch (e) {
    return {
      ok: false,
      diagnostics: [internalError(e, 'the graph could not be exported to ONNX', '(graph)', 'internal.onnxExport')],
    };
  }
}

function exportChecked(document: GraphDocument | unknown, options: OnnxExportOptions): OnnxExportResult {
  const opset = options.opset ?? ONNX_DEFAULT_OPSET;
  if (!Number.isInteger(opset) || opset < ONNX_MIN_OPSET || opset > ONNX_MAX_OPSET) {
    return {
      ok: false,
      diagnostics: [
        {
          code: 'params',
          severity: 'error',
          where: 'opset',
          message: `the ONNX opset must be a whole number from ${ONNX_MIN_OPSET} to ${ONNX_MAX_OPSET}, got ${opset}`,
          key: 'onnxExport.opset',
          values: { min: ONNX_MIN_OPSET, max: ONNX_MAX_OPSET, got: String(opset) },
        },
      ],
    };
  }
  const described = modelSignature(document);
  if (!described.ok) return described;
  return build(described.signature, opset, options.producerVersion ?? '');
}

function build(signature: ModelSignature, opset: number, producerVersion: string): OnnxExportResult {
  const { graph, weights } = signature;
  const doc = graph.document;
  const warnings = [...signature.warnings];
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];

  // Block outputs take their node's id; everything else gets a free name derived from one.
  const fresh = nameGiver(new Set(graph.nodes.map((n) => n.id)), '_');
  /** The tensor holding each node's output. */
  const tensorOf = new Map<string, string>();

  const inputs: OnnxValueInfo[] = [];
  for (const input of signature.inputs) {
    inputs.push(tensorInfo(input.id, input.size, `feature columns: ${input.columns.join(', ')}`));
    let tensor = input.id;
    const norm = input.normalization;
    if (norm) {
      if (norm.mean.some((m) => m !== 0)) {
        const mean = fresh(`${input.id}.mean`);
        initializers.push(floatTensor(mean, [input.size], norm.mean));
        const centered = fresh(`${input.id}.centered`);
        nodes.push({
          name: centered,
          opType: 'Sub',
          domain: '',
          inputs: [tensor, mean],
          outputs: [centered],
          attributes: [],
          docString: 'stored input normalisation: x − mean',
        });
        tensor = centered;
      }
      if (norm.std.some((s) => s !== 1)) {
        const std = fresh(`${input.id}.std`);
        initializers.push(floatTensor(std, [input.size], norm.std));
        const scaled = fresh(`${input.id}.normalized`);
        nodes.push({
          name: scaled,
          opType: 'Div',
          domain: '',
          inputs: [tensor, std],
          outputs: [scaled],
          attributes: [],
          docString: 'stored input normalisation: (x − mean) / std',
        });
        tensor = scaled;
      }
    }
    tensorOf.set(input.id, tensor);
  }

  for (const node of signature.nodes) {
    if (node.def.source === 'features') continue;
    const exporter = computeInterop(node.def)?.onnx;
    if (!exporter || isNotExpressible(exporter)) {
      return {
        ok: false,
        diagnostics: [
          {
            code: 'unknown-type',
            severity: 'error',
            where: `node ${node.id}`,
            message: `node '${node.id}': ${node.def.title} blocks cannot be exported to ONNX: ${whyNotExpressible(node.def, 'onnx')}`,
            key: 'onnxExport.block',
            values: { id: node.id, block: node.def.title, reason: whyNotExpressible(node.def, 'onnx') ?? '' },
            nodeIds: [node.id],
          },
        ],
      };
    }
    const sources = node.inputs.map((i) => graph.nodes[i.source]);
    exporter({
      node,
      params: node.params,
      inputs: sources.map((s) => tensorOf.get(s.id)!),
      inputSizes: sources.map((s) => s.outputSize),
      weights: weights[node.id] ?? {},
      output: (opType, ins, attributes = []) => {
        nodes.push({ name: node.id, opType, domain: '', inputs: [...ins], outputs: [node.id], attributes });
        tensorOf.set(node.id, node.id);
      },
      helper: (suffix, opType, ins, docString) => {
        const name = fresh(`${node.id}${suffix}`);
        nodes.push({ name, opType, domain: '', inputs: [...ins], outputs: [name], attributes: [], docString });
        return name;
      },
      initializer: (suffix, dims, values) => {
        const name = fresh(`${node.id}${suffix}`);
        initializers.push(floatTensor(name, [...dims], values));
        return name;
      },
      warn: (code, message, key, values) =>
        warnings.push({
          code,
          severity: 'warning',
          where: `node ${node.id}`,
          message,
          key,
          values,
          nodeIds: [node.id],
        }),
    });
  }

  const outputs: OnnxValueInfo[] = [];
  const inputIds = new Set(signature.inputs.map((i) => i.id));
  for (const o of signature.outputs) {
    let tensor = tensorOf.get(o.id)!;
    // A prediction straight from an Input block is its (normalised) value; a graph output needs a name of its own.
    if (inputIds.has(o.id)) {
      const name = fresh(`${o.id}.output`);
      nodes.push({ name, opType: 'Identity', domain: '', inputs: [tensor], outputs: [name], attributes: [] });
      tensor = name;
    }
    outputs.push(tensorInfo(tensor, o.size, `prediction fed to ${o.loss.def.title} '${o.loss.id}'`));
  }

  const { metrics: _metrics, ...rest } = doc;
  const skeleton = { ...rest, nodes: doc.nodes.map(({ weights: _w, ...n }) => n) };
  const metadata: Record<string, string> = {
    [onnxMetadataKeys.format]: FORMAT,
    [onnxMetadataKeys.version]: String(CURRENT_VERSION),
    [onnxMetadataKeys.name]: doc.name,
    ...(doc.description ? { [onnxMetadataKeys.description]: doc.description } : {}),
    [onnxMetadataKeys.inputs]: JSON.stringify(Object.fromEntries(signature.inputs.map((i) => [i.id, i.columns]))),
    [onnxMetadataKeys.outputs]: JSON.stringify(
      signature.outputs.map((o, k) => ({
        name: outputs[k].name,
        node: o.id,
        loss: o.loss.id,
        lossType: o.loss.def.type,
      })),
    ),
    ...(doc.data?.classes ? { [onnxMetadataKeys.classes]: JSON.stringify(doc.data.classes) } : {}),
    [onnxMetadataKeys.document]: JSON.stringify(skeleton),
  };
  const model: OnnxModel = {
    irVersion: opset >= 21 ? 10 : opset >= 19 ? 9 : 8,
    opsets: [{ domain: '', version: opset }],
    producerName: 'Backprop Studio',
    producerVersion,
    domain: '',
    modelVersion: 1,
    docString: doc.description ?? '',
    graph: {
      name: doc.name,
      nodes,
      initializers,
      inputs,
      outputs,
      ...(doc.description ? { docString: doc.description } : {}),
    },
    metadata,
  };
  return {
    ok: true,
    bytes: encodeModel(model),
    summary: {
      opset,
      inputs: signature.inputs.map((i) => ({
        name: i.id,
        columns: i.columns,
        normalized: i.normalization !== undefined,
      })),
      outputs: signature.outputs.map((o, k) => ({ name: outputs[k].name, columns: o.size, loss: o.loss.id })),
    },
    warnings,
  };
}
