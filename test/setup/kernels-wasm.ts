/** Runs a test project with every float32 matrix product and tanh/sigmoid in the WebAssembly SIMD kernels. */
import { useKernels } from '../../src/engine/index.js';

useKernels('wasm');
