// Shapes: sizes, numpy-style broadcasting, and the index map that broadcastTo and sumTo share.

/**
 * Lengths of the axes: [] for a scalar, [n] for a vector, [rows, cols] for a matrix.
 *
 * @example
 * const shape: Shape = [2, 3];
 * zeros(shape).shape; // → [2, 3]
 */
export type Shape = readonly number[];

/** How many numbers a tensor of this shape holds. */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Whether two shapes are identical. */
export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** A shape as people write it, for error messages: `[2, 3]`. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/** The shape two operands broadcast to (numpy rules: align right, a 1 or a missing axis stretches). */
export function broadcastShapes(a: Shape, b: Shape): Shape {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(`cannot broadcast shapes ${formatShape(a)} and ${formatShape(b)}`);
    }
    out.push(da === 1 ? db : da);
  }
  return out;
}

/**
 * For each flat (row-major) index of `to`, the flat index of `from` that broadcasting reads there.
 * broadcastTo gathers through this map and sumTo scatters through it, so the two stay each other's
 * adjoint by construction.
 */
export function broadcastIndex(from: Shape, to: Shape): Int32Array {
  const rank = to.length;
  const offset = rank - from.length;
  const fail = (): Error => new Error(`cannot broadcast shape ${formatShape(from)} to ${formatShape(to)}`);
  if (offset < 0) throw fail();
  const strides = new Int32Array(rank);
  let stride = 1;
  for (let j = rank - 1; j >= 0; j--) {
    const d = j >= offset ? from[j - offset]! : 1;
    if (d !== to[j] && d !== 1) throw fail();
    strides[j] = d === 1 ? 0 : stride;
    stride *= d;
  }
  const map = new Int32Array(sizeOf(to));
  const counter = new Int32Array(rank);
  let at = 0;
  for (let i = 0; i < map.length; i++) {
    map[i] = at;
    for (let j = rank - 1; j >= 0; j--) {
      at += strides[j]!;
      if (++counter[j]! < to[j]!) break;
      at -= strides[j]! * to[j]!;
      counter[j] = 0;
    }
  }
  return map;
}
