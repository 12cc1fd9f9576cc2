// adam: adaptive moment estimation (PyTorch Adam), and its catalog entry.

import { addDecayedWeights } from './add-decayed-weights.js';
import { chain } from './chain.js';
import { type Convention, defaultEps } from './convention.js';
import { fusedAdam } from './fused-step.js';
import { defineOptimizer } from './optimizer-spec.js';
import {
  decayedGradientStep,
  displacementStep,
  gradientStep,
  newPointStep,
  type OptimizerRule,
  partState,
  type RuleStep,
  type StepView,
} from './rule.js';
import { biasCorrection, type ScaleByAdamState, scaleByAdam } from './scale-by-adam.js';
import { type ScaleByAmsgradState, scaleByAmsgrad } from './scale-by-amsgrad.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import type { Rate } from './schedule.js';
import { firstOrderSettings } from './settings.js';
import type { GradientTransformation } from './transform.js';

/**
 * torch.optim.Adam's documented defaults — lr 1e-3, betas (0.9, 0.999), eps 1e-8 — which its
 * family (adamax, nadam, amsgrad, adamw) shares where PyTorch documents the same.
 */
export const adamDefaults = { learningRate: 1e-3, b1: 0.9, b2: 0.999, eps: 1e-8 } as const;

/**
 * Adam's settings: the moment decays b1 and b2, ε, coupled weight decay and the convention.
 *
 * @example
 * const options: AdamOptions = { b1: 0.9, b2: 0.99 };
 * const opt = adam(0.1, options);
 * const [updates] = opt.update(Float64Array.of(4), opt.init(Float64Array.of(0)), Float64Array.of(0));
 * updates[0]; // → -0.1
 */
export interface AdamOptions {
  /** Decay of the first moment (default adamDefaults.b1). */
  b1?: number;
  /** Decay of the second moment (default adamDefaults.b2). */
  b2?: number;
  /** Default adamDefaults.eps (PyTorch), 1e-7 with the tfjs convention. */
  eps?: number;
  /** L2 weight decay λ, coupled: g ← g + λθ (default 0; for decoupled decay use adamw). */
  weightDecay?: Rate;
  /** tfjs shares Adam's formula; the convention only moves eps's default. */
  convention?: Convention;
}

/**
 * torch.optim.Adam (Kingma & Ba 2015): g ← g + λθ, then θ ← θ − η·m̂/(√v̂ + ε) (see scaleByAdam),
 * with adamDefaults. Optax `adam`.
 *
 * Hand-worked (tfjs-core's test), f = Σx², x₀ = [2, 4], η = 0.1, b1 = 0.8, b2 = 0.9:
 * g = [4, 8], m = [0.8, 1.6], v = [1.6, 6.4], m̂ = [4, 8], v̂ = [16, 64], x₁ = [1.9, 3.9];
 * g = [3.8, 7.8], m = [1.4, 2.84], v = [2.884, 11.844], m̂ = m/0.36, v̂ = v/0.19,
 * x₂ = [1.8001830, 3.8000821].
 *
 * @example
 * // Adam's first step is −η·sign(g), whatever the gradient's size
 * const opt = adam(0.1);
 * const [updates] = opt.update(Float64Array.of(40, -0.5), opt.init(Float64Array.of(0, 0)), Float64Array.of(0, 0));
 * [...updates]; // → [-0.1, 0.1]
 */
export function adam(learningRate: Rate, options: AdamOptions = {}): GradientTransformation<unknown[]> {
  return adamChain(learningRate, options, false);
}

/** Adam's chain, with AMSGrad's second moment when `max` is set (amsgrad shares everything else). */
export function adamChain(
  learningRate: Rate,
  { b1 = adamDefaults.b1, b2 = adamDefaults.b2, eps, weightDecay = 0, convention = 'pytorch' }: AdamOptions,
  max: boolean,
): GradientTransformation<unknown[]> {
  const moments = { b1, b2, eps: eps ?? defaultEps(convention, adamDefaults.eps) };
  return chain(
    ...(weightDecay === 0 ? [] : [addDecayedWeights(weightDecay)]),
    max ? scaleByAmsgrad(moments) : scaleByAdam(moments),
    scaleByLearningRate(learningRate),
  );
}

