// Models: params trees, gradients and Hessians against central differences, and reports in original units.

import { describe, expect, it } from 'vitest';
import { Random } from '../../src/data/random.js';
import { fit, InputError, parseCsvText } from '../../src/index.js';
import { createLoss } from '../../src/losses/index.js';
import type { LossName } from '../../src/losses/loss.js';
import {
  createModel,
  flattenParams,
  type Model,
  type ModelContext,
  nestArray,
  paramLayout,
  parseInit,
  unflattenParams,
} from '../../src/models/index.js';
import type { Standardizer } from '../../src/record/standardizer.js';
import { expectClose, numericGradient } from './numeric.js';

const rng = Random.seeded(11);
const uniform = () => rng.next();
const names = (n: number) => Array.from({ length: n }, (_, j) => `f${j}`);

/** rows × cols inputs in [−2, 2] and a target of the given kind. */
function batch(rows: number, cols: number, target: 'numbers' | number) {
  const x = Float64Array.from({ length: rows * cols }, () => rng.uniform(-2, 2));
  const y = Float64Array.from({ length: rows }, () =>
    target === 'numbers' ? rng.uniform(-3, 3) : rng.int(target),
  );
  return { x, y };
}

function randomParams(model: Model, scale = 0.8): Float64Array {
  return Float64Array.from({ length: model.layout.size }, () => rng.uniform(-scale, scale));
}

function checkGradient(model: Model, loss: LossName, target: 'numbers' | number, tol = 1e-6): void {
  const trainer = model.trainer(createLoss(loss, { delta: 0.8 }));
  const { x, y } = batch(7, model.inputs, target);
  const params = randomParams(model);
  const grad = new Float64Array(params.length);
  const value = trainer.valueAndGradient(params, x, y, grad);
  expect(value).toBeCloseTo(trainer.value(params, x, y), 12);
  expectClose(
    grad,
    numericGradient((p) => trainer.value(p, x, y), params),
    tol,
  );
}

describe('params trees', () => {
  const layout = paramLayout([
    { name: 'weight', shape: [2, 3] },
    { name: 'bias', shape: [2] },
  ]);
  it('lay entries end to end and round-trip through the flat vector', () => {
    expect(layout.size).toBe(8);
    expect(layout.entries[1]).toMatchObject({ name: 'bias', offset: 6, size: 2 });
    const flat = Float64Array.from({ length: 8 }, (_, i) => i);
    const tree = unflattenParams(flat, layout);
    expect(Array.from(tree.bias!)).toEqual([6, 7]);
    expect(flattenParams(tree, layout)).toEqual(flat);
    expect(nestArray(tree.weight!, [2, 3])).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
  });
  it('a tree of the wrong shape is rejected', () => {
    expect(() => flattenParams({ weight: new Float64Array(6) }, layout)).toThrow(/"bias" needs 2/);
  });
});

describe('model gradients equal central differences', () => {
  const numeric = (spec: string, loss: LossName, extra: Record<string, string> = {}) =>
    createModel(spec, { featureNames: names(3), classes: null, loss, ...extra });
  const labelled = (spec: string, loss: LossName, k: number, extra: Record<string, string> = {}) =>
    createModel(spec, { featureNames: names(3), classes: names(k), loss, ...extra });

  it.each(['mse', 'mae', 'huber'] as const)('linear with %s', (loss) =>
    checkGradient(numeric('linear', loss), loss, 'numbers'),
  );
  it('poly:3 with mse', () => {
    const x = batch(20, 3, 'numbers').x;
    const model = createModel('poly:3', { featureNames: names(3), classes: null, loss: 'mse', x });
    checkGradient(model, 'mse', 'numbers');
  });
  it('logistic with bce', () => checkGradient(labelled('logistic', 'bce', 2), 'bce', 2));
  it('softmax with ce', () => checkGradient(labelled('softmax', 'ce', 4), 'ce', 4));
  it.each(['relu', 'tanh', 'sigmoid'])('mlp:5,4 with %s and mse', (activation) =>
    checkGradient(numeric('mlp:5,4', 'mse', { activation }), 'mse', 'numbers'),
  );
  it('mlp:6 classifier with bce', () =>
    checkGradient(labelled('mlp:6', 'bce', 2, { activation: 'tanh' }), 'bce', 2));
  it('mlp:6,3 classifier with ce', () =>
    checkGradient(labelled('mlp:6,3', 'ce', 3, { activation: 'sigmoid' }), 'ce', 3));
});

