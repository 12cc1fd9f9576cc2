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

/**
 * Bytes of tiles whose logits softmaxRows takes before their gradient: small enough that they are still in L1
 * after.
 */
export const BLOCK_BYTES: usize = 16384;
/** At most this many rows a block of softmaxRows, the rows of its scratch. */
export const BLOCK_ROWS: i32 = 32;

/** The second vector of tileDot's result: the logits of rows 2 and 3. */
export let dot23: v128 = f64x2.splat(0);

/**
 * The four dot products of tile t (`tileBytes` long) with w, as [row 0, row 1] (returned) and [row 2, row 3]
 * (in dot23). Four sums, each adding two column pairs' products a step (a multiply, a fused multiply-add and
 * an add), so every chain waits only on one add a step and no sum leaves the sixteen vector registers. Each step
 * also touches two of the four streams u0 to u3 (see TOUCH_BLOCK_TILES).
 */
export function tileDot(
  t: usize,
  w: usize,
  tileBytes: usize,
  u0: usize,
  u1: usize,
  u2: usize,
  u3: usize,
): v128 {
  let seen: i64 = 0;
  let a0 = f64x2.splat(0);
  let a1 = f64x2.splat(0);
  let a2 = f64x2.splat(0);
  let a3 = f64x2.splat(0);
  const end = t + tileBytes;
  const pairsEnd = t + (tileBytes & ~(<usize>127));
  let q = t;
  for (; q < pairsEnd; q += 128, w += 32) {
    seen ^= load<i64>(u0) ^ load<i64>(u1);
    const n0 = u0 + 64;
    const n1 = u1 + 64;
    u0 = u2;
    u1 = u3;
    u2 = n0;
    u3 = n1;
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
  touched ^= seen;
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

/**
 * tileDot of tile t with w (its [row 2, row 3] in dot23) and, in the same loop, tileAxpy of the tile `lag` bytes
 * before it with factors r01 and r23 into `to` (in tileAxpy's order, so with its bits): the loads of tile t from
 * memory stay in flight while the core works on the earlier tile, which is still in L1. Each logit's sum takes
 * two chained fused multiply-adds a step, where tileDot has a multiply, a multiply-add and an add: a third fewer
 * instructions waiting on memory, and the chain's latency stays under the loop's other work (0.93× the time a
 * row in L2, load 12).
 */
export function tileDotAxpy(
  t: usize,
  w: usize,
  lag: usize,
  r01: v128,
  r23: v128,
  to: usize,
  tileBytes: usize,
  u0: usize,
  u1: usize,
  u2: usize,
  u3: usize,
): v128 {
  let seen: i64 = 0;
  const s0 = f64x2.shuffle(r01, r01, 0, 0);
  const s1 = f64x2.shuffle(r01, r01, 1, 1);
  const s2 = f64x2.shuffle(r23, r23, 0, 0);
  const s3 = f64x2.shuffle(r23, r23, 1, 1);
  let a0 = f64x2.splat(0);
  let a1 = f64x2.splat(0);
  let a2 = f64x2.splat(0);
  let a3 = f64x2.splat(0);
  const end = t + tileBytes;
  const pairsEnd = t + (tileBytes & ~(<usize>127));
  let q = t;
  for (; q < pairsEnd; q += 128, w += 32, to += 32) {
    seen ^= load<i64>(u0) ^ load<i64>(u1);
    const n0 = u0 + 64;
    const n1 = u1 + 64;
    u0 = u2;
    u1 = u3;
    u2 = n0;
    u3 = n1;
    const w0 = v128.load(w);
    const w1 = v128.load(w, 16);
    a0 = madd(v128.load(q, 64), w1, madd(v128.load(q), w0, a0));
    a1 = madd(v128.load(q, 80), w1, madd(v128.load(q, 16), w0, a1));
    a2 = madd(v128.load(q, 96), w1, madd(v128.load(q, 32), w0, a2));
    a3 = madd(v128.load(q, 112), w1, madd(v128.load(q, 48), w0, a3));
    const o = q - lag;
    const g0 = madd(v128.load(o, 16), s1, madd(v128.load(o), s0, v128.load(to)));
    v128.store(to, madd(v128.load(o, 48), s3, madd(v128.load(o, 32), s2, g0)));
    const g1 = madd(v128.load(o, 80), s1, madd(v128.load(o, 64), s0, v128.load(to, 16)));
    v128.store(to, madd(v128.load(o, 112), s3, madd(v128.load(o, 96), s2, g1)), 16);
  }
  if (q < end) {
    const w0 = v128.load(w);
    a0 = madd(v128.load(q), w0, a0);
    a1 = madd(v128.load(q, 16), w0, a1);
    a2 = madd(v128.load(q, 32), w0, a2);
    a3 = madd(v128.load(q, 48), w0, a3);
    const o = q - lag;
    const g0 = madd(v128.load(o, 16), s1, madd(v128.load(o), s0, v128.load(to)));
    v128.store(to, madd(v128.load(o, 48), s3, madd(v128.load(o, 32), s2, g0)));
  }
  touched ^= seen;
  dot23 = f64x2.add(f64x2.shuffle(a2, a3, 0, 2), f64x2.shuffle(a2, a3, 1, 3));
  return f64x2.add(f64x2.shuffle(a0, a1, 0, 2), f64x2.shuffle(a0, a1, 1, 3));
}

/** Lanes of the pair of rows starting at `first` that lie below `count`, as an all-ones mask each. */
export function rowsBelow(first: i32, count: i32): v128 {
  return f64x2.lt(f64x2.add(f64x2.splat(<f64>first), f64x2(0, 1)), f64x2.splat(<f64>count));
}

/**
 * Tiles of the blocks whose next block linearRows touches while it works on one. One sequential stream a thread is
 * latency-bound here (about 14 misses in flight, 8.7 GB/s a core) and the L2 streamer stops at every 4 KB page's
 * edge; so each step of a tile's loop also loads 8 bytes of the next block, from four streams a quarter of the block
 * apart in turn (on different pages, which the streamer follows at once), and by the time the loop reaches that
 * block its lines are in the cache. Measured against one touch a tile two pages ahead, in one process (1,000,000 ×
 * 100, CPU time a thread, load 3–5): 0.81× linear on one thread and two, at the time of the bound's own read of
 * the same bytes (one stream a thread, nothing else); blocks of 8 tiles 0.88×, 32 0.90×, two streams 0.85–0.96×.
 */
const TOUCH_BLOCK_TILES: usize = 16;

/** What the touches read, kept so that no optimizer drops them (a wasm load can trap, so V8 keeps it anyway). */
let touched: i64 = 0;

/** Where a stream starting at `u` touches: `u`, or the last tile `last` where `u` lies past `limit`. */
function touchAt(u: usize, limit: usize, last: usize): usize {
  return u > limit ? last : u;
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
 * Software-pipelined a tile a step, so that x streams from memory once and never waits on arithmetic alone: step t
 * takes tile t's logits from memory in the same loop as tile t − 2's share of the gradient from L1 (tileDotAxpy),
 * then tile t's residuals and losses, two independent pairs, whose exps and logs the core overlaps with step
 * t + 1. Taking a block's logits, residuals and gradient in turn left the memory idle during the last two.
 * Measured against that, with tileDotAxpy's and the residuals' own changes (CPU time, 1,000,000 × 100, load 9–15):
 * from memory linear 0.95–1.0×, logistic 0.87–0.91×; in L2, 0.86× and 0.76×. From memory, arithmetic here adds
 * to the time of the reads rather than overlapping them, even independent arithmetic, so fewer instructions a row
 * is what pays. Each tile also touches the next block's bytes (see TOUCH_BLOCK_TILES). Logistic takes one exp and one division
 * a pair of rows, and one log1p a block of LOG_BLOCK_TILES tiles (vector-math's log1pv), where it took one a pair: 0.93×
 * its time a row with x in L2 (CPU time, one thread, 47.4 → 44.2 ms for 1,000,000 × 100; from memory the
 * change was within the noise of load 5–12).
 */
export function linearRows(x: usize, y: usize, rows: i32, stride: i32, p: usize, g: usize, loss: i32): void {
  const rowBytes = <usize>stride * 8;
  const tileBytes = rowBytes * <usize>TILE_ROWS;
  const lag = 2 * tileBytes;
  const b = f64x2.splat(load<f64>(p + rowBytes));
  const tiles = <usize>((rows + TILE_ROWS - 1) / TILE_ROWS);
  let sumR = f64x2.splat(0);
  let total = f64x2.splat(0);
  // The residuals of the last two tiles, [rows 0 and 1 | rows 2 and 3] each, not yet in the gradient.
  let last01 = f64x2.splat(0);
  let last23 = f64x2.splat(0);
  let before01 = f64x2.splat(0);
  let before23 = f64x2.splat(0);
  // Logistic's Σ log1p(e_i) as one log1p a block: S = Π(1 + e_i) − 1 by S ← S + e + S·e (no 1 + e_i is formed,
  // so an e_i of 1e−20 still counts), then log1p(S) once.
  let product = f64x2.splat(0);
  const lastTile = x + (tiles - 1) * tileBytes;
  // The call's first block has no block before it to touch it: its lines are touched first, all in flight at once.
  let seen: i64 = 0;
  const firstEnd = min(x + TOUCH_BLOCK_TILES * tileBytes, lastTile + tileBytes);
  for (let u = x; u < firstEnd; u += 64) seen ^= load<i64>(u);
  touched ^= seen;
  // Each tile's steps take its share of the four streams: a quarter of the next block each, 32 bytes of it a step
  // (a step touches two streams, each moving on 64 bytes). A stream past the last tile's first half touches that
  // half instead, so no touch leaves the call's rows.
  const quarter = (TOUCH_BLOCK_TILES >> 2) * tileBytes;
  const share = (tileBytes >> 7) * 32;
  const limit = lastTile + (tileBytes >> 1) - 128;
  let next = x + TOUCH_BLOCK_TILES * tileBytes;
  let inBlock: usize = 0;
  for (let i: usize = 0; i < tiles; i++) {
    const t = x + i * tileBytes;
    const u0 = next + inBlock * share;
    const u1 = u0 + quarter;
    const u2 = u1 + quarter;
    const u3 = u2 + quarter;
    const z01 = f64x2.add(
      i < 2
        ? tileDot(
            t,
            p,
            tileBytes,
            touchAt(u0, limit, lastTile),
            touchAt(u1, limit, lastTile),
            touchAt(u2, limit, lastTile),
            touchAt(u3, limit, lastTile),
          )
        : tileDotAxpy(
            t,
            p,
            lag,
            before01,
            before23,
            g,
            tileBytes,
            touchAt(u0, limit, lastTile),
            touchAt(u1, limit, lastTile),
            touchAt(u2, limit, lastTile),
            touchAt(u3, limit, lastTile),
          ),
      b,
    );
    if (++inBlock === TOUCH_BLOCK_TILES) {
      inBlock = 0;
      next += TOUCH_BLOCK_TILES * tileBytes;
    }
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
    before01 = last01;
    before23 = last23;
    last01 = r01;
    last23 = r23;
  }
  if (loss === LOSS_LOGISTIC) total = f64x2.add(total, log1pv(product));
  if (tiles >= 2) tileAxpy(x + (tiles - 2) * tileBytes, before01, before23, g, tileBytes);
  if (tiles >= 1) tileAxpy(x + (tiles - 1) * tileBytes, last01, last23, g, tileBytes);
  store<f64>(g + rowBytes, load<f64>(g + rowBytes) + lanes(sumR));
  store<f64>(g + rowBytes, load<f64>(g + rowBytes, 8) + lanes(total), 8);
}
