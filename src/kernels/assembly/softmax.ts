// softmaxRows: the fused full-batch pass of softmax regression's cross-entropy and gradient (AssemblyScript), on tiled rows read once from memory.

import { BLOCK_BYTES, BLOCK_ROWS, dot23, rowsBelow, TILE_ROWS, tileAxpy, tileDot } from './linear';
import { expv, lanes, logv } from './vector-math';

/**
 * Adds `rows` rows (any number) of tiled x (see TILE_ROWS in linear.ts) starting at tile address x, with class
 * indices at y, into the slot g = [k rows of Σ r_c x (stride each) | Σ r_c (k) | Σ loss], where W is k rows of
 * `stride` at p, b the k values after them, z = W·x + b, r_c = softmax(z)_c − [c = y] and the loss
 * log Σ exp z − z_y (from the largest logit, so no exp overflows). `z` points at 8·k·BLOCK_ROWS bytes of scratch.
 * Block by block of tiles, as in linearRows: each tile's k·4 logits (a tile read from L1 once a class), then the
 * block's exps, logs and residuals two rows at a time (k independent exps a pair), then each tile's share of
 * every class's gradient, while the block is still in L1: x streams from memory once.
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
  const biases = p + <usize>k * rowBytes;
  const biasGrad = g + <usize>k * rowBytes;
  const lossAt = biasGrad + <usize>k * 8;
  // A tile's logits or residuals: 32 bytes a class, [rows 0 and 1 | rows 2 and 3].
  const tileScratch = <usize>k * 32;
  let blockTiles = <i32>(BLOCK_BYTES / tileBytes);
  if (blockTiles < 1) blockTiles = 1;
  if (blockTiles > BLOCK_ROWS / TILE_ROWS) blockTiles = BLOCK_ROWS / TILE_ROWS;
  const blockRows = blockTiles * TILE_ROWS;
  let total = f64x2.splat(0);
  for (let start: i32 = 0; start < rows; start += blockRows) {
    const count = min(blockRows, rows - start);
    const first = x + (<usize>start >> 2) * tileBytes;
    const end = first + <usize>((count + TILE_ROWS - 1) / TILE_ROWS) * tileBytes;
    let at = z;
    for (let t = first; t < end; t += tileBytes) {
      for (let c: i32 = 0; c < k; c++, at += 32) {
        const bc = f64x2.splat(load<f64>(biases + <usize>c * 8));
        v128.store(at, f64x2.add(tileDot(t, p + <usize>c * rowBytes, tileBytes), bc));
        v128.store(at, f64x2.add(dot23, bc), 16);
      }
    }
    // Two rows at a time: the pair's logits are 32 bytes apart, one class after the other.
    for (let i: i32 = 0; i < count; i += 2) {
      const base = z + <usize>(i >> 2) * tileScratch + ((<usize>(i & 2)) << 3);
      const keep = rowsBelow(i, count);
      const labels = v128.load(y + <usize>(start + i) * 8);
      let top = f64x2.splat(-Infinity);
      for (let c: i32 = 0; c < k; c++) top = f64x2.max(top, v128.load(base + <usize>c * 32));
      let sum = f64x2.splat(0);
      let zy = f64x2.splat(0);
      for (let c: i32 = 0; c < k; c++) {
        const to = base + <usize>c * 32;
        const zc = v128.load(to);
        zy = v128.bitselect(zc, zy, f64x2.eq(labels, f64x2.splat(<f64>c)));
        const e = expv(f64x2.sub(zc, top));
        v128.store(to, e);
        sum = f64x2.add(sum, e);
      }
      total = f64x2.add(total, v128.and(f64x2.sub(f64x2.add(logv(sum), top), zy), keep));
      const inv = f64x2.div(f64x2.splat(1), sum);
      for (let c: i32 = 0; c < k; c++) {
        const to = base + <usize>c * 32;
        const hit = v128.and(f64x2.eq(labels, f64x2.splat(<f64>c)), f64x2.splat(1));
        const r = v128.and(f64x2.sub(f64x2.mul(v128.load(to), inv), hit), keep);
        v128.store(to, r);
        const bAt = biasGrad + <usize>c * 8;
        store<f64>(bAt, load<f64>(bAt) + lanes(r));
      }
    }
    // The pair past the last of a partial tile: its scratch is left from the block before, so clear it.
    if ((count & 3) !== 0 && (count & 3) <= 2) {
      const base = z + <usize>(count >> 2) * tileScratch + 16;
      for (let c: i32 = 0; c < k; c++) v128.store(base + <usize>c * 32, f64x2.splat(0));
    }
    at = z;
    for (let t = first; t < end; t += tileBytes) {
      for (let c: i32 = 0; c < k; c++, at += 32) {
        tileAxpy(t, v128.load(at), v128.load(at, 16), g + <usize>c * rowBytes, tileBytes);
      }
    }
  }
  store<f64>(lossAt, load<f64>(lossAt) + lanes(total));
}
