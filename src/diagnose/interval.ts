// Interval arithmetic: closed intervals [lo, hi] that enclose every value an operation can take on them.

/**
 * A closed interval of reals. Bounds may be infinite (an unbounded enclosure) but are never NaN, and
 * lo ≤ hi. An enclosure is honest: every real value of the operation on the arguments lies inside.
 */
export interface Interval {
  readonly lo: number;
  readonly hi: number;
}

/** The whole real line: what an operation gives where it cannot bound its result. */
export const ENTIRE: Interval = { lo: Number.NEGATIVE_INFINITY, hi: Number.POSITIVE_INFINITY };

// Outward rounding. The basic operations are correctly rounded, so one ulp outward keeps their
// bounds honest; Math.exp, Math.pow, Math.sin, … are only faithful to an ulp or so, hence four.
const ONE_ULP = 2 ** -52;
const FOUR_ULPS = 2 ** -50;
const down = (v: number, ulps = ONE_ULP): number =>
  Number.isFinite(v) ? v - Math.max(Math.abs(v) * ulps, Number.MIN_VALUE) : v;
const up = (v: number, ulps = ONE_ULP): number =>
  Number.isFinite(v) ? v + Math.max(Math.abs(v) * ulps, Number.MIN_VALUE) : v;

/** An interval from computed bounds: NaN anywhere means nothing is known; an overflowed bound stays a valid bound. */
function make(lo: number, hi: number): Interval {
  if (Number.isNaN(lo) || Number.isNaN(hi) || lo > hi) return ENTIRE;
  return {
    lo: lo === Number.POSITIVE_INFINITY ? Number.MAX_VALUE : lo,
    hi: hi === Number.NEGATIVE_INFINITY ? -Number.MAX_VALUE : hi,
  };
}

/**
 * The interval holding exactly one number.
 *
 * @example
 * point(2); // { lo: 2, hi: 2 }
 */
export function point(value: number): Interval {
  return { lo: value, hi: value };
}

/**
 * The interval around a real constant known only to the nearest double (π, e): one ulp each side.
 *
 * @example
 * nearest(Math.PI).lo < Math.PI; // true
 */
export function nearest(value: number): Interval {
  return { lo: down(value), hi: up(value) };
}

/**
 * Whether `value` lies in `x`.
 *
 * @example
 * contains({ lo: 0, hi: 1 }, 0.5); // true
 */
export function contains(x: Interval, value: number): boolean {
  return x.lo <= value && value <= x.hi;
}

// A sum is exact when an operand is 0 or the result is 0 (IEEE addition never underflows to 0).
const sumDown = (a: number, b: number): number => {
  const s = a + b;
  return a === 0 || b === 0 || s === 0 ? s : down(s);
};
const sumUp = (a: number, b: number): number => {
  const s = a + b;
  return a === 0 || b === 0 || s === 0 ? s : up(s);
};
// 0 × ∞ is 0 here: an infinite bound stands for "unbounded", and every value it stands for is finite.
const productDown = (a: number, b: number): number => (a === 0 || b === 0 ? 0 : down(a * b));
const productUp = (a: number, b: number): number => (a === 0 || b === 0 ? 0 : up(a * b));
const quotientDown = (a: number, b: number): number => (a === 0 ? 0 : down(a / b));
const quotientUp = (a: number, b: number): number => (a === 0 ? 0 : up(a / b));

/**
 * x + y.
 *
 * @example
 * add({ lo: 1, hi: 2 }, { lo: -1, hi: 0 }); // ⊇ [0, 2]
 */
export function add(x: Interval, y: Interval): Interval {
  return make(sumDown(x.lo, y.lo), sumUp(x.hi, y.hi));
}

/**
 * −x, exactly.
 *
 * @example
 * negate({ lo: 1, hi: 2 }); // { lo: -2, hi: -1 }
 */
export function negate(x: Interval): Interval {
  return { lo: -x.hi, hi: -x.lo };
}

/**
 * x − y.
 *
 * @example
 * subtract({ lo: 1, hi: 2 }, { lo: 1, hi: 2 }); // ⊇ [-1, 1]: intervals forget that both are the same x
 */