describe('bound rows give the unbound results', () => {
  // 600 × 8 values (poly: 600 × 4 inputs, 8 powers) pass the threshold for binding the linear kernel.
  it.each([
    ['linear', 8],
    ['poly:2', 4],
  ])('%s with mse, to 1e-12, and again after the release', (spec, cols) => {
    const { x, y } = batch(600, cols, 'numbers');
    const model = createModel(spec, { featureNames: names(cols), classes: null, loss: 'mse', x });
    const params = randomParams(model);
    const unbound = new Float64Array(params.length);
    const bound = new Float64Array(params.length);
    const value = model.trainer(createLoss('mse')).valueAndGradient(params, x, y, unbound);
    const trainer = model.trainer(createLoss('mse'));
    const release = trainer.bind!(x, y);
    expect(trainer.valueAndGradient(params, x, y, bound)).toBeCloseTo(value, 12);
    expectClose(bound, unbound, 1e-12);
    expect(trainer.value(params, x, y)).toBeCloseTo(value, 12);
    release();
    expect(trainer.valueAndGradient(params, x, y, bound)).toBe(value);
    expect([...bound]).toEqual([...unbound]);
  });
});

describe('exact Hessians for newton', () => {
  it.each([
    ['linear', 'mse', null],
    ['logistic', 'bce', 2],
  ] as const)('%s with %s equals differences of the gradient', (spec, loss, classes) => {
    const model = createModel(spec, {
      featureNames: names(2),
      classes: classes === null ? null : names(classes),
      loss,
    });
    const trainer = model.trainer(createLoss(loss));
    const { x, y } = batch(9, 2, classes ?? 'numbers');
    const params = randomParams(model);
    const n = params.length;
    const hessian = new Float64Array(n * n);
    trainer.hessian!(params, x, y, hessian);
    for (let j = 0; j < n; j++) {
      const row = numericGradient((p) => {
        const g = new Float64Array(n);
        trainer.valueAndGradient(p, x, y, g);
        return g[j]!;
      }, params);
      expectClose(hessian.subarray(j * n, (j + 1) * n), row, 1e-6);
    }
  });
});

describe('apply and trainer outputs agree', () => {
  it.each([
    ['linear', 'mse', null],
    ['poly:2', 'mse', null],
    ['logistic', 'bce', 2],
    ['softmax', 'ce', 3],
    ['mlp:4,4', 'ce', 3],
  ] as const)('%s', (spec, loss, classes) => {
    const { x } = batch(5, 3, 'numbers');
    const model = createModel(spec, {
      featureNames: names(3),
      classes: classes === null ? null : names(classes),
      loss,
      x,
    });
    const params = randomParams(model);
    const out = model.apply(unflattenParams(params, model.layout), x);
    expect(out.length).toBe(5 * model.outputs);
    expectClose(out, model.trainer(createLoss(loss)).outputs(params, x), 1e-14);
  });
});

