// The optimizers' settings: each hyperparameter's kind, range and words, once (defaults live in each optimizer's spec).

import type { SettingSpec } from '../setting.js';
import type { Convention } from './convention.js';
import type { LineSearchName } from './line-search.js';
import type { ScheduleSpec } from './schedule-spec.js';

/**
 * The value each optimizer setting holds.
 *
 * @example
 * const b2: OptimizerSettingValues['b2'] = 0.99;
 * const search: OptimizerSettingValues['lineSearch'] = 'armijo';
 * createMethod('adam', { b2 }).info.b2; // → 0.99
 * createMethod('lbfgs', { lineSearch: search }).info.lineSearch; // → 'armijo'
 */
export interface OptimizerSettingValues {
  learningRate: number;
  momentum: number;
  b1: number;
  b2: number;
  eps: number;
  rho: number;
  weightDecay: number;
  centered: boolean;
  amsgrad: boolean;
  momentumDecay: number;
  lrDecay: number;
  convention: Convention;
  schedule: ScheduleSpec;
  lineSearch: 'none' | LineSearchName;
  history: number;
  clipValue: number;
  clipNorm: number;
  skipNonFinite: boolean;
}

/**
 * The key of every optimizer setting, from learningRate to skipNonFinite.
 *
 * @example
 * const key: OptimizerSettingKey = 'b2';
 * optimizerSettings[key].label; // → 'second-moment decay'
 */
export type OptimizerSettingKey = keyof OptimizerSettingValues;

/**
 * Hyperparameters by key; each optimizer takes the ones its spec lists (see OptionsOf for one optimizer's).
 *
 * @example
 * const options: OptimizerOptions = { learningRate: 0.1, momentum: 0.9 };
 * checkOptimizerOptions('momentum', options); // no error: momentum takes both
 * givenOptions(options); // → ['learningRate', 'momentum']
 */
export type OptimizerOptions = { [K in OptimizerSettingKey]?: OptimizerSettingValues[K] };

const unit = { min: 0, max: 1, maxExclusive: true } as const;

/**
 * Every optimizer setting. Ranges are torch.optim's (its constructors refuse the rest), except that
 * momentum, β and ρ stop short of 1, where the running averages would never forget. A `default`
 * here holds for every optimizer that takes the setting; the rest are each optimizer's own (its
 * spec's `defaults`).
 *
 * @example
 * optimizerSettings.learningRate.symbol; // → 'η'
 * optimizerSettings.b1.max; // → 1
 */
export const optimizerSettings = {
  learningRate: {
    key: 'learningRate',
    label: 'learning rate',
    symbol: 'η',
    summary: 'step size η',
    kind: 'number',
    min: 0,
    minExclusive: true,
    scale: 'log',
    defaultText: "PyTorch's, per optimizer",
  },
  momentum: {
    key: 'momentum',
    label: 'momentum',
    symbol: 'μ',
    summary: 'momentum μ: how much of the last step carries into the next',
    kind: 'number',
    ...unit,
  },
  b1: {
    key: 'b1',
    label: 'first-moment decay',
    symbol: 'β1',
    summary: 'decay of the running mean of the gradient',
    kind: 'number',
    ...unit,
  },
  b2: {
    key: 'b2',
    label: 'second-moment decay',
    symbol: 'β2',
    summary: 'decay of the running mean of the squared gradient',
    kind: 'number',
    ...unit,
  },
  eps: {
    key: 'eps',
    label: 'epsilon',
    symbol: 'ε',
    summary: 'added to denominators so that they never vanish',
    kind: 'number',
    min: 0,
    scale: 'log',
  },
  rho: {
    key: 'rho',
    label: 'squared-gradient decay',
    symbol: 'ρ',
    summary: "decay of the running mean of the squared gradient (rmsprop's alpha)",
    kind: 'number',
    ...unit,
  },
  weightDecay: {
    key: 'weightDecay',
    label: 'weight decay',
    symbol: 'λ',
    summary: 'L2 penalty λ on the params (decoupled for adamw)',
    kind: 'number',
    min: 0,
    default: 0,
  },
  centered: {
    key: 'centered',
    label: 'centered',
    summary: 'divide by the running standard deviation instead of the root mean square',
    kind: 'boolean',
  },
  amsgrad: {
    key: 'amsgrad',
    label: 'AMSGrad',
    summary: 'keep the running maximum of the second moment',
    kind: 'boolean',
    default: false,
  },
  momentumDecay: {
    key: 'momentumDecay',
    label: 'momentum decay',
    symbol: 'ψ',
    summary: "ψ of nadam's momentum schedule μₜ = β1·(1 − ½·0.96^(tψ))",
    kind: 'number',
    min: 0,
    default: 4e-3,
  },
  lrDecay: {
    key: 'lrDecay',
    label: 'learning-rate decay',
    summary: 'adagrad divides η by 1 + (t − 1)·decay at step t',
    kind: 'number',
    min: 0,
    default: 0,
  },
  convention: {
    key: 'convention',
    label: 'convention',
    summary: "whose rule where TensorFlow.js's differs from PyTorch's (eps 1e-7 under tfjs)",
    kind: 'choice',
    choices: ['pytorch', 'tfjs'],
    default: 'pytorch',
  },
  schedule: {
    key: 'schedule',
    label: 'schedule',
    summary: 'multiply η by a schedule over the steps (or reduce it on a plateau)',
    kind: 'text',
  },
  lineSearch: {
    key: 'lineSearch',
    label: 'line search',
    summary: 'scale each step by a line search along it',
    kind: 'choice',
    choices: ['none', 'armijo', 'strong-wolfe'],
    default: 'none',
  },
  history: {
    key: 'history',
    label: 'history',
    summary: 'correction pairs kept',
    kind: 'integer',
    min: 1,
    max: 1000,
  },
  clipValue: {
    key: 'clipValue',
    label: 'clip value',
    summary: 'clip each gradient coordinate to [−C, C] first',
    symbol: 'C',
    kind: 'number',
    min: 0,
    minExclusive: true,
  },
  clipNorm: {
    key: 'clipNorm',
    label: 'clip norm',
    summary: 'rescale the gradient to norm at most C first',
    symbol: 'C',
    kind: 'number',
    min: 0,
    minExclusive: true,
  },
  skipNonFinite: {
    key: 'skipNonFinite',
    label: 'skip non-finite steps',
    summary: 'skip (and count) steps whose gradient holds NaN or Infinity',
    kind: 'boolean',
    default: false,
  },
} as const satisfies { readonly [K in OptimizerSettingKey]: SettingSpec<K> };

/** Settings every first-order optimizer takes: they wrap its transformation rather than change its rule. */
export const firstOrderSettings = [
  'learningRate',
  'weightDecay',
  'schedule',
  'lineSearch',
  'clipValue',
  'clipNorm',
  'skipNonFinite',
] as const satisfies readonly OptimizerSettingKey[];
