/**
 * Every registered block type, checked three ways: the engine's own gradient check over the
 * parameters of a small graph around the block; finite differences, taken here, with respect
 * to the values flowing INTO the block (its inputs are fed as data); and the independent
 * float64 reference in reference.ts (values, weight gradients and per-edge gradients).
 *
 * Cases are generated from the registry: a block type registered later is covered by its
 * category's harness, and a category without a harness, or a type without a reference
 * implementation, fails.
 */
import { describe, expect, it } from 'vitest';
import {
  blockTypes,
  Executor,
  findBlock,
  gradientCheck,
  initSchemes,
  type BlockCategory,
  type BlockDefinition,
  type GraphDocument,
  type Precision,
} from '../../src/engine/index.js';
import {
  compile,
  dataFiniteDifference,
  edge,
  expectClose,
  flat,
  linearWeights,
  makeDocument,
  randomRows,
  seededRandom,
  summedEdgeGradients,
  uniform,
  weightValues,
  type NodeSpec,
} from './helpers.js';
import { referenceBlocks, runReference, type Params } from './reference.js';

interface BlockCase {
  name: string;
  doc: GraphDocument;
  data: Record<string, number[][]>;
  /** Id of the block under test in `doc`. */
  block: string;
  /** Nodes before the block (whose gradients must be exactly 0 behind a non-differentiable block). */
  upstream: string[];
}

const ROWS = 5;

/** Parameter variants per type; a type not listed is tested with its defaults. */
const variants: Record<string, Params[]> = {
  step: [{}, { threshold: 0.3 }],
  leaky_relu: [{}, { slope: 0.2 }],
  linear: initSchemes.flatMap((init) => [true, false].map((bias) => ({ in: 3, out: 2, init, bias }))),
  add: [{ inputs: 2 }, { inputs: 3 }],
  concat: [{ inputs: 2 }, { inputs: 3 }],
  asymmetric_mse: [
    { a: 0.3, b: 2 },
    { a: 2, b: 0.5 },
  ],
};
const variantsOf = (def: BlockDefinition): Params[] => variants[def.type] ?? [{}];
const describeParams = (p: Params): string => (Object.keys(p).length ? JSON.stringify(p) : 'defaults');

/** Where an element-wise block may have a kink: 0 and any numeric parameter (a threshold). */
const kinksOf = (p: Params): number[] => [0, ...Object.values(p).filter((v): v is number => typeof v === 'number')];
const awayFromKinks = (x: number, kinks: readonly number[], margin = 0.1): boolean =>
  kinks.every((k) => Math.abs(x - k) > margin);

/** Input columns a single-input block accepts: the first width its `outputSize` does not refuse. */
function acceptedWidth(def: BlockDefinition, params: Params): number {
  const parsed = def.schema.parse(params);
  for (let w = 1; w <= 16; w++) {
    try {
      def.outputSize(parsed, [w]);
      return w;
    } catch {
      // try the next width
    }
  }
  throw new Error(`no input width between 1 and 16 fits block '${def.type}' with ${describeParams(params)}`);
}
const outputWidth = (def: BlockDefinition, params: Params, inputs: number[]): number =>
  def.outputSize(def.schema.parse(params), inputs);

/** y = x·Wᵀ + b for stored linear weights. */
function applyLinear(x: number[][], weights: NonNullable<NodeSpec['weights']>): number[][] {
  const [out, inputs] = weights.W.shape;
  return x.map((row) =>
    Array.from({ length: out }, (_, o) =>
      row.reduce((s, v, i) => s + v * weights.W.data[o * inputs + i], weights.b?.data[o] ?? 0),
    ),
  );
}

function dataCase(def: BlockDefinition): BlockCase[] {
  const rand = seededRandom(11);
  const isInput = def.source === 'features';
  const x = isInput
    ? { id: 'x', type: def.type, params: { size: 2 } }
    : { id: 'x', type: 'input', params: { size: 2 } };
  const t = isInput
    ? { id: 't', type: 'target', params: { size: 1 } }
    : { id: 't', type: def.type, params: { size: 1 } };
  const doc = makeDocument(
    [
      x,
      { id: 'h', type: 'linear', params: { in: 2, out: 1 }, weights: linearWeights(rand, 2, 1) },
      t,
      { id: 'L', type: 'mse' },
    ],
    [edge('x', 'h'), edge('h', 'L', 'pred'), edge('t', 'L', 'target')],
  );
  return [
    {
      name: 'as a data source',
      doc,
      data: { x: randomRows(rand, ROWS, 2), t: randomRows(rand, ROWS, 1) },
      block: isInput ? 'x' : 't',
      upstream: [],
    },
  ];
}