describe('reported params are in the units of the original data', () => {
  const raw = Float64Array.from({ length: 12 }, (_, i) => 3 + 2 * Math.sin(i));
  const cols = 2;
  const scaling: Standardizer = { mean: Float64Array.of(3.1, 2.9), std: Float64Array.of(0.5, 1.7) };
  const scaled = raw.map((v, i) => (v - scaling.mean[i % cols]!) / scaling.std[i % cols]!);

  it('linear: intercept + Σ weight·u reproduces the model on standardized inputs', () => {
    const model = createModel('linear', { featureNames: ['a', 'b'], classes: null, loss: 'mse' });
    const params = Float64Array.of(0.7, -1.3, 0.4);
    const report = model.report(params, scaling) as Record<string, number>;
    const out = model.apply(unflattenParams(params, model.layout), scaled);
    for (let i = 0; i < 6; i++) {
      expect(report.intercept! + report.a! * raw[2 * i]! + report.b! * raw[2 * i + 1]!).toBeCloseTo(
        out[i]!,
        12,
      );
    }
  });

  it('poly:3: the reported coefficients of uᵖ reproduce the model on standardized, power-standardized inputs', () => {
    const model = createModel('poly:3', { featureNames: ['a', 'b'], classes: null, loss: 'mse', x: scaled });
    const params = randomParams(model);
    const report = model.report(params, scaling) as { intercept: number; a: number[]; b: number[] };
    const out = model.apply(unflattenParams(params, model.layout), scaled);
    for (let i = 0; i < 6; i++) {
      let v = report.intercept;
      for (let p = 1; p <= 3; p++)
        v += report.a[p - 1]! * raw[2 * i]! ** p + report.b[p - 1]! * raw[2 * i + 1]! ** p;
      expect(v).toBeCloseTo(out[i]!, 10);
    }
  });

  it('mlp: the first layer absorbs the scaling, so the reported net maps raw inputs to the same outputs', () => {
    const model = createModel('mlp:3', {
      featureNames: ['a', 'b'],
      classes: null,
      loss: 'mse',
      activation: 'tanh',
    });
    const params = randomParams(model);
    const report = model.report(params, scaling);
    const tree = Object.fromEntries(
      Object.entries(report).map(([k, v]) => [k, Float64Array.from((v as number[] | number[][]).flat())]),
    );
    expectClose(model.apply(tree, raw), model.apply(unflattenParams(params, model.layout), scaled), 1e-12);
  });
});

describe('initialization', () => {
  it('linear starts from slope 1 and intercept 0 (seed 001); logistic and softmax from 0', () => {
    const featureNames = ['x'];
    expect(
      Array.from(createModel('linear', { featureNames, classes: null, loss: 'mse' }).init(uniform)),
    ).toEqual([1, 0]);
    expect(
      Array.from(createModel('logistic', { featureNames, classes: ['a', 'b'], loss: 'bce' }).init(uniform)),
    ).toEqual([0, 0]);
  });

  it('he, xavier and normal:STD draw weights with the documented spread; biases start at 0', () => {
    const spread = (init: string) => {
      const model = createModel('mlp:400', { featureNames: names(50), classes: null, loss: 'mse', init });
      const draw = model.init(uniform);
      const w = draw.subarray(0, 400 * 50);
      const std = Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length);
      expect(Array.from(draw.subarray(400 * 50, 400 * 51)).every((b) => b === 0)).toBe(true);
      return std;
    };
    expect(spread('he')).toBeCloseTo(Math.sqrt(2 / 50), 2);
    expect(spread('xavier')).toBeCloseTo(Math.sqrt(2 / 450), 2);
    expect(spread('normal:0.3')).toBeCloseTo(0.3, 2);
  });

  it('the same seed gives the same weights', () => {
    const model = createModel('mlp:8', { featureNames: names(2), classes: null, loss: 'mse' });
    const a = Random.seeded(5);
    const b = Random.seeded(5);
    expect(model.init(() => a.next())).toEqual(model.init(() => b.next()));
  });
});

