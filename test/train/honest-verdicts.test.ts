// Verdicts at the edges: a run that leaves the domain, bounces on a kink, or meets a gradient whose square overflows.

import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../src/expr/index.js';
import { norm } from '../../src/numeric/vector.js';
import { createMethod } from '../../src/optim/create-method.js';
import { minimize } from '../../src/train/minimize.js';

const run = (source: string, start: number, optimizer: string, lr?: number, maxIterations = 1000) =>
  minimize(compileExpression(source), {
    start: new Float64Array([start]),
    method: createMethod(optimizer as 'gd', lr === undefined ? {} : { learningRate: lr }),
    maxIterations,
  });

describe('a run that leaves the domain', () => {
  it('log(x) from 1 at lr 0.5: says where it left, and that no rate converges (f falls to −∞ at the edge)', () => {
    const r = run('log(x)', 1, 'gd', 0.5);
    expect(r.status).toBe('diverged');
    expect(r.message).toContain(
      "the run left the function's domain after 2 iterations: a step from x = 0.5 reached x = -0.5, where f is not defined (log(x) is not a number there)",
    );
    expect(r.message).toContain(
      'f falls all the way from there to the edge of its domain at x = 0, without bound (log(x) is -∞ there): along this path it has no minimum',
    );
    expect(r.suggestedLr).toBeNull();
  });

  it('log(x) from 1 at lr 0.1: the same, at whatever rate', () => {
    const r = run('log(x)', 1, 'gd', 0.1);
    expect(r.status).toBe('diverged');
    expect(r.message).toMatch(
      /left the function's domain after 6 iterations: a step from x = 0\.3154 reached x = -0\.00157/,
    );
    expect(r.suggestedLr).toBeNull();
  });

  it("sqrt(x) from 1 at lr 0.5: f's lowest value is at the domain's edge, where its slope is unbounded", () => {
    const r = run('sqrt(x)', 1, 'gd', 0.5);
    expect(r.status).toBe('diverged');
    expect(r.message).toContain("at x = 0, where its slope is unbounded (sqrt'(0) is unbounded");
    expect(r.message).toContain("f's lowest value along this path is at the edge itself, f = 0");
    expect(r.suggestedLr).toBeNull();
  });

  it('a minimum before the edge: a smaller rate, below the failing one, is suggested', () => {
    // sqrt(x) + 10(x − 1)² has its minimum near x = 0.97: lr 0.2 from 2.1 jumps past 0, a small rate does not.
    const r = run('sqrt(x) + 10*(x - 1)^2', 2.1, 'gd', 0.2);
    expect(r.status).toBe('diverged');
    expect(r.suggestedLr).toBeLessThan(0.2);
    const small = run('sqrt(x) + 10*(x - 1)^2', 2.1, 'gd', r.suggestedLr!);
    expect(small.status).toBe('converged');
  });

  it('sin(x)/x from 9 at lr 0.01: creeping toward its far minimum (x ≈ 10.9) is still descending, not unbounded', () => {
    const r = run('sin(x)/x', 9, 'gd', 0.01, 100);
    expect(r.status).toBe('max-iterations');
    expect(r.message).not.toMatch(/unbounded/);
    expect(r.point[0]).toBeGreaterThan(9.1);
    expect(r.point[0]).toBeLessThan(9.2);
    // Given the iterations, the same run reaches the minimum, the root of tan(x) = x at 10.904121659…
    const long = run('sin(x)/x', 9, 'gd', 0.01, 100_000);
    expect(long.status).toBe('converged');
    expect(long.point[0]).toBeCloseTo(10.904121659, 4);
  });

  it('-x from 0 at lr 0.1 runs away, and is still called unbounded below after 100 steps', () => {
    const r = run('-x', 0, 'gd', 0.1, 100);
    expect(r.status).toBe('diverged');
    expect(r.message).toMatch(/unbounded below/);
  });

  it('x^3 from −1 falls to −∞: f is unbounded below, and no rate is suggested', () => {
    const r = run('x^3', -1, 'gd', 0.001);
    expect(r.status).toBe('diverged');
    expect(r.message).toContain('f is unbounded below along the run');
    expect(r.suggestedLr).toBeNull();
  });
});

describe('a kink', () => {
  it('abs(x) from 1.05 at lr 0.1 bounces across its corner; no curvature is quoted', () => {
    const r = run('abs(x)', 1.05, 'gd', 0.1);
    expect(r.status).toBe('oscillating');
    expect(r.message).toMatch(/^the iterates bounce back and forth across a kink near x = -?0\.05/);
    expect(r.message).toContain('no fixed learning rate converges to the point exactly');
    expect(r.message).not.toMatch(/curvature L/);
    expect(r.message).toContain('(a corner, with no curvature on either side)');
    expect(r.suggestedLr).toBeCloseTo(0.01, 15);
  });

  it('sqrt(abs(x)) from 1 at lr 0.1 bounces across a cusp, concave on both sides, not a corner', () => {
    const r = run('sqrt(abs(x))', 1, 'gd', 0.1);
    expect(r.status).toBe('oscillating');
    expect(r.message).toContain('a cusp, where f is concave on both sides and its slope grows without bound');
    expect(r.message).not.toContain('corner');
  });

  it('two values equal to 4 digits read as one', () => {
    const r = run('abs(x)', 1.05, 'gd', 0.1);
    expect(r.message).not.toMatch(/between 0\.05 and 0\.05/);
  });
});

describe('a gradient whose square overflows', () => {
  it.each(['adam', 'adagrad', 'rmsprop', 'lbfgs'])(
    'exp(x^2) from x = 20 with %s is stalled, not converged',
    (optimizer) => {
      const r = run('exp(x^2)', 20, optimizer);
      expect(r.status).toBe('stalled');
      expect(r.message).toContain('the gradient norm is 2.089e175, whose square overflows float64');
      expect(r.gradientNorm).toBeCloseTo(40 * Math.exp(400), -165);
    },
  );

  it('adamw reports a finite gradient norm too', () => {
    const r = run('exp(x^2)', 20, 'adamw');
    expect(r.message).not.toMatch(/Infinity/);
    expect(Number.isFinite(r.gradientNorm)).toBe(true);
  });

  it('norms of finite vectors are finite, however large or small', () => {
    expect(norm(Float64Array.of(3e200, 4e200))).toBeCloseTo(5e200, -188);
    expect(norm(Float64Array.of(3e-200, 4e-200))).toBeCloseTo(5e-200, 212);
    expect(norm(Float64Array.of(3, 4))).toBe(5);
    const cube = run('x^3', -1, 'gd');
    expect(Number.isFinite(cube.gradientNorm)).toBe(true);
    expect(cube.gradientNorm).toBe(Math.abs(cube.gradient[0]!));
  });
});
