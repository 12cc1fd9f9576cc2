// Loss: a per-example error averaged over a batch (the "cost" of seed 001), with its gradient.

/** What a loss compares predictions with: numbers, a 0/1 label per row, or a class index per row. */
export type LossTarget = 'regression' | 'binary' | 'multiclass';

/**
 * A pure function of predictions and targets. `pred` holds `outputs` numbers per example (logits
 * for the classification losses), `target` one number per example. `evaluate` returns the mean of
 * the per-example losses and, when `grad` is given, overwrites it with ∂mean/∂pred.
 *
 * @example
 * const loss: Loss = mse();
 * const grad = new Float64Array(2);
 * loss.evaluate(Float64Array.of(1, 3), Float64Array.of(0, 3), grad); // → 0.5
 * [...grad]; // → [1, 0]
 */
export interface Loss {
  readonly name: LossName;
  readonly target: LossTarget;
  evaluate(pred: Float64Array, target: Float64Array, grad?: Float64Array): number;
}

/**
 * The losses by name: mean squared error, mean absolute error, Huber, binary and categorical cross-entropy.
 *
 * @example
 * const names: LossName[] = ['mse', 'mae', 'huber'];
 * names.map((n) => createLoss(n).evaluate(Float64Array.of(2), Float64Array.of(0))); // → [4, 2, 1.5]
 */
export type LossName = 'mse' | 'mae' | 'huber' | 'bce' | 'ce';

/** Every loss by name (the loss setting's choices). */
export const lossNames: readonly LossName[] = ['mse', 'mae', 'huber', 'bce', 'ce'];

/**
 * Checks that predictions, targets and gradient buffer agree: `outputs` predictions per target.
 * Shapes come from code, not from people, so a mismatch is a bug (a plain Error).
 *
 * @example
 * checkShapes('mse', Float64Array.of(1, 2), Float64Array.of(1), undefined, 1); // throws: 2 predictions for 1 targets
 */
export function checkShapes(
  name: string,
  pred: Float64Array,
  target: Float64Array,
  grad: Float64Array | undefined,
  outputs: number,
): void {
  if (target.length === 0) throw new Error(`${name}: no examples`);
  if (pred.length !== target.length * outputs) {
    throw new Error(
      `${name}: ${pred.length} predictions for ${target.length} targets (${outputs} per target expected)`,
    );
  }
  if (grad !== undefined && grad.length < pred.length) {
    throw new Error(`${name}: gradient buffer holds ${grad.length} numbers, ${pred.length} needed`);
  }
}

/**
 * The value and a fresh gradient of a loss, for callers that do not keep buffers.
 *
 * @example
 * const { value, grad } = lossValueAndGrad(mse(), Float64Array.of(1, 2), Float64Array.of(0, 2));
 * // value 0.5, grad [1, 0]
 */
export function lossValueAndGrad(
  loss: Loss,
  pred: Float64Array,
  target: Float64Array,
): { value: number; grad: Float64Array } {
  const grad = new Float64Array(pred.length);
  const value = loss.evaluate(pred, target, grad);
  return { value, grad };
}
