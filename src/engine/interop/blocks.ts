/**
 * Interop as one table: for every block type, how it is written to ONNX, which ONNX operators
 * become it on import (and how), and the line of PyTorch that computes it — or, for a loss,
 * its torch criterion. The exporters and the importer look blocks up here and nowhere else;
 * `test/export/interop-table.test.ts` fails when a registered block has no entry.
 *
 * What is derived instead of listed:
 * - data blocks (a definition with a `source`): an Input is a graph input of the exported model
 *   (and an argument of `Model.forward`), a Target is what the losses compare with;
 * - losses (category `loss`): an ONNX inference graph has none, so the prediction feeding a
 *   loss becomes a graph output and the loss is kept in the file's metadata; importing a model
 *   without that metadata adds the loss named by the output block's `importLoss`, else MSE;
 * - ports come from the definition's `inputs(params)`, column counts from its `outputSize`
 *   over the compiled (inferred) input sizes, never from params.
 *
 * An entry may mark one direction `notExpressible(reason)`; the reason is what the user reads.
 */
import type { BlockDefinition } from '../blocks/index.js';
import { EPSILON, findBlock } from '../blocks/index.js';
import type { WeightTensor } from '../format.js';
import type { CompiledNode } from '../graph.js';
import type { OnnxImportContext } from './onnx-import.js';
import { AttributeType, DataType, type OnnxAttribute, type OnnxTensor } from './onnx-proto.js';

/** A direction a block cannot take, with the reason shown to the user. */
export interface NotExpressible {
  readonly notExpressible: string;
}

export const notExpressible = (reason: string): NotExpressible => ({ notExpressible: reason });

export function isNotExpressible(x: object): x is NotExpressible {
  return 'notExpressible' in x;
}

// ---- ONNX export ------------------------------------------------------------------------------

/** What an ONNX exporter of one block gets: its input tensors and ways to add nodes and weights. */
export interface OnnxExportContext {
  readonly node: CompiledNode;
  /** The block's params, defaults filled in. */
  readonly params: any;
  /** The tensor feeding each input port, in port order. */
  readonly inputs: readonly string[];
  /** Columns of each input (from the compiled graph, so inferred sizes are known). */
  readonly inputSizes: readonly number[];
  /** The block's weights as the engine uses them (stored, or initialised from the seed). */
  readonly weights: Readonly<Record<string, WeightTensor>>;
  /** Adds the node computing the block; it and its output tensor are named after the block's id. */
  output(opType: string, inputs: readonly string[], attributes?: OnnxAttribute[]): void;
  /** Adds an intermediate node; returns the name of its output tensor (the block's id + `suffix`). */
  helper(suffix: string, opType: string, inputs: readonly string[], docString: string): string;
  /** Adds a float initializer named after the block's id + `suffix`; returns its name. */
  initializer(suffix: string, dims: readonly number[], values: ArrayLike<number>): string;
  /** A warning for the user exporting the document: its English message, its catalogue key (under `diagnostics.`) and values. */
  warn(code: 'not-differentiable', message: string, key: string, values: Record<string, string | number>): void;
}

export type OnnxExporter = (ctx: OnnxExportContext) => void;

// ---- ONNX import ------------------------------------------------------------------------------

export interface OnnxImporter {
  /** Operator types (default domain) this converter reads. */
  readonly ops: readonly string[];
  /** When several entries read one operator type: whether this one takes the node at hand. */
  accepts?(ctx: OnnxImportContext): boolean;
  /** Turns the node into blocks (`ctx.create`) or a value (`ctx.result`); throws `ctx.fail(…)`. */
  convert(ctx: OnnxImportContext): void;
}

/** The loss an import adds after an output block of this type (when the file records none). */
export interface ImportLoss {
  type: string;
  /** 'class index': a Target of one column; else one column per output column. */
  target: 'class index' | 'same columns';
  /** Why this loss, in the warning that tells the user it was added. */
  why: string;
}

// ---- PyTorch ----------------------------------------------------------------------------------

