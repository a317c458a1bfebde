/** Registers every block type. Adding a type: write its definition, add one line here. */
import { identity, leakyRelu, relu, sigmoid, softmax, step, tanh } from './activations.js';
import { add, concat } from './combine.js';
import { input, target } from './data.js';
import { linear } from './linear.js';
import { asymmetricMse, bce, crossEntropy, mae, mse, nll } from './losses.js';
import { registerBlock } from './registry.js';

for (const def of [
  input,
  target,
  linear,
  step,
  sigmoid,
  tanh,
  relu,
  leakyRelu,
  softmax,
  identity,
  add,
  concat,
  mse,
  mae,
  asymmetricMse,
  bce,
  nll,
  crossEntropy,
])
  registerBlock(def);

export * from './block.js';
export * from './registry.js';
export { EPSILON } from './losses.js';
export { initSchemes, type InitScheme, type LinearParams } from './linear.js';
