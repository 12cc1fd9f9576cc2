// analyze's points without a gradient: found from the tree's abs, sqrt and fractional powers, confirmed, listed and used.

import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/diagnose/analyze.js';
import { nondifferentiablePoints, risesAround } from '../../src/diagnose/nondifferentiable.js';
import { compileExpression } from '../../src/expr/index.js';

const box = (...ranges: [number, number][]) => ranges.map(([lo, hi]) => ({ lo, hi }));
const points = (source: string, ...ranges: [number, number][]) =>
  nondifferentiablePoints(compileExpression(source), box(...ranges)).map((d) => [d.kind, d.point]);

describe('nondifferentiablePoints', () => {
  it('finds every crossing and touch of 0 on a line, and confirms each', () => {
    expect(points('abs(x)', [-5, 5])).toEqual([['kink', { x: 0 }]]);
    expect(points('sqrt(x)', [-5, 5])).toEqual([['unbounded', { x: 0 }]]);
    expect(points('x^(1/3)', [-5, 5])).toEqual([['unbounded', { x: 0 }]]);
    expect(points('abs(x - 1) + abs(x + 2)', [-5, 5])).toEqual([
      ['kink', { x: -2 }],
      ['kink', { x: 1 }],
    ]);
    // A double zero (no sign change) and an irrational root.
    expect(points('sqrt((x - 0.3)^2)', [-5, 5])).toEqual([['kink', { x: 0.3 }]]);
    const [[kind, at]] = points('abs(x^2 - 2)', [0.3, 5.7]) as [[string, { x: number }]];
    expect(kind).toBe('kink');
    expect(at.x).toBeCloseTo(Math.SQRT2, 14);
    // abs(sin(3x)) kinks at every multiple of π/3 in [-5, 5]: nine of them.
    const sines = points('abs(sin(3*x))', [-5, 5]) as [string, { x: number }][];
    expect(sines.map(([, p]) => p.x / (Math.PI / 3))).toEqual(
      [-4, -3, -2, -1, 0, 1, 2, 3, 4].map((k) => expect.closeTo(k, 12)),
    );
  });

  it('leaves out removable singular values', () => {
    for (const source of ['abs(x^2)', 'sqrt(x^4)', 'x * abs(x)', 'x^1.5', 'sqrt(x^2 + 1)']) {
      expect(points(source, [-5, 5])).toEqual([]);
    }
  });

  it('gives one point of each zero set with several variables, the one nearest the centre', () => {
    expect(points('abs(x) + y^2', [-5, 5], [-5, 5])).toEqual([['kink', { x: 0, y: 0 }]]);
    expect(points('sqrt(x^2 + y^2)', [-5, 5], [-5, 5])).toEqual([['kink', { x: 0, y: 0 }]]);
    expect(points('sqrt(x^2 + y^2 + z^2)', [-5, 5], [-5, 5], [-5, 5])).toEqual([
      ['kink', { x: 0, y: 0, z: 0 }],
    ]);
    const [[, off]] = points('abs(x - y - 1)', [-5, 5], [-5, 5]) as [[string, { x: number; y: number }]];
    expect(off.x - off.y - 1).toBe(0);
  });
});

describe('risesAround', () => {
  const square = box([-1, 1], [-1, 1]);
  it('tells the bottom of a valley from a kink on a slope, along every direction tried', () => {
    expect(risesAround(compileExpression('sqrt(x^2 + y^2)'), Float64Array.of(0, 0), square)).toBe(true);
    expect(risesAround(compileExpression('abs(x) + abs(y)'), Float64Array.of(0, 0), square)).toBe(true);
    // Rises along both axes (|h|) but falls along the diagonal (|0| − h²): no minimum.
    expect(risesAround(compileExpression('abs(x - y) - x*y'), Float64Array.of(0, 0), square)).toBe(false);
    expect(risesAround(compileExpression('abs(x) + 2*y'), Float64Array.of(0, 0), square)).toBe(false);
  });
});

describe('analyze names the points and uses them', () => {
  it('abs(x): the kink is listed, and is the minimum', () => {
    const a = analyze('abs(x)');
    expect(a.nondifferentiable.map((d) => d.reason)).toEqual([
      'f is not differentiable at x = 0: abs has a kink where x = 0 — along x its slope is -1 to the left and 1 to the right',
    ]);
    expect(a.minima).toEqual([{ point: { x: 0 }, value: 0, differentiable: false }]);
  });

  it("sqrt(x): sqrt'(0) is unbounded at the domain's edge, which is the minimum", () => {
    const a = analyze('sqrt(x)');
    expect(a.nondifferentiable).toHaveLength(1);
    expect(a.nondifferentiable[0]).toMatchObject({ kind: 'unbounded', rule: 'sqrt', point: { x: 0 } });
    expect(a.nondifferentiable[0]!.reason).toContain("sqrt'(0) is unbounded");
    expect(a.minima).toEqual([{ point: { x: 0 }, value: 0, differentiable: false }]);
  });

  it('sqrt(x^2 + y^2): the cone tip is the minimum, and its unbounded curvature sets no learning rate', () => {
    const a = analyze('sqrt(x^2 + y^2)');
    expect(a.nondifferentiable.map((d) => d.point)).toEqual([{ x: 0, y: 0 }]);
    expect(a.minima).toEqual([{ point: { x: 0, y: 0 }, value: 0, differentiable: false }]);
    // Curvature is 1/r at distance r from the tip; 1% of the width (0.1) is left out around it.
    expect(a.curvature.max).toBeLessThanOrEqual(10 + 1e-9);
    expect(a.learningRate.stableBelow).toBeGreaterThan(0.19);
  });

  it('at a point: the point report says why the gradient there is not a derivative', () => {
    const at = analyze('abs(x) + y^2', { at: Float64Array.of(0, 1) }).at!;
    expect(at.differentiability).toMatchObject({ kind: 'kink', rule: 'abs', point: { x: 0, y: 1 } });
    const cusp = analyze('sqrt(x)', { at: Float64Array.of(0) }).at!;
    expect(cusp.gradient.x).toBe(Number.POSITIVE_INFINITY);
    expect(cusp.differentiability?.kind).toBe('unbounded');
    expect(analyze('x^2', { at: Float64Array.of(1) }).at!.differentiability).toBeUndefined();
  });

  it('a smooth function has none', () => {
    expect(analyze('x^2 - 4*x + 1').nondifferentiable).toEqual([]);
  });
});
