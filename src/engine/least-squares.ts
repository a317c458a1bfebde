/**
 * Linear regression in closed form: for a graph that is Input → Linear → MSE, the weights that
 * minimise the loss exactly — the normal equations XᵀX·β = XᵀT — solved without forming XᵀX
 * (which squares the condition number): Householder QR with column pivoting of the design
 * matrix, in double precision, on columns scaled to unit length so that the rank test does not
 * depend on the units of the data. A design whose columns are (numerically) linearly dependent
 * is refused, naming the dependence (`x3 = 1·x1 + 1·x2`), instead of returning one of the
 * infinitely many minimisers.
 */
import type { BoundData } from './data.js';
import type { Diagnostic } from './diagnostics.js';
import { Executor } from './executor.js';
import type { CompiledGraph, CompiledNode } from './graph.js';
import { Tensor } from './tensor.js';

/**
 * A column counts as dependent on the others when its scaled residual after the previous
 * Householder steps is below this share of the largest column (all columns scaled to length 1).
 * Exact dependences computed in floating point leave about 1e-16; 1e-10 also refuses designs so
 * ill-conditioned that the solution would carry fewer than six correct digits.
 */
export const RANK_TOLERANCE = 1e-10;

/**
 * The largest solve, in multiply-adds (rows × unknowns², a few seconds in JavaScript), and in
 * design-matrix values (rows × unknowns; the solve keeps two double-precision copies, 160 MB at
 * the limit). Larger problems are refused with their size named: train them by gradient descent.
 */
export const MAX_SOLVE_WORK = 4e9;
export const MAX_SOLVE_VALUES = 1e7;

export interface PivotedQr {
  rows: number;
  cols: number;
  /** Column-major `rows × cols`: R on and above the diagonal, the Householder vectors below it. */
  factors: Float64Array;
  tau: Float64Array;
  /** `permutation[k]` is the original column that pivoting moved to position k. */
  permutation: Int32Array;
  /** Numerical rank: the leading columns whose diagonal of R passes `RANK_TOLERANCE`. */
  rank: number;
}

/**
 * Householder QR with column pivoting (Businger–Golub) of the column-major `rows × cols` matrix
 * `a` (overwritten), applying Qᵀ to the column-major `rows × rhs` matrix `b` as it goes. At
 * each step the remaining column with the largest residual norm is moved forward; the norms are
 * recomputed rather than downdated, so that they stay accurate when they cancel.
 */
export function pivotedQr(a: Float64Array, rows: number, cols: number, b: Float64Array, rhs: number): PivotedQr {
  const tau = new Float64Array(cols);
  const permutation = Int32Array.from({ length: cols }, (_, j) => j);
  const norms = new Float64Array(cols);
  const steps = Math.min(rows, cols);
  let rank = steps;
  let first = 0;
  for (let k = 0; k < steps; k++) {
    for (let j = k; j < cols; j++) {
      let s = 0;
      for (let i = k, o = j * rows + k; i < rows; i++, o++) s += a[o] * a[o];
      norms[j] = s;
    }
    let p = k;
    for (let j = k + 1; j < cols; j++) if (norms[j] > norms[p]) p = j;
    if (p !== k) {
      for (let i = 0; i < rows; i++) {
        const t = a[k * rows + i];
        a[k * rows + i] = a[p * rows + i];
        a[p * rows + i] = t;
      }
      [permutation[k], permutation[p]] = [permutation[p], permutation[k]];
      [norms[k], norms[p]] = [norms[p], norms[k]];
    }
    const norm = Math.sqrt(norms[k]);
    if (k === 0) first = norm;
    if (rank === steps && !(norm > RANK_TOLERANCE * first)) rank = k;
    const base = k * rows;
    const alpha = a[base + k];
    if (norm === 0) {
      tau[k] = 0;
      continue;
    }
    // dlarfg: H = I − τ·v·vᵀ with v[0] = 1 maps the column to (β, 0, …, 0).
    const beta = alpha >= 0 ? -norm : norm;
    tau[k] = (beta - alpha) / beta;
    const scale = 1 / (alpha - beta);
    for (let i = k + 1; i < rows; i++) a[base + i] *= scale;
    a[base + k] = beta;
    const reflect = (m: Float64Array, offset: number) => {
      let w = m[offset + k];
      for (let i = k + 1; i < rows; i++) w += a[base + i] * m[offset + i];
      w *= tau[k];
      m[offset + k] -= w;
      for (let i = k + 1; i < rows; i++) m[offset + i] -= w * a[base + i];
    };
    for (let j = k + 1; j < cols; j++) reflect(a, j * rows);
    for (let q = 0; q < rhs; q++) reflect(b, q * rows);
  }
  if (rows < cols) rank = Math.min(rank, rows);
  return { rows, cols, factors: a, tau, permutation, rank };
}

