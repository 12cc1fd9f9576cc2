// softmaxRows: the fused full-batch pass of softmax regression's cross-entropy and gradient (AssemblyScript), on tiled rows read once from memory.

import { rowsBelow, TILE_ROWS } from './linear';
import { expNegPairs, laneSelect, lanes, log1pv, madd, pairSums } from './vector-math';

/**
 * Bytes of tiles in a block: its logits are taken before its gradient, which reads the block again from L2 (well
 * inside Zen 3's 512 KB). Longer blocks pay for the gradient's sums loaded and stored once a block, and for the
 * loops' set-up, over more rows. Measured on a Zen 4, 1,000,000 × 100, 3 classes, one process a run, alternating
 * with 48 KB blocks of 64 rows: 192 KB blocks (of up to 256 rows) took 0.95× their time on one thread (medians of
 * five runs' medians, 58.9 against 61.8 ns a row) and 0.99× on two (36.2 against 36.7, of seven). 384 and 768 KB
 * blocks gained no more: 0.95× and 0.97× on one thread, as 192 KB's 0.95–0.96×, each timed in one process against
 * the 48 KB build. Earlier, on one thread, 16 KB blocks took 70.0 ns a row and 48 KB 64.9.
 */
const BLOCK_BYTES: usize = 196608;
/**
 * At most this many rows a block, the rows of its scratch (SOFTMAX_BLOCK_ROWS in softmax-wasm-memory.ts, which a
 * test checks against this export).
 */
export const BLOCK_ROWS: i32 = 256;

