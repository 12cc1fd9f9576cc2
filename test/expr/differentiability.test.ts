// Points without an ordinary gradient: each named with its rule, sub-expression and kind; removable ones left alone.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../src/expr/index.js';
import { createMethod } from '../../src/optim/create-method.js';
import { minimize } from '../../src/train/minimize.js';
import { expression } from './arbitrary.js';

const at = (source: string, ...point: number[]) =>
  compileExpression(source).differentiability(Float64Array.from(point));

describe('differentiability at a point', () => {
  // Each row: expression, point, kind, rule, sub-expression, words the reason must hold, and whether
  // f rises on both sides along each variable (worked out by hand from the function's graph).
  it.each([
    [
      'sqrt(x)',
      [0],
      'unbounded',
      'sqrt',
      'sqrt(x)',
      ["f is not differentiable at x = 0: sqrt'(0) is unbounded", 'undefined on one side'],
      true,
    ],
    [
      'abs(x)',
      [0],
      'kink',
      'abs',
      'abs(x)',
      ['abs has a kink where x = 0', 'slope is -1 to the left and 1 to the right'],
      true,
    ],
    [
      'x^(1/3)',
      [0],
      'unbounded',
      '^',
      'x ^ (1 / 3)',
      ['the slope of x ^ (1 / 3) is unbounded where x = 0'],
      true,
    ],
    [
      'abs(x) + y^2',
      [0, 1],
      'kink',
      'abs',
      'abs(x)',
      ['at (x = 0, y = 1): abs has a kink where x = 0', 'along x'],
      false,
    ],
    [
      'sqrt(x^2 + y^2)',
      [0, 0],
      'kink',
      'sqrt',
      'sqrt(x ^ 2 + y ^ 2)',
      ['has a kink where x ^ 2 + y ^ 2 = 0'],
      true,
    ],
    ['abs(x - 1)', [1], 'kink', 'abs', 'abs(x - 1)', ['abs has a kink where x - 1 = 0'], true],
    ['-abs(x)', [0], 'kink', 'abs', 'abs(x)', ['slope is 1 to the left and -1 to the right'], false],
    ['abs(x)^(1/3)', [0], 'unbounded', '^', 'abs(x) ^ (1 / 3)', ['is unbounded where abs(x) = 0'], true],
    [
      'sqrt(abs(x))',
      [0],
      'unbounded',
      'sqrt',
      'sqrt(abs(x))',
      ["sqrt'(0) is unbounded (in sqrt(abs(x)))"],
      true,
    ],
    ['abs(sin(x)) + 3', [0], 'kink', 'abs', 'abs(sin(x))', ['abs has a kink where sin(x) = 0'], true],
    ['sqrt(x) * sqrt(x)', [0], 'edge', 'sqrt', 'sqrt(x)', ['f is defined on one side of it only'], true],
    ['0 * sqrt(x)', [0], 'edge', 'sqrt', 'sqrt(x)', ['f is defined on one side of it only'], true],
    ['(-2)^y', [2], 'edge', '^', '(-2) ^ y', ['not defined on either side', 'its base -2 is negative'], true],
  ] as const)('%s at %j: %s at %s', (source, point, kind, rule, sub, words, rises) => {
    const why = at(source, ...point);
    expect(why).not.toBeNull();
    expect(why!.differentiable).toBe(false);
    expect(why!.kind).toBe(kind);
    expect(why!.rule).toBe(rule);
    expect(why!.at).toBe(sub);
    for (const w of words) expect(why!.reason).toContain(w);
    expect(why!.reason.endsWith(why!.cause)).toBe(true);
    expect(why!.risesAlongEachVariable).toBe(rises);
  });

  it.each([
    // A rule met its singular value, but f is differentiable there: the side slopes agree.
    ['abs(x^2)', [0]],
    ['sqrt(x^4)', [0]],
    ['x * abs(x)', [0]],
    ['abs(x) - abs(x)', [0]],
    ['0 * abs(x)', [0]],
    ['x^1.5', [0]],
    // Removable singularities of the chain rule (issue 12, item 16).
    ['exp(-1/x^2)', [0]],
    ['tanh(exp(x))', [710]],
    // Ordinary points.
    ['x^2 - 4*x + 1', [9]],
    ['abs(x)', [1]],
    ['sqrt(x)', [4]],
  ] as const)('%s at %j is differentiable: null', (source, point) => {
    expect(at(source, ...point)).toBeNull();
  });

  it('names where f is not defined, innermost first', () => {
    expect(at('log(x)', -1)).toMatchObject({
      kind: 'undefined',
      rule: 'log',
      reason: 'f is not defined at x = -1: log(x) is not a number there',
    });
    expect(at('1/x + 2', 0)).toMatchObject({
      kind: 'undefined',
      rule: '/',
      at: '1 / x',
      cause: '1 / x is ∞ there',
    });
    expect(at('exp(x^2) - 1', 27)).toMatchObject({
      kind: 'undefined',
      cause: 'exp(x ^ 2) overflows float64 there',
    });
  });

  it('tells an overflowing slope of a differentiable function from a missing one', () => {
    // exp(26.6²) ≈ 1.6e307 is finite; its slope 2·26.6·exp(26.6²) is not.
    const why = at('exp(x^2)', 26.6);
    expect(why).toMatchObject({ differentiable: true, kind: 'overflow', at: 'x ^ 2' });
    expect(why!.reason).toContain("f is differentiable at x = 26.6, but its slope is beyond float64's range");
  });
});

