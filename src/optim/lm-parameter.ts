// lmParameter: the Levenberg–Marquardt parameter λ that makes the step fill the trust region.

import { euclideanNorm } from '../numeric/euclidean-norm.js';
import { dampedSolve } from '../numeric/pivoted-qr.js';

const TINY = Number.MIN_VALUE * 2 ** 52;

/** Work arrays of length n, made once per fit. */
export interface LmWork {
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly sDiagonal: Float64Array;
  readonly scaled: Float64Array;
}

/** Work arrays for a problem of n parameters. */
export function lmWork(n: number): LmWork {
  return {
    a: new Float64Array(n),
    b: new Float64Array(n),
    sDiagonal: new Float64Array(n),
    scaled: new Float64Array(n),
  };
}

/**
 * Finds λ ≥ 0 such that the step x solving (JᵀJ + λD²)x = −Jᵀr (in the least-squares sense, from
 * J·P = Q·R) has ‖Dx‖ within 10 % of the trust radius Δ — or λ = 0 when the Gauss–Newton step
 * already lies inside. Newton's method on φ(λ) = ‖Dx(λ)‖ − Δ, kept inside a bracket [lower, upper]
 * that tightens each iteration, stops after at most 10 iterations (Moré, "The Levenberg–Marquardt
 * algorithm: implementation and theory", Numerical Analysis, LNM 630, 1978; MINPACK lmpar).
 * `r` holds R in its upper triangle (column-major, leading dimension `ld`); its strict lower
 * triangle is overwritten. `qtb` is the first n entries of Qᵀ·r. Writes the step into `x` with the
 * sign of the system above negated (x solves for +Jᵀr; the caller steps by −x) and returns λ.
 */
export function lmParameter(
  r: Float64Array,
  ld: number,
  n: number,
  pivot: Int32Array,
  d: Float64Array,
  qtb: Float64Array,
  delta: number,
  start: number,
  x: Float64Array,
  work: LmWork,
): number {
  const { a, b, sDiagonal, scaled } = work;
  // The Gauss–Newton step; a singular R gives the least-squares one with trailing components zero.
  let rank = n;
  for (let j = 0; j < n; j++) {
    a[j] = qtb[j]!;
    if (r[j + j * ld] === 0 && rank === n) rank = j;
    if (rank < n) a[j] = 0;
  }
  for (let j = rank - 1; j >= 0; j--) {
    a[j] = a[j]! / r[j + j * ld]!;
    const t = a[j]!;
    for (let i = 0; i < j; i++) a[i] = a[i]! - r[i + j * ld]! * t;
  }
  for (let j = 0; j < n; j++) x[pivot[j]!] = a[j]!;
  for (let j = 0; j < n; j++) b[j] = d[j]! * x[j]!;
  let dxNorm = euclideanNorm(b, 0, n);
  let fp = dxNorm - delta;
  if (fp <= 0.1 * delta) return 0;

  // A lower bound from the Newton step at λ = 0, when R has full rank (else 0).
  let lower = 0;
  if (rank === n) {
    for (let j = 0; j < n; j++) {
      const l = pivot[j]!;
      a[j] = d[l]! * (b[l]! / dxNorm);
    }
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let i = 0; i < j; i++) sum += r[i + j * ld]! * a[i]!;
      a[j] = (a[j]! - sum) / r[j + j * ld]!;
    }
    const t = euclideanNorm(a, 0, n);
    lower = fp / delta / t / t;
  }
  // An upper bound from the scaled gradient.
  for (let j = 0; j < n; j++) {
    let sum = 0;
    for (let i = 0; i <= j; i++) sum += r[i + j * ld]! * qtb[i]!;
    a[j] = sum / d[pivot[j]!]!;
  }
  const gNorm = euclideanNorm(a, 0, n);
  let upper = gNorm / delta;
  if (upper === 0) upper = TINY / Math.min(delta, 0.1);

  let par = Math.min(Math.max(start, lower), upper);
  if (par === 0) par = gNorm / dxNorm;
  for (let iteration = 1; ; iteration++) {
    if (par === 0) par = Math.max(TINY, 0.001 * upper);
    const root = Math.sqrt(par);
    for (let j = 0; j < n; j++) a[j] = root * d[j]!;
    dampedSolve(r, ld, n, pivot, a, qtb, x, sDiagonal, scaled);
    for (let j = 0; j < n; j++) b[j] = d[j]! * x[j]!;
    dxNorm = euclideanNorm(b, 0, n);
    const previous = fp;
    fp = dxNorm - delta;
    // Close enough, or a λ so small that the step can only fall short, or out of iterations.
    if (Math.abs(fp) <= 0.1 * delta || (lower === 0 && fp <= previous && previous < 0) || iteration === 10) {
      return par;
    }
    // Newton's correction to λ, through the factor S of JᵀJ + λD² that dampedSolve left behind.
    for (let j = 0; j < n; j++) {
      const l = pivot[j]!;
      a[j] = d[l]! * (b[l]! / dxNorm);
    }
    for (let j = 0; j < n; j++) {
      a[j] = a[j]! / sDiagonal[j]!;
      const t = a[j]!;
      for (let i = j + 1; i < n; i++) a[i] = a[i]! - r[i + j * ld]! * t;
    }
    const t = euclideanNorm(a, 0, n);
    const correction = fp / delta / t / t;
    if (fp > 0) lower = Math.max(lower, par);
    if (fp < 0) upper = Math.min(upper, par);
    par = Math.max(lower, par + correction);
  }
}
