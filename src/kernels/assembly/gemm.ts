// gemm: the dense matrix product behind the MLP, C = A·B with SIMD 6×4 register tiles over packed strips of A and panels of B (AssemblyScript).

/**
 * Shared-dimension steps and columns of B packed at a time: a 256 × 256 block of float64 is 512 KiB, held in
 * L2 while every 6-row strip of A (24 KiB with each value twice, in L1) sweeps over it.
 */
const KC: i32 = 256;
const NC: i32 = 256;
/** Columns per panel (two f64x2 vectors) and rows of A per tile. */
export const NR: i32 = 4;
export const MR: i32 = 6;
/** Bytes of one step of a packed strip of A: MR values, each stored twice as a vector. */
const A_STEP: usize = <usize>MR * 16;

/** What happens to each finished entry v of C (after the last block of the shared dimension). */
export const EPILOGUE_NONE: i32 = 0;
/** v + bias[j], then relu, tanh or sigmoid: a hidden layer's forward pass. */
export const EPILOGUE_RELU: i32 = 1;
export const EPILOGUE_TANH: i32 = 2;
export const EPILOGUE_SIGMOID: i32 = 3;
/** v · f'(a) with a the activation at the same place of `aux`: ∂a turned into ∂z on the way back. */
export const EPILOGUE_RELU_GRAD: i32 = 4;
export const EPILOGUE_TANH_GRAD: i32 = 5;
export const EPILOGUE_SIGMOID_GRAD: i32 = 6;

/**
 * a·b + c lane by lane: one fused multiply-add where the host has relaxed SIMD (this build's
 * ASC_FEATURE_RELAXED_SIMD; x86 with FMA, ARM), rounded once, else a multiply and an add.
 */
function madd(a: v128, b: v128, c: v128): v128 {
  return ASC_FEATURE_RELAXED_SIMD ? f64x2.relaxed_madd(a, b, c) : f64x2.add(f64x2.mul(a, b), c);
}

/** One entry's epilogue; `b` is the bias (0 when there is none) and `a` the activation at the same place. */
function finish(v: f64, b: f64, a: f64, mode: i32): f64 {
  v += b;
  if (mode === EPILOGUE_RELU) return max(v, 0);
  if (mode === EPILOGUE_TANH) return Math.tanh(v);
  if (mode === EPILOGUE_SIGMOID) return v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
  if (mode === EPILOGUE_RELU_GRAD) return a > 0 ? v : 0;
  if (mode === EPILOGUE_TANH_GRAD) return v * (1 - a * a);
  if (mode === EPILOGUE_SIGMOID_GRAD) return v * a * (1 - a);
  return v;
}

/** Two entries' epilogue: relu and its derivative in vector form, the smooth activations lane by lane. */
function finish2(v: v128, b: v128, a: v128, mode: i32): v128 {
  v = f64x2.add(v, b);
  if (mode === EPILOGUE_NONE) return v;
  if (mode === EPILOGUE_RELU) return f64x2.max(v, f64x2.splat(0));
  if (mode === EPILOGUE_RELU_GRAD) return v128.and(v, f64x2.gt(a, f64x2.splat(0)));
  const lo = finish(f64x2.extract_lane(v, 0), 0, f64x2.extract_lane(a, 0), mode);
  const hi = finish(f64x2.extract_lane(v, 1), 0, f64x2.extract_lane(a, 1), mode);
  return f64x2.replace_lane(f64x2.splat(lo), 1, hi);
}

/**
 * Copies B(p, j) = b[p·brs + j·bcs] for p < kc, j < nc (element strides) into panels of NR columns, each
 * panel kc rows of NR contiguous values, the columns past nc zero, so the tile loop reads B in order.
 */
