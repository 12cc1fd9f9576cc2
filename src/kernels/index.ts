// The kernels every host can run (browser and Node); Node-only backends are in ./node.ts and never imported from here.

export { createLinearKernel } from './create-linear-kernel.js';
export { denseOutputs } from './dense-outputs.js';
export { denseThreadsPay } from './dense-threads.js';
export { linearGradient } from './linear-gradient.js';
export { createJsLinearKernel, type LinearKernel } from './linear-kernel.js';
export { createWasmLinearKernel, wasmLinearKernelAvailable } from './linear-wasm.js';
export { logisticGradient } from './logistic-gradient.js';
export { matmul, matmulTransA, matmulTransB } from './matmul.js';
