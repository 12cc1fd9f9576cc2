// levenbergMarquardt: MINPACK lmder's trust-region Levenberg–Marquardt, one outer iteration at a time.

import { euclideanNorm } from '../numeric/euclidean-norm.js';
import { formatNumber } from '../numeric/format.js';
import type { LeastSquares } from '../numeric/least-squares.js';
import { applyQTranspose, pivotedQr, restoreDiagonal } from '../numeric/pivoted-qr.js';
import { lmParameter, lmWork } from './lm-parameter.js';

const EPSILON = 2 ** -52;

export interface LevenbergMarquardtOptions {
  /** Stop when the actual and predicted relative reductions of Σr² are both at most ftol (default 1e-8). */
  ftol?: number;
  /** Stop when the trust radius is at most xtol times the scaled norm of x (default 1e-8). */
  xtol?: number;
  /** Stop when every column of J is within gtol of orthogonal to r, by cosine (default 1e-8). */
  gtol?: number;
  /** Residual evaluations at most (default 100·(n + 1), lmder1's). */
  maxResidualEvaluations?: number;
  /** The first trust radius is factor·‖D·x₀‖, or factor when that is 0 (default 100). */
  factor?: number;
}

/** How a run ended, by MINPACK's `info` codes, and 'not-finite' when the numbers left the finite ones. */
export type LmTermination =
  | 'ftol'
  | 'xtol'
  | 'ftol-xtol'
  | 'gtol'
  | 'max-evaluations'
  | 'ftol-too-small'
  | 'xtol-too-small'
  | 'gtol-too-small'
  | 'not-finite';

/**
 * The whole state between outer iterations, as plain data: a checkpoint holds it and a resumed run
 * continues with the same arithmetic.
 */
export interface LmState {
  readonly x: Float64Array;
  readonly residuals: Float64Array;
  /** ‖r(x)‖. */
  readonly norm: number;
  /** The trust radius Δ and the Levenberg–Marquardt parameter λ. */
  readonly delta: number;
  readonly lambda: number;
  /** Marquardt's scaling D: the largest norm each Jacobian column has had (1 for a zero column). */
  readonly scale: Float64Array;
  /** Outer iterations begun (MINPACK's iter − 1 counts the accepted steps). */
  readonly iterations: number;
  /** Accepted steps. */
  readonly accepted: number;
  /** MINPACK's nfev and njev. */
  readonly residualEvaluations: number;
  readonly jacobianEvaluations: number;
  /** The largest |cosine| between r and a column of J at the last Jacobian (0 when r = 0). */
  readonly gradientCosine: number;
  /** How it ended; null while it goes on. */
  readonly termination: LmTermination | null;
  /** A plain sentence on why it ended; null while it goes on. */
  readonly message: string | null;
}

interface Settings {
  readonly ftol: number;
  readonly xtol: number;
  readonly gtol: number;
  readonly maxfev: number;
  readonly factor: number;
}

function settings(options: LevenbergMarquardtOptions, n: number): Settings {
  return {
    ftol: options.ftol ?? 1e-8,
    xtol: options.xtol ?? 1e-8,
    gtol: options.gtol ?? 1e-8,
    maxfev: options.maxResidualEvaluations ?? 100 * (n + 1),
    factor: options.factor ?? 100,
  };
}

const allFinite = (v: Float64Array): boolean => {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) return false;
  return true;
};

/**
 * The state at the start x₀: one residual evaluation. Residuals that are not finite there end the
 * run at once ('not-finite'), saying so.
 *
 * @example
 * let state = lmStart(problem, Float64Array.of(2, 0.5));
 */
export function lmStart(problem: LeastSquares, start: Float64Array): LmState {
  const residuals = new Float64Array(problem.residualCount);
  problem.residuals(start, residuals);
  const norm = euclideanNorm(residuals);
  const finite = Number.isFinite(norm);
  return {
    x: Float64Array.from(start),
    residuals,
    norm,
    delta: 0,
    lambda: 0,
    scale: new Float64Array(problem.dimension),
    iterations: 0,
    accepted: 0,
    residualEvaluations: 1,
    jacobianEvaluations: 0,
    gradientCosine: Number.NaN,
    termination: finite ? null : 'not-finite',
    message: finite ? null : `the residuals are not finite at the start (${nonFiniteAt(residuals)})`,
  };
}

