// pivotedQr: Householder QR with column pivoting, and the damped least-squares solve on its R.

import { euclideanNorm } from './euclidean-norm.js';

const EPSILON = 2 ** -52;

/** A factorization A·P = Q·R of an m×n matrix (m ≥ n), kept in place as MINPACK's qrfac leaves it. */
export interface PivotedQr {
  /**
   * Column-major m×n: R's strict upper triangle above the diagonal, and on and below it the
   * Householder vectors that make Q.
   */
  readonly a: Float64Array;
  readonly rows: number;
  readonly cols: number;
  /** Column k of A·P is column pivot[k] of A. */
  readonly pivot: Int32Array;
  /** R's diagonal. */
  readonly rDiagonal: Float64Array;
  /** The Euclidean norm of each column of A, before pivoting. */
  readonly columnNorms: Float64Array;
}

/**
 * Factors the column-major m×n matrix `a` (overwritten) as A·P = Q·R with Householder reflections,
 * choosing at each step the remaining column of largest norm, so that |R₁₁| ≥ |R₂₂| ≥ … and a
 * rank deficiency shows at the end of R's diagonal. The norms of the remaining columns are
 * downdated as the factorization proceeds and recomputed when cancellation has eaten them
 * (MINPACK qrfac; Golub & Van Loan, Algorithm 5.4.1).
 *
 * @example
 * const qr = pivotedQr(Float64Array.of(1, 0, 0, 2), 2, 2); // A = diag(1, 2): pivot [1, 0], R = diag(−2, −1)
 */
export function pivotedQr(a: Float64Array, m: number, n: number): PivotedQr {
  const pivot = new Int32Array(n);
  const rDiagonal = new Float64Array(n);
  const columnNorms = new Float64Array(n);
  const reference = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    columnNorms[j] = euclideanNorm(a, j * m, m);
    rDiagonal[j] = columnNorms[j]!;
    reference[j] = rDiagonal[j]!;
    pivot[j] = j;
  }
  for (let j = 0; j < Math.min(m, n); j++) {
    let largest = j;
    for (let k = j; k < n; k++) if (rDiagonal[k]! > rDiagonal[largest]!) largest = k;
    if (largest !== j) {
      for (let i = 0; i < m; i++) {
        const t = a[i + j * m]!;
        a[i + j * m] = a[i + largest * m]!;
        a[i + largest * m] = t;
      }
      rDiagonal[largest] = rDiagonal[j]!;
      reference[largest] = reference[j]!;
      const p = pivot[j]!;
      pivot[j] = pivot[largest]!;
      pivot[largest] = p;
    }
    let norm = euclideanNorm(a, j + j * m, m - j);
    if (norm !== 0) {
      if (a[j + j * m]! < 0) norm = -norm;
      for (let i = j; i < m; i++) a[i + j * m] = a[i + j * m]! / norm;
      a[j + j * m] = a[j + j * m]! + 1;
      for (let k = j + 1; k < n; k++) {
        let sum = 0;
        for (let i = j; i < m; i++) sum += a[i + j * m]! * a[i + k * m]!;
        const t = sum / a[j + j * m]!;
        for (let i = j; i < m; i++) a[i + k * m] = a[i + k * m]! - t * a[i + j * m]!;
        if (rDiagonal[k] !== 0) {
          const ratio = a[j + k * m]! / rDiagonal[k]!;
          rDiagonal[k] = rDiagonal[k]! * Math.sqrt(Math.max(0, 1 - ratio * ratio));
          // Downdating lost too many digits to cancellation: take the norm afresh.
          if (0.05 * (rDiagonal[k]! / reference[k]!) ** 2 <= EPSILON) {
            rDiagonal[k] = euclideanNorm(a, j + 1 + k * m, m - j - 1);
            reference[k] = rDiagonal[k]!;
          }
        }
      }
    }
    rDiagonal[j] = -norm;
  }
  return { a, rows: m, cols: n, pivot, rDiagonal, columnNorms };
}

/**
 * Applies Qᵀ to `b` (length m, overwritten) with the Householder vectors of `qr`, whose diagonal
 * must still hold them (before `restoreDiagonal`).
 */
