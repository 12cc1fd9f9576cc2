// lineSearch: how far to go along a descent direction — the line searches chosen by name.

import { InputError } from '../errors.js';
import { armijo } from './armijo.js';
import type { LineSearchResult } from './line-search-result.js';
import type { Objective } from './method.js';
import { strongWolfe } from './strong-wolfe.js';

/**
 * The line searches by name: backtracking Armijo, or strong Wolfe.
 *
 * @example
 * const search: LineSearchName = 'strong-wolfe';
 * createMethod('gd', { learningRate: 1, lineSearch: search }).info; // → { name: 'gd', lineSearch: 'strong-wolfe' }
 */
export type LineSearchName = 'armijo' | 'strong-wolfe';

/**
 * Runs the named line search from x (with its value and gradient) along `direction`, trying
 * `initialStep` first. Trial points are x[i] + α·d[i], so a caller adding α·d to x lands on the
 * same bits and reuseLastEvaluation can hand back the evaluation made here.
 *
 * @example
 * const f: Objective = {
 *   dimension: 1,
 *   value: (x) => (x[0]! - 3) ** 2,
 *   valueAndGradient: (x, g) => {
 *     g[0] = 2 * (x[0]! - 3);
 *     return (x[0]! - 3) ** 2;
 *   },
 * };
 * lineSearch('armijo', f, Float64Array.of(0), 9, Float64Array.of(-6), Float64Array.of(6), 1).step; // → 0.5
 */
export function lineSearch(
  name: LineSearchName,
  objective: Objective,
  x: Float64Array,
  value: number,
  grad: Float64Array,
  direction: Float64Array,
  initialStep: number,
): LineSearchResult {
  return name === 'armijo'
    ? armijo(objective, x, value, grad, direction, { initialStep })
    : strongWolfe(objective, x, value, grad, direction, { initialStep });
}

/**
 * The line search of a method that cannot step without one; 'none' is bad input (key 'lineSearch').
 *
 * @example
 * needsSearch('newton', 'armijo'); // 'armijo'
 */
export function needsSearch(method: string, search: 'none' | LineSearchName): LineSearchName {
  if (search === 'none') {
    throw new InputError(
      (name) => `${name('lineSearch')}: ${method} needs a line search (armijo or strong-wolfe)`,
      { key: 'lineSearch' },
    );
  }
  return search;
}
