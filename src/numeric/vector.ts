// Vector ops on Float64Arrays: dot product, Euclidean norm, finiteness.

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
  return Math.sqrt(dot(v, v));
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
