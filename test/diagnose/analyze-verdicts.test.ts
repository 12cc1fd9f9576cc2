// analyze's verdicts checked by hand: edges of f's domain, every kinked minimum, concave kinks, no minimum, poles.

import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/diagnose/analyze.js';
import { compileExpression } from '../../src/expr/index.js';
import { createMethod } from '../../src/optim/create-method.js';
import { minimize } from '../../src/train/minimize.js';

describe('a minimum on the edge of f’s domain', () => {
  it('sqrt(x) at 0: a step lands past the edge, and a decaying rate does not prevent it; Armijo settles beside it', () => {
    const { learningRate } = analyze('sqrt(x)');
    expect(learningRate.reason).toContain("the minimum at x = 0 is on an edge of f's domain");
    expect(learningRate.reason).toContain('steps past it, where f is undefined (minimize reports diverged)');
    expect(learningRate.reason).not.toContain('cusp');
    // What it foretells. From x a step is lr/(2√x), longer than x once x^1.5 < lr/2 = 0.05, x < 0.136:
    // by hand x goes 1, 0.95, 0.8987, … and the first iterate below 0.136 is 0.0202 (step 14), whose step
    // 0.1/(2√0.0202) = 0.3518 reaches −0.3316.
    const f = compileExpression('sqrt(x)');
    const fixed = minimize(f, {
      start: Float64Array.of(1),
      method: createMethod('gd', { learningRate: 0.1 }),
    });
    expect(fixed.status).toBe('diverged');
    expect(fixed.iterations).toBe(15);
    expect(fixed.point[0]).toBeCloseTo(0.0202036385 - 0.1 / (2 * Math.sqrt(0.0202036385)), 6);
    const decaying = minimize(f, {
      start: Float64Array.of(1),
      method: createMethod('gd', { learningRate: 0.1, schedule: { kind: 'exp', factor: 0.99 } }),
    });
    expect(decaying.status).toBe('diverged');
    const armijo = minimize(f, {
      start: Float64Array.of(1),
      method: createMethod('gd', { learningRate: 0.1, lineSearch: 'armijo' }),
    });
    expect(armijo.point[0]).toBeGreaterThanOrEqual(0);
    expect(armijo.value).toBeLessThan(1e-4);
  });
});

describe('every minimum at a kink is described', () => {
  it('abs(abs(x) − 1): both minima, x = −1 and x = 1, in one sentence with the slope 1 beside them', () => {
    const { learningRate, minima } = analyze('abs(abs(x) - 1)');
    expect(minima.map((m) => m.point.x)).toEqual([-1, 1]);
    expect(learningRate.reason).toContain('the minima at x = -1 and x = 1 are kinks');
    expect(learningRate.reason).toContain('about lr × 1 (lr times the slope beside it) away');
  });

  it('abs(x + 2)·abs(x − 2): both minima share a sentence; each kink names its own cause', () => {
    // f = |x² − 4| has minima 0 at ±2, with slope |2x| = 4 beside each.
    const same = analyze('abs(x + 2)*abs(x - 2)').learningRate.reason;
    expect(same).toContain('the minima at x = -2 and x = 2 are kinks (abs has a kink where x + 2 = 0');
    expect(same).toContain('; abs has a kink where x - 2 = 0');
    expect(same).toContain('about lr × 4 (lr times');
    // abs(x + 2) + 2·abs(x − 2) + 0.5·abs(x + 4) on [−6, 6]: one minimum, at 2 (f = 4 + 0 + 3 = 7), with
    // slopes 1 − 2 + 0.5 = −0.5 left of it and 1 + 2 + 0.5 = 3.5 right of it.
    const one = analyze('abs(x + 2) + 2*abs(x - 2) + 0.5*abs(x + 4)', { domain: [[-6, 6]] });
    expect(one.minima).toEqual([{ point: { x: 2 }, value: 7, differentiable: false }]);
    expect(one.learningRate.reason).toContain('the minimum at x = 2 is a kink');
    expect(one.learningRate.reason).toContain('about lr × 3.5');
  });
});

describe('a kink that bends down refutes convexity', () => {
  it('abs(abs(x) − 1): f(0) = 1 lies above the chord from f(−0.01) = 0.99 to f(0.01) = 0.99', () => {
    const c = analyze('abs(abs(x) - 1)').convexity;
    expect(c.verdict).toBe('not-convex');
    expect(c.point).toEqual({ x: 0 });
    expect(c.chord).toEqual([{ x: -0.01 }, { x: 0.01 }]);
    expect(c.reason).toBe(
      "f bends down at the kink at x = 0: f(0) = 1 lies above the chord from f(-0.01) = 0.99 to f(0.01) = 0.99, so f is not convex (a kink's negative curvature sits at the point, where no Hessian sees it)",
    );
  });

  it('abs(x) − abs(y) bends down along y at the origin; abs(x) + x² stays convex', () => {
    const c = analyze('abs(x) - abs(y)').convexity;
    expect(c.verdict).toBe('not-convex');
    expect(c.point).toEqual({ x: 0, y: 0 });
    expect(c.chord).toEqual([
      { x: 0, y: -0.01 },
      { x: 0, y: 0.01 },
    ]);
    expect(analyze('abs(x) + x^2').convexity.verdict).toBe('convex');
  });
});
