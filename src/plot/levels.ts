// Contour levels: evenly spaced for a moderate range, log-spaced above the minimum when the range is wide.

import { scaleLinear } from 'd3-scale';

/** Threshold values for contours, ascending, and whether they are log-spaced. */
export interface Levels {
  readonly thresholds: number[];
  readonly log: boolean;
}

/**
 * Levels for values sampled on a grid. When the largest value lies far above the typical one —
 * Beale's or Goldstein–Price's walls, Rosenbrock's valley — even levels would all crowd on the walls
 * and leave the valley blank, so the levels are spaced geometrically in f − min instead.
 *
 * @example
 * contourLevels(Float64Array.from([0, 1, 2, 3, 4]), 4).thresholds; // → [1, 2, 3]
 */
export function contourLevels(values: ArrayLike<number>, count = 18): Levels {
  const finite = Array.from(values)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  if (finite.length === 0) return { thresholds: [], log: false };
  const min = finite[0]!;
  const max = finite[finite.length - 1]!;
  if (!(max > min)) return { thresholds: [], log: false };
  const median = finite[Math.floor(finite.length / 2)]! - min;
  if (median > 0 && (max - min) / median > 10) {
    // Start a little above the minimum: the lowest sampled values, not a level nobody can see.
    const first = Math.max(finite[Math.floor(finite.length * 0.003)]! - min, (max - min) * 1e-7);
    const ratio = ((max - min) / first) ** (1 / count);
    const thresholds = Array.from({ length: count }, (_, i) => min + first * ratio ** i).filter(
      (t) => t > min && t < max,
    );
    return { thresholds, log: true };
  }
  return {
    thresholds: scaleLinear()
      .domain([min, max])
      .ticks(count)
      .filter((t) => t > min && t < max),
    log: false,
  };
}
