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
