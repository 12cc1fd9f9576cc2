// softmaxGradient (the reference), createSoftmaxKernel (WebAssembly SIMD, or JavaScript when forced) and the plain SIMD build against a hand-worked case, central differences and each other.

import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createSoftmaxKernel } from '../../src/kernels/create-softmax-kernel.js';
import { kernelsWasm } from '../../src/kernels/generated/kernels-wasm.js';
import { runParts, writeRowData } from '../../src/kernels/linear-wasm-memory.js';
import { softmaxGradient } from '../../src/kernels/softmax-gradient.js';
import {
  readSoftmaxSlots,
  softmaxMemoryLayout,
  softmaxPartRuns,
  writeSoftmaxParams,
} from '../../src/kernels/softmax-wasm-memory.js';
import { wasm } from '../../src/kernels/wasm-api.js';
import {
  decodeWasm,
  instantiateKernels,
  kernelFacts,
  kernelModule,
  setKernelBackend,
} from '../../src/kernels/wasm-kernels.js';
import { createLoss } from '../../src/losses/index.js';
import { softmax } from '../../src/models/softmax.js';
import { expectClose, numericGradient, seededValues } from './reference.js';

interface Problem {
  rows: number;
  cols: number;
  k: number;
  x: Float64Array;
  y: Float64Array;
  params: Float64Array;
}

/** Random shapes from 1 × 1 with 2 classes up, odd and even column counts, values within ±bound. */
const problems = (bound: number): fc.Arbitrary<Problem> =>
  fc
    .record({
      rows: fc.integer({ min: 1, max: 23 }),
      cols: fc.integer({ min: 1, max: 9 }),
      k: fc.integer({ min: 2, max: 10 }),
    })
    .chain(({ rows, cols, k }) =>
      fc.record({
        rows: fc.constant(rows),
        cols: fc.constant(cols),
        k: fc.constant(k),
        x: fc.float64Array({
          minLength: rows * cols,
          maxLength: rows * cols,
          min: -bound,
          max: bound,
          noNaN: true,
        }),
        y: fc
          .array(fc.integer({ min: 0, max: k - 1 }), { minLength: rows, maxLength: rows })
          .map((v) => Float64Array.from(v)),
        params: fc.float64Array({
          minLength: k * cols + k,
          maxLength: k * cols + k,
          min: -bound,
          max: bound,
          noNaN: true,
        }),
      }),
    );

afterEach(() => {
  setKernelBackend('auto');
});

describe('softmaxGradient', () => {
  it('works one row out by hand', () => {
    // x = 1 of class 0, two classes, W = (1, 0), b = 0: z = (1, 0), p = (e/(e+1), 1/(e+1))
    const grad = new Float64Array(4);
    const loss = softmaxGradient(
      Float64Array.of(1),
      Float64Array.of(0),
      1,
      1,
      2,
      Float64Array.of(1, 0, 0, 0),
      grad,
    );
    const p0 = Math.E / (Math.E + 1);
    expect(loss).toBeCloseTo(Math.log(Math.E + 1) - 1, 15);
    expectClose(grad, [p0 - 1, 1 - p0, p0 - 1, 1 - p0], 1e-15);
  });

  it('returns the gradient of its own loss (central differences)', () => {
    fc.assert(
      fc.property(problems(2), ({ x, y, rows, cols, k, params }) => {
        const grad = new Float64Array(params.length);
        softmaxGradient(x, y, rows, cols, k, params, grad);
        const loss = (p: Float64Array) => softmaxGradient(x, y, rows, cols, k, p, new Float64Array(p.length));
        expectClose(grad, numericGradient(loss, params, 1e-5), 1e-6);
      }),
      { numRuns: 150 },
    );
  });

  it('stays finite for logits of ±1000', () => {
    // z = (1000, −1000) for a row of class 1 costs 2000, with r = (1, −1).
    const grad = new Float64Array(4);
    const loss = softmaxGradient(
      Float64Array.of(1),
      Float64Array.of(1),
      1,
      1,
      2,
      Float64Array.of(1000, -1000, 0, 0),
      grad,
    );
    expect(loss).toBe(2000);
    expect([...grad]).toEqual([1, -1, 1, -1]);
  });
});

