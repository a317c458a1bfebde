/** Backprop Studio's engine: pure TypeScript, no DOM, no Node APIs. */
export * from './blocks/index.js';
export * from './data.js';
export * from './datasets/index.js';
export * from './diagnostics.js';
export * from './executor.js';
export * from './format.js';
export * from './gradcheck.js';
export * from './graph.js';
export * from './inference.js';
export * from './kernels.js';
export * from './metrics.js';
export * from './optimizers.js';
export * from './random.js';
export * from './tensor.js';
export * from './training.js';
export * from './interop/index.js';
export * from './runtime.js';
