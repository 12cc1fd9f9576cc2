// The closed set of primitive ops: each forward loop sits beside its backward rule, and every rule is
// written in these same ops, so derivatives of derivatives come for free.

import { record } from './graph.js';
import { broadcastIndex, broadcastShapes, formatShape, type Shape, sameShape, sizeOf } from './shape.js';
import { type Rule, type Tensor, type TensorLike, toTensor, zeros } from './tensor.js';

function unary(x: Tensor, f: (v: number) => number, rule: (g: Tensor, out: Tensor) => Tensor): Tensor {
  const data = new Float64Array(x.size);
  for (let i = 0; i < data.length; i++) data[i] = f(x.data[i]!);
  const out: Tensor = record(data, x.shape, [x], [(g) => rule(g, out)]);
  return out;
}

function broadcastPair(a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  const x = toTensor(a);
  const y = toTensor(b);
  const shape = broadcastShapes(x.shape, y.shape);
  return [broadcastTo(x, shape), broadcastTo(y, shape)];
}

/**
 * a + b, element by element, broadcasting (a scalar over anything, a row [c] over a matrix [r, c]).
 *
 * @example
 * add(tensor([[1, 2], [3, 4]]), tensor([10, 20])).toArray(); // → [[11, 22], [13, 24]]
 */
export function add(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = broadcastPair(a, b);
  const data = new Float64Array(x.size);
  for (let i = 0; i < data.length; i++) data[i] = x.data[i]! + y.data[i]!;
  return record(data, x.shape, [x, y], [(g) => g, (g) => g]);
}

/**
 * a · b, element by element, broadcasting like add.
 *
 * @example
 * mul(tensor([1, 2]), 3).toArray(); // → [3, 6]
 */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = broadcastPair(a, b);
  const data = new Float64Array(x.size);
  for (let i = 0; i < data.length; i++) data[i] = x.data[i]! * y.data[i]!;
  return record(data, x.shape, [x, y], [(g) => mul(g, y), (g) => mul(g, x)]);
}

/**
 * −x.
 *
 * @example
 * neg(tensor([1, -2])).toArray(); // → [-1, 2]
 */
export function neg(x: Tensor): Tensor {
  return unary(
    x,
    (v) => -v,
    (g) => neg(g),
  );
}

/**
 * 1 / x.
 *
 * @example
 * reciprocal(tensor([2, 4])).toArray(); // → [0.5, 0.25]
 */
export function reciprocal(x: Tensor): Tensor {
  return unary(
    x,
    (v) => 1 / v,
    (g, out) => neg(mul(g, mul(out, out))),
  );
}

/**
 * eˣ.
 *
 * @example
 * exp(tensor([0])).toArray(); // → [1]
 */
export function exp(x: Tensor): Tensor {
  return unary(x, Math.exp, (g, out) => mul(g, out));
}

/**
 * Natural logarithm.
 *
 * @example
 * log(tensor([1])).toArray(); // → [0]
 */
export function log(x: Tensor): Tensor {
  return unary(x, Math.log, (g) => mul(g, reciprocal(x)));
}

/**
 * sin x (radians).
 *
 * @example
 * sin(tensor([0])).toArray(); // → [0]
 */
export function sin(x: Tensor): Tensor {
  return unary(x, Math.sin, (g) => mul(g, cos(x)));
}

/**
 * cos x (radians).
 *
 * @example
 * cos(tensor([0])).toArray(); // → [1]
 */
export function cos(x: Tensor): Tensor {
  return unary(x, Math.cos, (g) => neg(mul(g, sin(x))));
}

/**
 * √x.
 *
 * @example
 * sqrt(tensor([9])).toArray(); // → [3]
 */
export function sqrt(x: Tensor): Tensor {
  return unary(x, Math.sqrt, (g, out) => mul(g, mul(0.5, reciprocal(out))));
}

/**
 * xᵖ for a constant exponent p.
 *
 * @example
 * pow(tensor([2, 3]), 2).toArray(); // → [4, 9]
 */
export function pow(x: Tensor, p: number): Tensor {
  // p = 0 would otherwise give 0 · x⁻¹ = NaN at x = 0.
  return unary(
    x,
    (v) => v ** p,
    (g) => (p === 0 ? zeros(x.shape) : mul(g, mul(p, pow(x, p - 1)))),
  );
}

/**
 * tanh x. A primitive rather than (e²ˣ − 1)/(e²ˣ + 1), which overflows to NaN for large x; its rule
 * 1 − tanh² is still in ops, so it differentiates any number of times.
 *
 * @example
 * tanh(tensor([0])).toArray(); // → [0]
 */
export function tanh(x: Tensor): Tensor {
  return unary(x, Math.tanh, (g, out) => mul(g, add(1, neg(mul(out, out)))));
}

/**
 * The logistic function 1 / (1 + e⁻ˣ). A primitive because composing it gives 0 · ∞ = NaN in the
 * gradient for very negative x; its rule s(1 − s) is in ops, so it differentiates any number of times.
 *
 * @example
 * sigmoid(tensor([0])).toArray(); // → [0.5]
 */
export function sigmoid(x: Tensor): Tensor {
  const logistic = (v: number): number => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
  return unary(x, logistic, (g, out) => mul(g, mul(out, add(1, neg(out)))));
}