describe('createSoftmaxKernel', () => {
  // Both sum the same terms in other orders: |Δ| ≤ 1e-12 · (1 + |reference|) for data and params within ±3.
  it('agrees with the reference on random shapes, odd and tiny ones included, through WebAssembly SIMD', () => {
    expect(kernelModule(false)).not.toBeNull();
    fc.assert(
      fc.property(problems(3), ({ x, y, rows, cols, k, params }) => {
        const expected = new Float64Array(params.length);
        const loss = softmaxGradient(x, y, rows, cols, k, params, expected);
        const kernel = createSoftmaxKernel(x, y, rows, cols, k);
        const grad = new Float64Array(params.length).fill(Number.NaN);
        // Twice: the second call starts from the first's slot and params, which must not leak into it.
        kernel.gradient(
          params.map((v) => -v),
          grad,
        );
        const value = kernel.gradient(params, grad);
        kernel.close();
        expectClose([value], [loss], 1e-12);
        expectClose(grad, expected, 1e-12);
      }),
      { numRuns: 200 },
    );
  });

  it('agrees with the reference for 2, 3, 5 and 10 classes, with partial tiles, blocks and calls', () => {
    // Columns 7 make blocks of 64 tiles (256 rows, the most), 101 of 60 (240 rows), 700 of eight tiles (192 KB);
    // the rows end in every remainder of a tile (4) and within a block, and 1,400 rows of 100 columns take two calls
    // (a megabyte each). Logits reach about 3 · 0.8 · √cols.
    const shapes = [
      [1, 1],
      [3, 7],
      [37, 7],
      [258, 7],
      [513, 7],
      [21, 101],
      [243, 101],
      [9, 700],
      [34, 700],
      [1400, 100],
    ] as const;
    for (const k of [2, 3, 5, 10]) {
      for (const [rows, cols] of shapes) {
        const seed = 97 * k + rows + cols;
        const x = seededValues(rows * cols, seed);
        const y = seededValues(rows, seed + 1).map((v) => Math.min(k - 1, Math.floor(((v + 1) / 2) * k)));
        const params = seededValues(k * cols + k, seed + 2).map((v) => 0.8 * v);
        const expected = new Float64Array(params.length);
        const loss = softmaxGradient(x, y, rows, cols, k, params, expected);
        const kernel = createSoftmaxKernel(x, y, rows, cols, k);
        const grad = new Float64Array(params.length).fill(Number.NaN);
        kernel.gradient(
          params.map((v) => -v),
          grad,
        );
        const value = kernel.gradient(params, grad);
        kernel.close();
        expectClose([value], [loss], 1e-12);
        expectClose(grad, expected, 1e-12);
      }
    }
  });

  it('keeps the loss and gradient of rows classified by a margin of 40, where 1 + e^−40 rounds to 1', () => {
    // x_i = 40·onehot(y_i), W = I, b = 0: every row's logits are 40 for its class and 0 for the others, so its
    // loss is log1p((k − 1)·e^−40) ≈ (k − 1)·4.2e−18, its residuals −(k − 1)·q for its class and q for the others,
    // q = e^−40 / (1 + (k − 1)·e^−40). 37 rows: one partial block (of at most 64) and a partial tile.
    const rows = 37;
    for (const k of [2, 3, 5, 10]) {
      const y = Float64Array.from({ length: rows }, (_, i) => (i * 7) % k);
      const x = new Float64Array(rows * k);
      for (let i = 0; i < rows; i++) x[i * k + y[i]!] = 40;
      const params = new Float64Array(k * k + k);
      for (let c = 0; c < k; c++) params[c * k + c] = 1;
      const q = Math.exp(-40) / (1 + (k - 1) * Math.exp(-40));
      const n = Array.from({ length: k }, (_, c) => y.filter((v) => v === c).length);
      const exact = {
        loss: rows * Math.log1p((k - 1) * Math.exp(-40)),
        grad: Float64Array.from({ length: k * k + k }, (_, i) => {
          if (i >= k * k) return (rows - n[i - k * k]!) * q - n[i - k * k]! * (k - 1) * q;
          const [c, j] = [Math.floor(i / k), i % k];
          return 40 * n[j]! * (c === j ? -(k - 1) * q : q);
        }),
      };
      const reference = new Float64Array(params.length);
      const loss = softmaxGradient(x, y, rows, k, k, params, reference);
      const kernel = createSoftmaxKernel(x, y, rows, k, k);
      const grad = new Float64Array(params.length);
      const value = kernel.gradient(params, grad);
      kernel.close();
      const plainGrad = new Float64Array(params.length);
      const plainValue = plainGradient(x, y, rows, k, k, params, plainGrad);
      for (const [got, want] of [
        [loss, exact.loss],
        [value, exact.loss],
        [plainValue, exact.loss],
        ...[...reference].map((v, i) => [v, exact.grad[i]!]),
        ...[...grad].map((v, i) => [v, exact.grad[i]!]),
        ...[...plainGrad].map((v, i) => [v, exact.grad[i]!]),
      ] as const) {
        expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-13 * Math.abs(want));
      }
    }
  });

  it('takes e^d within two ulps of Math.exp for shifted logits d from 0 down to −700, and e^−700 below', () => {
    // Two classes, row i = onehot(i), W = [d; 0], b = 0, y = 1: row i's logits are d_i and 0, so its shifted logit is
    // d_i (≤ 0) and ∂/∂W_0i is its residual e/(1 + e), e = e^d_i; below −37, 1 + e rounds to 1 and the residual is
    // the kernel's e itself. Random points of each range, the edges, and past the clamp (−745 gives a subnormal
    // e^d, which the kernel takes as e^−700: the residual moves by 1e−304 at most).
    const random = seededValues(400, 20_261_203);
    const deep = [
      -700,
      -699.999,
      -600,
      -354.9,
      -100,
      -37.5,
      ...random.slice(0, 200).map((u) => -37.5 - 331 * (u + 1)),
    ];
    const shallow = [0, -0, -1e-300, -5e-324, -1e-17, -0.34657359, -0.3465736, -0.5, -1, -20, -36.9];
    shallow.push(...random.slice(200).map((u) => -18.4 * (u + 1)));
    const below = [-700.0001, -745, -745.2, -1e4, -Number.MAX_VALUE];
    const d = [...deep, ...shallow, ...below];
    const rows = d.length;
    const x = new Float64Array(rows * rows);
    for (let i = 0; i < rows; i++) x[i * rows + i] = 1;
    const y = new Float64Array(rows).fill(1);
    const params = new Float64Array(2 * rows + 2);
    params.set(d);
    const ulps = (a: number, b: number): number =>
      Math.abs(
        Number(
          new BigInt64Array(Float64Array.of(a).buffer)[0]! - new BigInt64Array(Float64Array.of(b).buffer)[0]!,
        ),
      );
    for (const gradient of [
      (grad: Float64Array) => {
        const kernel = createSoftmaxKernel(x, y, rows, rows, 2);
        kernel.gradient(params, grad);
        kernel.close();
      },
      (grad: Float64Array) => plainGradient(x, y, rows, rows, 2, params, grad),
    ]) {
      const grad = new Float64Array(params.length);
      gradient(grad);
      d.forEach((v, i) => {
        const got = grad[i]!;
        if (i < deep.length) expect(ulps(got, Math.exp(v))).toBeLessThanOrEqual(2);
        else if (i < deep.length + shallow.length) {
          // Two ulps of e, then the rounding of 1 + e and of the quotient.
          const e = Math.exp(v);
          expect(ulps(got, e / (1 + e))).toBeLessThanOrEqual(4);
        } else expect(ulps(got, Math.exp(-700))).toBeLessThanOrEqual(2);
      });
    }
  });

  it('gives NaN where the reference does: a NaN weight reaches the loss and every gradient', () => {
    const rows = 9;
    const cols = 3;
    for (const k of [2, 3, 4]) {
      const x = seededValues(rows * cols, k);
      const y = Float64Array.from({ length: rows }, (_, i) => i % k);
      const params = seededValues(k * cols + k, k + 1);
      params[(k - 1) * cols + 1] = Number.NaN;
      const expected = new Float64Array(params.length);
      const loss = softmaxGradient(x, y, rows, cols, k, params, expected);
      const kernel = createSoftmaxKernel(x, y, rows, cols, k);
      const grad = new Float64Array(params.length);
      const value = kernel.gradient(params, grad);
      kernel.close();
      expect(loss).toBeNaN();
      expect(value).toBeNaN();
      expect(expected.every(Number.isNaN)).toBe(true);
      expect(grad.every(Number.isNaN)).toBe(true);
    }
  });

  it('runs the JavaScript reference when WebAssembly SIMD is switched off', () => {
    setKernelBackend('reference');
    expect(kernelModule(false)).toBeNull();
    const x = Float64Array.of(1, 2, -1, 0.5, 3, -2);
    const y = Float64Array.of(0, 2, 1);
    const params = Float64Array.of(0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0, 0.1, -0.1);
    const expected = new Float64Array(9);
    const loss = softmaxGradient(x, y, 3, 2, 3, params, expected);
    const grad = new Float64Array(9);
    const kernel = createSoftmaxKernel(x, y, 3, 2, 3);
    expect(kernel.gradient(params, grad)).toBe(loss);
    expect([...grad]).toEqual([...expected]);
    kernel.close();
  });

  it('refuses to run once closed (WebAssembly)', () => {
    const kernel = createSoftmaxKernel(Float64Array.of(1), Float64Array.of(0), 1, 1, 2);
    kernel.close();
    expect(() => kernel.gradient(new Float64Array(4), new Float64Array(4))).toThrow(/closed/);
  });
});

