// Run verdicts checked by hand: a slow-rate note only where the curvature met explains the pace; plateaus; a jump off lower ground.

import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../src/expr/index.js';
import { createMethod } from '../../src/optim/create-method.js';
import { minimize } from '../../src/train/minimize.js';

const run = (source: string, start: number[], lr: number, maxIterations: number) =>
  minimize(compileExpression(source), {
    start: Float64Array.from(start),
    method: createMethod('gd', { learningRate: lr }),
    maxIterations,
  });

describe('still descending: what the learning rate has to do with it', () => {
  it('(x − 100)² from 0 at lr 0.001: x = 100·(1 − 0.998^k), L = 2, so lr is small against 1/L = 0.5', () => {
    const r = run('(x-100)^2', [0], 0.001, 2000);
    expect(r.status).toBe('max-iterations');
    expect(r.point[0]).toBeCloseTo(100 * (1 - 0.998 ** 2000), 8);
    expect(r.message).toContain(
      'lr 0.001 is small for the curvature L = 2 met along the way (stable below 2/L = 1, fastest near 1/L = 0.5)',
    );
    expect(r.message).not.toContain('no minimum');
  });

  it('tanh(x) from 1 at lr 0.5: no advice to raise lr to 1/L of the plateau; f may have no minimum that way', () => {
    const r = run('tanh(x)', [1], 0.5, 2000);
    expect(r.status).toBe('max-iterations');
    // The gradient fell from 1 − tanh²(1) = 0.42 to 5e-4; a bowl of curvature L = 0.001 would allow no
    // less than 0.42·(1 − 0.5·0.001)^2000 = 0.15, so the run met more curvature (tanh″ = 0.77 at −0.66).
    expect(r.message).not.toContain('is small for the curvature');
    expect(r.message).toContain('the iterates move steadily outward');
    expect(r.message).toContain(
      'f may have no minimum this way, only a lower value it approaches as ‖x‖ grows',
    );
  });

  it('exp(−x²) from 0.5 at lr 0.5: the same plateau', () => {
    const r = run('exp(-x^2)', [0.5], 0.5, 2000);
    expect(r.message).toContain('f may have no minimum this way');
    expect(r.message).not.toContain('fastest near');
  });
});

