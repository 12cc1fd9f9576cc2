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

describe('a pole: no minimum beside it, and no stable rate', () => {
  it('1/x: f falls without bound from the left (f = −1/d at d from 0) and f″ = 2/x³ grows from the right', () => {
    const a = analyze('1/x');
    expect(a.minima).toEqual([]);
    expect(a.curvature).toMatchObject({ max: null, maxAt: { x: 0 }, min: null, minAt: { x: 0 } });
    expect(a.learningRate.stableBelow).toBeNull();
    expect(a.learningRate.fastest).toBeNull();
    // The box is 10 wide, so the steps in are 1e-2 … 1e-8: f″ = 2/d³ = 2e6, 2e12, 2e18; f(−1e-8) = −1e8.
    expect(a.learningRate.reason).toBe(
      'f falls without bound toward the pole at x = 0 (f = -1e8 at 1e-8 left of x = 0), so f has no minimum there, and gradient descent that comes near it is drawn in, each step longer than the last, until it jumps across or leaves the numbers; the curvature is unbounded next to it, so no fixed learning rate is stable everywhere',
    );
    // The JSON's unbounded list names the pole, +∞ from the right and −∞ from the left.
    expect(a.curvature.unbounded).toEqual([
      {
        point: { x: 0 },
        side: 'above',
        reason:
          'the curvature grows without bound toward the pole at x = 0; ∂²f/∂x² is 2e6 at x = 0.01, 2e12 at x = 0.0001, 2e18 at x = 1e-6',
        pole: true,
      },
      {
        point: { x: 0 },
        side: 'below',
        reason:
          'the curvature falls without bound toward the pole at x = 0; ∂²f/∂x² is -2e6 at x = -0.01, -2e12 at x = -0.0001, -2e18 at x = -1e-6',
        pole: true,
      },
    ]);
    // Away from it (|x| ≥ 0.1) f″ reaches 2/0.1³ = 2000.
    expect(a.learningRate.awayFromUnbounded).toEqual({ stableBelow: 0.001, fastest: 0.0005 });
    // What it foretells, by hand: x ← x + 0.1/x² from −1 goes −0.9, −0.7765, −0.6107, −0.3426, then
    // 0.3426 / … jumps across: −0.3426 + 0.1/0.3426² = 0.5094.
    const run = minimize(compileExpression('1/x'), {
      start: Float64Array.of(-1),
      method: createMethod('gd', { learningRate: 0.1 }),
      maxIterations: 5,
    });
    expect(run.point[0]).toBeCloseTo(-0.3425915309 + 0.1 / 0.3425915309 ** 2, 8);
  });

  it.each([
    // The steps in are 10⁻³ … 10⁻⁹ of the width rounded down to a power of ten; tan(π/2 + d) = −cot d ≈ −1/d
    // and tan″ = 2·sin/cos³ ≈ 2/d³. The interval bound's pole sat 1.6e-9 below π/2: on [1, 2] the last step
    // right landed left of it (f = +6e8, "f rises toward it"), and on [1.5, 1.6] the pole was missed.
    [
      '1:2',
      'f = -1e9 at 1e-9 right of x = 1.5708',
      '2e9 at x = 1.5698, 2e15 at x = 1.5707863, 2e21 at x = 1.570796227',
    ],
    [
      '1.5:1.6',
      'f = -1e10 at 1e-10 right of x = 1.5708',
      '2e12 at x = 1.570696, 2e18 at x = 1.57079533, 2e24 at x = 1.5707963168',
    ],
  ])('tan(x) on %s: f falls toward π/2 from the right (%s), f″ ≈ 2/d³ (%s)', (box, falls, evidence) => {
    const [lo, hi] = box.split(':').map(Number) as [number, number];
    const a = analyze('tan(x)', { domain: [[lo, hi]] });
    expect(a.domainIssues).toEqual([
      { kind: 'pole', where: { x: [Math.PI / 2, Math.PI / 2] }, reason: 'f has a pole at x = 1.5708' },
    ]);
    expect(a.curvature).toMatchObject({ max: null, min: null, maxAt: { x: Math.PI / 2 } });
    expect(a.learningRate.reason).toBe(
      `f falls without bound toward the pole at x = 1.5708 (${falls}), so f has no minimum there, and gradient descent that comes near it is drawn in, each step longer than the last, until it jumps across or leaves the numbers; the curvature is unbounded next to it, so no fixed learning rate is stable everywhere`,
    );
    expect(a.curvature.unbounded[0]?.reason).toBe(
      `the curvature grows without bound toward the pole at x = 1.5708; ∂²f/∂x² is ${evidence}`,
    );
  });

  it('tan(x) on ±100: its 64 poles by count and the outermost two, (2k + 1)π/2 for k = −32 … 31', () => {
    const a = analyze('tan(x)', { domain: [[-100, 100]] });
    expect(a.domainIssues).toHaveLength(64);
    expect(a.learningRate.reason).toMatch(
      /^f falls without bound toward the 64 poles from x = -98\.9602 to x = 98\.9602 \(f = -1e7 at 1e-7 right of x = -98\.9602\), .*; the curvature is unbounded next to them, /,
    );
    // One entry a side, for the first pole, counting the others.
    expect(a.curvature.unbounded.map((u) => [u.side, u.point.x])).toEqual([
      ['above', a.domainIssues[0]!.where!.x![0]],
      ['below', a.domainIssues[0]!.where!.x![0]],
    ]);
    expect(a.curvature.unbounded[0]?.reason).toMatch(/; so it does next to the other 63 poles$/);
    expect((-63 * Math.PI) / 2).toBeCloseTo(-98.9602, 4);
  });

  it('1/x²: f rises toward the pole, so descent is pushed away; the curvature 6/x⁴ still sets no rate', () => {
    const a = analyze('1/x^2');
    expect(a.curvature.max).toBeNull();
    expect(a.learningRate.stableBelow).toBeNull();
    expect(a.curvature.unbounded[0]?.reason).toContain(
      'the curvature grows without bound toward the pole at x = 0; ∂²f/∂x² is 6e8 at x = 0.01',
    );
    expect(a.learningRate.reason).toContain('the curvature is unbounded next to the pole at x = 0');
    expect(a.learningRate.reason).toContain('f rises toward it, so gradient descent is pushed away');
  });

  it('1/x + y²: the pole line x = 0 is found in two variables, so no rate is called stable (it was 6.5e-27)', () => {
    const a = analyze('1/x + y^2');
    expect(a.curvature).toMatchObject({ max: null, min: null, maxAt: { x: 0, y: 0 }, minAt: { x: 0, y: 0 } });
    expect(a.learningRate.stableBelow).toBeNull();
    expect(a.learningRate.fastest).toBeNull();
    // The Hessian is diag(2/x³, 2): its eigenvalues at x = ±0.01 are ±2e6 along x.
    expect(a.curvature.unbounded.map((u) => [u.side, u.point, u.pole])).toEqual([
      ['above', { x: 0, y: 0 }, true],
      ['below', { x: 0, y: 0 }, true],
    ]);
    expect(a.curvature.unbounded[0]?.reason).toBe(
      'the curvature grows without bound toward the poles through (x = 0, y = 0); the largest Hessian eigenvalue is 2e6 at x = 0.01, 2e12 at x = 0.0001, 2e18 at x = 1e-6',
    );
    expect(a.learningRate.reason).toMatch(
      /^f falls without bound toward the poles through \(x = 0, y = 0\) \(f = -1e8 at 1e-8 along −x from \(x = 0, y = 0\)\), so f has no minimum there, and gradient descent that comes near one is drawn in.*; the curvature is unbounded next to them, /,
    );
    // Away from x = 0 (|x| ≥ 0.1, 1% of the width) the largest curvature is 2/0.1³ = 2000.
    expect(a.learningRate.awayFromUnbounded?.stableBelow).toBeCloseTo(2 / 2000, 9);
    expect(a.convexity.verdict).toBe('not-convex');
  });

  it('tan(x) + y²: the poles of tan, where cos(x) = 0, are found in two variables too (x = π/2 along y)', () => {
    const a = analyze('tan(x) + y^2');
    expect(a.learningRate.stableBelow).toBeNull();
    const [u] = a.curvature.unbounded;
    expect(u?.pole).toBe(true);
    expect(Math.abs(Math.cos(u!.point.x!))).toBeLessThan(1e-9);
    expect(a.learningRate.reason).toMatch(/^f falls without bound toward the poles through /);
  });

  it('1/(x − 1) + x²: a minimum right of the pole, where 2x(x − 1)² = 1, yet f is lower beside the pole', () => {
    const a = analyze('1/(x - 1) + x^2');
    // f′ = 2x − 1/(x − 1)² = 0 at x = 1.5651977 (scipy brentq), where f″ = 2 + 2/(x − 1)³ > 0 and f = 4.2191.
    expect(a.minima).toHaveLength(1);
    expect(a.minima[0]!.point.x).toBeCloseTo(1.5651977174, 8);
    expect(a.minima[0]!.value).toBeCloseTo(4.2191362487, 8);
    expect(a.learningRate.reason).toMatch(
      /^f falls without bound toward the pole at x = 1 .* it is lower there than at any minimum/,
    );
  });
});

