// createMethod: every name, effective hyperparameters in info, options that reshape the chain, bad input by key.

import { describe, expect, it } from 'vitest';
import { flagFor } from '../../src/cli/flag-names.js';
import { InputError } from '../../src/errors.js';
import { optimizerCatalog, optimizerNames } from '../../src/optim/catalog.js';
import { createMethod } from '../../src/optim/create-method.js';
import type { Objective } from '../../src/optim/method.js';
import { givenOptions, methodFromSpec } from '../../src/optim/method-from-spec.js';
import type { OptimizerOptions } from '../../src/optim/settings.js';
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
  it('builds what methodFromSpec builds from the catalog entry alone: info, rate and fused step, for every optimizer', () => {
    for (const name of optimizerNames) {
      const spec = optimizerCatalog[name];
      const options = spec.usesLearningRate ? { learningRate: 0.05 } : {};
      const byName = createMethod(name, options as never);
      const bySpec = methodFromSpec(spec, options);
      expect(bySpec.info, name).toEqual(byName.info);
      expect(bySpec.stepInPlace === undefined, name).toBe(byName.stepInPlace === undefined);
      if (spec.usesLearningRate || name === 'lbfgs') {
        const twice = [bySpec, byName].map((m) => run(m, square, [1, -2], { maxIterations: 5 }));
        expect(twice[0], name).toEqual(twice[1]);
      }
    }
    expect(() => methodFromSpec(optimizerCatalog.gd, { b1: 0.9 })).toThrow(
      'b1 does not apply to gd (it takes learningRate, weightDecay, schedule, lineSearch, clipValue, clipNorm, skipNonFinite)',
    );
  });

  it('knows every name of the issue', () => {
    expect([...optimizerNames].sort()).toEqual(
      'gd momentum nesterov adagrad adadelta rmsprop adam adamax nadam amsgrad adamw newton lbfgs lm'
        .split(' ')
        .sort(),
    );
    for (const name of optimizerNames) expect(createMethod(name).info.name).toBe(name);
  });

  it('reports effective hyperparameters, gd exactly as the contract shows', () => {
    expect(createMethod('gd', { learningRate: 0.1 }).info).toEqual({ name: 'gd', lr: 0.1 });
    expect(createMethod('momentum').info).toEqual({ name: 'momentum', lr: 0.001, momentum: 0.9 });
    expect(createMethod('adam').info).toEqual({ name: 'adam', lr: 0.001, b1: 0.9, b2: 0.999, eps: 1e-8 });
    expect(createMethod('adamw').info).toEqual({
      name: 'adamw',
      lr: 0.001,
      b1: 0.9,
      b2: 0.999,
      eps: 1e-8,
      weightDecay: 0.01,
    });
    expect(createMethod('adagrad').info).toEqual({ name: 'adagrad', lr: 0.01, eps: 1e-10 });
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
    expect(
      createMethod('adam', { learningRate: 0.1, schedule: { kind: 'exp', factor: 0.9 }, weightDecay: 0.1 })
        .info,
    ).toEqual({
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
    for (const name of optimizerNames) {
      const spec = optimizerCatalog[name];
      const lr = (spec.defaults as { learningRate?: number }).learningRate;
      expect(createMethod(name).info.lr).toBe(spec.usesLearningRate ? lr : undefined);
    }
  });

  it('a schedule multiplies the learning rate: gd lr 0.1 with exp:0.5 steps 0.1, then 0.05 of the gradient', () => {
    const method = createMethod('gd', { learningRate: 0.1, schedule: { kind: 'exp', factor: 0.5 } });
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

  it('accepts every option each optimizer takes, and switches left off anywhere', () => {
    const values: Required<OptimizerOptions> = {
      learningRate: 0.01,
      momentum: 0.5,
      b1: 0.8,
      b2: 0.99,
      eps: 1e-6,
      rho: 0.9,
      weightDecay: 0.01,
      centered: true,
      amsgrad: true,
      convention: 'tfjs',
      momentumDecay: 0.01,
      lrDecay: 0.1,
      schedule: { kind: 'exp', factor: 0.9 },
      lineSearch: 'strong-wolfe',
      history: 5,
      clipValue: 1,
      clipNorm: 1,
      skipNonFinite: true,
    };
    for (const name of optimizerNames) {
      const taken = optimizerCatalog[name].settings;
      const options = Object.fromEntries(taken.map((key) => [key, values[key]])) as OptimizerOptions;
      expect(createMethod(name, options).info.name).toBe(name);
      expect(createMethod(name, { centered: false, amsgrad: false, skipNonFinite: false }).info.name).toBe(
        name,
      );
    }
    expect(givenOptions({ learningRate: 0.1, centered: false, skipNonFinite: true })).toEqual([
      'learningRate',
      'skipNonFinite',
    ]);
  });

  it('reports the learning rate a step uses once a schedule has scaled it', () => {
    // step:2 is StepLR(step_size=2, gamma=0.1): 0.1·0.1^⌊step/2⌋.
    const stepped = createMethod('adam', { learningRate: 0.1, schedule: { kind: 'step', every: 2 } });
    const state = stepped.init(Float64Array.of(0, 0), square);
    expect([0, 1, 2, 3, 4].map((k) => stepped.learningRate!(k, state))).toEqual([
      0.1,
      0.1,
      expect.closeTo(0.01, 17),
      expect.closeTo(0.01, 17),
      expect.closeTo(0.001, 18),
    ]);
    // cosine:10 is CosineAnnealingLR(T_max=10, eta_min=0): ½·0.1·(1 + cos(π·step/10)), 0 from step 10.
    const cosine = createMethod('gd', { learningRate: 0.1, schedule: { kind: 'cosine', steps: 10 } });
    expect(cosine.learningRate!(5, cosine.init(Float64Array.of(0, 0), square))).toBeCloseTo(0.05, 15);
    expect(cosine.learningRate!(10, cosine.init(Float64Array.of(0, 0), square))).toBe(0);
    expect(createMethod('gd').learningRate!(7, [])).toBe(0.001);
    expect(createMethod('lbfgs').learningRate).toBeUndefined();
  });

  it("reports reduce-on-plateau's reductions in the learning rate, through skip-non-finite", () => {
    const method = createMethod('gd', {
      learningRate: 0.1,
      schedule: { kind: 'plateau', patience: 0, factor: 0.5 },
      skipNonFinite: true,
    });
    const x = Float64Array.of(3, 4);
    let state = method.init(x, square);
    expect(method.learningRate!(0, state)).toBe(0.1);
    // The loss 25 twice: the second is no improvement, and patience 0 halves the scale.
    [, state] = method.step(x, 25, Float64Array.of(6, 8), state, square);
    [, state] = method.step(x, 25, Float64Array.of(6, 8), state, square);
    expect(method.learningRate!(2, state)).toBe(0.05);
  });

  it('plateau, clipping and skip-non-finite wrap the chosen optimizer', () => {
    const method = createMethod('gd', {
      learningRate: 0.1,
      schedule: { kind: 'plateau', patience: 0, factor: 0.5 },
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

  // Each error carries the setting's key and speaks of it by key; the command line's wording (checked
  // here through flagFor) names the flag.
  const bad: [string, OptimizerOptions, RegExp][] = [
    ['sgd', {}, /^--optimizer: unknown optimizer "sgd"/],
    ['constructor', {}, /^--optimizer: unknown optimizer "constructor"/],
    ['gd', { learningRate: 0 }, /^--lr: must be above 0, got 0$/],
    ['gd', { learningRate: Number.NaN }, /^--lr: must be above 0, got NaN$/],
    ['adam', { b1: 1 }, /^--beta1: must be in \[0, 1\), got 1$/],
    ['adam', { b1: 1.5 }, /^--beta1: must be in \[0, 1\), got 1.5$/],
    ['adam', { b2: -0.1 }, /^--beta2: must be in \[0, 1\), got -0.1$/],
    ['adam', { eps: -1 }, /^--eps: must be at least 0, got -1$/],
    ['rmsprop', { rho: 1.5 }, /^--rho: must be in \[0, 1\), got 1.5$/],
    ['momentum', { momentum: 1 }, /^--momentum: must be in \[0, 1\), got 1$/],
    ['adamw', { weightDecay: -1 }, /^--weight-decay: must be at least 0, got -1$/],
    ['lbfgs', { history: 0 }, /^--history: must be a whole number in \[1, 1000\], got 0$/],
    ['lbfgs', { history: 2.5 }, /^--history: must be a whole number in \[1, 1000\], got 2.5$/],
    ['lbfgs', { history: 1001 }, /^--history: must be a whole number in \[1, 1000\], got 1001$/],
    ['newton', { lineSearch: 'none' }, /^--line-search: newton needs a line search/],
    ['gd', { schedule: { kind: 'exp', factor: Number.NaN } }, /^--schedule:/],
    [
      'adam',
      { convention: 'keras' as 'tfjs' },
      /^--convention: unknown convention "keras" \(known: pytorch, tfjs\)$/,
    ],
    [
      'gd',
      { lineSearch: 'wolfe' as 'armijo' },
      /^--line-search: unknown line search "wolfe" \(known: none, armijo, strong-wolfe\)$/,
    ],
    ['gd', { clipNorm: 0 }, /^--clip-norm: must be above 0, got 0$/],
    ['gd', { clipValue: -1 }, /^--clip-value: must be above 0, got -1$/],
    // Options the optimizer does not take are refused, naming the flag, the optimizer and what it takes.
    [
      'gd',
      { b1: 0.8 },
      /^--beta1 does not apply to gd \(it takes --lr, --weight-decay, --schedule, --line-search, --clip-value, --clip-norm, --skip-non-finite\)$/,
    ],
    ['gd', { momentum: 0.9 }, /^--momentum does not apply to gd \(/],
    ['gd', { convention: 'tfjs' }, /^--convention does not apply to gd \(/],
    [
      'adam',
      { momentum: 0.9 },
      /^--momentum does not apply to adam \(it takes --lr, .*--beta1, --beta2, --eps/,
    ],
    ['adam', { rho: 0.9 }, /^--rho does not apply to adam/],
    ['adam', { centered: true }, /^--centered does not apply to adam/],
    ['adagrad', { b2: 0.99 }, /^--beta2 does not apply to adagrad/],
    ['rmsprop', { amsgrad: true }, /^--amsgrad does not apply to rmsprop/],
    ['adamax', { amsgrad: true }, /^--amsgrad does not apply to adamax/],
    ['gd', { history: 5 }, /^--history does not apply to gd/],
    ['newton', { learningRate: 0.5 }, /^--lr does not apply to newton \(it takes --line-search\)$/],
    ['lbfgs', { learningRate: 0.5 }, /^--lr does not apply to lbfgs \(it takes --line-search, --history\)$/],
    ['lbfgs', { schedule: { kind: 'exp', factor: 0.9 } }, /^--schedule does not apply to lbfgs/],
    ['newton', { clipNorm: 1 }, /^--clip-norm does not apply to newton/],
    ['lbfgs', { skipNonFinite: true }, /^--skip-non-finite does not apply to lbfgs/],
    // Before its range: a value that could never matter is refused for not applying.
    ['newton', { learningRate: -1 }, /^--lr does not apply to newton/],
  ];
  for (const [name, options, message] of bad) {
    it(`refuses ${name} ${JSON.stringify(options)} as bad input`, () => {
      let error: unknown;
      try {
        createMethod(name as 'gd', options as never);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      const input = error as InputError;
      expect(input.describe(flagFor)).toMatch(message);
      expect(input.message).not.toMatch(/--[a-z]/);
      expect(flagFor(input.key!)).toBe(/^(--[a-z0-9-]+)/.exec(input.describe(flagFor))![1]);
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
