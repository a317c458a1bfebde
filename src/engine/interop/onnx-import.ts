/**
 * ONNX import: an `.onnx` model built from operators that have blocks (e.g. an MLP exported by
 * `torch.onnx.export`) becomes an editable, trainable graph document with its weights.
 *
 * Which operators become which block is the blocks' interop table (blocks.ts): Gemm and MatMul
 * become a linear layer, Relu, Sigmoid, Tanh, LeakyRelu, Softmax (over the columns) and Identity
 * activation blocks, Add/Sum of computed tensors an add block, Concat over the columns a concat
 * block, Greater(x, scalar) → Cast(float) a step block. The importer itself reads what is not a
 * block:
 *
 *   Sub / Div of a graph input by constants                     → the input normalisation
 *   Add / Sub / Mul / Div / Neg by a constant per column          → x·scale + shift (see below)
 *   Flatten / Reshape of a [batch × n] tensor to itself, Dropout, Cast to float → nothing (pass-through)
 *   Constant; Transpose, Add / Sub / Mul / Div, Neg, Reciprocal, Sqrt of constants → folded into the weights
 *
 * Every tensor must be [batch × columns]. An operand of one row is repeated over the batch only
 * when it is a constant (one value per column, shape [], [1], [n] or [1, n]: exactly what ONNX
 * broadcasting computes); a computed tensor of one row (a graph input declared [1 × n]) with the
 * batch's rows is refused, since no block repeats rows. A graph input becomes an Input block
 * named like it. An operator without a block stops the import with one problem per operator
 * type, naming the nodes that use it; a problem with a graph input (its type, rank or unknown
 * columns) is reported once, not again by every node reading it. Each graph output becomes a
 * prediction with a loss and a Target: the loss the output block's interop entry names (NLL of
 * a class index after a softmax, binary cross-entropy after a sigmoid), else MSE. The blocks are
 * laid out left to right.
 *
 * Constants per column are represented exactly, never dropped. The input normalisation is the
 * document's `data.normalization` when the file names the columns (see below). Otherwise it,
 * and every other x·scale + shift (chains of them composed into one), is folded into the linear
 * layer it follows when nothing else reads that layer (an Add alone is its bias), else into the
 * linear layers reading it when only they do, else — an activation reads it, or it is a graph
 * output — it is a linear layer computing it (W = diag(scale), b = shift), frozen with its
 * weights set by hand, as the model's constants are.
 *
 * A file written by `exportOnnx` also carries its document (without weights) in its metadata:
 * then the losses, targets, positions, labels, training settings and data description come back
 * as they were, and the normalisation keeps its column names.
 */
import { blockTypes, findBlock, ShapeMismatch } from '../blocks/index.js';
import { internalError, type Diagnostic } from '../diagnostics.js';
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
import {
  formatCount,
  MAX_BLOCKS,
  MAX_COLUMNS,
  MAX_DOCUMENT_BYTES,
  MAX_PARAMETERS,
  MAX_TOTAL_COLUMNS,
} from '../limits.js';
import { broadcastRow, computeInterop, numberArray, transpose, type ImportLoss, type OnnxImporter } from './blocks.js';
import { onnxMetadataKeys } from './onnx-export.js';
import {
  attribute,
  DataType,
  dataTypeName,
  decodeModel,
  type OnnxModel,
  type OnnxNode,
  type OnnxTensor,
  type OnnxValueInfo,
} from './onnx-proto.js';
import { ProtobufError, ProtobufLimitError } from './protobuf.js';
import { nameGiver } from './names.js';
import { inputColumns } from './signature.js';

export interface OnnxImportOptions {
  /** The document's name (e.g. the file's name) unless the file records the name of the document it was exported from. */
  name?: string;
}

