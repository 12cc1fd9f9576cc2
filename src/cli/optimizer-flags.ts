// The optimizer flags every training command shares (CONTRACT "Optimizers"), read into options.

import { scheduleSyntax } from '../optim/parse-schedule.js';
import type { OptimizerOptions } from '../optim/registry.js';
import { type FlagSpec, type FlagValues, numberFlag, stringFlag } from './args.js';

export const optimizerFlagSpec: FlagSpec = {
  optimizer: { type: 'string' },
  lr: { type: 'string' },
  momentum: { type: 'string' },
  beta1: { type: 'string' },
  beta2: { type: 'string' },
  eps: { type: 'string' },
  rho: { type: 'string' },
  'weight-decay': { type: 'string' },
  centered: { type: 'boolean' },
  amsgrad: { type: 'boolean' },
  convention: { type: 'string' },
  schedule: { type: 'string' },
  'line-search': { type: 'string' },
  history: { type: 'string' },
  'clip-value': { type: 'string' },
  'clip-norm': { type: 'string' },
  'skip-non-finite': { type: 'boolean' },
};

export const optimizerFlagHelp = `Optimizer flags (rules and defaults follow PyTorch's torch.optim):
  --optimizer NAME     gd (default), momentum, nesterov, adagrad, adadelta, rmsprop, adam, adamax,
                       nadam, amsgrad, adamw, newton (exact Hessian), lbfgs
  --lr η               learning rate (PyTorch's defaults: 0.001 for gd, momentum, nesterov, adam,
                       amsgrad and adamw; 0.002 for adamax and nadam; 0.01 for adagrad and rmsprop;
                       1 for adadelta); newton and lbfgs take none: they line-search
  --momentum μ         momentum (momentum, nesterov: 0.9; rmsprop: 0)
  --beta1 β1           first-moment decay (adam family, 0.9)
  --beta2 β2           second-moment decay (adam family, 0.999)
  --eps ε              added to denominators (1e-8; adadelta 1e-6; adagrad 1e-10)
  --rho ρ              squared-gradient decay (rmsprop 0.99, adadelta 0.9)
  --weight-decay λ     L2 penalty (decoupled for adamw, default 0.01 there)
  --centered           rmsprop divides by the running standard deviation
  --amsgrad            adam/adamw keep the maximum second moment
  --convention NAME    pytorch (default) or tfjs, where TensorFlow.js's rule differs
  --schedule TEXT      multiply --lr by a schedule: ${scheduleSyntax}
  --line-search NAME   none, armijo or strong-wolfe (first-order methods: none by default)
  --history N          lbfgs: correction pairs kept (default 10)
  --clip-value C       clip each gradient coordinate to [−C, C] first
  --clip-norm C        rescale the gradient to norm at most C first
  --skip-non-finite    skip (and count) steps whose gradient holds NaN or Infinity
A flag the chosen optimizer does not take is bad input.`;

/**
 * Hyperparameters from flags, parsed as numbers, text and switches only: their ranges, and whether
 * they apply to the optimizer, are createMethod's to check. The learning rate is left to the caller
 * (it may be a list).
 */
export function readOptimizerOptions(values: FlagValues): OptimizerOptions {
  const options: OptimizerOptions = {};
  const numbers: [keyof OptimizerOptions & string, string][] = [
    ['momentum', 'momentum'],
    ['b1', 'beta1'],
    ['b2', 'beta2'],
    ['eps', 'eps'],
    ['rho', 'rho'],
    ['weightDecay', 'weight-decay'],
    ['history', 'history'],
    ['clipValue', 'clip-value'],
    ['clipNorm', 'clip-norm'],
  ];
  const target = options as Record<string, number | string | boolean>;
  for (const [key, flag] of numbers) {
    const value = numberFlag(values, flag);
    if (value !== undefined) target[key] = value;
  }
  for (const [key, flag] of [
    ['convention', 'convention'],
    ['schedule', 'schedule'],
    ['lineSearch', 'line-search'],
  ] as const) {
    const value = stringFlag(values, flag);
    if (value !== undefined) target[key] = value;
  }
  for (const [key, flag] of [
    ['centered', 'centered'],
    ['amsgrad', 'amsgrad'],
    ['skipNonFinite', 'skip-non-finite'],
  ] as const) {
    if (values[flag] === true) target[key] = true;
  }
  return options;
}
