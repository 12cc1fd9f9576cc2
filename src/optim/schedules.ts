// The schedule family: constant, step, exponential, inverse-time, polynomial, cosine, warm restarts, warm-up, one-cycle.

import type { Schedule } from './schedule.js';

/**
 * The same value at every step.
 *
 * @example
 * constantSchedule(0.1)(500); // → 0.1
 */
export function constantSchedule(value: number): Schedule {
  return () => value;
}

/**
 * initValue · factor^⌊step/stepSize⌋ — torch.optim.lr_scheduler.StepLR (gamma = factor).
 *
 * @example
 * stepDecay(0.1, 30, 0.1)(65); // → 0.001
 */
export function stepDecay(initValue: number, stepSize: number, factor = 0.1): Schedule {
  return (step) => initValue * factor ** Math.floor(step / stepSize);
}

/**
 * initValue · factorˢᵗᵉᵖ — torch.optim.lr_scheduler.ExponentialLR (gamma = factor).
 *
 * @example
 * exponentialDecay(0.1, 0.99)(2); // → 0.09801
 */
export function exponentialDecay(initValue: number, factor: number): Schedule {
  return (step) => initValue * factor ** step;
}

/**
 * initValue / (1 + decayRate · step/decaySteps) — Keras InverseTimeDecay (not staircase); Adagrad's
 * `lr_decay` in PyTorch is this with decaySteps 1.
 *
 * @example
 * inverseTimeDecay(0.1, 0.5)(4); // → 0.0333333
 */
export function inverseTimeDecay(initValue: number, decayRate: number, decaySteps = 1): Schedule {
  return (step) => initValue / (1 + (decayRate * step) / decaySteps);
}

/**
 * (initValue − endValue)·(1 − min(step, steps)/steps)^power + endValue — Optax
 * `polynomial_schedule`, torch PolynomialLR when endValue is 0. Holds endValue after `steps`.
 *
 * @example
 * polynomialDecay(1, 0, 100, 2)(50); // → 0.25
 */
export function polynomialDecay(initValue: number, endValue: number, steps: number, power = 1): Schedule {
  return (step) => (initValue - endValue) * (1 - Math.min(step, steps) / steps) ** power + endValue;
}

/**
 * minValue + (initValue − minValue)·(1 + cos(π·min(step, steps)/steps))/2 — cosine annealing
 * (Loshchilov & Hutter 2017, torch CosineAnnealingLR up to T_max, Optax `cosine_decay_schedule`).
 * Holds minValue after `steps`.
 *
 * @example
 * cosineDecay(0.1, 1000)(500); // → 0.05
 */
export function cosineDecay(initValue: number, steps: number, minValue = 0): Schedule {
  return (step) =>
    minValue + ((initValue - minValue) * (1 + Math.cos((Math.PI * Math.min(step, steps)) / steps))) / 2;
}

/**
 * Cosine annealing with warm restarts (SGDR, Loshchilov & Hutter 2017; torch
 * CosineAnnealingWarmRestarts): the cosine of cosineDecay over a period that restarts at initValue,
 * each period `periodMult` times longer than the last.
 *
 * @example
 * // Periods of 10, then 20 steps: step 10 starts the second one at the full rate
 * cosineWarmRestarts(0.1, 10, 2)(10); // → 0.1
 * cosineWarmRestarts(0.1, 10, 2)(20); // → 0.05
 */
export function cosineWarmRestarts(
  initValue: number,
  period: number,
  periodMult = 1,
  minValue = 0,
): Schedule {
  return (step) => {
    let sinceRestart: number;
    let length: number;
    if (periodMult === 1) {
      sinceRestart = step % period;
      length = period;
    } else {
      // Period n starts at period·(multⁿ − 1)/(mult − 1); the logarithm finds n, and the two loops
      // repair it where rounding lands it one off at a boundary.
      const start = (k: number) => (period * (periodMult ** k - 1)) / (periodMult - 1);
      let n = Math.floor(Math.log((step / period) * (periodMult - 1) + 1) / Math.log(periodMult));
      while (start(n + 1) <= step) n++;
      while (n > 0 && start(n) > step) n--;
      sinceRestart = step - start(n);
      length = period * periodMult ** n;
    }
    return minValue + ((initValue - minValue) * (1 + Math.cos((Math.PI * sinceRestart) / length))) / 2;
  };
}

/**
 * Linear warm-up, then `after` shifted to start when the warm-up ends: after(0)·(step+1)/warmupSteps
 * for step < warmupSteps, after(step − warmupSteps) from then on (Goyal et al. 2017's gradual
 * warm-up). The ramp starts at after(0)/warmupSteps, not 0, so the first step moves.
 *
 * @example
 * const rate = linearWarmup(100, cosineDecay(0.1, 1000));
 * rate(49); // → 0.05
 */
export function linearWarmup(warmupSteps: number, after: Schedule): Schedule {
  return (step) => (step < warmupSteps ? (after(0) * (step + 1)) / warmupSteps : after(step - warmupSteps));
}

export interface OneCycleOptions {
  /** Fraction of the steps spent rising (default 0.3). */
  pctStart?: number;
  /** The first value is maxValue/divFactor (default 25). */
  divFactor?: number;
  /** The last value is maxValue/(divFactor·finalDivFactor) (default 1e4). */
  finalDivFactor?: number;
}

/**
 * torch.optim.lr_scheduler.OneCycleLR (Smith & Topin 2018) with cosine annealing, two phases: from
 * maxValue/divFactor up to maxValue at step pctStart·totalSteps − 1, then down to
 * maxValue/(divFactor·finalDivFactor) at step totalSteps − 1, held afterwards.
 *
 * @example
 * oneCycle(0.1, 1000)(299); // → 0.1
 */
export function oneCycle(
  maxValue: number,
  totalSteps: number,
  { pctStart = 0.3, divFactor = 25, finalDivFactor = 1e4 }: OneCycleOptions = {},
): Schedule {
  const initial = maxValue / divFactor;
  const final = initial / finalDivFactor;
  const peakStep = pctStart * totalSteps - 1;
  const lastStep = totalSteps - 1;
  const anneal = (start: number, end: number, pct: number) =>
    end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
  return (step) =>
    step <= peakStep
      ? anneal(initial, maxValue, step / peakStep)
      : anneal(maxValue, final, Math.min(1, (step - peakStep) / (lastStep - peakStep)));
}