export type OnnxImportResult =
  | { ok: true; document: GraphDocument; warnings: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

/** A tensor name that reads well as a block id (torch's `onnx::Gemm_7` or `/0/Gemm_output_0` do not). */
const READABLE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
/** The internal block type of a graph input's Sub/Div, until it is known how to represent it. */
const NORMALIZATION = 'normalization';
/** The internal block type of an Add/Sub/Mul/Div by a constant per column (x·scale + shift), until it is known how to represent it. */
const PER_COLUMN = 'per-column';
/** Internal blocks that get their id late, when assemble() knows what they become. */
const isInternal = (type: string): boolean => type === NORMALIZATION || type === PER_COLUMN;

/** A block being imported. */
export interface ImportedBlock {
  id: string;
  /** A block type, or the internal `normalization` (the Sub/Div of a graph input). */
  type: string;
  params: Record<string, unknown>;
  weights?: Record<string, WeightTensor>;
  /** Source block of each input port, in port order. */
  inputs: ImportedBlock[];
  /** Columns of the output, once known. */
  cols?: number;
  /** True when the tensor has one row that ONNX would broadcast over the batch (a graph input declared [1 × n]). */
  oneRow: boolean;
  /** The ONNX node (or graph input) it came from, for messages. */
  origin: string;
  /** Names to take its id from, most readable first (a normalisation gets its id late). */
  names: string[];
  /** A normalisation's per-column statistics: (x − mean) / std. */
  mean?: number[];
  std?: number[];
  /** A per-column block's coefficients, x·scale + shift, and the ONNX nodes it stands for (for messages). */
  scale?: number[];
  shift?: number[];
  steps?: string[];
  /** A linear layer that stands for constants of the model: frozen, its weights set by hand. */
  frozen?: boolean;
  /** A per-column block that is an input normalisation (for messages). */
  normalizes?: boolean;
}

/** What an ONNX tensor name stands for during the import. */
export type ImportedValue =
  | { kind: 'const'; tensor: OnnxTensor }
  | { kind: 'block'; block: ImportedBlock }
  /** A value that only a following Cast to float makes a block of (Greater → step). */
  | {
      kind: 'pending';
      what: string;
      needs: string;
      castToFloat(cast: OnnxImportContext): void;
    }
  /** Produced by a node or graph input that could not be imported (already reported). */
  | { kind: 'invalid' };

/** What an operator's converter (blocks.ts) works with. */
export interface OnnxImportContext {
  readonly node: OnnxNode;
  /** The node as messages name it: `Mul node 'name'` (or `#index` when it has no name). */
  readonly label: string;
  /** The model's default-domain opset. */
  readonly opset: number;
  /** The node's inputs; undefined for an omitted optional one. */
  readonly inputs: readonly (ImportedValue | undefined)[];
  int(name: string, fallback: number): number;
  float(name: string, fallback: number): number;
  /** Input `k`, which must be present. */
  input(k: number, what: string): ImportedValue;
  /** Input `k` as a block (a computed [batch × n] tensor). */
  block(k: number, what?: string): ImportedBlock;
  /** Input `k` as a constant (a weight). */
  constant(k: number, what: string): OnnxTensor;
  /** A new block of `type` reading `inputs`, named after the node; it is the node's result. */
  create(
    type: string,
    params: Record<string, unknown>,
    inputs: ImportedBlock[],
    weights?: Record<string, WeightTensor>,
  ): ImportedBlock;
  /** The node's (first) output is `value`. */
  result(value: ImportedValue): void;
  /** Refuses unless `block` has `cols` columns (an Input of unknown width takes them). */
  expectCols(block: ImportedBlock, cols: number, reason: string): void;
  /**
   * Refuses a linear layer of impossible size, or one that would take the layers past
   * MAX_PARAMETERS, before anything of that size is allocated; `weight` is the tensor it comes from.
   */
  checkLayer(weight: OnnxTensor, inCols: number, outCols: number, what: string): void;
  /** Refuses a constant computed during the import (a folded Transpose, Add/Sub/Mul/Div) past the limit of all such values. */
  checkFolded(count: number): void;
  /**
   * A problem with this node, to throw: its English `message`, and the catalogue key of the reason
   * (under `diagnostics.onnxImport.reason.`) with the values it names (see `partValues`).
   */
  fail(message: string, reason?: string, values?: Readonly<Record<string, string | number>>): Error;
  /** A limit (limits.ts) this node would pass, to throw before allocating what passes it. */
  limit(message: string, reason?: string, values?: Readonly<Record<string, string | number>>): Error;
}

class ImportProblem extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

/** A problem of the model: its English `message`, and its catalogue key (under `diagnostics.onnxImport.`) and values. */
const problem = (
  code: Diagnostic['code'],
  where: string,
  message: string,
  key?: string,
  values?: Record<string, string | number>,
): Diagnostic => ({
  code,
  severity: 'error',
  where,
  message,
  ...(key ? { key: `onnxImport.${key}`, ...(values ? { values } : {}) } : {}),
});

const IMPORT_FAILED = 'the model could not be imported';

/** The parts of a node an importer names (`ctx.input(k, what)`), by catalogue key under `diagnostics.onnxImport.part.`. */
const PARTS: Readonly<Record<string, string>> = {
  input: 'input',
  'first input': 'firstInput',
  'second input': 'secondInput',
  constant: 'constant',
  shape: 'shape',
  threshold: 'threshold',
  'input A': 'inputA',
  'input B (the weight)': 'inputB',
  'input C (the bias)': 'inputC',
  'its weight': 'weight',
  'its weight B': 'weightB',
  'a comparison result': 'comparison',
  'the rows of its weight': 'weightRows',
  'Cast(to = float) of a Greater (a step block)': 'castOfGreater',
};

/**
 * A part of a node named in a reason, as the values `name` (its English text) and `<name>Key`
 * (its catalogue key, which describeDiagnostic tells in the user's language).
 */
export function partValues(what: string, name = 'what'): Record<string, string> {
  const numbered = /^input (\d+)$/.exec(what) ?? /^Gemm's weight takes (\d+)$/.exec(what);
  if (numbered) {
    const key = what.startsWith('input') ? 'inputN' : 'gemmTakes';
    return { [name]: what, [`${name}Key`]: `onnxImport.part.${key}`, [`${name}Index`]: numbered[1] };
  }
  const key = PARTS[what];
  return key ? { [name]: what, [`${name}Key`]: `onnxImport.part.${key}` } : { [name]: what };
}

/** Reads an `.onnx` file into a graph document. Never throws. */
export function importOnnx(bytes: Uint8Array | ArrayBuffer, options: OnnxImportOptions = {}): OnnxImportResult {
  if (bytes.byteLength > MAX_DOCUMENT_BYTES) {
    return {
      ok: false,
      diagnostics: [
        problem(
          'limit',
          '(file)',
          `the model is ${formatCount(bytes.byteLength)} bytes; models over ${formatCount(MAX_DOCUMENT_BYTES)} bytes (${MAX_DOCUMENT_BYTES / 2 ** 20} MB, the size of the largest document) are not imported`,
          'size',
          { bytes: bytes.byteLength, max: MAX_DOCUMENT_BYTES, mb: MAX_DOCUMENT_BYTES / 2 ** 20 },
        ),
      ],
    };
  }
  let model: OnnxModel;
  try {
    model = decodeModel(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
  } catch (e) {
    if (e instanceof ProtobufLimitError)
      return {
        ok: false,
        diagnostics: [
          problem('limit', '(file)', `the model is too large to import: ${e.message}`, 'tooLarge', {
            error: e.message,
          }),
        ],
      };
    if (e instanceof ProtobufError) {
      return {
        ok: false,
        diagnostics: [
          problem('format', '(file)', `not an ONNX model this app can read: ${e.message}`, 'notOnnx', {
            error: e.message,
          }),
        ],
      };
    }
    return { ok: false, diagnostics: [internalError(e, IMPORT_FAILED, '(file)', 'internal.onnxImport')] };
  }
  try {
    return new Importer(model, options).run();
  } catch (e) {
    if (e instanceof ImportProblem) return { ok: false, diagnostics: [e.diagnostic] };
    return { ok: false, diagnostics: [internalError(e, IMPORT_FAILED, '(file)', 'internal.onnxImport')] };
  }
}

const nodeLabel = (n: OnnxNode, index: number): string => (n.name ? `'${n.name}'` : `#${index}`);

/** The operators that are not blocks but that the importer reads itself (see the file comment). */
const structuralOperators = [
  'Sub',
  'Mul',
  'Div',
  'Neg',
  'Reciprocal',
  'Sqrt',
  'Constant',
  'Cast',
  'Flatten',
  'Reshape',
  'Dropout',
  'Transpose',
] as const;

let importersByOp: Map<string, OnnxImporter[]> | undefined;

/** Operator type → the converters reading it; entries that choose their nodes (`accepts`) first. */
function blockImporters(): Map<string, OnnxImporter[]> {
  if (importersByOp) return importersByOp;
  const byOp = new Map<string, OnnxImporter[]>();
  for (const def of blockTypes()) {
    const side = computeInterop(def)?.onnxImport;
    if (!side || 'notExpressible' in side) continue;
    for (const op of side.ops) {
      const list = byOp.get(op) ?? [];
      if (side.accepts) list.unshift(side);
      else list.push(side);
      byOp.set(op, list);
    }
  }
  importersByOp = byOp;
  return byOp;
}

/** The operators the importer understands (some only in the patterns described above). */
export function supportedOnnxOperators(): string[] {
  const byOp = blockImporters();
  return [...byOp.keys(), ...structuralOperators.filter((op) => !byOp.has(op))];
}

const valueKindNames: Record<string, string> = {
  sequence: 'a sequence of tensors',
  map: 'a map',
  optional: 'an optional value',
  sparse: 'a sparse tensor',
  unknown: 'a value of unknown type',
};

class Importer {
  private readonly values = new Map<string, ImportedValue>();
  private blocks: ImportedBlock[] = [];
  private readonly inputs: ImportedBlock[] = [];
  private readonly ids = new Set<string>();
  private readonly counters = new Map<string, number>();
  private readonly consumers = new Map<string, number>();
  private readonly outputNames: Set<string>;
  private readonly diagnostics: Diagnostic[] = [];
  private readonly warnings: Diagnostic[] = [];
  private readonly opset: number;
  private readonly importers = blockImporters();
  /** The document recorded by exportOnnx, if any, and its node ids (which name the tensors whatever characters they use). */
  private readonly meta: GraphDocument | undefined;
  private readonly recordedIds: Set<string>;
  /** Trainable values of the layers made so far, and values of constants folded so far (each bounded before allocating). */
  private parameters = 0;
  private folded = 0;
  /** Columns of the input normalisations' statistics so far. */
  private normalizedColumns = 0;

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
      const refused = this.refusedInput(info);
      if (refused) {
        this.diagnostics.push(refused);
        this.values.set(info.name, { kind: 'invalid' });
        continue;
      }
      const dims = info.shape;
      const block = this.newBlock('input', {}, [], info.name, [info.name], 'x', true);
      const cols = dims?.[1];
      if (cols && 'value' in cols && cols.value > 0) block.cols = cols.value;
      const rows = dims?.[0];
      block.oneRow = rows !== undefined && 'value' in rows && rows.value === 1;
      this.inputs.push(block);
      this.values.set(info.name, { kind: 'block', block });
    }
    if (this.inputs.length === 0 && this.diagnostics.length === 0) {
      this.diagnostics.push(
        problem('shape', '(graph)', 'the model has no graph input (every input is a stored weight)', 'noInput'),
      );
    }

    for (let index = 0; index < graph.nodes.length; index++) {
      const node = graph.nodes[index];
      try {
        this.importNode(node, index);
      } catch (e) {
        if (!(e instanceof ImportProblem)) throw e;
        this.diagnostics.push(e.diagnostic);
        // Past a limit, every later node would pass it too: said once.
        if (e.diagnostic.code === 'limit') return { ok: false, diagnostics: this.diagnostics };
        this.invalidate(node);
      }
    }
    if (this.diagnostics.length > 0) return { ok: false, diagnostics: this.diagnostics };

    const outputs = this.outputBlocks();
    if (this.diagnostics.length > 0) return { ok: false, diagnostics: this.diagnostics };
    this.inferColumns();
    if (this.diagnostics.length > 0) return { ok: false, diagnostics: this.diagnostics };
    return this.assemble(outputs);
  }

  /** Why a graph input cannot be an Input block, or undefined when it can. */
  private refusedInput(info: OnnxValueInfo): Diagnostic | undefined {
    const name = `graph input '${info.name}'`;
    const refuse = (
      message: string,
      key: string,
      values: Record<string, string | number> = {},
      code: Diagnostic['code'] = 'shape',
    ) => problem(code, `input '${info.name}'`, message, key, { name: info.name, ...values });
    if (info.kind !== undefined && info.kind !== 'tensor') {
      return refuse(
        `${name} is ${valueKindNames[info.kind]}; an Input block takes one [batch × columns] table of numbers`,
        `inputKind.${info.kind}`,
      );
    }
    if (info.elemType !== undefined && info.elemType !== DataType.FLOAT && info.elemType !== DataType.DOUBLE) {
      const float = /float/.test(dataTypeName(info.elemType));
      return refuse(
        `${name} holds ${dataTypeName(info.elemType)} values; an Input block takes float (32-bit) or double features${float ? ', so export the model in float32 (e.g. model.float() before torch.onnx.export)' : ''}`,
        float ? 'inputTypeFloat' : 'inputType',
        { type: dataTypeName(info.elemType) },
      );
    }
    if (info.shape && info.shape.length !== 2) {
      const rank = info.shape.length;
      return refuse(
        `${name} has rank ${rank}; blocks work on [batch × columns] tables (rank 2), so ${rank > 2 ? 'flatten the input' : 'give the input a batch and a column dimension ([batch × n])'} before exporting`,
        rank > 2 ? 'inputRankHigh' : 'inputRankLow',
        { rank },
      );
    }
    const cols = info.shape?.[1];
    if (cols && 'value' in cols && cols.value > MAX_COLUMNS) {
      return refuse(
        `${name} is declared with ${formatCount(cols.value)} columns; an Input block gives at most ${formatCount(MAX_COLUMNS)}`,
        'inputColumns',
        { columns: cols.value, max: MAX_COLUMNS },
        'limit',
      );
    }
    return undefined;
  }

  /** One problem per operator type that has no block, naming the nodes that use it. */
  private unsupportedOperators(): Diagnostic[] {
    const byType = new Map<string, string[]>();
    const known = new Set<string>([...this.importers.keys(), ...structuralOperators]);
    this.model.graph.nodes.forEach((n, i) => {
      const standard = n.domain === '' || n.domain === 'ai.onnx';
      const type = standard ? n.opType : `${n.domain}.${n.opType}`;
      if (standard && known.has(n.opType)) return;
      const list = byType.get(type);
      if (list) list.push(nodeLabel(n, i));
      else byType.set(type, [nodeLabel(n, i)]);
    });
    return [...byType].map(([type, nodes], k) =>
      problem(
        'unknown-type',
        `operator ${type}`,
        `unsupported ONNX operator '${type}' (node${nodes.length > 1 ? 's' : ''} ${nodes.slice(0, 8).join(', ')}${nodes.length > 8 ? `, … ${nodes.length} in all` : ''}) has no Backprop Studio block` +
          (k === 0 ? `; supported operators: ${supportedOnnxOperators().join(', ')}` : ''),
        // The first one lists the supported operators; more than 8 nodes are counted.
        `unsupported${k === 0 ? 'First' : ''}${nodes.length > 8 ? 'More' : ''}`,
        {
          type,
          nodes: nodes.slice(0, 8).join(', '),
          count: nodes.length,
          ...(k === 0 ? { supported: supportedOnnxOperators().join(', ') } : {}),
        },
      ),
    );
  }

  /** Counts `count` more trainable values; refuses, before they are allocated, past MAX_PARAMETERS. */
  private spendParameters(count: number, refusal: (total: number) => Error): void {
    this.parameters += count;
    if (this.parameters > MAX_PARAMETERS) throw refusal(this.parameters);
  }

  // ---- blocks and ids -------------------------------------------------------------------------

  /**
   * An id from the first usable name (a readable tensor name, or any name with `anyName`), else
   * `TYPE1`, `TYPE2`, …
   */
  private freshId(candidates: readonly string[], type: string, anyName = false): string {
    for (const c of candidates) {
      if (c && (anyName || READABLE_NAME.test(c) || this.recordedIds.has(c)) && !this.ids.has(c)) {
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

  private newBlock(
    type: string,
    params: Record<string, unknown>,
    inputs: ImportedBlock[],
    origin: string,
    names: string[],
    base = type,
    anyName = false,
  ): ImportedBlock {
    if (this.blocks.length >= MAX_BLOCKS) {
      throw new ImportProblem(
        problem(
          'limit',
          `node '${origin}'`,
          `the model makes more than ${formatCount(MAX_BLOCKS)} blocks (at '${origin}'); a graph has at most ${formatCount(MAX_BLOCKS)}`,
          'blocks',
          { max: MAX_BLOCKS, origin },
        ),
      );
    }
    const block: ImportedBlock = {
      id: isInternal(type) ? '' : this.freshId(names, base, anyName),
      type,
      params,
      inputs,
      origin,
      names,
      oneRow: inputs.length > 0 && inputs.every((i) => i.oneRow),
    };
    this.blocks.push(block);
    return block;
  }

  // ---- nodes ----------------------------------------------------------------------------------

  /** The node's outputs stand for nothing importable (the reason is reported elsewhere). */
  private invalidate(node: OnnxNode): void {
    for (const o of node.outputs) if (o) this.values.set(o, { kind: 'invalid' });
  }

  private importNode(node: OnnxNode, index: number): void {
    const where = `node ${nodeLabel(node, index)}`;
    const ins: (ImportedValue | undefined)[] = [];
    for (const name of node.inputs) {
      if (!name) {
        ins.push(undefined);
        continue;
      }
      const v = this.values.get(name);
      if (!v) {
        throw new ImportProblem(
          problem(
            'format',
            where,
            `${node.opType} node ${nodeLabel(node, index)} reads '${name}', which no earlier node, input or initializer produces (the nodes must be in topological order)`,
            'unordered',
            { op: node.opType, node: nodeLabel(node, index), name },
          ),
        );
      }
      // What it reads could not be imported, and that has been said once: nothing more to say here.
      if (v.kind === 'invalid') return this.invalidate(node);
      ins.push(v);
    }
    const ctx = this.context(node, index, ins);
    // An Add with a constant is a per-column shift (or a bias); an Add of computed tensors is an add block.
    if (node.opType === 'Add' && ins.some((v) => v?.kind === 'const')) return this.arithmetic(ctx);
    const structural = this.structural(node.opType);
    if (structural) return structural(ctx);
    const converter = this.importers.get(node.opType)?.find((c) => !c.accepts || c.accepts(ctx));
    if (!converter) throw ctx.fail('not supported');
    converter.convert(ctx);
  }

  private context(node: OnnxNode, index: number, ins: (ImportedValue | undefined)[]): OnnxImportContext {
    // The reason's key comes before its values, so that describeDiagnostic tells the parts it names first.
    const reasonValues = (message: string, reason?: string, values?: Readonly<Record<string, string | number>>) => ({
      op: node.opType,
      node: nodeLabel(node, index),
      reason: message,
      ...(reason ? { reasonKey: `onnxImport.reason.${reason}`, ...values } : {}),
    });
    const fail = (message: string, reason?: string, values?: Readonly<Record<string, string | number>>) =>
      new ImportProblem(
        problem(
          'params',
          `node ${nodeLabel(node, index)}`,
          `${node.opType} node ${nodeLabel(node, index)}: ${message}`,
          message === 'not supported' ? 'nodeUnsupported' : 'node',
          reasonValues(message, reason, values),
        ),
      );
    const limit = (message: string, reason?: string, values?: Readonly<Record<string, string | number>>) =>
      new ImportProblem(
        problem(
          'limit',
          `node ${nodeLabel(node, index)}`,
          `${node.opType} node ${nodeLabel(node, index)}: ${message}`,
          'node',
          reasonValues(message, reason, values),
        ),
      );
    const input = (k: number, what: string): ImportedValue => {
      const v = ins[k];
      if (v === undefined) throw fail(`its ${what} is missing`, 'missing', partValues(what));
      return v;
    };
    const names = [node.outputs[0] ?? '', node.name];
    const ctx: OnnxImportContext = {
      node,
      opset: this.opset,
      inputs: ins,
      int: (name, fallback) => attribute(node, name)?.i ?? fallback,
      float: (name, fallback) => attribute(node, name)?.f ?? fallback,
      input,
      block: (k, what = ins.length > 1 ? `input ${k + 1}` : 'input') => {
        const v = input(k, what);
        switch (v.kind) {
          case 'block':
            return v.block;
          case 'const':
            throw fail(
              `its ${what} is a constant; ${node.opType} is supported on computed tensors only`,
              'constantInput',
              partValues(what),
            );
          case 'pending':
            throw fail(`its ${what} is ${v.what}; only ${v.needs} is supported`, 'pending', {
              ...partValues(what),
              ...partValues(v.what, 'pending'),
              ...partValues(v.needs, 'needs'),
            });
          case 'invalid':
            throw fail(`its ${what} could not be imported`, 'invalid', partValues(what));
        }
      },
      constant: (k, what) => {
        const v = input(k, what);
        if (v.kind !== 'const')
          throw fail(`its ${what} must be a constant (a weight), but it is computed`, 'computed', partValues(what));
        // The engine computes in float32: a value beyond it would be an infinite weight, never a right number.
        const values = v.tensor.values;
        for (let i = 0; i < values.length; i++) {
          if (!Number.isFinite(Math.fround(values[i]))) {
            const name = v.tensor.name ? ` '${v.tensor.name}'` : '';
            throw fail(
              `its ${what}${name} holds ${values[i]} (value ${formatCount(i + 1)} of ${formatCount(values.length)}); weights and constants must be finite numbers within float32's range (±3.4e38)`,
              v.tensor.name ? 'notFiniteNamed' : 'notFinite',
              {
                tensor: v.tensor.name,
                value: String(values[i]),
                index: i + 1,
                length: values.length,
                ...partValues(what),
              },
            );
          }
        }
        return v.tensor;
      },
      create: (type, params, inputs, weights) => {
        const parsed = findBlock(type)?.schema.safeParse(params);
        if (!parsed?.success) {
          const issue = parsed?.error.issues[0];
          throw fail(
            `it would be a ${type} block with ${issue ? `params.${issue.path.join('.')} ${issue.message}` : 'an unknown type'}`,
            issue ? 'params' : 'unknownType',
            { type, ...(issue ? { param: issue.path.join('.'), issue: issue.message } : {}) },
          );
        }
        const block = this.newBlock(type, params, inputs, node.name, names);
        if (weights) block.weights = weights;
        this.checkRows(block, fail);
        this.computeColumns(block, fail);
        this.values.set(node.outputs[0], { kind: 'block', block });
        return block;
      },
      result: (value) => {
        this.values.set(node.outputs[0], value);
      },
      expectCols: (block, cols, reason) => {
        if (block.cols === undefined) {
          if (block.type === 'input') block.cols = cols;
          return;
        }
        if (block.cols !== cols)
          throw new ImportProblem(
            problem(
              'shape',
              `node ${nodeLabel(node, index)}`,
              `${node.opType} node ${nodeLabel(node, index)}: expects ${cols} columns (${reason}) but '${block.id || block.origin}' has ${block.cols}`,
              'expectCols',
              {
                op: node.opType,
                node: nodeLabel(node, index),
                cols,
                block: block.id || block.origin,
                has: block.cols,
                ...partValues(reason, 'because'),
              },
            ),
          );
      },
      checkLayer: (weight, inCols, outCols, what) => {
        const named = weight.name ? `${what} '${weight.name}'` : what;
        const shape = `${named} has shape [${weight.dims.join(', ')}]: a linear layer of ${formatCount(inCols)} inputs and ${formatCount(outCols)} outputs`;
        // The shape said first (layerNamed, layer), then what is wrong with it.
        const values = (more: Record<string, string | number> = {}) => ({
          shapeKey: `onnxImport.reason.${weight.name ? 'layerNamed' : 'layer'}`,
          ...(weight.name ? { weightName: weight.name } : {}),
          dims: weight.dims.join(', '),
          inCols,
          outCols,
          ...partValues(what),
          ...more,
        });
        if (!(inCols >= 1 && outCols >= 1))
          throw fail(`${shape}; a linear layer has at least one of each`, 'layerEmpty', values());
        if (inCols > MAX_COLUMNS || outCols > MAX_COLUMNS)
          throw limit(
            `${shape}; a block takes and gives at most ${formatCount(MAX_COLUMNS)} columns`,
            'layerColumns',
            values({ max: MAX_COLUMNS }),
          );
        this.spendParameters(inCols * outCols, (total) =>
          limit(
            `${shape}; with it the weight matrices of the model's layers hold ${formatCount(total)} values; a graph holds at most ${formatCount(MAX_PARAMETERS)} trainable values`,
            'layerParameters',
            values({ total, max: MAX_PARAMETERS }),
          ),
        );
      },
      checkFolded: (count) => {
        this.folded += count;
        if (this.folded > MAX_PARAMETERS)
          throw limit(
            `the constants computed from the model's weights (Transpose, Add/Sub/Mul/Div of constants) would hold more than ${formatCount(MAX_PARAMETERS)} values, as many as a graph's trainable values may be`,
            'folded',
            { max: MAX_PARAMETERS },
          );
      },
      label: `${node.opType} node ${nodeLabel(node, index)}`,
      fail,
      limit,
    };
    return ctx;
  }

  /** A tensor of one row meeting one of the batch is broadcast by ONNX; no block does that. */
  private checkRows(block: ImportedBlock, fail: OnnxImportContext['fail']): void {
    if (block.inputs.length < 2 || block.oneRow || !block.inputs.some((i) => i.oneRow)) return;
    const one = block.inputs.find((i) => i.oneRow)!;
    const many = block.inputs.find((i) => !i.oneRow)!;
    throw fail(
      `it combines '${one.id || one.origin}', which has one row (declared [1 × n]), with the rows of '${many.id || many.origin}'; ONNX would repeat that row over the batch (broadcasting), which no block does — declare the batch dimension of every input the same (e.g. dynamic)`,
      'oneRow',
      { one: one.id || one.origin, many: many.id || many.origin },
    );
  }

  /** The block's columns from its definition's outputSize, once the columns of its inputs are known. */
  private computeColumns(block: ImportedBlock, fail: OnnxImportContext['fail']): void {
    if (block.cols !== undefined || block.type === 'input') return;
    const sizes = block.inputs.map((i) => i.cols);
    if (sizes.some((s) => s === undefined)) return;
    if (isInternal(block.type)) {
      block.cols = sizes[0];
      return;
    }
    const def = findBlock(block.type)!;
    const params = def.schema.safeParse(block.params);
    if (!params.success) return;
    try {
      block.cols = def.outputSize(params.data, sizes as number[]);
    } catch (e) {
      if (e instanceof ShapeMismatch)
        throw fail(e.message, 'shapeMismatch', {
          port: e.port,
          expected: e.expected,
          got: e.got,
          mismatch: e.reason,
        });
      throw e;
    }
  }

  /** The operators the importer reads itself (see the file comment). */
  private structural(op: string): ((ctx: OnnxImportContext) => void) | undefined {
    switch (op) {
      case 'Sub':
      case 'Mul':
      case 'Div':
        return (ctx) => this.arithmetic(ctx);
      case 'Neg':
      case 'Reciprocal':
      case 'Sqrt':
        return (ctx) => {
          const x = ctx.input(0, 'input');
          if (x.kind !== 'const') {
            if (op !== 'Neg') {
              const what = op === 'Sqrt' ? 'a square root' : 'a reciprocal';
              throw ctx.fail(
                `${what} of a computed tensor has no block; only ${what} of a constant is supported`,
                op === 'Sqrt' ? 'sqrtComputed' : 'reciprocalComputed',
              );
            }
            const block = ctx.block(0);
            const n = this.perColumnSize(ctx, block);
            return this.perColumn(ctx, block, new Array<number>(n).fill(-1), new Array<number>(n).fill(0));
          }
          const t = ctx.constant(0, 'input');
          ctx.checkFolded(t.values.length);
          const f = op === 'Neg' ? (v: number) => -v : op === 'Sqrt' ? Math.sqrt : (v: number) => 1 / v;
          const round = t.dataType === DataType.FLOAT ? Math.fround : (v: number) => v;
          ctx.result({ kind: 'const', tensor: { ...t, name: '', values: t.values.map((v) => round(f(v))) } });
        };
      case 'Constant':
        return (ctx) => ctx.result({ kind: 'const', tensor: constantOf(ctx) });
      case 'Cast':
        return (ctx) => {
          const x = ctx.input(0, 'input');
          const to = ctx.int('to', 0);
          if (x.kind === 'const') return ctx.result(x);
          const float = to === DataType.FLOAT || to === DataType.DOUBLE;
          if (x.kind === 'pending') {
            if (!float)
              throw ctx.fail(`cast of ${x.what} to ${dataTypeName(to)}; only ${x.needs} is supported`, 'castPending', {
                type: dataTypeName(to),
                ...partValues(x.what, 'pending'),
                ...partValues(x.needs, 'needs'),
              });
            return x.castToFloat(ctx);
          }
          if (!float)
            throw ctx.fail(`cast to ${dataTypeName(to)}; blocks compute with floats`, 'cast', {
              type: dataTypeName(to),
            });
          ctx.result(x);
        };
      case 'Flatten':
        return (ctx) => {
          const axis = ctx.int('axis', 1);
          if (axis !== 1 && axis !== -1)
            throw ctx.fail(
              `axis ${axis}: only flattening a [batch × n] table into itself (axis 1) is supported`,
              'flattenAxis',
              { axis },
            );
          ctx.result({ kind: 'block', block: ctx.block(0) });
        };
      case 'Reshape':
        return (ctx) => {
          const x = ctx.block(0, 'input');
          const shape = Array.from(ctx.constant(1, 'shape').values);
          const keepsRows =
            shape.length === 2 &&
            (shape[0] === 0 || shape[0] === -1) &&
            (shape[1] === -1 || x.cols === undefined || shape[1] === x.cols);
          if (!keepsRows || (shape[0] === -1 && shape[1] === -1))
            throw ctx.fail(
              `reshape to [${shape.join(', ')}]: only keeping a [batch × n] table as it is is supported`,
              'reshape',
              { dims: shape.join(', ') },
            );
          ctx.result({ kind: 'block', block: x });
        };
      case 'Dropout':
        return (ctx) => {
          const mask = ctx.node.outputs[1];
          if (mask && this.consumers.has(mask))
            throw ctx.fail(
              'its mask output is used; dropout is left out of an imported graph (it only acts during training)',
              'dropoutMask',
            );
          ctx.result({ kind: 'block', block: ctx.block(0) });
        };
      case 'Transpose':
        return (ctx) => {
          const t = ctx.constant(0, 'input');
          const perm = attribute(ctx.node, 'perm')?.ints ?? [1, 0];
          if (t.dims.length !== 2 || perm[0] !== 1 || perm[1] !== 0)
            throw ctx.fail('only transposing a constant matrix is supported', 'transpose');
          ctx.checkFolded(t.values.length);
          ctx.result({
            kind: 'const',
            tensor: { ...t, dims: [t.dims[1], t.dims[0]], values: transpose(t.values, t.dims[0], t.dims[1]) },
          });
        };
      default:
        return undefined;
    }
  }

  /**
   * Add, Sub, Mul and Div with a constant operand. Of two constants: a constant, computed as ONNX
   * broadcasts them. Sub(input, mean) and Div(input or its Sub, positive std): the input
   * normalisation. Of a computed tensor and a constant of one value per column (shape [], [1], [n]
   * or [1, n], which ONNX repeats over the batch): a per-column block x·scale + shift. Both are
   * internal blocks until assemble() knows how to represent them. Anything else is refused: no
   * block multiplies, subtracts or divides two computed tensors.
   */
  private arithmetic(ctx: OnnxImportContext): void {
    const op = ctx.node.opType as 'Add' | 'Sub' | 'Mul' | 'Div';
    const a = ctx.input(0, 'first input');
    const b = ctx.input(1, 'second input');
    if (a.kind === 'const' && b.kind === 'const') {
      const x = ctx.constant(0, 'first input');
      const y = ctx.constant(1, 'second input');
      return ctx.result({ kind: 'const', tensor: foldConstants(ctx, op, x, y) });
    }
    const k = b.kind === 'const' ? 1 : a.kind === 'const' ? 0 : -1;
    if (k < 0) {
      const x = ctx.block(0, 'first input');
      const y = ctx.block(1, 'second input');
      const oneRow = [x, y].find((v) => v.oneRow) && [x, y].find((v) => !v.oneRow);
      const [verb, supported] = {
        Add: ['adding', 'adding a constant'],
        Sub: ['subtracting', 'subtracting a constant'],
        Mul: ['multiplying', 'multiplying by a constant'],
        Div: ['dividing', 'dividing by a constant'],
      }[op];
      const one = x.oneRow ? x : y;
      throw ctx.fail(
        `${verb} two computed tensors ('${x.id || x.origin}' and '${y.id || y.origin}') has no block; only ${supported} (one value, or one per column) is supported` +
          (oneRow
            ? ` — and '${one.id || one.origin}' has one row (declared [1 × n]), which ONNX would repeat over the batch (broadcasting)`
            : ''),
        `twoComputed.${op.toLowerCase()}${oneRow ? 'OneRow' : ''}`,
        { first: x.id || x.origin, second: y.id || y.origin, ...(oneRow ? { one: one.id || one.origin } : {}) },
      );
    }
    const x = ctx.block(1 - k, k === 1 ? 'first input' : 'second input');
    const c = ctx.constant(k, 'constant');
    if (op === 'Div' && k === 0)
      throw ctx.fail(
        `dividing a constant by a computed tensor ('${x.id || x.origin}') has no block; only dividing by a constant is supported`,
        'divideByComputed',
        { block: x.id || x.origin },
      );
    const size = this.perColumnSize(ctx, x, c);
    const values = broadcastRow(c, size);
    if (!values) {
      throw ctx.fail(
        `the constant${c.name ? ` '${c.name}'` : ''} has shape [${c.dims.join(', ')}]; with '${x.id || x.origin}' of ${formatCount(size)} column${size === 1 ? '' : 's'} only one value or one per column (${[...new Set(['[]', '[1]', `[${size}]`, `[1, ${size}]`])].join(', ')}) is supported`,
        c.name ? 'constantShapeNamed' : 'constantShape',
        {
          constant: c.name,
          dims: c.dims.join(', '),
          block: x.id || x.origin,
          count: size,
          shapes: [...new Set(['[]', '[1]', `[${size}]`, `[1, ${size}]`])].join(', '),
        },
      );
    }
    // The input normalisation, when it is one (exported documents write it so).
    const onInput =
      x.type === 'input' || (x.type === NORMALIZATION && op === 'Div' && x.std === undefined && x.scale === undefined);
    if (onInput && k === 1 && (op === 'Sub' || (op === 'Div' && values.every((v) => v > 0 && Number.isFinite(1 / v)))))
      return this.normalization(ctx, x, op, values);
    const scale = new Array<number>(size).fill(1);
    const shift = new Array<number>(size).fill(0);
    for (let i = 0; i < size; i++) {
      const v = values[i];
      if (op === 'Add') shift[i] = v;
      else if (op === 'Sub') {
        if (k === 1) shift[i] = -v;
        else [scale[i], shift[i]] = [-1, v];
      } else if (op === 'Mul') scale[i] = v;
      else if (v === 0)
        throw ctx.fail(
          `it divides by zero (value ${formatCount(i + 1)} of the constant${c.name ? ` '${c.name}'` : ''})`,
          c.name ? 'divideByZeroNamed' : 'divideByZero',
          { index: i + 1, constant: c.name },
        );
      else scale[i] = 1 / v;
    }
    this.perColumn(ctx, x, scale, shift);
  }

  /** The columns a per-column constant applies to: the tensor's (an Input of unknown width takes the constant's). */
  private perColumnSize(ctx: OnnxImportContext, x: ImportedBlock, c?: OnnxTensor): number {
    const size = x.cols ?? (x.type === 'input' && c && c.values.length > 1 ? c.values.length : undefined);
    if (size === undefined) {
      throw ctx.fail(
        x.type === 'input'
          ? `the number of columns of graph input '${x.origin}' is unknown and its constant has one value: give the graph input a fixed second dimension`
          : `the number of columns of '${x.id || x.origin}' is unknown`,
        x.type === 'input' ? 'columnsInput' : 'columns',
        { block: x.type === 'input' ? x.origin : x.id || x.origin },
      );
    }
    if (size > MAX_COLUMNS)
      throw ctx.limit(
        `the constant has ${formatCount(size)} values, one per column of '${x.id || x.origin}'; a block gives at most ${formatCount(MAX_COLUMNS)} columns`,
        'constantColumns',
        { size, block: x.id || x.origin, max: MAX_COLUMNS },
      );
    // Each normalisation or per-column block keeps rows of values: together at most the columns all blocks may have.
    this.normalizedColumns += size;
    if (this.normalizedColumns > MAX_TOTAL_COLUMNS)
      throw ctx.limit(
        `the input normalisations and per-column constants of the model would hold ${formatCount(this.normalizedColumns)} columns of values; the blocks of a graph give at most ${formatCount(MAX_TOTAL_COLUMNS)} columns in all`,
        'totalColumns',
        { size: this.normalizedColumns, max: MAX_TOTAL_COLUMNS },
      );
    if (x.type === 'input') x.cols ??= size;
    return size;
  }

  /** Sub(input, mean) and Div(input or its Sub, std): the input normalisation. */
  private normalization(ctx: OnnxImportContext, source: ImportedBlock, op: 'Sub' | 'Div', stats: Float64Array): void {
    const input = source.type === 'input' ? source : source.inputs[0];
    const block = this.newBlock(NORMALIZATION, {}, [input], ctx.node.name, [
      ctx.node.outputs[0] ?? '',
      ctx.node.name,
      `${input.id}_normalized`,
    ]);
    block.cols = input.cols;
    block.mean = op === 'Sub' ? numberArray(stats) : source.mean;
    if (op === 'Div') block.std = numberArray(stats);
    block.steps = [...(source.steps ?? []), ctx.label];
    this.values.set(ctx.node.outputs[0], { kind: 'block', block });
  }

  /**
   * x·scale + shift per column: one block over what `x` computes from, when `x` is itself a
   * per-column block or a normalisation (their coefficients compose).
   */
  private perColumn(ctx: OnnxImportContext, x: ImportedBlock, scale: number[], shift: number[]): void {
    let source = x;
    let steps = [ctx.label];
    const inner = affineOf(x);
    if (inner) {
      source = x.inputs[0];
      steps = [...(x.steps ?? []), ...steps];
      for (let i = 0; i < scale.length; i++) {
        shift[i] += inner.shift[i] * scale[i];
        scale[i] *= inner.scale[i];
      }
    }
    const block = this.newBlock(PER_COLUMN, {}, [source], ctx.node.name, [ctx.node.outputs[0] ?? '', ctx.node.name]);
    block.cols = scale.length;
    block.scale = scale;
    block.shift = shift;
    block.steps = steps;
    this.values.set(ctx.node.outputs[0], { kind: 'block', block });
  }

  // ---- outputs, shapes, document --------------------------------------------------------------

  private outputBlocks(): ImportedBlock[] {
    const blocks: ImportedBlock[] = [];
    const seen = new Set<ImportedBlock>();
    for (const info of this.model.graph.outputs) {
      const v = this.values.get(info.name);
      const where = `output '${info.name}'`;
      if (!v) {
        this.diagnostics.push(
          problem('format', where, `graph output '${info.name}' is produced by no node`, 'outputUnproduced', {
            name: info.name,
          }),
        );
        continue;
      }
      if (v.kind === 'invalid') continue;
      if (v.kind === 'const' || v.kind === 'pending') {
        this.diagnostics.push(
          problem(
            'shape',
            where,
            `graph output '${info.name}' is ${v.kind === 'const' ? 'a constant' : v.what}, not a prediction`,
            v.kind === 'const' ? 'outputConstant' : 'outputPending',
            { name: info.name, ...(v.kind === 'pending' ? partValues(v.what, 'pending') : {}) },
          ),
        );
        continue;
      }
      if (!seen.has(v.block)) {
        seen.add(v.block);
        blocks.push(v.block);
      }
    }
    if (blocks.length === 0 && this.diagnostics.length === 0)
      this.diagnostics.push(problem('format', '(graph)', 'the model has no output to predict', 'noOutput'));
    return blocks;
  }

  /** Columns of every block, in creation (topological) order; an input's come from its dims or the first layer reading it. */
  private inferColumns(): void {
    for (const b of this.blocks) {
      try {
        this.computeColumns(
          b,
          (message, reason, values) =>
            new ImportProblem(
              problem(
                'shape',
                `node '${b.origin || b.id}'`,
                message,
                reason && `reason.${reason}`,
                values && { ...values },
              ),
            ),
        );
      } catch (e) {
        if (!(e instanceof ImportProblem)) throw e;
        this.diagnostics.push(e.diagnostic);
      }
    }
    // Said once, where it starts: a block whose columns are unknown because an input's are adds nothing.
    for (const b of this.blocks) {
      if (b.cols !== undefined || b.inputs.some((i) => i.cols === undefined)) continue;
      if (b.type === 'input') {
        const info = this.model.graph.inputs.find((i) => i.name === b.origin);
        const dim = info?.shape?.[1];
        const symbol = dim && 'param' in dim ? dim.param : undefined;
        const declared =
          symbol !== undefined
            ? `its second dimension is the symbol '${symbol}'`
            : info?.shape
              ? 'its second dimension has no size'
              : 'it has no declared shape';
        this.diagnostics.push(
          problem(
            'shape',
            `input '${b.origin}'`,
            `the number of columns of graph input '${b.origin}' is unknown (${declared}) and no linear layer reading it tells: give the graph input a fixed second dimension`,
            symbol !== undefined ? 'columnsSymbol' : info?.shape ? 'columnsNoSize' : 'columnsNoShape',
            { name: b.origin, ...(symbol !== undefined ? { symbol } : {}) },
          ),
        );
      } else {
        this.diagnostics.push(
          problem(
            'shape',
            `node '${b.origin || b.id}'`,
            `the number of columns of '${b.id || b.origin}' is unknown`,
            'columnsBlock',
            { id: b.id || b.origin },
          ),
        );
      }
    }
  }

  /**
   * How each normalisation is represented (see the file comment): `data.normalization` when the
   * file names the columns and every use of the input is normalised alike, else folded into the
   * linear layers reading it, else a linear layer of its own. Returns the document's data.
   */
  private representNormalizations(outputs: ImportedBlock[]): GraphDocument['data'] {
    const meta = this.meta;
    let data: GraphDocument['data'] = meta?.data
      ? (JSON.parse(JSON.stringify(meta.data)) as GraphDocument['data'])
      : undefined;
    // Each block's readers, once each (a Set keeps them in order and finds repeats at once).
    const readerSets = new Map<ImportedBlock, Set<ImportedBlock>>();
    for (const b of this.blocks) {
      for (const i of b.inputs) {
        const set = readerSets.get(i);
        if (set) set.add(b);
        else readerSets.set(i, new Set([b]));
      }
    }
    const readers = new Map([...readerSets].map(([b, set]) => [b, [...set]]));
    const isOutput = new Set(outputs);
    const norms = this.blocks.filter((b) => b.type === NORMALIZATION);
    const used = norms.filter((n) => readers.has(n) || isOutput.has(n));
    const usedOf = new Map<ImportedBlock, ImportedBlock[]>();
    for (const n of used) {
      const list = usedOf.get(n.inputs[0]);
      if (list) list.push(n);
      else usedOf.set(n.inputs[0], [n]);
    }
    /** Each input's one normalisation, when it has exactly one and nothing reads the input as it is. */
    const sole = new Map<ImportedBlock, ImportedBlock>();
    for (const input of this.inputs) {
      const own = usedOf.get(input) ?? [];
      const raw = isOutput.has(input) || (readers.get(input) ?? []).some((r) => r.type !== NORMALIZATION);
      if (own.length === 1 && !raw) sole.set(input, own[0]);
    }
    // The recorded inputs' columns matter only where there is a normalisation, in the file or recorded.
    const metaColumns = meta && (used.length > 0 || data?.normalization) ? this.metaInputColumns(meta) : undefined;
    /** Replaces `from` by `to` wherever a block or an output reads it. */
    const replace = (from: ImportedBlock, to: ImportedBlock) => {
      for (const r of readers.get(from) ?? []) r.inputs = r.inputs.map((i) => (i === from ? to : i));
      if (!isOutput.has(from)) return;
      for (let k = 0; k < outputs.length; k++) if (outputs[k] === from) outputs[k] = to;
    };

    const recordedStats = normalizationByColumn(data?.normalization);
    const allSole = used.every((n) => sole.get(n.inputs[0]) === n);
    const keep =
      metaColumns &&
      allSole &&
      this.inputs.every((i) => sameNormalization(sole.get(i), metaColumns.get(i.id), recordedStats));
    if (keep) {
      for (const n of used) replace(n, n.inputs[0]);
    } else if (used.length > 0 && metaColumns && allSole && used.every((n) => metaColumns.get(n.inputs[0].id)?.named)) {
      const columns: string[] = [],
        mean: number[] = [],
        std: number[] = [];
      for (const n of used) {
        metaColumns.get(n.inputs[0].id)!.columns.forEach((c, k) => {
          columns.push(c);
          mean.push(n.mean?.[k] ?? 0);
          std.push(n.std?.[k] ?? 1);
        });
        replace(n, n.inputs[0]);
      }
      data = { ...data, standardize: true, normalization: { columns, mean, std } };
    } else {
      // In the weights: a per-column block x·(1/std) − mean/std, represented like any other.
      for (const n of used) {
        const { scale, shift } = affineOf(n)!;
        Object.assign(n, { type: PER_COLUMN, scale, shift, normalizes: true });
      }
      if (data?.normalization) {
        delete data.normalization;
        data.standardize = false;
      }
    }
    // Each normalisation is gone, or a per-column block now.
    this.blocks = this.blocks.filter((b) => b.type !== NORMALIZATION);
    return data;
  }

  /**
   * How each per-column block x·scale + shift (an Add/Sub/Mul/Div by a constant per column, or
   * a normalisation without named columns) is represented, exactly, in this order of preference:
   * nothing, when it changes nothing; folded into the linear layer it follows, when nothing else
   * reads that layer (W' = diag(scale)·W, b' = scale·b + shift; an Add alone is its bias); folded
   * into the linear layers reading it, when only they read it (W' = W·diag(scale),
   * b' = b + W·shift); else a frozen linear layer computing it (W = diag(scale), b = shift).
   */
  private representPerColumn(outputs: ImportedBlock[]): void {
    const readers = new Map<ImportedBlock, Set<ImportedBlock>>();
    for (const b of this.blocks) {
      for (const i of b.inputs) {
        const set = readers.get(i);
        if (set) set.add(b);
        else readers.set(i, new Set([b]));
      }
    }
    const isOutput = new Set(outputs);
    /** Replaces `from` by `to` wherever a block or an output reads it. */
    const replace = (from: ImportedBlock, to: ImportedBlock) => {
      const toReaders = readers.get(to) ?? new Set<ImportedBlock>();
      toReaders.delete(from);
      for (const r of readers.get(from) ?? []) {
        r.inputs = r.inputs.map((i) => (i === from ? to : i));
        toReaders.add(r);
      }
      readers.set(to, toReaders);
      readers.delete(from);
      if (!isOutput.has(from)) return;
      isOutput.delete(from);
      isOutput.add(to);
      for (let k = 0; k < outputs.length; k++) if (outputs[k] === from) outputs[k] = to;
    };
    const warn = (block: ImportedBlock, message: string, key: string, values: Record<string, string | number>) =>
      this.warnings.push({
        code: 'data',
        severity: 'warning',
        where: `node ${block.id}`,
        message,
        key: `onnxImport.${key}`,
        values,
        nodeIds: [block.id],
      });

    for (const p of this.blocks) {
      if (p.type !== PER_COLUMN) continue;
      const own = [...(readers.get(p) ?? [])];
      const out = isOutput.has(p);
      if (own.length === 0 && !out) continue; // composed into another, or read by nothing
      const source = p.inputs[0];
      const scale = p.scale!;
      const shift = p.shift!;
      const n = scale.length;
      const what = p.normalizes
        ? `the input normalisation of '${source.id}' (Sub/Div)`
        : `${p.steps!.join(', ')} (by a constant per column, on '${source.id}')`;
      /** The catalogue's variant for `what`, and the values it names. */
      const whatKey = p.normalizes ? 'normalization' : 'steps';
      const whatValues: Record<string, string> = p.normalizes
        ? { source: source.id }
        : { source: source.id, steps: p.steps!.join(', ') };
      const scales = scale.some((v) => v !== 1);
      if (!scales && shift.every((v) => v === 0)) {
        replace(p, source);
        continue;
      }
      const sourceReaders = readers.get(source);
      if (source.type === 'linear' && !isOutput.has(source) && sourceReaders?.size === 1) {
        const W = source.weights!.W.data;
        const inCols = W.length / n;
        const b = source.weights!.b?.data ?? new Array<number>(n).fill(0);
        for (let o = 0; o < n; o++) {
          for (let i = 0; i < inCols; i++) W[o * inCols + i] *= scale[o];
          b[o] = b[o] * scale[o] + shift[o];
        }
        if (source.weights!.b || shift.some((v) => v !== 0)) {
          source.weights!.b = { shape: [n], data: b };
          delete source.params.bias;
        }
        replace(p, source);
        // The layer now computes this node's result: it takes its (more readable) name when free.
        const better = p.names[0];
        if (better && (READABLE_NAME.test(better) || this.recordedIds.has(better)) && !this.ids.has(better)) {
          this.ids.delete(source.id);
          source.id = better;
          this.ids.add(better);
        }
        if (scales)
          warn(
            source,
            `${what} is folded into the weights of '${source.id}' (W' = diag(scale)·W, b' = scale·b + shift): it computes the same`,
            `foldedAfter.${whatKey}`,
            { ...whatValues, id: source.id },
          );
        continue;
      }
      if (!out && own.every((r) => r.type === 'linear')) {
        for (const layer of own) {
          const W = layer.weights!.W.data;
          const outCols = layer.cols!;
          const b = layer.weights!.b?.data ?? new Array<number>(outCols).fill(0);
          for (let o = 0; o < outCols; o++) {
            for (let i = 0; i < n; i++) {
              b[o] += W[o * n + i] * shift[i];
              W[o * n + i] *= scale[i];
            }
          }
          if (shift.some((v) => v !== 0)) {
            layer.weights!.b = { shape: [outCols], data: b };
            delete layer.params.bias;
          }
        }
        replace(p, source);
        const layers = own.map((r) => `'${r.id}'`).join(', ');
        warn(
          source,
          p.normalizes
            ? `${what} is folded into the weights of ${layers}: the graph takes raw features`
            : `${what} is folded into the weights of ${layers} (W' = W·diag(scale), b' = b + W·shift): they compute the same`,
          p.normalizes ? 'foldedRaw' : 'foldedBefore',
          { ...whatValues, layers },
        );
        continue;
      }
      const reads = out ? 'is an output of the model' : `feeds ${own.map((r) => `${r.type} '${r.id}'`).join(', ')}`;
      this.spendParameters(
        n * n,
        (total) =>
          new ImportProblem(
            problem(
              'limit',
              `node ${source.id}`,
              `${what} ${reads}, so it would be a linear layer of ${formatCount(n)} × ${formatCount(n)} columns; with it the weight matrices of the model's layers hold ${formatCount(total)} values, and a graph holds at most ${formatCount(MAX_PARAMETERS)} trainable values`,
              `layerLimit.${whatKey}${out ? 'Output' : 'Feeds'}`,
              {
                ...whatValues,
                ...(out ? {} : { readers: own.map((r) => `${r.type} '${r.id}'`).join(', ') }),
                columns: n,
                total,
                max: MAX_PARAMETERS,
              },
            ),
          ),
      );
      const W = new Array<number>(n * n).fill(0);
      for (let i = 0; i < n; i++) W[i * n + i] = scale[i];
      Object.assign(p, {
        id: this.freshId(p.names, p.normalizes ? 'normalize' : 'scale'),
        type: 'linear',
        params: { in: n, out: n, init: 'manual' },
        weights: { W: { shape: [n, n], data: W }, b: { shape: [n], data: [...shift] } },
        frozen: true,
      });
      warn(
        p,
        `${what} ${reads}: it is the linear layer '${p.id}' (W = ${p.normalizes ? 'diag(1/std), b = −mean/std' : 'diag(scale), b = shift'}), which computes it exactly; it is frozen with its weights set by hand, since in the model they are constants (untick Frozen in the inspector to train it)`,
        `asLayer.${whatKey}${out ? 'Output' : 'Feeds'}`,
        { ...whatValues, id: p.id, ...(out ? {} : { readers: own.map((r) => `${r.type} '${r.id}'`).join(', ') }) },
      );
    }
    this.blocks = this.blocks.filter((b) => b.type !== PER_COLUMN);
  }

  private assemble(outputs: ImportedBlock[]): OnnxImportResult {
    const meta = this.meta;
    const metaNodes = new Map((meta?.nodes ?? []).map((n, i) => [n.id, { node: n, index: i }]));
    // A normalisation or per-column block that another composed into, and nothing else reads, is gone.
    const read = new Set<ImportedBlock>(outputs);
    for (const b of this.blocks) for (const i of b.inputs) read.add(i);
    this.blocks = this.blocks.filter((b) => !isInternal(b.type) || read.has(b));
    const data = this.representNormalizations(outputs);
    this.representPerColumn(outputs);

    const nodes: GraphNode[] = [];
    const edges: GraphEdge[] = [];
    for (const b of this.blocks) {
      const m = metaNodes.get(b.id)?.node;
      const read = b.type === 'input' ? { size: b.cols } : b.params;
      const params = m && m.type === b.type && equivalentParams(read, m.params ?? {}) ? m.params : read;
      const node: GraphNode = { id: b.id, type: b.type };
      if (m?.label !== undefined) node.label = m.label;
      // ONNX has no notion of a frozen layer: the recorded document says which were; constants of the model are.
      if (b.frozen || (m?.trainable === false && m.type === b.type)) node.trainable = false;
      if (params && Object.keys(params).length > 0) node.params = params;
      if (m?.position) node.position = m.position;
      if (b.weights) node.weights = b.weights;
      nodes.push(node);
      const def = findBlock(b.type)!;
      const parsed = def.schema.safeParse(b.params);
      const ports = parsed.success ? def.inputs(parsed.data) : [];
      b.inputs.forEach((src, k) => edges.push({ source: src.id, target: b.id, targetHandle: ports[k] ?? `in${k}` }));
    }

    // A loss and a Target for each prediction: the ones the file recorded, else chosen by its last block.
    const taken = new Set(nodes.map((n) => n.id));
    const fresh = nameGiver(taken, '');
    const recordedLosses = meta && lossesByPrediction(meta);
    for (const out of outputs) {
      const restored = recordedLosses && restoreLoss(recordedLosses, out.id, taken);
      if (restored) {
        for (const n of restored.nodes) nodes.push(n);
        for (const e of restored.edges) edges.push(e);
        continue;
      }
      const def = findBlock(out.type);
      const chosen: ImportLoss = (def && computeInterop(def)?.importLoss) ?? {
        type: 'mse',
        target: 'same columns',
        why: 'mean squared error',
      };
      const suffix = outputs.length > 1 ? `_${out.id}` : '';
      const target = fresh(`target${suffix}`);
      const loss = fresh(`loss${suffix}`);
      const targetSize = chosen.target === 'class index' ? 1 : out.cols!;
      nodes.push({ id: target, type: 'target', params: { size: targetSize } }, { id: loss, type: chosen.type });
      edges.push(
        { source: out.id, target: loss, targetHandle: 'pred' },
        { source: target, target: loss, targetHandle: 'target' },
      );
      if (!meta) {
        this.warnings.push({
          code: 'no-loss',
          severity: 'warning',
          where: `node ${loss}`,
          message: `an ONNX model has no loss: added '${loss}' (${chosen.why}) with Target '${target}' for prediction '${out.id}'; change it to suit your data`,
          // By the loss chosen, whose reason (`why`) the catalogue words itself.
          key: `onnxImport.lossAdded.${chosen.type}`,
          values: { loss, target, prediction: out.id },
          nodeIds: [loss, target],
        });
      }
    }

    if (meta) {
      const order = (id: string) => metaNodes.get(id)?.index ?? Infinity;
      nodes.sort((a, b) => order(a.id) - order(b.id));
      // Edges as recorded (with any id they had), in their recorded order.
      const recorded = new Map<string, number>();
      meta.edges.forEach((e, i) => {
        const key = edgeKey(e);
        if (!recorded.has(key)) recorded.set(key, i);
      });
      const at = (e: GraphEdge) => recorded.get(edgeKey(e)) ?? Infinity;
      edges.sort((a, b) => at(a) - at(b));
      edges.forEach((e, k) => {
        const i = recorded.get(edgeKey(e));
        if (i !== undefined) edges[k] = meta.edges[i];
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
}

/** A per-column block's or a normalisation's coefficients as x·scale + shift; undefined for other blocks. */
function affineOf(b: ImportedBlock): { scale: number[]; shift: number[] } | undefined {
  if (b.type === PER_COLUMN) return { scale: [...b.scale!], shift: [...b.shift!] };
  if (b.type !== NORMALIZATION) return undefined;
  const n = b.cols!;
  const scale = new Array<number>(n);
  const shift = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const std = b.std?.[i] ?? 1;
    scale[i] = 1 / std;
    shift[i] = -(b.mean?.[i] ?? 0) / std;
  }
  return { scale, shift };
}

/**
 * Add, Sub, Mul or Div of two constants as ONNX computes it: broadcast (numpy's rule: shapes
 * aligned at the right, a dimension of 1 repeated), in the first operand's type (float32 rounded;
 * integers divided towards zero).
 */
function foldConstants(
  ctx: OnnxImportContext,
  op: 'Add' | 'Sub' | 'Mul' | 'Div',
  a: OnnxTensor,
  b: OnnxTensor,
): OnnxTensor {
  const rank = Math.max(a.dims.length, b.dims.length);
  const pad = (dims: number[]) => [...new Array<number>(rank - dims.length).fill(1), ...dims];
  const da = pad(a.dims);
  const db = pad(b.dims);
  const dims = da.map((d, i) => {
    if (d === db[i] || db[i] === 1) return d;
    if (d === 1) return db[i];
    throw ctx.fail(
      `its constants have shapes [${a.dims.join(', ')}] and [${b.dims.join(', ')}], which do not broadcast`,
      'broadcast',
      { first: a.dims.join(', '), second: b.dims.join(', ') },
    );
  });
  let count = 1;
  for (const d of dims) count = Math.min(count * d, MAX_PARAMETERS + 1);
  ctx.checkFolded(count);
  // Row-major strides, 0 where a dimension is repeated.
  const strides = (d: number[]) => {
    const out = new Array<number>(rank).fill(0);
    let step = 1;
    for (let i = rank - 1; i >= 0; i--) {
      out[i] = d[i] === 1 ? 0 : step;
      step *= d[i];
    }
    return out;
  };
  const sa = strides(da);
  const sb = strides(db);
  const float = a.dataType === DataType.FLOAT;
  const integer = a.dataType !== DataType.FLOAT && a.dataType !== DataType.DOUBLE;
  const apply = (x: number, y: number): number => {
    const v = op === 'Add' ? x + y : op === 'Sub' ? x - y : op === 'Mul' ? x * y : integer ? Math.trunc(x / y) : x / y;
    return float ? Math.fround(v) : v;
  };
  const values = new Float64Array(count);
  const index = new Array<number>(rank).fill(0);
  for (let k = 0; k < count; k++) {
    let ia = 0;
    let ib = 0;
    for (let i = 0; i < rank; i++) {
      ia += index[i] * sa[i];
      ib += index[i] * sb[i];
    }
    values[k] = apply(a.values[ia], b.values[ib]);
    for (let i = rank - 1; i >= 0; i--) {
      if (++index[i] < dims[i]) break;
      index[i] = 0;
    }
  }
  return { name: '', dims, dataType: a.dataType, values };
}

/** The tensor of a Constant node. */
function constantOf(ctx: OnnxImportContext): OnnxTensor {
  const node = ctx.node;
  const t = attribute(node, 'value')?.t;
  if (t) return t;
  const f = attribute(node, 'value_float')?.f;
  if (f !== undefined) return { name: '', dims: [], dataType: DataType.FLOAT, values: Float64Array.of(f) };
  const fs = attribute(node, 'value_floats')?.floats;
  if (fs) return { name: '', dims: [fs.length], dataType: DataType.FLOAT, values: Float64Array.from(fs) };
  const i = attribute(node, 'value_int')?.i;
  if (i !== undefined) return { name: '', dims: [], dataType: DataType.INT64, values: Float64Array.of(i) };
  const is = attribute(node, 'value_ints')?.ints;
  if (is) return { name: '', dims: [is.length], dataType: DataType.INT64, values: Float64Array.from(is) };
  throw ctx.fail('only numeric constants (value, value_float(s), value_int(s)) are supported', 'constantNode');
}

const edgeKey = (e: Pick<GraphEdge, 'source' | 'target' | 'targetHandle'>): string =>
  JSON.stringify([e.source, e.target, e.targetHandle]);

interface RecordedLoss {
  loss: GraphNode;
  pred: GraphEdge;
  target: GraphNode;
  targetEdge: GraphEdge;
}

/** The recorded document's losses (with their Targets), by the id of the prediction each reads. */
function lossesByPrediction(meta: GraphDocument): Map<string, RecordedLoss[]> {
  const byId = new Map(meta.nodes.map((n) => [n.id, n]));
  const targetEdges = new Map<string, GraphEdge>();
  for (const e of meta.edges)
    if (e.targetHandle === 'target' && !targetEdges.has(e.target)) targetEdges.set(e.target, e);
  const result = new Map<string, RecordedLoss[]>();
  for (const pred of meta.edges) {
    if (pred.targetHandle !== 'pred') continue;
    const loss = byId.get(pred.target);
    const targetEdge = targetEdges.get(pred.target);
    const target = targetEdge && byId.get(targetEdge.source);
    if (!loss || findBlock(loss.type)?.category !== 'loss' || !target || findBlock(target.type)?.source !== 'targets')
      continue;
    const list = result.get(pred.source);
    const entry = { loss, pred, target, targetEdge: targetEdge! };
    if (list) list.push(entry);
    else result.set(pred.source, [entry]);
  }
  return result;
}

/** The recorded losses (and their Targets) for prediction `id`, when the file's document has ones that still fit. */
function restoreLoss(
  recorded: Map<string, RecordedLoss[]>,
  id: string,
  taken: Set<string>,
): { nodes: GraphNode[]; edges: GraphEdge[] } | null {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const added = new Set<string>();
  for (const { loss, pred, target, targetEdge } of recorded.get(id) ?? []) {
    if (taken.has(loss.id)) continue;
    if (!added.has(target.id)) {
      if (taken.has(target.id)) continue;
      nodes.push(target);
      added.add(target.id);
    }
    nodes.push(loss);
    edges.push(pred, targetEdge);
  }
  for (const n of nodes) taken.add(n.id);
  return nodes.length > 0 ? { nodes, edges } : null;
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

type ColumnStats = Map<string, { mean: number; std: number }>;

/** A recorded normalisation by column name. */
function normalizationByColumn(normalization: NonNullable<GraphDocument['data']>['normalization']): ColumnStats {
  const stats: ColumnStats = new Map();
  normalization?.columns.forEach((c, i) => stats.set(c, { mean: normalization.mean[i], std: normalization.std[i] }));
  return stats;
}

/** Whether an input's one normalisation is the recorded one (rounded to float32); no normalisation is mean 0, std 1. */
function sameNormalization(
  norm: ImportedBlock | undefined,
  columns: { columns: string[] } | undefined,
  recorded: ColumnStats,
): boolean {
  if (!columns) return false;
  return columns.columns.every((c, k) => {
    const { mean, std } = recorded.get(c) ?? { mean: 0, std: 1 };
    return Math.fround(mean) === (norm?.mean?.[k] ?? 0) && Math.fround(std) === (norm?.std?.[k] ?? 1);
  });
}

/**
 * Positions left to right: a block's column is one past its deepest input; blocks in a column
 * are stacked in order; a Target stands in the column of the prediction it is compared with.
 * Nodes that already have a position keep it. Linear in nodes + edges, without recursion.
 */
function layOut(nodes: GraphNode[], edges: GraphEdge[]): void {
  if (nodes.every((n) => n.position)) return;
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const inputsOf: number[][] = nodes.map(() => []);
  const outputsOf: number[][] = nodes.map(() => []);
  for (const e of edges) {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s === undefined || t === undefined) continue;
    inputsOf[t].push(s);
    outputsOf[s].push(t);
  }
  // Kahn's order; a Target waits for the predictions its losses compare it with.
  const isTarget = nodes.map((n) => findBlock(n.type)?.source === 'targets');
  const predOf = new Map<number, number>();
  for (const e of edges) {
    if (e.targetHandle !== 'pred') continue;
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s !== undefined && t !== undefined) predOf.set(t, s);
  }
  const comparedWith: number[][] = nodes.map(() => []);
  nodes.forEach((_, t) => {
    if (!isTarget[t]) return;
    for (const loss of outputsOf[t]) {
      const p = predOf.get(loss);
      if (p !== undefined && p !== t) comparedWith[t].push(p);
    }
  });
  const waiting = nodes.map((_, i) => (isTarget[i] ? comparedWith[i].length : inputsOf[i].length));
  const waitedBy: number[][] = nodes.map(() => []);
  nodes.forEach((_, i) => {
    for (const s of isTarget[i] ? comparedWith[i] : inputsOf[i]) waitedBy[s].push(i);
  });
  const depth = new Array<number>(nodes.length).fill(0);
  const ready: number[] = [];
  waiting.forEach((w, i) => w === 0 && ready.push(i));
  for (let k = 0; k < ready.length; k++) {
    const n = ready[k];
    for (const next of waitedBy[n]) {
      depth[next] = Math.max(depth[next], isTarget[next] ? depth[n] : depth[n] + 1);
      if (--waiting[next] === 0) ready.push(next);
    }
  }
  const rows = new Map<number, number>();
  nodes.forEach((node, i) => {
    const d = depth[i];
    const row = rows.get(d) ?? 0;
    rows.set(d, row + 1);
    node.position ??= { x: d * 220, y: 80 + row * 140 };
  });
}