describe('bad specs are bad input naming the flag', () => {
  const context = { featureNames: ['x'], classes: null, loss: 'mse' as const };
  it.each([
    ['mlp', /^model: "mlp" is not a model/],
    ['mlp:0', /^model: mlp needs hidden sizes/],
    ['mlp:4,', /^model: "mlp:4," is not a model/],
    ['poly:0', /polynomial degree/],
    ['poly:x', /^model: "poly:x" is not a model/],
    ['tree', /^model: "tree" is not a model/],
    ['logistic', /logistic needs a target with 2 classes/],
  ])('%s', (spec, message) => {
    expect(() => createModel(spec, context)).toThrow(message);
  });
  it('says what a classifier found instead of 2 classes or more: numbers, or the count of classes', () => {
    const one: ModelContext = { featureNames: ['x'], classes: ['a'], loss: 'bce' };
    const three: ModelContext = { featureNames: ['x'], classes: ['a', 'b', 'c'], loss: 'bce' };
    const cases: [string, ModelContext, string][] = [
      ['logistic', context, 'model logistic needs a target with 2 classes, found numbers'],
      ['logistic', one, 'model logistic needs a target with 2 classes, found 1 class'],
      ['logistic', three, 'model logistic needs a target with 2 classes, found 3 classes (try softmax)'],
      ['softmax', context, 'model softmax needs a target with 2 classes or more, found numbers'],
      ['softmax', one, 'model softmax needs a target with 2 classes or more, found 1 class'],
      ['mlp:4', { ...context, loss: 'ce' }, 'loss ce needs a target with 2 classes or more, found numbers'],
      ['mlp:4', one, 'loss bce needs a target with 2 classes or more, found 1 class'],
    ];
    for (const [spec, given, message] of cases) {
      expect(() => createModel(spec, given), `${spec} ${message}`).toThrow(
        expect.objectContaining({ message }),
      );
    }
  });

  it('rejects a classification loss on a regression model and unknown activations and inits', () => {
    expect(() => createModel('linear', context).trainer(createLoss('bce'))).toThrow(
      /^loss: bce is a classification loss/,
    );
    expect(() => createModel('mlp:3', { ...context, activation: 'gelu' })).toThrow(
      /^activation: unknown activation "gelu"/,
    );
    expect(() => parseInit('normal:-1')).toThrow(/^init/);
    expect(() => createModel('linear', { ...context, activation: 'tanh' })).toThrow(
      /^activation applies to mlp/,
    );
  });
});

describe('a model that predicts numbers refuses a target of labels, naming the setting given', () => {
  const labels = { featureNames: ['t'], classes: ['a', 'b'], loss: 'mse' as const };
  it('a formula names formula, the setting the user typed', () => {
    expect(() => createModel('formula', { ...labels, formula: 'a*t + b' })).toThrow(
      expect.objectContaining({
        key: 'formula',
        message:
          'formula predicts numbers, but the target holds labels (to classify, try model logistic, softmax or an mlp with loss ce)',
      }),
    );
  });
  it('a named model names model', () => {
    expect(() => createModel('linear', labels)).toThrow(
      expect.objectContaining({
        key: 'model',
        message: expect.stringMatching(/^model linear predicts numbers/),
      }),
    );
  });
});

describe('a feature column named intercept', () => {
  const expectRefused = (call: () => unknown, model: string) => {
    let error: unknown;
    try {
      call();
    } catch (caught) {
      error = caught;
    }
    expect(error, model).toBeInstanceOf(InputError);
    expect((error as InputError).key).toBe('features');
    expect((error as InputError).message).toBe(
      `a feature column is named "intercept", which ${model}'s parameters already use for the intercept (parameters.intercept); rename the column, or leave it out: features x`,
    );
  };

  it('is refused by key for the models whose parameters hold intercept, by createModel and by fit()', () => {
    const featureNames = ['x', 'intercept'];
    const x = Float64Array.of(0, 5, 1, 3, 2, 4);
    expectRefused(() => createModel('linear', { featureNames, classes: null, loss: 'mse', x }), 'linear');
    expectRefused(() => createModel('poly:3', { featureNames, classes: null, loss: 'mse', x }), 'poly:3');
    expectRefused(
      () => createModel('logistic', { featureNames, classes: ['a', 'b'], loss: 'bce', x }),
      'logistic',
    );
    const data = parseCsvText('x,intercept,y\n0,5,1\n1,3,3\n2,4,5\n', { target: 'y' });
    expectRefused(() => fit(data, { optimizer: 'lbfgs' }), 'linear');
  });

  it('is an ordinary input where parameters are named arrays (mlp, softmax), and a target may carry the name', () => {
    const data = parseCsvText('x,intercept,y\n0,5,1\n1,3,3\n2,4,5\n', { target: 'y' });
    expect(fit(data, { model: 'mlp:2', epochs: 2 }).parameters['layer1.weight']).toHaveLength(2);
    // y = 1 + 2x exactly, the target named intercept.
    const line = parseCsvText('x,intercept\n0,1\n1,3\n2,5\n3,7\n', { target: 'intercept' });
    const { parameters } = fit(line, { optimizer: 'lbfgs' });
    expect(parameters.intercept).toBeCloseTo(1, 9);
    expect(parameters.x).toBeCloseTo(2, 9);
  });
});
