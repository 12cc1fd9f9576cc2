// Exact rational coefficients for simplification, falling back to a plain double where exactness would overflow.

/**
 * n/d in lowest terms with d > 0 and both safe integers; or, when d is 0, an inexact double n (a
 * number such as 1e-30 or π·2 that has no small exact form). Exact arithmetic keeps 1/3 + 1/6 = 1/2
 * instead of 0.49999999999999994, so derivative texts show the numbers a person would write.
 */
export interface Rational {
  readonly n: number;
  readonly d: number;
}

export const ZERO: Rational = { n: 0, d: 1 };
export const ONE: Rational = { n: 1, d: 1 };
export const MINUS_ONE: Rational = { n: -1, d: 1 };
export const HALF: Rational = { n: 1, d: 2 };

function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** n/d reduced, or the inexact quotient when either part is not a safe integer. */
function exact(n: number, d: number): Rational {
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(d) || d === 0) return inexact(n / d);
  const g = gcd(n, d);
  const sign = d < 0 ? -1 : 1;
  return { n: (sign * n) / g + 0, d: (sign * d) / g };
}

/**
 * An inexact double, or an exact one when it is a safe integer.
 *
 * @example
 * inexact(3); // { n: 3, d: 1 }
 */
export function inexact(value: number): Rational {
  return Number.isSafeInteger(value) ? { n: value + 0, d: 1 } : { n: value, d: 0 };
}

/**
 * The exact value a person meant by a double: integers as they are, and a double whose shortest
 * decimal form has few digits (0.1, 2.5, 1e-7) as that decimal fraction.
 *
 * @example
 * rationalOf(0.1); // { n: 1, d: 10 }
 */
export function rationalOf(value: number): Rational {
  if (Number.isSafeInteger(value)) return { n: value + 0, d: 1 };
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (match === null) return inexact(value);
  const digits = `${match[2]}${match[3] ?? ''}`;
  const scale = (match[3]?.length ?? 0) - Number(match[4] ?? 0);
  if (digits.length > 15 || scale > 15 || scale < 0) return inexact(value);
  return exact(Number(`${match[1]}${digits}`), 10 ** scale);
}

export function isExact(q: Rational): boolean {
  return q.d !== 0;
}

export function toNumber(q: Rational): number {
  return q.d === 0 ? q.n : q.n / q.d;
}

export function isZero(q: Rational): boolean {
  return q.n === 0;
}

export function isOne(q: Rational): boolean {
  return q.n === 1 && q.d === 1;
}

export function isInteger(q: Rational): boolean {
  return q.d === 1;
}

/** A key that equal values share: for grouping like terms. */
export function keyOf(q: Rational): string {
  return q.d === 0 ? `~${q.n}` : `${q.n}/${q.d}`;
}

export function add(a: Rational, b: Rational): Rational {
  if (a.d === 0 || b.d === 0) return inexact(toNumber(a) + toNumber(b));
  return exact(a.n * b.d + b.n * a.d, a.d * b.d);
}

export function multiply(a: Rational, b: Rational): Rational {
  if (a.n === 0 || b.n === 0) return ZERO;
  if (a.d === 0 || b.d === 0) return inexact(toNumber(a) * toNumber(b));
  return exact(a.n * b.n, a.d * b.d);
}

export function negate(q: Rational): Rational {
  return { n: -q.n + 0, d: q.d };
}

/** 1/q; null for 0. */
export function reciprocal(q: Rational): Rational | null {
  if (q.n === 0) return null;
  return q.d === 0 ? inexact(1 / q.n) : exact(q.d, q.n);
}

/**
 * q to an integer power when the result stays exact and finite; null otherwise (the power is then
 * kept as it is written, which prints better than a 300-digit number).
 *
 * @example
 * power({ n: 2, d: 3 }, 2); // { n: 4, d: 9 }
 */
export function power(q: Rational, k: number): Rational | null {
  if (q.d === 0 || !Number.isSafeInteger(k) || Math.abs(k) > 1024) return null;
  if (k === 0) return ONE;
  if (q.n === 0) return k > 0 ? ZERO : null;
  const base = k > 0 ? q : reciprocal(q)!;
  const n = base.n ** Math.abs(k);
  const d = base.d ** Math.abs(k);
  return Number.isSafeInteger(n) && Number.isSafeInteger(d) ? exact(n, d) : null;
}

/**
 * √q when it is exact (4/9 → 2/3); null otherwise.
 *
 * @example
 * squareRoot({ n: 4, d: 9 }); // { n: 2, d: 3 }
 */
export function squareRoot(q: Rational): Rational | null {
  if (q.d === 0 || q.n < 0) return null;
  const n = Math.round(Math.sqrt(q.n));
  const d = Math.round(Math.sqrt(q.d));
  return n * n === q.n && d * d === q.d ? exact(n, d) : null;
}
