// linearRows: the fused full-batch pass of linear and logistic regression (AssemblyScript), on rows stored in tiles of four.

import { expNegv, laneSelect, lanes, log1pv, madd, negAbsv, onev } from './vector-math';

/** Squared error: r = z − y, loss r². */
export const LOSS_SQUARED: i32 = 0;
/** Binary cross-entropy from the logit: r = σ(z) − y, loss softplus(z) − y·z (finite for every finite z). */
export const LOSS_LOGISTIC: i32 = 1;

/**
 * Rows of a tile. The rows of x are stored four at a time, interleaved by pairs of columns: tile t holds rows
 * 4t to 4t + 3 as [row 0 cols 0–1 | row 1 cols 0–1 | row 2 | row 3 | row 0 cols 2–3 | …], 4·stride float64, so
 * a pass over x is one sequential stream (which the hardware prefetcher follows; four rows read side by side
 * were four streams, measured 1.3× slower from memory) and every load of a tile is one pointer plus a constant.
 */
export const TILE_ROWS: i32 = 4;

/** The second vector of tileDot's result: the logits of rows 2 and 3. */
export let dot23: v128 = f64x2.splat(0);

/**
 * The four dot products of tile t (`tileBytes` long) with w, as [row 0, row 1] (returned) and [row 2, row 3]
 * (in dot23). Eight sums, the even and the odd column pairs apart, so that each takes one multiply-add a step
 * and no chain waits on its own (four chained sums of two multiply-adds a step ran at half the core's rate).
 */
export function tileDot(t: usize, w: usize, tileBytes: usize): v128 {
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
    a0 = madd(v128.load(q), w0, a0);
    a1 = madd(v128.load(q, 16), w0, a1);
    a2 = madd(v128.load(q, 32), w0, a2);
    a3 = madd(v128.load(q, 48), w0, a3);
    const w1 = v128.load(w, 16);
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
  a0 = f64x2.add(a0, b0);
  a1 = f64x2.add(a1, b1);
  a2 = f64x2.add(a2, b2);
  a3 = f64x2.add(a3, b3);
  dot23 = f64x2.add(f64x2.shuffle(a2, a3, 0, 2), f64x2.shuffle(a2, a3, 1, 3));
  return f64x2.add(f64x2.shuffle(a0, a1, 0, 2), f64x2.shuffle(a0, a1, 1, 3));
}

/** to += Σ_i r_i · (row i of tile t), over the tile's `tileBytes`; r01 and r23 hold the four rows' factors. */
export function tileAxpy(t: usize, r01: v128, r23: v128, to: usize, tileBytes: usize): void {
  const s0 = f64x2.shuffle(r01, r01, 0, 0);
  const s1 = f64x2.shuffle(r01, r01, 1, 1);
  const s2 = f64x2.shuffle(r23, r23, 0, 0);
  const s3 = f64x2.shuffle(r23, r23, 1, 1);
  const end = t + tileBytes;
  for (let q = t; q < end; q += 64, to += 16) {
    const row01 = madd(v128.load(q, 16), s1, madd(v128.load(q), s0, v128.load(to)));
    v128.store(to, madd(v128.load(q, 48), s3, madd(v128.load(q, 32), s2, row01)));
  }
}

/** Lanes of the pair of rows starting at `first` that lie below `count`, as an all-ones mask each. */
export function rowsBelow(first: i32, count: i32): v128 {
  return f64x2.lt(f64x2.add(f64x2.splat(<f64>first), f64x2(0, 1)), f64x2.splat(<f64>count));
}

/**
 * The loss of each of two rows, beside the residuals `residuals` returns; for logistic without its log1p(e) term,
 * whose e goes to `pairE` (linearRows takes one log1p a block of them).
 */
let pairLoss: v128 = f64x2.splat(0);
/** Logistic's e = exp(−|z|) of the two rows `residuals` last took. */
let pairE: v128 = f64x2.splat(0);

/** The residuals of two rows' logits or predictions z against their targets y; their losses go to `pairLoss`. */
function residuals(z: v128, y: v128, loss: i32): v128 {
  if (loss === LOSS_LOGISTIC) {
    // e = exp(−|z|) ≤ 1: softplus(z) = max(z, 0) + log1p(e), and σ(z) is 1/(1 + e) or e/(1 + e) by z's sign.
    // pmax and laneSelect: one instruction each, where max (NaN and −0 rules) and bitselect take several.
    const e = expNegv(negAbsv(z));
    const zero = f64x2.splat(0);
    const one = onev();
    pairE = e;
    pairLoss = f64x2.sub(f64x2.pmax(z, zero), f64x2.mul(y, z));
    const numerator = laneSelect(one, e, f64x2.ge(z, zero));
    return f64x2.sub(f64x2.div(numerator, f64x2.add(one, e)), y);
  }
  const r = f64x2.sub(z, y);
  pairLoss = f64x2.mul(r, r);
  return r;
}

