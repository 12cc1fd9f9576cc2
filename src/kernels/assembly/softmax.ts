// softmaxRows: the fused full-batch pass of softmax regression's cross-entropy and gradient (AssemblyScript), on tiled rows read once from memory.

import { BLOCK_BYTES, BLOCK_ROWS, rowsBelow, TILE_ROWS } from './linear';
import { expNegv, laneSelect, lanes, log1pv, madd, pairSums } from './vector-math';

/**
 * Adds `rows` rows (any number) of tiled x (see TILE_ROWS in linear.ts) starting at tile address x, with class
 * indices at y, into the slot g = [k − 1 rows of Σ r_c x (stride each, see below) | Σ r_c (k − 1) | Σ loss], where the
 * params at p are [V (k − 1 rows of `stride`) | b (k)] with V_c = W_c − W_{k−1}, z = W·x + b, r_c = softmax(z)_c −
 * [c = y] and the loss log Σ exp z − z_y (from the largest logit, so no exp overflows). Softmax and the loss are
 * unchanged when every logit of a row moves by the same amount, here by −W_{k−1}·x: the logits are V_c·x + b_c
 * and b_{k−1}, one dot product a row fewer. `z` points at 8·k·BLOCK_ROWS bytes of scratch. V's rows go two
 * classes at a time, interleaved by column pairs ([pair 0 of class c | pair 0 of class c + 1 | pair 1 of class c
 * | …], 2·stride float64 for the two), an odd last one a row of its own; the slot's rows of sums are laid out the
 * same way (softmax-wasm-memory.ts writes and reads both). The last class's gradient is minus the others' sum
 * (Σ_c r_c = 0 for every row), which the caller takes.
 *
 * Block by block of tiles, as in linearRows: each tile's logits, two classes a pass over it (eight sums in
 * registers, then one class for an odd k − 1), then the block's exps and residuals two rows at a time, then each
 * tile's share of the gradients, two classes a pass, while the block is still in L1: x streams from memory once.
 * No loads run ahead of the block (the hardware prefetcher keeps up with one stream a thread here: touches of the
 * next block from four streams, which paid on a latency-bound machine, took 1.27× the time a row from memory).
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
  const tileBytes = rowBytes * <usize>TILE_ROWS;
  const biases = p + <usize>(k - 1) * rowBytes;
  const biasGrad = g + <usize>(k - 1) * rowBytes;
  const lossAt = biasGrad + <usize>(k - 1) * 8;
  // A tile's logits or residuals: 32 bytes a class, [rows 0 and 1 | rows 2 and 3].
  const tileScratch = <usize>k * 32;
  let blockTiles = <i32>(BLOCK_BYTES / tileBytes);
  if (blockTiles < 1) blockTiles = 1;
  if (blockTiles > BLOCK_ROWS / TILE_ROWS) blockTiles = BLOCK_ROWS / TILE_ROWS;
  const blockRows = blockTiles * TILE_ROWS;
  const one = f64x2.splat(1);
  let total = f64x2.splat(0);
  for (let start: i32 = 0; start < rows; start += blockRows) {
    const count = min(blockRows, rows - start);
    const first = x + (<usize>start >> 2) * tileBytes;
    const end = first + <usize>((count + TILE_ROWS - 1) / TILE_ROWS) * tileBytes;
    let at = z;
    const lastBias = v128.load64_splat(biases + <usize>(k - 1) * 8);
    for (let t = first; t < end; t += tileBytes) {
      let c: i32 = 0;
      for (; c + 2 <= k - 1; c += 2, at += 64) {
        tileDot2(t, p + <usize>c * rowBytes, biases + <usize>c * 8, at, tileBytes);
      }
      if (c < k - 1) {
        tileDot1(t, p + <usize>c * rowBytes, biases + <usize>c * 8, at, tileBytes);
        at += 32;
      }
      v128.store(at, lastBias);
      v128.store(at, lastBias, 16);
      at += 32;
    }
    // Two rows at a time: the pair's logits are 32 bytes apart, one class after the other. With e_c = exp(z_c −
    // top) and o = Σ_{c≠y} e_c, a row's loss is log(1 + t) + top − z_y, t = Σ e − 1, and r_y = −o / Σ e: o is t
    // without cancellation where y is a top (1 + e^−40 rounds to 1, o does not), so a row classified by a wide
    // margin keeps its loss and gradient. The block's rows share one log: s ← s + t + s·t keeps s = Π(1 + t) − 1
    // (Σ e ≤ k, so at most k^16 a lane), whose log1p is their sum.
    let s = f64x2.splat(0);
    for (let i: i32 = 0; i < count; i += 2) {
      const base = z + <usize>(i >> 2) * tileScratch + ((<usize>(i & 2)) << 3);
      const keep = rowsBelow(i, count);
      const labels = v128.load(y + <usize>(start + i) * 8);
      // pmax is one instruction where max (which orders −0 and NaN) takes eight; a NaN logit still reaches the
      // results, through its exp (expNegv keeps NaN).
      let top = v128.load(base);
      for (let c: i32 = 1; c < k; c++) top = f64x2.pmax(top, v128.load(base + <usize>c * 32));
      let sum = f64x2.splat(0);
      let others = f64x2.splat(0);
      let zy = f64x2.splat(0);
      let label = f64x2.splat(0);
      for (let c: i32 = 0; c < k; c++, label = f64x2.add(label, one)) {
        const to = base + <usize>c * 32;
        const zc = v128.load(to);
        const hit = f64x2.eq(labels, label);
        zy = laneSelect(zc, zy, hit);
        // Inlined: Binaryen leaves a function this long a call, around which V8 spilled the loop's vectors.
        const e = inline.always(expNegv(f64x2.sub(zc, top)));
        v128.store(to, e);
        sum = f64x2.add(sum, e);
        others = f64x2.add(others, laneSelect(f64x2.splat(0), e, hit));
      }
      const t = v128.and(laneSelect(others, f64x2.sub(sum, one), f64x2.eq(zy, top)), keep);
      s = f64x2.add(s, madd(s, t, t));
      total = f64x2.add(total, v128.and(f64x2.sub(top, zy), keep));
      const inv = f64x2.div(one, sum);
      const minus = f64x2.neg(others);
      label = f64x2.splat(0);
      for (let c: i32 = 0; c < k - 1; c++, label = f64x2.add(label, one)) {
        const to = base + <usize>c * 32;
        const e = laneSelect(minus, v128.load(to), f64x2.eq(labels, label));
        v128.store(to, v128.and(f64x2.mul(e, inv), keep));
      }
    }
    total = f64x2.add(total, log1pv(s));
    // The pair past the last of a partial tile: its scratch is left from the block before, so clear it.
    if ((count & 3) !== 0 && (count & 3) <= 2) {
      const base = z + <usize>(count >> 2) * tileScratch + 16;
      for (let c: i32 = 0; c < k; c++) v128.store(base + <usize>c * 32, f64x2.splat(0));
    }
    // The last class's share is left out (see above): one pass of k is saved.
    at = z;
    for (let t = first; t < end; t += tileBytes, at += tileScratch) {
      let c: i32 = 0;
      for (; c + 2 <= k - 1; c += 2) {
        const r = at + <usize>c * 32;
        tileAxpy2(t, r, g + <usize>c * rowBytes, biasGrad + <usize>c * 8, tileBytes);
      }
      if (c < k - 1) {
        const r = at + <usize>c * 32;
        tileAxpy1(t, r, g + <usize>c * rowBytes, biasGrad + <usize>c * 8, tileBytes);
      }
    }
  }
  store<f64>(lossAt, load<f64>(lossAt) + lanes(total));
}

/**
 * The logits of tile t for two classes, their weights at w interleaved by column pairs ([pair 0 of class 0 |
 * pair 0 of class 1 | pair 1 …], see softmaxRows), biases at b, stored as [class 0: rows 0–1 | rows 2–3 | class
 * 1: …] at `to`: each column pair of the tile is loaded once for both, into eight sums of one fused multiply-add a
 * step (eight chains keep both multiply-add ports busy; twelve, for three classes, did not fit V8's fifteen
 * vector registers and were spilled every step, and so did two column pairs a step, whose loads V8 schedules
 * first). Every load is one pointer and a constant.
 */
