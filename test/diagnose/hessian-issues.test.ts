// Hessian entries that are not finite at a point each say why, from the walk over the first derivative.

import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/diagnose/analyze.js';
import { hessianIssues } from '../../src/diagnose/hessian-issues.js';
import { compileExpression } from '../../src/expr/expression.js';
import { runCli } from '../cli/run-cli.js';

function issuesAt(source: string, point: number[]) {
  const f = compileExpression(source);
  const x = Float64Array.from(point);
  const h = new Float64Array(x.length ** 2);
  f.hessian(x, h);
  return { h: [...h], issues: hessianIssues(f, x, h) };
}

describe('hessianIssues', () => {
  it('x^1.5 + y^2 at x = 0: the gradient is finite, ∂²f/∂x² = 0.75/√x is not, and sqrt′(0) is named', () => {
    const { h, issues } = issuesAt('x^1.5 + y^2', [0, 1]);
    expect(h).toEqual([Number.POSITIVE_INFINITY, 0, 0, 2]);
    expect(issues).toEqual([
      {
        row: 'x',
        column: 'x',
        value: '∞',
        reason:
          "∂f/∂x = 3 * sqrt(x) / 2 has no finite slope at (x = 0, y = 1): sqrt'(0) is unbounded; ∂f/∂x is undefined on one side of it",
      },
    ]);
  });

  it('an off-diagonal entry once, above the diagonal: sqrt(x)·y at the origin', () => {
    const { h, issues } = issuesAt('sqrt(x)*y', [0, 0]);
    expect(h[1]).toBe(Number.POSITIVE_INFINITY);
    expect(issues.map((i) => [i.row, i.column])).toEqual([['x', 'y']]);
    expect(issues[0]!.reason).toBe(
      '∂f/∂x = y / (2 * sqrt(x)) is not defined at (x = 0, y = 0): y / (2 * sqrt(x)) is not a number there',
    );
  });

  it('none where the Hessian is finite', () => {
    expect(issuesAt('x^2 - 4*x + 1', [3]).issues).toEqual([]);
    expect(issuesAt('x^1.5 + y^2', [4, 1]).issues).toEqual([]);
  });
});

describe('analyze at a point', () => {
  it('lists the issues beside the Hessian, and the CLI prints each under it and nulls in JSON', () => {
    const report = analyze('x^2*log(x^2)', { at: Float64Array.of(0) });
    expect(report.at?.hessianIssues).toEqual([
      {
        row: 'x',
        column: 'x',
        value: '-∞',
        reason: '∂f/∂x = 2 * x * log(x ^ 2) + 2 * x is not defined at x = 0: log(x ^ 2) is -∞ there',
      },
    ]);
    expect(analyze('x^2', { at: Float64Array.of(1) }).at?.hessianIssues).toBeUndefined();
    const text = runCli(['analyze', 'sqrt(x^2+y^2)', '--at', 'x=0,y=0']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      '               ∂²f/∂x² is ∞: ∂f/∂x = x / sqrt(x ^ 2 + y ^ 2) is not defined at (x = 0, y = 0): x / sqrt(x ^ 2 + y ^ 2) is not a number there\n',
    );
    const json = JSON.parse(runCli(['analyze', 'sqrt(x)*y', '--at', 'x=0,y=0', '--json']).stdout);
    expect(json.at.hessian).toEqual([
      [0, null],
      [null, 0],
    ]);
    expect(json.at.hessianIssues.map((i: { row: string; column: string }) => `${i.row}${i.column}`)).toEqual([
      'xy',
    ]);
  });
});

describe('powers of abs at its kink: both sides’ curvature, hand-worked', () => {
  const hessianAt = (source: string, point: number[]) => issuesAt(source, point).h;

  it('|x|^1.5 at 0: ∂²f/∂x² = 0.75·|x|^−0.5 is unbounded (it was 0), named as the power’s curvature; 1.5 at x = ±0.25', () => {
    const { h, issues } = issuesAt('abs(x)^1.5', [0]);
    expect(h).toEqual([Number.POSITIVE_INFINITY]);
    expect(issues).toEqual([
      {
        row: 'x',
        column: 'x',
        value: '∞',
        reason: 'the curvature of abs(x) ^ 1.5 is unbounded where abs(x) = 0, though its slope is 0 there',
      },
    ]);
    expect(hessianAt('abs(x)^1.5', [0.25])[0]).toBeCloseTo(0.75 / Math.sqrt(0.25), 14);
    expect(hessianAt('abs(x)^1.5', [-0.25])[0]).toBeCloseTo(0.75 / Math.sqrt(0.25), 14);
    // Under both variables of a mixed entry: (x − y)'s kink.
    const mixed = issuesAt('abs(x - y)^1.5', [1, 1]);
    expect(mixed.h).toEqual([Infinity, -Infinity, -Infinity, Infinity]);
    expect(mixed.issues.map((i) => `${i.row}${i.column} ${i.value}`)).toEqual(['xx ∞', 'xy -∞', 'yy ∞']);
  });

  it('|x|^0.5 at 0: the gradient is unbounded and the curvature −∞; |x|², |x|·|x| and |x|³ have 2, 2 and 0', () => {
    expect(hessianAt('abs(x)^0.5', [0])).toEqual([Number.NEGATIVE_INFINITY]);
    expect(compileExpression('abs(x)^0.5').differentiability(Float64Array.of(0))?.kind).toBe('unbounded');
    expect(issuesAt('abs(x)^2', [0])).toEqual({ h: [2], issues: [] });
    expect(issuesAt('abs(x)*abs(x)', [0])).toEqual({ h: [2], issues: [] });
    expect(issuesAt('abs(x)^3', [0])).toEqual({ h: [0], issues: [] });
    // (x − y)² through its kink: the constant Hessian [[2, −2], [−2, 2]].
    expect(hessianAt('abs(x - y)^2', [0.5, 0.5])).toEqual([2, -2, -2, 2]);
    // x·|x| has second derivatives −2 and 2 on its two sides: the mean, 0, as the gradient takes abs's slope 0.
    expect(hessianAt('x*abs(x)', [0])).toEqual([0]);
    // Away from the kink nothing changes: |x|³ has 6|x|.
    expect(hessianAt('abs(x)^3', [-2])).toEqual([12]);
  });

  it('analyze at the kink: the minimum is kept, and the text says the curvature is unbounded there', () => {
    expect(analyze('abs(x)^1.5').minima.map((m) => m.point)).toEqual([{ x: 0 }]);
    const text = runCli(['analyze', 'abs(x)^1.5', '--at', 'x=0']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      '  Hessian      [∞]\n               ∂²f/∂x² is ∞: the curvature of abs(x) ^ 1.5 is unbounded where abs(x) = 0, though its slope is 0 there\n',
    );
    expect(text.stdout).toContain('  stable lr    none: the curvature is unbounded here\n');
  });
});
