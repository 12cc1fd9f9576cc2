// compare(): several optimizers or learning rates run on one function from the same start.

import type { Method } from '../optim/method.js';
import type { MinimizeResult } from '../record/run-result.js';
import type { Minimizable } from './minimizable.js';
import { type MinimizeOptions, minimize } from './minimize.js';

/**
 * One `minimize` per method, each from the same start with the same limits, in the order given.
 *
 * @example
 * const f = compileExpression('x^2 - 4*x + 1');
 * const runs = compare(f, [0.01, 0.9, 1.0].map((lr) => createMethod('gd', { learningRate: lr })), {
 *   start: new Float64Array([9]), maxIterations: 100,
 * });
 * runs.map((r) => r.status); // → ['max-iterations', 'converged', 'oscillating']
 */
export function compare(
  f: Minimizable,
  methods: readonly Method[],
  options: Omit<MinimizeOptions, 'method'> = {},
): MinimizeResult[] {
  return methods.map((method) => minimize(f, { ...options, method }));
}
