// The building-block transforms: clipping, weight decay, skip-non-finite, reduce-on-plateau, chain, plain-data state, in-place updates.

import { describe, expect, it } from 'vitest';
import { adadeltaDefaults } from '../../src/optim/adadelta.js';
import { adagradDefaults } from '../../src/optim/adagrad.js';
import { adam, adamDefaults } from '../../src/optim/adam.js';
import { addDecayedWeights } from '../../src/optim/add-decayed-weights.js';
import { chain } from '../../src/optim/chain.js';
import { clip } from '../../src/optim/clip.js';
import { clipByGlobalNorm } from '../../src/optim/clip-by-global-norm.js';
import { nadamDefaults } from '../../src/optim/nadam.js';
import { reduceOnPlateau } from '../../src/optim/reduce-on-plateau.js';
import { rmspropDefaults } from '../../src/optim/rmsprop.js';
import { scaleByAdadelta } from '../../src/optim/scale-by-adadelta.js';
import { scaleByAdam } from '../../src/optim/scale-by-adam.js';
import { scaleByAdamax } from '../../src/optim/scale-by-adamax.js';
import { scaleByAmsgrad } from '../../src/optim/scale-by-amsgrad.js';
import { scaleByLearningRate } from '../../src/optim/scale-by-learning-rate.js';
import { scaleByNadam } from '../../src/optim/scale-by-nadam.js';
import { scaleByRms } from '../../src/optim/scale-by-rms.js';
import { scaleByRss } from '../../src/optim/scale-by-rss.js';
import { scaleByStddev } from '../../src/optim/scale-by-stddev.js';
import { exponentialDecay } from '../../src/optim/schedules.js';
import { optimizerSettings } from '../../src/optim/settings.js';
import { skipNonFinite } from '../../src/optim/skip-non-finite.js';
import { trace } from '../../src/optim/trace.js';
import { applyUpdates, type GradientTransformation } from '../../src/optim/transform.js';

const f64 = (...v: number[]) => Float64Array.from(v);

describe('clipping', () => {
  it('clip limits each coordinate', () => {
    const [u] = clip(1).update(f64(3, -0.5, -7), {}, f64(0, 0, 0));
    expect([...u]).toEqual([1, -0.5, -1]);
  });

  it('clipByGlobalNorm rescales [3, 4] (norm 5) to norm 1, keeping direction', () => {
    const [u] = clipByGlobalNorm(1).update(f64(3, 4), {}, f64(0, 0));
    expect(u[0]).toBeCloseTo(0.6, 15);
    expect(u[1]).toBeCloseTo(0.8, 15);
    const [kept] = clipByGlobalNorm(10).update(f64(3, 4), {}, f64(0, 0));
    expect([...kept]).toEqual([3, 4]);
  });
});

describe('weight decay', () => {
  it('addDecayedWeights adds λθ, with λ from a schedule', () => {
    const t = addDecayedWeights(exponentialDecay(0.1, 0.5));
    const s0 = t.init(f64(2, -4));
    const [u0, s1] = t.update(f64(1, 1), s0, f64(2, -4));
    expect([...u0]).toEqual([1.2, 0.6]);
    const [u1] = t.update(f64(1, 1), s1, f64(2, -4));
    expect([...u1]).toEqual([1.1, 0.8]);
  });

  it('coupled (before Adam) and decoupled (after) decay differ as PyTorch Adam and AdamW do', () => {
    // With zero gradient: coupled decay feeds λθ into Adam, whose first step is ±η whatever its size;
    // decoupled decay shrinks θ by exactly ηλθ.
    const params = f64(2);
    const coupled = chain(addDecayedWeights(0.01), scaleByAdam(adamDefaults), scaleByLearningRate(0.1));
    const decoupled = chain(scaleByAdam(adamDefaults), addDecayedWeights(0.01), scaleByLearningRate(0.1));
    const [uc] = coupled.update(f64(0), coupled.init(params), params);
    const [ud] = decoupled.update(f64(0), decoupled.init(params), params);
    expect(uc[0]).toBeCloseTo(-0.1, 6);
    expect(ud[0]).toBeCloseTo(-0.1 * 0.01 * 2, 15);
  });
});

