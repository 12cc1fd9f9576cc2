// Convexity on a domain: proofs for convex functions, checked counter-examples for the others, honesty in between.

import { describe, expect, it } from 'vitest';
import { convexity, symbolicFunction } from '../../src/diagnose/convexity.js';
import type { Box } from '../../src/diagnose/enclosure.js';
import { provePositiveSemidefinite } from '../../src/diagnose/psd-proof.js';
import { compileExpression } from '../../src/expr/expression.js';
import { parseExpression } from '../../src/expr/parse.js';

const symbolic = (source: string) => symbolicFunction(compileExpression(source));

const square = (n: number, lo = -5, hi = 5): Box => Array.from({ length: n }, () => ({ lo, hi }));

/** ½ xᵀAx written out, over variables x, y, z. */
function quadraticForm(a: readonly (readonly number[])[]): string {
  const names = ['x', 'y', 'z'];
  const terms: string[] = [];
  for (const [i, row] of a.entries()) {
    for (const [j, v] of row.entries()) {
      if (j === i) terms.push(`0.5 * (${v}) * ${names[i]}^2`);
      if (j > i) terms.push(`(${v}) * ${names[i]} * ${names[j]}`);
    }
  }
  return terms.join(' + ');
}

/** The smallest eigenvalue of a symmetric 2×2 matrix, in closed form. */
const lowest2 = (a: number, b: number, c: number) => (a + c) / 2 - Math.hypot((a - c) / 2, b);

describe('convexity: the seed function', () => {
  it('x² − 4x + 1 is convex: the second derivative is 2 > 0 everywhere', () => {
    expect(convexity(symbolic('x^2 - 4*x + 1'), square(1))).toEqual({
      verdict: 'convex',
      reason: 'the second derivative is 2 > 0 everywhere',
    });
  });
});

describe('convexity: quadratic forms ½xᵀAx are convex exactly when A is PSD', () => {
  it.each([
    // A, its eigenvalues worked out by hand, convex?
    [
      [
        [2, 1],
        [1, 2],
      ],
      [1, 3],
      true,
    ],
    [
      [
        [1, 1],
        [1, 1],
      ],
      [0, 2],
      true,
    ],
    [
      [
        [2, 0],
        [0, 200],
      ],
      [2, 200],
      true,
    ],
    [
      [
        [1, 3],
        [3, 1],
      ],
      [-2, 4],
      false,
    ],
    [
      [
        [-1, 0],
        [0, -4],
      ],
      [-4, -1],
      false,
    ],
    [
      [
        [4, -1.5],
        [-1.5, 0.5],
      ],
      [lowest2(4, -1.5, 0.5), 4.5 - lowest2(4, -1.5, 0.5)],
      false,
    ],
    [
      [
        [2, -1, 0],
        [-1, 2, -1],
        [0, -1, 2],
      ],
      [2 - Math.SQRT2, 2, 2 + Math.SQRT2],
      true,
    ],
    [
      [
        [1, 2, 0],
        [2, 1, 0],
        [0, 0, 3],
      ],
      [-1, 3, 3],
      false,
    ],
  ])('A = %j (eigenvalues %j)', (a, eigenvalues, convex) => {
    const result = convexity(symbolic(quadraticForm(a)), square(a.length));
    expect(result.verdict).toBe(convex ? 'convex' : 'not-convex');
    if (!convex) expect(result.eigenvalue).toBeCloseTo(eigenvalues[0]!, 10);
    expect(result.reason).toMatch(/the same everywhere/);
  });
});

describe('convexity: proven by interval arithmetic', () => {
  it.each([
    ['x^4', square(1)],
    ['exp(x) + x^2', square(1)],
    ['x^4 + y^4', square(2)],
    ['exp(x + y) + x^2 + y^2', square(2, -1, 1)],
    ['x^4 + y^4 + z^4 + x^2 + y^2 + z^2 + x*y', square(3)],
    ['log(1 + exp(x))', square(1)],
  ])('%s', (source, domain) => {
    const result = convexity(symbolic(source), domain);
    expect(result.verdict).toBe('convex');
    expect(result.reason).toMatch(/proven by interval arithmetic/);
  });
});

