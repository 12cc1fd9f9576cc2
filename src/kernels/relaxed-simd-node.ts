// Switches on WebAssembly relaxed SIMD in Node 20 (on by default from Node 22 and in browsers), so the kernels' fused multiply-add build runs.

import { setFlagsFromString } from 'node:v8';

// A standardized feature behind a flag in V8 11.3; set before any kernel module is compiled, it only adds
// instructions a module may use (the plain SIMD build stays valid either way).
setFlagsFromString('--experimental-wasm-relaxed-simd');
