// Params: a model's parameters as a plain named tree of Float64Arrays, and its flat-vector layout.

/**
 * Named parameter arrays, e.g. `{ "layer1.weight": …, "layer1.bias": … }`; shapes live in the layout.
 *
 * @example
 * const params: Params = { weight: Float64Array.of(2), bias: Float64Array.of(1) };
 * [...linear(1).apply(params, Float64Array.of(10))]; // → [21]
 */
export type Params = Record<string, Float64Array>;

/** One named array: its shape (row-major) and where it sits in the flat vector. */
export interface ParamEntry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly offset: number;
  readonly size: number;
}

/** The order and shapes of a model's parameters; the optimizer sees them as one vector of `size`. */
export interface ParamLayout {
  readonly entries: readonly ParamEntry[];
  readonly size: number;
}

/** A JSON-ready array nested as a shape says: numbers for a vector, arrays of rows for a matrix. */
export type NestedArray = number[] | NestedArray[];

/**
 * Lays named shapes end to end, in the order given.
 *
 * @example
 * const layout = paramLayout([{ name: 'weight', shape: [2] }, { name: 'bias', shape: [1] }]);
 * layout.size; // 3, bias at offset 2
 */
export function paramLayout(shapes: readonly { name: string; shape: readonly number[] }[]): ParamLayout {
  let offset = 0;
  const entries = shapes.map(({ name, shape }) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const entry = { name, shape: [...shape], offset, size };
    offset += size;
    return entry;
  });
  return { entries, size: offset };
}

/**
 * Copies a params tree into one flat vector in layout order; a missing name or a wrong length is a bug.
 *
 * @example
 * const { layout } = linear(2);
 * [...flattenParams({ weight: Float64Array.of(1, 2), bias: Float64Array.of(3) }, layout)]; // → [1, 2, 3]
 */
export function flattenParams(params: Params, layout: ParamLayout): Float64Array {
  const flat = new Float64Array(layout.size);
  for (const entry of layout.entries) {
    const values = params[entry.name];
    if (values === undefined || values.length !== entry.size) {
      throw new Error(`params: "${entry.name}" needs ${entry.size} numbers, got ${values?.length ?? 'none'}`);
    }
    flat.set(values, entry.offset);
  }
  return flat;
}

/**
 * Splits a flat vector into a params tree of copies, so the tree outlives later updates of `flat`.
 *
 * @example
 * const { layout } = linear(2);
 * const params = unflattenParams(Float64Array.of(1, 2, 3), layout);
 * [...params.weight!, ...params.bias!]; // → [1, 2, 3]
 */
export function unflattenParams(flat: Float64Array, layout: ParamLayout): Params {
  if (flat.length !== layout.size)
    throw new Error(`params: ${flat.length} numbers for a layout of ${layout.size}`);
  const params: Params = {};
  for (const entry of layout.entries)
    params[entry.name] = flat.slice(entry.offset, entry.offset + entry.size);
  return params;
}

/**
 * A row-major array as nested plain arrays of the given shape, for JSON.
 *
 * @example
 * nestArray(Float64Array.of(1, 2, 3, 4), [2, 2]); // [[1, 2], [3, 4]]
 */
export function nestArray(values: Float64Array, shape: readonly number[]): NestedArray {
  if (shape.length <= 1) return Array.from(values);
  const rows = shape[0]!;
  const inner = shape.slice(1);
  const size = values.length / rows;
  return Array.from({ length: rows }, (_, r) => nestArray(values.subarray(r * size, (r + 1) * size), inner));
}
