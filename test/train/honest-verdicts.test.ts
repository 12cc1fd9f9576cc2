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
  it('log(x) from 1 at lr 0.5: says where it left, suggests a smaller rate', () => {
    const r = run('log(x)', 1, 'gd', 0.5);
    expect(r.status).toBe('diverged');
    expect(r.message).toContain(
      "the run left the function's domain after 2 iterations: a step from x = 0.5 reached x = -0.5, where f is not defined",
    );
    expect(r.suggestedLr).toBe(0.05);
  });

  it('log(x) from 1 at lr 0.1: the suggestion is below the failing rate', () => {
    const r = run('log(x)', 1, 'gd', 0.1);
    expect(r.status).toBe('diverged');
    expect(r.message).toMatch(
      /left the function's domain after 6 iterations: a step from x = 0\.3154 reached x = -0\.00157/,
    );
    expect(r.suggestedLr).toBeLessThan(0.1);
  });
});

describe('a kink', () => {
  it('abs(x) from 1.05 at lr 0.1 bounces across its corner; no curvature is quoted', () => {
    const r = run('abs(x)', 1.05, 'gd', 0.1);
    expect(r.status).toBe('oscillating');
    expect(r.message).toMatch(/^the iterates bounce back and forth across a kink near x = -?0\.05/);
    expect(r.message).toContain('no fixed learning rate converges to the point exactly');
    expect(r.message).not.toMatch(/curvature L/);
    expect(r.suggestedLr).toBeCloseTo(0.01, 15);
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