describe('convexity: refuted at a point, checked with an independent Hessian', () => {
  const rosenbrockHessian = (x: number, y: number) => [2 - 400 * y + 1200 * x * x, -400 * x, 200] as const;
  it.each([
    ['sin(x)', 1, (p: number[]) => -Math.sin(p[0]!)],
    ['x^3', 1, (p: number[]) => 6 * p[0]!],
    ['(1-x)^2 + 100*(y-x^2)^2', 2, (p: number[]) => lowest2(...rosenbrockHessian(p[0]!, p[1]!))],
    ['log(x)', 1, (p: number[]) => -1 / p[0]! ** 2],
  ])('%s', (source, n, smallestEigenvalue) => {
    const f = symbolic(source);
    const result = convexity(f, square(n));
    expect(result.verdict).toBe('not-convex');
    const point = f.f.variables.map((v) => result.point![v]!);
    for (const c of point) {
      expect(c).toBeGreaterThanOrEqual(-5);
      expect(c).toBeLessThanOrEqual(5);
    }
    const independent = smallestEigenvalue(point);
    expect(independent).toBeLessThan(0);
    expect(result.eigenvalue).toBeCloseTo(independent, 6);
    expect(result.reason).toMatch(/ at /);
  });

  it('words it like the seed for one variable and names the eigenvalue for more', () => {
    expect(convexity(symbolic('x^3'), square(1)).reason).toBe('the second derivative is -30 < 0 at x = -5');
    expect(convexity(symbolic('(1-x)^2 + 100*(y-x^2)^2'), square(2)).reason).toBe(
      'the Hessian has the negative eigenvalue -1998 at (x = 0, y = 5)',
    );
  });

  it('a constant negative second derivative is refuted at the centre of the domain', () => {
    expect(convexity(symbolic('3 - x^2'), square(1, 0, 4))).toEqual({
      verdict: 'not-convex',
      reason: 'the second derivative is -2 < 0 everywhere, as at x = 2',
      point: { x: 2 },
      eigenvalue: -2,
    });
  });

  it('decides on the domain: x³ is convex on [0, 5] and x⁴ − 3x² is not convex on [−0.5, 0.5]', () => {
    expect(convexity(symbolic('x^3'), square(1, 0, 5)).verdict).toBe('convex');
    expect(convexity(symbolic('x^4 - 3*x^2'), square(1, -0.5, 0.5)).verdict).toBe('not-convex');
    expect(convexity(symbolic('x^4 - 3*x^2'), square(1, 2, 3)).verdict).toBe('convex');
  });
});

describe('convexity: honest when it can prove nothing', () => {
  it('(x − 1)² as f″ of x⁴/12 − x³/3 + x²/2 defeats interval bounds near x = 1 and has no counter-example', () => {
    const result = convexity(symbolic('x^4/12 - x^3/3 + x^2/2'), square(1));
    expect(result.verdict).toBe('unknown');
    expect(result.reason).toMatch(/could not prove/);
  });

  it('a kink is invisible to second derivatives: −|x| is never called convex from f″ = 0, but its chord refutes it; |x| is, by its form', () => {
    // On [−5, 5] the chord test steps 10⁻³ of the width 10 each way: f(0) = 0 > (−0.01 − 0.01)/2.
    expect(convexity(symbolic('-abs(x)'), square(1))).toEqual({
      verdict: 'not-convex',
      reason:
        "f bends down at the kink at x = 0: f(0) = 0 lies above the chord from f(-0.01) = -0.01 to f(0.01) = -0.01, so f is not convex (a kink's negative curvature sits at the point, where no Hessian sees it)",
      point: { x: 0 },
      chord: [{ x: -0.01 }, { x: 0.01 }],
    });
    expect(convexity(symbolic('abs(x)'), square(1))).toEqual({
      verdict: 'convex',
      reason:
        'by its form, on every domain (composition rules, which hold at kinks too): |u| is convex for affine u',
    });
    // Away from its kink |x − 9| is linear, so the proof goes through.
    expect(convexity(symbolic('abs(x - 9) + x^2'), square(1)).verdict).toBe('convex');
  });
});

describe('provePositiveSemidefinite', () => {
  it('proves 12x² ≥ 0 in one box and stops within its budget where bounds stay loose', () => {
    expect(provePositiveSemidefinite([[parseExpression('12 * x^2')]], ['x'], square(1))).toEqual({
      proven: true,
      boxes: 1,
      failedAt: null,
    });
    const loose = provePositiveSemidefinite([[parseExpression('x^2 - 2*x + 1')]], ['x'], square(1), {
      budget: 200,
    });
    expect(loose.proven).toBe(false);
    expect(loose.boxes).toBeLessThanOrEqual(200);
    expect(loose.failedAt![0]).toBeCloseTo(1, 1);
  });

  it('stops at once on a box where a diagonal entry is certainly negative', () => {
    const proof = provePositiveSemidefinite([[parseExpression('-1 - x^2')]], ['x'], square(1));
    expect(proof).toEqual({ proven: false, boxes: 1, failedAt: Float64Array.of(0) });
  });
});
