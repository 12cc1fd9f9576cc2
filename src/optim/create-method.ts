// createMethod: a named optimizer built from its catalog entry — options checked by key, defaults filled in.

import { InputError } from '../errors.js';
import { isOptimizerName, type OptionsOf, optimizerCatalog, optimizerNames } from './catalog.js';
import type { Method } from './method.js';
import { checkSpecOptions, methodFromSpec } from './method-from-spec.js';
import type { OptimizerName, OptimizerSpec } from './optimizer-spec.js';
import type { OptimizerOptions } from './settings.js';

/**
 * Checks options against an optimizer's spec, by key: an unknown optimizer (key 'optimizer'), an
 * option it does not take, a value of the wrong kind or out of range. Returns the catalog entry.
 *
 * @example
 * checkOptimizerOptions('adam', { b1: 0.9 }); // fine
 * try {
 *   checkOptimizerOptions('adam', { b1: 1 });
 * } catch (error) {
 *   console.log((error as InputError).key, (error as InputError).message); // b1 b1: must be in [0, 1), got 1
 * }
 */
export function checkOptimizerOptions(name: string, options: OptimizerOptions): OptimizerSpec {
  const spec = specNamed(name);
  checkSpecOptions(spec, options);
  return spec;
}

/** The catalog's entry for a name from JavaScript, a flag or a file; anything else is refused by key. */
function specNamed(name: string): OptimizerSpec {
  if (!isOptimizerName(name)) {
    throw new InputError(
      (n) => `${n('optimizer')}: unknown optimizer "${name}" (known: ${optimizerNames.join(', ')})`,
      { key: 'optimizer' },
    );
  }
  return optimizerCatalog[name];
}

/**
 * Builds the named optimizer from its catalog entry (optimizerCatalog). Typed by name: a misspelt
 * optimizer or an option it does not take is a compile error; from JavaScript, and for bad values,
 * an InputError carrying the setting's key (`b1: must be in [0, 1), got 1`). Options left out take
 * the optimizer's defaults (PyTorch's), then the setting's; under the tfjs convention eps defaults
 * to tfjs's 1e-7. The Method's info reports the effective values (`{ name: 'adam', lr: 0.001, b1:
 * 0.9, … }`): the learning rate as `lr`, the optimizer's own defaults, and every other setting that
 * differs from its default. Its `learningRate(step, state)` gives the rate a step uses once a
 * schedule or reduce-on-plateau has scaled it. (methodFromSpec builds one from its spec alone.)
 *
 * @example
 * const method = createMethod('rmsprop', { learningRate: 0.01, centered: true });
 * method.info; // → { name: 'rmsprop', lr: 0.01, centered: true }
 * const warm = createMethod('adam', { learningRate: 0.1, schedule: { kind: 'warmup', steps: 100, next: { kind: 'cosine', steps: 1000 } } });
 * warm.info.schedule; // → 'warmup:100,cosine:1000'
 * minimize(compileExpression('(x - 1)^2'), { method: warm, maxIterations: 1100 }).point; // → [1.000]
 */
export function createMethod<N extends OptimizerName>(name: N, options?: OptionsOf<N>): Method {
  return methodFromSpec(specNamed(name), (options ?? {}) as OptimizerOptions);
}
