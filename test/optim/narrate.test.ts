// narrateStep: every catalog optimizer's narrated step lands where its method does, and its sub-steps are the real state.

import { describe, expect, it } from 'vitest';
import {
  chain,
  compileExpression,
  createMethod,
  minimize,
  narrateStep,
  narrateSteps,
  type OptimizerName,
  optimizerCatalog,
  optimizerNames,
  scaleByAdam,
  scaleByLearningRate,
  substituteNumbers,
} from '../../src/index.js';
import type { Method, Objective } from '../../src/optim/method.js';
import type { ScaleByAdamState } from '../../src/optim/scale-by-adam.js';

const rosen = compileExpression('(1-x)^2 + 10*(y-x^2)^2');
const bowl = compileExpression('x^2 + y^2');
const start = Float64Array.of(-1.2, 1);

/** A line fit y ≈ m·x + c as a sum of squares, with its residuals for lm. */
function lineObjective(): Objective {
  const xs = [0.5, 1, 1.5, 2, 2.5, 3];
  const ys = [1.9, 3.2, 3.6, 5.1, 5.8, 7.2];
  const residuals = (p: Float64Array, out: Float64Array): void => {
    xs.forEach((x, i) => {
      out[i] = ys[i]! - (p[0]! * x + p[1]!);
    });
  };
  const r = new Float64Array(xs.length);
  return {
    dimension: 2,
    value(p) {
      residuals(p, r);
      return r.reduce((s, v) => s + v * v, 0);
    },
    valueAndGradient(p, grad) {
      residuals(p, r);
      grad[0] = -2 * xs.reduce((s, x, i) => s + x * r[i]!, 0);
      grad[1] = -2 * r.reduce((s, v) => s + v, 0);
      return r.reduce((s, v) => s + v * v, 0);
    },
    leastSquares: {
      residualCount: xs.length,
      dimension: 2,
      residuals,
      jacobian(_p, out) {
        xs.forEach((x, i) => {
          out[i] = -x;
          out[i + xs.length] = -1;
        });
      },
    },
  };
}

/** x ← x + step, `steps` times: the points visited, the start first. */
function stepByHand(method: Method, objective: Objective, from: Float64Array, steps: number): Float64Array {
  const n = from.length;
  const x = Float64Array.from(from);
  const g = new Float64Array(n);
  const points = new Float64Array((steps + 1) * n);
  points.set(x);
  let state = method.init(x, objective);
  for (let k = 1; k <= steps; k++) {
    const value = objective.valueAndGradient(x, g);
    const [step, next] = method.step(x, value, g, state, objective);
    state = next;
    for (let i = 0; i < n; i++) x[i] = x[i]! + step[i]!;
    points.set(x, k * n);
  }
  return points;
}

const optionsFor = (name: OptimizerName): Record<string, number> =>
  optimizerCatalog[name].usesLearningRate ? { learningRate: name === 'adadelta' ? 1 : 0.01 } : {};

