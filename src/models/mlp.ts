// mlp: a multilayer perceptron — hidden layers with an activation, then a linear output layer.

import { InputError } from '../errors.js';
import { type ActivationName, activation } from './activation.js';
import type { InitScheme } from './init.js';
import type { Model, Task } from './model.js';
import { denseNetwork } from './network.js';

export interface MlpOptions {
  /** Hidden layer widths, first first (`mlp:16,16` → [16, 16]). */
  hidden: readonly number[];
  /** 1 for regression or a binary classifier (one logit), k for k classes (default 1). */
  outputs?: number;
  task?: Task;
  activation?: ActivationName;
  /** Default: he for relu, xavier for tanh and sigmoid (the schemes derived for them). */
  init?: InitScheme;
}

/** The widest hidden layer an mlp takes. */
const MAX_WIDTH = 1_000_000;
/** The most parameters an mlp takes: 2²⁷, a gigabyte for each float64 copy of them. */
const MAX_PARAMS = 2 ** 27;

/**
 * A multilayer perceptron with params `layer1.weight` [h1, inputs], `layer1.bias` [h1], …, the last
 * layer mapping to the outputs without activation. Weights start from the seeded init scheme,
 * biases at 0.
 *
 * @example
 * const net = mlp(2, { hidden: [16, 16], activation: 'tanh', task: 'classification', outputs: 1 });
 * net.layout.entries.map((e) => e.name); // → ['layer1.weight', 'layer1.bias', 'layer2.weight', 'layer2.bias', 'layer3.weight', 'layer3.bias']
 */
export function mlp(inputs: number, options: MlpOptions): Model {
  const { hidden, outputs = 1, task = 'regression', activation: name = 'relu' } = options;
  const bad = hidden.find((h) => !Number.isInteger(h) || h < 1 || h > MAX_WIDTH);
  if (hidden.length === 0 || bad !== undefined) {
    throw new InputError(
      (name) =>
        `${name('model')}: mlp needs hidden sizes as whole numbers from 1 to ${MAX_WIDTH}, e.g. mlp:16,16${bad === undefined ? '' : ` (got ${bad})`}`,
      { key: 'model' },
    );
  }
  const widths = [inputs, ...hidden, outputs];
  let count = 0;
  for (let l = 1; l < widths.length; l++) count += (widths[l - 1]! + 1) * widths[l]!;
  if (count > MAX_PARAMS) {
    throw new InputError(
      (name) =>
        `${name('model')}: mlp:${hidden.join(',')} on ${inputs} input${inputs === 1 ? '' : 's'} has ${count} parameters; at most ${MAX_PARAMS} fit (each is kept several times over: params, gradient, optimizer state)`,
      { key: 'model' },
    );
  }
  const init = options.init ?? (name === 'relu' ? { kind: 'he' } : { kind: 'xavier' });
  return denseNetwork({
    spec: `mlp:${hidden.join(',')}`,
    task,
    widths,
    activation: activation(name),
    init,
    layerName: (l) => ({ name: `layer${l}`, prefix: `layer${l}.` }),
  });
}