function layerCases(def: BlockDefinition): BlockCase[] {
  return variantsOf(def).flatMap((params, k): BlockCase[] => {
    const rand = seededRandom(100 + k);
    const inW = acceptedWidth(def, params);
    const outW = outputWidth(def, params, [inW]);
    const label = describeParams(params);
    const direct = makeDocument(
      [
        { id: 'x', type: 'input', params: { size: inW } },
        { id: 'B', type: def.type, params },
        { id: 's', type: 'sigmoid' },
        { id: 't', type: 'target', params: { size: outW } },
        { id: 'L', type: 'mse' },
      ],
      [edge('x', 'B'), edge('B', 's'), edge('s', 'L', 'pred'), edge('t', 'L', 'target')],
    );
    const context = makeDocument(
      [
        { id: 'x', type: 'input', params: { size: 2 } },
        { id: 'pre', type: 'linear', params: { in: 2, out: inW }, weights: linearWeights(rand, 2, inW) },
        { id: 'a', type: 'tanh' },
        { id: 'B', type: def.type, params },
        { id: 's', type: 'tanh' },
        { id: 't', type: 'target', params: { size: outW } },
        { id: 'L', type: 'mse' },
      ],
      [
        edge('x', 'pre'),
        edge('pre', 'a'),
        edge('a', 'B'),
        edge('B', 's'),
        edge('s', 'L', 'pred'),
        edge('t', 'L', 'target'),
      ],
    );
    return [
      {
        name: `${label}, fed by data`,
        doc: direct,
        data: { x: randomRows(rand, ROWS, inW, -2, 2), t: randomRows(rand, ROWS, outW) },
        block: 'B',
        upstream: [],
      },
      {
        name: `${label}, inside a network`,
        doc: context,
        data: { x: randomRows(rand, ROWS, 2, -2, 2), t: randomRows(rand, ROWS, outW) },
        block: 'B',
        upstream: ['pre'],
      },
    ];
  });
}

function activationCases(def: BlockDefinition): BlockCase[] {
  return variantsOf(def).flatMap((params, k): BlockCase[] => {
    const rand = seededRandom(200 + k);
    const width = 3;
    const kinks = kinksOf(params);
    const label = describeParams(params);
    // Fed by data: values pushed away from every kink.
    const xDirect = randomRows(rand, ROWS, width, -2, 2).map((row) =>
      row.map((v) => (awayFromKinks(v, kinks) ? v : v + 0.25)),
    );
    const post = linearWeights(rand, width, 2);
    const direct = makeDocument(
      [
        { id: 'x', type: 'input', params: { size: width } },
        { id: 'B', type: def.type, params },
        { id: 'post', type: 'linear', params: { in: width, out: 2 }, weights: post },
        { id: 't', type: 'target', params: { size: 2 } },
        { id: 'L', type: 'mse' },
      ],
      [edge('x', 'B'), edge('B', 'post'), edge('post', 'L', 'pred'), edge('t', 'L', 'target')],
    );
    // Inside a network: rows redrawn until every pre-activation is away from the kinks.
    const pre = linearWeights(rand, 2, width, 1.5);
    const xContext: number[][] = [];
    while (xContext.length < ROWS) {
      const row = [uniform(rand, -2, 2), uniform(rand, -2, 2)];
      if (applyLinear([row], pre)[0].every((z) => awayFromKinks(z, kinks))) xContext.push(row);
    }
    const context = makeDocument(
      [
        { id: 'x', type: 'input', params: { size: 2 } },
        { id: 'pre', type: 'linear', params: { in: 2, out: width }, weights: pre },
        { id: 'B', type: def.type, params },
        { id: 'post', type: 'linear', params: { in: width, out: 2 }, weights: post },
        { id: 't', type: 'target', params: { size: 2 } },
        { id: 'L', type: 'mse' },
      ],
      [edge('x', 'pre'), edge('pre', 'B'), edge('B', 'post'), edge('post', 'L', 'pred'), edge('t', 'L', 'target')],
    );
    return [
      {
        name: `${label}, fed by data`,
        doc: direct,
        data: { x: xDirect, t: randomRows(rand, ROWS, 2) },
        block: 'B',
        upstream: [],
      },
      {
        name: `${label}, inside a network`,
        doc: context,
        data: { x: xContext, t: randomRows(rand, ROWS, 2) },
        block: 'B',
        upstream: ['pre'],
      },
    ];
  });
}

