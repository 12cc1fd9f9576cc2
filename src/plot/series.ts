// PathSeries: one run's recorded iterates as plain arrays, the shape every figure draws from.

import type { MinimizeResult } from '../record/run-result.js';
import { formatValue } from './format.js';

/**
 * A descent path: its recorded iterates, the start included, in a flat row-major array.
 *
 * @example
 * const gd: PathSeries = { label: 'gd lr 0.1', dimension: 1, points: [9, 7.6, 6.5], values: [46, 28.8, 18.3], status: 'max-iterations' };
 * curveFigure({ f: (x) => x * x - 4 * x + 1, runs: [gd] }).steps; // → 2
 */
export interface PathSeries {
  /** Legend text, e.g. `gd lr 0.01`. */
  readonly label: string;
  readonly dimension: number;
  /** The iteration number of each recorded iterate (ascending); 0, 1, 2, … when left out. */
  readonly iterations?: ArrayLike<number>;
  /** (recorded iterates) × dimension coordinates. */
  readonly points: ArrayLike<number>;
  /** f at each iterate. */
  readonly values: ArrayLike<number>;
  /** How the run ended (`converged`, `diverged`, …), shown when the path reaches its end. */
  readonly status?: string;
}

/** Recorded iterates in a series. */
export const seriesLength = (s: { readonly values: ArrayLike<unknown> }): number => s.values.length;

/** The iteration number of the k-th recorded iterate. */
export const iterationAt = (s: { readonly iterations?: ArrayLike<number> }, k: number): number =>
  s.iterations === undefined ? k : s.iterations[k]!;

/** The iteration a series ends at: its steps. */
export const seriesSteps = (s: {
  readonly values: ArrayLike<unknown>;
  readonly iterations?: ArrayLike<number>;
}): number => Math.max(0, iterationAt(s, seriesLength(s) - 1));

/** The last recorded iterate at or before iteration `step` (the first when none is). */
export function recordedUpTo(
  s: { readonly values: ArrayLike<unknown>; readonly iterations?: ArrayLike<number> },
  step: number,
): number {
  const n = seriesLength(s);
  if (s.iterations === undefined) return Math.max(0, Math.min(n - 1, Math.floor(step)));
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (s.iterations[mid]! <= step) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The paths of runs made with `recordPath: true`, labelled by optimizer and learning rate.
 *
 * @example
 * const f = compileExpression('x^2 + 10*y^2');
 * const runs = compare(f, [createMethod('gd', { learningRate: 0.05 }), createMethod('newton')], { start: Float64Array.of(4, 1), recordPath: true });
 * runSeries(runs).map((s) => s.label); // → ['gd lr 0.05', 'newton']
 */
export function runSeries(runs: readonly MinimizeResult[]): PathSeries[] {
  return runs.map((run) => {
    if (!run.path) throw new Error('runSeries needs runs recorded with recordPath: true');
    const lr = run.optimizer.lr;
    return {
      label: `${run.optimizer.name}${typeof lr === 'number' ? ` lr ${formatValue(lr, 6)}` : ''}`,
      dimension: run.path.dimension,
      iterations: run.path.iterations,
      points: run.path.points,
      values: run.path.values,
      status: run.status,
    };
  });
}
