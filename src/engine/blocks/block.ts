/**
 * What a block type is: one object holding its ports, parameters (with their validation and
 * defaults), initialisation, forward and backward. The palette, the node UI, validation, the
 * gradient-check tests and the docs all read these definitions.
 *
 * Adding a block type is three edits: this definition, its registration line in `index.ts`, and
 * its entry in the interop table (`../interop/blocks.ts`: ONNX export, the ONNX operators it is
 * imported from, its PyTorch line or criterion, or why one of them is not expressible) — a test
 * fails when a registered type has none. The exporters and the importer otherwise read a block's
 * category, source, ports and `outputSize`.
 *
 * Backward contract (as in micrograd): a block receives dL/d(out) and writes dL/d(each input
 * port) into the buffers it is given, and dL/d(each of its weights) into `weights[name].grad`,
 * overwriting them. Summing gradients where an output feeds several nodes is the executor's
 * job, never a block's.
 */
import { z } from 'zod';
import type { Phrase } from '../phrase.js';
import type { Rng } from '../random.js';
import type { FloatArray, Precision, Tensor } from '../tensor.js';

export type BlockCategory = 'data' | 'layer' | 'activation' | 'combine' | 'loss';

/** One user-facing parameter; the zod schema is built from these, so UI and validation agree. */
export type ParamField =
  | {
      kind: 'int';
      key: string;
      label: string;
      default?: number;
      min?: number;
      max?: number;
      optional?: boolean;
      /**
       * Where the value comes from when it is absent (an optional field the graph infers, such as
       * Linear's `in` from its incoming wire): shown by the inspector and the docs.
       */
      inferredFrom?: string;
      help?: string;
    }
  | {
      kind: 'number';
      key: string;
      label: string;
      default?: number;
      min?: number;
      exclusiveMin?: number;
      max?: number;
      optional?: boolean;
      help?: string;
    }
  | {
      kind: 'enum';
      key: string;
      label: string;
      options: readonly string[];
      default?: string;
      optional?: boolean;
      help?: string;
    }
  | { kind: 'bool'; key: string; label: string; default?: boolean; optional?: boolean; help?: string }
  | { kind: 'strings'; key: string; label: string; optional?: boolean; help?: string };

/** A trainable parameter tensor of one node, with its gradient buffer. */
export interface Param {
  readonly node: string;
  readonly name: string;
  /** `[out, in]` for a weight matrix, `[out]` for a bias. */
  readonly shape: readonly number[];
  readonly value: FloatArray;
  readonly grad: FloatArray;
}

export interface ForwardArgs<P, S> {
  params: P;
  /** One tensor per input port, in port order. */
  inputs: readonly Tensor[];
  /** `[rows × outputSize]`, or `[1 × 1]` for a loss. Fully overwritten. */
  out: Tensor;
  weights: Readonly<Record<string, Param>>;
  state: S;
}

export interface BackwardArgs<P, S> extends ForwardArgs<P, S> {
  /** dL/d(out), same shape as `out`. */
  dOut: Tensor;
  /** dL/d(input) per port, to overwrite; `null` where nobody needs that gradient. */
  dInputs: readonly (Tensor | null)[];
}

/** What a block's `hint` looks at: the numbers of the last batch. */
export interface HintArgs<P> {
  params: P;
  /** The block's output on the last batch. */
  out: Tensor;
  /**
   * What the output is compared with, when it feeds a loss's `pred` port directly and has the
   * target's shape (an output layer); null for a hidden block.
   */
  target: Tensor | null;
}

/** A loss's forward arguments when it is computed from logits (see `LogitsLoss`). */
export interface LogitsForwardArgs<P, S> extends ForwardArgs<P, S> {
  /** The input of the activation feeding `pred` (its logits), same shape as `pred`. */
  logits: Tensor;
}

export interface LogitsBackwardArgs<P, S> extends BackwardArgs<P, S> {
  logits: Tensor;
  /** dL/d(logits), to overwrite; null where nobody needs it. */
  dLogits: Tensor | null;
}

