// matmul, matmulTransA and matmulTransB against a naive triple loop on random sizes 1–37, blocked sizes and k = 0.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matmul, matmulTransA, matmulTransB } from '../../src/kernels/matmul.js';
import { expectClose, seededValues } from './reference.js';

/** Σ_p A(i, p)·B(p, j) with A and B given as element functions, the definition of the product. */
function naive(
  m: number,
  k: number,
  n: number,
  at: (i: number, p: number) => number,
  bt: (p: number, j: number) => number,
) {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += at(i, p) * bt(p, j);
      out[i * n + j] = s;
    }
  }
  return out;
}

type Kernel = typeof matmul;
type Layout = 'rows' | 'transposed';

/** Each product with how its operands are stored: element (i, p) of A and (p, j) of B. */
const products: { name: string; kernel: Kernel; a: Layout; b: Layout }[] = [
  { name: 'matmul: out = a·b', kernel: matmul, a: 'rows', b: 'rows' },
  { name: 'matmulTransA: out = aᵀ·b with a stored k×m', kernel: matmulTransA, a: 'transposed', b: 'rows' },
  { name: 'matmulTransB: out = a·bᵀ with b stored n×k', kernel: matmulTransB, a: 'rows', b: 'transposed' },
];

/** Runs one product on seeded operands of the given sizes and compares it with the naive sum. */
function check(product: (typeof products)[number], m: number, k: number, n: number, seed: number): void {
  const a = seededValues(m * k, seed);
  const b = seededValues(k * n, seed + 1);
  const out = new Float64Array(m * n).fill(Number.NaN);
  product.kernel(a, b, out, m, k, n);
  const aAt =
    product.a === 'rows' ? (i: number, p: number) => a[i * k + p]! : (i: number, p: number) => a[p * m + i]!;
  const bAt =
    product.b === 'rows' ? (p: number, j: number) => b[p * n + j]! : (p: number, j: number) => b[j * k + p]!;
  expectClose(out, naive(m, k, n, aAt, bAt), 1e-12);
}

const size = fc.integer({ min: 1, max: 37 });
const shapes = fc.record({ m: size, k: size, n: size, seed: fc.integer() });

describe('matrix products', () => {
  it('works a 2×2 product out by hand', () => {
    const out = new Float64Array(4);
    matmul(Float64Array.of(1, 2, 3, 4), Float64Array.of(5, 6, 7, 8), out, 2, 2, 2);
    expect([...out]).toEqual([19, 22, 43, 50]);
  });

  for (const product of products) {
    it(product.name, () => {
      fc.assert(
        fc.property(shapes, ({ m, k, n, seed }) => check(product, m, k, n, seed)),
        { numRuns: 200 },
      );
    });
  }

  it('keeps the blocks straight beyond one block (300 × 70 × 600)', () => {
    for (const product of products) check(product, 300, 70, 600, 7);
  });

  it('adds up the shared dimension across blocks, with rows and columns left over (9 × 300 × 7)', () => {
    for (const product of products) check(product, 9, 300, 7, 11);
  });

  it('writes zeros when the shared dimension is empty', () => {
    const out = new Float64Array(6).fill(Number.NaN);
    matmul(new Float64Array(0), new Float64Array(0), out, 2, 0, 3);
    expect([...out]).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
