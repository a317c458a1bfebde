/**
 * Random graphs that are DAGs rather than chains: outputs feeding several nodes (including the
 * same node twice), add and concat joining branches, several losses. For each: the engine's
 * gradient check passes; every per-edge gradient equals the float64 reference's; where a node
 * feeds several others, the edge gradients sum to its output gradient, which equals a finite
 * difference of the (reference) loss with respect to that node's output.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Executor, findBlock, gradientCheck, type GraphDocument, type GraphEdge } from '../../src/engine/index.js';
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
  weightValues,
  type NodeSpec,
} from './helpers.js';
import { referenceLoss, runReference } from './reference.js';

interface RandomDag {
  doc: GraphDocument;
  data: Record<string, number[][]>;
}

const ROWS = 3;

/** A random DAG from `seed`: smooth blocks only, so that finite differences are exact enough. */
function randomDag(seed: number): RandomDag {
  const rand = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
  const nodes: NodeSpec[] = [];
  const edges: GraphEdge[] = [];
  const width = new Map<string, number>();
  const inputWidth = 2 + Math.floor(rand() * 2);
  nodes.push({ id: 'x', type: 'input', params: { size: inputWidth } });
  width.set('x', inputWidth);
  const linear = (id: string, source: string, out: number) => {
    nodes.push({
      id,
      type: 'linear',
      params: { in: width.get(source)!, out },
      weights: linearWeights(rand, width.get(source)!, out),
    });
    edges.push(edge(source, id));
    width.set(id, out);
  };
  const count = 3 + Math.floor(rand() * 5);
  for (let i = 0; i < count; i++) {
    const id = `n${i}`;
    const existing = [...width.keys()];
    const kind = pick(['linear', 'linear', 'tanh', 'sigmoid', 'identity', 'softmax', 'add', 'concat'] as const);
    if (kind === 'linear') {
      linear(id, pick(existing), 1 + Math.floor(rand() * 3));
    } else if (kind === 'add' || kind === 'concat') {
      const k = 2 + Math.floor(rand() * 2);
      const sources = [pick(existing)];
      for (let j = 1; j < k; j++) {
        const candidate = pick(existing);
        if (kind === 'concat' || width.get(candidate) === width.get(sources[0])) sources.push(candidate);
        else {
          linear(`${id}p${j}`, candidate, width.get(sources[0])!);
          sources.push(`${id}p${j}`);
        }
      }
      nodes.push({ id, type: kind, params: { inputs: k } });
      sources.forEach((s, j) => edges.push(edge(s, id, `in${j}`)));
      width.set(id, kind === 'add' ? width.get(sources[0])! : sources.reduce((s, src) => s + width.get(src)!, 0));
    } else {
      const source = pick(existing);
      nodes.push({ id, type: kind });
      edges.push(edge(source, id));
      width.set(id, width.get(source)!);
    }
  }
  const sinks = [...width.keys()].filter((id) => !edges.some((e) => e.source === id));
  let head = sinks[0];
  if (sinks.length > 1) {
    nodes.push({ id: 'join', type: 'concat', params: { inputs: sinks.length } });
    sinks.forEach((s, j) => edges.push(edge(s, 'join', `in${j}`)));
    width.set(
      'join',
      sinks.reduce((s, src) => s + width.get(src)!, 0),
    );
    head = 'join';
  }
  linear('out', head, 2);
  nodes.push({ id: 't', type: 'target', params: { size: 2 } }, { id: 'L', type: 'mse' });
  edges.push(edge('out', 'L', 'pred'), edge('t', 'L', 'target'));
  const data: Record<string, number[][]> = {
    x: randomRows(rand, ROWS, inputWidth, -1.5, 1.5),
    t: randomRows(rand, ROWS, 2),
  };
  if (rand() < 0.5) {
    // A second loss on an intermediate node: that node's gradient comes from two losses.
    const tapped = pick([...width.keys()].filter((id) => id !== 'x' && id !== 'out'));
    linear('aux', tapped, 1);
    nodes.push({ id: 't2', type: 'target', params: { size: 1 } }, { id: 'L2', type: 'mse' });
    edges.push(edge('aux', 'L2', 'pred'), edge('t2', 'L2', 'target'));
    data.t2 = randomRows(rand, ROWS, 1);
  }
  return { doc: makeDocument(nodes, edges), data };
}

const isTarget = (doc: GraphDocument, id: string) =>
  findBlock(doc.nodes.find((n) => n.id === id)!.type)?.source === 'targets';

