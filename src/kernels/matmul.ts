// Dense row-major matrix products for the MLP's forward and backward passes: a·b, aᵀ·b and a·bᵀ.

/**
 * Shared-dimension steps per pass and columns of out per block: a 128 × 128 block of B is 128 KiB, in L2,
 * and is reused by every row of out before the next block is read.
 */
const BLOCK_K = 128;
const BLOCK_N = 128;

/**
 * All three products are out(m×n) = A·B with A(i, p) = a[i·ars + p·acs] and B(p, j) = b[p·brs + j·bcs], so one
 * register-blocked loop serves them all. Each 4×4 tile of out keeps its sixteen sums in locals while p runs,
 * reading four entries of A and four of B per step (half a load per multiply-add instead of the two or more a
 * running-row update costs). Over the shared dimension the tiles go block by block: the first block writes
 * out, later blocks add to it, so out is never zeroed separately. Summation order depends only on the shapes,
 * so results are deterministic.
 */
function multiply(
  a: Float64Array,
  ars: number,
  acs: number,
  b: Float64Array,
  brs: number,
  bcs: number,
  out: Float64Array,
  m: number,
  k: number,
  n: number,
): void {
  if (k === 0) {
    out.fill(0, 0, m * n);
    return;
  }
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let p0 = 0; p0 < k; p0 += BLOCK_K) {
    const len = Math.min(k, p0 + BLOCK_K) - p0;
    const add = p0 > 0;
    for (let j0 = 0; j0 < n4; j0 += BLOCK_N) {
      const j1 = Math.min(n4, j0 + BLOCK_N);
      for (let i = 0; i < m4; i += 4) {
        for (let j = j0; j < j1; j += 4) {
          tile4x4(
            a,
            i * ars + p0 * acs,
            ars,
            acs,
            b,
            p0 * brs + j * bcs,
            brs,
            bcs,
            out,
            i * n + j,
            n,
            len,
            add,
          );
        }
      }
      // Rows left over when m is not a multiple of 4: one row against four columns at a time.
      for (let i = m4; i < m; i++) {
        for (let j = j0; j < j1; j += 4) {
          line4(a, i * ars + p0 * acs, acs, b, p0 * brs + j * bcs, brs, bcs, out, i * n + j, 1, len, add);
        }
      }
    }
    // Columns left over when n is not a multiple of 4: the same line kernel with A and B's roles swapped, one
    // column of B against four rows of A, so a matrix-vector product (n = 1) still reads A four rows at a time.
    for (let j = n4; j < n; j++) {
      for (let i = 0; i < m4; i += 4) {
        line4(b, p0 * brs + j * bcs, brs, a, i * ars + p0 * acs, acs, ars, out, i * n + j, n, len, add);
      }
      for (let i = m4; i < m; i++) {
        const o = i * n + j;
        let s = add ? out[o]! : 0;
        let pa = i * ars + p0 * acs;
        let pb = p0 * brs + j * bcs;
        for (let q = 0; q < len; q++) {
          s += a[pa]! * b[pb]!;
          pa += acs;
          pb += brs;
        }
        out[o] = s;
      }
    }
  }
}

/**
 * out[o + r·n + c] (+)= Σ_q A(r, q)·B(q, c) for r, c < 4 over len steps, A(r, q) = a[pa + r·ars + q·acs] and
 * B(q, c) = b[pb + q·brs + c·bcs]; `add` keeps what out holds from earlier blocks of the shared dimension.
 */
