/**
 * The gradient check itself: it must pass a correct graph, and catch (and locate) a wrong
 * derivative. A block's backward is replaced by a wrong one for the duration of a test.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Executor, getBlock, gradientCheck, relativeError, type BlockDefinition } from '../../src/engine/index.js';
import { compile, edge, linearWeights, makeDocument, randomRows, seededRandom } from './helpers.js';

const rand = seededRandom(31);
const doc = makeDocument(
  [
    { id: 'x', type: 'input', params: { size: 2 } },
    { id: 'pre', type: 'linear', params: { in: 2, out: 3 }, weights: linearWeights(rand, 2, 3) },
    { id: 'a', type: 'tanh' },
    { id: 'post', type: 'linear', params: { in: 3, out: 1 }, weights: linearWeights(rand, 3, 1) },
    { id: 't', type: 'target', params: { size: 1 } },
    { id: 'L', type: 'mse' },
  ],
  [edge('x', 'pre'), edge('pre', 'a'), edge('a', 'post'), edge('post', 'L', 'pred'), edge('t', 'L', 'target')],
);
const data = { x: randomRows(rand, 6, 2, -2, 2), t: randomRows(rand, 6, 1) };
const feed = (ex: Executor) => ex.feed(data);

const tanh = getBlock('tanh') as BlockDefinition & { backward: BlockDefinition['backward'] };
const correctBackward = tanh.backward;
afterEach(() => {
  tanh.backward = correctBackward;
});

describe('gradientCheck', () => {
  it('passes a correct graph, covering every parameter', () => {
    const result = gradientCheck(compile(doc), feed);
    expect(result.ok).toBe(true);
    expect(result.maxRelError).toBeLessThan(1e-7);
    expect(result.params.map((p) => `${p.node}.${p.name}`)).toEqual(['pre.W', 'pre.b', 'post.W', 'post.b']);
  });

  it('catches a wrong derivative, in the parameters behind it only', () => {
    // dtanh/dx written as 1 − y instead of 1 − y².
    tanh.backward = ({ out, dOut, dInputs: [dx] }) => {
      if (dx) for (let i = 0; i < out.data.length; i++) dx.data[i] = dOut.data[i] * (1 - out.data[i]);
    };
    const result = gradientCheck(compile(doc), feed);
    expect(result.ok).toBe(false);
    const byName = Object.fromEntries(result.params.map((p) => [`${p.node}.${p.name}`, p]));
    expect(byName['pre.W'].maxRelError).toBeGreaterThan(1e-2);
    expect(byName['pre.b'].maxRelError).toBeGreaterThan(1e-2);
    expect(byName['post.W'].maxRelError).toBeLessThan(1e-7);
    expect(byName['post.b'].maxRelError).toBeLessThan(1e-7);

    // The reported numeric gradient is the central difference, recomputed here.
    const { index, analytic, numeric } = byName['pre.W'].worst;
    expect(relativeError(analytic, numeric)).toBe(byName['pre.W'].maxRelError);
    tanh.backward = correctBackward;
    const ex = new Executor(compile(doc), { precision: 'float64' });
    feed(ex);
    const w = ex.nodeWeights('pre').W.value;
    const eps = 1e-6,
      v = w[index];
    w[index] = v + eps;
    const plus = ex.forward();
    w[index] = v - eps;
    const minus = ex.forward();
    expect(numeric).toBeCloseTo((plus - minus) / (2 * eps), 8);
  });

  it('checks at the weights of another executor when given weightsFrom', () => {
    const trained = new Executor(compile(doc), { precision: 'float32' });
    for (const p of trained.parameters) p.value.fill(0.25);
    const result = gradientCheck(compile(doc), feed, { weightsFrom: trained });
    expect(result.ok).toBe(true);
    // The analytic gradient reported is the one at those weights, not at the stored ones.
    const at = new Executor(compile(doc), { precision: 'float64' });
    for (const p of at.parameters) p.value.fill(0.25);
    feed(at);
    at.forward();
    at.backward();
    const w = result.params.find((p) => p.node === 'post' && p.name === 'W')!;
    expect(w.worst.analytic).toBe(at.nodeWeights('post').W.grad[w.worst.index]);
  });
});
