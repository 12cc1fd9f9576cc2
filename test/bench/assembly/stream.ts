// The bandwidth probe (AssemblyScript): STREAM's read-only sum over a buffer, four two-lane sums, 64 bytes a step.

/** Σ of the float64 values in [start, end) (a multiple of 64 bytes long), read once in order. */
export function sum(start: usize, end: usize): f64 {
  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  let s2 = f64x2.splat(0);
  let s3 = f64x2.splat(0);
  for (let p = start; p < end; p += 64) {
    s0 = f64x2.add(s0, v128.load(p));
    s1 = f64x2.add(s1, v128.load(p, 16));
    s2 = f64x2.add(s2, v128.load(p, 32));
    s3 = f64x2.add(s3, v128.load(p, 48));
  }
  const s = f64x2.add(f64x2.add(s0, s1), f64x2.add(s2, s3));
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}
