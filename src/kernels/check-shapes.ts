// Argument checks shared by the kernels: once per call, so that a short array fails loudly instead of reading undefined as NaN.

/** Throws a RangeError unless x holds rows × cols values and y holds rows. */
export function checkData(x: Float64Array, y: Float64Array, rows: number, cols: number): void {
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 1) {
    throw new RangeError(`rows must be a whole number ≥ 0 and cols ≥ 1, got ${rows} × ${cols}`);
  }
  if (x.length < rows * cols)
    throw new RangeError(`x holds ${x.length} values, fewer than ${rows} × ${cols}`);
  if (y.length < rows) throw new RangeError(`y holds ${y.length} values, fewer than ${rows} rows`);
}

/** Throws a RangeError unless params and grad hold cols + 1 values (the weights, then the bias). */
export function checkParams(cols: number, params: Float64Array, grad: Float64Array): void {
  if (params.length < cols + 1)
    throw new RangeError(`params holds ${params.length} values, fewer than ${cols} + 1`);
  if (grad.length < cols + 1)
    throw new RangeError(`grad holds ${grad.length} values, fewer than ${cols} + 1`);
}
