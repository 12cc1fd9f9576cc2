// A minimal iteration loop for tests and benchmarks: x ← x + step, counting objective evaluations.

import type { Method, Objective } from '../../src/optim/method.js';
import { reuseLastEvaluation } from '../../src/optim/reuse-last-evaluation.js';

export interface Counts {
  /** Calls of value or valueAndGradient that computed something. */
  evaluations: number;
  hessians: number;
}

export interface RunResult {
  x: Float64Array;
  value: number;
  grad: Float64Array;
  iterations: number;
  counts: Counts;
  /** Evaluations made when a value first fell within `target` (if given), else null. */
  evaluationsToTarget: number | null;
}

export interface RunOptions {
  maxIterations?: number;
  /** Stop when ‖∇f‖ ≤ gradTol. */
  gradTol?: number;
  /** Record when f − target.minimum ≤ target.within first happens, and stop there. */
  target?: { minimum: number; within: number };
}

/** Counts evaluations of `objective` and notes when a value first reaches the target. */
function counted(objective: Objective, counts: Counts, onValue: (f: number) => void): Objective {
  const o: Objective = {
    dimension: objective.dimension,
    value(x) {
      counts.evaluations++;
      const f = objective.value(x);
      onValue(f);
      return f;
    },
    valueAndGradient(x, grad) {
      counts.evaluations++;
      const f = objective.valueAndGradient(x, grad);
      onValue(f);
      return f;
    },
  };
  const hessian = objective.hessian;
  if (hessian !== undefined) {
    o.hessian = (x, out) => {
      counts.hessians++;
      hessian.call(objective, x, out);
    };
  }
  return o;
}

/** Iterates `method` from `start` until the gradient is small, the target is met or the budget is spent. */
export function run(
  method: Method,
  objective: Objective,
  start: readonly number[],
  options: RunOptions = {},
): RunResult {
  const { maxIterations = 1000, gradTol = 1e-10, target } = options;
  const counts: Counts = { evaluations: 0, hessians: 0 };
  let evaluationsToTarget: number | null = null;
  const obj = reuseLastEvaluation(
    counted(objective, counts, (f) => {
      if (target && evaluationsToTarget === null && f - target.minimum <= target.within) {
        evaluationsToTarget = counts.evaluations;
      }
    }),
  );
  let x = Float64Array.from(start);
  const grad = new Float64Array(x.length);
  let value = obj.valueAndGradient(x, grad);
  let state = method.init(x, obj);
  let iterations = 0;
  while (iterations < maxIterations && evaluationsToTarget === null) {
    if (Math.hypot(...grad) <= gradTol) break;
    const [displacement, next] = method.step(x, value, grad, state, obj);
    state = next;
    const moved = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) moved[i] = x[i]! + displacement[i]!;
    iterations++;
    if (displacement.every((d) => d === 0)) break;
    x = moved;
    value = obj.valueAndGradient(x, grad);
  }
  return { x, value, grad: Float64Array.from(grad), iterations, counts, evaluationsToTarget };
}