describe('no minimum in the box: nothing to converge to, whatever the rate', () => {
  it('tanh(x): lowest at the edge x = −5, and 2/L (L = tanh″ max 0.7698 at −0.6585) bounds only each step', () => {
    const a = analyze('tanh(x)');
    expect(a.minima).toEqual([]);
    // tanh″ = −2·tanh·(1 − tanh²) peaks at tanh = −1/√3: 4/(3√3) = 0.7698.
    expect(a.curvature.max).toBeCloseTo(4 / (3 * Math.sqrt(3)), 6);
    expect(a.learningRate.stableBelow).toBeCloseTo((3 * Math.sqrt(3)) / 2, 5);
    expect(a.learningRate.reason).toBe(
      "no minimum was found inside the domain, so there is none for gradient descent to converge to: f is lowest at x = -5 (f = -0.999909) of the points sampled, on the box's edge, and gradient descent heads for lower ground, out of the box if it can; below 2/L = 2.59808 each step still lowers f (by at least lr·(1 − lr·L/2)·‖∇f‖², the most at 1/L = 1.29904), but no learning rate makes it converge",
    );
  });

  it('x² − y²: a saddle, lowest where |y| = 5; x (linear): no curvature, lowest at −5', () => {
    const saddle = analyze('x^2 - y^2');
    expect(saddle.minima).toEqual([]);
    expect(saddle.learningRate.reason).toMatch(/^no minimum was found inside the domain.* y = -5\)/);
    expect(saddle.learningRate.reason).toContain('below 2/L = 1 each step still lowers f');
    expect(analyze('x').learningRate.reason).toBe(
      "no minimum was found inside the domain, so there is none for gradient descent to converge to: f is lowest at x = -5 (f = -5) of the points sampled, on the box's edge, and gradient descent heads for lower ground, out of the box if it can; no positive curvature was found, so curvature sets no limit on the learning rate",
    );
  });
});

