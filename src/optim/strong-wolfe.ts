// strongWolfe: line search for the strong Wolfe conditions — bracketing, then zoom with cubic interpolation.

import type { LineSearchResult } from './line-search-result.js';
import type { Objective } from './method.js';

export interface StrongWolfeOptions {
  /** The first trial step (default 1). */
  initialStep?: number;
  /** Sufficient-decrease constant c₁ (default 1e-4). */
  c1?: number;
  /** Curvature constant c₂ (default 0.9, the quasi-Newton choice). */
  c2?: number;
  /** Trials before giving up (default 30). */
  maxEvaluations?: number;
}

/** One trial: α, φ(α) = f(x + αd), φ'(α) = ∇f(x + αd)ᵀd, and the gradient. */
interface Trial {
  readonly alpha: number;
  readonly f: number;
  readonly slope: number;
  readonly grad: Float64Array;
}

/**
 * Finds α with f(x + αd) ≤ f(x) + c₁α∇fᵀd and |∇f(x + αd)ᵀd| ≤ c₂|∇fᵀd| (Nocedal & Wright,
 * Algorithms 3.5 and 3.6). The bracketing phase extrapolates (see extrapolate) until it brackets an acceptable step;
 * zoom then narrows the bracket with cubic and quadratic interpolation (see interpolate). On failure it
 * returns the best sufficient-decrease point found, with `ok` false, or α = 0 if there is none —
 * and α = 0 at once, without an evaluation, when d is not a descent direction (∇fᵀd ≥ 0).
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
 * const { step, grad, ok } = strongWolfe(f, Float64Array.of(0), 9, Float64Array.of(-6), Float64Array.of(6), { initialStep: 1 });
 * [step, grad[0], ok]; // → [0.5, 0, true]
 */
export function strongWolfe(
  objective: Objective,
  x: Float64Array,
  value: number,
  grad: Float64Array,
  direction: Float64Array,
  { initialStep = 1, c1 = 1e-4, c2 = 0.9, maxEvaluations = 30 }: StrongWolfeOptions = {},
): LineSearchResult {
  const n = x.length;
  let slope0 = 0;
  for (let i = 0; i < n; i++) slope0 += grad[i]! * direction[i]!;
  // Uphill or flat, sufficient decrease would admit a rise: no step is acceptable.
  if (!(slope0 < 0)) return { step: 0, value, grad, evaluations: 0, ok: false };
  const point = new Float64Array(n);
  let evaluations = 0;

  const evaluate = (alpha: number): Trial => {
    for (let i = 0; i < n; i++) point[i] = x[i]! + alpha * direction[i]!;
    const g = new Float64Array(n);
    const f = objective.valueAndGradient(point, g);
    evaluations++;
    let slope = 0;
    for (let i = 0; i < n; i++) slope += g[i]! * direction[i]!;
    return { alpha, f, slope, grad: g };
  };
  // Written so that NaN fails them: a non-finite trial is never accepted.
  const decreases = (t: Trial) => t.f <= value + c1 * t.alpha * slope0;
  const flat = (t: Trial) => Math.abs(t.slope) <= -c2 * slope0;
  const done = (t: Trial | null, ok: boolean): LineSearchResult =>
    t === null || t.alpha === 0
      ? { step: 0, value, grad, evaluations, ok: false }
      : { step: t.alpha, value: t.f, grad: t.grad, evaluations, ok };

  // Algorithm 3.6. `lo` always satisfies sufficient decrease and has the lowest value seen.
  const zoom = (lo: Trial, hi: Trial): LineSearchResult => {
    while (evaluations < maxEvaluations) {
      const t = evaluate(interpolate(lo, hi));
      if (!decreases(t) || t.f >= lo.f) {
        hi = t;
      } else {
        if (flat(t)) return done(t, true);
        if (t.slope * (hi.alpha - lo.alpha) >= 0) hi = lo;
        lo = t;
      }
      if (Math.abs(hi.alpha - lo.alpha) <= 1e-16 * Math.max(1, Math.abs(lo.alpha))) break;
    }
    return done(lo, false);
  };

  // Algorithm 3.5.
  let previous: Trial = { alpha: 0, f: value, slope: slope0, grad };
  let alpha = initialStep;
  for (let i = 0; evaluations < maxEvaluations; i++) {
    const t = evaluate(alpha);
    if (!decreases(t) || (i > 0 && t.f >= previous.f)) return zoom(previous, t);
    if (flat(t)) return done(t, true);
    if (t.slope >= 0) return zoom(t, previous);
    alpha = extrapolate(previous, t);
    previous = t;
  }
  return done(previous, false);
}

/**
 * The next trial while still going downhill past `t`: the cubic's minimizer when it lies ahead,
 * kept within [1.1, 4] times the last stride beyond t, else the far end — the bounds of Moré &
 * Thuente's bracketing stage, which reach a distant minimum in fewer trials than doubling.
 */
function extrapolate(previous: Trial, t: Trial): number {
  const stride = t.alpha - previous.alpha;
  const near = t.alpha + 1.1 * stride;
  const far = t.alpha + 4 * stride;
  const cubic = cubicMinimizer(previous, t);
  return Number.isFinite(cubic) && cubic > t.alpha ? Math.min(far, Math.max(near, cubic)) : far;
}

/** The minimizer of the cubic matching φ and φ' at both trials (N&W eq. 3.59); NaN if it has none. */
function cubicMinimizer(lo: Trial, hi: Trial): number {
  const a = lo.alpha;
  const b = hi.alpha;
  const d1 = lo.slope + hi.slope - (3 * (lo.f - hi.f)) / (a - b);
  const root = d1 * d1 - lo.slope * hi.slope;
  if (!(root >= 0)) return Number.NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(root);
  return b - ((b - a) * (hi.slope + d2 - d1)) / (hi.slope - lo.slope + 2 * d2);
}

/**
 * A trial step inside the bracket [lo, hi] (either order). Where hi is higher, Moré & Thuente's
 * rule (dcstep, case 1): the cubic's minimizer if it is nearer lo than the quadratic's through
 * φ(lo), φ'(lo), φ(hi), else the midpoint of the two — the cubic alone overshoots where φ rises
 * steeply. A candidate closer than 1% of the bracket to either end, or none at all, gives way to
 * bisection so the bracket keeps shrinking.
 */
function interpolate(lo: Trial, hi: Trial): number {
  const a = lo.alpha;
  const b = hi.alpha;
  const left = Math.min(a, b);
  const width = Math.abs(b - a);
  const cubic = Number.isFinite(hi.f) && Number.isFinite(hi.slope) ? cubicMinimizer(lo, hi) : Number.NaN;
  const quadratic = a - (lo.slope * (b - a) * (b - a)) / (2 * (hi.f - lo.f - lo.slope * (b - a)));
  let candidate = cubic;
  if (hi.f > lo.f && Number.isFinite(quadratic)) {
    candidate =
      Number.isFinite(cubic) && Math.abs(cubic - a) < Math.abs(quadratic - a)
        ? cubic
        : Number.isFinite(cubic)
          ? cubic + (quadratic - cubic) / 2
          : quadratic;
  }
  const inside =
    Number.isFinite(candidate) && candidate >= left + 0.01 * width && candidate <= left + 0.99 * width;
  return inside ? candidate : (a + b) / 2;
}