/**
 * One outer iteration of lmder: a Jacobian at x, its pivoted QR, then trial steps — each solving
 * (JᵀJ + λD²)p = −Jᵀr with λ chosen so that ‖Dp‖ ≈ Δ (lmParameter) — until one is accepted, its
 * actual reduction of ‖r‖² being at least 1e-4 of the reduction the linear model predicts, or a
 * stopping test fires. After each trial Δ shrinks (ratio ≤ ¼, by a factor in [0.1, 0.5] from the
 * quadratic along p) or grows (ratio ≥ ¾, to 2‖Dp‖), and λ moves the other way. With `scaling`
 * 'marquardt' (MINPACK mode 1) D holds the largest norm each Jacobian column has had, which makes
 * the method invariant to rescaling a parameter. The stopping tests and their order are lmder's:
 * ftol, xtol, gtol and their too-small variants (at machine precision). Unlike lmder, a trial whose
 * residuals are not finite counts as a failed step (the trust region shrinks) rather than poisoning
 * the arithmetic, and a Jacobian that is not finite ends the run ('not-finite'). Moré, "The
 * Levenberg–Marquardt algorithm: implementation and theory" (1978); MINPACK-1 User Guide, ANL-80-74.
 *
 * @example
 * let state = lmStart(problem, x0);
 * while (state.termination === null) state = lmIterate(problem, state);
 */
