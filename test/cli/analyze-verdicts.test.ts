// `downhill analyze` as a person reads it: a reason that qualifies a stable rate is printed beside it.

import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const line = (text: string, start: string): string | undefined =>
  text.split('\n').find((l) => l.startsWith(start));

describe('analyze prints the learning-rate reason', () => {
  it('abs(x) + x²: 2/L = 1 (f″ = 2) and the kink at 0 that keeps a fixed rate from converging', () => {
    const r = runCli(['analyze', 'abs(x) + x^2']);
    expect(r.code).toBe(0);
    expect(line(r.stdout, 'learning rate')).toMatch(
      /^learning rate {2}below 2\/L = 1 gradient descent does not diverge; yet the minimum at x = 0 is a kink .* about lr × 1 \(lr times the slope beside it\) away/,
    );
  });

  it('x² − 4x + 1: no reason, the plain stable and fastest rates (2/2 and 1/2)', () => {
    const r = runCli(['analyze', 'x^2 - 4*x + 1']);
    expect(line(r.stdout, 'learning rate')).toBe(
      'learning rate  gradient descent is stable for lr below 1 and fastest near 0.5',
    );
  });
});

describe('analyze prints what no minimum and a pole mean', () => {
  it('tanh(x): no minimum, so no "fastest near": 2/L = 3√3/2 = 2.59808 bounds only each step', () => {
    const r = runCli(['analyze', 'tanh(x)']);
    const text = line(r.stdout, 'learning rate')!;
    expect(text).toMatch(/^learning rate {2}no minimum was found inside the domain/);
    expect(text).toContain('below 2/L = 2.59808 each step still lowers f');
    expect(text).not.toContain('fastest near');
    const json = JSON.parse(runCli(['analyze', 'tanh(x)', '--json']).stdout);
    // CONTRACT's fields keep their definitions: 2/max and 1/max.
    expect(json.learningRate.stableBelow).toBeCloseTo((3 * Math.sqrt(3)) / 2, 5);
    expect(json.learningRate.fastest).toBeCloseTo((3 * Math.sqrt(3)) / 4, 5);
  });

  it('tan(x) on [−100, 100]: its 64 poles in one clause, by count, outermost two and spacing π', () => {
    const r = runCli(['analyze', 'tan(x)', '--domain', 'x=-100:100']);
    expect(r.code).toBe(0);
    // −31.5π and 31.5π are the outermost odd multiples of π/2 inside ±100.
    expect(line(r.stdout, 'domain')).toBe(
      'domain         f has 64 poles from x = -98.9602 to x = 98.9602, one every 3.14159; the rest is analyzed (curvature leaves out 1% of the width next to each of these)',
    );
    // No minimum to reach, so no line search or schedule is offered; beside a minimum (1/x² + x²) one is.
    expect(r.stdout).not.toContain('with minimize');
    expect(runCli(['analyze', '1/x^2 + x^2']).stdout).toContain(
      'with minimize: --line-search armijo or --schedule exp:0.99',
    );
    // Four or fewer are each named.
    expect(line(runCli(['analyze', 'tan(x)']).stdout, 'domain')).toContain(
      'f has a pole at x = -4.71239; f has a pole at x = -1.5708; f has a pole at x = 1.5708; f has a pole at x = 4.71239;',
    );
  });

  it('1/x: the curvature is unbounded near the pole, and no rate is called stable', () => {
    const r = runCli(['analyze', '1/x']);
    expect(line(r.stdout, 'curvature')).toMatch(
      /^curvature {6}largest unbounded near x = 0, smallest unbounded near x = 0/,
    );
    expect(line(r.stdout, 'learning rate')).toMatch(
      /^learning rate {2}f falls without bound toward the pole at x = 0 .*no fixed learning rate is stable everywhere$/,
    );
    expect(r.stdout).toContain('away from it (outside 1% of the width) lr below 0.001 is stable');
    const json = JSON.parse(runCli(['analyze', '1/x', '--json']).stdout);
    expect(json.learningRate.stableBelow).toBeNull();
    expect(json.curvature.max).toBeNull();
  });
});

describe('analyze --directions judges the step size against f', () => {
  it('x⁴ at 1, η = 1: 75% off (−1 against −4); 0.065 keeps it within 10% (9.3%), where the quadratic guess 0.13 is 18% off', () => {
    const r = runCli(['analyze', 'x^4', '--at', 'x=1', '--directions', '--lr', '1']);
    expect(r.stdout).toContain(
      'at step 1 the first-order estimate against the gradient is 75% off; a step of 0.065 keeps it within 10% (checked against f)',
    );
    const json = JSON.parse(
      runCli(['analyze', 'x^4', '--at', 'x=1', '--directions', '--lr', '1', '--json']).stdout,
    );
    expect(json.stepVerdict).toEqual({
      status: 'too-large',
      relativeError: 0.75,
      overshoots: false,
      suggestedStepSize: 0.065,
    });
  });
});
