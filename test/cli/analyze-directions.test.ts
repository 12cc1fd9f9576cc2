// `downhill analyze --at P --directions`: CONTRACT's directions fields, the same numbers as directions().

import { describe, expect, it } from 'vitest';
import { directions } from '../../src/diagnose/directions.js';
import { compileExpression } from '../../src/expr/expression.js';
import { runCli } from './run-cli.js';

describe('downhill analyze --directions', () => {
  it('prints the 24 directions and the steepest at 180°, equal to the library function', () => {
    const out = runCli([
      'analyze',
      'x^2 + 10*y^2',
      '--at',
      'x=1,y=1',
      '--directions',
      '--lr',
      '0.05',
      '--json',
    ]);
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(json.directions).toHaveLength(24);
    expect(json.steepest.angle).toBe(180);
    expect(json.directions[12]).toEqual(json.steepest);
    const lib = directions(compileExpression('x^2 + 10*y^2'), Float64Array.of(1, 1), { learningRate: 0.05 });
    expect(json.directions).toEqual(lib.directions);
    // The analysis fields stay as they were.
    expect(json.convexity.verdict).toBe('convex');
    expect(json.at.gradient).toEqual({ x: 2, y: 20 });
  });

  it('a step that leaves the domain of f is said so, with a smaller step that stays in it, not "not a number%"', () => {
    // sqrt(x) at 0.001, η = 1: 0.001 − 1 < 0. Halving from ½ until the first-order estimate holds within 10%:
    // at η, f changes by √(0.001 − η) − √0.001 against −η/(2√0.001); 0.00022 (rounded down) is the first that holds.
    const out = runCli(['analyze', 'sqrt(x)', '--at', 'x=0.001', '--directions', '--lr', '1']);
    expect(out.code).toBe(0);
    expect(out.stdout).not.toContain('number%');
    expect(out.stdout).toContain(
      "at step 1 against the gradient f is not a number (the step leaves f's domain)",
    );
    const eta = 0.00022;
    const estimate = -eta / (2 * Math.sqrt(0.001));
    expect(
      Math.abs(Math.sqrt(0.001 - eta) - Math.sqrt(0.001) - estimate) / Math.abs(estimate),
    ).toBeLessThanOrEqual(0.1);
    expect(out.stdout).toContain(`a step of ${eta} keeps f defined`);
  });

  it('at a kink with the gradient 0 it does not say f moves only by its curvature', () => {
    const out = runCli(['analyze', 'abs(x)', '--at', 'x=0', '--directions']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('the gradient the rules pick is 0 here');
    expect(out.stdout).not.toContain('moves only by its curvature');
  });

  it('defaults η to 0.1 and has only 0° and 180° in one variable', () => {
    const json = JSON.parse(
      runCli(['analyze', 'x^2 - 4*x + 1', '--at', 'x=9', '--directions', '--json']).stdout,
    );
    expect(json.learningRate.stableBelow).toBe(1);
    expect(json.directions.map((d: { angle: number }) => d.angle)).toEqual([0, 180]);
    // f′(9) = 14; f(9.1) − f(9) = 1.41 and f(8.9) − f(9) = −1.39.
    expect(json.directions[0].firstOrder).toBeCloseTo(1.4, 12);
    expect(json.directions[0].actual).toBeCloseTo(1.41, 12);
    expect(json.steepest.firstOrder).toBeCloseTo(-1.4, 12);
    expect(json.steepest.actual).toBeCloseTo(-1.39, 12);
  });

  it('the summary shows the table with the steepest row marked', () => {
    const out = runCli(['analyze', 'x^2 + y^2', '--at', 'x=1,y=1', '--directions']);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/180°\s+-0\.282843\s+-0\.272843\s+steepest first-order descent/);
  });

  it('refuses --directions without --at, --lr without --directions and a step that is not positive', () => {
    for (const args of [
      ['analyze', 'x^2', '--directions'],
      ['analyze', 'x^2', '--at', 'x=1', '--lr', '0.1'],
      ['analyze', 'x^2', '--at', 'x=1', '--directions', '--lr', '0'],
    ]) {
      const out = runCli(args);
      expect(out.code).toBe(2);
      expect(out.stderr).toMatch(/--directions|--lr/);
      expect(out.stdout).toBe('');
    }
  });
});
