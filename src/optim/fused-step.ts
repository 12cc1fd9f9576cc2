// fusedStep: gd's, momentum's, Nesterov's and Adam's step done in place by the fused kernels, for a training loop's hot path.

import { adamUpdate, gdUpdate, momentumUpdate } from '../kernels/fused-updates.js';
import { adamDefaults } from './adam.js';
import type { AddDecayedWeightsState } from './add-decayed-weights.js';
import { type Convention, defaultEps } from './convention.js';
import { momentumDefaults } from './momentum.js';
import { biasCorrection, type ScaleByAdamState } from './scale-by-adam.js';
import type { ScaleByLearningRateState } from './scale-by-learning-rate.js';
import { type Rate, rateAt } from './schedule.js';
import type { TraceState } from './trace.js';

/**
 * Applies one step to `params` in place and returns the next state, given the chain's state before it;
 * the state's arrays (a momentum buffer, Adam's moments) are overwritten and belong to the next state.
 */
export type FusedStep = (params: Float64Array, grad: Float64Array, state: unknown) => unknown;

interface Settings {
  momentum?: number;
  weightDecay?: Rate;
  b1?: number;
  b2?: number;
  eps?: number;
  convention?: Convention;
  amsgrad?: boolean;
}

/**
 * The in-place step of optimizer `name` with the learning rate `rate` and the settings createMethod
 * resolved, or null where there is no fused loop for it (every other optimizer, and amsgrad). It reads and
 * writes the very state the optimizer's chain keeps — [addDecayedWeights (when λ ≠ 0), the moments, the
 * learning rate's step count] — and computes each entry with the chain's own operations in the chain's
 * order, so params and state equal `step`'s and θ + Δθ's bit for bit, in one pass over the params and
 * without the chain's new arrays (test/optim/fused-step.test.ts checks it step for step).
 *
 * @example
 * const step = fusedStep('gd', 0.1, {});
 * const params = Float64Array.of(1);
 * step?.(params, Float64Array.of(2), [{ count: 0 }]); // → [{ count: 1 }]
 * [...params]; // → [0.8]
 */
export function fusedStep(name: string, rate: Rate, settings: Settings): FusedStep | null {
  const weightDecay = settings.weightDecay ?? 0;
  const decays = weightDecay !== 0;
  /** λ for this step from the decay's state, and that state's successor. */
  const decay = (states: unknown[]): [number, AddDecayedWeightsState | null] => {
    if (!decays) return [0, null];
    const { count } = states[0] as AddDecayedWeightsState;
    return [rateAt(weightDecay, count), { count: count + 1 }];
  };
  const rest = (states: unknown[]): unknown[] => (decays ? states.slice(1) : states);
  const next = (decayed: AddDecayedWeightsState | null, ...parts: unknown[]): unknown[] =>
    decayed === null ? parts : [decayed, ...parts];
  if (name === 'gd') {
    return (params, grad, state) => {
      const states = state as unknown[];
      const [lambda, decayed] = decay(states);
      const [lr] = rest(states) as [ScaleByLearningRateState];
      gdUpdate(params, grad, rateAt(rate, lr.count), lambda);
      return next(decayed, { count: lr.count + 1 });
    };
  }
  if (name === 'momentum' || name === 'nesterov') {
    const mu = settings.momentum ?? momentumDefaults.momentum;
    return (params, grad, state) => {
      const states = state as unknown[];
      const [lambda, decayed] = decay(states);
      const [buffer, lr] = rest(states) as [TraceState, ScaleByLearningRateState];
      momentumUpdate(params, buffer.trace, grad, rateAt(rate, lr.count), mu, name === 'nesterov', lambda);
      return next(decayed, { trace: buffer.trace }, { count: lr.count + 1 });
    };
  }
  if (name === 'adam' && settings.amsgrad !== true) {
    const b1 = settings.b1 ?? adamDefaults.b1;
    const b2 = settings.b2 ?? adamDefaults.b2;
    const eps = settings.eps ?? defaultEps(settings.convention ?? 'pytorch', adamDefaults.eps);
    return (params, grad, state) => {
      const states = state as unknown[];
      const [lambda, decayed] = decay(states);
      const [moments, lr] = rest(states) as [ScaleByAdamState, ScaleByLearningRateState];
      const t = moments.count + 1;
      const eta = rateAt(rate, lr.count);
      const [c1, c2] = [biasCorrection(b1, t), biasCorrection(b2, t)];
      adamUpdate(params, moments.mu, moments.nu, grad, eta, b1, b2, eps, c1, c2, lambda);
      return next(decayed, { count: t, mu: moments.mu, nu: moments.nu }, { count: lr.count + 1 });
    };
  }
  return null;
}
