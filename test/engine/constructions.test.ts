/**
 * Universal approximation by construction (lecture 1): the bump network of construction.ts,
 * run through the engine's executor as the app runs it, against the piecewise-constant function
 * it stands for, computed here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Phrase,
  bumpConstruction,
  CONSTRUCTION_FUNCTIONS,
  constructionNetwork,
  constructionProblem,
  constructionSchema,
  Executor,
  findBuiltin,
  loadDocument,
  MAX_BUMPS,
  type BumpNetwork,
  type GraphDocument,
} from '../../src/engine/index.js';
import { compile, edge, makeDocument } from './helpers.js';
import { createI18n, describePhrase, english, translator } from '../../src/i18n/index.js';

const interval = [-Math.PI, Math.PI] as const;

/** Input → Linear(1 → 2N) → activation → Linear(2N → 1) → MSE, with the construction's weights. */
function network(net: BumpNetwork, activation: 'sigmoid' | 'step' = 'sigmoid'): Executor {
  const units = net.hidden.W.shape[0];
  const doc = makeDocument(
    [
      { id: 'x', type: 'input', params: { size: 1 } },
      { id: 'bumps', type: 'linear', params: { in: 1, out: units }, weights: net.hidden },
      { id: 'a', type: activation },
      { id: 'sum', type: 'linear', params: { in: units, out: 1 }, weights: net.output },
      { id: 't', type: 'target', params: { size: 1 } },
      { id: 'L', type: 'mse' },
    ],
    [edge('x', 'bumps'), edge('bumps', 'a'), edge('a', 'sum'), edge('sum', 'L', 'pred'), edge('t', 'L', 'target')],
  );
  return new Executor(compile(doc), { precision: 'float64' });
}

function outputs(ex: Executor, xs: readonly number[]): Float64Array {
  ex.feed({ x: xs.map((x) => [x]), t: xs.map(() => [0]) });
  ex.forward(true);
  return Float64Array.from(ex.output('sum').data);
}

/** The piecewise-constant function the construction stands for: f(midpoint) of the grid interval holding x. */
function staircase(f: (x: number) => number, n: number, x: number): number {
  const [lo, hi] = interval;
  const h = (hi - lo) / n;
  const i = Math.min(n - 1, Math.max(0, Math.floor((x - lo) / h)));
  return f(lo + (i + 0.5) * h);
}

/** The largest |f − network| on the rows of the built-in sine data (sin at 100 evenly spaced points). */
function maxErrorOnSine(n: number, k: number): number {
  const data = findBuiltin('sine')!.load();
  const xs = Array.from({ length: data.rows }, (_, r) => data.values[r * 2]);
  const ys = outputs(network(bumpConstruction(n, k, Math.sin, interval)), xs);
  return Math.max(...xs.map((x, r) => Math.abs(Math.sin(x) - ys[r])));
}

describe('bumpConstruction', () => {
  it.each([
    ['sin', 8],
    ['cos', 5],
    ['abs', 16],
    ['square', 3],
  ] as const)('%s with %i bumps: the network equals the staircase f(midpoint) away from the edges', (name, n) => {
    const f = CONSTRUCTION_FUNCTIONS[name].f;
    const k = 400;
    const net = bumpConstruction(n, k, f, interval);
    const h = (interval[1] - interval[0]) / n;
    // Points of each grid interval at least h/4 from its edges (and the interval's ends, which lie inside a bump).
    const xs = Array.from({ length: n }, (_, i) =>
      [0, 0.25, 0.5, 0.75, 1].map((u) => interval[0] + (i + 0.25 + u * 0.5) * h),
    ).flat();
    xs.push(interval[0], interval[1]);
    const ys = outputs(network(net), xs);
    // Each unit is off by at most σ(−k·h/4) from 0 or 1, and 2N units carry weights |f(m)| ≤ max|f|.
    const bound = 2 * n * Math.max(...net.bumps.map((b) => Math.abs(b.height))) * Math.exp((-k * h) / 4) + 1e-12;
    xs.forEach((x, r) => expect(Math.abs(ys[r] - staircase(f, n, x)), `x = ${x}`).toBeLessThanOrEqual(bound));
    // With step units the bumps are exact indicators: the staircase itself.
    const steps = outputs(network(net, 'step'), xs);
    xs.forEach((x, r) => expect(steps[r]).toBeCloseTo(staircase(f, n, x), 12));
  });

  it('builds each bump from a rising and a falling unit, weighted +f(m) and −f(m)', () => {
    const net = bumpConstruction(4, 10, (x) => 2 * x, [0, 4]);
    expect(net.bumps.map((b) => [b.a, b.b, b.mid, b.height])).toEqual([
      [0, 1, 0.5, 1],
      [1, 2, 1.5, 3],
      [2, 3, 2.5, 5],
      [3, 4, 3.5, 7],
    ]);
    // The outer edges lie half a bump beyond the interval.
    expect(net.edges).toEqual([
      { left: -0.5, right: 1 },
      { left: 1, right: 2 },
      { left: 2, right: 3 },
      { left: 3, right: 4.5 },
    ]);
    expect(net.hidden.W).toEqual({ shape: [8, 1], data: new Array(8).fill(10) });
    expect(net.hidden.b.data).toEqual([5, -10, -10, -20, -20, -30, -30, -45]);
    expect(net.output.W).toEqual({ shape: [1, 8], data: [1, -1, 3, -3, 5, -5, 7, -7] });
    expect(net.output.b).toEqual({ shape: [1], data: [0] });
  });

  it('the maximum error on the sine data falls as N grows: 4 → 8 → 16 → 64 bumps', () => {
    const errors = [4, 8, 16, 64].map((n) => maxErrorOnSine(n, 40));
    for (let i = 1; i < errors.length; i++) expect(errors[i]).toBeLessThan(errors[i - 1]);
    // A staircase of width h misses sin (slope ≤ 1) by at most about h/2 between its edges.
    expect(errors[2]).toBeLessThan(Math.PI / 16 + 0.01);
    expect(errors[3]).toBeLessThan(0.05);
  });

  it('refuses what it cannot build, naming the argument', () => {
    const build =
      (n: number, k: number, lo = -1, hi = 1, f: (x: number) => number = Math.sin) =>
      () =>
        bumpConstruction(n, k, f, [lo, hi]);
    expect(build(0, 10)).toThrow(/number of bumps .* 1 to 256, got 0/);
    expect(build(MAX_BUMPS + 1, 10)).toThrow(/got 257/);
    expect(build(2.5, 10)).toThrow(/whole number/);
    expect(build(4, 0)).toThrow(/steepness .* got 0/);
    expect(build(4, Number.NaN)).toThrow(/steepness/);
    expect(build(4, 10, 1, 1)).toThrow(/interval .* got \[1, 1\]/);
    expect(build(4, 10, -1, 1, (x) => 1 / x)).not.toThrow();
    expect(build(2, 10, -1, 1, (x) => 1 / (x + 0.5))).toThrow(/f\(-0.5\) is Infinity/);
    expect(build(MAX_BUMPS, 10)().hidden.W.shape).toEqual([512, 1]);
  });
});

