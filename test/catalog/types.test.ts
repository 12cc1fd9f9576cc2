// createMethod is typed by name: a misspelt optimizer or an option it does not take fails to type-check (npm run typecheck reads this file).

import { describe, expect, expectTypeOf, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import type { OptionsOf } from '../../src/optim/catalog.js';
import { createMethod } from '../../src/optim/create-method.js';
import type { Method } from '../../src/optim/method.js';

describe('createMethod types', () => {
  it('takes each optimizer’s own options and no others', () => {
    expectTypeOf(createMethod('adam', { b1: 0.8, b2: 0.99, learningRate: 0.01 })).toEqualTypeOf<Method>();
    expectTypeOf<OptionsOf<'adam'>>().toHaveProperty('b2');
    expectTypeOf<OptionsOf<'gd'>>().not.toHaveProperty('b2');
    expectTypeOf<OptionsOf<'lbfgs'>>().not.toHaveProperty('learningRate');
    expectTypeOf(createMethod).parameter(0).not.toEqualTypeOf<string>();
    // An unused @ts-expect-error is itself a type error, so each line below must fail to type-check.
    // @ts-expect-error: 'adma' is not an optimizer
    expect(() => createMethod('adma')).toThrow(InputError);
    // @ts-expect-error: gd takes no b2
    expect(() => createMethod('gd', { b2: 0.9 })).toThrow(InputError);
    // @ts-expect-error: lbfgs has no learning rate
    expect(() => createMethod('lbfgs', { learningRate: 0.1 })).toThrow(InputError);
    // @ts-expect-error: momentum is a number
    expect(() => createMethod('momentum', { momentum: 'high' })).toThrow(InputError);
  });
});
