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