describe('the construction example', () => {
  const doc = JSON.parse(
    readFileSync(join(import.meta.dirname, '../../examples/universal-approximation.bps.json'), 'utf8'),
  ) as GraphDocument;

  it('is marked as the construction and holds exactly its weights, frozen', () => {
    const loaded = loadDocument(doc);
    expect(loaded.ok).toBe(true);
    const c = constructionSchema.parse(doc.construction);
    expect(c).toMatchObject({ kind: 'bumps', function: 'sin', interval: [-Math.PI, Math.PI] });
    expect(constructionProblem(c, doc, 1)).toBeNull();
    const net = constructionNetwork(c);
    const node = (id: string) => doc.nodes.find((n) => n.id === id)!;
    expect(node(c.hidden).weights).toEqual(net.hidden);
    expect(node(c.hidden).params?.out).toBe(2 * c.bumps);
    expect(node(c.output).weights).toEqual(net.output);
    expect(node(c.hidden).trainable).toBe(false);
    expect(node(c.output).trainable).toBe(false);
  });

  it('says why a graph cannot hold the construction, in English and in Russian', () => {
    const c = constructionSchema.parse(doc.construction);
    const tell = (p: Phrase | null, t = english, language = 'en') => p && describePhrase(p, t, language);
    const changed = (edit: (d: GraphDocument) => void) => {
      const d = structuredClone(doc);
      edit(d);
      return tell(constructionProblem(c, d, 1));
    };
    expect(tell(constructionProblem(c, doc, 2))).toBe("the construction is for one input column; 'x' gives 2");
    expect(changed((d) => (d.nodes.find((n) => n.id === 'steps')!.type = 'tanh'))).toMatch(
      /'sum' must be fed by a Sigmoid \(or Step\)/,
    );
    expect(changed((d) => (d.nodes = d.nodes.filter((n) => n.id !== 'bumps')))).toMatch(/hidden layer 'bumps' is not/);
    expect(changed((d) => (d.nodes.find((n) => n.id === 'sum')!.params = { out: 2 }))).toMatch(/one output/);
    expect(changed((d) => (d.nodes.find((n) => n.id === 'steps')!.type = 'step'))).toBeNull();
    expect(
      changed((d) => {
        const s = d.nodes.find((n) => n.id === 'steps')!;
        s.type = 'step';
        s.params = { threshold: 1 };
      }),
    ).toMatch(/threshold 0/);
    // The block's title in the sentence is the user's language's too.
    const rewired = structuredClone(doc);
    rewired.edges = rewired.edges.map((e) => (e.target === 'steps' ? { ...e, source: 'x' } : e));
    const problem = constructionProblem(c, rewired, 1);
    expect(tell(problem)).toBe("the Sigmoid block 'steps' must be fed by the hidden layer 'bumps'");
    expect(tell(problem, translator(createI18n('ru')), 'ru')).toBe(
      'блок «Сигмоида» «steps» должен получать данные от скрытого слоя «bumps»',
    );
  });

  it('a document with a bad construction field names the field', () => {
    const bad = { ...structuredClone(doc), construction: { ...doc.construction, bumps: 0 } };
    const loaded = loadDocument(bad);
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.diagnostics[0].where).toBe('construction.bumps');
  });
});
