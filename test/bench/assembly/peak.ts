// The compute probe (AssemblyScript): the peak rate of two-lane float64 multiply-adds, twelve independent chains so that none waits on another.

/** Runs `steps` rounds of twelve fused multiply-adds (relaxed SIMD) on twelve vectors and returns their sum. */
export function madds(steps: i32, seed: f64): f64 {
  const m = f64x2.splat(0.999999);
  const c = f64x2.splat(1e-7);
  let a0 = f64x2.splat(seed);
  let a1 = f64x2.splat(seed + 1);
  let a2 = f64x2.splat(seed + 2);
  let a3 = f64x2.splat(seed + 3);
  let a4 = f64x2.splat(seed + 4);
  let a5 = f64x2.splat(seed + 5);
  let a6 = f64x2.splat(seed + 6);
  let a7 = f64x2.splat(seed + 7);
  let a8 = f64x2.splat(seed + 8);
  let a9 = f64x2.splat(seed + 9);
  let a10 = f64x2.splat(seed + 10);
  let a11 = f64x2.splat(seed + 11);
  for (let i = 0; i < steps; i++) {
    a0 = f64x2.relaxed_madd(a0, m, c);
    a1 = f64x2.relaxed_madd(a1, m, c);
    a2 = f64x2.relaxed_madd(a2, m, c);
    a3 = f64x2.relaxed_madd(a3, m, c);
    a4 = f64x2.relaxed_madd(a4, m, c);
    a5 = f64x2.relaxed_madd(a5, m, c);
    a6 = f64x2.relaxed_madd(a6, m, c);
    a7 = f64x2.relaxed_madd(a7, m, c);
    a8 = f64x2.relaxed_madd(a8, m, c);
    a9 = f64x2.relaxed_madd(a9, m, c);
    a10 = f64x2.relaxed_madd(a10, m, c);
    a11 = f64x2.relaxed_madd(a11, m, c);
  }
  const s = f64x2.add(
    f64x2.add(
      f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3)),
      f64x2.add(f64x2.add(a4, a5), f64x2.add(a6, a7)),
    ),
    f64x2.add(f64x2.add(a8, a9), f64x2.add(a10, a11)),
  );
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}
