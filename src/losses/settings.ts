// The loss settings: which loss, huber's threshold, and an L2 penalty on the weights.

import type { SettingSpec } from '../setting.js';
import { lossNames } from './loss.js';

export const lossSettings = {
  loss: {
    key: 'loss',
    label: 'loss',
    summary: 'the loss (mse, mae and huber are for numbers, bce and ce for classes)',
    kind: 'choice',
    choices: lossNames,
    defaultText: 'mse; bce or ce for logistic, softmax and an mlp on labels',
  },
  delta: {
    key: 'delta',
    label: 'huber δ',
    summary: "huber's threshold between the squared and the absolute error",
    symbol: 'δ',
    kind: 'number',
    min: 0,
    minExclusive: true,
    default: 1,
  },
  l2: {
    key: 'l2',
    label: 'L2 penalty',
    summary: 'add ½λ‖w‖² on the weights (biases spared) to the loss',
    symbol: 'λ',
    kind: 'number',
    min: 0,
    default: 0,
  },
} as const satisfies { readonly [K in string]: SettingSpec<K> };
