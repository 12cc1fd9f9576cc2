// The named optimizers as the commands know them: a name and flag values in, a Method out.

import { InputError } from '../errors.js';
import { firstOrder } from './first-order.js';
import { gd } from './gd.js';
import type { Method } from './method.js';

/** Hyperparameters as they come from flags; each optimizer reads the ones it has. */
export interface OptimizerOptions {
  learningRate?: number;
  momentum?: number;
  b1?: number;
  b2?: number;
  eps?: number;
  rho?: number;
  weightDecay?: number;
}

/** Every name `--optimizer` accepts. */
export const optimizerNames: readonly string[] = ['gd'];

/** Builds the named optimizer; an unknown name is bad input. */
export function createMethod(name: string, options: OptimizerOptions = {}): Method {
  switch (name) {
    case 'gd': {
      const lr = options.learningRate ?? 0.1;
      return firstOrder({ name: 'gd', lr }, gd(lr)) as Method;
    }
    default:
      throw new InputError(`--optimizer: unknown optimizer "${name}" (known: ${optimizerNames.join(', ')})`);
  }
}
