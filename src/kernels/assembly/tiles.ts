// tileRows: copies row-major rows of x into the kernels' tiles of four rows (AssemblyScript; the layout: TILE_ROWS in linear.ts).

import { TILE_ROWS } from './linear';

/**
 * Copies `rows` row-major rows of `cols` float64 at src (packed, any alignment) into tiles at dst (`stride`
 * float64 a row, an even number; src's first row the first of a tile): tile by tile, the four rows' column pairs
 * in turn, so the tiles are written in order. A JavaScript loop took five times a plain copy. A tile's rows
 * past `rows` and an odd last column are left as they are (zero in fresh memory).
 */
export function tileRows(src: usize, dst: usize, rows: i32, cols: i32, stride: i32): void {
  const rowBytes = <usize>cols * 8;
  const pairs = <usize>(cols >> 1) * 16;
  const tileBytes = <usize>stride * 8 * <usize>TILE_ROWS;
  const odd = (cols & 1) !== 0;
  let i: i32 = 0;
  for (; i + TILE_ROWS <= rows; i += TILE_ROWS) {
    const r0 = src + <usize>i * rowBytes;
    const r1 = r0 + rowBytes;
    const r2 = r1 + rowBytes;
    const r3 = r2 + rowBytes;
    let to = dst + <usize>(i >> 2) * tileBytes;
    let j: usize = 0;
    for (; j < pairs; j += 16, to += 64) {
      v128.store(to, v128.load(r0 + j));
      v128.store(to, v128.load(r1 + j), 16);
      v128.store(to, v128.load(r2 + j), 32);
      v128.store(to, v128.load(r3 + j), 48);
    }
    if (odd) {
      store<f64>(to, load<f64>(r0 + j));
      store<f64>(to, load<f64>(r1 + j), 16);
      store<f64>(to, load<f64>(r2 + j), 32);
      store<f64>(to, load<f64>(r3 + j), 48);
    }
  }
  for (; i < rows; i++) {
    const from = src + <usize>i * rowBytes;
    let to = dst + <usize>(i >> 2) * tileBytes + ((<usize>(i & 3)) << 4);
    let j: usize = 0;
    for (; j < pairs; j += 16, to += 64) v128.store(to, v128.load(from + j));
    if (odd) store<f64>(to, load<f64>(from + j));
  }
}
