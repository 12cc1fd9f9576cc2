// directionVerdict: whether a step size is small enough for seed 000's first-order estimate to hold at a point.

import { type Directions, turnedAroundOf } from './directions.js';

/**
 * How well η‖∇L‖cos β foretells the change of a step ηu, judged against the gradient (β = 180°):
 * - `stationary`: ∇L = 0, every first-order change is 0 and L moves only by its curvature;
 * - `accurate`: the true change is within 10% of the estimate;
 * - `approximate`: within 50%, and L still falls;
 * - `too-large`: further off, or L rises even against the gradient (the step overshoots).
 *
 * @example
 * const status: DirectionVerdictStatus = directionVerdict(directions(compileExpression('x^2 + y^2'), Float64Array.of(1, 1))).status;
 * status; // → 'accurate'
 */
export type DirectionVerdictStatus = 'stationary' | 'accurate' | 'approximate' | 'too-large';

/**
 * The verdict on a step size at a point: its status, the estimate's relative error against the
 * gradient, and a step size at which the estimate would hold within 10%.
 *
 * @example
 * // at η = 2 the estimate is 71% off (e = 2 / 2.83)
 * const v: DirectionVerdict = directionVerdict(directions(compileExpression('x^2 + y^2'), Float64Array.of(1, 1), { learningRate: 2 }));
 * v.status; // → 'too-large'
 * v.suggestedStepSize; // → 0.28
 */
export interface DirectionVerdict {
  readonly status: DirectionVerdictStatus;
  /** |actual − firstOrder| / |firstOrder| at β = 180°; null where ∇L = 0. */
  readonly relativeError: number | null;
  /** True when L rises even against the gradient: the step overshoots (a change that rounds to 0 is not a rise). */
  readonly overshoots: boolean;
  /**
   * A step size at which the estimate holds within 10%, rounded down to two digits: the leading-order
   * guess η·0.1/e, exact where L is quadratic along the gradient; with the function to check it
   * against (see directionVerdict), halved until the true change bears it out — without, higher-order
   * terms can make the guess miss (x⁴ at 1 from η = 1 guesses 0.13, where the estimate is 18% off;
   * checked, 0.065, 9.3% off). Null when the estimate already holds.
   */
  readonly suggestedStepSize: number | null;
}

/** What directionVerdict checks a suggested step size against: the function and the point `directions` turned around (it knows them for a record `directions` made). */
export interface DirectionCheck {
  readonly f: { value(x: Float64Array): number };
  readonly at: Float64Array;
}

/** The estimate holds within this share for `accurate`, and within APPROXIMATE for `approximate`. */
const ACCURATE = 0.1;
const APPROXIMATE = 0.5;

/**
 * Judges the step size `directions` used. The gap between the true change and the first-order
 * estimate against the gradient is the curvature term ½η²uᵀ∇²L u (for a quadratic; to leading order
 * otherwise), so the relative error e = gap / (η‖∇L‖) grows like η, and the step size where it is
 * 10% is η·0.1/e — rounded down to two significant digits, so that it keeps the promise. Against
 * the function and the point — those `directions` turned around, or `check` for a record made
 * otherwise — the suggestion is halved (and rounded down again) until the true change
 * L(θ − η∇L/‖∇L‖) − L(θ) is within 10% of −η‖∇L‖ there, so it holds beyond quadratics.
 *
 * @example
 * // x² + y² at (1, 1): against the gradient the gap is η²·uᵀu = η² and η‖∇L‖ = 2.83η, so e = η / 2.83;
 * // at η = 1 a step changes L by −1.83 where the estimate says −2.83: 35% off, and 10% needs η ≤ 0.28
 * const d = directions(compileExpression('x^2 + y^2'), Float64Array.of(1, 1), { learningRate: 1 });
 * directionVerdict(d).relativeError; // → 0.35355
 * directionVerdict(d).status; // → 'approximate'
 * directionVerdict(d).suggestedStepSize; // → 0.28
 */
export function directionVerdict(
  all: Directions,
  check: DirectionCheck | undefined = turnedAroundOf(all),
): DirectionVerdict {
  if (all.gradientNorm === 0) {
    return { status: 'stationary', relativeError: null, overshoots: false, suggestedStepSize: null };
  }
  const steep = all.steepest;
  const gap = Math.abs(steep.actual - steep.firstOrder) / Math.abs(steep.firstOrder);
  const overshoots = steep.actual > 0;
  if (gap <= ACCURATE) {
    return { status: 'accurate', relativeError: gap, overshoots, suggestedStepSize: null };
  }
  // A step that leaves f's domain gives no gap (NaN): halve from the step itself.
  let suggested = roundDown(Number.isFinite(gap) ? (all.stepSize * ACCURATE) / gap : all.stepSize / 2);
  if (check !== undefined) {
    // The step against the gradient, as `directions` took it, at the suggested size.
    const u = Object.values(steep.direction);
    const base = check.f.value(check.at);
    const moved = new Float64Array(u.length);
    const off = (eta: number): number => {
      for (let i = 0; i < u.length; i++) moved[i] = check.at[i]! + eta * u[i]!;
      const estimate = -eta * all.gradientNorm;
      return Math.abs(check.f.value(moved) - base - estimate) / Math.abs(estimate);
    };
    for (let k = 0; k < 60 && suggested > 0 && !(off(suggested) <= ACCURATE); k++) {
      suggested = roundDown(suggested / 2);
    }
  }
  return {
    status: gap <= APPROXIMATE && !overshoots ? 'approximate' : 'too-large',
    relativeError: gap,
    overshoots,
    suggestedStepSize: suggested,
  };
}

/** x rounded down to two significant digits, so that a step size keeps the promise made for x. */
function roundDown(x: number): number {
  const unit = 10 ** (Math.floor(Math.log10(x)) - 1);
  return Number((Math.floor(x / unit) * unit).toPrecision(2));
}