/** The moments of an Adam-family step: scaleByAdam's state, or scaleByAmsgrad's (amsgrad: true). */
const moments = (view: StepView): ScaleByAdamState | null =>
  partState<ScaleByAdamState>(view, 'scaleByAdam') ?? partState<ScaleByAmsgradState>(view, 'scaleByAmsgrad');

const setting = (view: StepView, key: string): number => view.info[key] as number;

/** The first moment m, read from the state: Adam's momentum. */
export const firstMomentStep: RuleStep = {
  quantity: 'm',
  symbol: 'm_t',
  words:
    'The momentum (first moment): a running mean of the gradients, keeping β₁ of the old mean and adding (1 − β₁) of g (m starts at 0).',
  latex: 'm_t = \\beta_1 m_{t-1} + (1-\\beta_1)\\, g_t',
  numbers: '[[b1]] \\cdot [[m-]] + (1 - [[b1]]) \\cdot [[grad]]',
  state: true,
  read: (view) => moments(view)?.mu ?? partState<{ mu: Float64Array }>(view, 'scaleByAdamax')?.mu ?? null,
};

/** The second moment v, read from the state. */
export const secondMomentStep: RuleStep = {
  quantity: 'v',
  symbol: 'v_t',
  words:
    'The squared-gradient accumulator (second moment): a running mean of g², keeping β₂ of the old mean.',
  latex: 'v_t = \\beta_2 v_{t-1} + (1-\\beta_2)\\, g_t^2',
  numbers: '[[b2]] \\cdot [[v-]] + (1 - [[b2]]) \\cdot [[grad]]^2',
  state: true,
  read: (view) => moments(view)?.nu ?? partState<{ nu: Float64Array }>(view, 'scaleByNadam')?.nu ?? null,
};

/** m̂ = m / (1 − β₁ᵗ), with the transform's own biasCorrection and the state's count. */
export const firstCorrectionStep: RuleStep = {
  quantity: 'mHat',
  symbol: '\\hat m_t',
  words:
    'Bias correction: m started at 0, so early on it is too small; dividing by 1 − β₁ᵗ makes it an honest mean (at t = 1, m̂ = g).',
  latex: '\\hat m_t = \\frac{m_t}{1-\\beta_1^{\\,t}}',
  numbers: '\\frac{[[m]]}{1 - [[b1]]^{[[t]]}}',
  read: (view) => {
    const state = moments(view) ?? partState<{ count: number; mu: Float64Array }>(view, 'scaleByAdamax');
    if (state === null) return null;
    const correction = biasCorrection(setting(view, 'b1'), state.count);
    return state.mu.map((m) => m / correction);
  },
};

/** v̂ = v / (1 − β₂ᵗ), over vᵐᵃˣ for AMSGrad. */
export const secondCorrectionStep: RuleStep = {
  quantity: 'vHat',
  symbol: '\\hat v_t',
  words: 'Bias correction of v the same way: divide by 1 − β₂ᵗ.',
  latex: '\\hat v_t = \\frac{v_t}{1-\\beta_2^{\\,t}}',
  numbers: '\\frac{[[v]]}{1 - [[b2]]^{[[t]]}}',
  read: (view) => {
    const state =
      partState<ScaleByAdamState>(view, 'scaleByAdam') ?? partState<ScaleByAdamState>(view, 'scaleByNadam');
    if (state === null) return null;
    const correction = biasCorrection(setting(view, 'b2'), state.count);
    return state.nu.map((v) => v / correction);
  },
};