function tile4x4(
  a: Float64Array,
  pa: number,
  ars: number,
  acs: number,
  b: Float64Array,
  pb: number,
  brs: number,
  bcs: number,
  out: Float64Array,
  o: number,
  n: number,
  len: number,
  add: boolean,
): void {
  const o1 = o + n;
  const o2 = o1 + n;
  const o3 = o2 + n;
  let s00 = 0;
  let s01 = 0;
  let s02 = 0;
  let s03 = 0;
  let s10 = 0;
  let s11 = 0;
  let s12 = 0;
  let s13 = 0;
  let s20 = 0;
  let s21 = 0;
  let s22 = 0;
  let s23 = 0;
  let s30 = 0;
  let s31 = 0;
  let s32 = 0;
  let s33 = 0;
  if (add) {
    s00 = out[o]!;
    s01 = out[o + 1]!;
    s02 = out[o + 2]!;
    s03 = out[o + 3]!;
    s10 = out[o1]!;
    s11 = out[o1 + 1]!;
    s12 = out[o1 + 2]!;
    s13 = out[o1 + 3]!;
    s20 = out[o2]!;
    s21 = out[o2 + 1]!;
    s22 = out[o2 + 2]!;
    s23 = out[o2 + 3]!;
    s30 = out[o3]!;
    s31 = out[o3 + 1]!;
    s32 = out[o3 + 2]!;
    s33 = out[o3 + 3]!;
  }
  const ars2 = ars + ars;
  const ars3 = ars2 + ars;
  const bcs2 = bcs + bcs;
  const bcs3 = bcs2 + bcs;
  for (let q = 0; q < len; q++) {
    const x0 = a[pa]!;
    const x1 = a[pa + ars]!;
    const x2 = a[pa + ars2]!;
    const x3 = a[pa + ars3]!;
    const y0 = b[pb]!;
    const y1 = b[pb + bcs]!;
    const y2 = b[pb + bcs2]!;
    const y3 = b[pb + bcs3]!;
    s00 += x0 * y0;
    s01 += x0 * y1;
    s02 += x0 * y2;
    s03 += x0 * y3;
    s10 += x1 * y0;
    s11 += x1 * y1;
    s12 += x1 * y2;
    s13 += x1 * y3;
    s20 += x2 * y0;
    s21 += x2 * y1;
    s22 += x2 * y2;
    s23 += x2 * y3;
    s30 += x3 * y0;
    s31 += x3 * y1;
    s32 += x3 * y2;
    s33 += x3 * y3;
    pa += acs;
    pb += brs;
  }
  out[o] = s00;
  out[o + 1] = s01;
  out[o + 2] = s02;
  out[o + 3] = s03;
  out[o1] = s10;
  out[o1 + 1] = s11;
  out[o1 + 2] = s12;
  out[o1 + 3] = s13;
  out[o2] = s20;
  out[o2 + 1] = s21;
  out[o2 + 2] = s22;
  out[o2 + 3] = s23;
  out[o3] = s30;
  out[o3 + 1] = s31;
  out[o3 + 2] = s32;
  out[o3 + 3] = s33;
}

/**
 * out[o + c·os] (+)= Σ_q x[px + q·xs]·y[py + q·yrs + c·ycs] for c < 4: one vector against four, for the rows or
 * columns of out that do not fill a 4×4 tile.
 */
function line4(
  x: Float64Array,
  px: number,
  xs: number,
  y: Float64Array,
  py: number,
  yrs: number,
  ycs: number,
  out: Float64Array,
  o: number,
  os: number,
  len: number,
  add: boolean,
): void {
  const ycs2 = ycs + ycs;
  const ycs3 = ycs2 + ycs;
  let s0 = add ? out[o]! : 0;
  let s1 = add ? out[o + os]! : 0;
  let s2 = add ? out[o + 2 * os]! : 0;
  let s3 = add ? out[o + 3 * os]! : 0;
  for (let q = 0; q < len; q++) {
    const v = x[px]!;
    s0 += v * y[py]!;
    s1 += v * y[py + ycs]!;
    s2 += v * y[py + ycs2]!;
    s3 += v * y[py + ycs3]!;
    px += xs;
    py += yrs;
  }
  out[o] = s0;
  out[o + os] = s1;
  out[o + 2 * os] = s2;
  out[o + 3 * os] = s3;
}

/**
 * out(m×n) = a(m×k)·b(k×n), all row-major; out is overwritten and must not alias a or b.
 *
 * @example
 * const out = new Float64Array(1);
 * matmul(Float64Array.of(1, 2), Float64Array.of(3, 4), out, 1, 2, 1);
 * [...out]; // → [11]
 */
export function matmul(
  a: Float64Array,
  b: Float64Array,
  out: Float64Array,
  m: number,
  k: number,
  n: number,
): void {
  multiply(a, k, 1, b, n, 1, out, m, k, n);
}

/**
 * out(m×n) = aᵀ·b with a stored k×m and b k×n, row-major (a layer's weight gradient: inputsᵀ·δ).
 *
 * @example
 * const out = new Float64Array(4);
 * matmulTransA(Float64Array.of(1, 2), Float64Array.of(3, 4), out, 2, 1, 2);
 * [...out]; // → [3, 4, 6, 8]
 */
export function matmulTransA(
  a: Float64Array,
  b: Float64Array,
  out: Float64Array,
  m: number,
  k: number,
  n: number,
): void {
  multiply(a, 1, m, b, n, 1, out, m, k, n);
}

/**
 * out(m×n) = a·bᵀ with a stored m×k and b n×k, row-major (backpropagating δ through a layer: δ·W when W is
 * stored out × in, or a forward pass with such weights). Every entry is a dot product of two contiguous rows.
 *
 * @example
 * const out = new Float64Array(1);
 * matmulTransB(Float64Array.of(1, 2), Float64Array.of(3, 4), out, 1, 2, 1);
 * [...out]; // → [11]
 */
export function matmulTransB(
  a: Float64Array,
  b: Float64Array,
  out: Float64Array,
  m: number,
  k: number,
  n: number,
): void {
  multiply(a, k, 1, b, 1, k, out, m, k, n);
}