function tileDot2(t: usize, w: usize, b: usize, to: usize, tileBytes: usize): void {
  let a0 = f64x2.splat(0);
  let a1 = f64x2.splat(0);
  let a2 = f64x2.splat(0);
  let a3 = f64x2.splat(0);
  let b0 = f64x2.splat(0);
  let b1 = f64x2.splat(0);
  let b2 = f64x2.splat(0);
  let b3 = f64x2.splat(0);
  const end = t + tileBytes;
  for (let q = t; q < end; q += 64, w += 32) {
    const wa = v128.load(w);
    const wb = v128.load(w, 16);
    const x0 = v128.load(q);
    a0 = madd(x0, wa, a0);
    b0 = madd(x0, wb, b0);
    const x1 = v128.load(q, 16);
    a1 = madd(x1, wa, a1);
    b1 = madd(x1, wb, b1);
    const x2 = v128.load(q, 32);
    a2 = madd(x2, wa, a2);
    b2 = madd(x2, wb, b2);
    const x3 = v128.load(q, 48);
    a3 = madd(x3, wa, a3);
    b3 = madd(x3, wb, b3);
  }
  const ba = v128.load64_splat(b);
  const bb = v128.load64_splat(b, 8);
  v128.store(to, f64x2.add(pairSums(a0, a1), ba));
  v128.store(to, f64x2.add(pairSums(a2, a3), ba), 16);
  v128.store(to, f64x2.add(pairSums(b0, b1), bb), 32);
  v128.store(to, f64x2.add(pairSums(b2, b3), bb), 48);
}

