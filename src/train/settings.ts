// The settings of the training loops, minimize() and fit(): limits, tolerance, batches, validation, seed.

import type { SettingSpec } from '../setting.js';

/**
 * minimize()'s and fit()'s own settings. Each loop checks its options against these by key
 * (checkSetting), and the command line builds its flags and help from them.
 */
export const trainSettings = {
  start: {
    key: 'start',
    label: 'start',
    summary: 'starting point, e.g. x=1,y=2 (a variable left out starts at 0)',
    kind: 'text',
  },
  maxIter: {
    key: 'maxIter',
    label: 'iteration limit',
    summary: 'iteration limit (0 evaluates the start only)',
    kind: 'integer',
    min: 0,
    max: 1e9,
    default: 1000,
  },
  tol: {
    key: 'tol',
    label: 'tolerance',
    summary:
      'stop when a step or the gradient norm falls below it — in fit, an epoch’s step, or with mini-batches the relative change of the epoch’s loss (0 turns it off)',
    symbol: 'ε',
    kind: 'number',
    min: 0,
    scale: 'log',
    default: 1e-8,
  },
  epochs: {
    key: 'epochs',
    label: 'epochs',
    summary: 'passes over the training rows in all (a resumed run continues to this total)',
    kind: 'integer',
    min: 0,
    max: 1e9,
    default: 1000,
  },
  batchSize: {
    key: 'batchSize',
    label: 'batch size',
    summary: 'rows per step (1 = stochastic)',
    kind: 'integer',
    min: 1,
    max: 2 ** 32,
    defaultText: 'the whole training set',
  },
  standardize: {
    key: 'standardize',
    label: 'standardize',
    summary: 'scale features to mean 0, sd 1 (parameters are still reported in original units)',
    kind: 'boolean',
    default: false,
  },
  validation: {
    key: 'validation',
    label: 'validation fraction',
    summary:
      'hold out this fraction of the rows; stop when it has not improved for patience epochs and keep the best params',
    kind: 'number',
    min: 0,
    max: 1,
    maxExclusive: true,
    default: 0,
  },
  patience: {
    key: 'patience',
    label: 'patience',
    summary: 'epochs without a better validation loss before stopping',
    kind: 'integer',
    min: 1,
    max: 1e9,
    default: 10,
  },
  threads: {
    key: 'threads',
    label: 'threads',
    summary:
      'threads sharing each batch of an mlp or softmax model, or a full batch of linear or logistic regression; the numbers do not change',
    kind: 'integer',
    min: 1,
    max: 256,
    defaultText:
      'one or every core, whichever runs the batches faster, timed as it trains; in a browser 1 but for an mlp in a worker that started startWebThreads',
  },
  seed: {
    key: 'seed',
    label: 'seed',
    summary: 'seeds the split, the init, the batch order and generated datasets',
    kind: 'integer',
    min: 0,
    max: Number.MAX_SAFE_INTEGER,
    default: 0,
  },
} as const satisfies { readonly [K in string]: SettingSpec<K> };
