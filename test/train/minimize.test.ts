// minimize(): the seed's learning-rate story, stopping rules and verdicts, checked against closed forms.

import { describe, expect, it } from 'vitest';
import { compileExpression, createMethod, InputError } from '../../src/index.js';
import { firstOrder } from '../../src/optim/first-order.js';
import { gd } from '../../src/optim/gd.js';
import type { Minimizable } from '../../src/train/minimizable.js';
import { minimize } from '../../src/train/minimize.js';

// f(x) = x² − 4x + 1, f'(x) = 2x − 4: minimum f(2) = −3. A gd step multiplies x − 2 by (1 − 2·lr).
const seed: Minimizable = {
  variables: ['x'],
  value: (x) => x[0]! ** 2 - 4 * x[0]! + 1,
  valueAndGradient(x, g) {
    g[0] = 2 * x[0]! - 4;
    return x[0]! ** 2 - 4 * x[0]! + 1;
  },
};
const gdAt = (lr: number) => firstOrder({ name: 'gd', lr }, gd(lr));
const fromNine = (lr: number, maxIterations = 100, tol?: number) =>
  minimize(seed, {
    start: new Float64Array([9]),
    method: gdAt(lr),
    maxIterations,
    recordPath: true,
    ...(tol !== undefined && { tol }),
  });

describe('the seed story: x² − 4x + 1 from x = 9 over 100 iterations', () => {
  it('lr 0.01 is too slow: x = 2 + 7·0.98¹⁰⁰ after 100 steps, still descending', () => {
    const run = fromNine(0.01);
    expect(run.status).toBe('max-iterations');
    expect(run.iterations).toBe(100);
    expect(run.point[0]).toBeCloseTo(2 + 7 * 0.98 ** 100, 12);
    expect(run.value).toBeCloseTo((7 * 0.98 ** 100) ** 2 - 3, 11);
    expect(run.message).toMatch(/still descending/);
    expect(run.message).toMatch(/2\/L = 1/);
    expect(run.suggestedLr).toBeNull();
  });

  it('lr 0.9 zig-zags but converges: x − 2 = 7·(−0.8)ᵏ', () => {
    const run = fromNine(0.9);
    expect(run.status).toBe('converged');
    // The step 1.8·|x − 2| = 1.8·7·0.8^(k−1)… first falls below 1e-8 at k = 95.
    expect(run.iterations).toBe(95);
    expect(run.path!.points[1]).toBeCloseTo(2 + 7 * -0.8, 12);
    expect(run.path!.points[2]).toBeCloseTo(2 + 7 * 0.64, 12);
    expect(run.message).toMatch(/zig-zagged/);
  });

  it('lr 1.0 oscillates between 9 and −5 for ever and suggests 1/L = 0.5', () => {
    const run = fromNine(1.0);
    expect(run.status).toBe('oscillating');
    expect(Array.from(run.path!.points.subarray(0, 5))).toEqual([9, -5, 9, -5, 9]);
    expect(run.point[0]).toBe(9);
    expect(run.curvature).toBe(2);
    expect(run.suggestedLr).toBe(0.5);
    expect(run.message).toMatch(/2\/L = 1/);
  });

  it('lr 1.01 diverges from sustained 2 % growth, long before any overflow', () => {
    const run = fromNine(1.01);
    expect(run.status).toBe('diverged');
    expect(Number.isFinite(run.value)).toBe(true);
    expect(run.point[0]).toBeCloseTo(2 + 7 * (-1.02) ** 100, 8);
    expect(run.suggestedLr).toBeCloseTo(0.5, 12);
  });
});

describe('stopping rules', () => {
  it('counts one value and one gradient evaluation per iterate, the start included', () => {
    const run = fromNine(0.1);
    expect(run.status).toBe('converged');
    expect(run.message).toMatch(/^step size fell below 1e-8 after \d+ iterations/);
    expect(run.evaluations).toEqual({ value: run.iterations + 1, gradient: run.iterations + 1, hessian: 0 });
    expect(run.point[0]).toBeCloseTo(2, 7);
  });

  it('stops on a vanishing gradient: lr 0.5 lands on x = 2 in one step', () => {
    const run = fromNine(0.5);
    expect(run.status).toBe('converged');
    expect(run.iterations).toBe(1);
    expect(run.point[0]).toBe(2);
    expect(run.message).toMatch(/gradient norm fell below/);
  });

  it('--max-iter 0 evaluates the start only', () => {
    const run = fromNine(0.1, 0);
    expect(run.iterations).toBe(0);
    expect(run.value).toBe(46);
    expect(run.gradient[0]).toBe(14);
    expect(run.evaluations).toEqual({ value: 1, gradient: 1, hessian: 0 });
  });

  it('tol 0 turns the tests off: the run goes on until steps no longer change x', () => {
    const run = fromNine(0.1, 300, 0);
    // x − 2 shrinks by 0.8 a step until x = 2 + 4 ulp, where the step 0.1·(2x − 4) ≈ 1.8e-16 rounds away.
    expect(run.iterations).toBeGreaterThan(150);
    expect(run.iterations).toBeLessThan(300);
    expect(Math.abs(run.point[0]! - 2)).toBeLessThan(1e-14);
    expect(run.status).toBe('converged');
    expect(run.message).toMatch(/fixed point/);
  });

  it('steps below tol with a large gradient are stalled, not converged', () => {
    const run = fromNine(1e-12);
    expect(run.status).toBe('stalled');
    expect(run.iterations).toBe(1);
    expect(run.message).toMatch(/too small/);
  });

  it('overflow is divergence, with a suggestion from the curvature met', () => {
    const quartic: Minimizable = {
      variables: ['x'],
      value: (x) => x[0]! ** 4,
      valueAndGradient(x, g) {
        g[0] = 4 * x[0]! ** 3;
        return x[0]! ** 4;
      },
    };
    const run = minimize(quartic, { start: new Float64Array([3]), method: gdAt(0.1), maxIterations: 100 });
    expect(run.status).toBe('diverged');
    expect(run.message).toMatch(/left the finite numbers|overflowed/);
    expect(run.suggestedLr).toBeLessThan(0.1);
  });

  it('a function unbounded below diverges: the iterates run away', () => {
    const line: Minimizable = {
      variables: ['x'],
      value: (x) => -x[0]!,
      valueAndGradient(x, g) {
        g[0] = -1;
        return -x[0]!;
      },
    };
    const run = minimize(line, { method: gdAt(0.1), maxIterations: 100 });
    expect(run.status).toBe('diverged');
    expect(run.point[0]).toBeCloseTo(10, 12);
    expect(run.message).toMatch(/unbounded below/);
  });

  it('records the whole path: iterate k of lr 0.2 is 2 + 7·0.6ᵏ', () => {
    const run = fromNine(0.2, 10, 0);
    const path = run.path!;
    expect(path.values.length).toBe(11);
    for (let k = 0; k <= 10; k++) {
      expect(path.points[k]).toBeCloseTo(2 + 7 * 0.6 ** k, 12);
      expect(path.values[k]).toBeCloseTo((7 * 0.6 ** k) ** 2 - 3, 10);
      expect(path.gradientNorms[k]).toBeCloseTo(14 * 0.6 ** k, 11);
    }
  });
});