/**
 * tileDot2 for one class, [rows 0–1 | rows 2–3] at `to`: eight sums again, the even and the odd column pairs
 * apart, so that no chain waits on its own multiply-add.
 */
function tileDot1(t: usize, w: usize, b: usize, to: usize, tileBytes: usize): void {
  let a0 = f64x2.splat(0);
  let a1 = f64x2.splat(0);
  let a2 = f64x2.splat(0);
  let a3 = f64x2.splat(0);
  let b0 = f64x2.splat(0);
  let b1 = f64x2.splat(0);
  let b2 = f64x2.splat(0);
  let b3 = f64x2.splat(0);
  const end = t + tileBytes;
  const pairsEnd = t + (tileBytes & ~(<usize>127));
  let q = t;
  for (; q < pairsEnd; q += 128, w += 32) {
    const w0 = v128.load(w);
    const w1 = v128.load(w, 16);
    a0 = madd(v128.load(q), w0, a0);
    a1 = madd(v128.load(q, 16), w0, a1);
    a2 = madd(v128.load(q, 32), w0, a2);
    a3 = madd(v128.load(q, 48), w0, a3);
    b0 = madd(v128.load(q, 64), w1, b0);
    b1 = madd(v128.load(q, 80), w1, b1);
    b2 = madd(v128.load(q, 96), w1, b2);
    b3 = madd(v128.load(q, 112), w1, b3);
  }
  if (q < end) {
    const w0 = v128.load(w);
    a0 = madd(v128.load(q), w0, a0);
    a1 = madd(v128.load(q, 16), w0, a1);
    a2 = madd(v128.load(q, 32), w0, a2);
    a3 = madd(v128.load(q, 48), w0, a3);
  }
  const bias = v128.load64_splat(b);
  v128.store(to, f64x2.add(pairSums(f64x2.add(a0, b0), f64x2.add(a1, b1)), bias));
  v128.store(to, f64x2.add(pairSums(f64x2.add(a2, b2), f64x2.add(a3, b3)), bias), 16);
}

/**
 * g_c += Σ_i r_ci · (row i of tile t) and the two sums of r_ci at bias += for two classes c at once, the residuals
 * at r ([class 0: rows 0–1 | rows 2–3 | class 1: …]) and the sums at g interleaved by column pairs as tileDot2's
 * weights: each column pair of the tile is loaded once for both.
 */
function tileAxpy2(t: usize, r: usize, g: usize, bias: usize, tileBytes: usize): void {
  const ra01 = v128.load(r);
  const ra23 = v128.load(r, 16);
  const rb01 = v128.load(r, 32);
  const rb23 = v128.load(r, 48);
  v128.store(bias, f64x2.add(v128.load(bias), pairSums(f64x2.add(ra01, ra23), f64x2.add(rb01, rb23))));
  const a0 = f64x2.shuffle(ra01, ra01, 0, 0);
  const a1 = f64x2.shuffle(ra01, ra01, 1, 1);
  const a2 = f64x2.shuffle(ra23, ra23, 0, 0);
  const a3 = f64x2.shuffle(ra23, ra23, 1, 1);
  const b0 = f64x2.shuffle(rb01, rb01, 0, 0);
  const b1 = f64x2.shuffle(rb01, rb01, 1, 1);
  const b2 = f64x2.shuffle(rb23, rb23, 0, 0);
  const b3 = f64x2.shuffle(rb23, rb23, 1, 1);
  const end = t + tileBytes;
  for (let q = t; q < end; q += 64, g += 32) {
    const x0 = v128.load(q);
    const x1 = v128.load(q, 16);
    const x2 = v128.load(q, 32);
    const x3 = v128.load(q, 48);
    v128.store(g, madd(x3, a3, madd(x2, a2, madd(x1, a1, madd(x0, a0, v128.load(g))))));
    v128.store(g, madd(x3, b3, madd(x2, b2, madd(x1, b1, madd(x0, b0, v128.load(g, 16))))), 16);
  }
}

/** tileAxpy2 for one class, its residuals at r ([rows 0–1 | rows 2–3]) and its sums at g and bias. */
function tileAxpy1(t: usize, r: usize, g: usize, bias: usize, tileBytes: usize): void {
  const r01 = v128.load(r);
  const r23 = v128.load(r, 16);
  store<f64>(bias, load<f64>(bias) + lanes(f64x2.add(r01, r23)));
  const s0 = f64x2.shuffle(r01, r01, 0, 0);
  const s1 = f64x2.shuffle(r01, r01, 1, 1);
  const s2 = f64x2.shuffle(r23, r23, 0, 0);
  const s3 = f64x2.shuffle(r23, r23, 1, 1);
  const end = t + tileBytes;
  for (let q = t; q < end; q += 64, g += 16) {
    const row01 = madd(v128.load(q, 16), s1, madd(v128.load(q), s0, v128.load(g)));
    v128.store(g, madd(v128.load(q, 48), s3, madd(v128.load(q, 32), s2, row01)));
  }
}