export interface PytorchForward {
  /** The line of `forward()` computing the block: `v = …` from its arguments (one per port). */
  forward(v: string, args: readonly string[], node: CompiledNode): string;
  /** A submodule made in `__init__` (`self.v = …`), from the compiled input sizes. */
  module?(node: CompiledNode, inputSizes: readonly number[]): string;
  /** The submodule's state_dict entries: [key after `v.`, weight name]. */
  parameters?: readonly (readonly [string, string])[];
}

export interface PytorchCriterion {
  /** The loss in words, for the docstring of compute_loss. */
  title: string;
  /** Python definitions the criterion calls, written once before compute_loss. */
  helper?: string;
  /** The expression of the loss of prediction `y` against target `t` (`targetSize` columns). */
  criterion(y: string, t: string, node: CompiledNode, targetSize: number): string;
}

// ---- entries ----------------------------------------------------------------------------------

/** A block that computes a tensor: a layer, an activation or a combiner. */
export interface ComputeInterop {
  readonly onnx: OnnxExporter | NotExpressible;
  readonly onnxImport: OnnxImporter | NotExpressible;
  readonly pytorch: PytorchForward | NotExpressible;
  /** The loss an import adds when this block is an output of a model without a recorded loss. */
  readonly importLoss?: ImportLoss;
}

/** A loss: left out of ONNX (see the file comment), a criterion in PyTorch. */
export interface LossInterop {
  readonly pytorch: PytorchCriterion | NotExpressible;
}

export type BlockInterop = ComputeInterop | LossInterop;

const pyFloat = (v: number): string => {
  const s = String(v);
  return /[.eE]/.test(s) ? s : `${s}.0`;
};
const intAttr = (name: string, i: number): OnnxAttribute => ({ name, type: AttributeType.INT, i });
const floatAttr = (name: string, f: number): OnnxAttribute => ({ name, type: AttributeType.FLOAT, f });

/** Values of a row-major [rows × cols] matrix, transposed. */
export function transpose(values: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c];
  return out;
}

/**
 * Values as a plain array of numbers (a weight tensor's `data`), times `scale`. A loop, since
 * `Array.from` of a typed array goes through its iterator: seconds for a million values.
 */
export function numberArray(values: ArrayLike<number>, scale = 1): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] * scale;
  return out;
}

/** A per-column constant as `size` values: shapes [], [1], [size] or [1, size]; null otherwise. */
export function broadcastRow(t: OnnxTensor, size: number): Float64Array | null {
  const n = t.values.length;
  const rowShape = t.dims.length <= 1 || (t.dims.length === 2 && t.dims[0] === 1);
  if (!rowShape) return null;
  if (n === size) return Float64Array.from(t.values);
  if (n === 1) return new Float64Array(size).fill(t.values[0]);
  return null;
}

/** An activation that is one ONNX operator without attributes and one torch function. */
function elementwise(type: string, onnxOp: string, torch: (x: string) => string): ComputeInterop {
  return {
    onnx: (ctx) => ctx.output(onnxOp, ctx.inputs),
    onnxImport: { ops: [onnxOp], convert: (ctx) => ctx.create(type, {}, [ctx.block(0)]) },
    pytorch: { forward: (v, [x]) => `${v} = ${torch(x)}` },
  };
}

const linear: ComputeInterop = {
  onnx: (ctx) => {
    const W = ctx.initializer('.W', ctx.weights.W.shape, ctx.weights.W.data);
    const b = ctx.weights.b && ctx.initializer('.b', ctx.weights.b.shape, ctx.weights.b.data);
    ctx.output('Gemm', b ? [ctx.inputs[0], W, b] : [ctx.inputs[0], W], [intAttr('transB', 1)]);
  },
  onnxImport: {
    // An Add of a constant after it (its bias) is the importer's per-column shift, folded into it.
    ops: ['Gemm', 'MatMul'],
    convert: (ctx) => {
      if (ctx.node.opType === 'Gemm') return gemm(ctx);
      const x = ctx.block(0, 'first input');
      const B = ctx.constant(1, 'second input');
      if (B.dims.length !== 2)
        throw ctx.fail(`its weight has shape [${B.dims.join(', ')}]; a linear layer needs a matrix`, 'matmulWeight', {
          dims: B.dims.join(', '),
        });
      const [inCols, outCols] = B.dims;
      ctx.checkLayer(B, inCols, outCols, 'its weight');
      ctx.expectCols(x, inCols, 'the rows of its weight');
      const W = transpose(B.values, inCols, outCols);
      ctx.create('linear', { in: inCols, out: outCols, bias: false }, [x], {
        W: { shape: [outCols, inCols], data: numberArray(W) },
      });
    },
  },
  pytorch: {
    module: (node, [inCols]) => `nn.Linear(${inCols}, ${node.outputSize}${node.params.bias ? '' : ', bias=False'})`,
    forward: (v, [x]) => `${v} = self.${v}(${x})`,
    parameters: [
      ['weight', 'W'],
      ['bias', 'b'],
    ],
  },
};

