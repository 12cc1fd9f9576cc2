// Fused steps: gd's, momentum's, Nesterov's and Adam's step done in place by the fused kernels, for a training loop's hot path.

import { adamUpdate, gdUpdate, momentumUpdate } from '../kernels/fused-updates.js';
import type { AddDecayedWeightsState } from './add-decayed-weights.js';
import { biasCorrection, type ScaleByAdamState } from './scale-by-adam.js';
import type { ScaleByLearningRateState } from './scale-by-learning-rate.js';
import { type Rate, rateAt } from './schedule.js';
import type { TraceState } from './trace.js';

/**
 * Applies one step to `params` in place and returns the next state, given the chain's state before it;
 * the state's arrays (a momentum buffer, Adam's moments) are overwritten and belong to the next state.
 * Each optimizer's spec builds its own (its `fused`), so that a bundle carries only the optimizers it names.
 * A fused step reads and writes the very state the optimizer's chain keeps — [addDecayedWeights (when
 * λ ≠ 0), the moments, the learning rate's step count] — and computes each entry with the chain's own
 * operations in the chain's order, so params and state equal `step`'s and θ + Δθ's bit for bit, in one
 * pass over the params and without the chain's new arrays (test/kernels/fused-updates.test.ts checks it
 * step for step).
 */
export type FusedStep = (params: Float64Array, grad: Float64Array, state: unknown) => unknown;

/** The weight decay's part of a chain's state: λ for this step, the other parts, and the next state's list. */
function decayPart(weightDecay: Rate) {
  const decays = weightDecay !== 0;
  return {
    decay(states: unknown[]): [number, AddDecayedWeightsState | null] {
      if (!decays) return [0, null];
      const { count } = states[0] as AddDecayedWeightsState;
      return [rateAt(weightDecay, count), { count: count + 1 }];
    },
    rest: (states: unknown[]): unknown[] => (decays ? states.slice(1) : states),
    next: (decayed: AddDecayedWeightsState | null, ...parts: unknown[]): unknown[] =>
      decayed === null ? parts : [decayed, ...parts],
  };
}

/**
 * gd's step in place: θ ← θ − η(g + λθ).
 *
 * @example
 * const step = fusedGd(0.1, 0);
 * const params = Float64Array.of(1);
 * step(params, Float64Array.of(2), [{ count: 0 }]); // → [{ count: 1 }]
 * [...params]; // → [0.8]
 */
export function fusedGd(rate: Rate, weightDecay: Rate): FusedStep {
  const { decay, rest, next } = decayPart(weightDecay);
  return (params, grad, state) => {
    const states = state as unknown[];
    const [lambda, decayed] = decay(states);
    const [lr] = rest(states) as [ScaleByLearningRateState];
    gdUpdate(params, grad, rateAt(rate, lr.count), lambda);
    return next(decayed, { count: lr.count + 1 });
  };
}

/** Heavy-ball or Nesterov momentum's step in place, the buffer b ← μb + (g + λθ) updated in the state. */
export function fusedMomentum(rate: Rate, momentum: number, nesterov: boolean, weightDecay: Rate): FusedStep {
  const { decay, rest, next } = decayPart(weightDecay);
  return (params, grad, state) => {
    const states = state as unknown[];
    const [lambda, decayed] = decay(states);
    const [buffer, lr] = rest(states) as [TraceState, ScaleByLearningRateState];
    momentumUpdate(params, buffer.trace, grad, rateAt(rate, lr.count), momentum, nesterov, lambda);
    return next(decayed, { trace: buffer.trace }, { count: lr.count + 1 });
  };
}

/** Adam's step in place, its moments updated in the state; null with amsgrad, which has no fused loop. */
export function fusedAdam(
  rate: Rate,
  settings: { b1: number; b2: number; eps: number; amsgrad: boolean; weightDecay: Rate },
): FusedStep | null {
  if (settings.amsgrad) return null;
  const { b1, b2, eps } = settings;
  const { decay, rest, next } = decayPart(settings.weightDecay);
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