/** Solves R[0:r, 0:r]·x = y[0:r] by back substitution (R from `pivotedQr`, column-major). */
function backSubstitute(qr: PivotedQr, y: ArrayLike<number>, r: number): Float64Array {
  const { factors: f, rows } = qr;
  const x = new Float64Array(r);
  for (let i = r - 1; i >= 0; i--) {
    let s = y[i];
    for (let j = i + 1; j < r; j++) s -= f[j * rows + i] * x[j];
    x[i] = s / f[i * rows + i];
  }
  return x;
}

/** A column of the design that is a combination of the others: `column = Σ coefficient·other`. */
export interface Dependence {
  column: number;
  terms: { column: number; coefficient: number }[];
}

export type LeastSquaresSolution =
  | {
      ok: true;
      /** Column-major `cols × rhs`: the coefficients of each right-hand side. */
      coefficients: Float64Array;
    }
  | { ok: false; rank: number; dependences: Dependence[] };

/**
 * The least-squares solution of A·X ≈ B for the row-major `rows × cols` matrix A and the
 * row-major `rows × rhs` matrix B (neither is changed): X minimises ‖A·X − B‖ column by column.
 * When A's columns are dependent it returns, instead, how each dependent column is made of the
 * others (from R₁₁⁻¹·R₁₂ of the pivoted QR, in the original units).
 */
export function leastSquares(
  a: ArrayLike<number>,
  rows: number,
  cols: number,
  b: ArrayLike<number>,
  rhs: number,
): LeastSquaresSolution {
  // Column-major copies, each column scaled to unit length (equilibration).
  const scales = new Float64Array(cols);
  const am = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) {
    let s = 0;
    for (let i = 0; i < rows; i++) s += a[i * cols + j] * a[i * cols + j];
    const length = Math.sqrt(s);
    scales[j] = length > 0 ? length : 1;
    for (let i = 0; i < rows; i++) am[j * rows + i] = a[i * cols + j] / scales[j];
  }
  const bm = new Float64Array(rows * rhs);
  for (let q = 0; q < rhs; q++) for (let i = 0; i < rows; i++) bm[q * rows + i] = b[i * rhs + q];
  const qr = pivotedQr(am, rows, cols, bm, rhs);
  const r = qr.rank;
  if (r < cols) {
    const dependences: Dependence[] = [];
    for (let k = r; k < cols; k++) {
      const column = qr.permutation[k];
      const z = backSubstitute(
        qr,
        Array.from({ length: r }, (_, i) => qr.factors[k * rows + i]),
        r,
      );
      dependences.push({
        column,
        terms: Array.from(z, (c, i) => ({
          column: qr.permutation[i],
          coefficient: (c * scales[column]) / scales[qr.permutation[i]],
        })),
      });
    }
    return { ok: false, rank: r, dependences };
  }
  const coefficients = new Float64Array(cols * rhs);
  for (let q = 0; q < rhs; q++) {
    const x = backSubstitute(qr, bm.subarray(q * rows, q * rows + cols), cols);
    for (let k = 0; k < cols; k++) {
      const j = qr.permutation[k];
      coefficients[q * cols + j] = x[k] / scales[j];
    }
  }
  return { ok: true, coefficients };
}

/** The blocks of a graph that is linear regression: Input → Linear → MSE ← Target. */
export interface RegressionBlocks {
  input: CompiledNode;
  linear: CompiledNode;
  target: CompiledNode;
  loss: CompiledNode;
}