/** Gemm(A, B, C) = alpha·A·op(B) + beta·C, A computed, B and C constants. */
function gemm(ctx: OnnxImportContext): void {
  const attr = (name: string, fallback: number) => {
    const a = ctx.node.attributes.find((x) => x.name === name);
    return a?.i ?? a?.f ?? fallback;
  };
  if (attr('transA', 0) !== 0) throw ctx.fail('transA = 1 (the batch along the columns) has no block', 'transA');
  const alpha = attr('alpha', 1);
  const beta = attr('beta', 1);
  const transB = attr('transB', 0) !== 0;
  const x = ctx.block(0, 'input A');
  const B = ctx.constant(1, 'input B (the weight)');
  if (B.dims.length !== 2)
    throw ctx.fail(`its weight B has shape [${B.dims.join(', ')}], not a matrix`, 'gemmWeight', {
      dims: B.dims.join(', '),
    });
  const [outCols, inCols] = transB ? B.dims : [B.dims[1], B.dims[0]];
  ctx.checkLayer(B, inCols, outCols, 'its weight B');
  ctx.expectCols(x, inCols, `Gemm's weight takes ${inCols}`);
  const W = transB ? B.values : transpose(B.values, B.dims[0], B.dims[1]);
  const weights: Record<string, WeightTensor> = { W: { shape: [outCols, inCols], data: numberArray(W, alpha) } };
  if (ctx.inputs[2] !== undefined) {
    const C = ctx.constant(2, 'input C (the bias)');
    const b = broadcastRow(C, outCols);
    if (!b)
      throw ctx.fail(
        `its bias C has shape [${C.dims.join(', ')}]; a bias needs [${outCols}], [1, ${outCols}] or one value`,
        'gemmBias',
        { dims: C.dims.join(', '), cols: outCols },
      );
    weights.b = { shape: [outCols], data: numberArray(b, beta) };
  }
  ctx.create('linear', { in: inCols, out: outCols, ...(weights.b ? {} : { bias: false }) }, [x], weights);
}

/** Add and Concat: one block over several computed tensors of the same rows. */
function combiner(type: 'add' | 'concat', ctx: OnnxImportContext): void {
  const xs = ctx.inputs.map((_, k) => ctx.block(k));
  if (xs.length === 1) return ctx.result({ kind: 'block', block: xs[0] });
  const field = findBlock(type)?.fields.find((f) => f.key === 'inputs');
  const max = field && 'max' in field ? field.max : undefined;
  if (max !== undefined && xs.length > max)
    throw ctx.fail(
      `${xs.length} inputs; ${type === 'add' ? 'an add' : 'a concat'} block takes at most ${max}`,
      `tooManyInputs.${type}`,
      {
        inputs: xs.length,
        max,
      },
    );
  ctx.create(type, { inputs: xs.length }, xs);
}

