// A run that stalls a hair beside a kink names the kink, though the point it stopped at has an ordinary gradient.

import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../src/expr/expression.js';
import { createMethod } from '../../src/optim/create-method.js';
import { minimize } from '../../src/train/minimize.js';
import { runCli } from '../cli/run-cli.js';

describe('stalled beside a kink', () => {
  it('newton on abs(x − 1) + abs(y + 2) stops within 1e-8 of (1, −2) and names the kink there', () => {
    const f = compileExpression('abs(x - 1) + abs(y + 2)');
    const run = minimize(f, { start: Float64Array.of(1.3, -0.7), method: createMethod('newton') });
    expect(run.status).toBe('stalled');
    expect(Math.abs(run.point[0]! - 1)).toBeLessThan(1e-8);
    expect(Math.abs(run.point[1]! + 2)).toBeLessThan(1e-8);
    // The end point is off the kink: its gradient is the ordinary (±1, ±1).
    expect(f.differentiability(run.point)).toBeNull();
    expect(run.message).toMatch(
      /; it stopped \S+ from a point where f has no gradient — f is not differentiable at /,
    );
    expect(run.message).toContain('kink where x - 1 = 0');
    const distance = Number(/it stopped (\S+) from/.exec(run.message)![1]);
    expect(distance).toBeGreaterThan(0);
    expect(distance).toBeLessThan(1e-8);
  });

  it('from the CLI, on abs(x) + abs(y)', () => {
    const run = runCli([
      'minimize',
      'abs(x)+abs(y)',
      '--start',
      'x=1.3,y=-0.7',
      '--optimizer',
      'newton',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.status).toBe('stalled');
    expect(json.message).toContain(
      'from a point where f has no gradient — f is not differentiable at (x = 0',
    );
    expect(json.message).toContain('abs has a kink where x = 0');
  });

  it('says nothing of kinks where there are none near: a smooth function that stalls', () => {
    // gd whose rate a schedule drives to nothing stalls on a smooth bowl, far from any kink.
    const f = compileExpression('x^2 + abs(y - 40)');
    const run = minimize(f, {
      start: Float64Array.of(3, 0),
      method: createMethod('gd', { learningRate: 0.1, schedule: { kind: 'exp', factor: 0.01 } }),
      tol: 1e-8,
    });
    expect(run.status).toBe('stalled');
    expect(run.message).not.toContain('no gradient');
  });
});