/**
 * A loss computed from the logits when `activation` feeds its `pred` port directly, as the fused
 * cross-entropy is: its value is exact where the activation saturates (no clamp), and its
 * gradient reaches the logits without passing through the activation's vanishing derivative.
 * The executor routes dL/d(logits) past the activation; dL/d(pred) is still written, for display.
 */
export interface LogitsLoss<P, S> {
  readonly activation: string;
  forward(args: LogitsForwardArgs<P, S>): void;
  backward(args: LogitsBackwardArgs<P, S>): void;
}

export interface StateArgs<P> {
  params: P;
  rows: number;
  inputSizes: readonly number[];
  outputSize: number;
  precision: Precision;
}

/** Raised by `outputSize` when an input's column count does not fit. */
export class ShapeMismatch extends Error {
  constructor(
    readonly port: string,
    readonly expected: string,
    readonly got: number,
    readonly reason: string,
  ) {
    super(`input '${port}' expects ${expected} columns (${reason}) but gets ${got}`);
  }
}

export interface LossBehaviour {
  /** How predictions of this loss are turned into classes, when it is a classification loss. */
  classification?: 'binary' | 'multiclass';
  /**
   * Whether the target port may take a class index (1 column) instead of one column per class.
   */
  classIndexTarget?: boolean;
  /**
   * Whether `pred` holds logits (scores before the softmax or sigmoid this loss applies itself)
   * rather than probabilities, for these params. Absent: probabilities (or, for regression, values).
   */
  logits?(params: any): boolean;
}

/** The catalogue keys (src/i18n) of a block's words; the English catalogue says what the definition says. */
export interface BlockMessages {
  readonly title: string;
  readonly description: string;
  readonly params: Readonly<
    Record<
      string,
      {
        readonly label: string;
        readonly help?: string;
        /** Where an inferred value comes from (`inferredFrom`), as the inspector says it. */
        readonly inferredFrom?: string;
        /** An enum's options by value: the value stays in documents, the word is the user's. */
        readonly options?: Readonly<Record<string, string>>;
      }
    >
  >;
  /** The forward and backward rules (`formula`), their words in the user's language: `blockFormulas.<type>.…`. */
  readonly formula: { readonly forward: string; readonly backward: string };
}

export interface BlockDefinition<P = any, S = any> {
  readonly type: string;
  readonly category: BlockCategory;
  /** In English, as the docs and the CLI say it; the app shows `messages.title` in the user's language. */
  readonly title: string;
  /** One sentence for the palette and docs. */
  readonly description: string;
  /** Where the app finds the title, description and parameter words in the user's language. */
  readonly messages: BlockMessages;
  /** Forward and backward rules as shown in docs and the step-through view. */
  readonly formula: { readonly forward: string; readonly backward: string };
  readonly fields: readonly ParamField[];
  readonly schema: z.ZodType<P>;
  /** Input port names in order (they are React Flow handle ids and gradient keys). */
  inputs(params: P): readonly string[];
  /** Output columns for the given input columns (params as `infer` completes them); throws `ShapeMismatch`. */
  outputSize(params: P, inputSizes: readonly number[]): number;
  /**
   * The params with the values the document leaves out (fields with `inferredFrom`) filled in
   * from the input columns, or null while they cannot be known. Params that give them are
   * returned as they are (and `outputSize` checks them). Absent: the block infers nothing.
   */
  infer?(params: P, inputSizes: readonly number[]): P | null;
  /** A short label such as `Linear 2→4`. */
  label(params: P): string;
  /** Where a data block's values come from; such blocks are fed by the executor. */
  readonly source?: 'features' | 'targets';
  readonly loss?: LossBehaviour;
  /** For a loss: how it is computed from logits when a given activation feeds it. */
  readonly fromLogits?: LogitsLoss<P, S>;
  /** False for blocks whose gradient is zero everywhere (the editor warns). */
  readonly differentiable?: boolean;
  /** Shapes of this block's weights, by name (`W: [out, in]`). */
  weightShapes?(params: P): Readonly<Record<string, readonly number[]>>;
  /** Initial values for one weight (row-major, length = product of its shape). */
  initWeight?(params: P, name: string, shape: readonly number[], rng: Rng): Float64Array;
  /**
   * A short sentence when the block's numbers on the last batch suggest a problem the user can
   * act on (a saturated sigmoid, dead ReLU units), else null: a phrase (catalogue group `hints`),
   * told in the user's language. Shown as the block's hint badge.
   */
  hint?(args: HintArgs<P>): Phrase | null;
  createState?(args: StateArgs<P>): S;
  forward(args: ForwardArgs<P, S>): void;
  backward(args: BackwardArgs<P, S>): void;
}

