// The tiled SIMD regression kernels (linear, logistic, softmax; one thread and several) against the reference kernels, on random odd and tiny shapes.

import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createSoftmaxKernel } from '../../src/kernels/create-softmax-kernel.js';
import { linearGradient } from '../../src/kernels/linear-gradient.js';
import { createWasmLinearKernel } from '../../src/kernels/linear-wasm.js';
import { TILE_ROWS } from '../../src/kernels/linear-wasm-memory.js';
import { logisticGradient } from '../../src/kernels/logistic-gradient.js';
import { createParallelLinearKernel, createParallelSoftmaxKernel } from '../../src/kernels/node.js';
import { softmaxGradient } from '../../src/kernels/softmax-gradient.js';
import { SOFTMAX_BLOCK_ROWS } from '../../src/kernels/softmax-wasm-memory.js';
import { wasm } from '../../src/kernels/wasm-api.js';
import {
  instantiateKernels,
  kernelFacts,
  kernelModule,
  setKernelBackend,
} from '../../src/kernels/wasm-kernels.js';
import { expectClose, seededValues } from './reference.js';

/**
 * The stated rounding bound: the kernels add the same terms in another order (four partial sums a row, two
 * products a step, fused multiply-adds) and take exp and log from their own two-lane polynomials (within two
 * ulps), so every value agrees with the reference to 1e-12 · (1 + |reference|) for data and params of modest size.
 */
const TOLERANCE = 1e-12;

interface Shape {
  rows: number;
  cols: number;
  k: number;
  /** Scale of the params: logits reach about scale · cols. */
  scale: number;
  seed: number;
}

/** Rows 0 to 41 (every remainder of the four-row blocks), columns 1 to 23 (odd ones padded), 2 to 6 classes. */
const shapes = fc.record({
  rows: fc.integer({ min: 0, max: 41 }),
  cols: fc.integer({ min: 1, max: 23 }),
  k: fc.integer({ min: 2, max: 6 }),
  scale: fc.constantFrom(0.01, 0.5, 3, 60),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
});

function data({ rows, cols, k, scale, seed }: Shape) {
  const x = seededValues(rows * cols, seed);
  const labels = seededValues(rows, seed + 1);
  const binary = labels.map((v) => (v > 0 ? 1 : 0));
  const classes = labels.map((v) => Math.min(k - 1, Math.floor(((v + 1) / 2) * k)));
  const params = seededValues(k * cols + k, seed + 2).map((v) => v * scale);
  return { x, binary, classes, params, target: labels.map((v) => 3 * v) };
}

/** Calls the kernel twice (first at other params, whose sums must not leak into the second) and returns the second. */
function twice(kernel: { gradient(p: Float64Array, g: Float64Array): number }, params: Float64Array) {
  const grad = new Float64Array(params.length).fill(Number.NaN);
  kernel.gradient(
    params.map((v) => -0.5 * v),
    grad,
  );
  return { value: kernel.gradient(params, grad), grad };
}

afterEach(() => {
  setKernelBackend('auto');
});

