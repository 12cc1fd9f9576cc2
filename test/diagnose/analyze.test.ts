// analyze() and `downhill analyze`: CONTRACT's object for the seed function, and the command in-process.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { analyzeCommand } from '../../src/cli/analyze.js';
import { analyze } from '../../src/diagnose/analyze.js';
import { InputError } from '../../src/errors.js';

describe('analyze()', () => {
  it("gives CONTRACT's example for x² − 4x + 1 exactly", () => {
    const a = analyze('x^2 - 4*x + 1');
    expect({
      variables: a.variables,
      derivatives: a.derivatives,
      convexity: a.convexity,
      curvature: { max: a.curvature.max, min: a.curvature.min },
      learningRate: a.learningRate,
      minima: a.minima,
    }).toEqual({
      variables: ['x'],
      derivatives: { gradient: { x: '2 * x - 4' }, hessian: [['2']] },
      convexity: { verdict: 'convex', reason: 'the second derivative is 2 > 0 everywhere' },
      curvature: { max: 2, min: 2 },
      learningRate: { stableBelow: 1.0, fastest: 0.5 },
      minima: [{ point: { x: 2 }, value: -3 }],
    });
    expect(a.domain).toEqual({ x: [-5, 5] });
    expect(a.at).toBeUndefined();
  });

  it('quadratic forms: curvature is the eigenvalues of A and the stable rate 2/λmax', () => {
    // ½xᵀAx with A = [[3, 1], [1, 3]]: eigenvalues 2 and 4.
    const a = analyze('1.5*x^2 + x*y + 1.5*y^2');
    expect(a.curvature).toMatchObject({ max: 4, min: 2, exact: true });
    expect(a.learningRate).toEqual({ stableBelow: 0.5, fastest: 0.25 });
    expect(a.convexity.verdict).toBe('convex');
  });

  it('describes a point with --at: value, gradient, Hessian, eigenvalues and the local stable rate', () => {
    const a = analyze('(1-x)^2 + 100*(y-x^2)^2', { at: Float64Array.of(1, 2) });
    // f = 100, ∇f = (−2(1−x) − 400x(y−x²), 200(y−x²)) = (−400, 200); H = [[2 − 400y + 1200x², −400x], [−400x, 200]].
    const radius = Math.hypot(101, 400);
    expect(a.at).toEqual({
      point: { x: 1, y: 2 },
      value: 100,
      gradient: { x: -400, y: 200 },
      hessian: [
        [402, -400],
        [-400, 200],
      ],
      eigenvalues: [expect.closeTo(301 - radius, 9), expect.closeTo(301 + radius, 9)],
      stableBelow: expect.closeTo(2 / (301 + radius), 12),
    });
  });

  it('honours the domain: x³ is convex on [0, 5], where 0 is its minimum (on [−5, 5] it has none)', () => {
    const a = analyze('x^3', { domain: [[0, 5]] });
    expect(a.convexity.verdict).toBe('convex');
    expect(a.curvature.max).toBe(30);
    expect(a.minima).toEqual([{ point: { x: 0 }, value: 0 }]);
    expect(analyze('x^3').minima).toEqual([]);
  });

  it('gives null learning rates where no curvature is positive', () => {
    expect(analyze('-x^2').learningRate).toEqual({
      stableBelow: null,
      fastest: null,
      // −x² has no minimum either: it is lowest at the box's ends, −25 at ±5.
      reason:
        "no minimum was found inside the domain, so there is none for gradient descent to converge to: f is lowest at x = -5 (f = -25) of the points sampled, on the box's edge, and gradient descent heads for lower ground, out of the box if it can; no positive curvature was found, so curvature sets no limit on the learning rate",
    });
  });
});