function combineCases(def: BlockDefinition): BlockCase[] {
  return variantsOf(def).flatMap((params, k): BlockCase[] => {
    const rand = seededRandom(300 + k);
    const ports = def.inputs(def.schema.parse(params));
    // Different widths where the block accepts them (concat), else all equal (add).
    const varied = ports.map((_, i) => i + 1);
    const widths = (() => {
      try {
        outputWidth(def, params, varied);
        return varied;
      } catch {
        return ports.map(() => 3);
      }
    })();
    const outW = outputWidth(def, params, widths);
    const label = describeParams(params);
    const post = linearWeights(rand, outW, 2);
    const tail = (): NodeSpec[] => [
      { id: 'B', type: def.type, params },
      { id: 'post', type: 'linear', params: { in: outW, out: 2 }, weights: post },
      { id: 't', type: 'target', params: { size: 2 } },
      { id: 'L', type: 'mse' },
    ];
    const tailEdges = [edge('B', 'post'), edge('post', 'L', 'pred'), edge('t', 'L', 'target')];
    const direct = makeDocument(
      [...ports.map((_, i) => ({ id: `x${i}`, type: 'input', params: { size: widths[i] } })), ...tail()],
      [...ports.map((port, i) => edge(`x${i}`, 'B', port)), ...tailEdges],
    );
    // Each port from its own branch of one input: a linear layer, every other one through tanh.
    const branches: NodeSpec[] = ports.flatMap((_, i) => [
      { id: `b${i}`, type: 'linear', params: { in: 2, out: widths[i] }, weights: linearWeights(rand, 2, widths[i]) },
      ...(i % 2 === 1 ? [{ id: `a${i}`, type: 'tanh' }] : []),
    ]);
    const context = makeDocument(
      [{ id: 'x', type: 'input', params: { size: 2 } }, ...branches, ...tail()],
      [
        ...ports.flatMap((port, i) =>
          i % 2 === 1
            ? [edge('x', `b${i}`), edge(`b${i}`, `a${i}`), edge(`a${i}`, 'B', port)]
            : [edge('x', `b${i}`), edge(`b${i}`, 'B', port)],
        ),
        ...tailEdges,
      ],
    );
    const data = Object.fromEntries(ports.map((_, i) => [`x${i}`, randomRows(rand, ROWS, widths[i])]));
    return [
      {
        name: `${label}, fed by ${ports.length} data blocks`,
        doc: direct,
        data: { ...data, t: randomRows(rand, ROWS, 2) },
        block: 'B',
        upstream: [],
      },
      {
        name: `${label}, fed by ${ports.length} branches`,
        doc: context,
        data: { x: randomRows(rand, ROWS, 2), t: randomRows(rand, ROWS, 2) },
        block: 'B',
        upstream: ports.map((_, i) => `b${i}`),
      },
    ];
  });
}

/** What feeds a loss's `pred` inside a network (its natural producer), by type. */
const predProducer: Record<string, string | undefined> = { bce: 'sigmoid', nll: 'softmax' };
/** The range of `pred` values fed straight from data, by type (probabilities where the loss needs them). */
const predRange: Record<string, [number, number]> = { bce: [0.05, 0.95], nll: [0.05, 1] };

type TargetKind = 'values' | 'binary' | 'soft' | 'index' | 'one-hot' | 'distribution' | 'weighted';

