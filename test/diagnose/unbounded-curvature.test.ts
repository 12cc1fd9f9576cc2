// Unbounded curvature: where f″ grows without bound while f′ is finite, checked against closed forms of f″.

import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/diagnose/analyze.js';
import { limitEigenvalues } from '../../src/diagnose/eigen.js';
import { unboundedCurvaturePoints } from '../../src/diagnose/unbounded-curvature.js';
import { compileExpression } from '../../src/expr/expression.js';
import { runCli } from '../cli/run-cli.js';

const box = [{ lo: -5, hi: 5 }];

describe('unboundedCurvaturePoints', () => {
  it.each([
    // f, point, sides: |x|^p for 1 < p < 2 has f″ = p(p − 1)|x|^(p−2); x·sqrt|x| has f″ = ±0.75|x|^−0.5.
    ['abs(x)^1.5', { x: 0 }, ['above']],
    ['abs(x)^1.9', { x: 0 }, ['above']],
    ['(x^2)^0.75', { x: 0 }, ['above']],
    ['sqrt(abs(x)^3) + x', { x: 0 }, ['above']],
    ['x*sqrt(abs(x))', { x: 0 }, ['above', 'below']],
    ['-abs(x - 2)^1.5', { x: 2 }, ['below']],
    ['abs(x - 3)^1.5 + x^2', { x: 3 }, ['above']],
  ])('%s: unbounded at %o, %o', (source, point, sides) => {
    const { points } = unboundedCurvaturePoints(compileExpression(source), box);
    expect(points.map((p) => p.side)).toEqual(sides);
    for (const p of points) expect(p.point).toEqual(point);
  });

  it.each(['abs(x)^2', 'abs(x)^3', 'x^2', 'sqrt(x^2 + 1)', 'log(x^2 + 1)', 'abs(x)', 'exp(x)'])(
    '%s: none (f″ bounded near every candidate)',
    (source) => {
      expect(unboundedCurvaturePoints(compileExpression(source), box).points).toEqual([]);
    },
  );

  it('gives f″ at shrinking distances as evidence: 0.75·|x|^−0.5 is 7.5, 75 and 750 at 10⁻², 10⁻⁴, 10⁻⁶', () => {
    const [p] = unboundedCurvaturePoints(compileExpression('abs(x)^1.5'), box).points;
    expect(p?.reason).toBe(
      'the curvature of abs(x) ^ 1.5 is unbounded where abs(x) = 0, though its slope is 0 there; ∂²f/∂x² is 7.5 at x = 0.01, 75 at x = 0.0001, 750 at x = 1e-6',
    );
  });

  it('with two variables, one point stands for the zero set, and near() covers the line', () => {
    const f = compileExpression('abs(x - 1)^1.5 + y^2');
    const { points, near } = unboundedCurvaturePoints(f, [
      { lo: -5, hi: 5 },
      { lo: -5, hi: 5 },
    ]);
    expect(points).toHaveLength(1);
    expect(points[0]?.point.x).toBe(1);
    expect(near(Float64Array.of(1.05, 4))).toBe(true);
    expect(near(Float64Array.of(1.2, 4))).toBe(false);
  });
});

describe('analyze with unbounded curvature', () => {
  it('abs(x)^1.5: no largest curvature and no stable rate; away from 0 the rate of f″(0.1) = 0.75/√0.1', () => {
    const a = analyze('abs(x)^1.5');
    expect(a.curvature.max).toBeNull();
    expect(a.curvature.maxAt).toEqual({ x: 0 });
    expect(a.curvature.min).toBeCloseTo(0.75 / Math.sqrt(5), 12);
    expect(a.learningRate.stableBelow).toBeNull();
    expect(a.learningRate.fastest).toBeNull();
    expect(a.learningRate.reason).toContain('no fixed learning rate is stable everywhere');
    expect(a.learningRate.reason).toContain(
      'near x = 0, a minimum, so gradient descent with a fixed rate ends oscillating',
    );
    const away = a.learningRate.awayFromUnbounded!;
    expect(away.stableBelow).toBeCloseTo(2 / (0.75 / Math.sqrt(0.1)), 7);
    expect(away.fastest).toBeCloseTo(1 / (0.75 / Math.sqrt(0.1)), 7);
  });

  it('abs(x − 3)^1.5 + x²: unbounded off the minimum (x ≈ 0.8), so it says gradient descent overshoots near it', () => {
    const a = analyze('abs(x - 3)^1.5 + x^2');
    expect(a.learningRate.reason).toContain(
      'unbounded near x = 3, so gradient descent with a fixed rate overshoots',
    );
    // Outside |x − 3| < 0.1: f″ = 0.75·|x − 3|^−0.5 + 2 is largest at the edge.
    expect(a.learningRate.awayFromUnbounded?.stableBelow).toBeCloseTo(2 / (0.75 / Math.sqrt(0.1) + 2), 7);
  });

  it('a smooth function keeps its sampled figures, and no unbounded-curvature reason', () => {
    const a = analyze('x^4');
    expect(a.curvature.unbounded).toEqual([]);
    expect(a.curvature.max).toBe(300);
    expect(a.learningRate).toMatchObject({ stableBelow: 2 / 300, fastest: 1 / 300 });
    expect(a.learningRate.awayFromUnbounded).toBeUndefined();
    // Its reason is about the flat minimum (f″ = 12x² is 0 at 0), not about unbounded curvature.
    expect(a.learningRate.reason).toContain('at the minimum, x = 0, the curvature is 0');
  });

  it('the point report at x = 0 reads the eigenvalue ∞ of the Hessian [∞], and no stable rate', () => {
    const at = analyze('abs(x)^1.5', { at: Float64Array.of(0) }).at!;
    expect(at.hessian).toEqual([[Number.POSITIVE_INFINITY]]);
    expect(at.eigenvalues).toEqual([Number.POSITIVE_INFINITY]);
    expect(at.stableBelow).toBeNull();
  });
});