/** Tiles a block of logistic's log1p: 16 rows, 8 a lane, so a lane's product Π(1 + e_i) stays at most 2^8. */
const LOG_BLOCK_TILES: usize = 4;

/**
 * Adds `rows` rows (any number) of tiled x starting at tile address x, with their targets at y, into the slot
 * g = [Σ r_i x_i (stride) | Σ r_i | Σ loss_i], with w at p (`stride`, an even number, float64: padded with zeros
 * like the rows) and b at p + 8·stride, z_i = x_i·w + b. A tile past the last row is padded with zero rows.
 * Tile by tile: its logits, residuals and losses, then its share of the gradient while the tile (3.2 KB at 100
 * columns) is still in L1, so x streams from memory once, in order, one stream that the hardware prefetcher
 * follows. Nothing else is read ahead: on Zen 4 (2 threads, 1,000,000 × 100, in one process, medians of 9,
 * under the CPU lock) the earlier touches of the next block from four streams and the software pipelining of a
 * tile's gradient two tiles behind its logits took 1.7× this loop's time from memory on one thread and 1.6× on
 * two (linear 68.6 → 40.3 ms and 42.0 → 26.8 ms, logistic 74.9 → 38.3 and 44.1 → 29.7; the bandwidth's own read
 * 24 ms on two), and about as long with x in L2. Logistic takes one exp and one division a pair of rows, and one
 * log1p a block of LOG_BLOCK_TILES tiles (vector-math's log1pv), where it took one a pair: 0.93× its time a row
 * with x in L2 (measured on an AVX2 machine).
 */
export function linearRows(x: usize, y: usize, rows: i32, stride: i32, p: usize, g: usize, loss: i32): void {
  const rowBytes = <usize>stride * 8;
  const tileBytes = rowBytes * <usize>TILE_ROWS;
  const b = f64x2.splat(load<f64>(p + rowBytes));
  const tiles = <usize>((rows + TILE_ROWS - 1) / TILE_ROWS);
  let sumR = f64x2.splat(0);
  let total = f64x2.splat(0);
  // Logistic's Σ log1p(e_i) as one log1p a block: S = Π(1 + e_i) − 1 by S ← S + e + S·e (no 1 + e_i is formed,
  // so an e_i of 1e−20 still counts), then log1p(S) once.
  let product = f64x2.splat(0);
  for (let i: usize = 0; i < tiles; i++) {
    const t = x + i * tileBytes;
    const z01 = f64x2.add(tileDot(t, p, tileBytes), b);
    const z23 = f64x2.add(dot23, b);
    const from = y + i * 32;
    const first = <i32>i * TILE_ROWS;
    const keep01 = rowsBelow(first, rows);
    const keep23 = rowsBelow(first + 2, rows);
    const r01 = v128.and(residuals(z01, v128.load(from), loss), keep01);
    const loss01 = v128.and(pairLoss, keep01);
    if (loss === LOSS_LOGISTIC) {
      const e01 = v128.and(pairE, keep01);
      product = madd(product, e01, f64x2.add(product, e01));
    }
    const r23 = v128.and(residuals(z23, v128.load(from, 16), loss), keep23);
    total = f64x2.add(total, f64x2.add(loss01, v128.and(pairLoss, keep23)));
    if (loss === LOSS_LOGISTIC) {
      const e23 = v128.and(pairE, keep23);
      product = madd(product, e23, f64x2.add(product, e23));
      if (i % LOG_BLOCK_TILES === LOG_BLOCK_TILES - 1) {
        total = f64x2.add(total, log1pv(product));
        product = f64x2.splat(0);
      }
    }
    sumR = f64x2.add(sumR, f64x2.add(r01, r23));
    tileAxpy(t, r01, r23, g, tileBytes);
  }
  if (loss === LOSS_LOGISTIC) total = f64x2.add(total, log1pv(product));
  store<f64>(g + rowBytes, load<f64>(g + rowBytes) + lanes(sumR));
  store<f64>(g + rowBytes, load<f64>(g + rowBytes, 8) + lanes(total), 8);
}