function targetsFor(kind: TargetKind, pred: number[][], rand: () => number): number[][] {
  const C = pred[0].length;
  switch (kind) {
    case 'values': // |t − y| ≥ 0.2 on both sides, away from the kink of |δ| and of the asymmetric weight
      return pred.map((row, r) => row.map((y, c) => y + ((r + c) % 2 === 0 ? 1 : -1) * uniform(rand, 0.2, 1)));
    case 'binary':
      return pred.map((row, r) => row.map((_, c) => (r + c) % 2));
    case 'soft':
      return pred.map((row) => row.map(() => uniform(rand, 0.1, 0.9)));
    case 'index':
      return pred.map((_, r) => [(r * 3 + 1) % C]);
    case 'one-hot':
      return pred.map((_, r) => Array.from({ length: C }, (__, c) => (c === (r * 3 + 1) % C ? 1 : 0)));
    case 'distribution':
      return pred.map(() => {
        const w = Array.from({ length: C }, () => uniform(rand, 0.1, 1));
        const s = w.reduce((a, b) => a + b, 0);
        return w.map((v) => v / s);
      });
    case 'weighted': // class weights that do not sum to 1 (the fused gradient is p·Σw − w)
      return pred.map((_, r) => Array.from({ length: C }, (__, c) => (c === r % C ? 0 : uniform(rand, 0.2, 1.5))));
  }
}

function lossCases(def: BlockDefinition): BlockCase[] {
  const kind = def.loss?.classification;
  const targetKinds: TargetKind[] =
    kind === 'binary'
      ? ['binary', 'soft']
      : kind === 'multiclass'
        ? def.loss?.classIndexTarget
          ? ['index', 'one-hot', 'distribution', 'weighted']
          : ['one-hot', 'distribution', 'weighted']
        : ['values'];
  const C = kind === 'multiclass' ? 4 : 2;
  return variantsOf(def).flatMap((params, k) =>
    targetKinds.flatMap((targetKind, j): BlockCase[] => {
      const rand = seededRandom(400 + 10 * k + j);
      const label = `${describeParams(params)}, ${targetKind} targets`;
      const tSize = targetKind === 'index' ? 1 : C;
      // Fed by data: a class index comes from a Target block, anything else from an Input block so
      // that the gradient with respect to the target is checked too.
      const [lo, hi] = predRange[def.type] ?? [-2, 2];
      const predDirect = randomRows(rand, ROWS, C, lo, hi);
      const tType = targetKind === 'index' ? 'target' : 'input';
      const direct = makeDocument(
        [
          { id: 'p', type: 'input', params: { size: C } },
          { id: 'u', type: tType, params: { size: tSize } },
          { id: 'L', type: def.type, params },
        ],
        [edge('p', 'L', 'pred'), edge('u', 'L', 'target')],
      );
      // Inside a network: input → linear → (sigmoid / softmax where the loss wants probabilities) → loss.
      const lin = linearWeights(rand, 3, C);
      const producer = predProducer[def.type];
      const head: NodeSpec[] = [
        { id: 'x', type: 'input', params: { size: 3 } },
        { id: 'h', type: 'linear', params: { in: 3, out: C }, weights: lin },
        ...(producer ? [{ id: 'q', type: producer }] : []),
      ];
      const headEdges = [edge('x', 'h'), ...(producer ? [edge('h', 'q')] : [])];
      const predNode = producer ? 'q' : 'h';
      const x = randomRows(rand, ROWS, 3, -1.5, 1.5);
      const predContext = runReference(
        { nodes: head, edges: headEdges },
        { h: { W: lin.W.data, ...(lin.b ? { b: lin.b.data } : {}) } },
        { x },
      ).outputs.get(predNode)!;
      const context = makeDocument(
        [...head, { id: 't', type: 'target', params: { size: tSize } }, { id: 'L', type: def.type, params }],
        [...headEdges, edge(predNode, 'L', 'pred'), edge('t', 'L', 'target')],
      );
      return [
        {
          name: `${label}, fed by data`,
          doc: direct,
          data: { p: predDirect, u: targetsFor(targetKind, predDirect, rand) },
          block: 'L',
          upstream: [],
        },
        {
          name: `${label}, inside a network`,
          doc: context,
          data: { x, t: targetsFor(targetKind, predContext, rand) },
          block: 'L',
          upstream: ['h'],
        },
      ];
    }),
  );
}

const harnesses: Record<BlockCategory, (def: BlockDefinition) => BlockCase[]> = {
  data: dataCase,
  layer: layerCases,
  activation: activationCases,
  combine: combineCases,
  loss: lossCases,
};

