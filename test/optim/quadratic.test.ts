// A convex quadratic f = ½xᵀAx − bᵀx: Newton in one step, every optimizer to the solved minimizer x* = A⁻¹b.

import { describe, expect, it } from 'vitest';
import { cholesky, choleskySolve } from '../../src/numeric/cholesky.js';
import { symmetricEigen } from '../../src/numeric/symmetric-eigen.js';
import { optimizerNames } from '../../src/optim/catalog.js';
import { createMethod } from '../../src/optim/create-method.js';
import type { Objective } from '../../src/optim/method.js';
import type { OptimizerOptions } from '../../src/optim/settings.js';
import { run } from './driver.js';

// A = [[3, 1, 0], [1, 2, 0.5], [0, 0.5, 1]] (eigenvalues in [0.6, 3.6]), b = [1, −2, 0.5].
const A = [3, 1, 0, 1, 2, 0.5, 0, 0.5, 1];
const b = [1, -2, 0.5];
// x* = A⁻¹b by Cramer's rule, det A = 3(2·1 − 0.5²) − 1(1·1 − 0.5·0) = 4.25:
// x₁ = det[b, A₂, A₃]/det A = (1·1.75 − 1·(−2 − 0.25) + 0)/4.25 = 4/4.25,
// x₂ = (3·(−2 − 0.25) − 1·(1 − 0) + 0)/4.25 = −7.75/4.25, x₃ = (3·(1 + 1) − 1·0.5 + 1·0.5)/4.25 = 6/4.25.
const xStar = [4 / 4.25, -7.75 / 4.25, 6 / 4.25];

const quadratic: Objective = {
  dimension: 3,
  value(x) {
    let f = 0;
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) f += 0.5 * x[i]! * A[i * 3 + j]! * x[j]!;
      f -= b[i]! * x[i]!;
    }
    return f;
  },
  valueAndGradient(x, grad) {
    for (let i = 0; i < 3; i++) {
      let s = -b[i]!;
      for (let j = 0; j < 3; j++) s += A[i * 3 + j]! * x[j]!;
      grad[i] = s;
    }
    return this.value(x);
  },
  hessian(_x, out) {
    out.set(A);
  },
};

describe('linear algebra behind newton', () => {
  it('x* solves Ax = b (checking the hand solution)', () => {
    for (let i = 0; i < 3; i++) {
      expect(A[i * 3]! * xStar[0]! + A[i * 3 + 1]! * xStar[1]! + A[i * 3 + 2]! * xStar[2]!).toBeCloseTo(
        b[i]!,
        14,
      );
    }
    const factor = cholesky(Float64Array.from(A), 3)!;
    const x = choleskySolve(factor, 3, Float64Array.from(b));
    for (let i = 0; i < 3; i++) expect(x[i]).toBeCloseTo(xStar[i]!, 14);
    expect(cholesky(Float64Array.of(1, 2, 2, 1), 2)).toBeNull();
  });

  it('symmetricEigen: [[2, 1], [1, 2]] has eigenvalues 1 and 3, and QΛQᵀ rebuilds A', () => {
    expect([...symmetricEigen(Float64Array.of(2, 1, 1, 2), 2).values].sort()).toEqual(
      [1, 3].map((v) => expect.closeTo(v, 14)),
    );
    const { values, vectors } = symmetricEigen(Float64Array.from(A), 3);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += vectors[i * 3 + k]! * values[k]! * vectors[j * 3 + k]!;
        expect(s).toBeCloseTo(A[i * 3 + j]!, 13);
      }
    }
  });
});

describe('the quadratic', () => {
  it('newton lands on x* in one step', () => {
    const result = run(createMethod('newton'), quadratic, [5, -5, 5], { maxIterations: 1 });
    expect(result.iterations).toBe(1);
    for (let i = 0; i < 3; i++) expect(result.x[i]).toBeCloseTo(xStar[i]!, 13);
  });

  it('newton on an indefinite quadratic follows negative curvature downhill', () => {
    // f = x² − y²: the modified Hessian |H| = 2I sends y away from the saddle, and f decreases.
    const saddle: Objective = {
      dimension: 2,
      value: (x) => x[0]! ** 2 - x[1]! ** 2,
      valueAndGradient(x, g) {
        g[0] = 2 * x[0]!;
        g[1] = -2 * x[1]!;
        return x[0]! ** 2 - x[1]! ** 2;
      },
      hessian(_x, out) {
        out.set([2, 0, 0, -2]);
      },
    };
    const method = createMethod('newton');
    const x = Float64Array.of(1, 0.5);
    const g = new Float64Array(2);
    const f = saddle.valueAndGradient(x, g);
    const [d, state] = method.step(x, f, g, method.init(x, saddle), saddle);
    // p = −|H|⁻¹g = [−1, 0.5]: x → [0, 1], f from 0.75 to −1.
    expect([...d]).toEqual([-1, 0.5]);
    expect(state).toEqual({ modified: 1, direction: Float64Array.of(-1, 0.5), stepSize: 1 });
  });

  const firstOrder = optimizerNames.filter((n) => n !== 'newton' && n !== 'lbfgs' && n !== 'lm');
  // PyTorch's default rates are sized for networks: gd's 1e-3 and adagrad's 1e-2 crawl here, and
  // amsgrad's 1e-3 steps, shrinking with its never-decreasing second moment, stop short of 1e-6 in the
  // budget, so those get a rate below gd's stable limit 2/λmax ≈ 0.55. adamw's decoupled decay moves
  // the fixed point off x*, so it is turned off; adadelta's first steps are about √eps long, so
  // PyTorch's 1e-6 needs far more than this budget.
  const suited: Record<string, OptimizerOptions> = {
    gd: { learningRate: 0.1 },
    adagrad: { learningRate: 0.1 },
    amsgrad: { learningRate: 0.01 },
    adadelta: { eps: 1e-3 },
    adamw: { weightDecay: 0 },
  };
  for (const name of [...firstOrder, 'lbfgs' as const]) {
    it(`${name} converges to x* with its default settings or a suited learning rate`, () => {
      const result = run(createMethod(name, suited[name] ?? {}), quadratic, [2, 1, -1], {
        maxIterations: 20000,
        gradTol: 1e-9,
      });
      for (let i = 0; i < 3; i++) expect(Math.abs(result.x[i]! - xStar[i]!)).toBeLessThan(1e-6);
    });
  }

  it('gd with an Armijo line search converges from a learning rate that alone would diverge', () => {
    const alone = run(createMethod('gd', { learningRate: 1 }), quadratic, [2, 1, -1], { maxIterations: 200 });
    expect(Math.abs(alone.value)).toBeGreaterThan(1e6);
    const searched = run(
      createMethod('gd', { learningRate: 1, lineSearch: 'armijo' }),
      quadratic,
      [2, 1, -1],
      {
        maxIterations: 2000,
        gradTol: 1e-9,
      },
    );
    for (let i = 0; i < 3; i++) expect(Math.abs(searched.x[i]! - xStar[i]!)).toBeLessThan(1e-6);
  });
});
