// softmax: multinomial logistic regression, k logits z = x·Wᵀ + b trained with cross-entropy.

import { InputError } from '../errors.js';
import { activation } from './activation.js';
import type { Model } from './model.js';
import { denseNetwork } from './network.js';

/**
 * Softmax regression over `classes` classes: params `{ weight: [k, inputs], bias: [k] }`, starting
 * at 0 (the loss is convex), trained with ce; `apply` returns the k logits per row.
 *
 * @example
 * const model = softmax(2, 3);
 * const params = unflattenParams(model.init(Math.random), model.layout);
 * [...model.apply(params, Float64Array.of(1, 2))]; // → [0, 0, 0]
 */
export function softmax(inputs: number, classes: number): Model {
  if (classes < 2)
    throw new InputError(
      (name) => `${name('model')} softmax needs at least 2 classes in the target, found ${classes}`,
      { key: 'model' },
    );
  return denseNetwork({
    spec: 'softmax',
    task: 'classification',
    widths: [inputs, classes],
    activation: activation('relu'),
    init: null,
    layerName: () => ({ name: 'softmax', prefix: '' }),
  });
}