/** Why the graph is not linear regression: its English `message`, its catalogue key (`solve.*`) and values. */
const notOfTheForm = (
  message: string,
  nodeIds: string[],
  key: string,
  values: Record<string, string | number>,
): { ok: false; diagnostics: Diagnostic[] } => ({
  ok: false,
  diagnostics: [
    {
      code: 'not-linear-regression',
      severity: 'error',
      where: nodeIds.length ? `node ${nodeIds[0]}` : '(graph)',
      message: `no closed form: ${message}. The closed form solves linear regression, a graph Input → Linear → MSE (with a Target); train this one by gradient descent`,
      key: `solve.${key}`,
      values,
      ...(nodeIds.length ? { nodeIds } : {}),
    },
  ],
});

const describeNode = (node: CompiledNode): string => `'${node.id}' (${node.def.title})`;

/**
 * Finds the Input → Linear → MSE ← Target blocks of `graph` (identity blocks between the Linear
 * and the loss are allowed: they change nothing), or says in words why the graph is not linear
 * regression. Blocks that feed no loss are ignored, as training ignores them.
 */
export function regressionBlocks(
  graph: CompiledGraph,
): { ok: true; value: RegressionBlocks } | { ok: false; diagnostics: Diagnostic[] } {
  const losses = graph.losses.map((n) => graph.nodes[n]);
  if (losses.length !== 1)
    return notOfTheForm(
      `the graph has ${losses.length} losses (${losses.map((l) => l.id).join(', ')}), so its objective is their sum`,
      losses.map((l) => l.id),
      'losses',
      { count: losses.length, ids: losses.map((l) => l.id).join(', ') },
    );
  const loss = losses[0];
  if (loss.def.type !== 'mse')
    return notOfTheForm(
      `the loss ${describeNode(loss)} is not MSE; least squares minimises the mean squared error`,
      [loss.id],
      'notMse',
      { id: loss.id, block: loss.def.title },
    );
  let pred = graph.nodes[loss.inputs[0].source];
  while (pred.def.type === 'identity') pred = graph.nodes[pred.inputs[0].source];
  if (pred.def.type !== 'linear')
    return notOfTheForm(
      `the prediction reaching ${describeNode(loss)} comes from ${describeNode(pred)}, not from a Linear block${pred.def.category === 'activation' ? ': an activation makes the model non-linear' : ''}`,
      [pred.id],
      pred.def.category === 'activation' ? 'notLinearActivation' : 'notLinear',
      { id: loss.id, block: loss.def.title, source: pred.id, sourceBlock: pred.def.title },
    );
  const input = graph.nodes[pred.inputs[0].source];
  if (input.def.source !== 'features')
    return notOfTheForm(
      `the Linear block '${pred.id}' is fed by ${describeNode(input)}, not by an Input block; layers before it make the model non-linear in their weights`,
      [pred.id, input.id],
      'notInput',
      { linear: pred.id, id: input.id, block: input.def.title },
    );
  const target = graph.nodes[loss.inputs[1].source];
  if (target.def.source !== 'targets')
    return notOfTheForm(
      `the target of ${describeNode(loss)} is ${describeNode(target)}, not a Target block`,
      [loss.id, target.id],
      'notTarget',
      { id: loss.id, block: loss.def.title, target: target.id, targetBlock: target.def.title },
    );
  return { ok: true, value: { input, linear: pred, target, loss } };
}

export interface LinearRegressionSolution {
  /** The Linear block's id. */
  node: string;
  /** `[out × in]`, row-major, as the Linear block stores W. */
  W: Float64Array;
  /** `[out]`, or null for a Linear block without bias. */
  b: Float64Array | null;
  shape: [number, number];
  /** The graph's loss (MSE) at these weights on the rows solved for, as the engine computes it. */
  loss: number;
}

const formatCoefficient = (x: number): string => {
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e5 ? String(Number(a.toPrecision(4))) : a.toExponential(3);
};

