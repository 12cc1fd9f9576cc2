// Dense row-major matrix products for the MLP's forward and backward passes: a·b, aᵀ·b and a·bᵀ.

/** Rows of b (the shared dimension) and columns of out per block: a 64 × 256 block of b is 128 KiB, in L2. */
const BLOCK_K = 64;
const BLOCK_N = 256;

/**
 * out(m×n) = A·b where A(i, p) = a[i·rowStride + p·colStride]: row-major a when (k, 1), transposed when (1, m).
 * Each row of out takes rank-4 updates from four rows of b at a time, so out's row segment is loaded and
 * stored once per four rows of b, and b's block stays in cache across all of out's rows.
 */
function multiplyStrided(
  a: Float64Array,
  rowStride: number,
  colStride: number,
  b: Float64Array,
  out: Float64Array,
  m: number,
  k: number,
  n: number,
): void {
  out.fill(0, 0, m * n);
  for (let p0 = 0; p0 < k; p0 += BLOCK_K) {
    const p1 = Math.min(k, p0 + BLOCK_K);
    for (let j0 = 0; j0 < n; j0 += BLOCK_N) {
      const j1 = Math.min(n, j0 + BLOCK_N);
      for (let i = 0; i < m; i++) {
        const oi = i * n;
        const ai = i * rowStride;
        let p = p0;
        for (; p + 4 <= p1; p += 4) {
          const a0 = a[ai + p * colStride]!;
          const a1 = a[ai + (p + 1) * colStride]!;
          const a2 = a[ai + (p + 2) * colStride]!;
          const a3 = a[ai + (p + 3) * colStride]!;
          const b0 = p * n;
          const b1 = b0 + n;
          const b2 = b1 + n;
          const b3 = b2 + n;
          for (let j = j0; j < j1; j++) {
            out[oi + j] =
              out[oi + j]! + a0 * b[b0 + j]! + a1 * b[b1 + j]! + a2 * b[b2 + j]! + a3 * b[b3 + j]!;
          }
        }
        for (; p < p1; p++) {
          const ap = a[ai + p * colStride]!;
          const bp = p * n;
          for (let j = j0; j < j1; j++) out[oi + j] = out[oi + j]! + ap * b[bp + j]!;
        }
      }
    }
  }
}

/**
 * out(m×n) = a(m×k)·b(k×n), all row-major; out is overwritten and must not alias a or b.
 *
 * @example
 * const out = new Float64Array(1);
 * matmul(Float64Array.of(1, 2), Float64Array.of(3, 4), out, 1, 2, 1); // out = [11]
 */
export function matmul(
  a: Float64Array,
  b: Float64Array,
  out: Float64Array,
  m: number,
  k: number,
  n: number,
): void {
  multiplyStrided(a, k, 1, b, out, m, k, n);
}

/**
 * out(m×n) = aᵀ·b with a stored k×m and b k×n, row-major (a layer's weight gradient: inputsᵀ·δ).
 *
 * @example
 * const out = new Float64Array(4);
 * matmulTransA(Float64Array.of(1, 2), Float64Array.of(3, 4), out, 2, 1, 2); // out = [3, 4, 6, 8]
 */
export function matmulTransA(
  a: Float64Array,
  b: Float64Array,
  out: Float64Array,
  m: number,
  k: number,
  n: number,
): void {
  multiplyStrided(a, 1, m, b, out, m, k, n);
}

/**
 * out(m×n) = a·bᵀ with a stored m×k and b n×k, row-major (backpropagating δ through a layer: δ·W when W is
 * stored out × in, or a forward pass with such weights). Every entry is a dot product of two contiguous rows;
 * two rows of a meet two rows of b at a time, four sums sharing each load, over blocks of b's rows that stay
 * in cache.
 *
 * @example
 * const out = new Float64Array(1);
 * matmulTransB(Float64Array.of(1, 2), Float64Array.of(3, 4), out, 1, 2, 1); // out = [11]
 */
export function matmulTransB(
  a: Float64Array,
  b: Float64Array,
  out: Float64Array,
  m: number,
  k: number,
  n: number,
): void {
  const blockRows = Math.max(2, Math.floor((BLOCK_K * BLOCK_N) / Math.max(1, k)));
  for (let j0 = 0; j0 < n; j0 += blockRows) {
    const j1 = Math.min(n, j0 + blockRows);
    for (let i = 0; i < m; i += 2) {
      const a0 = i * k;
      // With m odd the last row pairs with itself; its second sums are computed and dropped.
      const a1 = i + 1 < m ? a0 + k : a0;
      for (let j = j0; j < j1; j += 2) {
        const b0 = j * k;
        const b1 = j + 1 < j1 ? b0 + k : b0;
        let s00 = 0;
        let s01 = 0;
        let s10 = 0;
        let s11 = 0;
        for (let p = 0; p < k; p++) {
          const x0 = a[a0 + p]!;
          const x1 = a[a1 + p]!;
          const y0 = b[b0 + p]!;
          const y1 = b[b1 + p]!;
          s00 += x0 * y0;
          s01 += x0 * y1;
          s10 += x1 * y0;
          s11 += x1 * y1;
        }
        out[i * n + j] = s00;
        if (j + 1 < j1) out[i * n + j + 1] = s01;
        if (i + 1 < m) {
          out[(i + 1) * n + j] = s10;
          if (j + 1 < j1) out[(i + 1) * n + j + 1] = s11;
        }
      }
    }
  }
}
