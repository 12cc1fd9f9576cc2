// createLoss: a loss by its name (the loss setting).

import { InputError } from '../errors.js';
import { bce } from './bce.js';
import { ce } from './ce.js';
import { huber } from './huber.js';
import type { Loss } from './loss.js';
import { lossNames } from './loss.js';
import { mae } from './mae.js';
import { mse } from './mse.js';

/**
 * Builds the named loss; `delta` is Huber's threshold. An unknown name is bad input.
 *
 * @example
 * createLoss('huber', { delta: 2 }).evaluate(Float64Array.of(3), Float64Array.of(0)); // → 4
 */
export function createLoss(name: string, options: { delta?: number } = {}): Loss {
  switch (name) {
    case 'mse':
      return mse();
    case 'mae':
      return mae();
    case 'huber':
      return huber(options.delta === undefined ? {} : { delta: options.delta });
    case 'bce':
      return bce();
    case 'ce':
      return ce();
    default:
      throw new InputError((n) => `${n('loss')}: unknown loss "${name}" (known: ${lossNames.join(', ')})`, {
        key: 'loss',
      });
  }
}
