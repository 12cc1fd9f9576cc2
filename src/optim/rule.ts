// OptimizerRule: an optimizer's update rule as data — the rule in LaTeX and its sub-steps in words, each naming what it produces.

import type { MethodInfo } from '../record/method-info.js';
import type { Objective } from './method.js';

/** A value a sub-step produces: a vector over the parameters, or one number (a step size, a damping). */
export type RuleValue = Float64Array | number;

/**
 * One step of a method seen from outside, for reading the quantities of a rule: the point, its value
 * and gradient, the method's state before and after, the displacement, and each part of a
 * first-order chain by name.
 */
export interface StepView {
  /** The step's number t, from 1. */
  readonly t: number;
  /** θ before the step. */
  readonly theta: Float64Array;
  /** L(θ). */
  readonly value: number;
  /** ∇L(θ). */
  readonly grad: Float64Array;
  /** η this step used (a schedule applied), or null for a method without one. */
  readonly learningRate: number | null;
  /** The method's effective settings (createMethod's info: b1, b2, eps, momentum, …). */
  readonly info: MethodInfo;
  /** The displacement θ′ − θ the method returned. */
  readonly step: Float64Array;
  /** θ′ = θ + step. */
  readonly next: Float64Array;
  /** The method's state after the step (before it, in the view of the previous values). */
  readonly state: unknown;
  /**
   * A part of a first-order method's transformation, found by the name its factory gave it
   * (`'scaleByAdam'`, `'trace'`, …): its state after the step (before it, in the view of the previous
   * values) and the updates it passed on. Null when the method has no such part.
   */
  part(name: string): { readonly state: unknown; readonly output: Float64Array } | null;
  readonly objective: Objective;
}

/** One sub-step of a rule. */
export interface RuleStep {
  /** The quantity it produces, a key of the narrated step's values: 'g', 'm', 'v', 'mHat', 'step', 'theta', … */
  readonly quantity: string;
  /** Its symbol in LaTeX, e.g. `\hat m_t`. */
  readonly symbol: string;
  /** What the sub-step does, in plain words. */
  readonly words: string;
  /** The sub-step as an equation in LaTeX, e.g. `m_t = \beta_1 m_{t-1} + (1-\beta_1)\,g_t`. */
  readonly latex: string;
  /**
   * The right-hand side with numbers in the places of its symbols: `[[name]]` stands for a quantity
   * of this step (`[[g]]`), the previous value of a state quantity (`[[m-]]`), a setting from the
   * method's info (`[[b1]]`, `[[eps]]`), `[[eta]]` or `[[t]]`. One coordinate is substituted at a time.
   */
  readonly numbers?: string;
  /** It is part of the optimizer's state (its previous value is read from the state before the step). */
  readonly state?: boolean;
  /** The value, read from the real state and updates of the step; null when it does not apply (no weight decay). */
  readonly read: (view: StepView) => RuleValue | null;
}

/**
 * An optimizer's update rule as data.
 *
 * @example
 * const rule: OptimizerRule = optimizerCatalog.momentum.rule;
 * rule.steps.map((s) => s.quantity); // → ['g', 'gDecayed', 'b', 'step', 'theta']
 */
export interface OptimizerRule {
  /** The whole update in LaTeX, in the seeds' notation (θ, η, ∇L). */
  readonly latex: string;
  /** Its sub-steps in the order they happen; the last produces θ′ (quantity 'theta'). */
  readonly steps: readonly RuleStep[];
}

/**
 * The state of a chain part read in a rule (a typed shortcut for `view.part(name)?.state`).
 *
 * @example
 * const m = partState<ScaleByAdamState>(view, 'scaleByAdam')?.mu ?? null;
 */
export function partState<S>(view: StepView, name: string): S | null {
  return (view.part(name)?.state as S | undefined) ?? null;
}

/** The sub-steps every rule starts and ends with: the gradient, and θ′ from the step. */
export const gradientStep: RuleStep = {
  quantity: 'g',
  symbol: 'g_t',
  words: 'Work out the gradient ∇L(θ) at the current point: the direction in which the loss rises fastest.',
  latex: 'g_t = \\nabla L(\\theta_{t-1})',
  read: (view) => view.grad,
};

/** g + λθ, present when the optimizer's L2 weight decay is on (its addDecayedWeights part comes first). */
export const decayedGradientStep: RuleStep = {
  quantity: 'gDecayed',
  symbol: 'g_t',
  words: 'Weight decay adds λθ to the gradient, pulling every parameter a little towards 0.',
  latex: 'g_t \\leftarrow g_t + \\lambda\\,\\theta_{t-1}',
  numbers: '[[g]] + [[weightDecay]] \\cdot [[theta-]]',
  read: (view) => view.part('addDecayedWeights')?.output ?? null,
};

/** The displacement, read from what the method returned. */
export const displacementStep = (words: string, latex: string, numbers?: string): RuleStep => ({
  quantity: 'step',
  symbol: '\\Delta\\theta_t',
  words,
  latex,
  ...(numbers !== undefined && { numbers }),
  read: (view) => view.step,
});

/** θ′ = θ + Δθ. */
export const newPointStep: RuleStep = {
  quantity: 'theta',
  symbol: '\\theta_t',
  words: 'Move: the new point is the old one plus the step.',
  latex: '\\theta_t = \\theta_{t-1} + \\Delta\\theta_t',
  numbers: '[[theta-]] + [[step]]',
  read: (view) => view.next,
};
