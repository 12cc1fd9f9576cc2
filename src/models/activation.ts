// Activations of hidden layers: relu, tanh, sigmoid, each with its derivative beside it.

import { InputError } from '../errors.js';
import { sigmoid } from '../numeric/sigmoid.js';

export type ActivationName = 'relu' | 'tanh' | 'sigmoid';

export const activationNames: readonly ActivationName[] = ['relu', 'tanh', 'sigmoid'];

/** a = f(z) elementwise, and f'(z) from z and a (whichever is cheaper). */
export interface Activation {
  readonly name: ActivationName;
  apply(z: number): number;
  derivative(z: number, a: number): number;
}

const table: Record<ActivationName, Activation> = {
  // relu'(0) is taken as 0, as PyTorch does.
  relu: { name: 'relu', apply: (z) => Math.max(z, 0), derivative: (z) => (z > 0 ? 1 : 0) },
  tanh: { name: 'tanh', apply: Math.tanh, derivative: (_z, a) => 1 - a * a },
  sigmoid: { name: 'sigmoid', apply: sigmoid, derivative: (_z, a) => a * (1 - a) },
};

/**
 * The named activation; an unknown name is bad input.
 *
 * @example
 * activation('tanh').derivative(0, 0); // 1
 */
export function activation(name: string): Activation {
  if (!(activationNames as readonly string[]).includes(name)) {
    throw new InputError(
      (n) => `${n('activation')}: unknown activation "${name}" (known: ${activationNames.join(', ')})`,
      { key: 'activation' },
    );
  }
  return table[name as ActivationName];
}
