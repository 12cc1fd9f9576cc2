// Sample points of a box: a regular grid with its corners, filled in by a Halton sequence.

import type { Box } from './enclosure.js';

/** The first `count` primes: the Halton bases, one per dimension. */
function primes(count: number): number[] {
  const found: number[] = [];
  for (let candidate = 2; found.length < count; candidate++) {
    if (found.every((p) => candidate % p !== 0)) found.push(candidate);
  }
  return found;
}

/** The radical inverse of i in base b: the Halton coordinate, in (0, 1). */
function radicalInverse(i: number, b: number): number {
  let result = 0;
  let f = 1 / b;
  for (let k = i; k > 0; k = Math.floor(k / b)) {
    result += f * (k % b);
    f /= b;
  }
  return result;
}

/**
 * About `budget` deterministic points of a box: the largest regular grid with at most budget/2 points
 * (its bounds included, so corners — where curvature often peaks — are always seen; just the centre
 * when even 2 per axis is too many), then Halton points (bases 2, 3, 5, …) for the rest, which keep
 * filling the gaps a grid leaves between its lines. Deterministic, so analyses are reproducible.
 *
 * @example
 * samplePoints([{ lo: -1, hi: 1 }], 5).map((p) => p[0]); // [-1, 1, 0, -0.5, 0.5] (grid, then Halton)
 */
export function samplePoints(box: Box, budget: number): Float64Array[] {
  const n = box.length;
  const points: Float64Array[] = [];
  const perAxis = Math.floor(Math.max(1, budget / 2) ** (1 / n) + 1e-9);
  if (perAxis < 2) {
    points.push(Float64Array.from(box, (b) => (b.lo + b.hi) / 2));
  } else {
    const total = perAxis ** n;
    for (let index = 0; index < total; index++) {
      const p = new Float64Array(n);
      let rest = index;
      for (let d = 0; d < n; d++) {
        const k = rest % perAxis;
        rest = Math.floor(rest / perAxis);
        const { lo, hi } = box[d]!;
        p[d] = k === perAxis - 1 ? hi : lo + ((hi - lo) * k) / (perAxis - 1);
      }
      points.push(p);
    }
  }
  const bases = primes(n);
  for (let i = 1; points.length < budget; i++) {
    points.push(Float64Array.from(box, ({ lo, hi }, d) => lo + (hi - lo) * radicalInverse(i, bases[d]!)));
  }
  return points;
}
