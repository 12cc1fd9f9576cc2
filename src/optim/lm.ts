// lm: Levenberg–Marquardt as a Method, for objectives that are sums of squares (mse fits).

import { InputError } from '../errors.js';
import { formatNumber } from '../numeric/format.js';
import type { RunStatus } from '../record/run-result.js';
import { type LevenbergMarquardtOptions, type LmState, lmIterate, lmStart } from './levenberg-marquardt.js';
import type { Method } from './method.js';
import { defineOptimizer } from './optimizer-spec.js';
import { displacementStep, gradientStep, newPointStep, type OptimizerRule } from './rule.js';

/** Below this cosine between the residuals and every Jacobian column, a stop on a small step is at a minimum. */
const STATIONARY = 1e-4;
/** Residuals this small beside ‖D·x‖ (the predictions' own scale) are rounding: an exact fit. */
const ROUNDING = 100 * Number.EPSILON;

/**
 * Whether the residuals are at rounding level — the data fitted exactly, a global minimum. There the
 * cosine between r and J's columns is the cosine of rounding noise and says nothing.
 */
function exactFit(state: LmState): boolean {
  let scaled = 0;
  for (let j = 0; j < state.x.length; j++) scaled += (state.scale[j]! * state.x[j]!) ** 2;
  return state.norm <= ROUNDING * Math.sqrt(scaled);
}

/**
 * Levenberg–Marquardt (MINPACK lmder, see lmIterate) as a Method: each step is one outer iteration —
 * one Jacobian and as many residual evaluations as it takes to accept a step — so a fit's epoch is
 * one Jacobian. It needs `objective.leastSquares` (an mse fit of a formula, linear, poly or custom model),
 * takes no learning rate and works on the whole training set. ftol, xtol and gtol are lmder's
 * (default 1e-8 each). `finished` says how the run ended: `converged` on lmder's tests, `stalled` when
 * it stopped on a small step while the residuals still point along a Jacobian column (not a
 * minimum), `max-iterations` at the evaluation limit, `diverged` when the numbers leave the finite ones.
 *
 * @example
 * const method = lm({ ftol: 1e-12, xtol: 1e-12, gtol: 1e-12 });
 */
export function lm(options: LevenbergMarquardtOptions = {}): Method<LmState> {
  const info = {
    name: 'lm',
    ftol: options.ftol ?? 1e-8,
    xtol: options.xtol ?? 1e-8,
    gtol: options.gtol ?? 1e-8,
  };
  return {
    info,
    init(x, objective) {
      if (objective.leastSquares === undefined) {
        throw new InputError(
          (name) =>
            `${name('optimizer')}: lm fits sums of squares — the mse loss of a formula, linear, poly or custom regression model`,
          { key: 'optimizer' },
        );
      }
      return lmStart(objective.leastSquares, x);
    },
    step(x, _value, _grad, state, objective) {
      const next = lmIterate(objective.leastSquares!, state, options);
      // The displacement to lmder's own iterate, which stays the reference for the next iteration.
      const displacement = new Float64Array(x.length);
      for (let j = 0; j < x.length; j++) displacement[j] = next.x[j]! - x[j]!;
      return [displacement, next];
    },
    finished(state) {
      if (state.termination === null) return null;
      const counts = `${state.residualEvaluations} residual and ${state.jacobianEvaluations} Jacobian evaluations`;
      const message = `${state.message} (after ${counts})`;
      let status: RunStatus = 'converged';
      switch (state.termination) {
        case 'not-finite':
          status = 'diverged';
          break;
        case 'max-evaluations':
          status = 'max-iterations';
          break;
        case 'xtol':
        case 'xtol-too-small':
        case 'ftol-too-small':
          if (!(state.gradientCosine <= STATIONARY) && !exactFit(state)) {
            return {
              status: 'stalled',
              message: `${message}, but the residuals still lean on a Jacobian column (cosine ${formatNumber(state.gradientCosine, 3)}): not a minimum — try another start`,
            };
          }
          break;
      }
      return { status, message };
    },
  };
}

/** Levenberg–Marquardt's rule: a Gauss–Newton step damped by λ, inside a trust region of radius Δ. */
export const lmRule: OptimizerRule = {
  latex:
    '\\bigl(J^{\\top} J + \\lambda D^2\\bigr)\\,\\Delta\\theta_t = -J^{\\top} r(\\theta_{t-1}),\\qquad \\theta_t = \\theta_{t-1} + \\Delta\\theta_t',
  steps: [
    gradientStep,
    {
      quantity: 'lambda',
      symbol: '\\lambda_t',
      words:
        'The damping λ: 0 gives the Gauss–Newton step (the residuals’ straight-line model solved exactly); a large λ gives a short step along −g. It is raised when a step fails and lowered when it works.',
      latex: '\\lambda_t \\ge 0',
      read: (view) => (view.state as LmState).lambda,
    },
    {
      quantity: 'radius',
      symbol: '\\Delta_t',
      words: 'The trust radius Δ: how far the straight-line model of the residuals is trusted.',
      latex: '\\lVert D\\,\\Delta\\theta\\rVert \\le \\Delta_t',
      read: (view) => (view.state as LmState).delta,
    },
    displacementStep(
      'The step: solve the damped least-squares system for Δθ.',
      '\\Delta\\theta_t = -\\bigl(J^{\\top} J + \\lambda_t D^2\\bigr)^{-1} J^{\\top} r',
    ),
    {
      quantity: 'residualNorm',
      symbol: '\\lVert r \\rVert',
      words: 'The size of the residuals at the new point: the fit’s remaining error.',
      latex: '\\lVert r(\\theta_t) \\rVert',
      read: (view) => (view.state as LmState).norm,
    },
    newPointStep,
  ],
};

export const lmSpec = defineOptimizer({
  name: 'lm',
  summary: "Levenberg–Marquardt for sums of squares, with Marquardt's scaling (MINPACK lmder)",
  settings: [],
  defaults: {},
  usesLearningRate: false,
  fullBatchOnly: true,
  rule: lmRule,
  method: () => lm(),
});