/** AMSGrad's running maximum of v and its correction. */
export const amsgradSteps: readonly RuleStep[] = [
  {
    quantity: 'vMax',
    symbol: 'v^{\\max}_t',
    words:
      'AMSGrad keeps the largest v so far, so a coordinate’s steps never grow back after a big gradient.',
    latex: 'v^{\\max}_t = \\max(v^{\\max}_{t-1}, v_t)',
    numbers: '\\max([[vMax-]], [[v]])',
    state: true,
    read: (view) => partState<ScaleByAmsgradState>(view, 'scaleByAmsgrad')?.nuMax ?? null,
  },
  {
    quantity: 'vHat',
    symbol: '\\hat v_t',
    words: 'Bias correction of that maximum: divide by 1 − β₂ᵗ.',
    latex: '\\hat v_t = \\frac{v^{\\max}_t}{1-\\beta_2^{\\,t}}',
    numbers: '\\frac{[[vMax]]}{1 - [[b2]]^{[[t]]}}',
    read: (view) => {
      const state = partState<ScaleByAmsgradState>(view, 'scaleByAmsgrad');
      if (state === null) return null;
      const correction = biasCorrection(setting(view, 'b2'), state.count);
      return state.nuMax.map((v) => v / correction);
    },
  },
];

/** The adaptive direction m̂/(√v̂ + ε): what scaleByAdam (or scaleByAmsgrad) passed on. */
export const adamDirectionStep: RuleStep = {
  quantity: 'd',
  symbol: 'd_t',
  words:
    'Divide the corrected momentum by the root of the corrected squared gradients: about ±1 per coordinate whatever the gradient’s scale, smaller where the gradient has been noisy.',
  latex: 'd_t = \\frac{\\hat m_t}{\\sqrt{\\hat v_t} + \\epsilon}',
  numbers: '\\frac{[[mHat]]}{\\sqrt{[[vHat]]} + [[eps]]}',
  read: (view) => view.part('scaleByAdam')?.output ?? view.part('scaleByAmsgrad')?.output ?? null,
};

/** Adam's rule (PyTorch's form): the steps of the narrated view and the whole update. */
export const adamRule: OptimizerRule = {
  latex:
    'm_t = \\beta_1 m_{t-1} + (1-\\beta_1) g_t,\\quad v_t = \\beta_2 v_{t-1} + (1-\\beta_2) g_t^2,\\quad \\theta_t = \\theta_{t-1} - \\eta\\,\\frac{m_t/(1-\\beta_1^t)}{\\sqrt{v_t/(1-\\beta_2^t)} + \\epsilon}',
  steps: [
    gradientStep,
    decayedGradientStep,
    firstMomentStep,
    secondMomentStep,
    firstCorrectionStep,
    secondCorrectionStep,
    ...amsgradSteps,
    adamDirectionStep,
    displacementStep(
      'Step against that direction: η times d, with a minus sign — so η is about the largest step a coordinate takes.',
      '\\Delta\\theta_t = -\\eta\\, d_t',
      '-[[eta]] \\cdot [[d]]',
    ),
    newPointStep,
  ],
};

/** The settings of the Adam family: the moments' decays, eps and the convention besides the first-order ones. */
export const adamFamilySettings = [...firstOrderSettings, 'b1', 'b2', 'eps', 'convention'] as const;

/** adam in the catalog; `amsgrad: true` gives amsgrad. */
export const adamSpec = defineOptimizer({
  name: 'adam',
  summary: 'Adam: steps scaled by running means of the gradient and its square (Kingma & Ba 2015)',
  settings: [...adamFamilySettings, 'amsgrad'],
  defaults: adamDefaults,
  usesLearningRate: true,
  fullBatchOnly: false,
  rule: adamRule,
  transform: (rate, { amsgrad, ...settings }) => adamChain(rate, settings, amsgrad),
  fused: (rate, settings) => fusedAdam(rate, settings),
});
