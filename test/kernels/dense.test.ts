// The WebAssembly dense kernel against the TypeScript reference on random networks, and the fallback where SIMD is missing.

import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDenseKernel } from '../../src/kernels/create-dense-kernel.js';
import { type DenseKernel, type DenseShape, denseLayout } from '../../src/kernels/dense.js';
import { createJsDenseKernel } from '../../src/kernels/dense-js.js';
import { createWasmDenseKernel } from '../../src/kernels/dense-wasm.js';
import { setKernelBackend } from '../../src/kernels/wasm-kernels.js';
import { seededValues } from './reference.js';

/** One forward and backward over `rows` rows in chunks, as network.ts drives a kernel; returns outputs and gradient. */
function run(kernel: DenseKernel, shape: DenseShape, rows: number, seed: number) {
  const { size } = denseLayout(shape.widths);
  const params = seededValues(size, seed).map((v) => v / 2);
  const x = seededValues(rows * shape.widths[0]!, seed + 1);
  const outputs: number[] = [];
  kernel.load(params);
  for (let start = 0; start < rows; start += kernel.maxRows) {
    const count = Math.min(kernel.maxRows, rows - start);
    const out = kernel.forward(x, start, count);
    outputs.push(...out);
    const d = kernel.outputGrad();
    for (let i = 0; i < d.length; i++) d[i] = Math.sin(out[i]! + i);
    kernel.backward(start === 0);
  }
  const grad = new Float64Array(size);
  kernel.gradient(grad);
  return { outputs, grad };
}

/**
 * Entries agree to 1e-12 relative to the largest magnitude of their array: the two backends sum the same
 * products in other orders (and the relaxed build fuses multiply and add), so each entry differs by a few
 * ulps of the sums of |terms|, which stay within a few times that magnitude for these ±1 inputs.
 */
function expectAgree(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  let scale = 1;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i]! - expected[i]!) <= 1e-12 * scale)) {
      expect.fail(`entry ${i}: ${actual[i]} against the reference's ${expected[i]}`);
    }
  }
}

const shapes = fc.record({
  widths: fc.array(fc.integer({ min: 1, max: 23 }), { minLength: 2, maxLength: 4 }),
  activation: fc.constantFrom('relu' as const, 'tanh' as const, 'sigmoid' as const),
});

afterEach(() => {
  setKernelBackend('auto');
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('dense kernels', () => {
  it('WebAssembly SIMD agrees with the reference on random networks, odd and tiny sizes, several chunks', () => {
    fc.assert(
      fc.property(
        shapes,
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer(),
        (shape, rows, maxRows, seed) => {
          const wasmKernel = createWasmDenseKernel(shape, maxRows);
          expect(wasmKernel?.backend).toBe('wasm');
          const a = run(wasmKernel!, shape, rows, seed);
          const b = run(createJsDenseKernel(shape, maxRows), shape, rows, seed);
          expectAgree(a.outputs, b.outputs);
          expectAgree(a.grad, b.grad);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('agrees on the benchmark network 784-128-10 with a batch of 128', () => {
    const shape: DenseShape = { widths: [784, 128, 10], activation: 'relu' };
    const a = run(createWasmDenseKernel(shape, 128)!, shape, 128, 5);
    const b = run(createJsDenseKernel(shape, 128), shape, 128, 5);
    expectAgree(a.outputs, b.outputs);
    expectAgree(a.grad, b.grad);
  });

  it('uses the reference when it is forced', () => {
    setKernelBackend('reference');
    expect(createDenseKernel({ widths: [3, 2], activation: 'relu' }).backend).toBe('reference');
    setKernelBackend('auto');
    expect(createDenseKernel({ widths: [3, 2], activation: 'relu' }).backend).toBe('wasm');
    expect(() => setKernelBackend('fast' as 'auto')).toThrow(RangeError);
  });

  it('falls back to the reference where WebAssembly SIMD is unavailable, and an mlp still trains', async () => {
    // A host whose WebAssembly rejects every SIMD module, as an engine without SIMD does.
    const host = (globalThis as unknown as { WebAssembly: object }).WebAssembly;
    vi.stubGlobal('WebAssembly', Object.assign(Object.create(host), { validate: () => false }));
    vi.resetModules();
    const dense = await import('../../src/kernels/create-dense-kernel.js');
    const train = await import('../../src/train/fit.js');
    expect(dense.createDenseKernel({ widths: [2, 4, 1], activation: 'tanh' }).backend).toBe('reference');
    const rows = 64;
    const features = seededValues(rows * 2, 1);
    const target = Float64Array.from(
      { length: rows },
      (_, i) => Math.sin(features[2 * i]!) + features[2 * i + 1]!,
    );
    const data = {
      name: 'curve',
      featureNames: ['a', 'b'],
      targetName: 'y',
      rows,
      features,
      target,
      classes: null,
    };
    const options = {
      model: 'mlp:8',
      activation: 'tanh',
      optimizer: 'adam',
      epochs: 200,
      seed: 3,
      tol: 0,
    } as const;
    const reference = train.fit(data, options);
    vi.unstubAllGlobals();
    vi.resetModules();
    const simd = (await import('../../src/train/fit.js')).fit(data, options);
    expect(reference.loss).toBeLessThan(reference.history.loss[0]! / 4);
    expect(Math.abs(reference.loss - simd.loss)).toBeLessThan(1e-9 * (1 + simd.loss));
  });
});
