/**
 * An independent float64 reference for the engine's maths, written from the spec
 * (/work/shared/spec/graph-format.md) without importing any engine code:
 *
 * - `Scalar`: a scalar reverse-mode autodiff in the style of micrograd. Each primitive records
 *   its parents and local derivatives; `backward` walks a topological order in reverse.
 *   Every block below is composed of these primitives, so its gradient comes from the chain
 *   rule, not from a hand-written derivative.
 * - `referenceBlocks`: every block type's forward, from the spec's table.
 * - `runReference`: interprets a graph document (own topological sort, own parameter defaults)
 *   and returns the loss, every node output, every weight gradient, and the gradient carried
 *   along every edge (each edge is an explicit copy node, so its gradient is its own).
 * - `referenceOptimizer`: SGD, momentum, Adam and AdamW as PyTorch defines them.
 */

export class Scalar {
  grad = 0;
  constructor(
    readonly value: number,
    readonly parents: readonly Scalar[] = [],
    readonly local: readonly number[] = [],
  ) {}
}

export const constant = (v: number): Scalar => new Scalar(v);
export const add = (a: Scalar, b: Scalar): Scalar => new Scalar(a.value + b.value, [a, b], [1, 1]);
export const sub = (a: Scalar, b: Scalar): Scalar => new Scalar(a.value - b.value, [a, b], [1, -1]);
export const mul = (a: Scalar, b: Scalar): Scalar => new Scalar(a.value * b.value, [a, b], [b.value, a.value]);
export const div = (a: Scalar, b: Scalar): Scalar =>
  new Scalar(a.value / b.value, [a, b], [1 / b.value, -a.value / (b.value * b.value)]);
export const scale = (a: Scalar, k: number): Scalar => new Scalar(a.value * k, [a], [k]);
export const neg = (a: Scalar): Scalar => scale(a, -1);
export const exp = (a: Scalar): Scalar => {
  const e = Math.exp(a.value);
  return new Scalar(e, [a], [e]);
};
export const log = (a: Scalar): Scalar => new Scalar(Math.log(a.value), [a], [1 / a.value]);
export const abs = (a: Scalar): Scalar => new Scalar(Math.abs(a.value), [a], [Math.sign(a.value)]);
export const copy = (a: Scalar): Scalar => new Scalar(a.value, [a], [1]);
export const sum = (xs: readonly Scalar[]): Scalar =>
  new Scalar(
    xs.reduce((s, x) => s + x.value, 0),
    xs,
    xs.map(() => 1),
  );

/** Reverse-mode accumulation from `root` (dRoot/dRoot = 1), iterative so deep graphs do not overflow the stack. */
export function backward(root: Scalar): void {
  const order: Scalar[] = [];
  const seen = new Set<Scalar>();
  const stack: [Scalar, boolean][] = [[root, false]];
  while (stack.length > 0) {
    const [node, expanded] = stack.pop()!;
    if (expanded) {
      order.push(node);
      continue;
    }
    if (seen.has(node)) continue;
    seen.add(node);
    stack.push([node, true]);
    for (const p of node.parents) if (!seen.has(p)) stack.push([p, false]);
  }
  for (const n of order) n.grad = 0;
  root.grad = 1;
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i];
    n.parents.forEach((p, k) => (p.grad += n.local[k] * n.grad));
  }
}

export type Matrix = Scalar[][];
export type Params = Record<string, unknown>;

const mapMatrix = (x: Matrix, f: (s: Scalar) => Scalar): Matrix => x.map((row) => row.map(f));
const num = (p: Params, key: string, fallback: number): number =>
  typeof p[key] === 'number' ? (p[key] as number) : fallback;

const sigmoidOf = (x: Scalar): Scalar => div(constant(1), add(constant(1), exp(neg(x))));
const tanhOf = (x: Scalar): Scalar => {
  const a = exp(x);
  const b = exp(neg(x));
  return div(sub(a, b), add(a, b));
};

function softmaxRow(row: readonly Scalar[]): Scalar[] {
  const shift = Math.max(...row.map((s) => s.value));
  const e = row.map((s) => exp(sub(s, constant(shift))));
  const total = sum(e);
  return e.map((s) => div(s, total));
}

function meanOf(values: readonly Scalar[], count: number): Scalar {
  return scale(sum(values), 1 / count);
}

