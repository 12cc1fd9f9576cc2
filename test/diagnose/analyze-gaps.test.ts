// analyze where curvature alone misleads: a minimum at a kink or cusp, and curvature unbounded where f is undefined.

import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/diagnose/analyze.js';
import { compileExpression } from '../../src/expr/index.js';
import { createMethod } from '../../src/optim/create-method.js';
import { minimize } from '../../src/train/minimize.js';

describe('a minimum at a kink', () => {
  it('abs(x): f″ = 0 sets no limit, but no fixed rate converges at 0 — it bounces within lr × 1', () => {
    const { learningRate } = analyze('abs(x)');
    expect(learningRate.stableBelow).toBeNull();
    expect(learningRate.reason).toBe(
      'no positive curvature was found, so curvature sets no limit on the learning rate; yet the minimum at x = 0 is a kink (abs has a kink where x = 0 — along x its slope is -1 to the left and 1 to the right), where no fixed learning rate converges: the gradient jumps there, so gradient descent ends bouncing around the point, about lr × 1 (lr times the slope beside it) away; a decaying rate (a schedule) or a line search (Armijo backtracking) lets it settle',
    );
    // What it foretells: x ← x − 0.1·sign(x) from 1.05 ends bouncing between 0.05 and −0.05.
    const run = minimize(compileExpression('abs(x)'), {
      start: Float64Array.of(1.05),
      method: createMethod('gd', { learningRate: 0.1 }),
    });
    expect(run.status).toBe('oscillating');
    expect(Math.abs(run.point[0]!)).toBeCloseTo(0.05, 10);
  });

  it('abs(x) + x²: below 2/L = 1 it does not diverge, and the kink still keeps a fixed rate from converging', () => {
    const { learningRate } = analyze('abs(x) + x^2');
    expect(learningRate.stableBelow).toBe(1);
    expect(learningRate.reason).toMatch(
      /^below 2\/L = 1 gradient descent does not diverge; yet the minimum at x = 0 is a kink/,
    );
  });

  it('sqrt(abs(x)): a cusp, whose slope is unbounded beside it', () => {
    expect(analyze('sqrt(abs(x))').learningRate.reason).toContain('the minimum at x = 0 is a cusp');
  });

  it('abs(x − 1) + abs(x + 1): its minima are the level segment [−1, 1], where a step can stop — no kink note', () => {
    expect(analyze('abs(x - 1) + abs(x + 1)').learningRate.reason).toBe(
      'no positive curvature was found, so curvature sets no limit on the learning rate',
    );
  });

  it('abs(x) + abs(y) at the origin: the kink named is the one along the variable whose slopes are read', () => {
    const why = compileExpression('abs(x) + abs(y)').differentiability(Float64Array.of(0, 0));
    expect(why?.cause).toBe(
      'abs has a kink where x = 0 — along x its slope is -1 to the left and 1 to the right',
    );
  });

  it('x² − 4x + 1 has no reason to give', () => {
    expect(analyze('x^2 - 4*x + 1').learningRate).toEqual({ stableBelow: 1, fastest: 0.5 });
  });
});

describe('curvature unbounded next to a point where f is undefined', () => {
  it('x²·log|x|: f″ = 2·log|x| + 3 falls without bound toward 0, where f is 0·(−∞)', () => {
    const a = analyze('x^2*log(abs(x))');
    expect(a.curvature.min).toBeNull();
    expect(a.curvature.minAt).toEqual({ x: 0 });
    const [below] = a.curvature.unbounded;
    expect(below?.side).toBe('below');
    // 2·log(0.01) + 3 = −6.21034, 2·log(1e-4) + 3 = −15.4207
    expect(below?.reason).toContain('∂²f/∂x² is -6.21034 at x = 0.01, -15.4207 at x = 0.0001');
    expect(a.convexity.verdict).toBe('not-convex');
    // The largest curvature is at the box's ends: 2·log 5 + 3.
    expect(a.curvature.max).toBeCloseTo(2 * Math.log(5) + 3, 6);
  });

  it('x·log|x|: f″ = 1/x is unbounded on both sides, so no fixed rate is stable there', () => {
    const a = analyze('x*log(abs(x))');
    expect(a.curvature.unbounded.map((u) => u.side).sort()).toEqual(['above', 'below']);
    expect(a.learningRate.stableBelow).toBeNull();
  });

  it('log|x| and log(x): poles of f, not f′′ of a finite f — no unbounded curvature is claimed', () => {
    expect(analyze('log(abs(x))').curvature.unbounded).toEqual([]);
    expect(analyze('log(x)').curvature.unbounded).toEqual([]);
  });
});
