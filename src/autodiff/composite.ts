// Ops composed from the primitives, so their derivatives (of any order) need no rules of their own.

import { add, matmul2d, mul, neg, reciprocal, reshape, step, sumTo } from './primitives.js';
import { formatShape } from './shape.js';
import { type Tensor, type TensorLike, toTensor } from './tensor.js';

/**
 * a − b, broadcasting like add.
 *
 * @example
 * sub(tensor([5, 7]), 2).toArray(); // → [3, 5]
 */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  return add(a, neg(toTensor(b)));
}

/**
 * a / b, broadcasting like mul.
 *
 * @example
 * div(tensor([1, 3]), 2).toArray(); // → [0.5, 1.5]
 */
export function div(a: TensorLike, b: TensorLike): Tensor {
  return mul(a, reciprocal(toTensor(b)));
}

/**
 * x².
 *
 * @example
 * square(tensor([-3])).toArray(); // → [9]
 */
export function square(x: Tensor): Tensor {
  return mul(x, x);
}

/**
 * −1, 0 or 1 by the sign of x; its derivative is 0.
 *
 * @example
 * sign(tensor([-2, 0, 5])).toArray(); // → [-1, 0, 1]
 */
export function sign(x: Tensor): Tensor {
  return add(step(x), neg(step(neg(x))));
}

/**
 * |x|, with derivative sign(x) (0 at 0).
 *
 * @example
 * abs(tensor([-2, 3])).toArray(); // → [2, 3]
 */
export function abs(x: Tensor): Tensor {
  return mul(x, sign(x));
}

function normalizeAxis(x: Tensor, axis: number): number {
  const rank = x.shape.length;
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new Error(`axis ${axis} does not exist in shape ${formatShape(x.shape)}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/**
 * The sum of all elements (a scalar), or along one axis, which disappears from the shape.
 * A negative axis counts from the end.
 *
 * @example
 * sum(tensor([[1, 2], [3, 4]])).item(); // → 10
 * sum(tensor([[1, 2], [3, 4]]), 0).toArray(); // → [4, 6]
 */
export function sum(x: Tensor, axis?: number): Tensor {
  if (axis === undefined) return sumTo(x, []);
  const a = normalizeAxis(x, axis);
  const kept = x.shape.map((d, i) => (i === a ? 1 : d));
  return reshape(
    sumTo(x, kept),
    x.shape.filter((_, i) => i !== a),
  );
}

/**
 * The mean of all elements, or along one axis, like sum.
 *
 * @example
 * mean(tensor([1, 2, 3, 4])).item(); // → 2.5
 */
export function mean(x: Tensor, axis?: number): Tensor {
  const count = axis === undefined ? x.size : x.shape[normalizeAxis(x, axis)]!;
  return mul(sum(x, axis), 1 / count);
}

/**
 * The matrix product, numpy-style: [m, k]·[k, n] → [m, n], [m, k]·[k] → [m], [k]·[k, n] → [n] and
 * [k]·[k] → [] (the dot product).
 *
 * @example
 * matmul(tensor([[1, 2], [3, 4]]), tensor([1, 1])).toArray(); // → [3, 7]
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.shape.length < 1 || a.shape.length > 2 || b.shape.length < 1 || b.shape.length > 2) {
    throw new Error(
      `matmul takes vectors and matrices, got shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}`,
    );
  }
  const left = a.shape.length === 1 ? reshape(a, [1, a.size]) : a;
  const right = b.shape.length === 1 ? reshape(b, [b.size, 1]) : b;
  const product = matmul2d(left, right);
  const shape = [
    ...(a.shape.length === 2 ? [a.shape[0]!] : []),
    ...(b.shape.length === 2 ? [b.shape[1]!] : []),
  ];
  return shape.length === 2 ? product : reshape(product, shape);
}

/**
 * Σ aᵢbᵢ over all elements of two tensors of one shape (or broadcastable shapes).
 *
 * @example
 * dot(tensor([1, 2, 3]), tensor([4, 5, 6])).item(); // → 32
 */
export function dot(a: TensorLike, b: TensorLike): Tensor {
  return sum(mul(a, b));
}