const isFeatureNode = (doc: GraphDocument, id: string): boolean =>
  findBlock(doc.nodes.find((n) => n.id === id)!.type)?.source === 'features';
const featureNodes = (doc: GraphDocument): string[] =>
  doc.nodes.filter((n) => isFeatureNode(doc, n.id)).map((n) => n.id);

function roundedData(data: Record<string, number[][]>, precision: Precision): Record<string, number[][]> {
  if (precision === 'float64') return data;
  return Object.fromEntries(Object.entries(data).map(([id, rows]) => [id, rows.map((row) => row.map(Math.fround))]));
}

describe.each(blockTypes().map((def) => [def.type, def] as const))('block %s', (_type, def) => {
  const harness = harnesses[def.category];
  it('has a test harness for its category and a reference implementation', () => {
    expect(harness, `no gradient-check harness for block category '${def.category}'`).toBeTypeOf('function');
    if (!def.source)
      expect(
        referenceBlocks[def.type],
        `test/engine/reference.ts has no implementation of '${def.type}'`,
      ).toBeDefined();
  });
  if (!harness) return;
  const cases = harness(def);

  const withParameters = cases.filter((c) => new Executor(compile(c.doc)).parameters.length > 0);
  it.each(withParameters.map((c) => [c.name, c] as const))('%s: the gradient check passes', (_name, c) => {
    const result = gradientCheck(compile(c.doc), (ex) => ex.feed(c.data), { tolerance: 1e-6 });
    expect(result.ok, JSON.stringify(result.params.filter((p) => p.maxRelError > 1e-6))).toBe(true);
  });

  it.each(cases.map((c) => [c.name, c] as const))(
    '%s: gradients of its inputs match finite differences',
    (_name, c) => {
      const ex = new Executor(compile(c.doc), { precision: 'float64', inputGradients: true });
      ex.feed(c.data);
      ex.forward();
      ex.backward();
      const inputs = featureNodes(c.doc);
      expect(inputs.length).toBeGreaterThan(0);
      for (const id of inputs) {
        const carried = summedEdgeGradients(ex, c.doc, id);
        expect(carried, `no gradient reaches input '${id}'`).not.toBeNull();
        expect(Array.from(ex.outputGradient(id)!.data)).toEqual(Array.from(carried!));
        const numeric = dataFiniteDifference(ex, id);
        expectClose(carried!, numeric, 1e-6, `dL/d${id}`, 1e-7);
      }
      // The edges into the block carry exactly what reaches its inputs.
      c.doc.edges.forEach((e, k) => {
        if (e.target === c.block && isFeatureNode(c.doc, e.source)) {
          expect(Array.from(ex.edgeGradient(k)!.data)).toEqual(Array.from(summedEdgeGradients(ex, c.doc, e.source)!));
        }
      });
      if (def.differentiable === false) {
        c.doc.edges.forEach((e, k) => {
          if (e.target === c.block)
            expect(
              Array.from(ex.edgeGradient(k)!.data).every((g) => g === 0),
              `gradient into '${def.type}' must be exactly 0`,
            ).toBe(true);
        });
        for (const id of c.upstream)
          for (const p of Object.values(ex.nodeWeights(id)))
            expect(Array.from(p.grad).every((g) => g === 0)).toBe(true);
      }
    },
  );

  it.each(cases.map((c) => [c.name, c] as const))(
    '%s: values and gradients equal the float64 reference',
    (_name, c) => {
      for (const [precision, tolerance] of [
        ['float64', 1e-10],
        ['float32', 1e-4],
      ] as const) {
        const ex = new Executor(compile(c.doc), { precision, inputGradients: true });
        const data = roundedData(c.data, precision);
        ex.feed(data);
        const loss = ex.forward();
        ex.backward();
        const ref = runReference(c.doc, weightValues(ex), data);
        const what = (s: string) => `${precision} ${s}`;
        expectClose([loss], [ref.loss], tolerance, what('loss'));
        for (const [id, values] of ref.outputs)
          expectClose(ex.output(id).data, flat(values), tolerance, what(`output of ${id}`));
        for (const p of ex.parameters)
          expectClose(p.grad, ref.weightGrads.get(p.node)![p.name], tolerance, what(`dL/d${p.node}.${p.name}`));
        c.doc.edges.forEach((e, k) => {
          const g = ex.edgeGradient(k);
          if (findBlock(c.doc.nodes.find((n) => n.id === e.source)!.type)?.source === 'targets') return;
          expect(g, what(`gradient along edge ${e.source}→${e.target}`)).not.toBeNull();
          expectClose(
            g!.data,
            flat(ref.edgeGrads[k]!),
            tolerance,
            what(`gradient along edge ${e.source}→${e.target}.${e.targetHandle}`),
          );
        });
      }
    },
  );
});

