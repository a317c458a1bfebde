/**
 * ONNX import: an `.onnx` model built from operators that have blocks (e.g. an MLP exported by
 * `torch.onnx.export`) becomes an editable, trainable graph document with its weights.
 *
 *   Gemm (any alpha, beta, transB; C of shape [], [1], [out] or [1, out]) → linear
 *   MatMul with a constant right operand (+ Add of a constant: the bias)    → linear
 *   Relu, Sigmoid, Tanh, LeakyRelu, Softmax (over the columns), Identity    → activation blocks
 *   Add, Sum of computed tensors → add;  Concat over the columns → concat
 *   Greater(x, scalar) → Cast(float)                                        → step
 *   Sub / Div by constants right after a graph input                       → the input normalisation
 *   Flatten / Reshape of a [batch × n] tensor to itself, Dropout, Cast to float → nothing (pass-through)
 *   Constant, Transpose of a constant                                      → folded into the weights
 *
 * Every tensor must be [batch × columns]. An operator without a block stops the import with one
 * problem per operator type, naming the nodes that use it. Each graph output becomes a
 * prediction with a loss and a Target: NLL (class index) after a softmax, binary cross-entropy
 * after a sigmoid, else MSE — so the imported graph's predictions are the model's outputs. The
 * blocks are laid out left to right.
 *
 * A file written by `exportOnnx` also carries its document (without weights) in its metadata:
 * then the losses, targets, positions, labels, training settings and data description come back
 * as they were, and the normalisation keeps its column names.
 */
import type { Diagnostic } from '../diagnostics.js';
import {
  CURRENT_VERSION,
  FORMAT,
  loadDocument,
  type GraphDocument,
  type GraphEdge,
  type GraphNode,
  type WeightTensor,
} from '../format.js';
import { compileGraph } from '../graph.js';
import { onnxMetadataKeys } from './onnx-export.js';
import {
  attribute,
  DataType,
  dataTypeName,
  decodeModel,
  type OnnxModel,
  type OnnxNode,
  type OnnxTensor,
} from './onnx-proto.js';
import { ProtobufError } from './protobuf.js';
import { inputColumns } from './signature.js';

export interface OnnxImportOptions {
  /** The document's name (e.g. the file's name) unless the file records the name of the document it was exported from. */
  name?: string;
}

