// The model settings: which model, its hidden activation and its weight initialization.

import type { SettingSpec } from '../setting.js';
import { activationNames } from './activation.js';

/** Every model spec createModel reads, for help and messages. */
export const modelSpecs = 'linear, poly:D, logistic, softmax, mlp:H1,H2,…';

export const modelSettings = {
  model: {
    key: 'model',
    label: 'model',
    summary: `the model: ${modelSpecs}`,
    kind: 'text',
    default: 'linear',
  },
  formula: {
    key: 'formula',
    label: 'formula',
    summary:
      'fit a formula you type, e.g. "a*exp(-b*t) + c": names that are columns are its inputs, every other name a parameter (reported with standard errors under mse)',
    kind: 'text',
  },
  params: {
    key: 'params',
    label: 'starting values',
    summary: "a formula's starting values, e.g. a=2,b=0.5 (a parameter left out starts at 1)",
    kind: 'text',
  },
  activation: {
    key: 'activation',
    label: 'activation',
    summary: 'hidden-layer activation of an mlp',
    kind: 'choice',
    choices: activationNames,
    default: 'relu',
  },
  init: {
    key: 'init',
    label: 'initialization',
    summary: 'how an mlp draws its weights: he, xavier or normal:STD',
    kind: 'text',
    defaultText: 'he with relu, xavier otherwise',
  },
} as const satisfies { readonly [K in string]: SettingSpec<K> };
