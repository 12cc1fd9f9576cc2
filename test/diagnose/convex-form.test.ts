// convexByForm: composition rules, checked against Jensen's inequality on random pairs of points (an independent test of convexity).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convexByForm } from '../../src/diagnose/convex-form.js';
import { compileExpression } from '../../src/expr/expression.js';
import { parseExpression } from '../../src/expr/parse.js';

/** The largest violation of f(t·a + (1 − t)·b) ≤ t·f(a) + (1 − t)·f(b) found, relative to the values' size. */
function jensenViolation(source: string, n: number, runs = 2000): number {
  const f = compileExpression(source);
  let worst = 0;
  // Uniform in [−5, 5] (fc.double leans to tiny magnitudes, which would keep both points near 0).
  const coordinate = fc.integer({ min: -5000, max: 5000 }).map((k) => k / 1000);
  const point = fc.array(coordinate, { minLength: n, maxLength: n });
  fc.assert(
    fc.property(
      point,
      point,
      fc.integer({ min: 0, max: 1000 }).map((k) => k / 1000),
      (a, b, t) => {
        const fa = f.value(Float64Array.from(a));
        const fb = f.value(Float64Array.from(b));
        const fm = f.value(Float64Array.from(a, (v, i) => t * v + (1 - t) * b[i]!));
        const bound = t * fa + (1 - t) * fb;
        worst = Math.max(worst, (fm - bound) / (1 + Math.abs(bound)));
      },
    ),
    { numRuns: runs, seed: 7 },
  );
  return worst;
}

describe('convexByForm', () => {
  it.each([
    ['abs(x)^1.5', 1, ['|u| is convex for affine u', 'u^p is convex for convex u ≥ 0 and p ≥ 1']],
    ['abs(x)', 1, ['|u| is convex for affine u']],
    ['abs(x)^2', 1, ['|u| is convex for affine u', 'u^p is convex for convex u ≥ 0 and p ≥ 1']],
    ['abs(x - 1) + (x + y)^2', 2, null],
    ['2*abs(x - 2*y)^3 - 3*x + 4', 2, null],
    ['exp(-x) + abs(y)^1.1', 2, null],
    ['(abs(x) + abs(y))^2 / 4', 2, null],
    ['abs(-abs(x) - 1)', 1, null],
    ['-(-abs(x))', 1, null],
    // A Euclidean norm of an affine map: ‖(x, 1)‖, ‖(x − 1, 2(y + 2))‖ and the cone ‖(x, y)‖.
    ['sqrt(x^2 + 1)', 1, null],
    ['sqrt((x - 1)^2 + 4*(y + 2)^2)', 2, null],
    ['sqrt(x^2 + y^2)', 2, null],
  ])('%s is convex by its form (and passes Jensen)', (source, n, rules) => {
    const found = convexByForm(parseExpression(source));
    expect(found).not.toBeNull();
    if (rules !== null) expect(found).toEqual(rules);
    expect(jensenViolation(source, n)).toBeLessThanOrEqual(1e-12);
  });

  it.each([
    // Not convex: a witness of Jensen's failure is found for each.
    ['-abs(x)', 1, true],
    ['abs(x)^0.5', 1, true],
    ['abs(abs(x) - 1)', 1, true],
    ['x^3', 1, true],
    ['exp(-x^2)', 1, true],
    ['abs(x)^1.5 - abs(y)', 2, true],
    ['x*y', 2, true],
    // Convex, but beyond these rules: the interval proof or nothing decides.
    ['(x^2)^0.75', 1, false],
    ['sqrt(x^4 + 1)', 1, false],
  ])('%s: no verdict by form', (source, n, violated) => {
    expect(convexByForm(parseExpression(source))).toBeNull();
    expect(jensenViolation(source, n) > 1e-6).toBe(violated);
  });
});
