// The AssemblyScript gemm (plain SIMD build) against the definition of the product: see gemm-suite.ts.

import { gemmSuite } from './gemm-suite.js';

gemmSuite('WebAssembly gemm (SIMD)');