describe('skipNonFinite', () => {
  it('skips NaN and Infinity gradients: params unchanged, inner state untouched, skips counted', () => {
    const opt = skipNonFinite(adam(0.1));
    let params: Float64Array = f64(1, 2);
    let state = opt.init(params);
    state = opt.update(f64(2, 4), state, params)[1];
    const before = state.inner;
    params = f64(0.9, 1.9);
    for (const bad of [
      f64(Number.NaN, 1),
      f64(1, Number.POSITIVE_INFINITY),
      f64(Number.NEGATIVE_INFINITY, 0),
    ]) {
      const [u, next] = opt.update(bad, state, params);
      expect([...applyUpdates(params, u)]).toEqual([0.9, 1.9]);
      expect(next.inner).toBe(before);
      state = next;
    }
    expect(state.notFiniteCount).toBe(3);
    expect(state.totalNotFinite).toBe(3);
    const [u, next] = opt.update(f64(1.8, 3.8), state, params);
    expect(u.every(Number.isFinite)).toBe(true);
    expect(next.notFiniteCount).toBe(0);
    expect(next.totalNotFinite).toBe(3);
    expect(next.inner).not.toBe(before);
  });
});

describe('reduceOnPlateau', () => {
  it('scales updates by factor after `patience` steps without relative improvement', () => {
    const t = reduceOnPlateau({ patience: 2, factor: 0.5 });
    let state = t.init(f64(0));
    const scales: number[] = [];
    for (const loss of [10, 9, 9, 9, 9, 8.9999, 5, 5, 5, 5]) {
      const [u, next] = t.update(f64(1), state, f64(0), loss);
      state = next;
      scales.push(u[0]!);
    }
    // 10 best; 9 better; three 9s: the third exceeds patience 2 → 0.5; 9, 8.9999 (not 1e-4 better) → plateau
    // counts 1, 2; 5 better; 5, 5 count 1, 2; the third 5 → 0.25.
    expect(scales).toEqual([1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25]);
    expect(state).toEqual({ scale: 0.25, best: 5, plateauCount: 0, cooldownCount: 0 });
  });

  it('cooldown pauses the count; minScale floors the scale; no value leaves the state alone', () => {
    const t = reduceOnPlateau({ patience: 0, factor: 0.1, cooldown: 2, minScale: 0.05 });
    let state = t.init(f64(0));
    const scales: number[] = [];
    for (const loss of [1, 1, 1, 1, 1, 1, 1]) {
      const [u, next] = t.update(f64(1), state, f64(0), loss);
      state = next;
      scales.push(u[0]!);
    }
    expect(scales.map((s) => +s.toFixed(12))).toEqual([1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05]);
    const [, same] = t.update(f64(1), state, f64(0));
    expect(same).toBe(state);
  });

  it('chain forwards the loss to it', () => {
    const opt = chain(scaleByLearningRate(1), reduceOnPlateau({ patience: 0, factor: 0.5 }));
    let state = opt.init(f64(0));
    let last = 0;
    for (const loss of [3, 3]) {
      const [u, next] = opt.update(f64(1), state, f64(0), loss);
      state = next;
      last = u[0]!;
    }
    expect(last).toBe(-0.5);
  });
});

describe('state is plain data', () => {
  it('a JSON round trip of chained state continues identically', () => {
    const opt = chain(
      clipByGlobalNorm(10),
      trace({ momentum: 0.9 }),
      scaleByAdam(adamDefaults),
      scaleByLearningRate(0.1),
    );
    let params: Float64Array = f64(1, -2, 3);
    let state = opt.init(params);
    for (let k = 0; k < 3; k++) {
      const [u, next] = opt.update(
        params.map((p) => 2 * p),
        state,
        params,
      );
      params = applyUpdates(params, u);
      state = next;
    }
    const revive = (_key: string, value: unknown) =>
      value !== null && typeof value === 'object' && 'f64' in value
        ? Float64Array.from((value as { f64: number[] }).f64)
        : value;
    const json = JSON.stringify(state, (_key, value) =>
      value instanceof Float64Array ? { f64: [...value] } : value,
    );
    const restored = JSON.parse(json, revive) as unknown[];
    const grads = params.map((p) => 2 * p);
    expect([...opt.update(grads, restored, params)[0]]).toEqual([...opt.update(grads, state, params)[0]]);
  });
});