const plain = new wasm!.Module(decodeWasm(kernelsWasm));

/**
 * One gradient of the plain SIMD build (no relaxed SIMD: what a browser without it runs), laid out and called as
 * createSoftmaxKernel's WebAssembly kernel calls the host's build.
 */
function plainGradient(
  x: Float64Array,
  y: Float64Array,
  rows: number,
  cols: number,
  k: number,
  params: Float64Array,
  grad: Float64Array,
): number {
  const layout = softmaxMemoryLayout(rows, cols, k, kernelFacts(plain).heapBase);
  const memory = new wasm!.Memory({ initial: layout.pages });
  const kernels = instantiateKernels(plain, memory);
  const heap = new Float64Array(memory.buffer);
  writeRowData(heap, layout, x, y, kernels.tileRows);
  writeSoftmaxParams(heap, layout, params);
  runParts(heap, softmaxPartRuns(layout), kernels.softmaxRows);
  return readSoftmaxSlots(heap, layout, grad);
}

describe('the plain SIMD build of softmaxRows', () => {
  it('agrees with the reference on random shapes, odd and tiny ones included, and 2 to 10 classes', () => {
    fc.assert(
      fc.property(problems(3), ({ x, y, rows, cols, k, params }) => {
        const expected = new Float64Array(params.length);
        const loss = softmaxGradient(x, y, rows, cols, k, params, expected);
        const grad = new Float64Array(params.length);
        expectClose([plainGradient(x, y, rows, cols, k, params, grad)], [loss], 1e-12);
        expectClose(grad, expected, 1e-12);
      }),
      { numRuns: 100 },
    );
  });
});

describe("the softmax model's full-batch trainer", () => {
  it("gives the dense network's mean loss and gradient through the bound kernel, to rounding", () => {
    const rows = 701;
    const cols = 7;
    const k = 3;
    const x = Float64Array.from({ length: rows * cols }, (_, i) => Math.sin(i * 0.37));
    const y = Float64Array.from({ length: rows }, (_, i) => (i * 7) % k);
    const params = Float64Array.from({ length: k * cols + k }, (_, i) => Math.cos(i) * 0.3);
    const trainer = softmax(cols, k).trainer(createLoss('ce'));
    const expected = new Float64Array(params.length);
    const loss = trainer.valueAndGradient(params, x, y, expected);
    const release = trainer.bind!(x, y);
    const grad = new Float64Array(params.length);
    const value = trainer.valueAndGradient(params, x, y, grad);
    release();
    expectClose([value], [loss], 1e-13);
    expectClose(grad, expected, 1e-13);
  });
});