describe('linear initialisation', () => {
  const stats = (values: ArrayLike<number>) => {
    const a = Array.from(values);
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const std = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length);
    return { mean, std, min: Math.min(...a), max: Math.max(...a) };
  };
  const IN = 60,
    OUT = 50;
  const expectations: Record<string, (w: ReturnType<typeof stats>) => void> = {
    normal: (w) => {
      expect(Math.abs(w.mean)).toBeLessThan(0.01);
      expect(w.std).toBeGreaterThan(0.095);
      expect(w.std).toBeLessThan(0.105);
    },
    xavier: (w) => {
      const limit = Math.sqrt(6 / (IN + OUT));
      expect(w.min).toBeGreaterThanOrEqual(-limit);
      expect(w.max).toBeLessThanOrEqual(limit);
      expect(w.max).toBeGreaterThan(0.95 * limit);
      expect(w.std).toBeGreaterThan(0.95 * (limit / Math.sqrt(3)));
      expect(w.std).toBeLessThan(1.05 * (limit / Math.sqrt(3)));
    },
    he: (w) => {
      expect(Math.abs(w.mean)).toBeLessThan(0.02);
      expect(w.std).toBeGreaterThan(0.95 * Math.sqrt(2 / IN));
      expect(w.std).toBeLessThan(1.05 * Math.sqrt(2 / IN));
    },
    zeros: (w) => {
      expect(w.min).toBe(0);
      expect(w.max).toBe(0);
    },
    // Hand-set weights start at zero; only the user changes them.
    manual: (w) => {
      expect(w.min).toBe(0);
      expect(w.max).toBe(0);
    },
  };

  it.each(initSchemes.map((s) => [s]))(
    '%s: the weights have the documented distribution and the bias starts at 0',
    (scheme) => {
      const check = expectations[scheme];
      expect(check, `no expectation written for init scheme '${scheme}'`).toBeDefined();
      const doc = makeDocument(
        [
          { id: 'x', type: 'input', params: { size: IN } },
          { id: 'h', type: 'linear', params: { in: IN, out: OUT, init: scheme } },
          { id: 't', type: 'target', params: { size: OUT } },
          { id: 'L', type: 'mse' },
        ],
        [edge('x', 'h'), edge('h', 'L', 'pred'), edge('t', 'L', 'target')],
      );
      const w = new Executor(compile(doc), { precision: 'float64', seed: 5 }).nodeWeights('h');
      check(stats(w.W.value));
      expect(Array.from(w.b.value).every((v) => v === 0)).toBe(true);
    },
  );

  it('normal uses params.std, and two layers with the same params get different weights', () => {
    const doc = makeDocument(
      [
        { id: 'x', type: 'input', params: { size: IN } },
        { id: 'h1', type: 'linear', params: { in: IN, out: OUT, std: 0.5 } },
        { id: 'h2', type: 'linear', params: { in: IN, out: OUT, std: 0.5 } },
        { id: 'a', type: 'add' },
        { id: 't', type: 'target', params: { size: OUT } },
        { id: 'L', type: 'mse' },
      ],
      [
        edge('x', 'h1'),
        edge('x', 'h2'),
        edge('h1', 'a', 'in0'),
        edge('h2', 'a', 'in1'),
        edge('a', 'L', 'pred'),
        edge('t', 'L', 'target'),
      ],
    );
    const ex = new Executor(compile(doc), { precision: 'float64' });
    const s = stats(ex.nodeWeights('h1').W.value);
    expect(s.std).toBeGreaterThan(0.475);
    expect(s.std).toBeLessThan(0.525);
    expect(Array.from(ex.nodeWeights('h1').W.value)).not.toEqual(Array.from(ex.nodeWeights('h2').W.value));
  });
});
