// Line searches: Armijo's sufficient decrease and the strong Wolfe conditions, checked on the points returned.

import { describe, expect, it } from 'vitest';
import { armijo } from '../../src/optim/armijo.js';
import { dot } from '../../src/optim/line-search.js';
import type { Objective } from '../../src/optim/method.js';
import { strongWolfe } from '../../src/optim/strong-wolfe.js';
import { rosenbrock } from './functions.js';

function at(o: Objective, x: number[]) {
  const p = Float64Array.from(x);
  const g = new Float64Array(p.length);
  const f = o.valueAndGradient(p, g);
  return { p, f, g, d: Float64Array.from(g, (v) => -v) };
}

describe('armijo', () => {
  it('on f = x², from x = 1 along −f′ = −2, step 1 overshoots to −1 (no decrease); the quadratic model gives ½', () => {
    const o: Objective = {
      dimension: 1,
      value: (x) => x[0]! ** 2,
      valueAndGradient(x, g) {
        g[0] = 2 * x[0]!;
        return x[0]! ** 2;
      },
    };
    const { p, f, g, d } = at(o, [1]);
    const r = armijo(o, p, f, g, d);
    // φ(α) = (1 − 2α)², φ(1) = 1 = φ(0): the quadratic through φ(0) = 1, φ′(0) = −4, φ(1) = 1 is minimal at ½.
    expect(r).toMatchObject({ step: 0.5, value: 0, evaluations: 2, ok: true });
    expect([...r.grad]).toEqual([0]);
  });

  it('satisfies sufficient decrease on Rosenbrock', () => {
    const { p, f, g, d } = at(rosenbrock.objective, [-1.2, 1]);
    const r = armijo(rosenbrock.objective, p, f, g, d);
    expect(r.ok).toBe(true);
    expect(r.value).toBeLessThanOrEqual(f + 1e-4 * r.step * dot(g, d));
  });
});

describe('strongWolfe', () => {
  const objective = rosenbrock.objective;
  for (const initialStep of [1e-4, 1e-3, 1, 10]) {
    it(`meets both strong Wolfe conditions on Rosenbrock from (−1.2, 1), first trial ${initialStep}`, () => {
      const { p, f, g, d } = at(objective, [-1.2, 1]);
      const c1 = 1e-4;
      const c2 = 0.9;
      const r = strongWolfe(objective, p, f, g, d, { initialStep, c1, c2 });
      expect(r.ok).toBe(true);
      const slope0 = dot(g, d);
      expect(r.value).toBeLessThanOrEqual(f + c1 * r.step * slope0);
      expect(Math.abs(dot(r.grad, d))).toBeLessThanOrEqual(c2 * Math.abs(slope0));
      // The returned gradient belongs to the returned step.
      const check = at(objective, [p[0]! + r.step * d[0]!, p[1]! + r.step * d[1]!]);
      expect([...r.grad]).toEqual([...check.g]);
    });
  }

  it('with c2 = 0.1 it zooms close to the exact line minimum of a quadratic', () => {
    const o: Objective = {
      dimension: 2,
      value: (x) => x[0]! ** 2 + 10 * x[1]! ** 2,
      valueAndGradient(x, g) {
        g[0] = 2 * x[0]!;
        g[1] = 20 * x[1]!;
        return x[0]! ** 2 + 10 * x[1]! ** 2;
      },
    };
    const { p, f, g, d } = at(o, [1, 1]);
    // φ(α) = (1 − 2α)² + 10(1 − 20α)², minimal at α = (4 + 400)/(8 + 8000) = 404/8008.
    const r = strongWolfe(o, p, f, g, d, { initialStep: 1, c2: 0.1 });
    expect(r.ok).toBe(true);
    expect(Math.abs(dot(r.grad, d))).toBeLessThanOrEqual(0.1 * Math.abs(dot(g, d)));
    expect(r.step).toBeCloseTo(404 / 8008, 2);
  });

  it('returns step 0 and ok false when the direction goes uphill', () => {
    const { p, f, g } = at(objective, [-1.2, 1]);
    const r = strongWolfe(objective, p, f, g, Float64Array.from(g), { maxEvaluations: 10 });
    expect(r.step).toBe(0);
    expect(r.ok).toBe(false);
  });
});
