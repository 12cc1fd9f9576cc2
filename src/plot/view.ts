// Choosing what a figure shows: a window around the start, the minimum and the early path, and robust value ranges.

import { type PathSeries, seriesLength } from './series.js';

/** An interval [low, high] with low < high. */
export type Range = readonly [number, number];

/**
 * How much a path may widen the window beyond the core (starts, first steps, the ends of bounded runs): a
 * bounded run may wander (momentum swinging round a valley); a diverged one is followed only briefly.
 */
const growth = { bounded: 3, diverged: 1.25 };

function pointOf(s: PathSeries, k: number): number[] | null {
  const p = Array.from({ length: s.dimension }, (_, d) => s.points[k * s.dimension + d]!);
  return p.every(Number.isFinite) ? p : null;
}

/**
 * The window for descent paths, one range per coordinate. The core is every start, every first step
 * and the end of every run that did not diverge (the minimum region, or where a slow run got to). The points of a bounded run widen it up to
 * 3 times the core's width; a diverged run widens it in order until a point would make it 1.25 times
 * as wide, so it is followed for a while and then leaves the picture instead of shrinking everything
 * else to a dot.
 *
 * @example
 * pathView([{ label: 'gd', dimension: 1, points: [9, 7.6, 6.3], values: [10, 4.8, 1.5], status: 'converged' }], 1);
 * // ≈ [[6.1, 9.2]]
 */
export function pathView(runs: readonly PathSeries[], dimension: number): Range[] {
  const low = new Array<number>(dimension).fill(Number.POSITIVE_INFINITY);
  const high = new Array<number>(dimension).fill(Number.NEGATIVE_INFINITY);
  const include = (p: readonly number[]): void => {
    p.forEach((v, d) => {
      low[d] = Math.min(low[d]!, v);
      high[d] = Math.max(high[d]!, v);
    });
  };
  for (const run of runs) {
    const n = seriesLength(run);
    const ends = [0, Math.min(1, n - 1), ...(run.status === 'diverged' ? [] : [n - 1])];
    for (const k of ends) {
      const p = k >= 0 ? pointOf(run, k) : null;
      if (p) include(p);
    }
  }
  if (!Number.isFinite(low[0]!)) return new Array<Range>(dimension).fill([-5, 5]);
  const spans = low.map((l, d) => high[d]! - l);
  const widest = Math.max(...spans);
  for (let d = 0; d < dimension; d++) {
    // A flat core (one point, or a path along one axis) still needs a window with some width.
    const centre = (low[d]! + high[d]!) / 2;
    const least = Math.max(widest * 0.4, widest === 0 ? Math.max(1, Math.abs(centre) * 0.5) : 0);
    if (spans[d]! < least) {
      low[d] = centre - least / 2;
      high[d] = centre + least / 2;
      spans[d] = least;
    }
  }
  const core = { low: [...low], high: [...high] };
  for (const run of runs) {
    const diverged = run.status === 'diverged';
    const extra = ((diverged ? growth.diverged : growth.bounded) - 1) / 2;
    const outside = (p: readonly number[]): boolean =>
      p.some((v, d) => v < core.low[d]! - extra * spans[d]! || v > core.high[d]! + extra * spans[d]!);
    for (let k = 0; k < seriesLength(run); k++) {
      const p = pointOf(run, k);
      if (p && !outside(p)) include(p);
      else if (diverged) break;
    }
  }
  return low.map((l, d) => padRange([l, high[d]!], 0.06));
}

function quantile(sorted: readonly number[], q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo);
}

/**
 * The range of the finite values, trimmed to the 2nd–98th percentiles when a few extreme values
 * (a pole, a steep wall) would otherwise flatten the rest; null when no value is finite.
 *
 * @example
 * robustRange([0, 1, 2, 3]); // [0, 3]
 */
export function robustRange(values: ArrayLike<number>): Range | null {
  const sorted = Array.from(values)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  let lo = sorted[0]!;
  let hi = sorted[sorted.length - 1]!;
  const core = quantile(sorted, 0.95) - quantile(sorted, 0.05);
  if (core > 0 && hi - lo > 50 * core) {
    lo = quantile(sorted, 0.02);
    hi = quantile(sorted, 0.98);
  }
  if (hi - lo <= Math.abs(hi) * 1e-12) {
    const half = Math.max(Math.abs(hi) * 0.1, 1);
    return [lo - half, hi + half];
  }
  return [lo, hi];
}

/**
 * A range grown by a fraction of its width on both sides.
 *
 * @example
 * padRange([0, 10], 0.1); // [-1, 11]
 */
export function padRange(range: Range, fraction: number): Range {
  const pad = (range[1] - range[0]) * fraction;
  return [range[0] - pad, range[1] + pad];
}