/**
 * Adds `rows` rows (any number) of tiled x (see TILE_ROWS in linear.ts) starting at tile address x, with class
 * indices at y, into the slot g = [k − 1 rows of Σ r_c x (stride each, see below) | Σ r_c (k − 1) | Σ loss | rows
 * classified right (the first index of the largest logit is y, as the trainers' accuracy counts)], where the
 * params at p are [V (k − 1 rows of `stride`) | b (k)] with V_c = W_c − W_{k−1}, z = W·x + b, r_c = softmax(z)_c −
 * [c = y] and the loss log Σ exp z − z_y (from the largest logit, so no exp overflows). Softmax and the loss are
 * unchanged when every logit of a row moves by the same amount, here by −W_{k−1}·x: the logits are V_c·x + b_c
 * and b_{k−1}, one dot product a row fewer. `z` points at 8·(k + 1)·BLOCK_ROWS bytes of scratch. V's rows go two
 * classes at a time, interleaved by column pairs ([pair 0 of class c | pair 0 of class c + 1 | pair 1 of class c
 * | …], 2·stride float64 for the two), an odd last one a row of its own; the slot's rows of sums are laid out the
 * same way (softmax-wasm-memory.ts writes and reads both). The last class's gradient is minus the others' sum
 * (Σ_c r_c = 0 for every row), which the caller takes.
 *
 * Block by block of tiles: each tile's logits, two classes a pass over it (eight sums in
 * registers, then one class for an odd k − 1), then the block's exps and residuals, then the block's share of the
 * gradients, two classes a pass (blockAxpy2), while the block is still in the caches: x streams from memory once.
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
  const rightAt = lossAt + 8;
  // A tile's logits or residuals: 32 bytes a class, [rows 0 and 1 | rows 2 and 3].
  const tileScratch = <usize>k * 32;
  let blockTiles = <i32>(BLOCK_BYTES / tileBytes);
  if (blockTiles < 1) blockTiles = 1;
  if (blockTiles > BLOCK_ROWS / TILE_ROWS) blockTiles = BLOCK_ROWS / TILE_ROWS;
  const blockRows = blockTiles * TILE_ROWS;
  const one = f64x2.splat(1);
  let total = f64x2.splat(0);
  let right = f64x2.splat(0);
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
    // Three passes, each with few vectors live (one pass did all three, and V8 spilled its sums around the
    // inlined exp): each pair's logits shifted by their largest, the exps of all the block's logits in one loop,
    // then each pair's sums, loss and residuals.
    const tiles = (count + TILE_ROWS - 1) / TILE_ROWS;
    const shifts = z + <usize>k * 8 * <usize>BLOCK_ROWS;
    for (let i: i32 = 0; i < count; i += 2) {
      const base = z + <usize>(i >> 2) * tileScratch + ((<usize>(i & 2)) << 3);
      const labels = v128.load(y + <usize>(start + i) * 8);
      // pmax is one instruction where max (which orders −0 and NaN) takes eight; a NaN logit still reaches the
      // results, through its exp (expNegPairs keeps NaN).
      // The class of the largest logit, the first of equals: pmax takes a later logit only where it is larger
      // (never a NaN), so `arg` moves exactly when `top` does.
      let top = v128.load(base);
      let arg = f64x2.splat(0);
      let next = one;
      for (let c: i32 = 1; c < k; c++, next = f64x2.add(next, one)) {
        const zc = v128.load(base + <usize>c * 32);
        arg = laneSelect(next, arg, f64x2.lt(top, zc));
        top = f64x2.pmax(top, zc);
      }
      right = f64x2.add(right, v128.and(one, v128.and(f64x2.eq(arg, labels), rowsBelow(i, count))));
      let zy = f64x2.splat(0);
      let label = f64x2.splat(0);
      for (let c: i32 = 0; c < k; c++, label = f64x2.add(label, one)) {
        const to = base + <usize>c * 32;
        const zc = v128.load(to);
        zy = laneSelect(zc, zy, f64x2.eq(labels, label));
        v128.store(to, f64x2.sub(zc, top));
      }
      // z_y − top, kept for the last pass: 0 where y is a top. The loss's top − z_y is its negation, exactly.
      zy = f64x2.sub(zy, top);
      v128.store(shifts + ((<usize>i) << 3), zy);
      total = f64x2.sub(total, v128.and(zy, rowsBelow(i, count)));
    }
    expNegPairs(z, z + <usize>tiles * tileScratch);
    let s = f64x2.splat(0);
    for (let i: i32 = 0; i < count; i += 2) {
      const base = z + <usize>(i >> 2) * tileScratch + ((<usize>(i & 2)) << 3);
      const keep = rowsBelow(i, count);
      const labels = v128.load(y + <usize>(start + i) * 8);
      let sum = f64x2.splat(0);
      let others = f64x2.splat(0);
      let label = f64x2.splat(0);
      for (let c: i32 = 0; c < k; c++, label = f64x2.add(label, one)) {
        const e = v128.load(base + <usize>c * 32);
        sum = f64x2.add(sum, e);
        others = f64x2.add(others, laneSelect(f64x2.splat(0), e, f64x2.eq(labels, label)));
      }
      const zy = v128.load(shifts + ((<usize>i) << 3));
      const t = v128.and(laneSelect(others, f64x2.sub(sum, one), f64x2.eq(zy, f64x2.splat(0))), keep);
      s = f64x2.add(s, madd(s, t, t));
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
    // The pair past the last of a partial tile holds the exps of padding rows' logits, and the gradient passes add
    // all four rows of a tile into the bias sums: clear it.
    if ((count & 3) !== 0 && (count & 3) <= 2) {
      const base = z + <usize>(count >> 2) * tileScratch + 16;
      for (let c: i32 = 0; c < k; c++) v128.store(base + <usize>c * 32, f64x2.splat(0));
    }
    // The last class's share is left out (see above): one pass of k is saved.
    let c: i32 = 0;
    for (; c + 2 <= k - 1; c += 2) {
      blockAxpy2(
        first,
        tiles,
        tileBytes,
        z + <usize>c * 32,
        tileScratch,
        g + <usize>c * rowBytes,
        biasGrad + <usize>c * 8,
      );
    }
    if (c < k - 1) {
      blockAxpy1(
        first,
        tiles,
        tileBytes,
        z + <usize>c * 32,
        tileScratch,
        g + <usize>c * rowBytes,
        biasGrad + <usize>c * 8,
      );
    }
  }
  store<f64>(lossAt, load<f64>(lossAt) + lanes(total));
  store<f64>(rightAt, load<f64>(rightAt) + lanes(right));
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
 * g_c += Σ_i r_ci · x_i over the `tiles` tiles from x and the sums of r_ci at bias += for two classes c at once, the
 * residuals at r ([class 0: rows 0–1 | rows 2–3 | class 1: …], `rStep` bytes a tile) and the sums at g interleaved
 * by column pairs as tileDot2's weights. A register block, as in a matrix multiply: four column pairs of both
 * classes (eight sums, eight independent multiply-add chains) stay in registers over all the block's rows, each
 * row's four x loads serving eight multiply-adds beside two splatting loads of its residuals, and g is loaded and
 * stored once a block, where a pass a tile loaded and stored it at every tile. Five pairs (ten sums) did not fit V8's
 * registers (two sums spilled every row), nor did the four rows of a tile written out. The rest of the column pairs
 * one at a time, a sum for each row of a tile and class.
 */
