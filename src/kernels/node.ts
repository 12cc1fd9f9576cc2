// The Node-only kernels: import from here (never from kernels/index.ts) in the command line, benchmarks and fit's Node entry.

import './relaxed-simd-node.js';

export {
  createParallelLinearKernel,
  createParallelSoftmaxKernel,
  type ParallelLinearOptions,
} from './parallel-node.js';
