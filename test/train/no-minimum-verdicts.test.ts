// Verdicts that must not say "converged" where there is no minimum, nor "a pole" where a run ran away.

import { describe, expect, it } from 'vitest';
import { falseMinimum } from '../../src/diagnose/descent-probe.js';
import { compileExpression } from '../../src/expr/index.js';
import { createMethod } from '../../src/optim/create-method.js';
import { minimize } from '../../src/train/minimize.js';

const run = (source: string, start: number[], lr: number, maxIterations = 1000, optimizer = 'gd') =>
  minimize(compileExpression(source), {
    start: Float64Array.from(start),
    method: createMethod(optimizer as 'gd', { learningRate: lr }),
    maxIterations,
  });

describe('a vanishing gradient without a minimum', () => {
  it('exp(x) from 9 at lr 0.01: one step of 81 lands at −72, the gradient e^−72 underflows the test; no minimum', () => {
    for (const maxIterations of [1000, 100_000]) {
      const r = run('exp(x)', [9], 0.01, maxIterations);
      // 9 − 0.01·e⁹ = −72.0308…, and there e^x = 5.2e-32 < 1e-8
      expect(r.point[0]).toBeCloseTo(9 - 0.01 * Math.exp(9), 10);
      expect(r.iterations).toBe(1);
      expect(r.status).toBe('stalled');
      expect(r.message).toContain('gradient norm fell below 1e-8 after 1 iteration, yet this is no minimum');
      expect(r.message).toContain(
        'levelling off at about 0, a value it approaches but never attains (an infimum)',
      );
      expect(r.message).not.toMatch(/converged/);
    }
  });

  it('sigmoid(x) from 20: the gradient 2.1e-9 is below tol at the start, and f only tends to 0 as x → −∞', () => {
    const r = minimize(compileExpression('sigmoid(x)'), { start: Float64Array.of(20) });
    expect(r.iterations).toBe(0);
    expect(r.status).toBe('stalled');
    expect(r.message).toMatch(/from 1 here to 0 at x = -1\.8\d*e9/);
  });

  it('x³ from 1 at lr 0.1 creeps to the inflection at 0, where the step test fires: f is unbounded below', () => {
    const r = run('x^3', [1], 0.1, 100_000);
    expect(r.point[0]).toBeGreaterThan(0);
    expect(r.point[0]).toBeLessThan(1e-3);
    expect(r.status).toBe('stalled');
    expect(r.message).toContain('f keeps falling along −∇f without levelling off');
    expect(r.message).toContain('appears unbounded below that way');
  });

  it('−exp(−x²) from 5: a plateau (gradient 1.4e-10); f falls to about −1 near 0, which it names', () => {
    const r = minimize(compileExpression('-exp(-x^2)'), { start: Float64Array.of(5) });
    expect(r.status).toBe('stalled');
    expect(r.message).toContain('f is almost flat here (a plateau)');
    expect(r.message).toContain(`the gradient norm ${'1.389e-10'} foretells`);
    // The bottom the probe found is within 0.05 of the minimum at 0, f within 0.003 of −1.
    const [, at] = r.message.match(/to (-0\.99\d+) at x = /) ?? [];
    expect(Number(at)).toBeLessThan(-0.997);
  });

  it('true minima still converge: x² − 4x + 1, sin(x), Rosenbrock, and x⁴ where the gradient test stops', () => {
    expect(run('x^2 - 4*x + 1', [9], 0.1).status).toBe('converged');
    const sine = run('sin(x)', [1], 0.1);
    expect(sine.status).toBe('converged');
    expect(sine.point[0]).toBeCloseTo(-Math.PI / 2, 6);
    const rosenbrock = run('(1-x)^2 + 100*(y-x^2)^2', [-1.2, 1], 0.001, 40_000);
    expect(rosenbrock.status).toBe('converged');
    expect(rosenbrock.point[0]).toBeCloseTo(1, 4);
    const quartic = minimize(compileExpression('x^4'), {
      start: Float64Array.of(3),
      method: createMethod('newton'),
    });
    expect(quartic.status).toBe('converged');
  });

  it('falseMinimum: null at a minimum a hair off; the three kinds with their values', () => {
    const square = (x: Float64Array) => x[0]! ** 2;
    expect(falseMinimum(square, Float64Array.of(1e-9), Float64Array.of(2e-9), ['x'])).toBeNull();
    const infimum = falseMinimum(
      (x) => Math.exp(x[0]!),
      Float64Array.of(-72),
      Float64Array.of(Math.exp(-72)),
      ['x'],
    );
    expect(infimum?.kind).toBe('infimum');
    expect(infimum?.to).toBe(0);
    // 1e-10·x falls 1e-10 per unit for ever: the last doubling is half the fall, no level-off.
    const line = falseMinimum((x) => 1e-10 * x[0]!, Float64Array.of(0), Float64Array.of(1e-10), ['x']);
    expect(line?.kind).toBe('unbounded');
    expect(line?.to).toBeCloseTo(-1e-10 * line!.distance, 20);
    // A level-headed saddle: x² − y² at (0, 1e-9) has gradient (0, −2e-9); along +y f falls like −y².
    const saddle = falseMinimum(
      (p) => p[0]! ** 2 - p[1]! ** 2,
      Float64Array.of(0, 1e-9),
      Float64Array.of(0, -2e-9),
      ['x', 'y'],
    );
    expect(saddle?.kind).toBe('unbounded');
    // Where the gradient is 0 there is no direction to probe.
    expect(falseMinimum(square, Float64Array.of(0), Float64Array.of(0), ['x'])).toBeNull();
  });
});

describe('a run that overflows after running away', () => {
  it('x² from 2 at lr 1.5: ‖x‖ doubles each step, 511 steps to 1.3e154, where x² overflows; 2/L = 1', () => {
    const r = run('x^2', [2], 1.5);
    // x ← x − 1.5·2x = −2x: after k steps |x| = 2^(k+1), and x² = 2^(2k+2) overflows at k = 511
    expect(r.iterations).toBe(511);
    expect(Math.abs(r.point[0]!)).toBe(2 ** 512);
    expect(r.status).toBe('diverged');
    expect(r.message).toBe(
      "the iterates grew without bound: ‖x‖ went from 2 to 1.341e154 in 511 iterations (about ×2 a step), until f's value at x = -1.341e154 overflowed to ∞ (x ^ 2 overflows float64 there); lr 1.5 is above the stable limit 2/L = 1 for the curvature L = 2 met along the way (each step there multiplies the distance to the minimum by |1 − lr·L| = 2) — try lr 0.5",
    );
    expect(r.message).not.toMatch(/not defined|pole/);
    expect(r.suggestedLr).toBe(0.5);
    expect(r.differentiability?.differentiable).toBe(true);
    expect(r.differentiability?.reason).toBe(
      "f's value at x = -1.34078e154 is beyond float64's range (about 1.8e308): x ^ 2 overflows float64 there",
    );
  });

  it('1/x at 0 is still a pole, not an overflow', () => {
    const why = compileExpression('1/x').differentiability(Float64Array.of(0));
    expect(why?.reason).toBe('f is not defined at x = 0: 1 / x is ∞ there');
    expect(why?.differentiable).toBe(false);
  });
});