/**
 * `x3 = 1·x1 + 2·x2 − 0.5` from a dependence (the bias column is named `1`). The relation is
 * said of the last column it involves, which is the one a user most likely added last, never of
 * the bias: "c is constant" reads better than "1 = 0.2·c".
 */
function describeDependence(
  d: Dependence,
  names: readonly string[],
): { text: string; key?: 'zero' | 'constant'; column: string; relation?: string } {
  // The dependence as a combination that is zero: a·columns = 0.
  const zero = new Map<number, number>([[d.column, 1]]);
  for (const t of d.terms) zero.set(t.column, (zero.get(t.column) ?? 0) - t.coefficient);
  const largest = Math.max(...[...zero.values()].map(Math.abs));
  const involved = [...zero.entries()].filter(([, a]) => Math.abs(a) > 1e-9 * largest).sort(([i], [j]) => i - j);
  const candidates = involved.filter(([c]) => names[c] !== '1');
  const [subject, a] = candidates.length ? candidates[candidates.length - 1] : [d.column, 1];
  const name = names[subject];
  const terms = involved.filter(([c]) => c !== subject).map(([c, v]) => ({ column: c, coefficient: -v / a }));
  if (terms.length === 0) return { text: `${name} is 0 on every row`, key: 'zero', column: name };
  const parts = terms.map((t, i) => {
    const sign = t.coefficient < 0 ? (i === 0 ? '−' : ' − ') : i === 0 ? '' : ' + ';
    const value = formatCoefficient(t.coefficient);
    return names[t.column] === '1' ? `${sign}${value}` : `${sign}${value}·${names[t.column]}`;
  });
  const relation = `${name} = ${parts.join('')}`;
  return terms.length === 1 && names[terms[0].column] === '1'
    ? {
        text: `${name} is constant (${relation} on every row), so it cannot be told apart from the bias`,
        key: 'constant',
        column: name,
        relation,
      }
    : { text: relation, column: name };
}

/**
 * The least-squares weights of the regression `blocks` on the given rows of `data` (bound and,
 * if the document standardises, normalised as training sees them), with the loss they reach.
 * A design with dependent columns, or fewer rows than unknowns, gives a diagnostic naming why.
 */
