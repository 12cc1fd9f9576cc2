// What a minimization run reports: CONTRACT's result object, plus the recorded path when asked for.

import type { MethodInfo } from './method-info.js';

/** How a run ended. */
export type RunStatus = 'converged' | 'max-iterations' | 'diverged' | 'oscillating' | 'stalled';

/** Every iterate of a run, the start included, in flat row-major arrays. */
export interface RunPath {
  readonly dimension: number;
  /** (iterations + 1) × dimension coordinates. */
  readonly points: Float64Array;
  readonly values: Float64Array;
  readonly gradientNorms: Float64Array;
}

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
  path?: RunPath;
}
