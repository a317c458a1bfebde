/**
 * Universal approximation by construction (lecture 1): replace f on an interval by a piecewise
 * constant function, build each piece's indicator "bump" I[a ≤ x ≤ b] from two steep sigmoid
 * units, σ(k(x − a)) − σ(k(x − b)), and let the output layer add the bumps weighted by
 * f(midpoint). This file is the one definition of those weights: the example
 * `examples/universal-approximation.bps.json` is generated from it, and the app's construction
 * card rebuilds the hidden layer with it when the student changes N or the steepness.
 *
 * A document that is such a construction says so in its `construction` field (see
 * docs/graph-format.md): which function, interval, number of bumps and steepness, and which two
 * Linear blocks hold the hidden layer and the output layer.
 */
import { z } from 'zod';
import { type Phrase, type PhraseValue, phrase } from './phrase.js';

/** The most bumps a construction may have (its hidden layer has two units per bump). */
export const MAX_BUMPS = 256;
/** The steepest units a construction may have (k in σ(k(x − a))). */
export const MAX_STEEPNESS = 10_000;

/** The functions a construction can approximate, by the name its document gives. */
export const CONSTRUCTION_FUNCTIONS = {
  sin: { label: 'sin(x)', f: Math.sin },
  cos: { label: 'cos(x)', f: Math.cos },
  abs: { label: '|x|', f: Math.abs },
  square: { label: 'x²', f: (x: number) => x * x },
} as const satisfies Record<string, { label: string; f: (x: number) => number }>;

export type ConstructionFunction = keyof typeof CONSTRUCTION_FUNCTIONS;

const functionNames = Object.keys(CONSTRUCTION_FUNCTIONS) as [ConstructionFunction, ...ConstructionFunction[]];

/** The document's `construction` field. */
export const constructionSchema = z
  .object({
    kind: z.literal('bumps').describe('The construction: pairs of steep units forming bumps, weighted by f(midpoint).'),
    function: z.enum(functionNames).describe('The function approximated.'),
    interval: z
      .tuple([z.number(), z.number()])
      .refine(([lo, hi]) => Number.isFinite(lo) && Number.isFinite(hi) && lo < hi, {
        message: 'the interval must be two finite numbers [lo, hi] with lo < hi',
      })
      .describe('The interval [lo, hi] divided into the bumps.'),
    bumps: z.number().int().min(1).max(MAX_BUMPS).describe('How many bumps N (the hidden layer has 2N units).'),
    steepness: z
      .number()
      .positive()
      .max(MAX_STEEPNESS)
      .describe('The slope k of each unit σ(k(x − a)): the larger, the sharper the bumps.'),
    hidden: z.string().min(1).describe('The id of the Linear block of the hidden layer (1 → 2N).'),
    output: z.string().min(1).describe('The id of the Linear block of the output layer (2N → 1).'),
  })
  .describe('Marks the graph as universal approximation by construction; the app rebuilds it from these values.');

export type Construction = z.infer<typeof constructionSchema>;

export interface Bump {
  /** The bump's interval [a, b] on the grid, and its midpoint, where f is read. */
  a: number;
  b: number;
  mid: number;
  /** f(mid): the bump's height, the output layer's weight for it. */
  height: number;
}

export interface BumpNetwork {
  bumps: Bump[];
  /**
   * Where each bump's two units switch: its grid interval, except that the first bump starts
   * and the last ends half a bump beyond the interval, so that the interval's end points lie
   * inside a bump and not on an edge (where a unit is half-way, at σ(0) = ½).
   */
  edges: { left: number; right: number }[];
  /** The hidden Linear block (1 → 2N): unit 2i is σ(k(x − left_i)), unit 2i + 1 is σ(k(x − right_i)). */
  hidden: { W: { shape: [number, 1]; data: number[] }; b: { shape: [number]; data: number[] } };
  /** The output Linear block (2N → 1): +f(midᵢ) on unit 2i, −f(midᵢ) on unit 2i + 1, bias 0. */
  output: { W: { shape: [1, number]; data: number[] }; b: { shape: [1]; data: number[] } };
}

/**
 * The weights of the bump network for f on `interval` with N bumps of steepness k:
 * Σᵢ f(midᵢ)·(σ(k(x − aᵢ)) − σ(k(x − bᵢ))), which tends to f uniformly on the interval as N and
 * k grow (k faster than N, so that each bump stays sharp compared with its width).
 * Throws a RangeError naming the argument that is out of range.
 */
