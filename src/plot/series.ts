// PathSeries: one run's recorded iterates as plain arrays, the shape every figure draws from.

import type { MinimizeResult } from '../record/run-result.js';
import { formatValue } from './format.js';

/** A descent path: every iterate, the start included, in a flat row-major array. */
export interface PathSeries {
  /** Legend text, e.g. `gd lr 0.01`. */
  readonly label: string;
  readonly dimension: number;
  /** (steps + 1) × dimension coordinates. */
  readonly points: ArrayLike<number>;
  /** f at each iterate. */
  readonly values: ArrayLike<number>;
  /** How the run ended (`converged`, `diverged`, …), shown when the path reaches its end. */
  readonly status?: string;
}

/** Iterates in a series (steps + 1). */
export const seriesLength = (s: PathSeries): number => s.values.length;

/**
 * The paths of runs made with `recordPath: true`, labelled by optimizer and learning rate.
 *
 * @example
 * const runs = compare(f, methods, { start, recordPath: true });
 * contourFigure({ f: (p) => f.value(p), runs: runSeries(runs) });
 */
export function runSeries(runs: readonly MinimizeResult[]): PathSeries[] {
  return runs.map((run) => {
    if (!run.path) throw new Error('runSeries needs runs recorded with recordPath: true');
    const lr = run.optimizer.lr;
    return {
      label: `${run.optimizer.name}${typeof lr === 'number' ? ` lr ${formatValue(lr, 6)}` : ''}`,
      dimension: run.path.dimension,
      points: run.path.points,
      values: run.path.values,
      status: run.status,
    };
  });
}