describe('the curvature at the minimum, where gradient descent ends up', () => {
  it('x⁶ − x²: L = 30·625 − 2 = 18748 at ±5 sets 2/L, but at the minima x⁴ = 1/3 the curvature is 30/3 − 2 = 8', () => {
    const a = analyze('x^6 - x^2');
    expect(a.learningRate.stableBelow).toBeCloseTo(2 / 18748, 12);
    expect(a.minima[0]!.point.x).toBeCloseTo(-(3 ** -0.25), 9);
    expect(a.learningRate.atMinimum?.curvature).toBeCloseTo(8, 8);
    expect(a.learningRate.atMinimum?.stableBelow).toBeCloseTo(0.25, 8);
    expect(a.learningRate.atMinimum?.fastest).toBeCloseTo(0.125, 8);
    expect(a.learningRate.reason).toBe(
      'gradient descent is stable for lr below 0.000106678 from anywhere in the box and fastest near 5.3339e-5 there (L = 18748 at x = -5); near the lowest minimum, x = -0.759836, the curvature is only 8: once there, lr below 2/8 = 0.25 stays stable and 0.125 is fastest',
    );
    // What it foretells: from 0.8, inside the minimum's basin, lr 0.2 (far above 2/L, below 2/8) converges.
    const run = minimize(compileExpression('x^6 - x^2'), {
      start: Float64Array.of(0.8),
      method: createMethod('gd', { learningRate: 0.2 }),
    });
    expect(run.status).toBe('converged');
    expect(run.point[0]).toBeCloseTo(3 ** -0.25, 6);
  });

  it('Rosenbrock: 1001.6 at (1, 1), the larger eigenvalue of [[802, −400], [−400, 200]]', () => {
    const a = analyze('(1-x)^2 + 100*(y-x^2)^2');
    expect(a.learningRate.atMinimum?.curvature).toBeCloseTo(
      (1002 + Math.sqrt(602 ** 2 + 4 * 400 ** 2)) / 2,
      6,
    );
  });

  it('x⁴: the curvature at 0 is 0, so no rate converges geometrically there — and the JSON says so', () => {
    const a = analyze('x^4');
    expect(a.learningRate.reason).toContain('at the minimum, x = 0, the curvature is 0');
    expect(a.learningRate.atMinimum).toEqual({
      point: { x: 0 },
      curvature: 0,
      stableBelow: null,
      fastest: null,
    });
  });

  it('x⁶ − x² + 0.1·|x|: a kinked minimum at 0 does not hide the curvature 30x⁴ − 2 = 7.33 at the lowest, ±0.7468', () => {
    const a = analyze('x^6 - x^2 + 0.1*abs(x)');
    // f′ = 6x⁵ − 2x + 0.1 = 0 for x > 0 at 0.7467848 (6·0.23227 − 1.49357 + 0.1 = 0).
    const x = 0.7467848282865859;
    expect(6 * x ** 5 - 2 * x + 0.1).toBeCloseTo(0, 12);
    expect(a.minima.map((m) => m.differentiable ?? true)).toEqual([true, true, false]);
    expect(a.learningRate.atMinimum?.curvature).toBeCloseTo(30 * x ** 4 - 2, 6);
    expect(a.learningRate.atMinimum?.stableBelow).toBeCloseTo(2 / (30 * x ** 4 - 2), 6);
    expect(a.learningRate.reason).toMatch(
      /^below 2\/L = 0\.000106678 gradient descent does not diverge; near the lowest minimum, x = -0\.746785, the curvature is only 7\.33046: once there, lr below 2\/7\.33046 = 0\.272834 stays stable and 0\.136417 is fastest; yet the minimum at x = 0 is a kink/,
    );
    // What it foretells: from −0.7, lr 0.27 converges to the minimum, lr 0.28 (above 2/7.33) does not.
    const at = (lr: number) =>
      minimize(compileExpression('x^6 - x^2 + 0.1*abs(x)'), {
        start: Float64Array.of(-0.7),
        method: createMethod('gd', { learningRate: lr }),
      });
    expect(at(0.27).status).toBe('converged');
    expect(at(0.27).point[0]).toBeCloseTo(-x, 6);
    expect(at(0.28).status).not.toBe('converged');
  });

  it('a quadratic gets the plain rates: its curvature is the same at the minimum', () => {
    expect(analyze('x^2 + 10*y^2').learningRate).toEqual({ stableBelow: 0.1, fastest: 0.05 });
  });
});

