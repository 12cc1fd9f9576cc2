// directionVerdict: the step size judged by how far seed 000's first-order estimate is off, against closed forms.

import { describe, expect, it } from 'vitest';
import { directionVerdict } from '../../src/diagnose/direction-verdict.js';
import { directions } from '../../src/diagnose/directions.js';
import { compileExpression } from '../../src/expr/index.js';

// On x² + 3y² at (1.5, 1), the playground's default: ∇L = (3, 6), ‖∇L‖ = √45, and against the gradient
// u = −(1, 2)/√5, uᵀHu = (2·1 + 6·4)/5 = 5.2, so the relative error is ½η²·5.2 / (η√45) = 2.6η/√45.
const f = compileExpression('x^2 + 3*y^2');
const at = Float64Array.of(1.5, 1);
const error = (eta: number) => (2.6 * eta) / Math.sqrt(45);

describe('directionVerdict', () => {
  it('accurate below 10%, with no step size to suggest', () => {
    const v = directionVerdict(directions(f, at, { learningRate: 0.1 }));
    expect(v.status).toBe('accurate');
    expect(v.relativeError).toBeCloseTo(error(0.1), 12);
    expect(v.suggestedStepSize).toBeNull();
  });

  it('approximate up to 50%, too-large beyond; the step size for 10% is η·0.1/e rounded down to two digits', () => {
    const approximate = directionVerdict(directions(f, at, { learningRate: 0.5 }));
    expect(approximate.status).toBe('approximate');
    expect(approximate.relativeError).toBeCloseTo(error(0.5), 12);
    // 0.1·√45/2.6 = 0.258…, rounded down: 0.25
    expect(approximate.suggestedStepSize).toBe(0.25);
    const large = directionVerdict(directions(f, at, { learningRate: 1.5 }));
    expect(large.status).toBe('too-large');
    expect(large.overshoots).toBe(false);
    expect(large.suggestedStepSize).toBe(0.25);
  });

  it('overshoots where L rises even against the gradient: e ≥ 1 at η ≥ √45/2.6 = 2.58', () => {
    const v = directionVerdict(directions(f, at, { learningRate: 3 }));
    expect(v.status).toBe('too-large');
    expect(v.overshoots).toBe(true);
    expect(v.relativeError).toBeCloseTo(error(3), 12);
  });

  it('stationary where the gradient is 0', () => {
    const v = directionVerdict(directions(f, Float64Array.of(0, 0)));
    expect(v).toEqual({
      status: 'stationary',
      relativeError: null,
      overshoots: false,
      suggestedStepSize: null,
    });
  });
});

describe('directionVerdict checked against the function', () => {
  // x⁴ at 1 from η = 1: ∇L = 4, the step to 0 changes L by −1 where the estimate says −4 (75% off), so the
  // leading-order guess is 0.1/0.75 = 0.133 → 0.13; there L(0.87) − L(1) = −0.4271 against −0.52, 17.9% off.
  const quartic = compileExpression('x^4');
  const one = Float64Array.of(1);

  it('a record made by hand has no function to check: the leading-order guess 0.13, which misses', () => {
    const d = directions(quartic, one, { learningRate: 1 });
    expect(directionVerdict({ ...d }).suggestedStepSize).toBe(0.13);
    expect(Math.abs(0.87 ** 4 - 1 + 0.52) / 0.52).toBeGreaterThan(0.1);
  });

  it('a record directions() made is checked against its own function, as the page calls it: 0.065', () => {
    expect(directionVerdict(directions(quartic, one, { learningRate: 1 })).suggestedStepSize).toBe(0.065);
  });

  it('with it, halved to 0.065: L(0.935) − L(1) = −0.23573 against −0.26, 9.3% off', () => {
    const v = directionVerdict(directions(quartic, one, { learningRate: 1 }), { f: quartic, at: one });
    expect(v.suggestedStepSize).toBe(0.065);
    expect(Math.abs(0.935 ** 4 - 1 + 0.26) / 0.26).toBeCloseTo(0.09334, 4);
  });

  it('on a quadratic the check keeps the guess, which is exact there (0.25 on x² + 3y² from η = 0.5)', () => {
    const v = directionVerdict(directions(f, at, { learningRate: 0.5 }), { f, at });
    expect(v.suggestedStepSize).toBe(0.25);
  });

  it('every suggestion it makes holds within 10% on exp, sin, x⁴ and Rosenbrock', () => {
    const cases: [string, number[], number][] = [
      ['exp(3*x)', [1], 2],
      ['sin(5*x)', [0.3], 1],
      ['x^4', [2], 1],
      ['(1-x)^2 + 100*(y-x^2)^2', [-1.2, 1], 0.1],
    ];
    for (const [text, point, eta] of cases) {
      const g = compileExpression(text);
      const p = Float64Array.from(point);
      const d = directions(g, p, { learningRate: eta });
      const v = directionVerdict(d, { f: g, at: p });
      expect(v.status, text).not.toBe('accurate');
      const s = v.suggestedStepSize!;
      expect(s).toBeGreaterThan(0);
      const u = Float64Array.from(Object.values(d.steepest.direction));
      const moved = Float64Array.from(p, (v, i) => v + s * u[i]!);
      const estimate = -s * d.gradientNorm;
      expect(Math.abs(g.value(moved) - g.value(p) - estimate) / Math.abs(estimate)).toBeLessThanOrEqual(0.1);
    }
  });
});