export function subtract(x: Interval, y: Interval): Interval {
  return add(x, negate(y));
}

/**
 * x × y: the extremes lie among the four products of bounds.
 *
 * @example
 * multiply({ lo: -1, hi: 2 }, { lo: 3, hi: 4 }); // ⊇ [-4, 8]
 */
export function multiply(x: Interval, y: Interval): Interval {
  const lo = Math.min(
    productDown(x.lo, y.lo),
    productDown(x.lo, y.hi),
    productDown(x.hi, y.lo),
    productDown(x.hi, y.hi),
  );
  const hi = Math.max(
    productUp(x.lo, y.lo),
    productUp(x.lo, y.hi),
    productUp(x.hi, y.lo),
    productUp(x.hi, y.hi),
  );
  return make(lo, hi);
}

/**
 * x ÷ y; unbounded when y contains 0.
 *
 * @example
 * divide({ lo: 1, hi: 2 }, { lo: -1, hi: 1 }); // ENTIRE
 */
export function divide(x: Interval, y: Interval): Interval {
  if (contains(y, 0)) return ENTIRE;
  const lo = Math.min(
    quotientDown(x.lo, y.lo),
    quotientDown(x.lo, y.hi),
    quotientDown(x.hi, y.lo),
    quotientDown(x.hi, y.hi),
  );
  const hi = Math.max(
    quotientUp(x.lo, y.lo),
    quotientUp(x.lo, y.hi),
    quotientUp(x.hi, y.lo),
    quotientUp(x.hi, y.hi),
  );
  return make(lo, hi);
}

/**
 * xⁿ for an integer n. Even powers of an interval around 0 start at exactly 0, which is what lets
 * x⁴'' = 12x² be proven non-negative.
 *
 * @example
 * integerPower({ lo: -2, hi: 1 }, 2); // { lo: 0, hi: ≈4 }
 */
export function integerPower(x: Interval, n: number): Interval {
  if (n === 0) return point(1);
  const straddles = x.lo < 0 && x.hi > 0;
  if (straddles && n < 0) return ENTIRE;
  if (n < 0 && (x.lo === 0 || x.hi === 0)) return ENTIRE;
  const a = x.lo ** n;
  const b = x.hi ** n;
  if (straddles && n % 2 === 0) return make(0, up(Math.max(a, b), FOUR_ULPS));
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  // On a sign-definite interval xⁿ is monotone; an even power is never negative even where it underflows.
  const low = lo === 0 ? 0 : down(lo, FOUR_ULPS);
  return make(n % 2 === 0 ? Math.max(0, low) : low, hi === 0 ? 0 : up(hi, FOUR_ULPS));
}

/**
 * xᵖ for a real p that is not an integer: defined for x ≥ 0 only, so unbounded when x reaches below 0.
 *
 * @example
 * realPower({ lo: 4, hi: 9 }, 0.5); // ⊇ [2, 3]
 */
export function realPower(x: Interval, p: number): Interval {
  if (x.lo < 0) return ENTIRE;
  if (p > 0) return make(Math.max(0, down(x.lo ** p, FOUR_ULPS)), up(x.hi ** p, FOUR_ULPS));
  if (x.lo === 0) return make(Math.max(0, down(x.hi ** p, FOUR_ULPS)), Number.POSITIVE_INFINITY);
  return make(Math.max(0, down(x.hi ** p, FOUR_ULPS)), up(x.lo ** p, FOUR_ULPS));
}

/** A monotone increasing function applied to both bounds, rounded outward and clamped to its range. */
function increasing(x: Interval, fn: (v: number) => number, min: number, max: number): Interval {
  return make(Math.max(min, down(fn(x.lo), FOUR_ULPS)), Math.min(max, up(fn(x.hi), FOUR_ULPS)));
}

/**
 * eˣ.
 *
 * @example
 * exp({ lo: 0, hi: 1 }); // ⊇ [1, e]
 */
export function exp(x: Interval): Interval {
  return increasing(x, Math.exp, 0, Number.POSITIVE_INFINITY);
}

