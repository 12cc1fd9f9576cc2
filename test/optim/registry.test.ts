// createMethod: every name, effective hyperparameters in info, options that reshape the chain, bad input.

import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import type { Objective } from '../../src/optim/method.js';
import { createMethod, defaultLearningRates, optimizerNames } from '../../src/optim/registry.js';
import { run } from './driver.js';
import { rosenbrock } from './functions.js';

const square: Objective = {
  dimension: 2,
  value: (x) => x[0]! ** 2 + x[1]! ** 2,
  valueAndGradient(x, g) {
    g[0] = 2 * x[0]!;
    g[1] = 2 * x[1]!;
    return x[0]! ** 2 + x[1]! ** 2;
  },
  hessian(_x, out) {
    out.set([2, 0, 0, 2]);
  },
};

describe('createMethod', () => {
  it('knows every name of the issue', () => {
    expect([...optimizerNames].sort()).toEqual(
      'gd momentum nesterov adagrad adadelta rmsprop adam adamax nadam amsgrad adamw newton lbfgs'
        .split(' ')
        .sort(),
    );
    for (const name of optimizerNames) expect(createMethod(name).info.name).toBe(name);
  });

  it('reports effective hyperparameters, gd exactly as the contract shows', () => {
    expect(createMethod('gd').info).toEqual({ name: 'gd', lr: 0.1 });
    expect(createMethod('momentum').info).toEqual({ name: 'momentum', lr: 0.1, momentum: 0.9 });
    expect(createMethod('adam').info).toEqual({ name: 'adam', lr: 0.01, b1: 0.9, b2: 0.999, eps: 1e-8 });
    expect(createMethod('adamw').info).toEqual({
      name: 'adamw',
      lr: 0.01,
      b1: 0.9,
      b2: 0.999,
      eps: 1e-8,
      weightDecay: 0.01,
    });
    expect(createMethod('adagrad').info).toEqual({ name: 'adagrad', lr: 0.1, eps: 1e-10 });
    expect(createMethod('adadelta').info).toEqual({ name: 'adadelta', lr: 1, rho: 0.9, eps: 1e-6 });
    expect(createMethod('rmsprop', { centered: true, convention: 'tfjs' }).info).toEqual({
      name: 'rmsprop',
      lr: 0.01,
      rho: 0.99,
      eps: 1e-7,
      momentum: 0,
      centered: true,
      convention: 'tfjs',
    });
    expect(createMethod('adam', { learningRate: 0.1, schedule: 'exp:0.9', weightDecay: 0.1 }).info).toEqual({
      name: 'adam',
      lr: 0.1,
      b1: 0.9,
      b2: 0.999,
      eps: 1e-8,
      weightDecay: 0.1,
      schedule: 'exp:0.9',
    });
    expect(createMethod('newton').info).toEqual({ name: 'newton', lineSearch: 'armijo' });
    expect(createMethod('lbfgs', { history: 5 }).info).toEqual({
      name: 'lbfgs',
      history: 5,
      lineSearch: 'strong-wolfe',
    });
    for (const [name, lr] of Object.entries(defaultLearningRates))
      expect(createMethod(name).info.lr).toBe(lr);
  });

  it('a schedule multiplies the learning rate: gd lr 0.1 with exp:0.5 steps 0.1, then 0.05 of the gradient', () => {
    const method = createMethod('gd', { schedule: 'exp:0.5' });
    let x = Float64Array.of(1, 1);
    let state = method.init(x, square);
    const g = new Float64Array(2);
    const moves: number[] = [];
    for (let k = 0; k < 2; k++) {
      const f = square.valueAndGradient(x, g);
      const [d, next] = method.step(x, f, g, state, square);
      moves.push(d[0]! / g[0]!);
      x = x.map((v, i) => v + d[i]!);
      state = next;
    }
    expect(moves[0]).toBeCloseTo(-0.1, 15);
    expect(moves[1]).toBeCloseTo(-0.05, 15);
  });

  it('plateau, clipping and skip-non-finite wrap the chosen optimizer', () => {
    const method = createMethod('gd', {
      learningRate: 0.1,
      schedule: 'plateau:0:0.5',
      clipNorm: 1,
      skipNonFinite: true,
    });
    expect(method.info).toMatchObject({ schedule: 'plateau:0:0.5', clipNorm: 1, skipNonFinite: true });
    const x = Float64Array.of(3, 4);
    const state = method.init(x, square);
    // ‖g‖ = 10 clipped to 1: d = −0.1·[0.6, 0.8].
    const [d1, s1] = method.step(x, 25, Float64Array.of(6, 8), state, square);
    expect(d1[0]).toBeCloseTo(-0.06, 15);
    // The same loss again: patience 0 → scale ½.
    const [d2, s2] = method.step(x, 25, Float64Array.of(6, 8), s1, square);
    expect(d2[1]).toBeCloseTo(-0.04, 15);
    const [d3, s3] = method.step(x, 25, Float64Array.of(Number.NaN, 8), s2, square);
    expect([...d3]).toEqual([0, 0]);
    expect((s3 as { totalNotFinite: number }).totalNotFinite).toBe(1);
  });

  it('lineSearch armijo works for the first-order methods; lbfgs accepts armijo; newton strong-wolfe', () => {
    for (const [name, options] of [
      ['adam', { learningRate: 0.5, lineSearch: 'armijo' }],
      ['gd', { learningRate: 0.01, lineSearch: 'strong-wolfe' }],
      ['lbfgs', { lineSearch: 'armijo' }],
      ['newton', { lineSearch: 'strong-wolfe' }],
    ] as const) {
      const result = run(createMethod(name, options), square, [3, -4], {
        maxIterations: 3000,
        gradTol: 1e-9,
      });
      expect(Math.hypot(...result.x)).toBeLessThan(1e-6);
    }
  });

  const bad: [string, Parameters<typeof createMethod>[1], RegExp][] = [
    ['sgd', {}, /^--optimizer: unknown optimizer "sgd"/],
    ['gd', { learningRate: 0 }, /^--lr must be a positive number/],
    ['gd', { learningRate: Number.NaN }, /^--lr/],
    ['adam', { b1: 1 }, /^--beta1 must be in \[0, 1\)/],
    ['adam', { b2: -0.1 }, /^--beta2/],
    ['adam', { eps: -1 }, /^--eps/],
    ['rmsprop', { rho: 1.5 }, /^--rho/],
    ['momentum', { momentum: 1 }, /^--momentum/],
    ['adamw', { weightDecay: -1 }, /^--weight-decay/],
    ['lbfgs', { history: 0 }, /^--history/],
    ['lbfgs', { history: 2.5 }, /^--history/],
    ['newton', { lineSearch: 'none' }, /^--line-search: newton needs a line search/],
    ['lbfgs', { schedule: 'exp:0.9' }, /^--schedule: lbfgs/],
    ['gd', { schedule: 'exp:nope' }, /^--schedule:/],
    ['gd', { convention: 'keras' as 'tfjs' }, /^--convention/],
    ['gd', { lineSearch: 'wolfe' as 'armijo' }, /^--line-search must be/],
    ['gd', { clipNorm: 0 }, /^--clip-norm/],
  ];
  for (const [name, options, message] of bad) {
    it(`refuses ${name} ${JSON.stringify(options)} as bad input`, () => {
      expect(() => createMethod(name, options)).toThrow(InputError);
      expect(() => createMethod(name, options)).toThrow(message);
    });
  }

  it('newton without a Hessian is bad input', () => {
    const noHessian: Objective = {
      dimension: 2,
      value: square.value,
      valueAndGradient: square.valueAndGradient,
    };
    expect(() => createMethod('newton').init(Float64Array.of(0, 0), noHessian)).toThrow(InputError);
  });

  it('lbfgs history 3 solves Rosenbrock', () => {
    const result = run(createMethod('lbfgs', { history: 3 }), rosenbrock.objective, rosenbrock.start, {
      maxIterations: 500,
    });
    expect(Math.hypot(result.x[0]! - 1, result.x[1]! - 1)).toBeLessThan(1e-7);
  });
});