function blockAxpy2(
  x: usize,
  tiles: i32,
  tileBytes: usize,
  r: usize,
  rStep: usize,
  g: usize,
  bias: usize,
): void {
  let sa = f64x2.splat(0);
  let sb = f64x2.splat(0);
  let s = r;
  for (let t: i32 = 0; t < tiles; t++, s += rStep) {
    sa = f64x2.add(sa, f64x2.add(v128.load(s), v128.load(s, 16)));
    sb = f64x2.add(sb, f64x2.add(v128.load(s, 32), v128.load(s, 48)));
  }
  v128.store(bias, f64x2.add(v128.load(bias), pairSums(sa, sb)));
  let j: usize = 0;
  for (; j + 256 <= tileBytes; j += 256, g += 128) {
    let a0 = v128.load(g);
    let b0 = v128.load(g, 16);
    let a1 = v128.load(g, 32);
    let b1 = v128.load(g, 48);
    let a2 = v128.load(g, 64);
    let b2 = v128.load(g, 80);
    let a3 = v128.load(g, 96);
    let b3 = v128.load(g, 112);
    let q = x + j;
    s = r;
    for (let t: i32 = 0; t < tiles; t++, q += tileBytes, s += rStep) {
      for (let o: usize = 0; o < 64; o += 16) {
        const p = q + o;
        const ra = v128.load64_splat(s + (o >> 1));
        const rb = v128.load64_splat(s + (o >> 1), 32);
        const v0 = v128.load(p);
        a0 = madd(v0, ra, a0);
        b0 = madd(v0, rb, b0);
        const v1 = v128.load(p, 64);
        a1 = madd(v1, ra, a1);
        b1 = madd(v1, rb, b1);
        const v2 = v128.load(p, 128);
        a2 = madd(v2, ra, a2);
        b2 = madd(v2, rb, b2);
        const v3 = v128.load(p, 192);
        a3 = madd(v3, ra, a3);
        b3 = madd(v3, rb, b3);
      }
    }
    v128.store(g, a0);
    v128.store(g, b0, 16);
    v128.store(g, a1, 32);
    v128.store(g, b1, 48);
    v128.store(g, a2, 64);
    v128.store(g, b2, 80);
    v128.store(g, a3, 96);
    v128.store(g, b3, 112);
  }
  for (; j < tileBytes; j += 64, g += 32) {
    // One column pair: a sum for each row of a tile and class, eight chains.
    let a0 = f64x2.splat(0);
    let a1 = f64x2.splat(0);
    let a2 = f64x2.splat(0);
    let a3 = f64x2.splat(0);
    let b0 = f64x2.splat(0);
    let b1 = f64x2.splat(0);
    let b2 = f64x2.splat(0);
    let b3 = f64x2.splat(0);
    let q = x + j;
    s = r;
    for (let t: i32 = 0; t < tiles; t++, q += tileBytes, s += rStep) {
      const x0 = v128.load(q);
      const x1 = v128.load(q, 16);
      const x2 = v128.load(q, 32);
      const x3 = v128.load(q, 48);
      a0 = madd(x0, v128.load64_splat(s), a0);
      a1 = madd(x1, v128.load64_splat(s, 8), a1);
      a2 = madd(x2, v128.load64_splat(s, 16), a2);
      a3 = madd(x3, v128.load64_splat(s, 24), a3);
      b0 = madd(x0, v128.load64_splat(s, 32), b0);
      b1 = madd(x1, v128.load64_splat(s, 40), b1);
      b2 = madd(x2, v128.load64_splat(s, 48), b2);
      b3 = madd(x3, v128.load64_splat(s, 56), b3);
    }
    v128.store(g, f64x2.add(v128.load(g), f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3))));
    v128.store(g, f64x2.add(v128.load(g, 16), f64x2.add(f64x2.add(b0, b1), f64x2.add(b2, b3))), 16);
  }
}