/**
 * The natural log; unbounded when x reaches 0 or below, where it is not a finite number.
 *
 * @example
 * log({ lo: 1, hi: Math.E }); // ⊇ [0, 1]
 */
export function log(x: Interval): Interval {
  return x.lo <= 0 ? ENTIRE : increasing(x, Math.log, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
}

/**
 * √x; unbounded when x reaches below 0.
 *
 * @example
 * sqrt({ lo: 4, hi: 9 }); // ⊇ [2, 3]
 */
export function sqrt(x: Interval): Interval {
  return x.lo < 0 ? ENTIRE : increasing(x, Math.sqrt, 0, Number.POSITIVE_INFINITY);
}

/**
 * tanh x.
 *
 * @example
 * tanh({ lo: 0, hi: 1 }); // ⊇ [0, 0.7616]
 */
export function tanh(x: Interval): Interval {
  return increasing(x, Math.tanh, -1, 1);
}

/**
 * The logistic sigmoid 1 / (1 + e⁻ˣ).
 *
 * @example
 * sigmoid({ lo: 0, hi: 0 }); // ⊇ [0.5, 0.5]
 */
export function sigmoid(x: Interval): Interval {
  return increasing(x, (v) => 1 / (1 + Math.exp(-v)), 0, 1);
}

/**
 * |x|.
 *
 * @example
 * abs({ lo: -3, hi: 2 }); // { lo: 0, hi: 3 }
 */
export function abs(x: Interval): Interval {
  if (x.lo >= 0) return x;
  if (x.hi <= 0) return negate(x);
  return { lo: 0, hi: Math.max(-x.lo, x.hi) };
}

const TWO_PI = 2 * Math.PI;

/**
 * Whether [lo, hi] contains some c + k·period. The test leans towards yes by a hair, which only ever
 * widens an enclosure: π is not a double, so a peak can sit a rounding error off where we compute it.
 */
function reaches(lo: number, hi: number, c: number, period: number): boolean {
  const k = Math.ceil((lo - c) / period - 1e-9);
  return c + k * period <= hi + 1e-9 * Math.max(1, Math.abs(hi));
}

/** sin or cos: the values at the bounds, widened to ±1 where a peak or trough lies between them. */
function periodic(x: Interval, fn: (v: number) => number, peak: number, trough: number): Interval {
  if (!Number.isFinite(x.lo) || !Number.isFinite(x.hi) || x.hi - x.lo >= TWO_PI) return { lo: -1, hi: 1 };
  const a = fn(x.lo);
  const b = fn(x.hi);
  const hi = reaches(x.lo, x.hi, peak, TWO_PI) ? 1 : Math.min(1, up(Math.max(a, b), FOUR_ULPS));
  const lo = reaches(x.lo, x.hi, trough, TWO_PI) ? -1 : Math.max(-1, down(Math.min(a, b), FOUR_ULPS));
  return make(lo, hi);
}

/**
 * sin x.
 *
 * @example
 * sin({ lo: 0, hi: 2 }); // ⊇ [0, 1]: the peak at π/2 lies inside
 */
export function sin(x: Interval): Interval {
  return periodic(x, Math.sin, Math.PI / 2, -Math.PI / 2);
}

/**
 * cos x.
 *
 * @example
 * cos({ lo: 3, hi: 4 }); // ⊇ [-1, -0.6536]: the trough at π lies inside
 */
export function cos(x: Interval): Interval {
  return periodic(x, Math.cos, 0, Math.PI);
}

/**
 * tan x: increasing between poles; unbounded when x reaches a pole π/2 + kπ.
 *
 * @example
 * tan({ lo: 0, hi: 2 }); // ENTIRE: π/2 lies inside
 */
export function tan(x: Interval): Interval {
  if (!Number.isFinite(x.lo) || !Number.isFinite(x.hi) || x.hi - x.lo >= Math.PI) return ENTIRE;
  if (reaches(x.lo, x.hi, Math.PI / 2, Math.PI)) return ENTIRE;
  return increasing(x, Math.tan, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
}
