// runSummary(): a run as CONTRACT's plain JSON object — points and gradients named by variable.

import type { Differentiability } from '../record/differentiability.js';
import type { MethodInfo } from '../record/method-info.js';
import type { MinimizeResult, RunStatus } from '../record/run-result.js';

/**
 * A minimize result in CONTRACT's JSON shape: point and gradient by variable name.
 *
 * @example
 * const summary: RunSummary = runSummary(minimize(compileExpression('(x - 1)^2 + (y + 2)^2'), { method: createMethod('newton') }));
 * summary.point; // → { x: 1, y: -2 }
 * summary.status; // → 'converged'
 */
export interface RunSummary {
  status: RunStatus;
  message: string;
  point: Record<string, number>;
  value: number;
  gradient: Record<string, number>;
  gradientNorm: number;
  iterations: number;
  evaluations: { value: number; gradient: number; hessian?: number };
  optimizer: MethodInfo;
  suggestedLr: number | null;
  curvature: number | null;
  /** Present where the run ended at a point with no ordinary gradient (see MinimizeResult). */
  differentiability?: Differentiability;
}

const named = (names: readonly string[], values: Float64Array): Record<string, number> =>
  Object.fromEntries(names.map((name, i) => [name, values[i]!]));

/**
 * The result of `minimize` in CONTRACT's shape (non-finite numbers stay as they are; JSON output nulls them).
 *
 * @example
 * const run = minimize(compileExpression('(x - 1)^2 + (y + 2)^2'), { method: createMethod('newton') });
 * runSummary(run).point; // → { x: 1, y: -2 }
 * runSummary(run).status; // → 'converged'
 */
export function runSummary(result: MinimizeResult): RunSummary {
  const { value, gradient, hessian } = result.evaluations;
  return {
    status: result.status,
    message: result.message,
    point: named(result.variables, result.point),
    value: result.value,
    gradient: named(result.variables, result.gradient),
    gradientNorm: result.gradientNorm,
    iterations: result.iterations,
    evaluations: hessian > 0 ? { value, gradient, hessian } : { value, gradient },
    optimizer: result.optimizer,
    suggestedLr: result.suggestedLr,
    curvature: result.curvature,
    ...(result.differentiability && { differentiability: result.differentiability }),
  };
}
