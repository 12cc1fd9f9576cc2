// The fused optimizer updates against src/optim's reference rules, step for step and bit for bit, and where they must not apply.

import { describe, expect, it } from 'vitest';
import { generateDataset } from '../../src/data/generators.js';
import { createMethod } from '../../src/optim/create-method.js';
import type { Objective } from '../../src/optim/method.js';
import { fit } from '../../src/train/fit.js';
import { seededValues } from './reference.js';

/** The objective is never called by these methods (no line search); a stand-in that says so if it is. */
const objective: Objective = {
  dimension: 0,
  value: () => expect.fail('a fused-eligible method evaluated the objective'),
  valueAndGradient: () => expect.fail('a fused-eligible method evaluated the objective'),
};

/** Entry-by-entry equality with === (a −0 equals a 0), for params and every array of a state. */
function expectSameTree(actual: unknown, expected: unknown, where = 'state'): void {
  if (expected instanceof Float64Array) {
    expect(actual).toBeInstanceOf(Float64Array);
    const a = actual as Float64Array;
    expect(a.length).toBe(expected.length);
    for (let i = 0; i < a.length; i++) {
      if (a[i] !== expected[i]) expect.fail(`${where}[${i}]: ${a[i]} against the reference's ${expected[i]}`);
    }
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual)).toBe(true);
    expect((actual as unknown[]).length).toBe(expected.length);
    expected.forEach((e, i) => {
      expectSameTree((actual as unknown[])[i], e, `${where}[${i}]`);
    });
  } else if (typeof expected === 'object' && expected !== null) {
    expect(Object.keys(actual as object).sort()).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected))
      expectSameTree((actual as Record<string, unknown>)[k], v, `${where}.${k}`);
  } else {
    expect(actual).toBe(expected);
  }
}

const cases = [
  ['gd', { learningRate: 0.1 }],
  ['gd', { learningRate: 0.05, weightDecay: 0.01 }],
  ['gd', { learningRate: 0.1, schedule: { kind: 'cosine', steps: 30 } }],
  ['momentum', { learningRate: 0.02 }],
  ['momentum', { learningRate: 0.02, momentum: 0.5, weightDecay: 0.1 }],
  ['nesterov', { learningRate: 0.01 }],
  ['nesterov', { learningRate: 0.01, weightDecay: 0.001, schedule: { kind: 'step', every: 5, factor: 0.5 } }],
  ['adam', { learningRate: 0.01 }],
  ['adam', { learningRate: 0.01, b1: 0.8, b2: 0.99, eps: 1e-6, weightDecay: 0.01 }],
  ['adam', { learningRate: 0.01, convention: 'tfjs' }],
  ['adam', { learningRate: 0.1, schedule: { kind: 'warmup', steps: 5, next: { kind: 'exp', factor: 0.9 } } }],
] as const;

describe('fused optimizer updates', () => {
  for (const [name, options] of cases) {
    it(`${name} ${JSON.stringify(options)}: params and state equal the reference's step after step`, () => {
      const method = createMethod(name, options as never);
      expect(method.stepInPlace).toBeDefined();
      const n = 37;
      const start = seededValues(n, 1);
      // Some entries exactly 0, some huge, so the weight decay and the moments see every kind of value.
      start[3] = 0;
      start[4] = 1e6;
      let refParams = Float64Array.from(start);
      let refState = method.init(refParams, objective);
      const params = Float64Array.from(start);
      let state = structuredClone(refState);
      for (let step = 0; step < 30; step++) {
        const grad = seededValues(n, 100 + step).map((g, i) => (i === 5 ? 0 : g * (1 + step)));
        const [displacement, next] = method.step(refParams, 1, grad, refState, objective);
        refParams = refParams.map((p, i) => p + displacement[i]!);
        refState = next;
        state = method.stepInPlace!(params, grad, state);
        expectSameTree(params, refParams, `params after step ${step + 1}`);
        expectSameTree(state, refState, `state after step ${step + 1}`);
      }
    });
  }

  it('is absent where the step needs more than one pass: amsgrad, clipping, a line search, skipping, a plateau, other optimizers', () => {
    for (const [name, options] of [
      ['adam', { amsgrad: true }],
      ['gd', { clipNorm: 1 }],
      ['momentum', { clipValue: 1 }],
      ['gd', { lineSearch: 'armijo' }],
      ['adam', { skipNonFinite: true }],
      ['adam', { schedule: { kind: 'plateau' } }],
      ['rmsprop', {}],
      ['adamw', {}],
      ['lbfgs', {}],
    ] as const) {
      expect(
        createMethod(name, options as never).stepInPlace,
        `${name} ${JSON.stringify(options)}`,
      ).toBeUndefined();
    }
  });

  it('fit with a fused adam ends where stepping through fitRun (a copy per step) does, bit for bit', async () => {
    const { fitRun } = await import('../../src/train/fit.js');
    const data = generateDataset('gaussians', { seed: 4, rows: 120 });
    const options = { model: 'mlp:6', optimizer: 'adam', batchSize: 16, epochs: 4, tol: 0, seed: 1 } as const;
    const run = fitRun(data, options);
    let state = run.start;
    const kept = [state];
    while (!run.done(state)) {
      state = run.step(state);
      kept.push(state);
    }
    expectSameTree(fit(data, options).params, state.params, 'params');
    // Every state kept along the way is still its own: the fused steps wrote only into the copies.
    expect(kept[1]!.params).not.toBe(kept[2]!.params);
    expectSameTree(run.step(kept[1]!).params, kept[2]!.params, 'a state stepped again');
  });
});