describe('unbounded curvature where f rises toward the point', () => {
  it('x·log(x) at 0: f″ = 1/x, yet descent is pushed away (f′ = log x + 1 → −∞), to the minimum at 1/e', () => {
    const a = analyze('x*log(x)');
    // At the minimum 1/e the curvature 1/x is e: the rate that matters once there is 2/e = 0.7358, not armijo.
    expect(a.learningRate.reason).toBe(
      'no fixed learning rate is stable everywhere: the curvature is unbounded near x = 0, yet f rises toward it, so gradient descent is pushed away from it: only a start beside it meets that curvature, and a line search (Armijo backtracking) copes with that start; near the minimum, x = 0.367879, the curvature is only 2.71828: once there, lr below 2/2.71828 = 0.735759 stays stable and 0.367879 is fastest',
    );
    expect(a.learningRate.atMinimum?.curvature).toBeCloseTo(Math.E, 6);
    expect(a.learningRate.atMinimum?.stableBelow).toBeCloseTo(2 / Math.E, 6);
    for (const [lr, status] of [
      [0.7, 'converged'],
      [0.8, 'oscillating'],
    ] as const) {
      const r = minimize(compileExpression('x*log(x)'), {
        start: Float64Array.of(0.3),
        method: createMethod('gd', { learningRate: lr }),
      });
      expect(r.status, `lr ${lr}`).toBe(status);
    }
    const run = minimize(compileExpression('x*log(x)'), {
      start: Float64Array.of(0.001),
      method: createMethod('gd', { learningRate: 0.1 }),
    });
    expect(run.status).toBe('converged');
    expect(run.point[0]).toBeCloseTo(Math.exp(-1), 6);
  });

  it('log(x): no minimum, f falls without bound toward 0 where it is −∞', () => {
    expect(analyze('log(x)').learningRate.reason).toContain(
      'f falls without bound toward x = 0, where it is −∞, and gradient descent is drawn toward it',
    );
  });
});