/**
 * blockAxpy2 for one class, its residuals at r ([rows 0–1 | rows 2–3], `rStep` bytes a tile) and its sums at g and
 * bias: eight column pairs (eight sums) in registers over the block's rows, then the rest one at a time.
 */
function blockAxpy1(
  x: usize,
  tiles: i32,
  tileBytes: usize,
  r: usize,
  rStep: usize,
  g: usize,
  bias: usize,
): void {
  let sum = f64x2.splat(0);
  let s = r;
  for (let t: i32 = 0; t < tiles; t++, s += rStep)
    sum = f64x2.add(sum, f64x2.add(v128.load(s), v128.load(s, 16)));
  store<f64>(bias, load<f64>(bias) + lanes(sum));
  let j: usize = 0;
  for (; j + 512 <= tileBytes; j += 512, g += 128) {
    let a0 = v128.load(g);
    let a1 = v128.load(g, 16);
    let a2 = v128.load(g, 32);
    let a3 = v128.load(g, 48);
    let a4 = v128.load(g, 64);
    let a5 = v128.load(g, 80);
    let a6 = v128.load(g, 96);
    let a7 = v128.load(g, 112);
    let q = x + j;
    s = r;
    for (let t: i32 = 0; t < tiles; t++, q += tileBytes, s += rStep) {
      for (let o: usize = 0; o < 64; o += 16) {
        const p = q + o;
        const ra = v128.load64_splat(s + (o >> 1));
        a0 = madd(v128.load(p), ra, a0);
        a1 = madd(v128.load(p, 64), ra, a1);
        a2 = madd(v128.load(p, 128), ra, a2);
        a3 = madd(v128.load(p, 192), ra, a3);
        a4 = madd(v128.load(p, 256), ra, a4);
        a5 = madd(v128.load(p, 320), ra, a5);
        a6 = madd(v128.load(p, 384), ra, a6);
        a7 = madd(v128.load(p, 448), ra, a7);
      }
    }
    v128.store(g, a0);
    v128.store(g, a1, 16);
    v128.store(g, a2, 32);
    v128.store(g, a3, 48);
    v128.store(g, a4, 64);
    v128.store(g, a5, 80);
    v128.store(g, a6, 96);
    v128.store(g, a7, 112);
  }
  for (; j < tileBytes; j += 64, g += 16) {
    // One column pair: a sum for each row of a tile, four chains.
    let a0 = f64x2.splat(0);
    let a1 = f64x2.splat(0);
    let a2 = f64x2.splat(0);
    let a3 = f64x2.splat(0);
    let q = x + j;
    s = r;
    for (let t: i32 = 0; t < tiles; t++, q += tileBytes, s += rStep) {
      a0 = madd(v128.load(q), v128.load64_splat(s), a0);
      a1 = madd(v128.load(q, 16), v128.load64_splat(s, 8), a1);
      a2 = madd(v128.load(q, 32), v128.load64_splat(s, 16), a2);
      a3 = madd(v128.load(q, 48), v128.load64_splat(s, 24), a3);
    }
    v128.store(g, f64x2.add(v128.load(g), f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3))));
  }
}
