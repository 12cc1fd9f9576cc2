// Curvature on a domain and the learning rates it allows, against closed forms and a brute-force grid.

import { describe, expect, it } from 'vitest';
import { curvatureOnDomain } from '../../src/diagnose/curvature.js';
import type { Box } from '../../src/diagnose/enclosure.js';
import { compileExpression } from '../../src/expr/expression.js';

const square = (n: number, lo = -5, hi = 5): Box => Array.from({ length: n }, () => ({ lo, hi }));
const eigen2 = (a: number, b: number, c: number) => {
  const r = Math.hypot((a - c) / 2, b);
  return [(a + c) / 2 - r, (a + c) / 2 + r] as const;
};

describe('curvatureOnDomain', () => {
  it('x⁴ on [−5, 5]: 12x² runs from 0 to 300', () => {
    const { max, min, exact } = curvatureOnDomain(compileExpression('x^4'), square(1));
    expect(exact).toBe(false);
    expect(max!.value).toBe(300);
    expect(Math.abs(max!.at[0]!)).toBe(5);
    expect(min!.value).toBeCloseTo(0, 12);
  });

  it('exp(x) + x² on [−5, 5]: eˣ + 2 runs from e⁻⁵ + 2 to e⁵ + 2', () => {
    const { max, min } = curvatureOnDomain(compileExpression('exp(x) + x^2'), square(1));
    expect(max!.value).toBeCloseTo(Math.exp(5) + 2, 10);
    expect(min!.value).toBeCloseTo(Math.exp(-5) + 2, 10);
  });

  it('sin(x) + cos(y) on [−5, 5]²: the Hessian diag(−sin x, −cos y) reaches ±1', () => {
    const { max, min } = curvatureOnDomain(compileExpression('sin(x) + cos(y)'), square(2));
    expect(max!.value).toBeCloseTo(1, 9);
    expect(min!.value).toBeCloseTo(-1, 9);
  });

  it('Rosenbrock on [−5, 5]²: at least the extremes of a 201 × 201 grid, and really attained', () => {
    const hessian = (x: number, y: number) => eigen2(2 - 400 * y + 1200 * x * x, -400 * x, 200);
    let gridMax = Number.NEGATIVE_INFINITY;
    let gridMin = Number.POSITIVE_INFINITY;
    for (let i = 0; i <= 200; i++) {
      for (let j = 0; j <= 200; j++) {
        const [low, high] = hessian(-5 + i / 20, -5 + j / 20);
        gridMax = Math.max(gridMax, high);
        gridMin = Math.min(gridMin, low);
      }
    }
    const { max, min } = curvatureOnDomain(compileExpression('(1-x)^2 + 100*(y-x^2)^2'), square(2));
    expect(max!.value).toBeGreaterThanOrEqual(gridMax * (1 - 1e-12));
    expect(min!.value).toBeLessThanOrEqual(gridMin * (1 - 1e-12));
    expect(max!.value).toBeCloseTo(hessian(max!.at[0]!, max!.at[1]!)[1], 6);
    expect(min!.value).toBeCloseTo(hessian(min!.at[0]!, min!.at[1]!)[0], 6);
  });

  it('skips points where the function is undefined (log x for x ≤ 0)', () => {
    const { max, nonFiniteAt } = curvatureOnDomain(compileExpression('log(x)'), square(1));
    expect(max!.at[0]).toBeGreaterThan(0);
    expect(max!.value).toBeCloseTo(-1 / 25, 12);
    expect(nonFiniteAt![0]).toBeLessThanOrEqual(0);
  });

  it('a constant Hessian gives its eigenvalues exactly', () => {
    const { max, min, exact } = curvatureOnDomain(compileExpression('x^2 + x*y + y^2'), square(2), {
      constantHessian: Float64Array.of(2, 1, 1, 2),
    });
    expect([min!.value, max!.value, exact]).toEqual([1, 3, true]);
  });
});