describe('a Euclidean norm is convex by its form', () => {
  it('sqrt(x² + y²), the cone, and sqrt((x − 1)² + 4(y + 2)² + 0.5); not sqrt(x² − y²)', () => {
    const cone = analyze('sqrt(x^2 + y^2)').convexity;
    expect(cone.verdict).toBe('convex');
    expect(cone.reason).toContain(
      'sqrt of a sum of squares of affine terms (and a constant ≥ 0) is a Euclidean norm, convex',
    );
    expect(analyze('sqrt((x-1)^2 + 4*(y+2)^2 + 0.5)').convexity.verdict).toBe('convex');
    // x² − y² is no sum of squares; along y = 0.5 it is sqrt(x² − 0.25), concave beside |x| = 0.5.
    expect(analyze('sqrt(x^2 - y^2)').convexity.verdict).not.toBe('convex');
  });
});

describe('a valley of minima gets no note on its flat direction', () => {
  it('x²·y²: its minima are the axes; the plain rates, 2/L with L = 150 at (±5, ±5)', () => {
    // H = [[2y², 4xy], [4xy, 2x²]] at (5, 5): [[50, 100], [100, 50]], eigenvalues 150 and −50.
    const a = analyze('x^2*y^2');
    expect(a.minima[0]!.isolated).toBe(false);
    expect(a.learningRate).toEqual({ stableBelow: 2 / 150, fastest: 1 / 150 });
  });
});

describe('minima the edges hide', () => {
  it('x^1.5: the minimum 0 on the edge of its domain, where f′ = 1.5√x is 0 but f″ = 0.75/√x is unbounded', () => {
    const a = analyze('x^1.5');
    expect(a.minima).toEqual([{ point: { x: 0 }, value: 0, edge: true }]);
    expect(a.learningRate.reason).toBe(
      "no fixed learning rate is stable everywhere: the curvature is unbounded near x = 0, a minimum on an edge of f's domain (f is undefined beyond it), where its slope vanishes: as gradient descent nears it, a step of a fixed rate sooner or later is longer than the distance left and lands past the edge, where f is undefined (minimize reports diverged); a line search (Armijo backtracking), which shortens a step until f is defined and lower, settles beside it",
    );
    // What it foretells: x ← x − 1.5·lr·√x steps past 0 once √x < 1.5·lr; at lr 0.01 after a while, and Armijo settles.
    const f = compileExpression('x^1.5');
    const start = Float64Array.of(1);
    const fixed = minimize(f, {
      start,
      method: createMethod('gd', { learningRate: 0.01 }),
      maxIterations: 100000,
    });
    expect(fixed.status).toBe('diverged');
    const searched = minimize(f, {
      start,
      method: createMethod('gd', { learningRate: 0.1, lineSearch: 'armijo' }),
    });
    expect(searched.status).toBe('converged');
    expect(searched.point[0]).toBeGreaterThanOrEqual(0);
    expect(searched.point[0]).toBeLessThan(1e-6);
  });

  it("x³ − 3x: the minimum at 1 (f = −2) is only local — f(−5) = −125 + 15 = −110 on the box's edge", () => {
    const a = analyze('x^3 - 3*x');
    expect(a.minima).toEqual([{ point: { x: 1 }, value: -2 }]);
    expect(a.learningRate.reason).toMatch(
      /; f is lower on the box's edge than at the minimum: -110 at x = -5, against -2, so gradient descent from a start on the slope down to that edge leaves the box, and may find no minimum that way$/,
    );
    // From left of the local maximum at −1 descent runs out of the box: x ← x − 0.1·(3x² − 3) from −1.1.
    const run = minimize(compileExpression('x^3 - 3*x'), {
      start: Float64Array.of(-1.1),
      method: createMethod('gd', { learningRate: 0.1 }),
      maxIterations: 100,
    });
    expect(run.point[0]).toBeLessThan(-5);
  });

  it('x² on its own has no edge note: f(±5) = 25 is above its minimum', () => {
    expect(analyze('x^2 + 3*x').learningRate.reason).toBeUndefined();
  });
});