const interopTable: Readonly<Record<string, BlockInterop>> = {
  linear,
  sigmoid: {
    ...elementwise('sigmoid', 'Sigmoid', (x) => `torch.sigmoid(${x})`),
    importLoss: { type: 'bce', target: 'same columns', why: 'binary cross-entropy, as the output is a sigmoid' },
  },
  tanh: elementwise('tanh', 'Tanh', (x) => `torch.tanh(${x})`),
  relu: elementwise('relu', 'Relu', (x) => `torch.relu(${x})`),
  identity: {
    onnx: (ctx) => ctx.output('Identity', ctx.inputs),
    onnxImport: {
      ops: ['Identity'],
      convert: (ctx) => {
        const x = ctx.input(0, 'input');
        // Identity of a weight is the weight (torch writes them for shared parameters).
        if (x.kind === 'const') return ctx.result(x);
        ctx.create('identity', {}, [ctx.block(0)]);
      },
    },
    pytorch: { forward: (v, [x]) => `${v} = ${x}` },
  },
  leaky_relu: {
    onnx: (ctx) => ctx.output('LeakyRelu', ctx.inputs, [floatAttr('alpha', ctx.params.slope)]),
    onnxImport: {
      ops: ['LeakyRelu'],
      convert: (ctx) => ctx.create('leaky_relu', { slope: ctx.float('alpha', 0.01) }, [ctx.block(0)]),
    },
    pytorch: {
      forward: (v, [x], n) => `${v} = F.leaky_relu(${x}, negative_slope=${pyFloat(n.params.slope)})`,
    },
  },
  softmax: {
    onnx: (ctx) => ctx.output('Softmax', ctx.inputs, [intAttr('axis', -1)]),
    onnxImport: {
      ops: ['Softmax'],
      convert: (ctx) => {
        // Before opset 13 the default axis is 1 (and means the same for [batch × n]).
        const axis = ctx.int('axis', ctx.opset >= 13 ? -1 : 1);
        if (axis !== 1 && axis !== -1)
          throw ctx.fail(
            `axis ${axis}: only a softmax over each row's columns (axis 1 or −1) has a block`,
            'softmaxAxis',
            {
              axis,
            },
          );
        ctx.create('softmax', {}, [ctx.block(0)]);
      },
    },
    pytorch: { forward: (v, [x]) => `${v} = torch.softmax(${x}, dim=1)` },
    importLoss: {
      type: 'nll',
      target: 'class index',
      why: 'negative log-likelihood of a class index, as the output is a softmax',
    },
  },
  step: {
    onnx: (ctx) => {
      const threshold = ctx.initializer('.threshold', [], [ctx.params.threshold]);
      const mask = ctx.helper('.mask', 'Greater', [ctx.inputs[0], threshold], `step '${ctx.node.id}': x > threshold`);
      ctx.output('Cast', [mask], [intAttr('to', DataType.FLOAT)]);
      ctx.warn(
        'not-differentiable',
        `step '${ctx.node.id}' is exported as Greater + Cast: exact for predictions, but ONNX training tools cannot learn through it (its gradient is zero, as in the app)`,
        'onnxExport.step',
        { id: ctx.node.id },
      );
    },
    onnxImport: {
      ops: ['Greater'],
      // Greater gives booleans; the Cast to float that follows makes it a step block.
      convert: (ctx) => {
        const x = ctx.block(0, 'first input');
        const t = ctx.constant(1, 'threshold');
        if (t.values.length !== 1)
          throw ctx.fail(`its threshold has ${t.values.length} values; a step block has one threshold`, 'threshold', {
            count: t.values.length,
          });
        const threshold = t.values[0];
        ctx.result({
          kind: 'pending',
          what: 'a comparison result',
          needs: 'Cast(to = float) of a Greater (a step block)',
          castToFloat: (cast) => cast.create('step', { threshold }, [x]),
        });
      },
    },
    pytorch: {
      forward: (v, [x], n) =>
        `${v} = (${x} > ${pyFloat(n.params.threshold)}).to(${x}.dtype)  # step: zero gradient, as in the app`,
    },
  },
  add: {
    onnx: (ctx) => ctx.output(ctx.inputs.length === 2 ? 'Add' : 'Sum', ctx.inputs),
    onnxImport: { ops: ['Add', 'Sum'], convert: (ctx) => combiner('add', ctx) },
    pytorch: { forward: (v, xs) => `${v} = ${xs.join(' + ')}` },
  },
  concat: {
    onnx: (ctx) => ctx.output('Concat', ctx.inputs, [intAttr('axis', 1)]),
    onnxImport: {
      ops: ['Concat'],
      convert: (ctx) => {
        const axis = ctx.int('axis', 1);
        if (axis !== 1 && axis !== -1)
          throw ctx.fail(`axis ${axis}: only joining columns side by side (axis 1 or −1) has a block`, 'concatAxis', {
            axis,
          });
        combiner('concat', ctx);
      },
    },
    pytorch: { forward: (v, xs) => `${v} = torch.cat([${xs.join(', ')}], dim=1)` },
  },

  mse: { pytorch: { title: 'mean squared error', criterion: (y, t) => `F.mse_loss(${y}, ${t})` } },
  mae: { pytorch: { title: 'mean absolute error', criterion: (y, t) => `F.l1_loss(${y}, ${t})` } },
  asymmetric_mse: {
    pytorch: {
      title: 'asymmetric squared error',
      helper: [
        'def asymmetric_mse(prediction, target, a, b):',
        '    """Squared error weighted a where the prediction is too high (t - y < 0), b where it is too low."""',
        '    d = target - prediction',
        '    return (d * d * torch.where(d < 0, torch.full_like(d, a), torch.full_like(d, b))).mean()',
      ].join('\n'),
      criterion: (y, t, n) => `asymmetric_mse(${y}, ${t}, ${pyFloat(n.params.a)}, ${pyFloat(n.params.b)})`,
    },
  },
  bce: {
    pytorch: {
      title: 'binary cross-entropy',
      // The app clamps p to [ε, 1 − ε]; F.binary_cross_entropy clamps log p at −100 instead: equal unless p saturates.
      criterion: (y, t) => `F.binary_cross_entropy(${y}, ${t})`,
    },
  },
  nll: {
    pytorch: {
      title: 'negative log-likelihood',
      criterion: (y, t, _n, targetSize) =>
        targetSize === 1
          ? `F.nll_loss(torch.log(${y}.clamp_min(${pyFloat(EPSILON)})), ${t}[:, 0].long())`
          : `-(${t} * torch.log(${y}.clamp_min(${pyFloat(EPSILON)}))).sum(dim=1).mean()`,
    },
  },
  cross_entropy: {
    pytorch: {
      title: 'cross-entropy (softmax + NLL on logits)',
      criterion: (y, t, _n, targetSize) =>
        targetSize === 1 ? `F.cross_entropy(${y}, ${t}[:, 0].long())` : `F.cross_entropy(${y}, ${t})`,
    },
  },
};