export function bumpConstruction(
  bumps: number,
  steepness: number,
  f: (x: number) => number,
  interval: readonly [number, number],
): BumpNetwork {
  if (!Number.isInteger(bumps) || bumps < 1 || bumps > MAX_BUMPS)
    throw new RangeError(`the number of bumps must be a whole number from 1 to ${MAX_BUMPS}, got ${bumps}`);
  if (!Number.isFinite(steepness) || steepness <= 0 || steepness > MAX_STEEPNESS)
    throw new RangeError(`the steepness must be a number above 0 and at most ${MAX_STEEPNESS}, got ${steepness}`);
  const [lo, hi] = interval;
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi))
    throw new RangeError(`the interval must be [lo, hi] with finite lo < hi, got [${lo}, ${hi}]`);
  const width = (hi - lo) / bumps;
  const list: Bump[] = Array.from({ length: bumps }, (_, i) => {
    const a = lo + i * width;
    const b = i === bumps - 1 ? hi : lo + (i + 1) * width;
    const mid = (a + b) / 2;
    const height = f(mid);
    if (!Number.isFinite(height)) throw new RangeError(`f(${mid}) is ${height}, not a finite number`);
    return { a, b, mid, height };
  });
  const edges = list.map((bump, i) => ({
    left: i === 0 ? bump.a - width / 2 : bump.a,
    right: i === bumps - 1 ? bump.b + width / 2 : bump.b,
  }));
  const units = 2 * bumps;
  return {
    bumps: list,
    edges,
    hidden: {
      W: { shape: [units, 1], data: new Array<number>(units).fill(steepness) },
      b: { shape: [units], data: edges.flatMap((e) => [-steepness * e.left, -steepness * e.right]) },
    },
    output: {
      W: { shape: [1, units], data: list.flatMap((bump) => [bump.height, -bump.height]) },
      b: { shape: [1], data: [0] },
    },
  };
}

/** The bump network a document's `construction` field describes. */
export function constructionNetwork(c: Construction): BumpNetwork {
  return bumpConstruction(c.bumps, c.steepness, CONSTRUCTION_FUNCTIONS[c.function].f, c.interval);
}

/** What the check of a construction needs of a document: its nodes and edges. */
interface ConstructionGraph {
  nodes: readonly { id: string; type: string; params?: Record<string, unknown> }[];
  edges: readonly { source: string; target: string; targetHandle: string }[];
}

/**
 * Why the graph cannot hold the construction `c` (null when it can), as a phrase of the
 * catalogue (`constructionProblem.*`): the hidden block must be a Linear fed by a one-column
 * Input, feeding a Sigmoid (or Step) that feeds the output block, a Linear with one output.
 * `inputColumns` is the Input's column count when it is known.
 */
export function constructionProblem(c: Construction, graph: ConstructionGraph, inputColumns?: number): Phrase | null {
  const node = (id: string) => graph.nodes.find((n) => n.id === id);
  const say = (key: string, values?: Record<string, PhraseValue>) => phrase(`constructionProblem.${key}`, values);
  const hidden = node(c.hidden);
  const output = node(c.output);
  if (hidden?.type !== 'linear') return say('hiddenNotLinear', { id: c.hidden });
  if (output?.type !== 'linear') return say('outputNotLinear', { id: c.output });
  const into = (id: string) => graph.edges.find((e) => e.target === id && e.targetHandle === 'in')?.source;
  const source = node(into(c.hidden) ?? '');
  if (source?.type !== 'input') return say('hiddenNotFromInput', { id: c.hidden });
  if (inputColumns !== undefined && inputColumns !== 1)
    return say('oneColumn', { input: source.id, count: inputColumns });
  const activation = node(into(c.output) ?? '');
  if (!activation || (activation.type !== 'sigmoid' && activation.type !== 'step'))
    return say('outputNotFromSigmoid', { id: c.output });
  if (activation.type === 'step' && (activation.params?.threshold ?? 0) !== 0)
    return say('stepThreshold', { id: activation.id });
  if (into(activation.id) !== c.hidden)
    return say('activationNotFromHidden', {
      block: phrase(`blocks.${activation.type}.title`),
      id: activation.id,
      hidden: c.hidden,
    });
  if ((output.params?.out ?? 1) !== 1) return say('outputOneColumn', { id: c.output });
  if (output.params?.bias === false) return say('outputBias', { id: c.output });
  if (hidden.params?.bias === false) return say('hiddenBias', { id: c.hidden });
  return null;
}