/** Per-row target weights: a class index (1 column) becomes one-hot over `classes`. */
function targetWeights(target: Matrix, classes: number): Scalar[][] {
  return target.map((row) =>
    row.length === 1 && classes !== 1
      ? Array.from({ length: classes }, (_, c) => constant(row[0].value === c ? 1 : 0))
      : row,
  );
}

function elementwiseLoss(f: (y: Scalar, t: Scalar) => Scalar) {
  return (pred: Matrix, target: Matrix): Scalar => {
    const terms = pred.flatMap((row, r) => row.map((y, c) => f(y, target[r][c])));
    return meanOf(terms, terms.length);
  };
}

/** How far from 0 and 1 a probability is kept before a log (the spec: "p clamped away from 0 and 1"). */
const CLAMP = 1e-7;
const clampProbability = (p: Scalar): Scalar =>
  p.value < CLAMP ? constant(CLAMP) : p.value > 1 - CLAMP ? constant(1 - CLAMP) : p;

export interface ReferenceBlock {
  /** Input port names. */
  ports(params: Params): string[];
  /** Weight shapes by name. */
  weights?(params: Params): Record<string, number[]>;
  /** A matrix for a layer; a single Scalar for a loss. */
  forward(params: Params, inputs: Matrix[], weights: Record<string, Scalar[]>): Matrix | Scalar;
}

const one = (): string[] => ['in'];
const lossPorts = (): string[] => ['pred', 'target'];
const combinePorts = (p: Params): string[] => Array.from({ length: num(p, 'inputs', 2) }, (_, i) => `in${i}`);
const elementwise = (f: (x: Scalar, p: Params) => Scalar): ReferenceBlock => ({
  ports: one,
  forward: (p, [x]) => mapMatrix(x, (s) => f(s, p)),
});

export const referenceBlocks: Record<string, ReferenceBlock> = {
  linear: {
    ports: one,
    weights: (p): Record<string, number[]> => {
      const inputs = num(p, 'in', 2),
        outputs = num(p, 'out', 1);
      return p.bias === false ? { W: [outputs, inputs] } : { W: [outputs, inputs], b: [outputs] };
    },
    forward: (p, [x], w) => {
      const inputs = num(p, 'in', 2),
        outputs = num(p, 'out', 1);
      return x.map((row) =>
        Array.from({ length: outputs }, (_, o) => {
          const terms = row.map((xi, i) => mul(xi, w.W[o * inputs + i]));
          if (w.b) terms.push(w.b[o]);
          return sum(terms);
        }),
      );
    },
  },
  step: elementwise((x, p) => constant(x.value > num(p, 'threshold', 0) ? 1 : 0)),
  sigmoid: elementwise(sigmoidOf),
  tanh: elementwise(tanhOf),
  relu: elementwise((x) => (x.value > 0 ? x : constant(0))),
  leaky_relu: elementwise((x, p) => (x.value > 0 ? x : scale(x, num(p, 'slope', 0.01)))),
  identity: elementwise((x) => x),
  softmax: { ports: one, forward: (_p, [x]) => x.map(softmaxRow) },
  add: {
    ports: combinePorts,
    forward: (_p, xs) => xs[0].map((row, r) => row.map((_s, c) => sum(xs.map((x) => x[r][c])))),
  },
  concat: {
    ports: combinePorts,
    forward: (_p, xs) => xs[0].map((_row, r) => xs.flatMap((x) => x[r])),
  },
  mse: {
    ports: lossPorts,
    forward: (_p, [y, t]) =>
      elementwiseLoss((a, b) => {
        const d = sub(b, a);
        return mul(d, d);
      })(y, t),
  },
  mae: { ports: lossPorts, forward: (_p, [y, t]) => elementwiseLoss((a, b) => abs(sub(b, a)))(y, t) },
  asymmetric_mse: {
    ports: lossPorts,
    forward: (p, [y, t]) =>
      elementwiseLoss((a, b) => {
        const d = sub(b, a);
        return scale(mul(d, d), d.value < 0 ? num(p, 'a', 1) : num(p, 'b', 1));
      })(y, t),
  },
  bce: {
    ports: lossPorts,
    forward: (_p, [y, t]) =>
      elementwiseLoss((pr, tv) => {
        const q = clampProbability(pr);
        return neg(add(mul(tv, log(q)), mul(sub(constant(1), tv), log(sub(constant(1), q)))));
      })(y, t),
  },
  nll: {
    ports: lossPorts,
    forward: (_p, [pred, target]) => {
      const w = targetWeights(target, pred[0]?.length ?? 0);
      const terms = pred.flatMap((row, r) =>
        row.map((pc, c) => mul(w[r][c], log(pc.value < CLAMP ? constant(CLAMP) : pc))),
      );
      return neg(meanOf(terms, pred.length));
    },
  },
  cross_entropy: {
    ports: lossPorts,
    forward: (_p, [logits, target]) => {
      const w = targetWeights(target, logits[0]?.length ?? 0);
      const terms = logits.flatMap((row, r) => {
        const shift = Math.max(...row.map((s) => s.value));
        const logSumExp = add(log(sum(row.map((z) => exp(sub(z, constant(shift)))))), constant(shift));
        return row.map((z, c) => mul(w[r][c], sub(logSumExp, z)));
      });
      return meanOf(terms, logits.length);
    },
  },
};