function pack(b: usize, brs: usize, bcs: usize, kc: i32, nc: i32, out: usize): void {
  for (let j0: i32 = 0; j0 < nc; j0 += NR) {
    const cols = min(NR, nc - j0);
    const panel = out + <usize>(j0 * kc) * 8;
    if (cols === NR && bcs === 1) {
      // Rows of B contiguous: each step's four values are two vectors.
      let src = b + <usize>j0 * 8;
      const step = brs * 8;
      for (let p: i32 = 0; p < kc; p++) {
        const dst = panel + <usize>(p * NR) * 8;
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        src += step;
      }
      continue;
    }
    if (cols === NR && brs === 1) {
      // Columns of B contiguous (Bᵀ): two steps of four columns at a time, transposed in registers.
      const step = bcs * 8;
      const c0 = b + <usize>j0 * step;
      const c1 = c0 + step;
      const c2 = c1 + step;
      const c3 = c2 + step;
      let p: i32 = 0;
      for (; p + 1 < kc; p += 2) {
        const at = <usize>p * 8;
        const v0 = v128.load(c0 + at);
        const v1 = v128.load(c1 + at);
        const v2 = v128.load(c2 + at);
        const v3 = v128.load(c3 + at);
        const dst = panel + <usize>(p * NR) * 8;
        v128.store(dst, v128.shuffle<u64>(v0, v1, 0, 2));
        v128.store(dst, v128.shuffle<u64>(v2, v3, 0, 2), 16);
        v128.store(dst, v128.shuffle<u64>(v0, v1, 1, 3), 32);
        v128.store(dst, v128.shuffle<u64>(v2, v3, 1, 3), 48);
      }
      if (p < kc) {
        const at = <usize>p * 8;
        const dst = panel + <usize>(p * NR) * 8;
        store<f64>(dst, load<f64>(c0 + at));
        store<f64>(dst, load<f64>(c1 + at), 8);
        store<f64>(dst, load<f64>(c2 + at), 16);
        store<f64>(dst, load<f64>(c3 + at), 24);
      }
      continue;
    }
    for (let jj: i32 = 0; jj < NR; jj++) {
      const dst = panel + <usize>jj * 8;
      if (jj >= cols) {
        for (let p: i32 = 0; p < kc; p++) store<f64>(dst + <usize>(p * NR) * 8, 0);
        continue;
      }
      let src = b + <usize>(j0 + jj) * bcs * 8;
      const step = brs * 8;
      for (let p: i32 = 0; p < kc; p++) {
        store<f64>(dst + <usize>(p * NR) * 8, load<f64>(src));
        src += step;
      }
    }
  }
}

/**
 * Stores one finished row of a tile (NR entries as two vectors) at c: adds what C holds when `add`, then,
 * with a bias or an epilogue, the bias b0|b1 and `mode` reading the activations at aux.
 */
function storeRow(c: usize, s0: v128, s1: v128, add: bool, mode: i32, b0: v128, b1: v128, aux: usize): void {
  if (add) {
    s0 = f64x2.add(s0, v128.load(c));
    s1 = f64x2.add(s1, v128.load(c, 16));
  }
  if (mode !== EPILOGUE_NONE) {
    const zero = f64x2.splat(0);
    s0 = finish2(s0, b0, aux !== 0 ? v128.load(aux) : zero, mode);
    s1 = finish2(s1, b1, aux !== 0 ? v128.load(aux, 16) : zero, mode);
  } else {
    s0 = f64x2.add(s0, b0);
    s1 = f64x2.add(s1, b1);
  }
  v128.store(c, s0);
  v128.store(c, s1, 16);
}

/**
 * A full MR × NR tile of C at c (row stride crs bytes): Σ_p A(i, p)·panel(p, ·) over kc steps, A's strip packed
 * at pa (MR values a step, each twice) and B's panel at pb. Twelve vector sums stay in registers (x86 has
 * sixteen, V8 keeps one as scratch), and each step loads two vectors of B and six of A, all at fixed offsets
 * from two pointers, for twelve multiply-adds. The loop is not unrolled: V8 then hoists the second step's
 * loads above the first's multiply-adds and spills the sums (a quarter slower here). `add` adds what C holds; `mode` finishes the entries.
 */
