// perRows: buffers made once per batch size and reused, so training loops allocate nothing per step.

/**
 * Memoizes `make` by row count. A fit meets few sizes (the batch, the last partial batch, the
 * validation set), so this is a handful of buffer sets for a whole run.
 *
 * @example
 * const buffers = perRows((rows) => new Float64Array(rows));
 * buffers(32) === buffers(32); // true
 */
export function perRows<T>(make: (rows: number) => T): (rows: number) => T {
  const cache = new Map<number, T>();
  return (rows) => {
    let value = cache.get(rows);
    if (value === undefined) {
      value = make(rows);
      cache.set(rows, value);
    }
    return value;
  };
}
