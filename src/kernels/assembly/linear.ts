// linearRows: the fused full-batch pass of linear and logistic regression (AssemblyScript), two rows per pass over w.

/** Squared error: r = z − y, loss r². */
export const LOSS_SQUARED: i32 = 0;
/** Binary cross-entropy from the logit: r = σ(z) − y, loss softplus(z) − y·z (finite for every finite z). */
export const LOSS_LOGISTIC: i32 = 1;

/** r for the logit or prediction z against y; the row's loss goes to `rowLoss`. */
let rowLoss: f64 = 0;
function residual(z: f64, y: f64, loss: i32): f64 {
  if (loss === LOSS_LOGISTIC) {
    // e = exp(−|z|) ≤ 1: softplus(z) = max(z, 0) + log1p(e), and σ(z) is 1/(1 + e) or e/(1 + e) by z's sign.
    const e = Math.exp(-Math.abs(z));
    rowLoss = max(z, 0) + Math.log1p(e) - y * z;
    return (z >= 0 ? 1 : e) / (1 + e) - y;
  }
  const r = z - y;
  rowLoss = r * r;
  return r;
}

/** The sum of a vector's two lanes. */
function lanes(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/**
 * Adds `rows` rows starting at x (row-major, `stride` float64 a row, an even number, padded with zeros) and
 * their targets at y into the slot g = [Σ r_i x_i (stride) | Σ r_i | Σ loss_i], with w at p (padded alike) and
 * b at p + 8·stride, z_i = x_i·w + b. Two rows share each pass over w and over the slot, and each row is read
 * a second time for its share of the gradient while it is still in L1, so x streams from memory once.
 */
export function linearRows(x: usize, y: usize, rows: i32, stride: i32, p: usize, g: usize, loss: i32): void {
  const rowBytes = <usize>stride * 8;
  const b = load<f64>(p + rowBytes);
  let sumR = load<f64>(g + rowBytes);
  let total = load<f64>(g + rowBytes, 8);
  let i: i32 = 0;
  for (; i + 2 <= rows; i += 2) {
    const x0 = x + <usize>i * rowBytes;
    const x1 = x0 + rowBytes;
    let d0 = f64x2.splat(0);
    let d1 = f64x2.splat(0);
    for (let j: usize = 0; j < rowBytes; j += 16) {
      const w = v128.load(p + j);
      d0 = f64x2.add(d0, f64x2.mul(v128.load(x0 + j), w));
      d1 = f64x2.add(d1, f64x2.mul(v128.load(x1 + j), w));
    }
    const r0 = residual(lanes(d0) + b, load<f64>(y + <usize>i * 8), loss);
    total += rowLoss;
    const r1 = residual(lanes(d1) + b, load<f64>(y + <usize>i * 8, 8), loss);
    total += rowLoss;
    sumR += r0 + r1;
    const s0 = f64x2.splat(r0);
    const s1 = f64x2.splat(r1);
    for (let j: usize = 0; j < rowBytes; j += 16) {
      const at = g + j;
      const sum = f64x2.add(f64x2.mul(v128.load(x0 + j), s0), f64x2.mul(v128.load(x1 + j), s1));
      v128.store(at, f64x2.add(v128.load(at), sum));
    }
  }
  if (i < rows) {
    const x0 = x + <usize>i * rowBytes;
    let d0 = f64x2.splat(0);
    for (let j: usize = 0; j < rowBytes; j += 16)
      d0 = f64x2.add(d0, f64x2.mul(v128.load(x0 + j), v128.load(p + j)));
    const r0 = residual(lanes(d0) + b, load<f64>(y + <usize>i * 8), loss);
    total += rowLoss;
    sumR += r0;
    const s0 = f64x2.splat(r0);
    for (let j: usize = 0; j < rowBytes; j += 16) {
      const at = g + j;
      v128.store(at, f64x2.add(v128.load(at), f64x2.mul(v128.load(x0 + j), s0)));
    }
  }
  store<f64>(g + rowBytes, sumR);
  store<f64>(g + rowBytes, total, 8);
}
