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
 * The constants of exp and log, in the module's static data: each is read with one splatting load, where V8
 * builds a vector constant from a general register with two more instructions (on the shuffle port) at every
 * use, which made the polynomials wait on that port (measured: logistic's residuals 30% of its time).
 */
const TABLE: usize = memory.data<f64>([
  -700,
  700,
  Math.LOG2E,
  SHIFT,
  LN2_HI,
  LN2_LO,
  // e^r's Taylor coefficients from 1/13! down to 1/1!, then 1: offsets 6 to 19.
  1.6059043836821613e-10,
  2.08767569878681e-9,
  2.505210838544172e-8,
  2.755731922398589e-7,
  2.755731922398589e-6,
  2.48015873015873e-5,
  1.984126984126984e-4,
  1.388888888888889e-3,
  8.333333333333333e-3,
  4.1666666666666664e-2,
  1.6666666666666666e-1,
  0.5,
  1,
  1,
  // ln: 2^52 + 1023, √2, then 2/21, 2/19, …, 2/3, 2: offsets 20 to 32.
  4503599627371519.0,
  Math.SQRT2,
  2.0 / 21,
  2.0 / 19,
  2.0 / 17,
  2.0 / 15,
  2.0 / 13,
  2.0 / 11,
  2.0 / 9,
  2.0 / 7,
  2.0 / 5,
  2.0 / 3,
  2,
]);
/** The bit masks of logv: 2^52's exponent, the mantissa, 1's exponent. */
const MASKS: usize = memory.data<i64>([0x4330000000000000, 0x000fffffffffffff, 0x3ff0000000000000]);

/** Entry i of TABLE on both lanes. */
function constant(i: usize): v128 {
  return v128.load64_splat(TABLE + i * 8);
}

/** Entry i of MASKS on both lanes. */
function mask(i: usize): v128 {
  return v128.load64_splat(MASKS + i * 8);
}

/**
 * e^x on both lanes, to within two ulps, for x clamped to [−700, 700] (so 2^k below stays a normal number: the
 * callers take e^x of x ≤ 0, where e^−700 ≈ 1e−304 stands for anything smaller). x = k·ln 2 + r with |r| ≤ ln 2/2,
 * e^r by Taylor to r^13/13! (the rest is below 3e−18), then k added to the exponent bits.
 */
export function expv(x: v128): v128 {
  x = f64x2.max(constant(0), f64x2.min(constant(1), x));
  const t = madd(x, constant(2), constant(3));
  const k = f64x2.sub(t, constant(3));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(k, constant(4))), f64x2.mul(k, constant(5)));
  let p = constant(6);
  p = madd(p, r, constant(7));
  p = madd(p, r, constant(8));
  p = madd(p, r, constant(9));
  p = madd(p, r, constant(10));
  p = madd(p, r, constant(11));
  p = madd(p, r, constant(12));
  p = madd(p, r, constant(13));
  p = madd(p, r, constant(14));
  p = madd(p, r, constant(15));
  p = madd(p, r, constant(16));
  p = madd(p, r, constant(17));
  p = madd(p, r, constant(18));
  p = madd(p, r, constant(19));
  // The low bits of t hold k; shifted to the exponent field they multiply p by 2^k.
  return i64x2.add(p, i64x2.shl(t, 52));
}

/**
 * ln x on both lanes for positive normal x, to within two ulps: x = m·2^e with m in [√½, √2), and
 * ln m = 2·atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.172, by its series to s^21 (the rest is below 3e−17 of it).
 */
export function logv(x: v128): v128 {
  // 2^52 + the biased exponent, read as a float64, minus 2^52 + 1023.
  let e = f64x2.sub(v128.or(i64x2.shr_u(x, 52), mask(0)), constant(20));
  let m = v128.or(v128.and(x, mask(1)), mask(2));
  const big = f64x2.gt(m, constant(21));
  const one = constant(18);
  m = v128.bitselect(f64x2.mul(m, constant(17)), m, big);
  e = f64x2.add(e, v128.and(big, one));
  const s = f64x2.div(f64x2.sub(m, one), f64x2.add(m, one));
  const s2 = f64x2.mul(s, s);
  let q = constant(22);
  q = madd(q, s2, constant(23));
  q = madd(q, s2, constant(24));
  q = madd(q, s2, constant(25));
  q = madd(q, s2, constant(26));
  q = madd(q, s2, constant(27));
  q = madd(q, s2, constant(28));
  q = madd(q, s2, constant(29));
  q = madd(q, s2, constant(30));
  q = madd(q, s2, constant(31));
  q = madd(q, s2, constant(32));
  return madd(e, constant(4), madd(e, constant(5), f64x2.mul(s, q)));
}