describe('limitEigenvalues', () => {
  it.each([
    [[Number.POSITIVE_INFINITY], 1, [Number.POSITIVE_INFINITY]],
    [[Number.NEGATIVE_INFINITY], 1, [Number.NEGATIVE_INFINITY]],
    [[Number.POSITIVE_INFINITY, 1, 1, 2], 2, [2, Number.POSITIVE_INFINITY]],
    [
      [Number.NEGATIVE_INFINITY, 0, 0, Number.POSITIVE_INFINITY],
      2,
      [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
    ],
    [[2, 1, 1, 2], 2, [1, 3]],
    [[0, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, 0], 2, [Number.NaN, Number.NaN]],
    [[Number.NaN], 1, [Number.NaN]],
  ])('%o (n = %i) → %o', (h, n, expected) => {
    const values = Array.from(limitEigenvalues(Float64Array.from(h), n));
    expect(values.length).toBe(expected.length);
    values.forEach((v, i) => {
      if (Number.isFinite(expected[i]!)) expect(v).toBeCloseTo(expected[i]!, 12);
      else expect(v).toBe(expected[i]);
    });
  });
});

describe('downhill analyze at unbounded curvature', () => {
  it('the summary agrees with the point report, and the JSON holds no NaN', () => {
    const text = runCli(['analyze', 'abs(x)^1.5', '--at', 'x=0']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('curvature      largest unbounded near x = 0, smallest 0.33541 at x = -5');
    expect(text.stdout).toContain('learning rate  no fixed learning rate is stable everywhere');
    expect(text.stdout).toContain('away from it (outside 1% of the width) lr below 0.843274 is stable');
    expect(text.stdout).toContain('--line-search armijo');
    expect(text.stdout).toContain('  eigenvalues  ∞\n');
    expect(text.stdout).toContain('  stable lr    none: the curvature is unbounded here');
    expect(text.stdout).not.toContain('not a number');
    expect(text.stdout).not.toContain('stable for lr below');
    const json = runCli(['analyze', 'abs(x)^1.5', '--at', 'x=0', '--json']);
    expect(json.code).toBe(0);
    expect(json.stdout).not.toMatch(/NaN|Infinity/);
    const a = JSON.parse(json.stdout);
    expect(a.curvature.max).toBeNull();
    expect(typeof a.curvature.min).toBe('number');
    expect(a.learningRate.stableBelow).toBeNull();
    expect(a.learningRate.fastest).toBeNull();
    expect(a.curvature.unbounded[0].side).toBe('above');
    expect(a.at.eigenvalues).toEqual([null]);
  });

  it('gradient descent itself: a fixed rate oscillates at (0.75·lr)², Armijo backtracking converges', () => {
    const fixed = JSON.parse(
      runCli(['minimize', 'abs(x)^1.5', '--start', 'x=1', '--lr', '0.1', '--json']).stdout,
    );
    expect(fixed.status).toBe('oscillating');
    expect(Math.abs(fixed.point.x)).toBeCloseTo((0.75 * 0.1) ** 2, 9);
    const searched = JSON.parse(
      runCli(['minimize', 'abs(x)^1.5', '--start', 'x=1', '--lr', '0.1', '--line-search', 'armijo', '--json'])
        .stdout,
    );
    expect(searched.status).toBe('converged');
    expect(Math.abs(searched.point.x)).toBeLessThan(1e-9);
  });
});
