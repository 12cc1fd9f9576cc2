// `downhill minimize` and `analyze` at points with no ordinary gradient: the text and the JSON say where and why.

import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

function json(args: string[]) {
  const r = runCli(['minimize', ...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe('minimize where the derivative does not exist', () => {
  it.each([
    ['sqrt(x)', 'x=0', 'stalled', 'unbounded', "f is not differentiable at x = 0: sqrt'(0) is unbounded"],
    [
      'x^(1/3)',
      'x=0',
      'stalled',
      'unbounded',
      'f is not differentiable at x = 0: the slope of x ^ (1 / 3) is unbounded',
    ],
    ['abs(x)', 'x=0', 'converged', 'kink', 'f is not differentiable at x = 0: abs has a kink where x = 0'],
    ['sqrt(x^2 + y^2)', 'x=0,y=0', 'converged', 'kink', 'f is not differentiable at (x = 0, y = 0)'],
    ['-abs(x)', 'x=0', 'stalled', 'kink', 'so the point is not a minimum'],
  ])('%s from %s: %s, %s, named in text and JSON', (expr, start, status, kind, words) => {
    const run = json([expr, '--start', start]);
    expect(run.status).toBe(status);
    expect(run.message).toContain(words);
    expect(run.differentiability.kind).toBe(kind);
    expect(run.differentiability.reason.length).toBeGreaterThan(0);
    // CONTRACT's fields keep their meaning: a gradient that is not finite is null, and so is its norm.
    if (kind === 'unbounded') {
      expect(Object.values(run.gradient)).toEqual([null]);
      expect(run.gradientNorm).toBeNull();
    }
    const text = runCli(['minimize', expr, '--start', start]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`status       ${status}`);
    expect(text.stdout).toContain(words);
  });

  it('abs(x) + y^2 from (0, 1): the run ends on the kink line and says so', () => {
    const run = json(['abs(x) + y^2', '--start', 'x=0,y=1']);
    expect(run.point.x).toBe(0);
    expect(run.differentiability).toMatchObject({ kind: 'kink', rule: 'abs', at: 'abs(x)' });
    expect(run.message).toContain('abs has a kink where x = 0');
  });

  it('compare carries it for each run', () => {
    const r = runCli(['compare', 'sqrt(x)', '--start', 'x=0', '--optimizer', 'gd,adam', '--json']);
    expect(r.code).toBe(0);
    const { runs } = JSON.parse(r.stdout);
    expect(runs.map((run: { status: string }) => run.status)).toEqual(['stalled', 'stalled']);
    for (const run of runs) expect(run.differentiability.rule).toBe('sqrt');
  });

  it('an ordinary run has no differentiability field', () => {
    expect(json(['x^2 - 4*x + 1', '--start', 'x=9', '--lr', '0.1']).differentiability).toBeUndefined();
  });
});

describe('analyze where the derivative does not exist', () => {
  it('abs(x) and sqrt(x): the point, the reason, and the minimum marked', () => {
    const abs = runCli(['analyze', 'abs(x)']);
    expect(abs.code).toBe(0);
    expect(abs.stdout).toContain(
      'not smooth     f is not differentiable at x = 0: abs has a kink where x = 0',
    );
    expect(abs.stdout).toMatch(/minima\n {2}x = 0 {4}f = 0 {4}\(f is not differentiable here\)/);
    const sqrt = runCli(['analyze', 'sqrt(x)', '--json']);
    expect(sqrt.code).toBe(0);
    const report = JSON.parse(sqrt.stdout);
    expect(report.nondifferentiable).toHaveLength(1);
    expect(report.nondifferentiable[0]).toMatchObject({ kind: 'unbounded', rule: 'sqrt', point: { x: 0 } });
    expect(report.minima).toEqual([{ point: { x: 0 }, value: 0, differentiable: false }]);
  });

  it('--at a cusp: the gradient is null in JSON and the point report says why', () => {
    const r = runCli(['analyze', 'sqrt(x)', '--at', 'x=0', '--json']);
    expect(r.code).toBe(0);
    const { at } = JSON.parse(r.stdout);
    expect(at.gradient).toEqual({ x: null });
    expect(at.differentiability.reason).toBe(
      "f is not differentiable at x = 0: sqrt'(0) is unbounded; f is undefined on one side of it",
    );
    const text = runCli(['analyze', 'abs(x) + y^2', '--at', 'x=0,y=1']);
    expect(text.stdout).toContain(
      '  not smooth   f is not differentiable at (x = 0, y = 1): abs has a kink where x = 0',
    );
  });

  it('sqrt(x^2 + y^2): the cone tip is named and is the minimum', () => {
    const r = runCli(['analyze', 'sqrt(x^2 + y^2)', '--json']);
    const report = JSON.parse(r.stdout);
    expect(report.nondifferentiable.map((d: { point: unknown }) => d.point)).toEqual([{ x: 0, y: 0 }]);
    expect(report.minima[0]).toEqual({ point: { x: 0, y: 0 }, value: 0, differentiable: false });
  });
});