export function applyQTranspose(qr: PivotedQr, b: Float64Array): void {
  const { a, rows: m, cols: n } = qr;
  for (let j = 0; j < Math.min(m, n); j++) {
    const head = a[j + j * m]!;
    if (head === 0) continue;
    let sum = 0;
    for (let i = j; i < m; i++) sum += a[i + j * m]! * b[i]!;
    const t = -sum / head;
    for (let i = j; i < m; i++) b[i] = b[i]! + t * a[i + j * m]!;
  }
}

/** Puts R's diagonal where the Householder heads were, so that `a`'s upper triangle is all of R. */
export function restoreDiagonal(qr: PivotedQr): void {
  for (let j = 0; j < Math.min(qr.rows, qr.cols); j++) qr.a[j + j * qr.rows] = qr.rDiagonal[j]!;
}

/**
 * Solves the damped least-squares problem min ‖(A; D)·x − (b; 0)‖ for a diagonal D, given A·P = Q·R
 * (R in the upper triangle of the column-major `r`, leading dimension `ld`) and `qtb` = the first n
 * entries of Qᵀb. Givens rotations fold D into R, giving the triangular S with Pᵀ(AᵀA + D²)P = SᵀS,
 * whose diagonal goes to `sDiagonal` and strict lower triangle into `r` below its diagonal; R itself
 * is left intact. A singular S gives the least-squares solution with the trailing components zero.
 * MINPACK qrsolv. Writes the solution into `x`.
 */
export function dampedSolve(
  r: Float64Array,
  ld: number,
  n: number,
  pivot: Int32Array,
  d: Float64Array,
  qtb: Float64Array,
  x: Float64Array,
  sDiagonal: Float64Array,
  work: Float64Array,
): void {
  for (let j = 0; j < n; j++) {
    for (let i = j; i < n; i++) r[i + j * ld] = r[j + i * ld]!;
    x[j] = r[j + j * ld]!;
    work[j] = qtb[j]!;
  }
  for (let j = 0; j < n; j++) {
    const dj = d[pivot[j]!]!;
    if (dj !== 0) {
      for (let k = j; k < n; k++) sDiagonal[k] = 0;
      sDiagonal[j] = dj;
      // The rotations that eliminate row j of D also reach the right-hand side's extra entry.
      let extra = 0;
      for (let k = j; k < n; k++) {
        if (sDiagonal[k] === 0) continue;
        const rkk = r[k + k * ld]!;
        let cos: number;
        let sin: number;
        if (Math.abs(rkk) < Math.abs(sDiagonal[k]!)) {
          const cotan = rkk / sDiagonal[k]!;
          sin = 0.5 / Math.sqrt(0.25 + 0.25 * cotan * cotan);
          cos = sin * cotan;
        } else {
          const tan = sDiagonal[k]! / rkk;
          cos = 0.5 / Math.sqrt(0.25 + 0.25 * tan * tan);
          sin = cos * tan;
        }
        r[k + k * ld] = cos * rkk + sin * sDiagonal[k]!;
        const t = cos * work[k]! + sin * extra;
        extra = -sin * work[k]! + cos * extra;
        work[k] = t;
        for (let i = k + 1; i < n; i++) {
          const rik = r[i + k * ld]!;
          r[i + k * ld] = cos * rik + sin * sDiagonal[i]!;
          sDiagonal[i] = -sin * rik + cos * sDiagonal[i]!;
        }
      }
    }
    sDiagonal[j] = r[j + j * ld]!;
    r[j + j * ld] = x[j]!;
  }
  let rank = n;
  for (let j = 0; j < n; j++) {
    if (sDiagonal[j] === 0 && rank === n) rank = j;
    if (rank < n) work[j] = 0;
  }
  for (let j = rank - 1; j >= 0; j--) {
    let sum = 0;
    for (let i = j + 1; i < rank; i++) sum += r[i + j * ld]! * work[i]!;
    work[j] = (work[j]! - sum) / sDiagonal[j]!;
  }
  for (let j = 0; j < n; j++) x[pivot[j]!] = work[j]!;
}