describe('narrateStep', () => {
  it('has a rule with words for every optimizer of the catalog', () => {
    for (const name of optimizerNames) {
      const rule = optimizerCatalog[name].rule;
      expect(rule.latex.length, name).toBeGreaterThan(0);
      expect(rule.steps[0]!.quantity, name).toBe('g');
      expect(rule.steps.at(-1)!.quantity, name).toBe('theta');
      expect(
        rule.steps.some((s) => s.quantity === 'step'),
        name,
      ).toBe(true);
      for (const s of rule.steps) {
        expect(s.words.length, `${name} ${s.quantity}`).toBeGreaterThan(10);
        expect(s.latex.length, `${name} ${s.quantity}`).toBeGreaterThan(0);
      }
    }
  });

  it.each(optimizerNames)("%s: the narrated θ′ is minimize's path, step by step, exactly", (name) => {
    const f = name === 'lm' ? lineObjective() : rosen;
    const from = name === 'lm' ? Float64Array.of(1, 0) : start;
    const steps = name === 'lm' ? 3 : 5;
    const options = optionsFor(name);
    const narrated = narrateSteps(createMethod(name, options as never), f, from, steps);
    // minimize hands lm no residuals, so lm's reference is its own method stepped by hand.
    const points =
      name === 'lm'
        ? stepByHand(createMethod('lm'), f as Objective, from, steps)
        : minimize(f, {
            method: createMethod(name, options as never),
            start: from,
            maxIterations: steps,
            tol: 0,
            recordPath: true,
          }).path!.points;
    expect(narrated).toHaveLength(steps);
    narrated.forEach((s, k) => {
      expect(Array.from(s.next), `${name} step ${k + 1}`).toEqual(
        Array.from(points.slice((k + 1) * 2, (k + 2) * 2)),
      );
      expect(Array.from(s.values.theta as Float64Array)).toEqual(Array.from(s.next));
      const names = s.quantities.map((q) => q.quantity);
      expect(names[0]).toBe('g');
      expect(names).toContain('step');
      expect(names.at(-1)).toBe('theta');
      for (const q of s.quantities) {
        const v = q.value;
        if (q.numbers !== undefined && typeof v !== 'number') {
          for (let i = 0; i < v.length && q.quantity !== 'H'; i++) {
            const line = substituteNumbers(s, q, i);
            expect(line, `${name} ${q.quantity}`).not.toBeNull();
            expect(line, `${name} ${q.quantity}`).not.toContain('[[');
          }
        }
        expect(
          typeof v === 'number' ? Number.isFinite(v) : v.every(Number.isFinite),
          `${name} ${q.quantity}`,
        ).toBe(true);
      }
    });
  });

  it("adam's m and v after 3 steps are scaleByAdam's state, and m̂, v̂ its bias corrections", () => {
    const options = { b1: 0.8, b2: 0.9, eps: 1e-8 };
    const narrated = narrateSteps(
      createMethod('adam', { learningRate: 0.1, ...options }),
      bowl,
      Float64Array.of(2, 4),
      3,
    );
    const opt = chain(scaleByAdam(options), scaleByLearningRate(0.1));
    let x = Float64Array.of(2, 4);
    let state = opt.init(x);
    const g = new Float64Array(2);
    for (let k = 0; k < 3; k++) {
      bowl.valueAndGradient(x, g);
      const [updates, next] = opt.update(g, state, x);
      state = next;
      x = x.map((v, i) => v + updates[i]!);
      const adamState = state[0] as ScaleByAdamState;
      const s = narrated[k]!;
      expect(Array.from(s.values.m as Float64Array)).toEqual(Array.from(adamState.mu));
      expect(Array.from(s.values.v as Float64Array)).toEqual(Array.from(adamState.nu));
      expect(Array.from(s.next)).toEqual(Array.from(x));
      expect(s.learningRate).toBe(0.1);
    }
    // Hand-worked first step (tfjs-core's test): g = [4, 8], m = [0.8, 1.6], v = [1.6, 6.4], m̂ = g, v̂ = g².
    const first = narrated[0]!;
    expect(Array.from(first.values.g as Float64Array)).toEqual([4, 8]);
    expect(Array.from(first.values.m as Float64Array).map((v) => Number(v.toFixed(12)))).toEqual([0.8, 1.6]);
    expect(Array.from(first.values.v as Float64Array).map((v) => Number(v.toFixed(12)))).toEqual([1.6, 6.4]);
    expect(Array.from(first.values.mHat as Float64Array).map((v) => Number(v.toFixed(12)))).toEqual([4, 8]);
    expect(Array.from(first.values.vHat as Float64Array).map((v) => Number(v.toFixed(12)))).toEqual([16, 64]);
    expect(first.quantities.find((q) => q.quantity === 'm')!.previous).toEqual(new Float64Array(2));
    expect(narrated[1]!.quantities.find((q) => q.quantity === 'm')!.previous).toEqual(first.values.m);
    expect(first.quantities.map((q) => q.quantity)).toEqual([
      'g',
      'm',
      'v',
      'mHat',
      'vHat',
      'd',
      'step',
      'theta',
    ]);
  });

  it("momentum's buffer is the trace state: tfjs-core's hand-worked steps", () => {
    const [a, b] = narrateSteps(
      createMethod('momentum', { learningRate: 0.1, momentum: 0.5 }),
      bowl,
      Float64Array.of(1, 2),
      2,
    );
    expect(Array.from(a!.values.b as Float64Array)).toEqual([2, 4]);
    expect(Array.from(a!.next)).toEqual([0.8, 1.6]);
    expect(Array.from(b!.values.b as Float64Array).map((v) => Number(v.toFixed(12)))).toEqual([2.6, 5.2]);
    expect(Array.from(b!.next).map((v) => Number(v.toFixed(12)))).toEqual([0.54, 1.08]);
    const [stateAfter] = b!.state as [{ trace: Float64Array }];
    expect(b!.values.b).toEqual(stateAfter.trace);
  });

  it('shows the sub-steps a run uses: weight decay, amsgrad, centering, momentum', () => {
    const names = (name: OptimizerName, options: object): string[] =>
      narrateSteps(createMethod(name, options as never), rosen, start, 1)[0]!.quantities.map(
        (q) => q.quantity,
      );
    expect(names('gd', { learningRate: 0.01 })).toEqual(['g', 'step', 'theta']);
    expect(names('gd', { learningRate: 0.01, weightDecay: 0.1 })).toEqual(['g', 'gDecayed', 'step', 'theta']);
    expect(names('adam', { learningRate: 0.01, amsgrad: true })).toEqual([
      'g',
      'm',
      'v',
      'mHat',
      'vMax',
      'vHat',
      'd',
      'step',
      'theta',
    ]);
    expect(names('rmsprop', { learningRate: 0.01, centered: true, momentum: 0.9 })).toEqual([
      'g',
      'v',
      'gMean',
      'd',
      'b',
      'step',
      'theta',
    ]);
    expect(names('adamw', { learningRate: 0.01 })).toEqual([
      'g',
      'm',
      'v',
      'mHat',
      'vHat',
      'd',
      'dDecayed',
      'step',
      'theta',
    ]);
    expect(names('newton', {})).toEqual(['g', 'H', 'p', 'alpha', 'step', 'theta']);
    expect(names('lbfgs', {})).toEqual(['g', 'd', 'alpha', 'step', 'pairs', 'theta']);
  });

  it('substitutes the step’s numbers into each sub-step', () => {
    const f = compileExpression('x^2 - 4*x + 1');
    const [first, second] = narrateSteps(
      createMethod('momentum', { learningRate: 0.1 }),
      f,
      Float64Array.of(9),
      2,
    );
    const q = (s: typeof first, name: string) => s!.quantities.find((x) => x.quantity === name)!;
    expect(substituteNumbers(first!, q(first, 'b'), 0)).toBe('b_t = 0.9 \\cdot 0 + 14 = 14');
    expect(substituteNumbers(first!, q(first, 'step'), 0)).toBe('\\Delta\\theta_t = -0.1 \\cdot 14 = -1.4');
    expect(substituteNumbers(first!, q(first, 'theta'), 0)).toBe('\\theta_t = 9 + (-1.4) = 7.6');
    // Step 2: g = 2·7.6 − 4 = 11.2, b = 0.9·14 + 11.2 = 23.8.
    expect(substituteNumbers(second!, q(second, 'b'), 0)).toBe('b_t = 0.9 \\cdot 14 + 11.2 = 23.8');
    expect(substituteNumbers(first!, q(first, 'g'), 0)).toBeNull();
  });

  it('refuses a method that is not in the catalog, by key', () => {
    const method = { ...createMethod('gd'), info: { name: 'mine' } };
    expect(() => narrateStep(method, bowl, start, method.init(start, { dimension: 2, ...bowl }), 1)).toThrow(
      /only the catalog's optimizers/,
    );
  });
});
