// linearRows: the fused full-batch pass of linear and logistic regression (AssemblyScript), on rows stored in tiles of four.

import { expv, lanes, log1pv, madd } from './vector-math';

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

/** Bytes of tiles whose logits are taken before their gradient: small enough that they are still in L1 after. */
export const BLOCK_BYTES: usize = 16384;
/** At most this many rows a block, the float64 values of a slot's scratch (see linearRows). */
export const BLOCK_ROWS: i32 = 32;

/** The second vector of tileDot's result: the logits of rows 2 and 3. */
export let dot23: v128 = f64x2.splat(0);

/**
 * The four dot products of tile t (`tileBytes` long) with w, as [row 0, row 1] (returned) and [row 2, row 3]
 * (in dot23). Four sums, each adding two column pairs' products a step (a multiply, a fused multiply-add and
 * an add), so every chain waits only on one add a step and no sum leaves the sixteen vector registers.
 */
export function tileDot(t: usize, w: usize, tileBytes: usize): v128 {
  let a0 = f64x2.splat(0);
  let a1 = f64x2.splat(0);
  let a2 = f64x2.splat(0);
  let a3 = f64x2.splat(0);
  const end = t + tileBytes;
  const pairsEnd = t + (tileBytes & ~(<usize>127));
  let q = t;
  for (; q < pairsEnd; q += 128, w += 32) {
    const w0 = v128.load(w);
    const w1 = v128.load(w, 16);
    a0 = f64x2.add(a0, madd(v128.load(q, 64), w1, f64x2.mul(v128.load(q), w0)));
    a1 = f64x2.add(a1, madd(v128.load(q, 80), w1, f64x2.mul(v128.load(q, 16), w0)));
    a2 = f64x2.add(a2, madd(v128.load(q, 96), w1, f64x2.mul(v128.load(q, 32), w0)));
    a3 = f64x2.add(a3, madd(v128.load(q, 112), w1, f64x2.mul(v128.load(q, 48), w0)));
  }
  if (q < end) {
    const w0 = v128.load(w);
    a0 = madd(v128.load(q), w0, a0);
    a1 = madd(v128.load(q, 16), w0, a1);
    a2 = madd(v128.load(q, 32), w0, a2);
    a3 = madd(v128.load(q, 48), w0, a3);
  }
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
 * Adds `rows` rows (any number) of tiled x starting at tile address x, with their targets at y, into the slot
 * g = [Σ r_i x_i (stride) | Σ r_i | Σ loss_i | BLOCK_ROWS float64 of scratch], with w at p (`stride`, an even
 * number, float64: padded with zeros like the rows) and b at p + 8·stride, z_i = x_i·w + b. A tile past the last
 * row is padded with zero rows. Block by block of about BLOCK_BYTES: the tiles' logits go to the scratch, their
 * residuals and losses are taken two rows at a time (independent exps and logs, which the core overlaps, where one
 * block's chain at a time left it waiting), then the tiles are read again from L1 for their share of the
 * gradient, so x streams from memory once.
 */
export function linearRows(x: usize, y: usize, rows: i32, stride: i32, p: usize, g: usize, loss: i32): void {
  const rowBytes = <usize>stride * 8;
  const tileBytes = rowBytes * <usize>TILE_ROWS;
  const b = f64x2.splat(load<f64>(p + rowBytes));
  const scratch = g + rowBytes + 16;
  let blockTiles = <i32>(BLOCK_BYTES / tileBytes);
  if (blockTiles < 1) blockTiles = 1;
  if (blockTiles > BLOCK_ROWS / TILE_ROWS) blockTiles = BLOCK_ROWS / TILE_ROWS;
  const blockRows = blockTiles * TILE_ROWS;
  let sumR = f64x2.splat(0);
  let total = f64x2.splat(0);
  for (let start: i32 = 0; start < rows; start += blockRows) {
    const count = min(blockRows, rows - start);
    const first = x + (<usize>start >> 2) * tileBytes;
    const end = first + <usize>((count + TILE_ROWS - 1) / TILE_ROWS) * tileBytes;
    let at = scratch;
    for (let t = first; t < end; t += tileBytes, at += 32) {
      v128.store(at, f64x2.add(tileDot(t, p, tileBytes), b));
      v128.store(at, f64x2.add(dot23, b), 16);
    }
    const targets = y + <usize>start * 8;
    // A tile's two pairs a step: two independent chains of exp and log for the core to overlap. The rows past
    // the last (of a partial tile) get residual and loss 0.
    for (let i: i32 = 0; i < count; i += 4) {
      const to = scratch + <usize>i * 8;
      const from = targets + <usize>i * 8;
      const keep01 = rowsBelow(i, count);
      const keep23 = rowsBelow(i + 2, count);
      const r01 = v128.and(residuals(v128.load(to), v128.load(from), loss), keep01);
      const loss01 = v128.and(pairLoss, keep01);
      const r23 = v128.and(residuals(v128.load(to, 16), v128.load(from, 16), loss), keep23);
      total = f64x2.add(total, f64x2.add(loss01, v128.and(pairLoss, keep23)));
      sumR = f64x2.add(sumR, f64x2.add(r01, r23));
      v128.store(to, r01);
      v128.store(to, r23, 16);
    }
    at = scratch;
    for (let t = first; t < end; t += tileBytes, at += 32) {
      tileAxpy(t, v128.load(at), v128.load(at, 16), g, tileBytes);
    }
  }
  store<f64>(g + rowBytes, load<f64>(g + rowBytes) + lanes(sumR));
  store<f64>(g + rowBytes, load<f64>(g + rowBytes, 8) + lanes(total), 8);
}
