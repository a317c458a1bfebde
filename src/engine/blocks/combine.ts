/** Combiners: join several tensors into one (the blocks that make a graph more than a chain). */
import { defineBlock, expectColumns, type ParamField } from './block.js';

interface CombineParams {
  inputs: number;
}

const inputsField: ParamField = { kind: 'int', key: 'inputs', label: 'inputs', min: 2, max: 16, default: 2 };
const ports = (p: CombineParams): string[] => Array.from({ length: p.inputs }, (_, i) => `in${i}`);

export const add = defineBlock<CombineParams>({
  type: 'add',
  category: 'combine',
  title: 'Add',
  description: 'Element-wise sum of its inputs, which must have the same number of columns.',
  formula: { forward: 'y = x₀ + x₁ + …', backward: '∂L/∂xₖ = ∂L/∂y for every input k' },
  fields: [inputsField],
  inputs: ports,
  outputSize: (p, sizes) => {
    sizes.forEach((s, i) => expectColumns(`in${i}`, sizes[0], s, 'the same columns as in0'));
    return sizes[0];
  },
  label: (p) => (p.inputs === 2 ? 'Add' : `Add ×${p.inputs}`),
  forward: ({ inputs, out }) => {
    const y = out.data;
    y.set(inputs[0].data);
    for (let k = 1; k < inputs.length; k++) {
      const x = inputs[k].data;
      for (let i = 0; i < y.length; i++) y[i] += x[i];
    }
  },
  backward: ({ dOut, dInputs }) => {
    for (const dx of dInputs) dx?.data.set(dOut.data);
  },
});

export const concat = defineBlock<CombineParams>({
  type: 'concat',
  category: 'combine',
  title: 'Concat',
  description: 'Places its inputs side by side as columns, in port order.',
  formula: { forward: 'y = [x₀ | x₁ | …]', backward: '∂L/∂xₖ = the columns of ∂L/∂y that came from xₖ' },
  fields: [inputsField],
  inputs: ports,
  outputSize: (_p, sizes) => sizes.reduce((a, b) => a + b, 0),
  label: (p) => (p.inputs === 2 ? 'Concat' : `Concat ×${p.inputs}`),
  forward: ({ inputs, out }) => {
    const y = out.data,
      n = out.cols;
    let offset = 0;
    for (const x of inputs) {
      const xs = x.data,
        c = x.cols;
      for (let r = 0; r < x.rows; r++) y.set(xs.subarray(r * c, (r + 1) * c), r * n + offset);
      offset += c;
    }
  },
  backward: ({ inputs, dOut, dInputs }) => {
    const g = dOut.data,
      n = dOut.cols;
    let offset = 0;
    inputs.forEach((x, k) => {
      const dx = dInputs[k];
      const c = x.cols;
      if (dx) for (let r = 0; r < x.rows; r++) dx.data.set(g.subarray(r * n + offset, r * n + offset + c), r * c);
      offset += c;
    });
  },
});
