// denseForward and denseBackward: one thread's share of a dense network's passes over a chunk of rows (AssemblyScript).

import { columnSums, EPILOGUE_NONE, gemm, MR, NR } from './gemm';

/**
 * A network is described by 32-bit words at `net` (byte addresses of 16-byte aligned float64 arrays): its depth
 * (layers), the threads sharing its passes, where its params, gradient, rows of x and each thread's gemm scratch
 * are, the forward and backward epilogue codes of the activation, then the depth + 1 widths and the depth
 * addresses of each layer's activations a and of its ∂z (each maxRows × width, row-major).
 */
export const NET_DEPTH: i32 = 0;
export const NET_THREADS: i32 = 1;
export const NET_PARAMS: i32 = 2;
export const NET_GRAD: i32 = 3;
export const NET_X: i32 = 4;
export const NET_SCRATCH: i32 = 5;
export const NET_SCRATCH_BYTES: i32 = 6;
export const NET_FORWARD_MODE: i32 = 7;
export const NET_BACKWARD_MODE: i32 = 8;
export const NET_WIDTHS: i32 = 9;

function word(net: usize, index: i32): usize {
  return <usize>load<u32>(net + <usize>index * 4);
}

function width(net: usize, l: i32): i32 {
  return <i32>word(net, NET_WIDTHS + l);
}

/** Layer l's activations (l < depth), or x for l = −1. */
function activations(net: usize, l: i32): usize {
  return l < 0 ? word(net, NET_X) : word(net, NET_WIDTHS + <i32>word(net, NET_DEPTH) + 1 + l);
}

function deltas(net: usize, l: i32): usize {
  const depth = <i32>word(net, NET_DEPTH);
  return word(net, NET_WIDTHS + 2 * depth + 1 + l);
}

/** Float64 index of layer l's weight [out, in] in the flat params; its bias [out] follows it. */
function weightOffset(net: usize, l: i32): usize {
  let offset: usize = 0;
  for (let i: i32 = 0; i < l; i++) offset += <usize>width(net, i + 1) * <usize>(width(net, i) + 1);
  return offset;
}

/**
 * The first of thread t's items when n items are dealt to `threads` threads in runs of `grain` (a whole gemm
 * tile's rows or columns), as evenly as the runs allow.
 */
function shareStart(n: i32, grain: i32, t: i32, threads: i32): i32 {
  const runs = (n + grain - 1) / grain;
  return min(n, <i32>((<i64>runs * t) / threads) * grain);
}

/**
 * Thread t's rows of the forward pass over `rows` rows of x: z = a·Wᵀ + b layer by layer with the activation
 * fused into the stores (none on the last layer). Each row's outputs depend on that row alone, so the rows
 * are split and every entry is summed exactly as on one thread.
 */
export function denseForward(net: usize, t: i32, rows: i32): void {
  const threads = <i32>word(net, NET_THREADS);
  const r0 = shareStart(rows, MR, t, threads);
  const r1 = shareStart(rows, MR, t + 1, threads);
  if (r0 >= r1) return;
  const depth = <i32>word(net, NET_DEPTH);
  const params = word(net, NET_PARAMS);
  const scratch = word(net, NET_SCRATCH) + <usize>t * word(net, NET_SCRATCH_BYTES);
  const forwardMode = <i32>word(net, NET_FORWARD_MODE);
  let offset: usize = 0;
  for (let l: i32 = 0; l < depth; l++) {
    const fanIn = width(net, l);
    const fanOut = width(net, l + 1);
    const weight = params + offset * 8;
    const bias = weight + <usize>(fanIn * fanOut) * 8;
    const below = activations(net, l - 1) + <usize>(r0 * fanIn) * 8;
    const out = activations(net, l) + <usize>(r0 * fanOut) * 8;
    const mode = l === depth - 1 ? EPILOGUE_NONE : forwardMode;
    // B(p, j) = W[j·in + p]: Wᵀ read in place, packed by gemm.
    gemm(
      below,
      fanIn,
      1,
      weight,
      1,
      fanIn,
      out,
      fanOut,
      r1 - r0,
      fanOut,
      fanIn,
      false,
      bias,
      mode,
      0,
      0,
      scratch,
    );
    offset += <usize>(fanOut * (fanIn + 1));
  }
}