export interface RefNode {
  id: string;
  type: string;
  params?: Params;
}
export interface RefEdge {
  source: string;
  target: string;
  targetHandle: string;
}
export interface RefGraph {
  nodes: readonly RefNode[];
  edges: readonly RefEdge[];
}

export interface ReferenceResult {
  loss: number;
  /** Each loss node's value. */
  losses: Record<string, number>;
  outputs: Map<string, number[][]>;
  /** dL/dW per node and weight name (row-major). */
  weightGrads: Map<string, Record<string, number[]>>;
  /** Per document edge: the gradient flowing back along it (null from a loss or into nothing). */
  edgeGrads: (number[][] | null)[];
  /** dL/d(output) of every non-loss node (the sum over its edges). */
  outputGrads: Map<string, number[][]>;
}

export interface ReferenceOptions {
  /** Adds `delta` to one element of a node's output before it is used (for finite differences). */
  perturb?: { node: string; row: number; col: number; delta: number };
}

function referenceOrder(graph: RefGraph): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw new Error(`reference: cycle through ${id}`);
    state.set(id, 'visiting');
    for (const e of graph.edges) if (e.target === id) visit(e.source);
    state.set(id, 'done');
    order.push(id);
  };
  for (const n of graph.nodes) visit(n.id);
  return order;
}

/**
 * Evaluates and differentiates `graph` in float64. `weights[node][name]` are row-major values;
 * `data[node]` holds the rows for every input and target node.
 */
export function runReference(
  graph: RefGraph,
  weights: Record<string, Record<string, ArrayLike<number>>>,
  data: Record<string, readonly (readonly number[])[]>,
  options: ReferenceOptions = {},
): ReferenceResult {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const outputs = new Map<string, Matrix>();
  const lossScalars = new Map<string, Scalar>();
  const weightScalars = new Map<string, Record<string, Scalar[]>>();
  const edgeCopies: (Matrix | null)[] = graph.edges.map(() => null);

  for (const id of referenceOrder(graph)) {
    const node = byId.get(id)!;
    const params = node.params ?? {};
    if (node.type === 'input' || node.type === 'target') {
      const rows = data[id];
      if (!rows) throw new Error(`reference: no data for ${id}`);
      outputs.set(
        id,
        rows.map((row) => row.map(constant)),
      );
    } else {
      const block = referenceBlocks[node.type];
      if (!block) throw new Error(`reference: no implementation of block type '${node.type}'`);
      const inputs = block.ports(params).map((port) => {
        const k = graph.edges.findIndex((e) => e.target === id && e.targetHandle === port);
        if (k < 0) throw new Error(`reference: ${id}.${port} is not connected`);
        const copied = outputs.get(graph.edges[k].source)!.map((row) => row.map(copy));
        edgeCopies[k] = copied;
        return copied;
      });
      const w: Record<string, Scalar[]> = {};
      for (const [name, shape] of Object.entries(block.weights?.(params) ?? {})) {
        const values = weights[id]?.[name];
        const length = shape.reduce((a, b) => a * b, 1);
        if (!values || values.length !== length)
          throw new Error(`reference: weight ${id}.${name} needs ${length} values`);
        w[name] = Array.from(values, constant);
      }
      weightScalars.set(id, w);
      const result = block.forward(params, inputs, w);
      if (result instanceof Scalar) lossScalars.set(id, result);
      else outputs.set(id, result);
    }
    const p = options.perturb;
    if (p && p.node === id) {
      const m = outputs.get(id)!;
      m[p.row][p.col] = add(m[p.row][p.col], constant(p.delta));
    }
  }

  const total = sum([...lossScalars.values()]);
  backward(total);
  const values = (m: Matrix) => m.map((row) => row.map((s) => s.value));
  const grads = (m: Matrix) => m.map((row) => row.map((s) => s.grad));
  const outputGrads = new Map<string, number[][]>();
  for (const [id, m] of outputs) {
    const carried = graph.edges.flatMap((e, k) => (e.source === id && edgeCopies[k] ? [grads(edgeCopies[k]!)] : []));
    outputGrads.set(
      id,
      m.map((row, r) => row.map((_s, c) => carried.reduce((s, g) => s + g[r][c], 0))),
    );
  }
  return {
    loss: total.value,
    losses: Object.fromEntries([...lossScalars].map(([id, s]) => [id, s.value])),
    outputs: new Map([...outputs].map(([id, m]) => [id, values(m)])),
    weightGrads: new Map(
      [...weightScalars].map(([id, w]) => [
        id,
        Object.fromEntries(Object.entries(w).map(([name, s]) => [name, s.map((x) => x.grad)])),
      ]),
    ),
    edgeGrads: edgeCopies.map((m) => (m ? grads(m) : null)),
    outputGrads,
  };
}