describe('the SIMD linear and logistic kernels', () => {
  it('agree with linearGradient and logisticGradient on random shapes, logits past ±700 included', () => {
    expect(kernelModule(false)).not.toBeNull();
    fc.assert(
      fc.property(shapes, (shape) => {
        const { rows, cols } = shape;
        const { x, binary, target, params } = data(shape);
        const w = params.subarray(0, cols + 1);
        for (const [loss, y, reference] of [
          ['squared', target, linearGradient],
          ['logistic', binary, logisticGradient],
        ] as const) {
          const expected = new Float64Array(cols + 1);
          const value = reference(x, y, rows, cols, w, expected);
          const kernel = createWasmLinearKernel(x, y, rows, cols, loss);
          const got = twice(kernel, w);
          kernel.close();
          expectClose([got.value], [value], TOLERANCE);
          expectClose(got.grad, expected, TOLERANCE);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('on two and three threads agree with the references, blocks of every remainder', () => {
    for (const [rows, cols] of [
      [1, 1],
      [5, 3],
      [4099, 21],
      [10_003, 2],
    ] as const) {
      const shape = { rows, cols, k: 2, scale: 0.5, seed: rows };
      const { x, binary, target, params } = data(shape);
      const w = params.subarray(0, cols + 1);
      for (const threads of [2, 3]) {
        for (const [loss, y, reference] of [
          ['squared', target, linearGradient],
          ['logistic', binary, logisticGradient],
        ] as const) {
          const expected = new Float64Array(cols + 1);
          const value = reference(x, y, rows, cols, w, expected);
          const kernel = createParallelLinearKernel(x, y, rows, cols, { threads, loss });
          try {
            const got = twice(kernel, w);
            expectClose([got.value], [value], TOLERANCE);
            expectClose(got.grad, expected, TOLERANCE);
          } finally {
            kernel.close();
          }
        }
      }
    }
  });
  it('agree with the references over several calls and parts, and give one bit pattern on one and two threads', () => {
    // 600,001 rows of 3 columns (4 with the padding): 19 MB, sixteen parts, each of two calls of at most a megabyte,
    // every call a fresh start of the pipeline (a tile's gradient two tiles after its logits), the last ending in a
    // partial tile.
    const rows = 600_001;
    const cols = 3;
    const { x, binary, target, params } = data({ rows, cols, k: 2, scale: 0.5, seed: 7 });
    const w = params.subarray(0, cols + 1);
    for (const [loss, y, reference] of [
      ['squared', target, linearGradient],
      ['logistic', binary, logisticGradient],
    ] as const) {
      const expected = new Float64Array(cols + 1);
      const value = reference(x, y, rows, cols, w, expected);
      const one = createWasmLinearKernel(x, y, rows, cols, loss);
      const alone = twice(one, w);
      one.close();
      expectClose([alone.value], [value], TOLERANCE);
      expectClose(alone.grad, expected, TOLERANCE);
      const kernel = createParallelLinearKernel(x, y, rows, cols, { threads: 2, loss });
      try {
        const both = twice(kernel, w);
        expect(both.value).toBe(alone.value);
        expect([...both.grad]).toEqual([...alone.grad]);
      } finally {
        kernel.close();
      }
    }
  });

  it('take exp and log1p within the bound across their ranges: tiny logits, the split at ln(1 + √2), ±700 and past', () => {
    // One column, w = 1 and b = 0, so the logits are x: e^−|z| falls on either side of √2 − 1 (|z| ≈ 0.8814),
    // reaches 1 at z = 0 and underflows past 700.
    const z = Float64Array.of(
      0,
      1e-300,
      -1e-17,
      3e-9,
      0.5,
      -0.88137,
      0.88138,
      0.8813735870195429,
      -0.8813735870195429,
      1,
      -2.5,
      20,
      -37,
      100,
      699.5,
      -700,
      745,
      -1e4,
    );
    const y = z.map((_, i) => i % 2);
    const expected = new Float64Array(2);
    const value = logisticGradient(z, y, z.length, 1, Float64Array.of(1, 0), expected);
    const kernel = createWasmLinearKernel(z, y, z.length, 1, 'logistic');
    const got = twice(kernel, Float64Array.of(1, 0));
    kernel.close();
    expectClose([got.value], [value], TOLERANCE);
    expectClose(got.grad, expected, TOLERANCE);
  });
});

describe("the logistic kernel's one log1p a block", () => {
  /** The kernel's loss against logisticGradient's per-row sum, on one column with w = 1 and b = 0 (logits = x). */
  function lossOf(z: Float64Array, y: Float64Array): { got: number; expected: number } {
    const expected = logisticGradient(z, y, z.length, 1, Float64Array.of(1, 0), new Float64Array(2));
    const kernel = createWasmLinearKernel(z, y, z.length, 1, 'logistic');
    const got = twice(kernel, Float64Array.of(1, 0)).value;
    kernel.close();
    return { got, expected };
  }

  it('keeps rows whose e^−|z| are all about 1e−20 (the loss is their sum, not 0), blocks and a tile cut short', () => {
    for (const rows of [1, 3, 16, 17, 37, 64]) {
      const z = Float64Array.from({ length: rows }, (_, i) => (i % 2 ? -1 : 1) * (46 + 0.01 * i));
      const y = z.map((v) => (v > 0 ? 1 : 0));
      // Each row's max(z, 0) − y·z is 0 exactly, so the loss is Σ log1p(e_i) alone (logisticGradient, adding
      // log1p(e) to z first, loses the rows with z > 0 to rounding; the kernel keeps them).
      const expected = z.reduce((sum, v) => sum + Math.log1p(Math.exp(-Math.abs(v))), 0);
      const { got } = lossOf(z, y);
      expect(expected).toBeGreaterThan(0);
      expect(expected).toBeLessThan(1e-18);
      expect(Math.abs(got - expected)).toBeLessThanOrEqual(1e-13 * expected);
    }
  });

  it('takes rows whose e^−|z| are all near 1 (a lane’s product near 2^8) to 1e−13 of the per-row sum', () => {
    for (const rows of [2, 15, 16, 33, 64]) {
      const z = Float64Array.from({ length: rows }, (_, i) => (i % 3 ? -1 : 1) * 1e-9 * i);
      const y = z.map((_, i) => i % 2);
      const { got, expected } = lossOf(z, y);
      expect(Math.abs(got - expected)).toBeLessThanOrEqual(1e-13 * expected);
    }
  });

  it('carries a NaN logit to the loss', () => {
    const z = Float64Array.from({ length: 20 }, (_, i) => (i === 13 ? Number.NaN : i - 10));
    const { got } = lossOf(
      z,
      z.map((_, i) => i % 2),
    );
    expect(got).toBeNaN();
  });
});

describe('the tiled layout', () => {
  it('uses the tile and block sizes the module was built with', () => {
    const module = kernelModule(false)!;
    const memory = new wasm!.Memory({ initial: 1 });
    const exports = new wasm!.Instance(module, { env: { memory } }).exports as Record<
      string,
      { value: number }
    >;
    expect(exports.TILE_ROWS!.value).toBe(TILE_ROWS);
    expect(exports.BLOCK_ROWS!.value).toBe(SOFTMAX_BLOCK_ROWS);
  });

  it('agrees with the references on wide rows (two tiles a block) and on blocks of every remainder', () => {
    // Blocks are softmaxRows' (linearRows goes tile by tile). 700 columns: a tile is 22 KB, so a 192 KB block is
    // eight tiles (32 rows); 127 and 128 columns make blocks of 48 tiles (192 rows), 65 of 64 (256 rows, the most);
    // each shape has two whole blocks and ends in a partial block and a partial tile.
    for (const [rows, cols, k] of [
      [70, 700, 3],
      [395, 127, 2],
      [390, 128, 5],
      [517, 65, 3],
    ] as const) {
      const { x, binary, target, classes, params } = data({ rows, cols, k, scale: 0.05, seed: rows + cols });
      const w = params.subarray(0, cols + 1);
      for (const [loss, y, reference] of [
        ['squared', target, linearGradient],
        ['logistic', binary, logisticGradient],
      ] as const) {
        const expected = new Float64Array(cols + 1);
        const value = reference(x, y, rows, cols, w, expected);
        const kernel = createWasmLinearKernel(x, y, rows, cols, loss);
        const got = twice(kernel, w);
        kernel.close();
        expectClose([got.value], [value], TOLERANCE);
        expectClose(got.grad, expected, TOLERANCE);
      }
      const expected = new Float64Array(params.length);
      const value = softmaxGradient(x, classes, rows, cols, k, params, expected);
      const kernel = createSoftmaxKernel(x, classes, rows, cols, k);
      const got = twice(kernel, params);
      kernel.close();
      expectClose([got.value], [value], TOLERANCE);
      expectClose(got.grad, expected, TOLERANCE);
    }
  });
});

describe('linearRows’ reads', () => {
  it('stay within the call’s rows: rows that end where the memory ends, shorter than a block or not', () => {
    const module = kernelModule(false)!;
    for (const [rows, cols] of [
      [1, 1],
      [5, 3],
      [67, 100],
      [130, 127],
      [301, 24],
      [3, 700],
    ] as const) {
      const stride = cols + (cols % 2);
      const rowBytes = stride * 8;
      const tileBytes = rowBytes * TILE_ROWS;
      const tiles = Math.ceil(rows / TILE_ROWS);
      const p = Math.ceil(kernelFacts(module).heapBase / 16) * 16;
      const g = p + rowBytes + 16;
      const y = g + rowBytes + 16;
      const staging = y + tiles * 32;
      const bytes = staging + rows * cols * 8 + tiles * tileBytes;
      const memory = new wasm!.Memory({ initial: Math.ceil(bytes / 65536) });
      const heap = new Float64Array(memory.buffer);
      // The tiles end at the memory's last byte: a touch past them traps.
      const x = memory.buffer.byteLength - tiles * tileBytes;
      const kernels = instantiateKernels(module, memory);
      const { x: values, binary, target, params } = data({ rows, cols, k: 2, scale: 0.05, seed: rows });
      const w = params.subarray(0, cols + 1);
      heap.set(values, staging / 8);
      kernels.tileRows(staging, x, rows, cols, stride);
      heap.set(w.subarray(0, cols), p / 8);
      heap[p / 8 + stride] = w[cols]!;
      for (const [loss, labels, reference] of [
        ['squared', target, linearGradient],
        ['logistic', binary, logisticGradient],
      ] as const) {
        heap.set(labels, y / 8);
        heap.fill(0, g / 8, g / 8 + stride + 2);
        kernels.linearRows(x, y, rows, stride, p, g, kernels.loss[loss]);
        const expected = new Float64Array(cols + 1);
        const value = reference(values, labels, rows, cols, w, expected);
        const got = [...heap.subarray(g / 8, g / 8 + cols), heap[g / 8 + stride]!];
        expectClose(got, expected, TOLERANCE);
        expectClose([heap[g / 8 + stride + 1]!], [value], TOLERANCE);
      }
    }
  });
});

describe('the SIMD softmax kernels', () => {
  it('agree with softmaxGradient on random shapes, logits far apart included', () => {
    expect(kernelModule(false)).not.toBeNull();
    fc.assert(
      fc.property(shapes, (shape) => {
        const { rows, cols, k } = shape;
        const { x, classes, params } = data(shape);
        const expected = new Float64Array(params.length);
        const value = softmaxGradient(x, classes, rows, cols, k, params, expected);
        const kernel = createSoftmaxKernel(x, classes, rows, cols, k);
        const got = twice(kernel, params);
        kernel.close();
        expectClose([got.value], [value], TOLERANCE);
        expectClose(got.grad, expected, TOLERANCE);
      }),
      { numRuns: 150 },
    );
  });

  it('on two and three threads agree with softmaxGradient, more rows than one call takes', () => {
    for (const [rows, cols, k] of [
      [1, 1, 2],
      [7, 5, 3],
      [4099, 33, 4],
    ] as const) {
      const { x, classes, params } = data({ rows, cols, k, scale: 0.5, seed: rows + cols });
      const expected = new Float64Array(params.length);
      const value = softmaxGradient(x, classes, rows, cols, k, params, expected);
      for (const threads of [2, 3]) {
        const kernel = createParallelSoftmaxKernel(x, classes, rows, cols, k, { threads });
        try {
          const got = twice(kernel, params);
          expectClose([got.value], [value], TOLERANCE);
          expectClose(got.grad, expected, TOLERANCE);
        } finally {
          kernel.close();
        }
      }
    }
  });

  it('on threads stays finite and exact for logits of ±1000', () => {
    // Four rows of x = 1, classes 1, 0, 1, 0, W = (1000, −1000): rows of class 1 cost 2000 with r = (1, −1).
    const kernel = createParallelSoftmaxKernel(
      Float64Array.of(1, 1, 1, 1, 1),
      Float64Array.of(1, 0, 1, 0, 1),
      5,
      1,
      2,
      { threads: 2 },
    );
    try {
      const grad = new Float64Array(4);
      expect(kernel.gradient(Float64Array.of(1000, -1000, 0, 0), grad)).toBe(6000);
      expect([...grad]).toEqual([3, -3, 3, -3]);
    } finally {
      kernel.close();
    }
  });

  it('refuses to run once closed, and refuses a wrong k or thread count', () => {
    const kernel = createParallelSoftmaxKernel(Float64Array.of(1), Float64Array.of(0), 1, 1, 2, {
      threads: 2,
    });
    kernel.close();
    expect(() => kernel.gradient(new Float64Array(4), new Float64Array(4))).toThrow(/closed/);
    expect(() => createParallelSoftmaxKernel(Float64Array.of(1), Float64Array.of(0), 1, 1, 1)).toThrow(
      /k must/,
    );
    expect(() =>
      createParallelSoftmaxKernel(Float64Array.of(1), Float64Array.of(0), 1, 1, 2, { threads: 0 }),
    ).toThrow(/threads/);
  });
});
