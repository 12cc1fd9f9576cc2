// What a minimization run reports: CONTRACT's result object, plus the recorded path when asked for.

import type { Differentiability } from './differentiability.js';
import type { MethodInfo } from './method-info.js';

/**
 * How a run ended.
 *
 * @example
 * const status: RunStatus = minimize(compileExpression('x^2 - 4*x + 1'), {
 *   start: Float64Array.of(9), method: createMethod('gd', { learningRate: 1 }), maxIterations: 50,
 * }).status;
 * status; // → 'oscillating'
 */
export type RunStatus = 'converged' | 'max-iterations' | 'diverged' | 'oscillating' | 'stalled';

/**
 * The recorded iterates of a run, the start and the last included, in flat row-major arrays: every
 * iterate of a run short enough, else an evenly thinned set that keeps the extremes (ThinnedRecord).
 *
 * @example
 * const run = minimize(compileExpression('x^2'), { start: Float64Array.of(4), method: createMethod('gd', { learningRate: 0.25 }), maxIterations: 3, recordPath: true });
 * const path: RunPath | undefined = run.path;
 * path?.points; // → [4, 2, 1, 0.5]
 * path?.values; // → [16, 4, 1, 0.25]
 */
export interface RunPath {
  readonly dimension: number;
  /** The iteration number of each recorded iterate, ascending: 0, 1, 2, … when none was thinned out. */
  readonly iterations: Float64Array;
  /** iterations.length × dimension coordinates. */
  readonly points: Float64Array;
  readonly values: Float64Array;
  readonly gradientNorms: Float64Array;
}

/**
 * What `minimize` returns: how the run ended and why, where and at what value, the gradient there, the counts, the optimizer and (with `recordPath`) the path.
 *
 * @example
 * const run: MinimizeResult = minimize(compileExpression('(x - 2)^2 + 1'), { method: createMethod('newton') });
 * run.status; // → 'converged'
 * run.point; // → [2]
 * run.value; // → 1
 */
export interface MinimizeResult {
  status: RunStatus;
  /** Why it ended, for people: the rule that stopped it or what went wrong and why. */
  message: string;
  variables: readonly string[];
  point: Float64Array;
  value: number;
  gradient: Float64Array;
  gradientNorm: number;
  iterations: number;
  evaluations: { value: number; gradient: number; hessian: number };
  optimizer: MethodInfo;
  /** For a diverging or oscillating run: a rate the curvature met along the way shows to be stable. */
  suggestedLr: number | null;
  /** Largest curvature seen along the path (secant estimate |Δg|/|Δx|), or null before any step. */
  curvature: number | null;
  /**
   * Where the run ended at a point with no ordinary gradient — a kink, an unbounded slope, a domain
   * edge, a point where f is not defined, or a slope past float64 — why, from the function's tree.
   * Only for functions that can tell (expressions).
   */
  differentiability?: Differentiability;
  path?: RunPath;
}
