// directions(): seed 000's first-order change against the actual one, checked by hand and by closed forms.

import { describe, expect, it } from 'vitest';
import { directions } from '../../src/diagnose/directions.js';
import { compileExpression } from '../../src/expr/expression.js';

describe('directions', () => {
  it('x² + y² at (1, 1), η = 0.1: worked out by hand', () => {
    // ∇ = (2, 2), ‖∇‖ = 2√2; first order 0.1·2√2·cos β; the Hessian is 2I, so the actual change is the
    // first-order one plus ½η²·uᵀ(2I)u = η² = 0.01 for every unit u.
    const d = directions(compileExpression('x^2 + y^2'), Float64Array.of(1, 1));
    expect(d.directions.map((r) => r.angle)).toEqual(Array.from({ length: 24 }, (_, k) => 15 * k));
    expect(d.gradientNorm).toBeCloseTo(2 * Math.SQRT2, 14);
    const at = (angle: number) => d.directions.find((r) => r.angle === angle)!;
    expect(at(0).firstOrder).toBeCloseTo(0.2828427124746, 12);
    expect(at(0).actual).toBeCloseTo(0.2928427124746, 12);
    expect(at(90).firstOrder).toBe(0);
    expect(at(90).actual).toBeCloseTo(0.01, 14);
    expect(at(180).firstOrder).toBeCloseTo(-0.2828427124746, 12);
    expect(at(180).actual).toBeCloseTo(-0.2728427124746, 12);
    expect(at(180).direction.x).toBeCloseTo(-Math.SQRT1_2, 14);
    expect(at(180).direction.y).toBeCloseTo(-Math.SQRT1_2, 14);
    // 90° is the gradient turned a quarter counter-clockwise: (−1, 1)/√2.
    expect(at(90).direction.x).toBeCloseTo(-Math.SQRT1_2, 14);
    expect(at(90).direction.y).toBeCloseTo(Math.SQRT1_2, 14);
    for (const r of d.directions) expect(r.actual - r.firstOrder).toBeCloseTo(0.01, 13);
    expect(d.steepest.angle).toBe(180);
    expect(d.bestActual.angle).toBe(180);
  });

  it('an ill-conditioned bowl: actual − first order is ½η²uᵀHu in every direction', () => {
    const eta = 0.1;
    const d = directions(compileExpression('x^2 + 10*y^2'), Float64Array.of(1, 1), { learningRate: eta });
    // ∇ = (2, 20), ‖∇‖ = √404; at 180° u = −(2, 20)/√404 and uᵀHu = (2·4 + 20·400)/404.
    const s180 = d.directions.find((r) => r.angle === 180)!;
    expect(s180.firstOrder).toBeCloseTo(-eta * Math.sqrt(404), 12);
    expect(s180.actual).toBeCloseTo(-eta * Math.sqrt(404) + 0.5 * eta * eta * (8008 / 404), 12);
    for (const r of d.directions) {
      const { x, y } = r.direction as { x: number; y: number };
      expect(Math.hypot(x, y)).toBeCloseTo(1, 14);
      expect(r.actual - r.firstOrder).toBeCloseTo(0.5 * eta * eta * (2 * x * x + 20 * y * y), 12);
      expect(r.firstOrder).toBeCloseTo(eta * (2 * x + 20 * y), 12);
    }
  });

  it('a large step: the actual decrease is largest away from 180° where curvature differs by direction', () => {
    const d = directions(compileExpression('x^2 + 10*y^2'), Float64Array.of(1, 1), { learningRate: 1 });
    expect(d.steepest.angle).toBe(180);
    // Along −∇ the step overshoots the steep y-valley; a direction turned toward x loses more.
    // Worked out with the closed form f(1 + u₁, 1 + u₂) − 11 over the 24 directions: 165° wins.
    expect(d.bestActual.angle).toBe(165);
    expect(d.bestActual.actual).toBeLessThan(d.steepest.actual);
  });

  it('one variable: only 0° and 180° — x² − 4x + 1 at x = 9, η = 0.5', () => {
    // f′(9) = 14: first order ±7; f(9.5) − f(9) = 53.25 − 46 = 7.25 and f(8.5) − f(9) = 39.25 − 46 = −6.75.
    const d = directions(compileExpression('x^2 - 4*x + 1'), Float64Array.of(9), { learningRate: 0.5 });
    expect(d.directions).toEqual([
      { angle: 0, firstOrder: 7, actual: 7.25, direction: { x: 1 } },
      { angle: 180, firstOrder: -7, actual: -6.75, direction: { x: -1 } },
    ]);
    expect(d.steepest.angle).toBe(180);
  });

  it('three variables: u turns in the plane of the gradient and the steepest curvature', () => {
    // At (1, 0, 0) the gradient of x² + y² + 9z² is (2, 0, 0); the steepest curvature (18) is along z.
    const d = directions(compileExpression('x^2 + y^2 + 9*z^2'), Float64Array.of(1, 0, 0));
    const r90 = d.directions.find((r) => r.angle === 90)!;
    expect(Math.abs(r90.direction.z!)).toBeCloseTo(1, 12);
    expect(r90.direction.y).toBeCloseTo(0, 12);
    expect(r90.actual).toBeCloseTo(9 * 0.01, 12);
    for (const r of d.directions) expect(r.direction.y).toBeCloseTo(0, 12);
  });

  it('a stationary point: every first-order change is 0 and 180° stays the steepest', () => {
    const d = directions(compileExpression('x^2 + y^2'), Float64Array.of(0, 0));
    expect(d.directions.every((r) => r.firstOrder === 0)).toBe(true);
    expect(d.steepest.angle).toBe(180);
    for (const r of d.directions) expect(r.actual).toBeCloseTo(0.01, 14);
  });

  it('bad input is named', () => {
    const f = compileExpression('x^2 + y^2');
    expect(() => directions(f, Float64Array.of(1))).toThrow(/at: 1 coordinates for 2 variables/);
    expect(() => directions(f, Float64Array.of(1, 1), { learningRate: 0 })).toThrow(/learning rate/);
    expect(() => directions(compileExpression('log(x)'), Float64Array.of(-1))).toThrow(/not finite/);
  });
});
