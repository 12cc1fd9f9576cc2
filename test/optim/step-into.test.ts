// minimize's allocation-free path: stepInto equals step bit for bit, and reuseLastEvaluation answers from its one copy.

import { describe, expect, it } from 'vitest';
import { optimizerNames } from '../../src/optim/catalog.js';
import { createMethod } from '../../src/optim/create-method.js';
import type { Method, Objective } from '../../src/optim/method.js';
import { reuseLastEvaluation } from '../../src/optim/reuse-last-evaluation.js';
import { rosenbrock } from './functions.js';

/** The bits of a number, so that −0 and NaN payloads count. */
const bits = (a: Float64Array) => Array.from(new BigUint64Array(Float64Array.from(a).buffer), String);

/** `steps` steps of `method` from `start`, by step() and by stepInto() on twin states, compared each step. */
function twin(method: Method, f: Objective, start: Float64Array, steps: number): number {
  const xa = Float64Array.from(start);
  const xb = Float64Array.from(start);
  const ga = new Float64Array(start.length);
  const gb = new Float64Array(start.length);
  const out = new Float64Array(start.length);
  let sa = method.init(xa, f);
  let sb = method.init(xb, f);
  let compared = 0;
  for (let k = 0; k < steps; k++) {
    const va = f.valueAndGradient(xa, ga);
    const vb = f.valueAndGradient(xb, gb);
    const [step, next] = method.step(xa, va, ga, sa, f);
    sa = next;
    sb = method.stepInto!(xb, vb, gb, sb, f, out);
    expect(bits(out)).toEqual(bits(step));
    expect(JSON.stringify(sb)).toEqual(JSON.stringify(sa));
    for (let i = 0; i < xa.length; i++) {
      xa[i] = xa[i]! + step[i]!;
      xb[i] = xb[i]! + out[i]!;
    }
    compared++;
  }
  return compared;
}

describe('stepInto', () => {
  const start = Float64Array.of(-1.2, 1);
  const firstOrder = optimizerNames.filter((n) => n !== 'newton' && n !== 'lbfgs' && n !== 'lm');

  it('is given to every first-order optimizer, and to none of the others', () => {
    for (const name of optimizerNames) {
      expect(createMethod(name).stepInto !== undefined, name).toBe(
        (firstOrder as readonly string[]).includes(name),
      );
    }
  });

  for (const name of firstOrder) {
    it(`${name}: writes step()'s displacement and state bit for bit, 200 steps on Rosenbrock`, () => {
      expect(twin(createMethod(name, { learningRate: 1e-3 }), rosenbrock.objective, start, 200)).toBe(200);
    });
  }

  it('with a line search, clipping, a schedule and weight decay too', () => {
    const variants: Method[] = [
      createMethod('gd', { learningRate: 1, lineSearch: 'armijo' }),
      createMethod('momentum', { learningRate: 0.01, lineSearch: 'strong-wolfe' }),
      createMethod('adam', { learningRate: 0.01, clipNorm: 1, clipValue: 0.5 }),
      createMethod('adamw', { learningRate: 0.01, weightDecay: 0.1 }),
      createMethod('gd', { learningRate: 1e-3, schedule: { kind: 'exp', factor: 0.99 } }),
      createMethod('adam', {
        learningRate: 0.01,
        schedule: { kind: 'plateau', patience: 0, factor: 0.5 },
        skipNonFinite: true,
      }),
    ];
    for (const method of variants) expect(twin(method, rosenbrock.objective, start, 200)).toBe(200);
  });
});

describe('reuseLastEvaluation', () => {
  let evaluations = 0;
  const counted: Objective = {
    dimension: 2,
    value: (x) => x[0]! ** 2 + 3 * x[1]!,
    valueAndGradient(x, g) {
      evaluations++;
      g[0] = 2 * x[0]!;
      g[1] = 3;
      return x[0]! ** 2 + 3 * x[1]!;
    },
  };

  it('answers the last point from its copy, which the caller changing x or the gradient does not touch', () => {
    const f = reuseLastEvaluation(counted);
    const x = Float64Array.of(2, 1);
    const g = new Float64Array(2);
    expect(f.valueAndGradient(x, g)).toBe(7);
    g.fill(99);
    const again = new Float64Array(2);
    expect(f.valueAndGradient(Float64Array.of(2, 1), again)).toBe(7);
    expect([...again]).toEqual([4, 3]);
    expect(evaluations).toBe(1);
    x[0] = 5; // the point it holds is its own
    expect(f.valueAndGradient(Float64Array.of(2, 1), again)).toBe(7);
    expect(evaluations).toBe(1);
    expect(f.valueAndGradient(x, again)).toBe(28);
    expect([...again]).toEqual([10, 3]);
    expect(evaluations).toBe(2);
  });

  it('compares bit for bit: −0 is not 0', () => {
    const f = reuseLastEvaluation(counted);
    const g = new Float64Array(2);
    evaluations = 0;
    f.valueAndGradient(Float64Array.of(0, 1), g);
    f.valueAndGradient(Float64Array.of(-0, 1), g);
    expect(evaluations).toBe(2);
  });
});