function tile(
  pa: usize,
  pb: usize,
  kc: i32,
  c: usize,
  crs: usize,
  add: bool,
  mode: i32,
  bias: usize,
  aux: usize,
  auxrs: usize,
): void {
  let s00 = f64x2.splat(0);
  let s01 = f64x2.splat(0);
  let s10 = f64x2.splat(0);
  let s11 = f64x2.splat(0);
  let s20 = f64x2.splat(0);
  let s21 = f64x2.splat(0);
  let s30 = f64x2.splat(0);
  let s31 = f64x2.splat(0);
  let s40 = f64x2.splat(0);
  let s41 = f64x2.splat(0);
  let s50 = f64x2.splat(0);
  let s51 = f64x2.splat(0);
  for (let p: i32 = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let x = v128.load(pa);
    s00 = madd(x, b0, s00);
    s01 = madd(x, b1, s01);
    x = v128.load(pa, 16);
    s10 = madd(x, b0, s10);
    s11 = madd(x, b1, s11);
    x = v128.load(pa, 32);
    s20 = madd(x, b0, s20);
    s21 = madd(x, b1, s21);
    x = v128.load(pa, 48);
    s30 = madd(x, b0, s30);
    s31 = madd(x, b1, s31);
    x = v128.load(pa, 64);
    s40 = madd(x, b0, s40);
    s41 = madd(x, b1, s41);
    x = v128.load(pa, 80);
    s50 = madd(x, b0, s50);
    s51 = madd(x, b1, s51);
    pa += A_STEP;
    pb += NR * 8;
  }
  const b0 = bias === 0 ? f64x2.splat(0) : v128.load(bias);
  const b1 = bias === 0 ? f64x2.splat(0) : v128.load(bias, 16);
  const u = aux !== 0;
  storeRow(c, s00, s01, add, mode, b0, b1, aux);
  storeRow(c + crs, s10, s11, add, mode, b0, b1, u ? aux + auxrs : 0);
  storeRow(c + 2 * crs, s20, s21, add, mode, b0, b1, u ? aux + 2 * auxrs : 0);
  storeRow(c + 3 * crs, s30, s31, add, mode, b0, b1, u ? aux + 3 * auxrs : 0);
  storeRow(c + 4 * crs, s40, s41, add, mode, b0, b1, u ? aux + 4 * auxrs : 0);
  storeRow(c + 5 * crs, s50, s51, add, mode, b0, b1, u ? aux + 5 * auxrs : 0);
}

/**
 * Copies A(i, p) = a[i·ars + p·acs] (byte strides) for i < rows, p < kc into a strip of MR rows, step by
 * step, each value twice (one vector, A_STEP bytes a step), the rows past `rows` zero: the tile loop then reads
 * A as plain vectors at fixed offsets, which V8 folds into the loads (a load64_splat with an offset costs it an
 * extra address computation). The source is read along whichever of its strides is the shorter.
 */
function packA(a: usize, ars: usize, acs: usize, rows: i32, kc: i32, out: usize): void {
  if (rows < MR) {
    for (let p: i32 = 0; p < kc; p++) {
      const dst = out + <usize>p * A_STEP;
      for (let r: i32 = rows; r < MR; r++) v128.store(dst + <usize>r * 16, f64x2.splat(0));
    }
  }
  if (ars < acs) {
    let src = a;
    for (let p: i32 = 0; p < kc; p++) {
      const dst = out + <usize>p * A_STEP;
      for (let r: i32 = 0; r < rows; r++)
        v128.store(dst + <usize>r * 16, v128.load64_splat(src + <usize>r * ars));
      src += acs;
    }
    return;
  }
  for (let r: i32 = 0; r < rows; r++) {
    let src = a + <usize>r * ars;
    let dst = out + <usize>r * 16;
    for (let p: i32 = 0; p < kc; p++) {
      v128.store(dst, v128.load64_splat(src));
      src += acs;
      dst += A_STEP;
    }
  }
}

/**
 * C(m×n) = A(m×k)·B(k×n), or C + A·B when `accumulate`, with every stride in elements: A(i, p) =
 * a[i·ars + p·acs], B(p, j) = b[p·brs + j·bcs] (so aᵀ, bᵀ and plain products are one function), C row-major
 * with row stride crs. After the last block of the shared dimension each entry gets bias[j] added (bias ≠ 0)
 * and the epilogue `mode`, reading aux (row stride auxrs, same shape as C) for the activation gradients.
 * `scratch` holds gemmScratchBytes() for the packed panels of B, one strip of A and one tile. C must not overlap
 * A, B or scratch. Entries are summed in an order fixed by the shapes alone, so results are deterministic.
 */