export function solveLinearRegression(
  graph: CompiledGraph,
  data: BoundData,
  rows: ArrayLike<number>,
): { ok: true; value: LinearRegressionSolution } | { ok: false; diagnostics: Diagnostic[] } {
  const form = regressionBlocks(graph);
  if (!form.ok) return form;
  const { input, linear, target } = form.value;
  const inputs = data.inputs.find((i) => i.nodeId === input.id);
  const targets = data.targets.find((t) => t.nodeId === target.id);
  if (!inputs || !targets) throw new Error('solveLinearRegression: the data is not bound to this graph');
  const features = inputs.columns.length;
  const outputs = linear.outputSize;
  const bias = linear.params.bias !== false;
  const unknowns = features + (bias ? 1 : 0);
  const fail = (
    message: string,
    key: string,
    values: Record<string, string | number>,
  ): { ok: false; diagnostics: Diagnostic[] } => ({
    ok: false,
    diagnostics: [
      {
        code: 'singular',
        severity: 'error',
        where: `node ${linear.id}`,
        message,
        key: `solve.${key}`,
        values,
        nodeIds: [linear.id],
      },
    ],
  });
  const what = `${features} weight${features === 1 ? '' : 's'}${bias ? ' and a bias' : ''}`;
  /** The catalogue's variant for `what`. */
  const whatKey = `${features === 1 ? 'weight' : 'weights'}${bias ? 'Bias' : ''}`;
  const n = rows.length;
  if (n * unknowns * unknowns > MAX_SOLVE_WORK || n * unknowns > MAX_SOLVE_VALUES)
    return fail(
      `${n} rows × ${unknowns} unknowns per output (${what}) is too large a problem to solve in closed form here (at most ${MAX_SOLVE_WORK.toExponential(0)} multiply-adds, rows × unknowns², and ${MAX_SOLVE_VALUES.toExponential(0)} design values, rows × unknowns); train it by gradient descent`,
      `tooLarge.${whatKey}`,
      {
        rows: n,
        unknowns,
        features,
        work: MAX_SOLVE_WORK.toExponential(0),
        values: MAX_SOLVE_VALUES.toExponential(0),
      },
    );
  if (n < unknowns)
    return fail(
      `${n} row${n === 1 ? '' : 's'} cannot determine ${unknowns} unknowns per output (${what}): least squares has no unique solution with fewer rows than unknowns`,
      `fewRows.${whatKey}`,
      { count: n, unknowns, features },
    );
  const design = new Float64Array(n * unknowns);
  const rhs = new Float64Array(n * outputs);
  for (let r = 0; r < n; r++) {
    const row = rows[r];
    for (let k = 0; k < features; k++) design[r * unknowns + k] = inputs.values[row * features + k];
    if (bias) design[r * unknowns + features] = 1;
    for (let o = 0; o < outputs; o++) rhs[r * outputs + o] = targets.values[row * outputs + o];
  }
  const solution = leastSquares(design, n, unknowns, rhs, outputs);
  if (!solution.ok) {
    const names = [...inputs.columns, ...(bias ? ['1'] : [])];
    const told = solution.dependences.map((d) => describeDependence(d, names));
    const relations = told.map((r) => r.text);
    // One relation in words (a column that is 0, or constant) is told in the user's language too.
    const [only] = told;
    const inWords =
      told.length === 1 && only.key
        ? {
            relationsKey: `solve.relation.${only.key}`,
            column: only.column,
            ...(only.relation ? { relation: only.relation } : {}),
          }
        : {};
    return fail(
      `the design is singular: its ${unknowns} columns (${bias ? 'the inputs and the constant 1 of the bias' : 'the inputs'}) have rank ${solution.rank}, so infinitely many weights fit equally well: ${relations.join('; ')}. Remove ${solution.dependences.length === 1 ? 'that column' : 'those columns'} or collect more varied data`,
      `singular.${bias ? 'bias' : 'noBias'}${solution.dependences.length === 1 ? 'One' : 'Many'}`,
      { unknowns, rank: solution.rank, relations: relations.join('; '), ...inWords },
    );
  }
  const W = new Float64Array(outputs * features);
  const b = bias ? new Float64Array(outputs) : null;
  for (let o = 0; o < outputs; o++) {
    for (let k = 0; k < features; k++) W[o * features + k] = solution.coefficients[o * unknowns + k];
    if (b) b[o] = solution.coefficients[o * unknowns + features];
  }
  const value: LinearRegressionSolution = {
    node: linear.id,
    W,
    b,
    shape: [outputs, features],
    loss: linearRegressionLoss(graph, data, rows, { node: linear.id, W, b }),
  };
  return { ok: true, value };
}

/**
 * The graph's loss with the Linear block's weights set to `weights` (the others as initialised),
 * over `rows` of `data`, in double precision through the executor — the loss the graph
 * defines, not a re-typed formula. The loss is a mean, so chunks are weighted by their rows.
 */
export function linearRegressionLoss(
  graph: CompiledGraph,
  data: BoundData,
  rows: ArrayLike<number>,
  weights: Pick<LinearRegressionSolution, 'node' | 'W' | 'b'>,
): number {
  const executor = new Executor(graph, { precision: 'float64' });
  executor.importWeights(
    weights.node,
    weights.b ? { W: { data: weights.W }, b: { data: weights.b } } : { W: { data: weights.W } },
  );
  const groups = [...data.inputs, ...data.targets];
  const chunk = 4096;
  let total = 0;
  for (let start = 0; start < rows.length; start += chunk) {
    const count = Math.min(chunk, rows.length - start);
    const feed: Record<string, Tensor> = {};
    for (const g of groups) {
      const w = g.columns.length;
      const t = Tensor.zeros(count, w, 'float64');
      for (let r = 0; r < count; r++)
        t.data.set(g.values.subarray(rows[start + r] * w, rows[start + r] * w + w), r * w);
      feed[g.nodeId] = t;
    }
    executor.feed(feed);
    total += executor.forward() * count;
  }
  return total / Math.max(1, rows.length);
}