export function lmIterate(
  problem: LeastSquares,
  state: LmState,
  options: LevenbergMarquardtOptions = {},
): LmState {
  if (state.termination !== null) return state;
  const m = problem.residualCount;
  const n = problem.dimension;
  const { ftol, xtol, gtol, maxfev, factor } = settings(options, n);
  const x = Float64Array.from(state.x);
  let residuals = state.residuals;
  let norm = state.norm;
  let { delta, lambda, accepted, residualEvaluations } = state;
  const scale = Float64Array.from(state.scale);
  const iterations = state.iterations + 1;
  const jacobianEvaluations = state.jacobianEvaluations + 1;

  const jacobian = new Float64Array(m * n);
  problem.jacobian(x, jacobian);
  const end = (termination: LmTermination, message: string, cosine: number): LmState => ({
    x,
    residuals,
    norm,
    delta,
    lambda,
    scale,
    iterations,
    accepted,
    residualEvaluations,
    jacobianEvaluations,
    gradientCosine: cosine,
    termination,
    message,
  });
  if (!allFinite(jacobian)) {
    const at = nonFiniteAt(jacobian);
    return end('not-finite', `the Jacobian is not finite at the current parameters (${at})`, Number.NaN);
  }
  const qr = pivotedQr(jacobian, m, n);
  const { pivot, columnNorms } = qr;
  let xNorm: number;
  if (iterations === 1) {
    for (let j = 0; j < n; j++) scale[j] = columnNorms[j] === 0 ? 1 : columnNorms[j]!;
    const scaled = Float64Array.from(x, (v, j) => scale[j]! * v);
    xNorm = euclideanNorm(scaled);
    delta = factor * xNorm;
    if (delta === 0) delta = factor;
  } else {
    xNorm = euclideanNorm(Float64Array.from(x, (v, j) => scale[j]! * v));
  }
  const qtr = Float64Array.from(residuals);
  applyQTranspose(qr, qtr);
  restoreDiagonal(qr);
  const r = qr.a;

  // The largest cosine between r and a column of J: 0 at a stationary point of ‖r‖².
  let cosine = 0;
  if (norm !== 0) {
    for (let j = 0; j < n; j++) {
      const l = pivot[j]!;
      if (columnNorms[l] === 0) continue;
      let sum = 0;
      for (let i = 0; i <= j; i++) sum += r[i + j * m]! * (qtr[i]! / norm);
      cosine = Math.max(cosine, Math.abs(sum / columnNorms[l]!));
    }
  }
  if (cosine <= gtol)
    return end(
      'gtol',
      `the residuals are orthogonal to the Jacobian's columns within gtol ${gtol} (cosine ${formatNumber(cosine, 3)})`,
      cosine,
    );
  for (let j = 0; j < n; j++) scale[j] = Math.max(scale[j]!, columnNorms[j]!);

  const work = lmWork(n);
  const step = new Float64Array(n);
  const trial = new Float64Array(n);
  const trialResiduals = new Float64Array(m);
  const qtb = qtr.subarray(0, n);
  const predicted = new Float64Array(n);
  for (;;) {
    lambda = lmParameter(r, m, n, pivot, scale, qtb, delta, lambda, step, work);
    for (let j = 0; j < n; j++) {
      step[j] = -step[j]!;
      trial[j] = x[j]! + step[j]!;
    }
    const stepNorm = euclideanNorm(Float64Array.from(step, (v, j) => scale[j]! * v));
    // Until a first step is accepted, the radius is never above the step just tried (lmder's iter = 1).
    if (accepted === 0) delta = Math.min(delta, stepNorm);
    problem.residuals(trial, trialResiduals);
    residualEvaluations++;
    let trialNorm = euclideanNorm(trialResiduals);
    // A trial outside the finite numbers is a failed step: the region shrinks as it does for a rise.
    if (!Number.isFinite(trialNorm)) trialNorm = Number.POSITIVE_INFINITY;

    const actual = 0.1 * trialNorm < norm ? 1 - (trialNorm / norm) ** 2 : -1;
    // R·Pᵀ·p gives the linear model's reduction, and λ‖Dp‖² the part the damping takes.
    predicted.fill(0);
    for (let j = 0; j < n; j++) {
      const t = step[pivot[j]!]!;
      for (let i = 0; i <= j; i++) predicted[i] = predicted[i]! + r[i + j * m]! * t;
    }
    const t1 = euclideanNorm(predicted) / norm;
    const t2 = (Math.sqrt(lambda) * stepNorm) / norm;
    const prered = t1 * t1 + (t2 * t2) / 0.5;
    const dirder = -(t1 * t1 + t2 * t2);
    const ratio = prered === 0 ? 0 : actual / prered;

    if (ratio <= 0.25) {
      let shrink = actual >= 0 ? 0.5 : (0.5 * dirder) / (dirder + 0.5 * actual);
      if (0.1 * trialNorm >= norm || shrink < 0.1) shrink = 0.1;
      delta = shrink * Math.min(delta, stepNorm / 0.1);
      lambda /= shrink;
    } else if (lambda === 0 || ratio >= 0.75) {
      delta = stepNorm / 0.5;
      lambda *= 0.5;
    }
    if (ratio >= 1e-4) {
      x.set(trial);
      residuals = Float64Array.from(trialResiduals);
      xNorm = euclideanNorm(Float64Array.from(x, (v, j) => scale[j]! * v));
      norm = trialNorm;
      accepted++;
    }
    const fSmall = Math.abs(actual) <= ftol && prered <= ftol && 0.5 * ratio <= 1;
    const xSmall = delta <= xtol * xNorm;
    if (fSmall && xSmall) return end('ftol-xtol', `${fMessage(ftol)}, and ${xMessage(xtol)}`, cosine);
    if (fSmall) return end('ftol', fMessage(ftol), cosine);
    if (xSmall) return end('xtol', xMessage(xtol), cosine);
    if (residualEvaluations >= maxfev)
      return end(
        'max-evaluations',
        `the residuals were evaluated ${residualEvaluations} times, the limit`,
        cosine,
      );
    if (Math.abs(actual) <= EPSILON && prered <= EPSILON && 0.5 * ratio <= 1)
      return end(
        'ftol-too-small',
        'no further reduction of the sum of squares is possible in double precision (ftol is below it)',
        cosine,
      );
    if (delta <= EPSILON * xNorm)
      return end(
        'xtol-too-small',
        'no further improvement of the parameters is possible in double precision (xtol is below it)',
        cosine,
      );
    if (cosine <= EPSILON)
      return end(
        'gtol-too-small',
        'the residuals are orthogonal to the Jacobian in double precision (gtol is below it)',
        cosine,
      );
    if (ratio >= 1e-4) break;
  }
  return {
    x,
    residuals,
    norm,
    delta,
    lambda,
    scale,
    iterations,
    accepted,
    residualEvaluations,
    jacobianEvaluations,
    gradientCosine: cosine,
    termination: null,
    message: null,
  };
}

/**
 * Runs lmStart and lmIterate to the end: MINPACK's lmder with Marquardt's scaling (mode 1).
 *
 * @example
 * const run = levenbergMarquardt(problem, Float64Array.of(500, 1e-4));
 * run.x; run.termination; run.residualEvaluations; // nfev
 */
export function levenbergMarquardt(
  problem: LeastSquares,
  start: Float64Array,
  options: LevenbergMarquardtOptions = {},
): LmState {
  let state = lmStart(problem, start);
  while (state.termination === null) state = lmIterate(problem, state, options);
  return state;
}

const fMessage = (ftol: number): string =>
  `the sum of squares fell by a relative ${ftol} or less, as predicted`;
const xMessage = (xtol: number): string => `the trust region shrank to a relative ${xtol} of the parameters`;

function nonFiniteAt(values: Float64Array): string {
  let count = 0;
  let first = -1;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) {
      count++;
      if (first < 0) first = i;
    }
  }
  return `${count} of ${values.length} entries, the first at index ${first}`;
}
