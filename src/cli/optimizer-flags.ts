// The optimizer flags every training command shares (CONTRACT "Optimizers"), read into options.

import type { OptimizerOptions } from '../optim/registry.js';
import { type FlagSpec, type FlagValues, numberFlag } from './args.js';

export const optimizerFlagSpec: FlagSpec = {
  optimizer: { type: 'string' },
  lr: { type: 'string' },
  momentum: { type: 'string' },
  beta1: { type: 'string' },
  beta2: { type: 'string' },
  eps: { type: 'string' },
  rho: { type: 'string' },
  'weight-decay': { type: 'string' },
};

export const optimizerFlagHelp = `Optimizer flags:
  --optimizer NAME     gd (default), momentum, nesterov, adagrad, rmsprop, adam, adamw, newton, lbfgs, …
  --lr η               learning rate (default 0.1 for gd, momentum and nesterov)
  --momentum μ         momentum (momentum, nesterov; rmsprop)
  --beta1 β1           first-moment decay (adam family)
  --beta2 β2           second-moment decay (adam family)
  --eps ε              added to denominators
  --rho ρ              squared-gradient decay (rmsprop, adadelta)
  --weight-decay λ     L2 penalty (decoupled for adamw)`;

/** Hyperparameters from flags; the learning rate is left to the caller (it may be a list). */
export function readOptimizerOptions(values: FlagValues): OptimizerOptions {
  const options: OptimizerOptions = {};
  const set = (key: keyof OptimizerOptions, value: number | undefined): void => {
    if (value !== undefined) options[key] = value;
  };
  set('momentum', numberFlag(values, 'momentum', { min: 0, max: 1, exclusiveMin: false }));
  set('b1', numberFlag(values, 'beta1', { min: 0, max: 1 }));
  set('b2', numberFlag(values, 'beta2', { min: 0, max: 1 }));
  set('eps', numberFlag(values, 'eps', { min: 0 }));
  set('rho', numberFlag(values, 'rho', { min: 0, max: 1 }));
  set('weightDecay', numberFlag(values, 'weight-decay', { min: 0 }));
  return options;
}