/**
 * The unit step: 1 where x > 0, else 0. Its derivative is 0 everywhere (at 0 too, by choice), which
 * gives relu and abs the subgradient 0 at their kink.
 *
 * @example
 * step(tensor([-1, 0, 2])).toArray(); // → [0, 0, 1]
 */
export function step(x: Tensor): Tensor {
  return unary(
    x,
    (v) => (v > 0 ? 1 : 0),
    () => zeros(x.shape),
  );
}

/**
 * max(x, 0), with derivative 0 at 0 (as PyTorch and JAX have it). A primitive only so that negative x
 * gives 0 rather than the −0 of x · step(x).
 *
 * @example
 * relu(tensor([-1, 2])).toArray(); // → [0, 2]
 */
export function relu(x: Tensor): Tensor {
  return unary(
    x,
    (v) => Math.max(v, 0),
    (g) => mul(g, step(x)),
  );
}

/**
 * Stretches x to `shape` by numpy broadcasting (a scalar to anything, [c] to [r, c], [r, 1] to [r, c]).
 * Its gradient sums over the stretched axes.
 *
 * @example
 * broadcastTo(tensor([1, 2]), [2, 2]).toArray(); // → [[1, 2], [1, 2]]
 */
export function broadcastTo(x: Tensor, shape: Shape): Tensor {
  if (sameShape(x.shape, shape)) return x;
  const data = new Float64Array(sizeOf(shape));
  if (x.size === 1 && x.shape.length <= shape.length) data.fill(x.data[0]!);
  else {
    const map = broadcastIndex(x.shape, shape);
    for (let i = 0; i < map.length; i++) data[i] = x.data[map[i]!]!;
  }
  return record(data, shape, [x], [(g) => sumTo(g, x.shape)]);
}

/**
 * Sums x down to `shape`, the reverse of broadcastTo: over leading axes it lacks and axes where it has
 * a 1. `sumTo(x, [])` is the total.
 *
 * @example
 * sumTo(tensor([[1, 2], [3, 4]]), [2]).toArray(); // → [4, 6]
 */
export function sumTo(x: Tensor, shape: Shape): Tensor {
  if (sameShape(x.shape, shape)) return x;
  const data = new Float64Array(sizeOf(shape));
  if (data.length === 1 && shape.length <= x.shape.length) {
    let total = 0;
    for (let i = 0; i < x.size; i++) total += x.data[i]!;
    data[0] = total;
  } else {
    const map = broadcastIndex(shape, x.shape);
    for (let i = 0; i < map.length; i++) data[map[i]!]! += x.data[i]!;
  }
  return record(data, shape, [x], [(g) => broadcastTo(g, x.shape)]);
}

/**
 * The same numbers in row-major order under another shape of the same size.
 *
 * @example
 * reshape(tensor([1, 2, 3, 4]), [2, 2]).toArray(); // → [[1, 2], [3, 4]]
 */
export function reshape(x: Tensor, shape: Shape): Tensor {
  if (sizeOf(shape) !== x.size) {
    throw new Error(`cannot reshape ${formatShape(x.shape)} (${x.size} numbers) to ${formatShape(shape)}`);
  }
  return record(x.data, shape, [x], [(g) => reshape(g, x.shape)]);
}

/**
 * The transpose of a matrix; scalars and vectors come back unchanged.
 *
 * @example
 * transpose(tensor([[1, 2, 3]])).toArray(); // → [[1], [2], [3]]
 */
export function transpose(x: Tensor): Tensor {
  if (x.shape.length < 2) return x;
  if (x.shape.length > 2) throw new Error(`transpose takes a matrix, got shape ${formatShape(x.shape)}`);
  const [rows, cols] = x.shape as [number, number];
  const data = new Float64Array(x.size);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[j * rows + i] = x.data[i * cols + j]!;
  return record(data, [cols, rows], [x], [(g) => transpose(g)]);
}

/** The matrix product of [m, k] and [k, n]; `matmul` adds the vector cases on top. */
export function matmul2d(a: Tensor, b: Tensor): Tensor {
  if (a.shape.length !== 2 || b.shape.length !== 2 || a.shape[1] !== b.shape[0]) {
    throw new Error(`matmul cannot multiply shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  const [m, k] = a.shape as [number, number];
  const n = b.shape[1]!;
  const data = new Float64Array(m * n);
  // i-p-j order walks both b and the output along rows, which keeps the inner loop in cache; a
  // matrix-vector product (n = 1) is a plain dot product per row instead.
  for (let i = 0; i < m; i++) {
    if (n === 1) {
      let total = 0;
      for (let p = 0; p < k; p++) total += a.data[i * k + p]! * b.data[p]!;
      data[i] = total;
      continue;
    }
    for (let p = 0; p < k; p++) {
      const aip = a.data[i * k + p]!;
      for (let j = 0; j < n; j++) data[i * n + j]! += aip * b.data[p * n + j]!;
    }
  }
  // b's rule is (gᵀa)ᵀ rather than aᵀg: it reads a row by row and never copies it, a often being the
  // data matrix of a model.
  const rules: Rule[] = [(g) => matmul2d(g, transpose(b)), (g) => transpose(matmul2d(transpose(g), a))];
  return record(data, [m, n], [a, b], rules);
}
