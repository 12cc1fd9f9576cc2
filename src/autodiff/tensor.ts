// Tensor: a row-major Float64Array with a shape and, while being differentiated, the op that made it.

import { formatShape, type Shape, sizeOf } from './shape.js';

/** Maps the gradient of an op's output to the gradient of one of its inputs, using tensor ops. */
export type Rule = (g: Tensor) => Tensor;

/** An op application: its inputs and one backward rule per input. */
export interface Node {
  readonly inputs: readonly Tensor[];
  readonly backward: readonly Rule[];
}

/**
 * Numbers nested as arrays, one level per axis: `2`, `[1, 2]`, `[[1, 2], [3, 4]]`.
 *
 * @example
 * const rows: NestedNumbers = [[1, 2], [3, 4]];
 * tensor(rows).shape; // → [2, 2]
 */
export type NestedNumbers = number | readonly NestedNumbers[];

/**
 * Anything an op accepts as an operand: a tensor, or a plain number standing for a scalar.
 *
 * @example
 * const twice = (x: TensorLike) => mul(x, 2);
 * twice(3).item(); // → 6
 * twice(tensor([1, 2])).toArray(); // → [2, 4]
 */
export type TensorLike = Tensor | number;

/**
 * An immutable array of numbers with a shape. Ops never write into `data`, and some (reshape, the
 * variables grad makes) share it, so treat it as read-only.
 *
 * @example
 * const m = new Tensor(Float64Array.of(1, 2, 3, 4), [2, 2]);
 * m.toArray(); // → [[1, 2], [3, 4]]
 */
export class Tensor {
  readonly data: Float64Array;
  readonly shape: Shape;
  /** The op that produced this tensor from tracked inputs; null for constants. Internal to autodiff. */
  readonly node: Node | null;

  constructor(data: Float64Array, shape: Shape, node: Node | null = null) {
    if (!shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new Error(`a shape holds non-negative integers, got ${formatShape(shape)}`);
    }
    if (data.length !== sizeOf(shape)) {
      throw new Error(`shape ${formatShape(shape)} needs ${sizeOf(shape)} numbers, got ${data.length}`);
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this.node = node;
  }

  /** How many numbers it holds. */
  get size(): number {
    return this.data.length;
  }

  /**
   * The single number of a tensor of size 1.
   *
   * @example
   * tensor(3).item(); // → 3
   */
  item(): number {
    if (this.size !== 1)
      throw new Error(`item() needs a tensor of size 1, got shape ${formatShape(this.shape)}`);
    return this.data[0]!;
  }

  /**
   * The numbers as nested arrays, one level per axis (a plain number for a scalar).
   *
   * @example
   * tensor([[1, 2], [3, 4]]).toArray(); // → [[1, 2], [3, 4]]
   */
  toArray(): NestedNumbers {
    const build = (axis: number, at: number): NestedNumbers => {
      if (axis === this.shape.length) return this.data[at]!;
      const step = sizeOf(this.shape.slice(axis + 1));
      return Array.from({ length: this.shape[axis]! }, (_, i) => build(axis + 1, at + i * step));
    };
    return build(0, 0);
  }
}

/**
 * A constant tensor from a number, nested arrays or a Float64Array (copied). Without `shape`, nested
 * arrays give their own shape and a Float64Array is a vector.
 *
 * @example
 * tensor(2).shape; // → []
 * tensor([[1, 2, 3], [4, 5, 6]]).shape; // → [2, 3]
 * tensor([1, 2, 3, 4], [2, 2]).toArray(); // → [[1, 2], [3, 4]]
 */
export function tensor(values: NestedNumbers | Float64Array, shape?: Shape): Tensor {
  if (values instanceof Float64Array) return new Tensor(values.slice(), shape ?? [values.length]);
  const own: number[] = [];
  for (let v: NestedNumbers | undefined = values; Array.isArray(v); v = v[0]) own.push(v.length);
  const flat: number[] = [];
  const collect = (v: NestedNumbers, axis: number): void => {
    if (typeof v === 'number' ? axis !== own.length : v.length !== own[axis]) {
      throw new Error('nested arrays must be rectangular (every row the same length)');
    }
    if (typeof v === 'number') flat.push(v);
    else for (const item of v) collect(item, axis + 1);
  };
  collect(values, 0);
  return new Tensor(Float64Array.from(flat), shape ?? own);
}

/**
 * A constant tensor of zeros.
 *
 * @example
 * zeros([2]).toArray(); // → [0, 0]
 */
export function zeros(shape: Shape): Tensor {
  return new Tensor(new Float64Array(sizeOf(shape)), shape);
}

/**
 * A constant tensor of ones.
 *
 * @example
 * ones([2]).toArray(); // → [1, 1]
 */
export function ones(shape: Shape): Tensor {
  return new Tensor(new Float64Array(sizeOf(shape)).fill(1), shape);
}

/** A number becomes a constant scalar; a tensor passes through. */
export function toTensor(value: TensorLike): Tensor {
  return typeof value === 'number' ? new Tensor(Float64Array.of(value), []) : value;
}
