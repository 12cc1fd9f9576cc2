// Seed 001's figure 3: the cost E(m, c) of a line fit as a 3-D surface, with the descent path of (m, c) on it.

import type { Figure } from './figure.js';
import type { Size } from './layout.js';
import { lineMse } from './line-fit.js';
import type { PathSeries } from './series.js';
import { surfaceFigure } from './surface.js';
import { pathView, type Range } from './view.js';

/**
 * What a cost-surface figure draws: the data of a line fit y = m·x + c and the (m, c) path of the descent.
 *
 * @example
 * const options: CostSurfaceOptions = { x: [1, 2, 3], y: [2, 4.1, 5.9], path: [[0, 0], [1.2, 0.4], [1.9, 0.1]] };
 * costSurfaceFigure(options).steps; // → 2
 */
export interface CostSurfaceOptions {
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /** The (m, c) pair after each step, the start first. */
  readonly path: readonly (readonly [number, number])[];
  /** The step (epoch) of each pair; 0, 1, 2, … when left out. */
  readonly iterations?: ArrayLike<number>;
  readonly label?: string;
  readonly title?: string;
  readonly size?: Size;
}

// The least-squares line, the bottom of the bowl; null when every x is the same.
function leastSquares(x: ArrayLike<number>, y: ArrayLike<number>): [number, number] | null {
  const n = x.length;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i]!;
    sy += y[i]!;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
  }
  if (!(sxx > 0)) return null;
  const m = sxy / sxx;
  return [m, my - m * mx];
}

/**
 * E(m, c) = mean (yᵢ − (m·xᵢ + c))² over a window holding the path and the least-squares line,
 * drawn as a shaded surface with the path on it; `svg(k)` draws the path up to step k.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * const fig = costSurfaceFigure({ x: [1, 2, 3], y: [2, 4.1, 5.9], path: [[1, 0], [1.4, 0.2], [1.9, 0.1]] });
 * writeFileSync('cost.svg', fig.svg());
 * fig.steps; // → 2
 */
export function costSurfaceFigure(options: CostSurfaceOptions): Figure {
  const { x, y } = options;
  const values = options.path.map(([m, c]) => lineMse(x, y, m, c));
  const best = leastSquares(x, y);
  const run: PathSeries = {
    label: options.label ?? 'gradient descent',
    dimension: 2,
    ...(options.iterations !== undefined && { iterations: options.iterations }),
    points: options.path.flat(),
    values,
  };
  // The window must show the bottom of the bowl even when the path has not reached it yet.
  const anchor: PathSeries = {
    label: '',
    dimension: 2,
    points: [...(options.path[0] ?? [0, 0]), ...(best ?? options.path[0] ?? [0, 0])],
    values: [0, 0],
    status: 'converged',
  };
  const domain = pathView([run, anchor], 2) as [Range, Range];
  return surfaceFigure({
    f: (p) => lineMse(x, y, p[0]!, p[1]!),
    runs: [run],
    domain,
    variables: ['m', 'c'],
    valueName: 'E',
    title: options.title ?? 'Cost E(m, c) = mean of (y − (m·x + c))²',
    ...(options.size !== undefined && { size: options.size }),
  });
}
