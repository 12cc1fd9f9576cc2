// softmaxRows: the fused full-batch pass of softmax regression's cross-entropy and gradient (AssemblyScript), one read of each row.

import { AHEAD } from './linear';
import { expv, lanes, logv, madd, pairSums } from './vector-math';

/**
 * Adds `rows` rows starting at x (row-major, `stride` float64 a row, an even number, padded with zeros) with
 * class indices at y into the slot g = [k rows of Σ r_c x (stride each) | Σ r_c (k) | Σ loss], where W is k rows
 * of `stride` at p, b the k values after them, z = W·x + b, r_c = softmax(z)_c − [c = y] and the loss
 * log Σ exp z − z_y (from the largest logit, so no exp overflows). `z` points at 32·k bytes of scratch
 * (four rows' logits a class; the touched lines' bits go there at the end, so that those loads are kept). Four rows go together: each class's weights are read once for the four dot products (eight
 * independent sums), the exps and logs run on two rows at a time, and the four rows' shares of the gradient
 * are added in one pass over each class's slot while the rows are in L1, so x streams from memory once.
 */
export function softmaxRows(
  x: usize,
  y: usize,
  rows: i32,
  stride: i32,
  k: i32,
  p: usize,
  g: usize,
  z: usize,
): void {
  const rowBytes = <usize>stride * 8;
  const pairs = rowBytes & ~(<usize>31);
  const weights = <usize>k * rowBytes;
  const biases = p + weights;
  const biasGrad = g + weights;
  const lossAt = biasGrad + <usize>k * 8;
  let total = f64x2.splat(0);
  let touched = f64x2.splat(0);
  const last = x + <usize>rows * rowBytes - 16;
  let i: i32 = 0;
  for (; i + 4 <= rows; i += 4) {
    const x0 = x + <usize>i * rowBytes;
    const x1 = x0 + rowBytes;
    const x2 = x1 + rowBytes;
    const x3 = x2 + rowBytes;
    // Logits at z + 32c: rows 0 and 1 in one vector, rows 2 and 3 in the next.
    let top01 = f64x2.splat(-Infinity);
    let top23 = f64x2.splat(-Infinity);
    for (let c: i32 = 0; c < k; c++) {
      const wc = p + <usize>c * rowBytes;
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
        const w = v128.load(wc + j);
        const v = v128.load(wc + j, 16);
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
        const w = v128.load(wc + j);
        a0 = madd(v128.load(x0 + j), w, a0);
        a1 = madd(v128.load(x1 + j), w, a1);
        a2 = madd(v128.load(x2 + j), w, a2);
        a3 = madd(v128.load(x3 + j), w, a3);
      }
      const bc = f64x2.splat(load<f64>(biases + <usize>c * 8));
      const z01 = f64x2.add(pairSums(f64x2.add(a0, c0), f64x2.add(a1, c1)), bc);
      const z23 = f64x2.add(pairSums(f64x2.add(a2, c2), f64x2.add(a3, c3)), bc);
      v128.store(z + <usize>c * 32, z01);
      v128.store(z + <usize>c * 32, z23, 16);
      top01 = f64x2.max(top01, z01);
      top23 = f64x2.max(top23, z23);
    }
    const y01 = v128.load(y + <usize>i * 8);
    const y23 = v128.load(y + <usize>i * 8, 16);
    let sum01 = f64x2.splat(0);
    let sum23 = f64x2.splat(0);
    let zy01 = f64x2.splat(0);
    let zy23 = f64x2.splat(0);
    for (let c: i32 = 0; c < k; c++) {
      const at = z + <usize>c * 32;
      const z01 = v128.load(at);
      const z23 = v128.load(at, 16);
      const label = f64x2.splat(<f64>c);
      zy01 = v128.bitselect(z01, zy01, f64x2.eq(y01, label));
      zy23 = v128.bitselect(z23, zy23, f64x2.eq(y23, label));
      const e01 = expv(f64x2.sub(z01, top01));
      const e23 = expv(f64x2.sub(z23, top23));
      v128.store(at, e01);
      v128.store(at, e23, 16);
      sum01 = f64x2.add(sum01, e01);
      sum23 = f64x2.add(sum23, e23);
    }
    total = f64x2.add(total, f64x2.sub(f64x2.add(logv(sum01), top01), zy01));
    total = f64x2.add(total, f64x2.sub(f64x2.add(logv(sum23), top23), zy23));
    // As in linearRows: the lines AHEAD rows on are touched while this block's gradient is added.
    const ahead = x0 + AHEAD * rowBytes;
    const inv01 = f64x2.div(f64x2.splat(1), sum01);
    const inv23 = f64x2.div(f64x2.splat(1), sum23);
    for (let c: i32 = 0; c < k; c++) {
      const at = z + <usize>c * 32;
      const label = f64x2.splat(<f64>c);
      const one = f64x2.splat(1);
      const r01 = f64x2.sub(f64x2.mul(v128.load(at), inv01), v128.and(f64x2.eq(y01, label), one));
      const r23 = f64x2.sub(f64x2.mul(v128.load(at, 16), inv23), v128.and(f64x2.eq(y23, label), one));
      const bAt = biasGrad + <usize>c * 8;
      store<f64>(bAt, load<f64>(bAt) + lanes(f64x2.add(r01, r23)));
      const s0 = f64x2.shuffle(r01, r01, 0, 0);
      const s1 = f64x2.shuffle(r01, r01, 1, 1);
      const s2 = f64x2.shuffle(r23, r23, 0, 0);
      const s3 = f64x2.shuffle(r23, r23, 1, 1);
      const gc = g + <usize>c * rowBytes;
      for (let j: usize = 0; j < rowBytes; j += 16) {
        const to = gc + j;
        const next = ahead + j * 4;
        touched = v128.or(touched, v128.load(next < last ? next : last));
        const row01 = madd(v128.load(x1 + j), s1, madd(v128.load(x0 + j), s0, v128.load(to)));
        v128.store(to, madd(v128.load(x3 + j), s3, madd(v128.load(x2 + j), s2, row01)));
      }
    }
  }
  for (; i < rows; i++) {
    const row = x + <usize>i * rowBytes;
    const label = <i32>load<f64>(y + <usize>i * 8);
    let top = -Infinity;
    let zy: f64 = 0;
    for (let c: i32 = 0; c < k; c++) {
      const w = p + <usize>c * rowBytes;
      let d = f64x2.splat(0);
      for (let j: usize = 0; j < rowBytes; j += 16) d = madd(v128.load(row + j), v128.load(w + j), d);
      const zc = lanes(d) + load<f64>(biases + <usize>c * 8);
      store<f64>(z + <usize>c * 8, zc);
      if (zc > top) top = zc;
      if (c === label) zy = zc;
    }
    let sum: f64 = 0;
    for (let c: i32 = 0; c < k; c++) {
      const e = f64x2.extract_lane(expv(f64x2.splat(load<f64>(z + <usize>c * 8) - top)), 0);
      store<f64>(z + <usize>c * 8, e);
      sum += e;
    }
    const loss = f64x2.extract_lane(logv(f64x2.splat(sum)), 0) + top - zy;
    total = f64x2.replace_lane(total, 0, f64x2.extract_lane(total, 0) + loss);
    const inv = 1 / sum;
    for (let c: i32 = 0; c < k; c++) {
      const r = load<f64>(z + <usize>c * 8) * inv - (c === label ? 1 : 0);
      const at = biasGrad + <usize>c * 8;
      store<f64>(at, load<f64>(at) + r);
      const s = f64x2.splat(r);
      const gc = g + <usize>c * rowBytes;
      for (let j: usize = 0; j < rowBytes; j += 16) {
        const to = gc + j;
        v128.store(to, madd(v128.load(row + j), s, v128.load(to)));
      }
    }
  }
  store<f64>(lossAt, load<f64>(lossAt) + lanes(total));
  v128.store(z, touched);
}