/**
 * A number; ±Infinity and NaN (JSON's 1e999 parses to Infinity) are named as non-finite. The
 * error function sees range issues too, so it answers only for values that are not finite.
 */
const numberSchema = () =>
  z.number({
    error: (i) =>
      typeof i.input === 'number' && !Number.isFinite(i.input) ? `must be a finite number, got ${i.input}` : undefined,
  });

function fieldSchema(f: ParamField): z.ZodType {
  let s: z.ZodType;
  switch (f.kind) {
    case 'int': {
      let n = numberSchema().int();
      if (f.min !== undefined) n = n.min(f.min);
      if (f.max !== undefined) n = n.max(f.max);
      s = n;
      break;
    }
    case 'number': {
      let n = numberSchema();
      if (f.min !== undefined) n = n.min(f.min);
      if (f.exclusiveMin !== undefined) n = n.gt(f.exclusiveMin);
      if (f.max !== undefined) n = n.max(f.max);
      s = n;
      break;
    }
    case 'enum':
      s = z.enum(f.options as [string, ...string[]]);
      break;
    case 'bool':
      s = z.boolean();
      break;
    case 'strings':
      s = z.array(z.string());
      break;
  }
  if (f.help) s = s.describe(f.help);
  if ('default' in f && f.default !== undefined) return (s as z.ZodNumber).default(f.default as never);
  return f.optional ? s.optional() : s;
}

/** The strict zod object for a block's params: unknown keys are refused (they are typos). */
export function paramsSchema(fields: readonly ParamField[]): z.ZodType<any> {
  const shape: Record<string, z.ZodType> = {};
  for (const f of fields) shape[f.key] = fieldSchema(f);
  return z.strictObject(shape);
}

type Definition<P, S> = Omit<BlockDefinition<P, S>, 'schema' | 'fields' | 'label' | 'messages'> & {
  fields?: readonly ParamField[];
  label?(params: P): string;
};

/** `blocks.<type>.title`, `.description` and `.params.<key>.label` / `.help` / `.inferredFrom` / `.options.<value>`; `blockFormulas.<type>.forward` / `.backward`. */
function blockMessages(type: string, fields: readonly ParamField[]): BlockMessages {
  const at = `blocks.${type}`;
  return {
    title: `${at}.title`,
    description: `${at}.description`,
    params: Object.fromEntries(
      fields.map((f) => [
        f.key,
        {
          label: `${at}.params.${f.key}.label`,
          ...(f.help ? { help: `${at}.params.${f.key}.help` } : {}),
          ...(f.kind === 'int' && f.inferredFrom ? { inferredFrom: `${at}.params.${f.key}.inferredFrom` } : {}),
          ...(f.kind === 'enum'
            ? { options: Object.fromEntries(f.options.map((o) => [o, `${at}.params.${f.key}.options.${o}`])) }
            : {}),
        },
      ]),
    ),
    formula: { forward: `blockFormulas.${type}.forward`, backward: `blockFormulas.${type}.backward` },
  };
}

/** Builds a block definition, deriving its params schema from its fields (and its message keys from its type). */
export function defineBlock<P = Record<string, never>, S = undefined>(def: Definition<P, S>): BlockDefinition<P, S> {
  const fields = def.fields ?? [];
  return {
    ...def,
    fields,
    schema: paramsSchema(fields) as z.ZodType<P>,
    label: def.label ?? (() => def.title),
    messages: blockMessages(def.type, fields),
  };
}

/** Throws a ShapeMismatch unless `got === expected`. */
export function expectColumns(port: string, expected: number, got: number, reason: string): void {
  if (got !== expected) throw new ShapeMismatch(port, String(expected), got, reason);
}