/** The interop entry of a computing block (a layer, an activation, a combiner); undefined when it has none. */
export function computeInterop(def: BlockDefinition): ComputeInterop | undefined {
  if (def.source || def.category === 'loss') return undefined;
  const entry = Object.hasOwn(interopTable, def.type) ? interopTable[def.type] : undefined;
  return entry && 'onnx' in entry ? entry : undefined;
}

/** The interop entry of a loss; undefined when it has none. */
export function lossInterop(def: BlockDefinition): LossInterop | undefined {
  if (def.category !== 'loss') return undefined;
  const entry = Object.hasOwn(interopTable, def.type) ? interopTable[def.type] : undefined;
  return entry && !('onnx' in entry) ? entry : undefined;
}

/** The entry for `type`, for the coverage test and the docs; undefined when there is none. */
export function interopEntry(type: string): BlockInterop | undefined {
  return Object.hasOwn(interopTable, type) ? interopTable[type] : undefined;
}

/** The reason a block cannot go in `direction`, or undefined when it can. */
export function whyNotExpressible(
  def: BlockDefinition,
  direction: 'onnx' | 'onnxImport' | 'pytorch',
): string | undefined {
  if (def.source) return undefined;
  if (def.category === 'loss') {
    if (direction !== 'pytorch') return undefined;
    const entry = lossInterop(def);
    if (!entry) return `${def.title} blocks have no PyTorch criterion yet`;
    return isNotExpressible(entry.pytorch) ? entry.pytorch.notExpressible : undefined;
  }
  const entry = computeInterop(def);
  const names = { onnx: 'ONNX export', onnxImport: 'ONNX import', pytorch: 'PyTorch export' } as const;
  if (!entry) return `${def.title} blocks have no ${names[direction]} yet`;
  const side = entry[direction];
  return isNotExpressible(side) ? side.notExpressible : undefined;
}