describe('minimize names a start or an end without an ordinary gradient', () => {
  const run = (source: string, start: number[], lr = 0.001) =>
    minimize(compileExpression(source), {
      start: Float64Array.from(start),
      method: createMethod('gd', { learningRate: lr }),
    });

  it('sqrt(x) and x^(1/3) from 0: stalled at the bottom, not diverged', () => {
    for (const source of ['sqrt(x)', 'x^(1/3)']) {
      const r = run(source, [0]);
      expect(r.status).toBe('stalled');
      expect(r.iterations).toBe(0);
      expect(r.message).toMatch(/^no step was taken: f is not differentiable at x = 0: /);
      expect(r.message).toContain('so the point is a minimum along each of them');
      expect(r.differentiability?.kind).toBe('unbounded');
      expect(r.suggestedLr).toBeNull();
    }
  });

  it('abs(x) from 0: converged at the kink, and says so', () => {
    const r = run('abs(x)', [0]);
    expect(r.status).toBe('converged');
    expect(r.message).toContain('f is not differentiable at x = 0: abs has a kink where x = 0');
    expect(r.message).toContain('the gradient shown is the slope the derivative rules pick there');
    expect(r.differentiability).toMatchObject({ kind: 'kink', rule: 'abs', point: { x: 0 } });
  });

  it('-abs(x) from 0: a zero gradient at a peak is no convergence', () => {
    const r = run('-abs(x)', [0]);
    expect(r.status).toBe('stalled');
    expect(r.message).toContain('so the point is not a minimum');
  });

  it('abs(x) + y^2 from (0, 1) and sqrt(x^2 + y^2) from the origin', () => {
    const kinked = run('abs(x) + y^2', [0, 1]);
    expect(kinked.point[0]).toBe(0);
    expect(kinked.differentiability).toMatchObject({ kind: 'kink', rule: 'abs' });
    const cone = run('sqrt(x^2 + y^2)', [0, 0]);
    expect(cone.status).toBe('converged');
    expect(cone.differentiability).toMatchObject({ kind: 'kink', rule: 'sqrt', point: { x: 0, y: 0 } });
  });

  it('an overflowing slope at the start is stalled, with the reason', () => {
    const r = run('exp(x^2)', [26.6]);
    expect(r.status).toBe('stalled');
    expect(r.message).toContain("its slope is beyond float64's range");
    expect(r.differentiability?.kind).toBe('overflow');
  });

  it('a run that leaves the domain names the rule that failed', () => {
    const r = run('log(x)', [1], 0.5);
    expect(r.status).toBe('diverged');
    expect(r.message).toContain('where f is not defined (log(x) is not a number there)');
  });

  it('ordinary runs carry no differentiability', () => {
    expect(run('x^2 - 4*x + 1', [9], 0.1).differentiability).toBeUndefined();
  });
});

