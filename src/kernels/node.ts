// The Node-only kernels: import from here (never from kernels/index.ts) in the command line, benchmarks and fit's Node entry.

import './relaxed-simd-node.js';
// Registers the worker-thread dense kernel, so that mlp and softmax training in Node may use every core.
import './parallel-dense-node.js';

export { createParallelDenseKernel } from './parallel-dense-node.js';
export {
  createParallelLinearKernel,
  createParallelSoftmaxKernel,
  type ParallelLinearOptions,
} from './parallel-node.js';