describe('random DAGs with fan-out, add and concat', () => {
  const seeds = fc.integer({ min: 1, max: 2 ** 31 - 1 });
  const settings = { numRuns: 40, seed: 20261127 };

  it('generates graphs that really fan out and join', () => {
    let fanOut = 0,
      sameNodeTwice = 0,
      joins = 0,
      twoLosses = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const { doc } = randomDag(seed);
      const outDegree = new Map<string, number>();
      for (const e of doc.edges) outDegree.set(e.source, (outDegree.get(e.source) ?? 0) + 1);
      if ([...outDegree.values()].some((d) => d > 1)) fanOut++;
      if (doc.edges.some((e, i) => doc.edges.some((f, j) => j > i && f.source === e.source && f.target === e.target)))
        sameNodeTwice++;
      if (doc.nodes.some((n) => n.type === 'add' || (n.type === 'concat' && n.id !== 'join'))) joins++;
      if (doc.nodes.some((n) => n.id === 'L2')) twoLosses++;
    }
    expect(fanOut).toBeGreaterThan(30);
    expect(sameNodeTwice).toBeGreaterThan(0);
    expect(joins).toBeGreaterThan(10);
    expect(twoLosses).toBeGreaterThan(10);
  });

  it('passes the gradient check', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const { doc, data } = randomDag(seed);
        const result = gradientCheck(compile(doc), (ex) => ex.feed(data), { tolerance: 1e-6 });
        expect(result.ok, JSON.stringify(result.params.filter((p) => p.maxRelError > 1e-6))).toBe(true);
      }),
      settings,
    );
  });

  it('carries the reference gradient along every edge, in float64 and float32', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const { doc, data } = randomDag(seed);
        for (const [precision, tolerance] of [
          ['float64', 1e-10],
          ['float32', 1e-4],
        ] as const) {
          const ex = new Executor(compile(doc), { precision, inputGradients: true });
          const fed =
            precision === 'float32'
              ? Object.fromEntries(Object.entries(data).map(([k, rows]) => [k, rows.map((r) => r.map(Math.fround))]))
              : data;
          ex.feed(fed);
          const loss = ex.forward();
          ex.backward();
          const ref = runReference(doc, weightValues(ex), fed);
          expectClose([loss], [ref.loss], tolerance, `${precision} loss`);
          const losses = ex.lossValues();
          expect(Object.keys(losses).sort()).toEqual(Object.keys(ref.losses).sort());
          for (const [id, value] of Object.entries(ref.losses))
            expectClose([losses[id]], [value], tolerance, `${precision} loss ${id}`);
          for (const p of ex.parameters)
            expectClose(
              p.grad,
              ref.weightGrads.get(p.node)![p.name],
              tolerance,
              `${precision} dL/d${p.node}.${p.name}`,
            );
          doc.edges.forEach((e, k) => {
            if (isTarget(doc, e.source)) return;
            expectClose(
              ex.edgeGradient(k)!.data,
              flat(ref.edgeGrads[k]!),
              tolerance,
              `${precision} edge ${e.source}→${e.target}.${e.targetHandle}`,
            );
          });
        }
      }),
      settings,
    );
  });

  it('sums the edge gradients of a node feeding several others into its output gradient, which is dL/d(output)', () => {
    let checked = 0;
    fc.assert(
      fc.property(seeds, (seed) => {
        const { doc, data } = randomDag(seed);
        const ex = new Executor(compile(doc), { precision: 'float64', inputGradients: true });
        ex.feed(data);
        ex.forward();
        ex.backward();
        const weights = weightValues(ex);
        for (const node of doc.nodes) {
          const outgoing = doc.edges.filter((e) => e.source === node.id);
          if (outgoing.length < 2 || isTarget(doc, node.id)) continue;
          checked++;
          const summed = summedEdgeGradients(ex, doc, node.id)!;
          expectClose(ex.outputGradient(node.id)!.data, summed, 1e-14, `output gradient of ${node.id}`);
          // dL/d(output of the node), by central differences on the reference graph.
          const out = ex.output(node.id);
          const numeric = new Float64Array(out.data.length);
          const eps = 1e-6;
          for (let i = 0; i < numeric.length; i++) {
            const at = { node: node.id, row: Math.floor(i / out.cols), col: i % out.cols };
            numeric[i] =
              (referenceLoss(doc, weights, data, { ...at, delta: eps }) -
                referenceLoss(doc, weights, data, { ...at, delta: -eps })) /
              (2 * eps);
          }
          expectClose(summed, numeric, 1e-6, `dL/d(${node.id}) by finite differences`, 1e-7);
          if (node.id === 'x')
            expectClose(summed, dataFiniteDifference(ex, 'x'), 1e-6, 'dL/dx by finite differences in the engine', 1e-7);
        }
      }),
      settings,
    );
    expect(checked).toBeGreaterThan(40);
  });
});