describe('a gradient that is not a number never comes without its reason (property)', () => {
  // Coordinates where generated expressions meet their singular values (0, 1, and ±1 under abs, sqrt,
  // log, powers) as well as generic ones.
  const coordinate = fc.oneof(
    fc.constantFrom(0, 1, -1, 2, 0.5, -0.5, Math.PI / 2),
    fc.integer({ min: -20000, max: 20000 }).map((k) => k / 10000),
  );
  const point = fc.tuple(coordinate, coordinate, coordinate);

  it('value finite and gradient not finite ⇒ differentiability says why; value not finite ⇒ kind undefined', () => {
    fc.assert(
      fc.property(expression, point, (source, [x, y, z]) => {
        const f = compileExpression(source);
        const values: Record<string, number> = { x, y, z };
        const p = Float64Array.from(f.variables, (v) => values[v]!);
        const g = new Float64Array(p.length);
        const value = f.valueAndGradient(p, g);
        const why = f.differentiability(p);
        if (!Number.isFinite(value)) {
          expect(why?.kind).toBe('undefined');
        } else if (!g.every(Number.isFinite)) {
          expect(why).not.toBeNull();
          expect(why!.kind).not.toBe('undefined');
          expect(why!.reason.length).toBeGreaterThan(20);
          // And minimize, evaluating the start only, carries it into the result.
          const run = minimize(f, { start: p, maxIterations: 0 });
          expect(run.differentiability).toEqual(why);
          expect(run.status).not.toBe('converged');
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('an overflow is told from a pole, and from an intermediate value f does not share', () => {
  it.each([
    // e^800 and 1e400 are beyond float64 (about 1.8e308); a 0 from underflow is not a pole.
    [
      '1/exp(-x)',
      800,
      "f's value at x = 800 is beyond float64's range (about 1.8e308): 1 / exp(-x) overflows float64 there",
    ],
    [
      '1/x^200',
      0.01,
      "f's value at x = 0.01 is beyond float64's range (about 1.8e308): 1 / x ^ 200 overflows float64 there",
    ],
    // (e^400)² = e^800 and 2 ^ 1100: each step up keeps the size.
    [
      'exp(x)^2',
      400,
      "f's value at x = 400 is beyond float64's range (about 1.8e308): exp(x) ^ 2 overflows float64 there",
    ],
    [
      'x*exp(x)',
      710,
      "f's value at x = 710 is beyond float64's range (about 1.8e308): exp(x) overflows float64 there",
    ],
  ] as const)('%s at %d: beyond float64', (source, x, reason) => {
    expect(at(source, x)).toMatchObject({ kind: 'undefined', differentiable: true, reason });
  });

  it.each([
    // √(e^800) = e^400 ≈ 5.2e173, e^x·e^−x = 1, log(e^800) = 800, e^710/710 ≈ 3.1e305: all in range.
    ['sqrt(exp(x))', 800],
    ['exp(x)*exp(-x)', 800],
    ['log(exp(x))', 800],
    ['exp(x)/x', 710],
  ] as const)('%s at %d: an intermediate overflow, f itself maybe in range', (source, x) => {
    expect(at(source, x)?.reason).toBe(
      `f cannot be computed at x = ${x} in float64: exp(x) overflows float64 there, though f's own value may be in range`,
    );
  });

  it('1/x at 0 and 1/(x − x) stay poles: a true 0 in the denominator', () => {
    expect(at('1/x', 0)?.reason).toBe('f is not defined at x = 0: 1 / x is ∞ there');
    expect(at('1/(x - x)', 3)?.differentiable).toBe(false);
  });
});