export function gemm(
  a: usize,
  ars: usize,
  acs: usize,
  b: usize,
  brs: usize,
  bcs: usize,
  c: usize,
  crs: usize,
  m: i32,
  n: i32,
  k: i32,
  accumulate: bool,
  bias: usize,
  mode: i32,
  aux: usize,
  auxrs: usize,
  scratch: usize,
): void {
  const crsB = crs * 8;
  const auxrsB = auxrs * 8;
  const arsB = ars * 8;
  const acsB = acs * 8;
  if (k === 0) {
    for (let i: i32 = 0; i < m; i++) {
      const row = c + <usize>i * crsB;
      for (let j: i32 = 0; j < n; j++) {
        const at = row + <usize>j * 8;
        const v = accumulate ? load<f64>(at) : 0;
        store<f64>(
          at,
          finish(
            v,
            bias === 0 ? 0 : load<f64>(bias + <usize>j * 8),
            aux === 0 ? 0 : load<f64>(aux + <usize>i * auxrsB + <usize>j * 8),
            mode,
          ),
        );
      }
    }
    return;
  }
  const packedA = scratch + <usize>(KC * NC) * 8;
  const tmp = packedA + <usize>KC * A_STEP;
  for (let j0: i32 = 0; j0 < n; j0 += NC) {
    const nc = min(NC, n - j0);
    for (let p0: i32 = 0; p0 < k; p0 += KC) {
      const kc = min(KC, k - p0);
      const add = accumulate || p0 > 0;
      const last = p0 + kc >= k;
      const lastMode = last ? mode : EPILOGUE_NONE;
      const lastBias: usize = last && bias !== 0 ? bias + <usize>j0 * 8 : 0;
      pack(b + (<usize>p0 * brs + <usize>j0 * bcs) * 8, brs, bcs, kc, nc, scratch);
      const aBlock = a + <usize>p0 * acsB;
      for (let i: i32 = 0; i < m; i += MR) {
        const rows = min(MR, m - i);
        packA(aBlock + <usize>i * arsB, arsB, acsB, rows, kc, packedA);
        const cRow = c + <usize>i * crsB + <usize>j0 * 8;
        const auxRow: usize = aux === 0 || !last ? 0 : aux + <usize>i * auxrsB + <usize>j0 * 8;
        for (let jj: i32 = 0; jj < nc; jj += NR) {
          const cols = min(NR, nc - jj);
          const panel = scratch + <usize>(jj * kc) * 8;
          const cAt = cRow + <usize>jj * 8;
          const bAt: usize = lastBias === 0 ? 0 : lastBias + <usize>jj * 8;
          const auxAt: usize = auxRow === 0 ? 0 : auxRow + <usize>jj * 8;
          if (rows === MR && cols === NR) {
            tile(packedA, panel, kc, cAt, crsB, add, lastMode, bAt, auxAt, auxrsB);
            continue;
          }
          // A ragged tile (the last rows, or n = 3 logits): the full tile into scratch, then only its entries.
          tile(packedA, panel, kc, tmp, NR * 8, false, EPILOGUE_NONE, 0, 0, 0);
          for (let r: i32 = 0; r < rows; r++) {
            for (let j: i32 = 0; j < cols; j++) {
              const at = cAt + <usize>r * crsB + <usize>j * 8;
              let v = load<f64>(tmp + <usize>(r * NR + j) * 8);
              if (add) v += load<f64>(at);
              if (lastMode !== EPILOGUE_NONE || bAt !== 0) {
                const b = bAt === 0 ? 0 : load<f64>(bAt + <usize>j * 8);
                const a = auxAt === 0 ? 0 : load<f64>(auxAt + <usize>r * auxrsB + <usize>j * 8);
                v = finish(v, b, a, lastMode);
              }
              store<f64>(at, v);
            }
          }
        }
      }
    }
  }
}

/**
 * out[j] = Σ_i x[i·stride + j] (+ out[j] when `accumulate`) for j < cols, rows summed in order: a bias gradient,
 * the column sums of ∂z (or of a band of its columns, with the row stride of the whole).
 */
export function columnSums(x: usize, rows: i32, cols: i32, stride: i32, out: usize, accumulate: bool): void {
  if (!accumulate) memory.fill(out, 0, <usize>cols * 8);
  const rowBytes = <usize>stride * 8;
  const pairs = cols & ~1;
  for (let i: i32 = 0; i < rows; i++) {
    const row = x + <usize>i * rowBytes;
    let j: i32 = 0;
    for (; j < pairs; j += 2) {
      const at = out + <usize>j * 8;
      v128.store(at, f64x2.add(v128.load(at), v128.load(row + <usize>j * 8)));
    }
    if (j < cols) {
      const at = out + <usize>j * 8;
      store<f64>(at, load<f64>(at) + load<f64>(row + <usize>j * 8));
    }
  }
}

/** Bytes of scratch `gemm` needs for its packed panels, strip and tile. */
export function gemmScratchBytes(): usize {
  return <usize>(KC * NC + MR * NR) * 8 + <usize>KC * A_STEP;
}