describe('downhill analyze (in-process)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const run = async (argv: string[]): Promise<string> => {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    await analyzeCommand.run(argv);
    return out;
  };

  it('prints the JSON object with --json', async () => {
    const result = JSON.parse(await run(['x^2 - 4*x + 1', '--json']));
    expect(result).toMatchObject({
      variables: ['x'],
      derivatives: { gradient: { x: '2 * x - 4' }, hessian: [['2']] },
      convexity: { verdict: 'convex', reason: 'the second derivative is 2 > 0 everywhere' },
      curvature: { max: 2, min: 2 },
      learningRate: { stableBelow: 1, fastest: 0.5 },
      minima: [{ point: { x: 2 }, value: -3 }],
    });
  });

  it('reads --domain and --at', async () => {
    const result = JSON.parse(
      await run(['x^4 - 3*x^2', '--domain', 'x=-0.5:0.5', '--at', 'x=0.25', '--json']),
    );
    expect(result.domain).toEqual({ x: [-0.5, 0.5] });
    expect(result.convexity.verdict).toBe('not-convex');
    expect(result.at.value).toBeCloseTo(0.25 ** 4 - 3 * 0.25 ** 2, 15);
    expect(result.at.stableBelow).toBeNull();
  });

  it('prints learning-rate advice in words by default', async () => {
    const text = await run(['x^2 - 4*x + 1']);
    expect(text).toContain('gradient descent is stable for lr below 1 and fastest near 0.5');
    expect(text).toContain('convex: the second derivative is 2 > 0 everywhere');
    expect(text).toContain('∂f/∂x = 2 * x - 4');
    expect(text).toMatch(/x = 2 +f = -3/);
  });

  it('has help with examples', () => {
    expect(analyzeCommand.help).toMatch(/Examples:\n\s+downhill analyze/);
    expect(analyzeCommand.help).toContain('--domain');
    expect(analyzeCommand.help).toContain('--at');
  });

  it.each([
    [['x^2', '--domain', 'z=0:1'], /--domain: "z" is not a variable/],
    [['x^2', '--domain', 'x=1:0'], /--domain: .*LO < HI/],
    [['x^2', '--domain', 'x=a:1'], /--domain/],
    [['x^2', '--at', 'x=oops'], /--at/],
    [['x^2', '--bogus'], /unknown flag --bogus/],
    [['x^', '--json'], /column 3/],
    [[], /missing EXPR/],
  ])('refuses %j as bad input naming what is wrong', async (argv, message) => {
    await expect(run(argv)).rejects.toThrow(InputError);
    await expect(run(argv)).rejects.toThrow(message);
  });
});

describe('analyze() on poles and partial domains', () => {
  it('1/x: names the pole at 0, where f″ = 2/x³ is unbounded: no stable rate, only one away from it (±2000 at |x| = 0.1)', () => {
    const a = analyze('1/x');
    expect(a.domainIssues).toEqual([{ kind: 'pole', where: { x: [0, 0] }, reason: 'f has a pole at x = 0' }]);
    expect(a.curvature.max).toBeNull();
    expect(a.curvature.maxAt).toEqual({ x: 0 });
    expect(a.learningRate.stableBelow).toBeNull();
    expect(a.learningRate.awayFromUnbounded?.stableBelow).toBeCloseTo(2 / 2000, 12);
    expect(a.convexity.verdict).toBe('not-convex');
  });

  it('log(x) and sqrt(x): the undefined half, to the last digit, with open or closed ends', () => {
    expect(analyze('log(x)').domainIssues.map((i) => i.reason)).toEqual(['f is undefined for x in [-5, 0]']);
    expect(analyze('sqrt(x)').domainIssues.map((i) => i.reason)).toEqual(['f is undefined for x in [-5, 0)']);
    expect(analyze('log(x)').learningRate.stableBelow).toBeNull();
  });

  it('finds poles between grid points: tan(x) at ±π/2 and ±3π/2, 1/(x - 0.3) at 0.3', () => {
    const tan = analyze('tan(x)').domainIssues.map((i) => i.where!.x![0]);
    const expected = [-3, -1, 1, 3].map((k) => (k * Math.PI) / 2);
    expect(tan).toHaveLength(4);
    // Pinned by the sign change of tan across the pole: within two ulps of the double nearest kπ/2
    // (tan's interval bound alone leaned 1.6e-9 below π/2).
    for (const [k, pole] of tan.entries()) {
      expect(Math.abs(pole - expected[k]!)).toBeLessThanOrEqual(2 * Number.EPSILON * Math.abs(expected[k]!));
    }
    const shifted = analyze('1/(x - 0.3)').domainIssues;
    expect(shifted.map((i) => i.kind)).toEqual(['pole']);
    expect(Math.abs(shifted[0]!.where!.x![0] - 0.3)).toBeLessThan(1e-12);
  });

  it('a removable hole is undefined, not a pole; a smooth function has no issue', () => {
    expect(analyze('x/x').domainIssues.map((i) => i.reason)).toEqual(['f is undefined at x = 0']);
    expect(analyze('x^2 - 4*x + 1').domainIssues).toEqual([]);
    expect(analyze('1/(1 + x^2)').domainIssues).toEqual([]);
  });

  it('with several variables, the share of the box where f is undefined', () => {
    const [issue] = analyze('log(x) + y^2').domainIssues;
    expect(issue?.kind).toBe('undefined');
    expect(issue?.fraction).toBeGreaterThan(0.45);
    expect(issue?.fraction).toBeLessThan(0.55);
    expect(issue?.example?.x).toBeLessThanOrEqual(0);
  });
});