/**
 * ln(1 + x) on both lanes for x ≥ 0, exact to rounding even where x is far below one ulp of 1: u = 1 + x loses
 * x's low bits, c = x − (u − 1) is what it lost, and ln(1 + x) = ln u + c/u to first order.
 */
export function log1pv(x: v128): v128 {
  const one = constant(18);
  const u = f64x2.add(one, x);
  const c = f64x2.sub(x, f64x2.sub(u, one));
  return f64x2.add(logv(u), f64x2.div(c, u));
}

/**
 * The constants of expNegv, log1pUnitv and negAbsv: −700, log2 e, 1.5·2^52, ln 2 in two parts, e^r's Taylor
 * coefficients 1/0! to 1/13! (offsets 5 to 18), then √2 − 1, ln's series coefficients 2/1 to 2/21 (offsets 20 to
 * 30), ln 2, 3 and −0.
 */
const SHORT: usize = memory.data<f64>([
  -700,
  Math.LOG2E,
  SHIFT,
  LN2_HI,
  LN2_LO,
  1,
  1,
  0.5,
  1.6666666666666666e-1,
  4.1666666666666664e-2,
  8.333333333333333e-3,
  1.388888888888889e-3,
  1.984126984126984e-4,
  2.48015873015873e-5,
  2.755731922398589e-6,
  2.755731922398589e-7,
  2.505210838544172e-8,
  2.08767569878681e-9,
  1.6059043836821613e-10,
  Math.SQRT2 - 1,
  2,
  2.0 / 3,
  2.0 / 5,
  2.0 / 7,
  2.0 / 9,
  2.0 / 11,
  2.0 / 13,
  2.0 / 15,
  2.0 / 17,
  2.0 / 19,
  2.0 / 21,
  Math.LN2,
  3,
  -0.0,
]);

/** Entry i of SHORT on both lanes. */
function short(i: usize): v128 {
  return v128.load64_splat(SHORT + i * 8);
}

/**
 * e^x on both lanes for x ≤ 0 (logistic's −|z|, softmax's logit minus the largest), clamped at −700 (e^−700 ≈
 * 1e−304 stands for anything smaller; a NaN stays NaN), as expv but with the polynomial in Estrin's scheme: pairs of
 * terms, then pairs of pairs by r², r⁴ and r⁸, a chain of 4 multiply-adds after r instead of Horner's 13, so that
 * a kernel's exps overlap its loads from memory rather than hold them up. Within two ulps.
 */
export function expNegv(x: v128): v128 {
  x = f64x2.pmax(x, short(0));
  const t = madd(x, short(1), short(2));
  const k = f64x2.sub(t, short(2));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(k, short(3))), f64x2.mul(k, short(4)));
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const r8 = f64x2.mul(r4, r4);
  const q0 = madd(madd(short(8), r, short(7)), r2, madd(short(6), r, short(5)));
  const q1 = madd(madd(short(12), r, short(11)), r2, madd(short(10), r, short(9)));
  const q2 = madd(madd(short(16), r, short(15)), r2, madd(short(14), r, short(13)));
  const q3 = madd(short(18), r, short(17));
  const p = madd(madd(q3, r4, q2), r8, madd(q1, r4, q0));
  // The low bits of t hold k; shifted to the exponent field they multiply p by 2^k.
  return i64x2.add(p, i64x2.shl(t, 52));
}

/**
 * The constants of expNegPairs: −700, log2 e, 1.5·2^52, −ln 2 in two parts, then the coefficients of e^r from r^11
 * down to r^0 (offsets 5 to 16): a minimax fit for relative error on [−ln 2/2, ln 2/2] with the constant term 1,
 * 1.8e−17 before rounding (Remez's equioscillation on Chebyshev nodes, in 200-bit arithmetic); Horner's rule in
 * float64 with fused multiply-adds stays within 1.1 ulps of e^r there.
 */
const EXP_PAIRS: usize = memory.data<f64>([
  -700,
  Math.LOG2E,
  SHIFT,
  -LN2_HI,
  -LN2_LO,
  2.2980871569205096e-8,
  2.7626296681770954e-7,
  2.756425638424546e-6,
  2.480150451063502e-5,
  1.984126148967387e-4,
  1.3888888932341219e-3,
  8.333333337716317e-3,
  4.1666666666573635e-2,
  1.66666666666573e-1,
  0.5000000000000006,
  1.0000000000000007,
  1,
]);

/** Entry i of EXP_PAIRS on both lanes. */
function expPair(i: usize): v128 {
  return v128.load64_splat(EXP_PAIRS + i * 8);
}

