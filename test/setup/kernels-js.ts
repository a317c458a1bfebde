/** Runs a test project with the plain-JavaScript kernels only (the fallback where WebAssembly cannot load). */
import { useKernels } from '../../src/engine/index.js';

useKernels('js');
