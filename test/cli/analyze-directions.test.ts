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
