// newton: Newton's method on the exact Hessian, made safe where it is not positive definite.

import { InputError } from '../errors.js';
import { cholesky, choleskySolve } from '../numeric/cholesky.js';
import { symmetricEigen } from '../numeric/symmetric-eigen.js';
import { type LineSearchName, lineSearch, needsSearch } from './line-search.js';
import type { Method } from './method.js';
import { defineOptimizer } from './optimizer-spec.js';
import { displacementStep, gradientStep, newPointStep, type OptimizerRule } from './rule.js';

/** Armijo backtracking from the full Newton step. */
export const newtonDefaults = { lineSearch: 'armijo' } as const;

/**
 * Newton's method's setting: the line search along the Newton direction.
 *
 * @example
 * const options: NewtonOptions = { lineSearch: 'armijo' };
 * minimize(compileExpression('x^4 + x^2'), { start: Float64Array.of(3), method: newton(options) }).point[0]; // → 0.0000
 */
export interface NewtonOptions {
  /** The search along the Newton direction, from step 1 (default newtonDefaults.lineSearch). */
  lineSearch?: LineSearchName;
}

export interface NewtonState {
  /** Eigenvalues of the last Hessian that were modified (0 where it was positive definite). */
  readonly modified: number;
  /** The last Newton direction p (solving Hp = −∇f, or its modified form); zeros before the first step. */
  readonly direction: Float64Array;
  /** The step α the line search took along p (0 before the first step). */
  readonly stepSize: number;
}

/**
 * Newton's method with Hessian modification (Nocedal & Wright §3.4). Where the Hessian H is
 * positive definite (its Cholesky factorization succeeds) the step solves Hp = −∇f — pure Newton,
 * which lands on a convex quadratic's minimizer in one step. Elsewhere it uses the eigenvalue
 * modification: H = QΛQᵀ with each λ replaced by max(|λ|, δ), δ = 1e-8·max(1, max|λ|), so
 * directions of negative curvature are followed downhill with a step sized by their curvature
 * (as saddle-free Newton does) rather than by a tiny shift. A line search along p starts at α = 1.
 * Needs `objective.hessian`; a Hessian with non-finite entries falls back to −∇f.
 *
 * @example
 * const method = newton({ lineSearch: 'strong-wolfe' });
 * const run = minimize(compileExpression('(x - 1)^2 + 10*(y + 2)^2'), { method });
 * [run.iterations, ...run.point]; // → [1, 1, -2]
 */
export function newton({
  lineSearch: search = newtonDefaults.lineSearch,
}: NewtonOptions = {}): Method<NewtonState> {
  return {
    info: { name: 'newton', lineSearch: search },
    init(x, objective) {
      if (objective.hessian === undefined) {
        throw new InputError(
          (name) =>
            `${name('optimizer')}: newton needs exact second derivatives, and this objective has none`,
          { key: 'optimizer' },
        );
      }
      return { modified: 0, direction: new Float64Array(x.length), stepSize: 0 };
    },
    step(x, value, grad, _state, objective) {
      const n = x.length;
      const hessian = new Float64Array(n * n);
      objective.hessian?.(x, hessian);
      const downhill = Float64Array.from(grad, (g) => -g);
      let direction: Float64Array = downhill;
      let modified = 0;
      const factor = cholesky(hessian, n);
      if (factor !== null) {
        direction = choleskySolve(factor, n, downhill);
      } else if (hessian.every(Number.isFinite)) {
        const { values, vectors } = symmetricEigen(hessian, n);
        const largest = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        const floor = 1e-8 * Math.max(1, largest);
        direction = new Float64Array(n);
        for (let k = 0; k < n; k++) {
          const lambda = values[k]!;
          if (!(lambda > floor)) modified++;
          let along = 0;
          for (let i = 0; i < n; i++) along += vectors[i * n + k]! * downhill[i]!;
          const scale = along / Math.max(Math.abs(lambda), floor);
          for (let i = 0; i < n; i++) direction[i] = direction[i]! + scale * vectors[i * n + k]!;
        }
      } else {
        modified = n;
      }
      const { step } = lineSearch(search, objective, x, value, grad, direction, 1);
      const displacement = new Float64Array(n);
      for (let i = 0; i < n; i++) displacement[i] = step * direction[i]!;
      return [displacement, { modified, direction, stepSize: step }];
    },
  };
}

/** Newton's rule: solve Hp = −∇L, then search along p from α = 1. */
export const newtonRule: OptimizerRule = {
  latex: '\\theta_t = \\theta_{t-1} - \\alpha_t\\, H(\\theta_{t-1})^{-1}\\,\\nabla L(\\theta_{t-1})',
  steps: [
    gradientStep,
    {
      quantity: 'H',
      symbol: 'H_t',
      words:
        'Work out the Hessian: the matrix of second derivatives, how the gradient itself changes — the curvature (a row per variable).',
      latex: 'H_t = \\nabla^2 L(\\theta_{t-1})',
      read: (view) => {
        const n = view.theta.length;
        const hessian = new Float64Array(n * n);
        view.objective.hessian?.(view.theta, hessian);
        return hessian;
      },
    },
    {
      quantity: 'p',
      symbol: 'p_t',
      words:
        'The Newton direction: solve H·p = −g, the step to the bottom of the quadratic that matches L’s value, slope and curvature here (where H is not positive definite, its eigenvalues are made positive first).',
      latex: 'p_t = -H_t^{-1} g_t',
      read: (view) => (view.state as NewtonState).direction,
    },
    {
      quantity: 'alpha',
      symbol: '\\alpha_t',
      words: 'The line search: try the whole Newton step (α = 1) and shorten it until the loss falls enough.',
      latex: '\\alpha_t \\in (0, 1]',
      read: (view) => (view.state as NewtonState).stepSize,
    },
    displacementStep('The step: α times p.', '\\Delta\\theta_t = \\alpha_t\\, p_t', '[[alpha]] \\cdot [[p]]'),
    newPointStep,
  ],
};

export const newtonSpec = defineOptimizer({
  name: 'newton',
  summary: "Newton's method on the exact Hessian, safeguarded where it is not positive definite",
  settings: ['lineSearch'],
  defaults: newtonDefaults,
  usesLearningRate: false,
  fullBatchOnly: true,
  rule: newtonRule,
  method: ({ lineSearch }) => newton({ lineSearch: needsSearch('newton', lineSearch) }),
});
