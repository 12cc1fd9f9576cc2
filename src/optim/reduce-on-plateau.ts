// reduceOnPlateau: scales updates down by a factor when the loss stops improving (ReduceLROnPlateau).

import { type GradientTransformation, transformation } from './transform.js';

export interface ReduceOnPlateauOptions {
  /** Multiplier applied to the scale at each plateau (PyTorch default 0.1). */
  factor?: number;
  /** Steps without improvement tolerated before reducing (PyTorch default 10). */
  patience?: number;
  /** Relative improvement that counts: loss < best·(1 − threshold) (PyTorch 'rel' mode, 1e-4). */
  threshold?: number;
  /** Steps after a reduction during which no plateau is counted (default 0). */
  cooldown?: number;
  /** The scale never drops below this (PyTorch's min_lr as a fraction, default 0). */
  minScale?: number;
}

export interface ReduceOnPlateauState {
  /** The current multiplier of the updates, 1 at the start. */
  readonly scale: number;
  /** The lowest loss seen (Infinity before the first). */
  readonly best: number;
  /** Steps since the loss last improved on `best`. */
  readonly plateauCount: number;
  /** Steps of cooldown left. */
  readonly cooldownCount: number;
}

/**
 * torch.optim.lr_scheduler.ReduceLROnPlateau (mode 'min', threshold_mode 'rel') as a transform
 * with plain-data state, like Optax's `contrib.reduce_on_plateau`. It needs the loss: `update`'s
 * fourth argument `value` is the loss at `params` (chain forwards it; firstOrder passes each
 * iteration's value). A step without a value leaves the state alone. Put it last in a chain, after
 * the learning rate: updates ← scale · updates. Each call counts as one "epoch" of PyTorch's
 * scheduler, so feed it per-epoch losses in a training loop, per-iteration values in minimize().
 *
 * @example
 * // The rate halves once the loss has not improved for 2 steps
 * const opt = chain(scaleByLearningRate(0.1), reduceOnPlateau({ patience: 2, factor: 0.5 }));
 * const params = Float64Array.of(0);
 * let state = opt.init(params);
 * for (const loss of [3, 2, 2, 2, 2]) state = opt.update(Float64Array.of(1), state, params, loss)[1];
 * opt.update(Float64Array.of(1), state, params)[0][0]; // → -0.05
 */
export function reduceOnPlateau({
  factor = 0.1,
  patience = 10,
  threshold = 1e-4,
  cooldown = 0,
  minScale = 0,
}: ReduceOnPlateauOptions = {}): GradientTransformation<ReduceOnPlateauState> {
  return transformation<ReduceOnPlateauState>(
    () => ({ scale: 1, best: Number.POSITIVE_INFINITY, plateauCount: 0, cooldownCount: 0 }),
    (grads, state, _params, out, value) => {
      const next = value === undefined ? state : observe(state, value);
      for (let i = 0; i < grads.length; i++) out[i] = next.scale * grads[i]!;
      return next;
    },
  );

  function observe(state: ReduceOnPlateauState, loss: number): ReduceOnPlateauState {
    // PyTorch's 'rel' test as written, including its leniency when the best loss is negative.
    const improved = loss < state.best * (1 - threshold);
    const best = improved ? loss : state.best;
    let plateauCount = improved ? 0 : state.plateauCount + 1;
    let cooldownCount = state.cooldownCount;
    if (cooldownCount > 0) {
      cooldownCount -= 1;
      // PyTorch ignores bad epochs while cooling down.
      plateauCount = 0;
    }
    let scale = state.scale;
    if (plateauCount > patience) {
      scale = Math.max(scale * factor, minScale);
      cooldownCount = cooldown;
      plateauCount = 0;
    }
    return { scale, best, plateauCount, cooldownCount };
  }
}
