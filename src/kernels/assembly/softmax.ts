// softmaxRows: the fused full-batch pass of softmax regression's cross-entropy and gradient (AssemblyScript), one read of each row.

/** The sum of a vector's two lanes. */
function lanes(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/**
 * Adds `rows` rows starting at x (row-major, `stride` float64 a row, an even number, padded with zeros) with
 * class indices at y into the slot g = [k rows of Σ r_c x (stride each) | Σ r_c (k) | Σ loss], where W is k rows
 * of `stride` at p, b the k values after them, z = W·x + b, r_c = softmax(z)_c − [c = y] and the loss
 * log Σ exp z − z_y (from the largest logit, so no exp overflows). `z` points at k float64 of scratch. A row's
 * logits and its share of the gradient are both taken while it is in L1, so x streams from memory once.
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
  const weights = <usize>k * rowBytes;
  const biases = p + weights;
  const biasGrad = g + weights;
  const lossAt = biasGrad + <usize>k * 8;
  let total = load<f64>(lossAt);
  for (let i: i32 = 0; i < rows; i++) {
    const row = x + <usize>i * rowBytes;
    const label = <i32>load<f64>(y + <usize>i * 8);
    let top = -Infinity;
    let zy: f64 = 0;
    for (let c: i32 = 0; c < k; c++) {
      const w = p + <usize>c * rowBytes;
      let d = f64x2.splat(0);
      for (let j: usize = 0; j < rowBytes; j += 16)
        d = f64x2.add(d, f64x2.mul(v128.load(row + j), v128.load(w + j)));
      const zc = lanes(d) + load<f64>(biases + <usize>c * 8);
      store<f64>(z + <usize>c * 8, zc);
      if (zc > top) top = zc;
      if (c === label) zy = zc;
    }
    let sum: f64 = 0;
    for (let c: i32 = 0; c < k; c++) {
      const e = Math.exp(load<f64>(z + <usize>c * 8) - top);
      store<f64>(z + <usize>c * 8, e);
      sum += e;
    }
    total += Math.log(sum) + top - zy;
    const inv = 1 / sum;
    for (let c: i32 = 0; c < k; c++) {
      const r = load<f64>(z + <usize>c * 8) * inv - (c === label ? 1 : 0);
      const at = biasGrad + <usize>c * 8;
      store<f64>(at, load<f64>(at) + r);
      const s = f64x2.splat(r);
      const gc = g + <usize>c * rowBytes;
      for (let j: usize = 0; j < rowBytes; j += 16) {
        const a = gc + j;
        v128.store(a, f64x2.add(v128.load(a), f64x2.mul(v128.load(row + j), s)));
      }
    }
  }
  store<f64>(lossAt, total);
}