/**
 * e^x in place for every float64 of [from, to), 32 bytes (two vectors) a step, for x ≤ 0 clamped at −700 as
 * expNegv (a NaN stays NaN), within two ulps: x = k·ln 2 + r, |r| ≤ ln 2/2, e^r by a degree-11 polynomial (see
 * EXP_PAIRS) in Horner's rule on both vectors at once, so that each coefficient is loaded once for the two and
 * eight vectors stay live (expNegv's Estrin scheme, inlined in a loop, kept fourteen constants and spilled).
 */
export function expNegPairs(from: usize, to: usize): void {
  for (let at = from; at < to; at += 32) {
    const x0 = f64x2.pmax(v128.load(at), expPair(0));
    const x1 = f64x2.pmax(v128.load(at, 16), expPair(0));
    const t0 = madd(x0, expPair(1), expPair(2));
    const t1 = madd(x1, expPair(1), expPair(2));
    const k0 = f64x2.sub(t0, expPair(2));
    const k1 = f64x2.sub(t1, expPair(2));
    const r0 = madd(k0, expPair(4), madd(k0, expPair(3), x0));
    const r1 = madd(k1, expPair(4), madd(k1, expPair(3), x1));
    let c = expPair(6);
    let p0 = madd(expPair(5), r0, c);
    let p1 = madd(expPair(5), r1, c);
    c = expPair(7);
    p0 = madd(p0, r0, c);
    p1 = madd(p1, r1, c);
    c = expPair(8);
    p0 = madd(p0, r0, c);
    p1 = madd(p1, r1, c);
    c = expPair(9);
    p0 = madd(p0, r0, c);
    p1 = madd(p1, r1, c);
    c = expPair(10);
    p0 = madd(p0, r0, c);
    p1 = madd(p1, r1, c);
    c = expPair(11);
    p0 = madd(p0, r0, c);
    p1 = madd(p1, r1, c);
    c = expPair(12);
    p0 = madd(p0, r0, c);
    p1 = madd(p1, r1, c);
    c = expPair(13);
    p0 = madd(p0, r0, c);
    p1 = madd(p1, r1, c);
    c = expPair(14);
    p0 = madd(p0, r0, c);
    p1 = madd(p1, r1, c);
    c = expPair(15);
    p0 = madd(p0, r0, c);
    p1 = madd(p1, r1, c);
    c = expPair(16);
    p0 = madd(p0, r0, c);
    p1 = madd(p1, r1, c);
    // The low bits of t hold k; shifted to the exponent field they multiply p by 2^k.
    v128.store(at, i64x2.add(p0, i64x2.shl(t0, 52)));
    v128.store(at, i64x2.add(p1, i64x2.shl(t1, 52)), 16);
  }
}

/**
 * ln(1 + x) on both lanes for x in [0, 1] (the callers' e^−|z|), exact to rounding for x far below one ulp of 1:
 * 1 + x = 2^k·m with k = 1 above √2 − 1, and ln m = 2·atanh(s) with s = x/(2 + x), or (x − 1)/(x + 3) when k = 1,
 * both without cancellation, |s| ≤ 0.172; the series to s^21 in Estrin's scheme (see expNegv). Within two ulps.
 */
export function log1pUnitv(x: v128): v128 {
  const big = f64x2.gt(x, short(19));
  const s = f64x2.div(
    laneSelect(f64x2.sub(x, short(5)), x, big),
    f64x2.add(x, laneSelect(short(32), short(20), big)),
  );
  const u = f64x2.mul(s, s);
  const u2 = f64x2.mul(u, u);
  const u4 = f64x2.mul(u2, u2);
  const u8 = f64x2.mul(u4, u4);
  const b0 = madd(madd(short(23), u, short(22)), u2, madd(short(21), u, short(20)));
  const b1 = madd(madd(short(27), u, short(26)), u2, madd(short(25), u, short(24)));
  const b2 = madd(short(30), u2, madd(short(29), u, short(28)));
  const q = madd(b2, u8, madd(b1, u4, b0));
  return madd(s, q, v128.and(big, short(31)));
}

/**
 * a's lanes where `mask`'s lane is all ones, else b's, for masks of whole lanes (a comparison's): one blend
 * instruction with relaxed SIMD (x86's blendv), where bitselect takes three.
 */
export function laneSelect(a: v128, b: v128, mask: v128): v128 {
  return ASC_FEATURE_RELAXED_SIMD ? i64x2.relaxed_laneselect(a, b, mask) : v128.bitselect(a, b, mask);
}

/** −|x| on both lanes: the sign bit set, one or with −0 from the static data. */
export function negAbsv(x: v128): v128 {
  return v128.or(x, short(33));
}

/** 1 on both lanes, one splatting load. */
export function onev(): v128 {
  return short(5);
}