/** Loss of the reference graph with one node output element moved by `delta` (for finite differences). */
export function referenceLoss(
  graph: RefGraph,
  weights: Record<string, Record<string, ArrayLike<number>>>,
  data: Record<string, readonly (readonly number[])[]>,
  perturb?: ReferenceOptions['perturb'],
): number {
  return runReference(graph, weights, data, { perturb }).loss;
}

export interface ReferenceOptimizerSettings {
  lr: number;
  momentum?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** AdamW's decoupled weight decay λ (w ← w − η·λ·w before the update), of the parameters `decayed` marks. */
  weightDecay?: number;
  decayed?: readonly boolean[];
}

/** PyTorch's update rules on plain float64 arrays; `step` updates `params` in place. */
export function referenceOptimizer(kind: 'sgd' | 'momentum' | 'adam' | 'adamw', s: ReferenceOptimizerSettings) {
  const state = new Map<number[], { v: number[]; m: number[] }>();
  let t = 0;
  return {
    step(params: number[][], grads: number[][]): void {
      t++;
      params.forEach((w, k) => {
        const g = grads[k];
        let st = state.get(w);
        if (!st) state.set(w, (st = { v: w.map(() => 0), m: w.map(() => 0) }));
        if (kind === 'adamw' && s.decayed?.[k])
          for (let i = 0; i < w.length; i++) w[i] -= s.lr * (s.weightDecay ?? 0) * w[i];
        for (let i = 0; i < w.length; i++) {
          if (kind === 'sgd') {
            w[i] = w[i] - s.lr * g[i];
          } else if (kind === 'momentum') {
            st.v[i] = (s.momentum ?? 0.9) * st.v[i] + g[i];
            w[i] = w[i] - s.lr * st.v[i];
          } else {
            const b1 = s.beta1 ?? 0.9,
              b2 = s.beta2 ?? 0.999,
              eps = s.eps ?? 1e-8;
            st.m[i] = b1 * st.m[i] + (1 - b1) * g[i];
            st.v[i] = b2 * st.v[i] + (1 - b2) * g[i] * g[i];
            const mHat = st.m[i] / (1 - Math.pow(b1, t));
            const vHat = st.v[i] / (1 - Math.pow(b2, t));
            w[i] = w[i] - (s.lr * mHat) / (Math.sqrt(vHat) + eps);
          }
        }
      });
    },
  };
}

/** Solves A·x = b (A square) by Gaussian elimination with partial pivoting. */
export function solveLinearSystem(a: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = col + 1; r < n; r++) {
      const f = m[r][col] / m[col][col];
      for (let c = col; c <= n; c++) m[r][c] -= f * m[col][c];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n];
    for (let c = r + 1; c < n; c++) s -= m[r][c] * x[c];
    x[r] = s / m[r][r];
  }
  return x;
}
