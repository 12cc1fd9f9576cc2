// The linear and logistic kernels of the plain SIMD build (no relaxed SIMD: a browser without it runs this one) against the reference kernels.

import fc from 'fast-check';
import { expect, it } from 'vitest';
import { kernelsWasm } from '../../src/kernels/generated/kernels-wasm.js';
import { linearGradient } from '../../src/kernels/linear-gradient.js';
import {
  linearMemoryLayout,
  linearPartRuns,
  readSlots,
  runParts,
  writeParams,
  writeRowData,
} from '../../src/kernels/linear-wasm-memory.js';
import { logisticGradient } from '../../src/kernels/logistic-gradient.js';
import { wasm } from '../../src/kernels/wasm-api.js';
import { decodeWasm, instantiateKernels, kernelFacts } from '../../src/kernels/wasm-kernels.js';
import { expectClose, seededValues } from './reference.js';

/** The bound of regression-simd.test.ts: the plain build rounds each product and sum apart, still within it. */
const TOLERANCE = 1e-12;

const plain = new wasm!.Module(decodeWasm(kernelsWasm));

/** One gradient of the plain build's linearRows, called as createWasmLinearKernel calls the host's build. */
function plainGradient(
  x: Float64Array,
  y: Float64Array,
  rows: number,
  cols: number,
  loss: 'squared' | 'logistic',
  params: Float64Array,
  grad: Float64Array,
): number {
  const layout = linearMemoryLayout(rows, cols, kernelFacts(plain).heapBase);
  const memory = new wasm!.Memory({ initial: layout.pages });
  const kernels = instantiateKernels(plain, memory);
  const heap = new Float64Array(memory.buffer);
  writeRowData(heap, layout, x, y, kernels.tileRows);
  writeParams(heap, layout, params);
  runParts(heap, linearPartRuns(layout, kernels.loss[loss]), kernels.linearRows);
  return readSlots(heap, layout, grad);
}

it('agrees with linearGradient and logisticGradient on random shapes, logits past ±700 and over several calls', () => {
  const shapes = fc.record({
    rows: fc.oneof(fc.integer({ min: 0, max: 41 }), fc.constantFrom(4099, 40_001)),
    cols: fc.integer({ min: 1, max: 23 }),
    scale: fc.constantFrom(0.01, 0.5, 3, 60),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
  });
  fc.assert(
    fc.property(shapes, ({ rows, cols, scale, seed }) => {
      const x = seededValues(rows * cols, seed);
      const labels = seededValues(rows, seed + 1);
      const params = seededValues(cols + 1, seed + 2).map((v) => v * scale);
      for (const [loss, y, reference] of [
        ['squared', labels.map((v) => 3 * v), linearGradient],
        ['logistic', labels.map((v) => (v > 0 ? 1 : 0)), logisticGradient],
      ] as const) {
        const expected = new Float64Array(cols + 1);
        const value = reference(x, y, rows, cols, params, expected);
        const grad = new Float64Array(cols + 1);
        expectClose([plainGradient(x, y, rows, cols, loss, params, grad)], [value], TOLERANCE);
        expectClose(grad, expected, TOLERANCE);
      }
    }),
    { numRuns: 60 },
  );
  expect(wasm!.validate(decodeWasm(kernelsWasm))).toBe(true);
});
