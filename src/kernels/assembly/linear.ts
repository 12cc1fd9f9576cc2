// linearRows: the fused full-batch pass of linear and logistic regression (AssemblyScript), four rows per pass over w.

import { expv, lanes, log1pv, madd, pairSums } from './vector-math';

/** Squared error: r = z − y, loss r². */
export const LOSS_SQUARED: i32 = 0;
/** Binary cross-entropy from the logit: r = σ(z) − y, loss softplus(z) − y·z (finite for every finite z). */
export const LOSS_LOGISTIC: i32 = 1;

/**
 * Rows ahead of the current four whose memory the gradient pass touches, a 64-byte line per step: the loads are
 * in flight while the arithmetic runs, which the hardware prefetcher alone did not achieve (measured 1.73 → 1.44×
 * the time of a plain read of the same bytes, on one thread).
 */
export const AHEAD: usize = 16;

/** The loss of each of two rows, beside the residuals `residuals` returns. */
let pairLoss: v128 = f64x2.splat(0);

/** The residuals of two rows' logits or predictions z against their targets y; their losses go to `pairLoss`. */
function residuals(z: v128, y: v128, loss: i32): v128 {
  if (loss === LOSS_LOGISTIC) {
    // e = exp(−|z|) ≤ 1: softplus(z) = max(z, 0) + log1p(e), and σ(z) is 1/(1 + e) or e/(1 + e) by z's sign.
    const e = expv(f64x2.neg(f64x2.abs(z)));
    const zero = f64x2.splat(0);
    pairLoss = f64x2.sub(f64x2.add(f64x2.max(z, zero), log1pv(e)), f64x2.mul(y, z));
    const numerator = v128.bitselect(f64x2.splat(1), e, f64x2.ge(z, zero));
    return f64x2.sub(f64x2.div(numerator, f64x2.add(f64x2.splat(1), e)), y);
  }
  const r = f64x2.sub(z, y);
  pairLoss = f64x2.mul(r, r);
  return r;
}

/**
 * Adds `rows` rows starting at x (row-major, `stride` float64 a row, an even number, padded with zeros) and
 * their targets at y into the slot g = [Σ r_i x_i (stride) | Σ r_i | Σ loss_i | 16 bytes the touched lines' bits go
 * to, so that those loads are kept], with w at p (padded alike) and
 * b at p + 8·stride, z_i = x_i·w + b. Four rows share each pass over w and over the slot, each with two
 * accumulators (eight independent sums hide the adds' latency), and each row is read a second time for its
 * share of the gradient while it is still in L1, so x streams from memory once.
 */
export function linearRows(x: usize, y: usize, rows: i32, stride: i32, p: usize, g: usize, loss: i32): void {
  const rowBytes = <usize>stride * 8;
  const pairs = rowBytes & ~(<usize>31);
  const b = f64x2.splat(load<f64>(p + rowBytes));
  let sumR = f64x2.splat(0);
  let total = f64x2.splat(0);
  let touched = f64x2.splat(0);
  const last = x + <usize>rows * rowBytes - 16;
  let i: i32 = 0;
  for (; i + 4 <= rows; i += 4) {
    const x0 = x + <usize>i * rowBytes;
    const x1 = x0 + rowBytes;
    const x2 = x1 + rowBytes;
    const x3 = x2 + rowBytes;
    let a0 = f64x2.splat(0);
    let a1 = f64x2.splat(0);
    let a2 = f64x2.splat(0);
    let a3 = f64x2.splat(0);
    let c0 = f64x2.splat(0);
    let c1 = f64x2.splat(0);
    let c2 = f64x2.splat(0);
    let c3 = f64x2.splat(0);
    let j: usize = 0;
    for (; j < pairs; j += 32) {
      const w = v128.load(p + j);
      const v = v128.load(p + j, 16);
      a0 = madd(v128.load(x0 + j), w, a0);
      a1 = madd(v128.load(x1 + j), w, a1);
      a2 = madd(v128.load(x2 + j), w, a2);
      a3 = madd(v128.load(x3 + j), w, a3);
      c0 = madd(v128.load(x0 + j, 16), v, c0);
      c1 = madd(v128.load(x1 + j, 16), v, c1);
      c2 = madd(v128.load(x2 + j, 16), v, c2);
      c3 = madd(v128.load(x3 + j, 16), v, c3);
    }
    if (j < rowBytes) {
      const w = v128.load(p + j);
      a0 = madd(v128.load(x0 + j), w, a0);
      a1 = madd(v128.load(x1 + j), w, a1);
      a2 = madd(v128.load(x2 + j), w, a2);
      a3 = madd(v128.load(x3 + j), w, a3);
    }
    const at = y + <usize>i * 8;
    const r01 = residuals(f64x2.add(pairSums(f64x2.add(a0, c0), f64x2.add(a1, c1)), b), v128.load(at), loss);
    total = f64x2.add(total, pairLoss);
    const r23 = residuals(
      f64x2.add(pairSums(f64x2.add(a2, c2), f64x2.add(a3, c3)), b),
      v128.load(at, 16),
      loss,
    );
    total = f64x2.add(total, pairLoss);
    sumR = f64x2.add(sumR, f64x2.add(r01, r23));
    const s0 = f64x2.shuffle(r01, r01, 0, 0);
    const s1 = f64x2.shuffle(r01, r01, 1, 1);
    const s2 = f64x2.shuffle(r23, r23, 0, 0);
    const s3 = f64x2.shuffle(r23, r23, 1, 1);
    const ahead = x0 + AHEAD * rowBytes;
    for (let k: usize = 0; k < rowBytes; k += 16) {
      const to = g + k;
      const next = ahead + k * 4;
      touched = v128.or(touched, v128.load(next < last ? next : last));
      const row01 = madd(v128.load(x1 + k), s1, madd(v128.load(x0 + k), s0, v128.load(to)));
      v128.store(to, madd(v128.load(x3 + k), s3, madd(v128.load(x2 + k), s2, row01)));
    }
  }
  for (; i < rows; i++) {
    const x0 = x + <usize>i * rowBytes;
    let a0 = f64x2.splat(0);
    for (let j: usize = 0; j < rowBytes; j += 16) a0 = madd(v128.load(x0 + j), v128.load(p + j), a0);
    const r = residuals(f64x2.add(f64x2.splat(lanes(a0)), b), f64x2.splat(load<f64>(y + <usize>i * 8)), loss);
    // Both lanes hold this row: count one.
    total = f64x2.replace_lane(total, 0, f64x2.extract_lane(total, 0) + f64x2.extract_lane(pairLoss, 0));
    sumR = f64x2.replace_lane(sumR, 0, f64x2.extract_lane(sumR, 0) + f64x2.extract_lane(r, 0));
    for (let k: usize = 0; k < rowBytes; k += 16) {
      const to = g + k;
      v128.store(to, madd(v128.load(x0 + k), r, v128.load(to)));
    }
  }
  store<f64>(g + rowBytes, load<f64>(g + rowBytes) + lanes(sumR));
  store<f64>(g + rowBytes, load<f64>(g + rowBytes, 8) + lanes(total), 8);
  v128.store(g + rowBytes, touched, 16);
}
