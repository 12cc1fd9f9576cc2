// Two-lane float64 helpers of the regression kernels (AssemblyScript): fused multiply-add, lane sums, exp, log and log1p.

/**
 * a·b + c lane by lane: one fused multiply-add where the host has relaxed SIMD (this build's
 * ASC_FEATURE_RELAXED_SIMD; x86 with FMA, ARM), rounded once, else a multiply and an add.
 */
export function madd(a: v128, b: v128, c: v128): v128 {
  return ASC_FEATURE_RELAXED_SIMD ? f64x2.relaxed_madd(a, b, c) : f64x2.add(f64x2.mul(a, b), c);
}

/** The sum of a vector's two lanes. */
export function lanes(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** [Σ lanes of a, Σ lanes of b]: two rows' dot products out of their two-lane partial sums, in one vector. */
export function pairSums(a: v128, b: v128): v128 {
  return f64x2.add(f64x2.shuffle(a, b, 0, 2), f64x2.shuffle(a, b, 1, 3));
}

const LN2_HI: f64 = 0.6931471803691238; // ln 2's leading 32 bits: k·LN2_HI is exact for |k| < 2^20
const LN2_LO: f64 = 1.9082149292705877e-10;
/** 1.5·2^52: adding it rounds a float64 below 2^51 to an integer and leaves that integer in the low bits. */
const SHIFT: f64 = 6755399441055744.0;

/**
 * e^x on both lanes, to within two ulps, for x clamped to [−700, 700] (so 2^k below stays a normal number: the
 * callers take e^x of x ≤ 0, where e^−700 ≈ 1e−304 stands for anything smaller). x = k·ln 2 + r with |r| ≤ ln 2/2,
 * e^r by Taylor to r^13/13! (the rest is below 3e−18), then k added to the exponent bits.
 */
export function expv(x: v128): v128 {
  x = f64x2.max(f64x2.splat(-700), f64x2.min(f64x2.splat(700), x));
  const t = madd(x, f64x2.splat(Math.LOG2E), f64x2.splat(SHIFT));
  const k = f64x2.sub(t, f64x2.splat(SHIFT));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(k, f64x2.splat(LN2_HI))), f64x2.mul(k, f64x2.splat(LN2_LO)));
  let p = f64x2.splat(1.6059043836821613e-10); // 1/13!
  p = madd(p, r, f64x2.splat(2.08767569878681e-9)); // 1/12!
  p = madd(p, r, f64x2.splat(2.505210838544172e-8));
  p = madd(p, r, f64x2.splat(2.755731922398589e-7));
  p = madd(p, r, f64x2.splat(2.755731922398589e-6));
  p = madd(p, r, f64x2.splat(2.48015873015873e-5));
  p = madd(p, r, f64x2.splat(1.984126984126984e-4));
  p = madd(p, r, f64x2.splat(1.388888888888889e-3));
  p = madd(p, r, f64x2.splat(8.333333333333333e-3));
  p = madd(p, r, f64x2.splat(4.1666666666666664e-2));
  p = madd(p, r, f64x2.splat(1.6666666666666666e-1));
  p = madd(p, r, f64x2.splat(0.5));
  p = madd(p, r, f64x2.splat(1));
  p = madd(p, r, f64x2.splat(1));
  // The low bits of t hold k; shifted to the exponent field they multiply p by 2^k.
  return i64x2.add(p, i64x2.shl(t, 52));
}

/**
 * ln x on both lanes for positive normal x, to within two ulps: x = m·2^e with m in [√½, √2), and
 * ln m = 2·atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.172, by its series to s^21 (the rest is below 3e−17 of it).
 */
export function logv(x: v128): v128 {
  // 2^52 + the biased exponent, read as a float64, minus 2^52 + 1023.
  let e = f64x2.sub(
    v128.or(i64x2.shr_u(x, 52), i64x2.splat(0x4330000000000000)),
    f64x2.splat(4503599627371519.0),
  );
  let m = v128.or(v128.and(x, i64x2.splat(0x000fffffffffffff)), i64x2.splat(0x3ff0000000000000));
  const big = f64x2.gt(m, f64x2.splat(Math.SQRT2));
  m = v128.bitselect(f64x2.mul(m, f64x2.splat(0.5)), m, big);
  e = f64x2.add(e, v128.and(big, f64x2.splat(1)));
  const s = f64x2.div(f64x2.sub(m, f64x2.splat(1)), f64x2.add(m, f64x2.splat(1)));
  const s2 = f64x2.mul(s, s);
  let q = f64x2.splat(2.0 / 21);
  q = madd(q, s2, f64x2.splat(2.0 / 19));
  q = madd(q, s2, f64x2.splat(2.0 / 17));
  q = madd(q, s2, f64x2.splat(2.0 / 15));
  q = madd(q, s2, f64x2.splat(2.0 / 13));
  q = madd(q, s2, f64x2.splat(2.0 / 11));
  q = madd(q, s2, f64x2.splat(2.0 / 9));
  q = madd(q, s2, f64x2.splat(2.0 / 7));
  q = madd(q, s2, f64x2.splat(2.0 / 5));
  q = madd(q, s2, f64x2.splat(2.0 / 3));
  q = madd(q, s2, f64x2.splat(2));
  return madd(e, f64x2.splat(LN2_HI), madd(e, f64x2.splat(LN2_LO), f64x2.mul(s, q)));
}

/**
 * ln(1 + x) on both lanes for x ≥ 0, exact to rounding even where x is far below one ulp of 1: u = 1 + x loses
 * x's low bits, c = x − (u − 1) is what it lost, and ln(1 + x) = ln u + c/u to first order.
 */
export function log1pv(x: v128): v128 {
  const u = f64x2.add(f64x2.splat(1), x);
  const c = f64x2.sub(x, f64x2.sub(u, f64x2.splat(1)));
  return f64x2.add(logv(u), f64x2.div(c, u));
}