describe('two variables', () => {
  // Rosenbrock: minimum at (1, 1); gd with a small rate crawls along the valley.
  const rosenbrock: Minimizable = {
    variables: ['x', 'y'],
    value: ([x, y]) => (1 - x!) ** 2 + 100 * (y! - x! ** 2) ** 2,
    valueAndGradient(p, g) {
      const x = p[0]!;
      const y = p[1]!;
      g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
      g[1] = 200 * (y - x * x);
      return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
    },
  };

  it('gd at lr 0.001 from (−1.2, 1) keeps descending along the valley', () => {
    const run = minimize(rosenbrock, {
      start: new Float64Array([-1.2, 1]),
      method: gdAt(0.001),
      maxIterations: 2000,
    });
    expect(run.status).toBe('max-iterations');
    expect(run.value).toBeLessThan(0.5);
    expect(run.value).toBeGreaterThan(0);
  });

  it('gd at lr 0.01 blows up on the valley walls', () => {
    const run = minimize(rosenbrock, {
      start: new Float64Array([-1.2, 1]),
      method: gdAt(0.01),
      maxIterations: 2000,
    });
    expect(run.status).toBe('diverged');
    expect(run.suggestedLr).toBeGreaterThan(0);
    expect(run.suggestedLr).toBeLessThan(0.01);
  });

  it('refuses an option it does not take, by its own name, instead of ignoring it', () => {
    const f = compileExpression('x^2');
    const call = () => minimize(f, { start: Float64Array.of(3), maxIter: 5 } as never);
    expect(call).toThrow(InputError);
    try {
      call();
    } catch (error) {
      expect((error as InputError).key).toBe('maxIter');
      expect((error as InputError).message).toBe(
        'minimize does not take maxIter (the iteration limit is maxIterations); it takes start, method, maxIterations, tol, recordPath, pathLimit, onIterate',
      );
    }
    expect(minimize(f, { start: Float64Array.of(3), maxIterations: 5 }).iterations).toBe(5);
  });

  it('says what is wrong with a method that is no Method, a start of the wrong length and f of plain numbers', () => {
    const f = compileExpression('x^2');
    const refusal = (call: () => unknown) => {
      try {
        call();
      } catch (error) {
        return [error instanceof InputError, (error as InputError).key, (error as Error).message];
      }
      return null;
    };
    expect(refusal(() => minimize(f, { method: 'adam' as never }))).toEqual([
      true,
      'method',
      'method: expected a Method (createMethod("adam") makes one), got "adam"',
    ]);
    expect(refusal(() => minimize(f, { start: Float64Array.of(1, 2) }))).toEqual([
      true,
      'start',
      'start: 2 coordinates for a function of 1 variable',
    ]);
    expect(refusal(() => minimize(((x: number) => x * x) as never, { start: Float64Array.of(1) }))).toEqual([
      true,
      undefined,
      'minimize needs f to return a Tensor of one number, written with the autodiff ops, got a plain number',
    ]);
  });
});

describe('the default method', () => {
  it("is gd at PyTorch's rate 0.001, exactly as createMethod('gd') and as a hand-worked run: x − 2 = 7·0.998ᵏ", () => {
    const f = compileExpression('x^2 - 4*x + 1');
    const plain = minimize(f, { start: Float64Array.of(9), maxIterations: 50 });
    const named = minimize(f, { start: Float64Array.of(9), maxIterations: 50, method: createMethod('gd') });
    expect(plain).toEqual(named);
    expect(plain.optimizer).toEqual({ name: 'gd', lr: 0.001 });
    expect(plain.point[0]! - 2).toBeCloseTo(7 * 0.998 ** 50, 12);
  });

  it('any other optimizer comes from createMethod, as before: adam on (x − 1)² reaches 1', () => {
    const run = minimize(compileExpression('(x - 1)^2'), {
      method: createMethod('adam', { learningRate: 0.1 }),
      maxIterations: 2000,
    });
    expect(run.optimizer).toEqual({ name: 'adam', lr: 0.1, b1: 0.9, b2: 0.999, eps: 1e-8 });
    expect(run.point[0]).toBeCloseTo(1, 4);
  });
});
