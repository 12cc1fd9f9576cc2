// Vector ops on Float64Arrays: dot product, Euclidean norm, finiteness.

import { euclideanNorm } from './euclidean-norm.js';

/**
 * Σ aᵢbᵢ over the length of `a`.
 *
 * @example
 * dot(Float64Array.of(1, 2), Float64Array.of(3, 4)); // 11
 */
export function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/**
 * The Euclidean norm √(Σ vᵢ²), summed in order (no rescaling: callers want an overflow to show as ∞).
 *
 * @example
 * norm(Float64Array.of(3, 4)); // 5
 */
export function norm(v: Float64Array): number {
  const squares = dot(v, v);
  // The plain sum overflows for entries past about 1e154 (and underflows below 1e-154): then a
  // scaled sum gives the norm of a finite vector as a finite number.
  return squares === Number.POSITIVE_INFINITY || squares < 1e-290 ? euclideanNorm(v) : Math.sqrt(squares);
}

/**
 * Whether every entry is a finite number.
 *
 * @example
 * allFinite(Float64Array.of(1, Number.NaN)); // false
 */
export function allFinite(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) return false;
  return true;
}