describe('updates written in place', () => {
  const bits = (v: Float64Array) => Array.from(new Uint32Array(Float64Array.from(v).buffer));
  const parts: [string, () => GradientTransformation<unknown>][] = [
    ['clip', () => clip(0.5)],
    ['clipByGlobalNorm', () => clipByGlobalNorm(1)],
    ['addDecayedWeights', () => addDecayedWeights(0.1)],
    ['trace', () => trace({ momentum: 0.9 })],
    ['trace (nesterov)', () => trace({ momentum: 0.9, nesterov: true })],
    ['scaleByAdam', () => scaleByAdam(adamDefaults)],
    ['scaleByAdadelta', () => scaleByAdadelta(adadeltaDefaults)],
    ['scaleByAdamax', () => scaleByAdamax(adamDefaults)],
    ['scaleByAmsgrad', () => scaleByAmsgrad(adamDefaults)],
    [
      'scaleByNadam',
      () => scaleByNadam({ ...nadamDefaults, momentumDecay: optimizerSettings.momentumDecay.default }),
    ],
    ['scaleByRms', () => scaleByRms(rmspropDefaults)],
    ['scaleByStddev', () => scaleByStddev(rmspropDefaults)],
    ['scaleByRss', () => scaleByRss(adagradDefaults)],
    ['scaleByLearningRate', () => scaleByLearningRate(0.1)],
    ['reduceOnPlateau', () => reduceOnPlateau({ patience: 0 })],
    ['chain', () => chain(clip(2), scaleByAdam(adamDefaults), scaleByLearningRate(0.1))],
  ];
  const params = f64(0.5, -1.5, 2);
  const gradients = [f64(3, -0.25, 1), f64(-2, 0.5, 0.75), f64(0.125, 4, -1)];

  it.each(parts)('%s: updateInto over the gradient itself equals update, bit for bit', (_name, make) => {
    const t = make();
    let [a, b] = [t.init(params), t.init(params)];
    for (const grads of gradients) {
      const [updates, nextA] = t.update(grads, a, params, 1);
      const inPlace = Float64Array.from(grads);
      const nextB = t.updateInto!(inPlace, b, params, inPlace, 1);
      expect(bits(inPlace)).toEqual(bits(updates));
      expect(nextB).toEqual(nextA);
      [a, b] = [nextA, nextB];
    }
  });

  it('chain changes none of its arguments, and its updates are no part of its state', () => {
    const opt = chain(
      addDecayedWeights(0.01),
      scaleByAdam(adamDefaults),
      trace({ momentum: 0.9 }),
      scaleByLearningRate(0.1),
    );
    let state = opt.init(params);
    for (const grads of gradients) {
      const before = { grads: bits(grads), params: bits(params), state: JSON.stringify(state, toArrays) };
      const [updates, next] = opt.update(grads, state, params);
      expect({ grads: bits(grads), params: bits(params), state: JSON.stringify(state, toArrays) }).toEqual(
        before,
      );
      const after = JSON.stringify(next, toArrays);
      updates.fill(Number.NaN);
      expect(JSON.stringify(next, toArrays)).toBe(after);
      state = next;
    }
  });

  it('a chain of nothing returns a copy of the gradient', () => {
    const grads = f64(1, 2);
    const [updates] = chain().update(grads, [], params);
    expect(updates).not.toBe(grads);
    expect([...updates]).toEqual([1, 2]);
  });
});

function toArrays(_key: string, value: unknown): unknown {
  return value instanceof Float64Array ? Array.from(value) : value;
}