describe('stalled above lower ground it left', () => {
  it('1/x from −1 at lr 0.1: −0.9, −0.7765, −0.6107, −0.3426 (f = −2.919), then across the pole to 0.5094', () => {
    const r = run('1/x', [-1], 0.1, 1000);
    expect(r.status).toBe('stalled');
    expect(r.message).toMatch(
      /^no progress in the last 500 steps: the value fell in 500 of them, to 0\.149\d, yet stays above the best value -2\.919 met at iteration 4 — a step carried the run off lower ground and it never turned back \(across a pole/,
    );
  });

  it('x⁴ with momentum from 1 at lr 0.01: it passes 0, turns at −0.375 and creeps back — an overshoot, not a pole', () => {
    // PyTorch's SGD with momentum 0.9 by hand: v ← 0.9·v + 4x³, x ← x − 0.01·v.
    const xs = [1];
    let v = 0;
    for (let k = 0; k < 1000; k++) {
      const x = xs.at(-1)!;
      v = 0.9 * v + 4 * x ** 3;
      xs.push(x - 0.01 * v);
    }
    const bestAt = xs.reduce((b, x, k) => (x ** 4 < xs[b]! ** 4 ? k : b), 0);
    const turnAt = xs.findIndex((x, k) => k > bestAt && x > xs[k - 1]!);
    expect([bestAt, turnAt]).toEqual([12, 29]);
    expect(xs[28]).toBeCloseTo(-0.37504791, 8);
    const r = minimize(compileExpression('x^4'), {
      start: Float64Array.of(1),
      method: createMethod('momentum', { learningRate: 0.01 }),
      maxIterations: 1000,
    });
    expect(r.point[0]).toBeCloseTo(xs[1000]!, 12);
    expect(r.status).toBe('stalled');
    expect(r.message).toContain(
      `yet stays above the best value ${Number((xs[12]! ** 4).toPrecision(4))} met at iteration 12 — the run overshot lower ground (momentum carried it past) and turned back, and the slope back is shallow`,
    );
    expect(r.message).not.toContain('pole');
  });
});

describe('bouncing: oscillating, and why', () => {
  it('x² from 1 at lr 1: x ← (1 − 2·lr)·x = −x, so it bounces between 1 and −1 for ever (lr·L = 2)', () => {
    const r = run('x^2', [1], 1, 1000);
    expect(r.status).toBe('oscillating');
    expect(Math.abs(r.point[0]!)).toBe(1);
    expect(r.message).toBe(
      'the iterates bounce back and forth with no progress: 500 of the last 500 steps reversed direction and the value stayed at 1; lr 1 is the stable limit 2/L = 1 for the curvature L = 2 met along the way: lr·L = 2, so each step there multiplies the distance to the minimum by 1 − lr·L = −1 and the iterates bounce between the same two points for ever — try lr 0.5',
    );
  });

  it('x² from 1 at lr 1.01: |1 − 2.02| = 1.02 a step, so the value grows 1.02² − 1 = 4% a step', () => {
    const r = run('x^2', [1], 1.01, 1000);
    expect(r.status).toBe('diverged');
    expect(r.point[0]).toBeCloseTo(1.02 ** 1000, -1);
    expect(r.message).toContain('about 4% a step');
    expect(r.message).toContain(
      'lr 1.01 is above the stable limit 2/L = 1 for the curvature L = 2 met along the way: lr·L = 2.02 > 2, so each step there multiplies the distance to the minimum by |1 − lr·L| = 1.02 > 1 and the run cannot settle there — try lr 0.5',
    );
  });

  it('sqrt(|x|) from 1 at lr 0.1: it slides to the cusp, overshoots and slides back — oscillating, not still descending', () => {
    // x ← x − 0.1·sign(x)/(2√|x|) by hand: 1, 0.95, 0.8987, …, 0.0202 (step 14), then −0.3316 across the cusp.
    const xs = [1];
    for (let k = 0; k < 1000; k++) {
      const x = xs.at(-1)!;
      xs.push(x - (0.1 * Math.sign(x)) / (2 * Math.sqrt(Math.abs(x))));
    }
    expect(xs[15]).toBeCloseTo(-0.33156345, 6);
    expect(run('sqrt(abs(x))', [1], 0.1, 15).point[0]).toBeCloseTo(xs[15]!, 8);
    // Past that the bounce is chaotic (rounding decides where it lands), so only its kind is checked:
    // by hand, the value rose in 136 of the last 500 steps and its mean is no lower late than early.
    const values = xs.slice(500).map((x) => Math.sqrt(Math.abs(x)));
    expect(values.filter((v, k) => k > 0 && v > values[k - 1]!).length).toBe(136);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(mean(values.slice(251))).toBeGreaterThan(0.5 * mean(values.slice(1, 251)));
    const r = run('sqrt(abs(x))', [1], 0.1, 1000);
    expect(r.status).toBe('oscillating');
    expect(r.message).toMatch(/^the iterates bounce back and forth/);
  });

  it('x·log(x) from 0.5 at lr 1: f″ = e at the minimum 1/e, lr·e > 2, a bounded chaotic bounce (it said "still descending", its value having risen)', () => {
    const r = run('x*log(x)', [0.5], 1, 1000);
    expect(r.status).toBe('oscillating');
    expect(r.message).toMatch(
      /^the iterates bounce back and forth without settling: \d+ of the last 500 steps reversed direction/,
    );
    expect(r.suggestedLr).toBeLessThan(2 / Math.E);
    const retry = run('x*log(x)', [0.5], r.suggestedLr!, 1000);
    expect(retry.status).toBe('converged');
    expect(retry.point[0]).toBeCloseTo(Math.exp(-1), 6);
  });
});

describe('a narrow valley is no plateau', () => {
  it('Rosenbrock from (−1.2, 1) at lr 0.001: moving outward toward (1, 1), yet curved steeply across the valley', () => {
    const r = run('(1-x)^2 + 100*(y-x^2)^2', [-1.2, 1], 0.001, 2000);
    expect(r.status).toBe('max-iterations');
    expect(r.message).toContain('the iterates move steadily outward');
    expect(r.message).not.toContain('no minimum');
    // The Hessian [[1200x² − 400y + 2, −400x], [−400x, 200]] at the best point, its larger eigenvalue.
    const [x, y] = [r.point[0]!, r.point[1]!];
    const [a, b, d] = [1200 * x * x - 400 * y + 2, -400 * x, 200];
    const top = (a + d) / 2 + Math.sqrt(((a - d) / 2) ** 2 + b * b);
    const L = Number(/L = ([\d.]+) at the best point/.exec(r.message)![1]);
    expect(L).toBeCloseTo(top, 0);
    expect(r.message).toContain('a narrow valley whose floor falls gently, which gd follows slowly');
    // And the advice holds: momentum at the same rate gets to within 1e-8 of the minimum in as many steps.
    const momentum = minimize(compileExpression('(1-x)^2 + 100*(y-x^2)^2'), {
      start: Float64Array.of(-1.2, 1),
      method: createMethod('momentum', { learningRate: 0.001 }),
      maxIterations: 2000,
    });
    expect(momentum.value).toBeLessThan(1e-8);
  });
});

describe('no minimum that way', () => {
  it('exp(x) from 0 at lr 0.1: not told lr is small for L = 1 — the gradient faded far slower than a bowl allows', () => {
    const r = run('exp(x)', [0], 0.1, 1000);
    expect(r.status).toBe('max-iterations');
    // A bowl of curvature 1 would leave at most 0.9^1000 = 1.7e-46 of the gradient; exp keeps e^x = 0.0099.
    expect(r.gradientNorm).toBeCloseTo(Math.exp(r.point[0]!), 12);
    expect(r.gradientNorm).toBeGreaterThan(100 * 0.9 ** 1000);
    expect(r.message).not.toContain('is small for the curvature');
    expect(r.message).toContain('f may have no minimum this way');
  });
});
