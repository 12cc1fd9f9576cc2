// The AssemblyScript gemm checked against the definition of the product, on random shapes (tiny, odd, past one block), every layout and epilogue.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wasm } from '../../src/kernels/wasm-api.js';
import {
  type EpilogueName,
  instantiateKernels,
  type KernelExports,
  kernelModule,
} from '../../src/kernels/wasm-kernels.js';
import { seededValues } from './reference.js';

const EPS = 2 ** -52;

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
/** Each epilogue's definition, and how much it can magnify an error in v (its Lipschitz constant). */
const epilogues: Record<EpilogueName, { f: (v: number, a: number) => number; gain: (a: number) => number }> =
  {
    NONE: { f: (v) => v, gain: () => 1 },
    RELU: { f: (v) => Math.max(v, 0), gain: () => 1 },
    TANH: { f: Math.tanh, gain: () => 1 },
    SIGMOID: { f: sigmoid, gain: () => 0.25 },
    RELU_GRAD: { f: (v, a) => (a > 0 ? v : 0), gain: () => 1 },
    TANH_GRAD: { f: (v, a) => v * (1 - a * a), gain: (a) => Math.abs(1 - a * a) },
    SIGMOID_GRAD: { f: (v, a) => v * a * (1 - a), gain: (a) => Math.abs(a * (1 - a)) },
  };

interface Case {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  accumulate: boolean;
  bias: boolean;
  mode: EpilogueName;
  seed: number;
}

/**
 * Runs gemm on seeded operands laid out as the case says and checks every entry against Σ_p A(i,p)·B(p,j)
 * (+ C)(+ bias) through the epilogue, within the rounding bound of a length-k sum: (k + 2)·ε·(Σ|A||B| + |C| +
 * |bias|) times the epilogue's gain, plus 4 ulps of the result for the activation itself.
 */
function check(k: KernelExports, heap: Float64Array, base: number, c: Case): void {
  const { m, n, k: depth } = c;
  const a = seededValues(m * depth, c.seed);
  const b = seededValues(depth * n, c.seed + 1);
  const old = seededValues(m * n, c.seed + 2);
  const bias = seededValues(n, c.seed + 3);
  const aux = seededValues(m * n, c.seed + 4).map((v) => (c.mode === 'SIGMOID_GRAD' ? (v + 1) / 2 : v));
  let at = base;
  const put = (values: Float64Array): number => {
    const where = at;
    heap.set(values, where / 8);
    at += Math.ceil((values.length * 8) / 16) * 16 + 16;
    return where;
  };
  const pa = put(a);
  const pb = put(b);
  const pc = put(old);
  const pBias = put(bias);
  const pAux = put(aux);
  const scratch = at;
  const [ars, acs] = c.transA ? [1, m] : [depth, 1];
  const [brs, bcs] = c.transB ? [1, depth] : [n, 1];
  k.gemm(
    pa,
    ars,
    acs,
    pb,
    brs,
    bcs,
    pc,
    n,
    m,
    n,
    depth,
    c.accumulate ? 1 : 0,
    c.bias ? pBias : 0,
    k.epilogue[c.mode],
    pAux,
    n,
    scratch,
  );
  const out = heap.subarray(pc / 8, pc / 8 + m * n);
  const { f, gain } = epilogues[c.mode];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      let size = 0;
      for (let p = 0; p < depth; p++) {
        const term = a[i * ars + p * acs]! * b[p * brs + j * bcs]!;
        sum += term;
        size += Math.abs(term);
      }
      if (c.accumulate) {
        sum += old[i * n + j]!;
        size += Math.abs(old[i * n + j]!);
      }
      if (c.bias) {
        sum += bias[j]!;
        size += Math.abs(bias[j]!);
      }
      const expected = f(sum, aux[i * n + j]!);
      const bound = (depth + 2) * EPS * size * gain(aux[i * n + j]!) + 4 * EPS * Math.abs(expected) + 1e-300;
      const actual = out[i * n + j]!;
      if (!(Math.abs(actual - expected) <= bound)) {
        expect.fail(`${JSON.stringify(c)}: C[${i}][${j}] = ${actual}, expected ${expected} within ${bound}`);
      }
    }
  }
}

const modes = Object.keys(epilogues) as EpilogueName[];
const cases = (max: number) =>
  fc.record({
    m: fc.integer({ min: 1, max }),
    n: fc.integer({ min: 1, max }),
    k: fc.integer({ min: 0, max }),
    transA: fc.boolean(),
    transB: fc.boolean(),
    accumulate: fc.boolean(),
    bias: fc.boolean(),
    mode: fc.constantFrom(...modes),
    seed: fc.integer(),
  });

/**
 * The suite, on the module the host picks: the plain SIMD build, or the fused multiply-add build when relaxed
 * SIMD is on (gemm-wasm-relaxed.test.ts switches it on first).
 */
export function gemmSuite(title: string): void {
  const module = kernelModule(false);
  if (module === null || wasm === undefined)
    throw new Error('these tests need WebAssembly SIMD (Node 20 has it)');
  const memory = new wasm.Memory({ initial: 256 });
  const k = instantiateKernels(module, memory);
  const heap = new Float64Array(memory.buffer);
  const base = Math.ceil(k.heapBase() / 16) * 16;
  const run = (c: Case) => check(k, heap, base, c);
  describe(title, () => {
    it('agrees with the definition on random small shapes, every layout and epilogue', () => {
      fc.assert(fc.property(cases(19), run), { numRuns: 300 });
    });

    it('keeps the blocks straight past one block of k and of n (KC = NC = 256)', () => {
      for (const mode of ['NONE', 'RELU', 'TANH_GRAD'] as const) {
        run({
          m: 13,
          n: 261,
          k: 517,
          transA: false,
          transB: true,
          accumulate: false,
          bias: true,
          mode,
          seed: 7,
        });
        run({
          m: 7,
          n: 300,
          k: 300,
          transA: true,
          transB: false,
          accumulate: true,
          bias: false,
          mode,
          seed: 8,
        });
      }
    });

    it('with k = 0 gives C (or 0) through the epilogue', () => {
      for (const mode of modes) {
        run({ m: 5, n: 3, k: 0, transA: false, transB: false, accumulate: true, bias: true, mode, seed: 3 });
        run({
          m: 2,
          n: 7,
          k: 0,
          transA: false,
          transB: false,
          accumulate: false,
          bias: false,
          mode,
          seed: 4,
        });
      }
    });

    it('column sums add every row, odd widths included', () => {
      for (const cols of [1, 2, 3, 10]) {
        const rows = 9;
        const x = seededValues(rows * cols, cols);
        const start = Float64Array.from({ length: cols }, (_, j) => j);
        heap.set(x, base / 8);
        const out = base + Math.ceil((rows * cols * 8) / 16) * 16;
        for (const accumulate of [0, 1]) {
          heap.set(start, out / 8);
          k.columnSums(base, rows, cols, cols, out, accumulate);
          for (let j = 0; j < cols; j++) {
            let s = accumulate ? start[j]! : 0;
            for (let i = 0; i < rows; i++) s += x[i * cols + j]!;
            expect(heap[out / 8 + j]).toBeCloseTo(s, 13);
          }
        }
      }
    });
  });
}
