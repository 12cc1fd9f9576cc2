// Line searches: Armijo's sufficient decrease and the strong Wolfe conditions, checked on the points returned, and firstOrder never accepting a rise.

import { describe, expect, it } from 'vitest';
import { dot } from '../../src/numeric/vector.js';
import { armijo } from '../../src/optim/armijo.js';
import { createMethod } from '../../src/optim/create-method.js';
import { firstOrder } from '../../src/optim/first-order.js';
import type { Objective } from '../../src/optim/method.js';
import { strongWolfe } from '../../src/optim/strong-wolfe.js';
import { transformation } from '../../src/optim/transform.js';
import { minimize } from '../../src/train/minimize.js';
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

  it('takes no step, and evaluates nothing, along a direction that is not downhill', () => {
    const { p, f, g } = at(rosenbrock.objective, [-1.2, 1]);
    // Along +∇f sufficient decrease reads f(x + αd) ≤ f(x) + c₁α‖∇f‖², which a rise could meet.
    expect(armijo(rosenbrock.objective, p, f, g, Float64Array.from(g))).toMatchObject({
      step: 0,
      value: f,
      evaluations: 0,
      ok: false,
    });
    expect(armijo(rosenbrock.objective, p, f, g, new Float64Array(2))).toMatchObject({
      step: 0,
      evaluations: 0,
    });
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

  it('returns step 0 and ok false, without evaluating, when the direction goes uphill', () => {
    const { p, f, g } = at(objective, [-1.2, 1]);
    const r = strongWolfe(objective, p, f, g, Float64Array.from(g), { maxEvaluations: 10 });
    expect(r).toMatchObject({ step: 0, value: f, evaluations: 0, ok: false });
  });
});

describe('firstOrder with a line search', () => {
  const square: Objective = {
    dimension: 1,
    value: (x) => x[0]! ** 2,
    valueAndGradient(x, g) {
      g[0] = 2 * x[0]!;
      return x[0]! ** 2;
    },
  };
  /** A transformation whose update is `factor`·g: uphill for factor > 0. */
  const scaled = (factor: number) =>
    transformation(
      () => ({}),
      (grads, state, _params, out) => {
        for (let i = 0; i < grads.length; i++) out[i] = factor * grads[i]!;
        return state;
      },
    );
  const step = (factor: number, objective: Objective, x0: number, search: 'armijo' | 'strong-wolfe') => {
    const method = firstOrder({ name: 'test' }, scaled(factor), { lineSearch: search });
    const x = Float64Array.of(x0);
    const g = new Float64Array(1);
    const f = objective.valueAndGradient(x, g);
    return method.step(x, f, g, method.init(x, objective), objective)[0][0];
  };

  it('replaces an uphill update by −∇f, searched from a step as long as the update', () => {
    // f = x², x = 1, g = 2, update +0.25·g = 0.5 (uphill). Fallback −g = −2 from α₀ = 0.5/2 = 0.25:
    // x → 1 − 0.5 = 0.5, f = 0.25 ≤ 1 − 1e-4·0.25·4, accepted at once. A downhill update is searched as
    // given: −0.25·g = −0.5 at α = 1.
    expect(step(0.25, square, 1, 'armijo')).toBe(-0.5);
    expect(step(-0.25, square, 1, 'armijo')).toBe(-0.5);
  });

  it('keeps the point when the update is zero or no step length decreases f', () => {
    expect(step(0, square, 1, 'armijo')).toBe(0);
    // f is NaN everywhere but at x = 1: every trial fails, so the displacement is 0, not a rise.
    const spike: Objective = {
      dimension: 1,
      value: (x) => (x[0] === 1 ? 1 : Number.NaN),
      valueAndGradient(x, g) {
        g[0] = 2;
        return x[0] === 1 ? 1 : Number.NaN;
      },
    };
    for (const search of ['armijo', 'strong-wolfe'] as const) expect(step(-1, spike, 1, search)).toBe(0);
  });

  // QA's case: momentum at lr 0.1 with armijo went 12.2 → 417690 → 6.8e177 on Rosenbrock, then stalled.
  for (const name of ['momentum', 'nesterov', 'adam'] as const) {
    for (const search of ['armijo', 'strong-wolfe'] as const) {
      it(`${name} with ${search} never raises Rosenbrock's value from (−1.2, 1) and reaches its minimum`, () => {
        const run = minimize(rosenbrock.objective, {
          start: Float64Array.from(rosenbrock.start),
          method: createMethod(name, { learningRate: 0.1, lineSearch: search }),
          recordPath: true,
        });
        const values = run.path!.values;
        expect(values.length).toBe(run.iterations + 1);
        for (let k = 1; k < values.length; k++) expect(values[k]).toBeLessThanOrEqual(values[k - 1]!);
        // The minimum is f(1, 1) = 0; f < 1e-5 puts |1 − x| below 0.0032 and |y − x²| below 0.00032.
        expect(run.value).toBeLessThan(1e-5);
        expect(Math.hypot(run.point[0]! - 1, run.point[1]! - 1)).toBeLessThan(1e-2);
      });
    }
  }
});
