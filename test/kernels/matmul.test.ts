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

const size = fc.integer({ min: 1, max: 37 });
const shapes = fc.record({ m: size, k: size, n: size, seed: fc.integer() });

describe('matrix products', () => {
  it('works a 2×2 product out by hand', () => {
    const out = new Float64Array(4);
    matmul(Float64Array.of(1, 2, 3, 4), Float64Array.of(5, 6, 7, 8), out, 2, 2, 2);
    expect([...out]).toEqual([19, 22, 43, 50]);
  });

  it('matmul: out = a·b', () => {
    fc.assert(
      fc.property(shapes, ({ m, k, n, seed }) => {
        const a = seededValues(m * k, seed);
        const b = seededValues(k * n, seed + 1);
        const out = new Float64Array(m * n).fill(Number.NaN);
        matmul(a, b, out, m, k, n);
        expectClose(
          out,
          naive(
            m,
            k,
            n,
            (i, p) => a[i * k + p]!,
            (p, j) => b[p * n + j]!,
          ),
          1e-12,
        );
      }),
      { numRuns: 200 },
    );
  });

  it('matmulTransA: out = aᵀ·b with a stored k×m', () => {
    fc.assert(
      fc.property(shapes, ({ m, k, n, seed }) => {
        const a = seededValues(k * m, seed);
        const b = seededValues(k * n, seed + 1);
        const out = new Float64Array(m * n).fill(Number.NaN);
        matmulTransA(a, b, out, m, k, n);
        expectClose(
          out,
          naive(
            m,
            k,
            n,
            (i, p) => a[p * m + i]!,
            (p, j) => b[p * n + j]!,
          ),
          1e-12,
        );
      }),
      { numRuns: 200 },
    );
  });

  it('matmulTransB: out = a·bᵀ with b stored n×k', () => {
    fc.assert(
      fc.property(shapes, ({ m, k, n, seed }) => {
        const a = seededValues(m * k, seed);
        const b = seededValues(n * k, seed + 1);
        const out = new Float64Array(m * n).fill(Number.NaN);
        matmulTransB(a, b, out, m, k, n);
        expectClose(
          out,
          naive(
            m,
            k,
            n,
            (i, p) => a[i * k + p]!,
            (p, j) => b[j * k + p]!,
          ),
          1e-12,
        );
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the blocks straight beyond one block (300 × 70 × 600)', () => {
    const [m, k, n] = [300, 70, 600];
    const a = seededValues(m * k, 7);
    const b = seededValues(k * n, 8);
    const bt = seededValues(n * k, 9);
    const out = new Float64Array(m * n);
    matmul(a, b, out, m, k, n);
    expectClose(
      out,
      naive(
        m,
        k,
        n,
        (i, p) => a[i * k + p]!,
        (p, j) => b[p * n + j]!,
      ),
      1e-12,
    );
    matmulTransB(a, bt, out, m, k, n);
    expectClose(
      out,
      naive(
        m,
        k,
        n,
        (i, p) => a[i * k + p]!,
        (p, j) => bt[j * k + p]!,
      ),
      1e-12,
    );
  });
  it('adds up the shared dimension across blocks, with rows and columns left over (9 × 300 × 7)', () => {
    const [m, k, n] = [9, 300, 7];
    const a = seededValues(m * k, 11);
    const at = seededValues(k * m, 12);
    const b = seededValues(k * n, 13);
    const bt = seededValues(n * k, 14);
    const out = new Float64Array(m * n).fill(Number.NaN);
    matmul(a, b, out, m, k, n);
    expectClose(
      out,
      naive(
        m,
        k,
        n,
        (i, p) => a[i * k + p]!,
        (p, j) => b[p * n + j]!,
      ),
      1e-12,
    );
    out.fill(Number.NaN);
    matmulTransA(at, b, out, m, k, n);
    expectClose(
      out,
      naive(
        m,
        k,
        n,
        (i, p) => at[p * m + i]!,
        (p, j) => b[p * n + j]!,
      ),
      1e-12,
    );
    out.fill(Number.NaN);
    matmulTransB(a, bt, out, m, k, n);
    expectClose(
      out,
      naive(
        m,
        k,
        n,
        (i, p) => a[i * k + p]!,
        (p, j) => bt[j * k + p]!,
      ),
      1e-12,
    );
  });

  it('writes zeros when the shared dimension is empty', () => {
    const out = new Float64Array(6).fill(Number.NaN);
    matmul(new Float64Array(0), new Float64Array(0), out, 2, 0, 3);
    expect([...out]).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
