// compassSearch: derivative-free local minimization inside a box, for objectives with kinks.

import type { Box } from './enclosure.js';

export interface CompassSearchOptions {
  /** The first step along each axis, as a fraction of the box's width there (default 0.05). */
  step?: number;
  /** Stop when steps shrink below this fraction of the width (default 1e-10). */
  minStep?: number;
  /** Objective evaluations at most (default 2000). */
  maxEvaluations?: number;
}

/**
 * Compass search (Kolda, Lewis & Torczon, "Optimization by direct search", SIAM Review 2003, §3): try
 * ± a step along each axis, move to the first point that improves, halve the step when none does.
 * It needs no derivatives, so it suits the smallest Hessian eigenvalue, which has kinks where
 * eigenvalues cross. Trial points are clamped into the box; a NaN objective counts as no improvement.
 * Returns the best point found and its objective value.
 *
 * @example
 * compassSearch((x) => (x[0]! - 0.3) ** 2, Float64Array.of(0), [{ lo: -1, hi: 1 }]); // point ≈ [0.3]
 */
export function compassSearch(
  objective: (x: Float64Array) => number,
  start: Float64Array,
  box: Box,
  { step = 0.05, minStep = 1e-10, maxEvaluations = 2000 }: CompassSearchOptions = {},
): { point: Float64Array; value: number } {
  const n = start.length;
  const x = Float64Array.from(start);
  const score = (p: Float64Array): number => {
    const v = objective(p);
    return Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
  };
  let best = score(x);
  let evaluations = 1;
  const trial = new Float64Array(n);
  let fraction = step;
  while (fraction >= minStep && evaluations < maxEvaluations) {
    let improved = false;
    for (let d = 0; d < n && !improved; d++) {
      const { lo, hi } = box[d]!;
      for (const sign of [1, -1]) {
        trial.set(x);
        trial[d] = Math.min(hi, Math.max(lo, x[d]! + sign * fraction * (hi - lo)));
        if (trial[d] === x[d]) continue;
        const value = score(trial);
        evaluations++;
        if (value < best) {
          best = value;
          x.set(trial);
          improved = true;
          break;
        }
      }
    }
    if (!improved) fraction /= 2;
  }
  return { point: x, value: best };
}