/**
 * Thread t's share of backward stage l, once ∂z of layer l is complete for all `rows` rows. On the last layer
 * it first takes its band of ∂W = ∂zᵀ·a (columns: inputs of the layer) and thread 0 the bias gradient Σ ∂z.
 * Then, for the same band S of layer l − 1's units: ∂z below[:, S] = (∂z·W[:, S]) ⊙ f'(a[:, S]), and from that
 * band alone layer l − 1's ∂W[S, :] = ∂z below[:, S]ᵀ·a below and ∂b[S]. The bands split the products by
 * columns or rows of their results, never the sums over rows, so every entry is summed as on one thread and
 * nothing needs adding up across threads; stage l − 1 may start once every thread has finished stage l.
 * `accumulate` adds to the gradient (later chunks of one batch) instead of overwriting it.
 */
export function denseBackward(net: usize, t: i32, rows: i32, l: i32, accumulate: bool): void {
  const threads = <i32>word(net, NET_THREADS);
  const depth = <i32>word(net, NET_DEPTH);
  const params = word(net, NET_PARAMS);
  const grad = word(net, NET_GRAD);
  const scratch = word(net, NET_SCRATCH) + <usize>t * word(net, NET_SCRATCH_BYTES);
  const fanIn = width(net, l);
  const fanOut = width(net, l + 1);
  const offset = weightOffset(net, l);
  const dz = deltas(net, l);
  const below = activations(net, l - 1);
  const c0 = shareStart(fanIn, NR, t, threads);
  const c1 = shareStart(fanIn, NR, t + 1, threads);
  if (l === depth - 1) {
    // ∂W[:, S] (out × in): A(i, p) = ∂z[p·out + i], B = a below row-major from column c0.
    if (c0 < c1) {
      const g = grad + (offset + <usize>c0) * 8;
      gemm(
        dz,
        1,
        fanOut,
        below + <usize>c0 * 8,
        fanIn,
        1,
        g,
        fanIn,
        fanOut,
        c1 - c0,
        rows,
        accumulate,
        0,
        EPILOGUE_NONE,
        0,
        0,
        scratch,
      );
    }
    if (t === 0)
      columnSums(dz, rows, fanOut, fanOut, grad + (offset + <usize>(fanIn * fanOut)) * 8, accumulate);
  }
  if (l === 0 || c0 >= c1) return;
  const weight = params + offset * 8;
  const dzBelow = deltas(net, l - 1);
  // ∂z below[:, S] = (∂z·W[:, S]) ⊙ f'(a below[:, S]), W row-major out × in.
  const mode = <i32>word(net, NET_BACKWARD_MODE);
  const band = dzBelow + <usize>c0 * 8;
  gemm(
    dz,
    fanOut,
    1,
    weight + <usize>c0 * 8,
    fanIn,
    1,
    band,
    fanIn,
    rows,
    c1 - c0,
    fanOut,
    false,
    0,
    mode,
    below + <usize>c0 * 8,
    fanIn,
    scratch,
  );
  // Layer l − 1's ∂W[S, :] = ∂z below[:, S]ᵀ·(its input), and ∂b[S].
  const inputs = width(net, l - 1);
  const offsetBelow = weightOffset(net, l - 1);
  const g = grad + (offsetBelow + <usize>(c0 * inputs)) * 8;
  gemm(
    band,
    1,
    fanIn,
    activations(net, l - 2),
    inputs,
    1,
    g,
    inputs,
    c1 - c0,
    inputs,
    rows,
    accumulate,
    0,
    EPILOGUE_NONE,
    0,
    0,
    scratch,
  );
  const biasGrad = grad + (offsetBelow + <usize>(fanIn * inputs) + <usize>c0) * 8;
  columnSums(band, rows, c1 - c0, fanIn, biasGrad, accumulate);
}
