// The AssemblyScript gemm's fused multiply-add build (relaxed SIMD, switched on as kernels/node.js does) against the definition.

import { expect, it } from 'vitest';
import '../../src/kernels/node.js';
import { kernelsWasmRelaxed } from '../../src/kernels/generated/kernels-wasm.js';
import { wasm } from '../../src/kernels/wasm-api.js';
import { decodeWasm } from '../../src/kernels/wasm-kernels.js';
import { gemmSuite } from './gemm-suite.js';

it('validates the relaxed SIMD build once kernels/node.js is loaded', () => {
  expect(wasm?.validate(decodeWasm(kernelsWasmRelaxed))).toBe(true);
});

gemmSuite('WebAssembly gemm (relaxed SIMD, fused multiply-add)');
