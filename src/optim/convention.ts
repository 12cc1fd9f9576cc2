// Convention: whose published update rule an optimizer follows where PyTorch and TensorFlow.js differ.

/**
 * downhill follows torch.optim by default. TensorFlow.js (tfjs-core `src/optimizers/*.ts`) differs in
 * a few places, and `convention: 'tfjs'` reproduces it:
 * - eps defaults to 1e-7 (tfjs's backend epsilon) instead of PyTorch's per-optimizer default;
 * - rmsprop divides by √(v + ε) (ε inside the root) instead of √v + ε, and folds the learning rate
 *   into its momentum buffer (the same with a constant rate, not under a schedule);
 * - adadelta divides by √(E[g²]ₜ₋₁ + ε) — the average *before* this step's gradient is added;
 * - adagrad divides by √(Σg² + ε) and starts its accumulator at 0.1;
 * - adamax keeps u = max(b2·u, |g|) and divides by u + ε (PyTorch: u = max(b2·u, |g| + ε)).
 * Adam, AMSGrad, AdamW, NAdam, SGD and momentum share PyTorch's formulas; only eps moves.
 *
 * @example
 * // tfjs's RMSprop keeps ε inside the square root and defaults it to 1e-7; PyTorch's adds 1e-8 outside
 * const torch = createMethod('rmsprop', { learningRate: 0.1 });
 * const tfjs = createMethod('rmsprop', { learningRate: 0.1, convention: 'tfjs' as Convention });
 * [torch.info.eps, tfjs.info.eps]; // → [1e-8, 1e-7]
 */
export type Convention = 'pytorch' | 'tfjs';

/** TensorFlow.js's default epsilon (`ENGINE.backend.epsilon()` for float32). */
export const tfjsEpsilon = 1e-7;

/**
 * The eps an optimizer uses when none is given: PyTorch's default for it, or tfjs's 1e-7.
 *
 * @example
 * defaultEps('tfjs', 1e-8); // 1e-7
 */
export function defaultEps(convention: Convention, pytorchDefault: number): number {
  return convention === 'tfjs' ? tfjsEpsilon : pytorchDefault;
}