export type OnnxImportResult =
  | { ok: true; document: GraphDocument; warnings: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

/** The operators the importer understands (some only in the patterns described above). */
export const supportedOnnxOperators = [
  'Gemm',
  'MatMul',
  'Add',
  'Sum',
  'Sub',
  'Div',
  'Relu',
  'Sigmoid',
  'Tanh',
  'LeakyRelu',
  'Softmax',
  'Identity',
  'Concat',
  'Flatten',
  'Reshape',
  'Dropout',
  'Cast',
  'Greater',
  'Constant',
  'Transpose',
] as const;

const MAX_COMBINE_INPUTS = 16;
/** A tensor name that reads well as a block id (torch's `onnx::Gemm_7` or `/0/Gemm_output_0` do not). */
const READABLE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

interface Block {
  id: string;
  type: string;
  params: Record<string, unknown>;
  weights?: Record<string, WeightTensor>;
  /** Source block of each input port, in port order. */
  inputs: Block[];
  /** Columns of the output, once known. */
  cols?: number;
  /** The ONNX node it came from (for messages). */
  origin: string;
  /** For an Input block: the normalisation read from Sub/Div, and whether its raw values are used too. */
  mean?: number[];
  std?: number[];
  rawUse?: boolean;
  normalizedUse?: boolean;
}

type Value =
  | { kind: 'const'; tensor: OnnxTensor }
  | { kind: 'block'; block: Block }
  /** A graph input before its normalisation. */
  | { kind: 'raw'; input: Block }
  /** A graph input after Sub(mean), before any Div(std). */
  | { kind: 'centered'; input: Block }
  /** Greater(x, threshold): becomes a step block at its Cast. */
  | { kind: 'mask'; source: Block; threshold: number }
  /** Produced by a node that could not be imported (already reported). */
  | { kind: 'invalid' };

class ImportProblem extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

const problem = (code: Diagnostic['code'], where: string, message: string): Diagnostic => ({
  code,
  severity: 'error',
  where,
  message,
});

/** Reads an `.onnx` file into a graph document. Never throws. */
export function importOnnx(bytes: Uint8Array | ArrayBuffer, options: OnnxImportOptions = {}): OnnxImportResult {
  let model: OnnxModel;
  try {
    model = decodeModel(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
  } catch (e) {
    if (!(e instanceof ProtobufError)) throw e;
    return {
      ok: false,
      diagnostics: [problem('format', '(file)', `not an ONNX model this app can read: ${e.message}`)],
    };
  }
  try {
    return new Importer(model, options).run();
  } catch (e) {
    if (e instanceof ImportProblem) return { ok: false, diagnostics: [e.diagnostic] };
    throw e;
  }
}

const nodeLabel = (n: OnnxNode, index: number): string => (n.name ? `'${n.name}'` : `#${index}`);

class Importer {
  private readonly values = new Map<string, Value>();
  private readonly blocks: Block[] = [];
  private readonly inputs: Block[] = [];
  private readonly ids = new Set<string>();
  private readonly counters = new Map<string, number>();
  private readonly consumers = new Map<string, number>();
  private readonly outputNames: Set<string>;
  private readonly diagnostics: Diagnostic[] = [];
  private readonly warnings: Diagnostic[] = [];
  private readonly opset: number;
  /** The document recorded by exportOnnx, if any, and its node ids (which name the tensors whatever characters they use). */
  private readonly meta: GraphDocument | undefined;
  private readonly recordedIds: Set<string>;

  constructor(
    private readonly model: OnnxModel,
    private readonly options: OnnxImportOptions,
  ) {
    const main = model.opsets.find((o) => o.domain === '' || o.domain === 'ai.onnx');
    this.opset = main?.version ?? 1;
    this.outputNames = new Set(model.graph.outputs.map((o) => o.name));
    for (const n of model.graph.nodes)
      for (const i of n.inputs) if (i) this.consumers.set(i, (this.consumers.get(i) ?? 0) + 1);
    for (const o of this.outputNames) this.consumers.set(o, (this.consumers.get(o) ?? 0) + 1);
    this.meta = this.metadataDocument();
    this.recordedIds = new Set(this.meta?.nodes.map((n) => n.id) ?? []);
  }

  run(): OnnxImportResult {
    const graph = this.model.graph;
    const unsupported = this.unsupportedOperators();
    if (unsupported.length > 0) return { ok: false, diagnostics: unsupported };

    for (const t of graph.initializers) this.values.set(t.name, { kind: 'const', tensor: t });
    for (const info of graph.inputs) {
      if (this.values.has(info.name)) continue;
      const where = `input '${info.name}'`;
      if (info.elemType !== undefined && info.elemType !== DataType.FLOAT && info.elemType !== DataType.DOUBLE) {
        this.diagnostics.push(
          problem(
            'shape',
            where,
            `graph input '${info.name}' holds ${dataTypeName(info.elemType)} values; an Input block takes floating-point features`,
          ),
        );
        continue;
      }
      if (info.shape && info.shape.length !== 2) {
        this.diagnostics.push(
          problem(
            'shape',
            where,
            `graph input '${info.name}' has rank ${info.shape.length}; blocks work on [batch × columns] tables (rank 2), so flatten the input before exporting`,
          ),
        );
        continue;
      }
      const dim = info.shape?.[1];
      const block = this.addBlock('input', {}, [], info.name, [info.name], 'x');
      if (dim && 'value' in dim && dim.value > 0) block.cols = dim.value;
      this.inputs.push(block);
      this.values.set(info.name, { kind: 'raw', input: block });
    }
    if (this.inputs.length === 0 && this.diagnostics.length === 0) {
      this.diagnostics.push(
        problem('shape', '(graph)', 'the model has no graph input (every input is a stored weight)'),
      );
    }

    graph.nodes.forEach((node, index) => {
      try {
        this.importNode(node, index);
      } catch (e) {
        if (!(e instanceof ImportProblem)) throw e;
        this.diagnostics.push(e.diagnostic);
        for (const o of node.outputs) if (o) this.values.set(o, { kind: 'invalid' });
      }
    });
    if (this.diagnostics.length > 0) return { ok: false, diagnostics: this.diagnostics };

    const outputs = this.outputBlocks();
    if (this.diagnostics.length > 0) return { ok: false, diagnostics: this.diagnostics };
    this.inferColumns();
    if (this.diagnostics.length > 0) return { ok: false, diagnostics: this.diagnostics };
    return this.assemble(outputs);
  }

  /** One problem per operator type that has no block, naming the nodes that use it. */
  private unsupportedOperators(): Diagnostic[] {
    const byType = new Map<string, string[]>();
    this.model.graph.nodes.forEach((n, i) => {
      const standard = n.domain === '' || n.domain === 'ai.onnx';
      const type = standard ? n.opType : `${n.domain}.${n.opType}`;
      if (standard && (supportedOnnxOperators as readonly string[]).includes(n.opType)) return;
      byType.set(type, [...(byType.get(type) ?? []), nodeLabel(n, i)]);
    });
    return [...byType].map(([type, nodes], k) =>
      problem(
        'unknown-type',
        `operator ${type}`,
        `unsupported ONNX operator '${type}' (node${nodes.length > 1 ? 's' : ''} ${nodes.slice(0, 8).join(', ')}${nodes.length > 8 ? `, … ${nodes.length} in all` : ''}) has no Backprop Studio block` +
          (k === 0 ? `; supported operators: ${supportedOnnxOperators.join(', ')}` : ''),
      ),
    );
  }

  // ---- blocks and ids -------------------------------------------------------------------------

  /** An id from the first usable name (a readable tensor name), else `TYPE1`, `TYPE2`, … */
  private freshId(candidates: readonly string[], type: string): string {
    for (const c of candidates) {
      if ((READABLE_NAME.test(c) || this.recordedIds.has(c)) && !this.ids.has(c)) {
        this.ids.add(c);
        return c;
      }
    }
    for (;;) {
      const k = (this.counters.get(type) ?? 0) + 1;
      this.counters.set(type, k);
      const id = `${type}${k}`;
      if (!this.ids.has(id)) {
        this.ids.add(id);
        return id;
      }
    }
  }

  private addBlock(
    type: string,
    params: Record<string, unknown>,
    inputs: Block[],
    origin: string,
    names: readonly string[],
    base = type,
  ): Block {
    const block: Block = { id: this.freshId(names, base), type, params, inputs, origin };
    this.blocks.push(block);
    return block;
  }

  // ---- values ---------------------------------------------------------------------------------

  private value(name: string, node: OnnxNode, index: number): Value {
    const v = this.values.get(name);
    if (v) return v;
    throw new ImportProblem(
      problem(
        'format',
        `node ${nodeLabel(node, index)}`,
        `${node.opType} node ${nodeLabel(node, index)} reads '${name}', which no earlier node, input or initializer produces (the nodes must be in topological order)`,
      ),
    );
  }

  /** A computed [batch × n] tensor as a block (a raw or normalised graph input is its Input block). */
  private blockOf(v: Value, node: OnnxNode, index: number, what = 'input'): Block {
    switch (v.kind) {
      case 'block':
        return v.block;
      case 'raw':
        v.input.rawUse = true;
        return v.input;
      case 'centered':
        v.input.normalizedUse = true;
        return v.input;
      case 'invalid':
        throw new ImportProblem(
          problem(
            'format',
            `node ${nodeLabel(node, index)}`,
            'skipped: it depends on a node that could not be imported',
          ),
        );
      case 'const':
        throw this.fail(node, index, `its ${what} is a constant; ${node.opType} is supported on computed tensors only`);
      case 'mask':
        throw this.fail(
          node,
          index,
          `its ${what} is a comparison result; only Cast(to = float) of a Greater is supported (a step block)`,
        );
    }
  }

  private constOf(v: Value, node: OnnxNode, index: number, what: string): OnnxTensor {
    if (v.kind === 'const') return v.tensor;
    throw this.fail(node, index, `its ${what} must be a constant (a weight), but it is computed`);
  }

  private fail(node: OnnxNode, index: number, message: string): ImportProblem {
    return new ImportProblem(
      problem('params', `node ${nodeLabel(node, index)}`, `${node.opType} node ${nodeLabel(node, index)}: ${message}`),
    );
  }

  private set(node: OnnxNode, v: Value): void {
    this.values.set(node.outputs[0], v);
  }

  private expectCols(block: Block, cols: number, node: OnnxNode, index: number, reason: string): void {
    if (block.cols === undefined) {
      if (block.type === 'input') block.cols = cols;
      return;
    }
    if (block.cols !== cols)
      throw new ImportProblem(
        problem(
          'shape',
          `node ${nodeLabel(node, index)}`,
          `${node.opType} node ${nodeLabel(node, index)}: expects ${cols} columns (${reason}) but '${block.id}' has ${block.cols}`,
        ),
      );
  }

  // ---- operators ------------------------------------------------------------------------------

  private importNode(node: OnnxNode, index: number): void {
    const ins = node.inputs.map((name) => (name ? this.value(name, node, index) : undefined));
    const names = [node.outputs[0] ?? '', node.name];
    const int = (name: string, fallback: number) => attribute(node, name)?.i ?? fallback;
    const float = (name: string, fallback: number) => attribute(node, name)?.f ?? fallback;
    const activations: Record<string, string> = {
      Relu: 'relu',
      Sigmoid: 'sigmoid',
      Tanh: 'tanh',
      Identity: 'identity',
    };
    const op = node.opType;

    if (op === 'Constant') {
      const t = attribute(node, 'value')?.t;
      const f = attribute(node, 'value_float')?.f;
      const fs = attribute(node, 'value_floats')?.floats;
      const i = attribute(node, 'value_int')?.i;
      const is = attribute(node, 'value_ints')?.ints;
      const tensor: OnnxTensor | undefined = t
        ? t
        : f !== undefined
          ? { name: '', dims: [], dataType: DataType.FLOAT, values: Float64Array.of(f) }
          : fs
            ? { name: '', dims: [fs.length], dataType: DataType.FLOAT, values: Float64Array.from(fs) }
            : i !== undefined
              ? { name: '', dims: [], dataType: DataType.INT64, values: Float64Array.of(i) }
              : is
                ? { name: '', dims: [is.length], dataType: DataType.INT64, values: Float64Array.from(is) }
                : undefined;
      if (!tensor)
        throw this.fail(node, index, 'only numeric constants (value, value_float(s), value_int(s)) are supported');
      this.set(node, { kind: 'const', tensor });
      return;
    }
    if (ins.length === 0 || ins[0] === undefined) throw this.fail(node, index, 'it has no input');
    const first = ins[0];

    if (op in activations) {
      if (op === 'Identity' && first.kind === 'const') return this.set(node, first);
      const x = this.blockOf(first, node, index);
      this.set(node, { kind: 'block', block: this.addBlock(activations[op], {}, [x], node.name, names) });
    } else if (op === 'LeakyRelu') {
      const x = this.blockOf(first, node, index);
      this.set(node, {
        kind: 'block',
        block: this.addBlock('leaky_relu', { slope: float('alpha', 0.01) }, [x], node.name, names),
      });
    } else if (op === 'Softmax') {
      const axis = int('axis', this.opset >= 13 ? -1 : 1);
      if (axis !== 1 && axis !== -1)
        throw this.fail(node, index, `axis ${axis}: only a softmax over each row's columns (axis 1 or −1) has a block`);
      const x = this.blockOf(first, node, index);
      this.set(node, { kind: 'block', block: this.addBlock('softmax', {}, [x], node.name, names) });
    } else if (op === 'Gemm') {
      this.gemm(node, index, ins, names);
    } else if (op === 'MatMul') {
      const x = this.blockOf(first, node, index, 'first input');
      const B = this.constOf(this.need(ins[1], node, index, 'second input'), node, index, 'second input');
      if (B.dims.length !== 2)
        throw this.fail(node, index, `its weight has shape [${B.dims.join(', ')}]; a linear layer needs a matrix`);
      const [inCols, outCols] = B.dims;
      this.expectCols(x, inCols, node, index, 'the rows of its weight');
      const W = transpose(B.values, inCols, outCols);
      const block = this.addBlock('linear', { in: inCols, out: outCols, bias: false }, [x], node.name, names);
      block.weights = { W: { shape: [outCols, inCols], data: Array.from(W) } };
      block.cols = outCols;
      this.set(node, { kind: 'block', block });
    } else if (op === 'Add') {
      this.add(node, index, ins, names);
    } else if (op === 'Sum') {
      const xs = ins.map((v) => this.blockOf(this.need(v, node, index, 'input'), node, index));
      if (xs.length === 1) return this.set(node, { kind: 'block', block: xs[0] });
      if (xs.length > MAX_COMBINE_INPUTS)
        throw this.fail(node, index, `${xs.length} inputs; an add block takes at most ${MAX_COMBINE_INPUTS}`);
      this.set(node, { kind: 'block', block: this.addBlock('add', { inputs: xs.length }, xs, node.name, names) });
    } else if (op === 'Concat') {
      const axis = int('axis', 1);
      if (axis !== 1 && axis !== -1)
        throw this.fail(node, index, `axis ${axis}: only joining columns side by side (axis 1 or −1) has a block`);
      const xs = ins.map((v) => this.blockOf(this.need(v, node, index, 'input'), node, index));
      if (xs.length === 1) return this.set(node, { kind: 'block', block: xs[0] });
      if (xs.length > MAX_COMBINE_INPUTS)
        throw this.fail(node, index, `${xs.length} inputs; a concat block takes at most ${MAX_COMBINE_INPUTS}`);
      this.set(node, { kind: 'block', block: this.addBlock('concat', { inputs: xs.length }, xs, node.name, names) });
    } else if (op === 'Sub' || op === 'Div') {
      this.normalization(node, index, ins);
    } else if (op === 'Greater') {
      const x = this.blockOf(first, node, index, 'first input');
      const t = this.constOf(this.need(ins[1], node, index, 'threshold'), node, index, 'threshold');
      if (t.values.length !== 1)
        throw this.fail(node, index, `its threshold has ${t.values.length} values; a step block has one threshold`);
      this.set(node, { kind: 'mask', source: x, threshold: t.values[0] });
    } else if (op === 'Cast') {
      const to = int('to', 0);
      if (first.kind === 'const') return this.set(node, first);
      if (first.kind === 'mask') {
        if (to !== DataType.FLOAT && to !== DataType.DOUBLE)
          throw this.fail(node, index, `cast of a comparison to ${dataTypeName(to)}; a step block gives floats`);
        const block = this.addBlock('step', { threshold: first.threshold }, [first.source], node.name, names);
        return this.set(node, { kind: 'block', block });
      }
      if (to !== DataType.FLOAT && to !== DataType.DOUBLE)
        throw this.fail(node, index, `cast to ${dataTypeName(to)}; blocks compute with floats`);
      this.set(node, first);
    } else if (op === 'Flatten') {
      const axis = int('axis', 1);
      if (axis !== 1 && axis !== -1)
        throw this.fail(
          node,
          index,
          `axis ${axis}: only flattening a [batch × n] table into itself (axis 1) is supported`,
        );
      this.blockOf(first, node, index);
      this.set(node, first);
    } else if (op === 'Reshape') {
      const x = this.blockOf(first, node, index);
      const shape = Array.from(this.constOf(this.need(ins[1], node, index, 'shape'), node, index, 'shape').values);
      const keepsRows =
        shape.length === 2 &&
        (shape[0] === 0 || shape[0] === -1) &&
        (shape[1] === -1 || x.cols === undefined || shape[1] === x.cols);
      if (!keepsRows || (shape[0] === -1 && shape[1] === -1))
        throw this.fail(
          node,
          index,
          `reshape to [${shape.join(', ')}]: only keeping a [batch × n] table as it is is supported`,
        );
      this.set(node, first);
    } else if (op === 'Dropout') {
      if (node.outputs[1] && this.consumers.has(node.outputs[1]))
        throw this.fail(
          node,
          index,
          'its mask output is used; dropout is left out of an imported graph (it only acts during training)',
        );
      this.blockOf(first, node, index);
      this.set(node, first);
    } else if (op === 'Transpose') {
      const t = this.constOf(first, node, index, 'input');
      const perm = attribute(node, 'perm')?.ints ?? [1, 0];
      if (t.dims.length !== 2 || perm[0] !== 1 || perm[1] !== 0)
        throw this.fail(node, index, 'only transposing a constant matrix is supported');
      this.set(node, {
        kind: 'const',
        tensor: { ...t, dims: [t.dims[1], t.dims[0]], values: transpose(t.values, t.dims[0], t.dims[1]) },
      });
    } else {
      throw this.fail(node, index, 'not supported');
    }
  }

  private need(v: Value | undefined, node: OnnxNode, index: number, what: string): Value {
    if (v === undefined) throw this.fail(node, index, `its ${what} is missing`);
    return v;
  }

  private gemm(node: OnnxNode, index: number, ins: (Value | undefined)[], names: string[]): void {
    const attr = (name: string, fallback: number) => {
      const a = attribute(node, name);
      return a?.i ?? a?.f ?? fallback;
    };
    if (attr('transA', 0) !== 0) throw this.fail(node, index, 'transA = 1 (the batch along the columns) has no block');
    const alpha = attr('alpha', 1);
    const beta = attr('beta', 1);
    const transB = attr('transB', 0) !== 0;
    const x = this.blockOf(this.need(ins[0], node, index, 'input A'), node, index, 'input A');
    const B = this.constOf(this.need(ins[1], node, index, 'input B'), node, index, 'input B (the weight)');
    if (B.dims.length !== 2)
      throw this.fail(node, index, `its weight B has shape [${B.dims.join(', ')}], not a matrix`);
    const [outCols, inCols] = transB ? B.dims : [B.dims[1], B.dims[0]];
    this.expectCols(x, inCols, node, index, `Gemm's weight takes ${inCols}`);
    const W = transB ? Float64Array.from(B.values) : transpose(B.values, B.dims[0], B.dims[1]);
    if (alpha !== 1) for (let i = 0; i < W.length; i++) W[i] *= alpha;
    const weights: Record<string, WeightTensor> = { W: { shape: [outCols, inCols], data: Array.from(W) } };
    const cValue = ins[2];
    if (cValue !== undefined) {
      const C = this.constOf(cValue, node, index, 'input C (the bias)');
      const b = broadcastRow(C, outCols);
      if (!b)
        throw this.fail(
          node,
          index,
          `its bias C has shape [${C.dims.join(', ')}]; a bias needs [${outCols}], [1, ${outCols}] or one value`,
        );
      weights.b = { shape: [outCols], data: Array.from(b, (v) => v * beta) };
    }
    const block = this.addBlock(
      'linear',
      { in: inCols, out: outCols, ...(weights.b ? {} : { bias: false }) },
      [x],
      node.name,
      names,
    );
    block.weights = weights;
    block.cols = outCols;
    this.set(node, { kind: 'block', block });
  }

  private add(node: OnnxNode, index: number, ins: (Value | undefined)[], names: string[]): void {
    const a = this.need(ins[0], node, index, 'first input');
    const b = this.need(ins[1], node, index, 'second input');
    if (a.kind === 'const' && b.kind === 'const') {
      if (a.tensor.values.length !== b.tensor.values.length)
        throw this.fail(node, index, 'adding constants of different shapes is not supported');
      return this.set(node, {
        kind: 'const',
        tensor: { ...a.tensor, values: a.tensor.values.map((v, i) => v + b.tensor.values[i]) },
      });
    }
    if (a.kind === 'const' || b.kind === 'const') {
      const [c, other, otherName] =
        a.kind === 'const' ? [a.tensor, b, node.inputs[1]] : [(b as { tensor: OnnxTensor }).tensor, a, node.inputs[0]];
      const layer = other.kind === 'block' ? other.block : undefined;
      // A constant added to a linear layer's output, which nothing else reads, is that layer's bias.
      if (!layer || layer.type !== 'linear' || this.consumers.get(otherName) !== 1 || this.outputNames.has(otherName)) {
        throw this.fail(
          node,
          index,
          'adding a constant is supported only as the bias of a linear layer (a Gemm or MatMul whose result nothing else reads)',
        );
      }
      const out = layer.cols!;
      const bias = broadcastRow(c, out);
      if (!bias)
        throw this.fail(
          node,
          index,
          `the constant has shape [${c.dims.join(', ')}]; a bias of '${layer.id}' needs [${out}], [1, ${out}] or one value`,
        );
      const weights = layer.weights!;
      const previous = weights.b?.data ?? new Array<number>(out).fill(0);
      weights.b = { shape: [out], data: previous.map((v, i) => v + bias[i]) };
      delete layer.params.bias;
      // The block now stands for the Add's result: take its (usually more readable) name.
      const better = node.outputs[0];
      if ((READABLE_NAME.test(better) || this.recordedIds.has(better)) && !this.ids.has(better)) {
        this.ids.delete(layer.id);
        layer.id = better;
        this.ids.add(better);
      }
      return this.set(node, { kind: 'block', block: layer });
    }
    const xs = [this.blockOf(a, node, index), this.blockOf(b, node, index)];
    if (xs[0].cols !== undefined && xs[1].cols !== undefined && xs[0].cols !== xs[1].cols) {
      throw this.fail(
        node,
        index,
        `it adds ${xs[0].cols} columns to ${xs[1].cols} (broadcasting); an add block needs inputs of the same columns`,
      );
    }
    this.set(node, { kind: 'block', block: this.addBlock('add', { inputs: 2 }, xs, node.name, names) });
  }

  /** Sub(input, mean) and Div(…, std) right after a graph input: the input normalisation. */
  private normalization(node: OnnxNode, index: number, ins: (Value | undefined)[]): void {
    const x = this.need(ins[0], node, index, 'first input');
    const c = this.need(ins[1], node, index, 'second input');
    const op = node.opType;
    const onInput = x.kind === 'raw' || (x.kind === 'centered' && op === 'Div');
    if (!onInput || c.kind !== 'const') {
      throw this.fail(
        node,
        index,
        `${op === 'Sub' ? 'subtracting' : 'dividing'} is supported only as the input normalisation: (graph input − mean constant) / std constant`,
      );
    }
    const input = x.input;
    const size = input.cols ?? (c.tensor.values.length > 1 ? c.tensor.values.length : undefined);
    if (size === undefined) throw this.fail(node, index, `the columns of input '${input.id}' are unknown`);
    input.cols ??= size;
    const stats = broadcastRow(c.tensor, size);
    if (!stats)
      throw this.fail(
        node,
        index,
        `the constant has shape [${c.tensor.dims.join(', ')}]; input '${input.id}' has ${size} columns`,
      );
    const key = op === 'Sub' ? 'mean' : 'std';
    if (input[key]) throw this.fail(node, index, `input '${input.id}' is normalised twice`);
    if (key === 'std' && Array.from(stats).some((s) => !(s > 0)))
      throw this.fail(node, index, 'a normalisation std must be positive');
    input[key] = Array.from(stats);
    if (op === 'Sub' && this.consumers.get(node.outputs[0]) === 1) return this.set(node, { kind: 'centered', input });
    input.normalizedUse = true;
    this.set(node, { kind: 'block', block: input });
  }

  // ---- outputs, shapes, document --------------------------------------------------------------

  private outputBlocks(): Block[] {
    const blocks: Block[] = [];
    for (const info of this.model.graph.outputs) {
      const v = this.values.get(info.name);
      const where = `output '${info.name}'`;
      if (!v) {
        this.diagnostics.push(problem('format', where, `graph output '${info.name}' is produced by no node`));
        continue;
      }
      if (v.kind === 'invalid') continue;
      if (v.kind === 'const' || v.kind === 'mask') {
        this.diagnostics.push(
          problem(
            'shape',
            where,
            `graph output '${info.name}' is ${v.kind === 'const' ? 'a constant' : 'a comparison result'}, not a prediction`,
          ),
        );
        continue;
      }
      const block = v.kind === 'block' ? v.block : v.input;
      if (v.kind === 'raw') v.input.rawUse = true;
      if (v.kind === 'centered') v.input.normalizedUse = true;
      if (!blocks.includes(block)) blocks.push(block);
    }
    if (blocks.length === 0 && this.diagnostics.length === 0)
      this.diagnostics.push(problem('format', '(graph)', 'the model has no output to predict'));
    for (const input of this.inputs) {
      if (input.rawUse && input.normalizedUse) {
        this.diagnostics.push(
          problem(
            'params',
            `input '${input.id}'`,
            `graph input '${input.id}' is used both as it is and normalised (Sub/Div); an Input block has one normalisation`,
          ),
        );
      }
    }
    return blocks;
  }

  /** Columns of every block; an input's come from its dims or from the first layer reading it. */
  private inferColumns(): void {
    for (const b of this.blocks) {
      if (b.type === 'input' || b.type === 'linear') continue;
      const sizes = b.inputs.map((i) => i.cols);
      if (sizes.some((s) => s === undefined)) continue;
      b.cols = b.type === 'concat' ? sizes.reduce((s, c) => s! + c!, 0) : sizes[0];
    }
    for (const b of this.blocks) {
      if (b.cols === undefined) {
        this.diagnostics.push(
          problem(
            'shape',
            `node '${b.origin || b.id}'`,
            `the number of columns of '${b.id}' is unknown: give the graph input a fixed second dimension`,
          ),
        );
      }
    }
  }

  private assemble(outputs: Block[]): OnnxImportResult {
    const meta = this.meta;
    const metaNodes = new Map((meta?.nodes ?? []).map((n, i) => [n.id, { node: n, index: i }]));

    // The input normalisation: kept with its column names when the file says which they are, else folded into the first layers.
    let data: GraphDocument['data'] = meta?.data
      ? (JSON.parse(JSON.stringify(meta.data)) as GraphDocument['data'])
      : undefined;
    const normalized = this.inputs.filter((i) => i.mean || i.std);
    const metaColumns = meta ? this.metaInputColumns(meta) : undefined;
    if (data?.normalization || normalized.length > 0) {
      const keep =
        metaColumns && this.inputs.every((i) => sameNormalization(i, metaColumns.get(i.id), data?.normalization));
      if (!keep) {
        const named = metaColumns && normalized.every((i) => metaColumns.get(i.id)?.named);
        if (named) {
          const columns: string[] = [],
            mean: number[] = [],
            std: number[] = [];
          for (const i of normalized) {
            metaColumns.get(i.id)!.columns.forEach((c, k) => {
              columns.push(c);
              mean.push(i.mean?.[k] ?? 0);
              std.push(i.std?.[k] ?? 1);
            });
          }
          data = { ...data, standardize: true, normalization: { columns, mean, std } };
        } else {
          const folded = this.foldNormalization(normalized);
          if (folded) return { ok: false, diagnostics: [folded] };
          if (data) {
            delete data.normalization;
            data.standardize = false;
          }
        }
      }
    }

    const nodes: GraphNode[] = [];
    const edges: GraphEdge[] = [];
    for (const b of this.blocks) {
      const m = metaNodes.get(b.id)?.node;
      const params =
        m && m.type === b.type && equivalentParams(b.type === 'input' ? { size: b.cols } : b.params, m.params ?? {})
          ? m.params
          : b.type === 'input'
            ? { size: b.cols }
            : b.params;
      const node: GraphNode = { id: b.id, type: b.type };
      if (m?.label !== undefined) node.label = m.label;
      if (params && Object.keys(params).length > 0) node.params = params;
      if (m?.position) node.position = m.position;
      if (b.weights) node.weights = b.weights;
      nodes.push(node);
      b.inputs.forEach((src, k) => edges.push({ source: src.id, target: b.id, targetHandle: portName(b.type, k) }));
    }

    // A loss and a Target for each prediction: the ones the file recorded, else chosen by its last block.
    const taken = new Set(nodes.map((n) => n.id));
    const fresh = (base: string) => {
      let id = base;
      for (let k = 2; taken.has(id); k++) id = `${base}${k}`;
      taken.add(id);
      return id;
    };
    for (const out of outputs) {
      const restored = meta && this.restoreLoss(meta, out, taken);
      if (restored) {
        nodes.push(...restored.nodes);
        edges.push(...restored.edges);
        continue;
      }
      const [lossType, targetSize, why] =
        out.type === 'softmax'
          ? ['nll', 1, 'negative log-likelihood of a class index, as the output is a softmax']
          : out.type === 'sigmoid'
            ? ['bce', out.cols!, 'binary cross-entropy, as the output is a sigmoid']
            : ['mse', out.cols!, 'mean squared error'];
      const suffix = outputs.length > 1 ? `_${out.id}` : '';
      const target = fresh(`target${suffix}`);
      const loss = fresh(`loss${suffix}`);
      nodes.push({ id: target, type: 'target', params: { size: targetSize } }, { id: loss, type: lossType });
      edges.push(
        { source: out.id, target: loss, targetHandle: 'pred' },
        { source: target, target: loss, targetHandle: 'target' },
      );
      if (!meta) {
        this.warnings.push({
          code: 'no-loss',
          severity: 'warning',
          where: `node ${loss}`,
          message: `an ONNX model has no loss: added '${loss}' (${why}) with Target '${target}' for prediction '${out.id}'; change it to suit your data`,
          nodeIds: [loss, target],
        });
      }
    }

    if (meta) {
      const order = (id: string) => metaNodes.get(id)?.index ?? Infinity;
      nodes.sort((a, b) => order(a.id) - order(b.id));
      // Edges as recorded (with any id they had), in their recorded order.
      const recorded = (e: GraphEdge) =>
        meta.edges.findIndex(
          (m) => m.source === e.source && m.target === e.target && m.targetHandle === e.targetHandle,
        );
      edges.sort((a, b) => (recorded(a) < 0 ? Infinity : recorded(a)) - (recorded(b) < 0 ? Infinity : recorded(b)));
      edges.forEach((e, k) => {
        const i = recorded(e);
        if (i >= 0) edges[k] = meta.edges[i];
      });
    }
    layOut(nodes, edges);

    const graph = this.model.graph;
    const producer = [this.model.producerName, this.model.producerVersion].filter(Boolean).join(' ');
    const name =
      meta?.name ??
      (this.model.metadata[onnxMetadataKeys.name] || this.options.name || graph.name || 'Imported ONNX model');
    const description = meta
      ? meta.description
      : [
          this.model.docString || graph.docString,
          `Imported from an ONNX model${producer ? ` made by ${producer}` : ''} (opset ${this.opset}).`,
        ]
          .filter(Boolean)
          .join('\n\n');
    const document: GraphDocument = {
      format: FORMAT,
      version: CURRENT_VERSION,
      name,
      ...(description ? { description } : {}),
      nodes,
      edges,
      ...(meta?.training ? { training: meta.training } : {}),
      ...(data ? { data } : {}),
    };
    const loaded = loadDocument(JSON.parse(JSON.stringify(document)));
    if (!loaded.ok) return { ok: false, diagnostics: loaded.diagnostics };
    const compiled = compileGraph(loaded.document);
    if (!compiled.ok) return { ok: false, diagnostics: compiled.diagnostics.filter((d) => d.severity === 'error') };
    return { ok: true, document: loaded.document, warnings: this.warnings };
  }

  /** The document recorded by exportOnnx, when the file has one that loads. */
  private metadataDocument(): GraphDocument | undefined {
    const text = this.model.metadata[onnxMetadataKeys.document];
    if (!text || this.model.metadata[onnxMetadataKeys.format] !== FORMAT) return undefined;
    try {
      const loaded = loadDocument(JSON.parse(text));
      return loaded.ok ? loaded.document : undefined;
    } catch {
      return undefined;
    }
  }

  /** The columns of each Input block of the recorded document (as the runtime assigns them). */
  private metaInputColumns(meta: GraphDocument): Map<string, { columns: string[]; named: boolean }> | undefined {
    const compiled = compileGraph(meta);
    if (!compiled.ok) return undefined;
    return new Map(inputColumns(compiled.graph).map((i) => [i.id, { columns: i.columns, named: i.namedColumns }]));
  }

  /** The recorded loss (and its Target) for prediction `out`, when the file's document has one that still fits. */
  private restoreLoss(
    meta: GraphDocument,
    out: Block,
    taken: Set<string>,
  ): { nodes: GraphNode[]; edges: GraphEdge[] } | null {
    const lossTypes = new Set(['mse', 'mae', 'asymmetric_mse', 'bce', 'nll', 'cross_entropy']);
    const nodes: GraphNode[] = [];
    const edges: GraphEdge[] = [];
    for (const pred of meta.edges.filter((e) => e.source === out.id && e.targetHandle === 'pred')) {
      const loss = meta.nodes.find((n) => n.id === pred.target);
      const targetEdge = meta.edges.find((e) => e.target === pred.target && e.targetHandle === 'target');
      const target = targetEdge && meta.nodes.find((n) => n.id === targetEdge.source);
      if (!loss || !lossTypes.has(loss.type) || !target || target.type !== 'target' || taken.has(loss.id)) continue;
      if (!nodes.some((n) => n.id === target.id)) {
        if (taken.has(target.id)) continue;
        nodes.push(target);
      }
      nodes.push(loss);
      edges.push(pred, targetEdge);
    }
    for (const n of nodes) taken.add(n.id);
    return nodes.length > 0 ? { nodes, edges } : null;
  }

  /**
   * Folds `(x − mean) / std` into every linear layer reading the input: W' = W / std (per
   * column), b' = b − W'·mean. Returns a problem when a reader is not a linear layer.
   */
  private foldNormalization(inputs: Block[]): Diagnostic | null {
    for (const input of inputs) {
      const readers = this.blocks.filter((b) => b.inputs.includes(input));
      const other = readers.find((b) => b.type !== 'linear');
      if (other) {
        return problem(
          'params',
          `input '${input.id}'`,
          `the normalisation (Sub/Div) of graph input '${input.id}' feeds ${other.type} '${other.id}': without column names it can be imported only when linear layers (Gemm/MatMul) read the input`,
        );
      }
      const n = input.cols!;
      const mean = input.mean ?? new Array<number>(n).fill(0);
      const std = input.std ?? new Array<number>(n).fill(1);
      for (const layer of readers) {
        const W = layer.weights!.W.data;
        const out = layer.params.out as number;
        const b = layer.weights!.b?.data ?? new Array<number>(out).fill(0);
        for (let o = 0; o < out; o++) {
          for (let i = 0; i < n; i++) {
            W[o * n + i] /= std[i];
            b[o] -= W[o * n + i] * mean[i];
          }
        }
        if (mean.some((m) => m !== 0)) {
          layer.weights!.b = { shape: [out], data: b };
          delete layer.params.bias;
        }
      }
      delete input.mean;
      delete input.std;
      this.warnings.push({
        code: 'data',
        severity: 'warning',
        where: `node ${input.id}`,
        message: `the input normalisation of '${input.id}' (Sub/Div) is folded into the weights of ${readers.map((r) => `'${r.id}'`).join(', ')}: the graph takes raw features`,
        nodeIds: [input.id],
      });
    }
    return null;
  }
}

/** A per-column constant as `size` values: shapes [], [1], [size] or [1, size]. */
function broadcastRow(t: OnnxTensor, size: number): Float64Array | null {
  const n = t.values.length;
  const rowShape = t.dims.length <= 1 || (t.dims.length === 2 && t.dims[0] === 1);
  if (!rowShape) return null;
  if (n === size) return Float64Array.from(t.values);
  if (n === 1) return new Float64Array(size).fill(t.values[0]);
  return null;
}

function transpose(values: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c];
  return out;
}

function portName(type: string, k: number): string {
  return type === 'add' || type === 'concat' ? `in${k}` : 'in';
}

/** Whether the recorded params say the same as the ones read from the graph (numbers to float32 precision). */
function equivalentParams(read: Record<string, unknown>, recorded: Record<string, unknown>): boolean {
  return (
    Object.entries(read).every(([key, value]) => {
      const other = recorded[key];
      if (typeof value === 'number' && typeof other === 'number') return Math.fround(value) === Math.fround(other);
      if (key === 'bias' && value === false) return other === false;
      return JSON.stringify(value) === JSON.stringify(other);
    }) &&
    (read.bias !== undefined || recorded.bias !== false)
  );
}

/** Whether an input's Sub/Div constants are the recorded normalisation (rounded to float32). */
function sameNormalization(
  input: Block,
  columns: { columns: string[] } | undefined,
  normalization: NonNullable<GraphDocument['data']>['normalization'],
): boolean {
  if (!columns) return false;
  const stats = new Map((normalization?.columns ?? []).map((c, i) => [c, i]));
  return columns.columns.every((c, k) => {
    const i = stats.get(c);
    const mean = i === undefined ? 0 : normalization!.mean[i];
    const std = i === undefined ? 1 : normalization!.std[i];
    return Math.fround(mean) === (input.mean?.[k] ?? 0) && Math.fround(std) === (input.std?.[k] ?? 1);
  });
}

/**
 * Positions left to right: a block's column is one past its deepest input; blocks in a column
 * are stacked in order. Nodes that already have a position keep it.
 */
function layOut(nodes: GraphNode[], edges: GraphEdge[]): void {
  if (nodes.every((n) => n.position)) return;
  const depth = new Map<string, number>();
  const inputsOf = new Map<string, string[]>();
  for (const e of edges) inputsOf.set(e.target, [...(inputsOf.get(e.target) ?? []), e.source]);
  const depthOf = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    const sources = inputsOf.get(id) ?? [];
    const node = nodes.find((n) => n.id === id);
    let d: number;
    if (node?.type === 'target') {
      // A Target stands in the column of the prediction it is compared with.
      const predictions = edges
        .filter((e) => e.source === id)
        .map((e) => edges.find((p) => p.target === e.target && p.targetHandle === 'pred')?.source)
        .filter((s): s is string => s !== undefined && s !== id);
      d = predictions.length > 0 ? Math.max(...predictions.map(depthOf)) : 0;
    } else d = sources.length === 0 ? 0 : 1 + Math.max(...sources.map(depthOf));
    depth.set(id, d);
    return d;
  };
  const rows = new Map<number, number>();
  for (const node of nodes) {
    const d = depthOf(node.id);
    const row = rows.get(d) ?? 0;
    rows.set(d, row + 1);
    node.position ??= { x: d * 220, y: 80 + row * 140 };
  }
}
