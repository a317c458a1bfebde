/** Linear (fully connected) layer: y = x·Wᵀ + b. */
import { addRowVector, matmulAB, matmulABt, matmulAtB, sumRows } from '../kernels.js';
import { MAX_COLUMNS } from '../limits.js';
import { defineBlock, expectColumns } from './block.js';

export const initSchemes = ['normal', 'xavier', 'he', 'zeros', 'manual'] as const;
export type InitScheme = (typeof initSchemes)[number];

export interface LinearParams {
  /** Inferred from the incoming wire when the document leaves it out (see `infer`). */
  in: number;
  out: number;
  init: InitScheme;
  std: number;
  bias: boolean;
}

export const linear = defineBlock<LinearParams>({
  type: 'linear',
  category: 'layer',
  title: 'Linear',
  description: 'Fully connected layer y = x·Wᵀ + b with weights W [out × in] and bias b [out].',
  formula: {
    forward: 'y = x·Wᵀ + b',
    backward: '∂L/∂W = (∂L/∂y)ᵀ·x,  ∂L/∂b = Σ_rows ∂L/∂y,  ∂L/∂x = ∂L/∂y·W',
  },
  fields: [
    {
      kind: 'int',
      key: 'in',
      label: 'inputs',
      min: 1,
      max: MAX_COLUMNS,
      optional: true,
      inferredFrom: 'the columns of the incoming wire',
      help: 'Columns of the input. Leave it out to take them from the incoming wire; give it to have them checked.',
    },
    { kind: 'int', key: 'out', label: 'outputs', min: 1, max: MAX_COLUMNS, default: 1 },
    {
      kind: 'enum',
      key: 'init',
      label: 'initialisation',
      options: initSchemes,
      default: 'normal',
      help: 'normal: N(0, std); xavier: Glorot uniform ±√(6/(in+out)); he: N(0, √(2/in)); zeros; manual: weights start at 0 and you set them by hand (Reset keeps them).',
    },
    { kind: 'number', key: 'std', label: 'std (normal init)', exclusiveMin: 0, default: 0.1 },
    { kind: 'bool', key: 'bias', label: 'bias', default: true },
  ],
  inputs: () => ['in'],
  infer: (p, [x]) => (p.in === undefined ? { ...p, in: x } : p),
  outputSize: (p, [x]) => {
    if (p.in !== undefined) expectColumns('in', p.in, x, `params.in = ${p.in}`);
    return p.out;
  },
  label: (p) => (p.in === undefined ? `Linear →${p.out}` : `Linear ${p.in}→${p.out}`),
  weightShapes: (p): Record<string, number[]> => (p.bias ? { W: [p.out, p.in], b: [p.out] } : { W: [p.out, p.in] }),
  initWeight: (p, name, shape, rng) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const values = new Float64Array(n);
    if (name !== 'W' || p.init === 'zeros' || p.init === 'manual') return values;
    if (p.init === 'xavier') {
      const limit = Math.sqrt(6 / (p.in + p.out));
      for (let i = 0; i < n; i++) values[i] = rng.uniform(-limit, limit);
    } else {
      const std = p.init === 'he' ? Math.sqrt(2 / p.in) : p.std;
      for (let i = 0; i < n; i++) values[i] = std * rng.normal();
    }
    return values;
  },
  forward: ({ params: p, inputs: [x], out, weights }) => {
    matmulABt(x.data, weights.W.value, out.data, x.rows, p.in, p.out);
    if (weights.b) addRowVector(out.data, weights.b.value, x.rows, p.out);
  },
  backward: ({ params: p, inputs: [x], dOut, dInputs: [dx], weights }) => {
    matmulAtB(dOut.data, x.data, weights.W.grad, x.rows, p.out, p.in);
    if (weights.b) sumRows(dOut.data, weights.b.grad, x.rows, p.out);
    if (dx) matmulAB(dOut.data, weights.W.value, dx.data, x.rows, p.out, p.in);
  },
});
