// refuseUnknownOptions: an options object's misspelt key is refused by its own name, as JavaScript would ignore it.

import { InputError } from '../errors.js';

/**
 * Throws an InputError keyed by the first defined option of `options` that `names` lacks, saying what `what`
 * takes; `hint(key)` adds the likely intended option (" (the iteration limit is maxIterations)") or ''.
 *
 * @example
 * refuseUnknownOptions('minimize', { maxIter: 5 }, ['maxIterations'], () => ''); // throws: minimize does not take maxIter; it takes maxIterations
 */
export function refuseUnknownOptions(
  what: string,
  options: object,
  names: readonly string[],
  hint: (key: string) => string,
): void {
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || names.includes(key)) continue;
    throw new InputError(`${what} does not take ${key}${hint(key)}; it takes ${names.join(', ')}`, { key });
  }
}
