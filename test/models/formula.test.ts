// Formula models: names sorted into columns and parameters, bad formulas refused by name, gradients checked.

import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { createLoss, mse } from '../../src/losses/index.js';
import { formulaModel, formulaNames } from '../../src/models/formula.js';
import { expectClose, numericGradient } from './numeric.js';

const t = Float64Array.of(0, 0.5, 1, 2, 3, 5);
const y = Float64Array.from(t, (v) => 3 * Math.exp(-0.7 * v) + 0.5 + 0.01 * Math.sin(7 * v));

describe('formulaNames', () => {
  it('takes the columns the formula reads as inputs and every other name as a parameter', () => {
    expect(formulaNames('a*exp(-b*t) + c', ['t', 'u'])).toEqual({
      parameters: ['a', 'b', 'c'],
      columns: ['t'],
    });
  });

  const refusals: [string, string, readonly string[], string | undefined, Record<string, number>, RegExp][] =
    [
      [
        'a formula that reads no column',
        'a*exp(-b*time)',
        ['t'],
        'y',
        {},
        /uses no column of the data \(columns: t\).*is "time" \(column 10 of the formula\) meant to be the column "t"\?$/,
      ],
      [
        'a formula that reads no column, with no name like one',
        'a*exp(-b*q)',
        ['t'],
        'y',
        {},
        // a and b read as parameters' names; q does not.
        /uses no column of the data \(columns: t\).*is "q" \(column 10 of the formula\) meant to be a column\?$/,
      ],
      [
        'a formula that reads no column, every name a parameter’s',
        'a*exp(-b*c)',
        ['t'],
        'y',
        {},
        /uses no column of the data \(columns: t\); every name in it \(a, b, c\) would be a parameter$/,
      ],
      [
        'a column in another case',
        'k*Area',
        ['area', 'rooms'],
        'y',
        {},
        /is "Area" \(column 3 of the formula\) meant to be the column "area"\?$/,
      ],
      ['the target', 'a*t + y', ['t'], 'y', {}, /"y" \(column 7 of the formula\) is the target column/],
      [
        'a column named as a parameter',
        'a*t',
        ['t'],
        'y',
        { t: 2 },
        /params: "t" is a column of the data, not a parameter/,
      ],
      [
        'a name the formula does not use',
        'a*t',
        ['t'],
        'y',
        { b: 2 },
        /params: "b" is not a parameter of the formula \(its parameters: a\)/,
      ],
      ['nothing to fit', '2*t', ['t'], 'y', {}, /has no parameters to fit/],
      ['a malformed formula', 'a*(t', ['t'], 'y', {}, /column/],
    ];
  for (const [what, formula, columns, target, start, message] of refusals) {
    it(`refuses ${what} as bad input`, () => {
      const call = () => formulaNames(formula, columns, target, start);
      expect(call).toThrow(InputError);
      expect(call).toThrow(message);
    });
  }
});

describe('formulaModel', () => {
  const model = formulaModel('a*exp(-b*t) + c', { featureNames: ['t'], start: { a: 2, b: 0.5 } });

  it('starts at the given values, and at 1 where none is given (curve_fit)', () => {
    expect(Array.from(model.init(() => 0))).toEqual([2, 0.5, 1]);
    expect(model.report(Float64Array.of(1, 2, 3), null)).toEqual({ a: 1, b: 2, c: 3 });
  });

  it('predicts row by row', () => {
    const out = model.apply(
      { a: Float64Array.of(2), b: Float64Array.of(1), c: Float64Array.of(1) },
      Float64Array.of(0, 1),
    );
    expectClose(out, [3, 2 * Math.exp(-1) + 1], 1e-15);
  });

  for (const loss of ['mse', 'mae', 'huber'] as const) {
    it(`has the gradient of ${loss} that central differences give`, () => {
      const trainer = model.trainer(createLoss(loss));
      const params = Float64Array.of(2.5, 0.4, 0.3);
      const grad = new Float64Array(3);
      trainer.valueAndGradient(params, t, y, grad);
      expectClose(
        grad,
        numericGradient((p) => trainer.value(p, t, y), params),
        1e-7,
      );
    });
  }

  it('has the exact Hessian of mse (for newton) and residuals with their Jacobian (for lm)', () => {
    const trainer = model.trainer(mse());
    const params = Float64Array.of(2.5, 0.4, 0.3);
    const hessian = new Float64Array(9);
    trainer.hessian!(params, t, y, hessian);
    const grad = (p: Float64Array): Float64Array => {
      const g = new Float64Array(3);
      trainer.valueAndGradient(p, t, y, g);
      return g;
    };
    for (let j = 0; j < 3; j++) {
      const column = numericGradient((p) => grad(p)[j]!, params);
      expectClose(hessian.subarray(j * 3, j * 3 + 3), column, 1e-6);
    }
    const problem = trainer.leastSquares!(t, y);
    const r = new Float64Array(t.length);
    problem.residuals(params, r);
    const jac = new Float64Array(t.length * 3);
    problem.jacobian(params, jac);
    for (let i = 0; i < t.length; i++) {
      const row = (p: Float64Array): number => {
        const out = new Float64Array(t.length);
        problem.residuals(p, out);
        return out[i]!;
      };
      expect(r[i]).toBeCloseTo(2.5 * Math.exp(-0.4 * t[i]!) + 0.3 - y[i]!, 14);
      expectClose([jac[i]!, jac[i + t.length]!, jac[i + 2 * t.length]!], numericGradient(row, params), 1e-7);
    }
  });

  it('refuses a classification loss', () => {
    expect(() => model.trainer(createLoss('bce'))).toThrow(/classification loss; a formula model takes mse/);
  });
});
