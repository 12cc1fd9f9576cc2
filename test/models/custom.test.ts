// Custom models on autodiff: the built-in mlp step for step, bit-for-bit resume, and autodiff as the built-ins' oracle.

import { describe, expect, it } from 'vitest';
import {
  add,
  dot,
  exp,
  matmul,
  mul,
  neg,
  relu,
  reshape,
  square,
  sub,
  tanh,
  tensor,
  transpose,
} from '../../src/autodiff/index.js';
import type { Tensor } from '../../src/autodiff/tensor.js';
import { Random } from '../../src/data/random.js';
import { createLoss } from '../../src/losses/index.js';
import { createModel } from '../../src/models/create-model.js';
import { customModel } from '../../src/models/custom.js';
import type { Model } from '../../src/models/model.js';
import { nestArray } from '../../src/models/params.js';
import { createMethod } from '../../src/optim/create-method.js';
import { decodeCheckpoint, encodeCheckpoint, type FitCheckpoint } from '../../src/train/checkpoint.js';
import { fit as train } from '../../src/train/fit.js';
import { minimize } from '../../src/train/minimize.js';
import { tensorObjective } from '../../src/train/tensor-objective.js';
import { dataset } from '../train/fit-helpers.js';

const rng = Random.seeded(3);
const rows = 48;
const x2 = Float64Array.from({ length: rows * 2 }, () => rng.uniform(-2, 2));
const wave = dataset(
  ['u', 'v'],
  x2,
  Array.from({ length: rows }, (_, i) => Math.sin(x2[2 * i]!) + 0.5 * x2[2 * i + 1]!),
);

/** z = a·Wᵀ + b, PyTorch's nn.Linear, written with autodiff ops. */
const dense = (a: Tensor, w: Tensor, b: Tensor): Tensor => add(matmul(a, transpose(w)), b);

/** A two-layer network in autodiff, with the built-in mlp's param names and shapes, starting from `flat`. */
function autodiffNet(model: Model, flat: Float64Array, act: (t: Tensor) => Tensor): Model {
  const params = Object.fromEntries(
    model.layout.entries.map((e) => [e.name, nestArray(flat.slice(e.offset, e.offset + e.size), e.shape)]),
  );
  return customModel({
    name: 'my-net',
    inputs: 2,
    params,
    forward: (p, x) => {
      const hidden = act(dense(x, p['layer1.weight']!, p['layer1.bias']!));
      const out = dense(hidden, p['layer2.weight']!, p['layer2.bias']!);
      return reshape(out, [x.shape[0]!]);
    },
  });
}

describe('customModel', () => {
  for (const [name, act] of [
    ['relu', relu],
    ['tanh', tanh],
  ] as const) {
    it(`a two-layer ${name} net written with autodiff equals the built-in mlp step for step to 1e-12`, () => {
      const builtinPath: Float64Array[] = [];
      const options = {
        optimizer: 'gd',
        optimizerOptions: { learningRate: 0.05 },
        epochs: 40,
        tol: 0,
      } as const;
      let start = new Float64Array(0);
      train(wave, {
        ...options,
        model: 'mlp:6',
        activation: name,
        onStart: (p) => {
          start = Float64Array.from(p);
        },
        onEpoch: (info) => builtinPath.push(Float64Array.from(info.params)),
      });
      const builtin = createModel('mlp:6', {
        featureNames: ['u', 'v'],
        classes: null,
        loss: 'mse',
        activation: name,
      });
      const mine: Float64Array[] = [];
      const run = train(wave, {
        ...options,
        model: autodiffNet(builtin, start, act),
        onEpoch: (info) => mine.push(Float64Array.from(info.params)),
      });
      expect(mine).toHaveLength(40);
      mine.forEach((params, epoch) => {
        params.forEach((v, j) => {
          const w = builtinPath[epoch]![j]!;
          if (!(Math.abs(v - w) <= 1e-12 * (1 + Math.abs(w))))
            expect.fail(`epoch ${epoch + 1}, param ${j}: ${v} vs the built-in's ${w}`);
        });
      });
      expect(run.gradientHealth?.map((h) => h.layer)).toEqual([
        'layer1.weight',
        'layer1.bias',
        'layer2.weight',
        'layer2.bias',
      ]);
      expect(Object.keys(run.parameters)).toEqual([
        'layer1.weight',
        'layer1.bias',
        'layer2.weight',
        'layer2.bias',
      ]);
    });
  }

  const t = Array.from({ length: 40 }, (_, i) => i / 5);
  const noise = Random.seeded(9);
  const decay = dataset(
    ['t'],
    t,
    t.map((v) => 3 * Math.exp(-v) + 0.5 + 0.01 * noise.normal()),
  );
  const decayModel = customModel({
    inputs: 1,
    params: { a: 2, b: 0.5, c: 0 },
    forward: ({ a, b, c }, x) => add(mul(a!, exp(neg(mul(b!, reshape(x, [x.shape[0]!]))))), c!),
  });

  for (const [optimizer, extra] of [
    ['lbfgs', {}],
    ['adam', { optimizerOptions: { learningRate: 0.05 }, epochs: 3000 }],
    ['momentum', { optimizerOptions: { learningRate: 0.05 }, batchSize: 10, epochs: 3000 }],
  ] as const) {
    it(`recovers y = a·exp(−b·t) + c written as a custom model, with ${optimizer}`, () => {
      const run = train(decay, { model: decayModel, optimizer, ...extra });
      expect(run.status).not.toBe('diverged');
      const p = run.parameters as Record<string, number>;
      expect(p.a).toBeCloseTo(3, 1);
      expect(p.b).toBeCloseTo(1, 1);
      expect(p.c).toBeCloseTo(0.5, 1);
    });
  }

  it('resumes a custom model bit for bit, mid-epoch with mini-batches and validation', () => {
    const options = {
      model: decayModel,
      optimizer: 'adam',
      optimizerOptions: { learningRate: 0.02 },
      batchSize: 7,
      validation: 0.25,
      tol: 0,
      epochs: 60,
    } as const;
    const whole = train(decay, options);
    let saved: FitCheckpoint | null = null;
    let count = 0;
    train(decay, {
      ...options,
      epochs: 25,
      checkpointSeconds: 0,
      onCheckpoint: (c) => {
        if (++count === 42) saved = c;
      },
    });
    expect((saved as FitCheckpoint | null)?.batch).toBeGreaterThan(0);
    const resumed = train(decay, {
      model: decayModel,
      epochs: 60,
      resume: decodeCheckpoint(encodeCheckpoint(saved!)),
    });
    expect(Array.from(resumed.params)).toEqual(Array.from(whole.params));
    expect(resumed.loss).toBe(whole.loss);
    expect(resumed.status).toBe(whole.status);
  });

  it('says so when the forward gives the wrong shape or the data the wrong columns', () => {
    const bad = customModel({ inputs: 1, params: { a: 1 }, forward: ({ a }, x) => mul(a!, x) });
    expect(() => train(decay, { model: bad, epochs: 1 })).not.toThrow();
    const wide = customModel({ inputs: 1, params: { a: 1 }, forward: ({ a }, x) => mul(a!, add(x, x)) });
    expect(() => train(wave, { model: wide, epochs: 1 })).toThrow(/takes 1 input column, the data has 2/);
    const flat = customModel({ inputs: 1, params: { a: [1, 2] }, forward: ({ a }) => a! });
    expect(() => train(decay, { model: flat, epochs: 1 })).toThrow(/forward gave shape \[2\] for 40 rows/);
  });
});

describe('autodiff as the oracle of the built-in models', () => {
  const cases: [string, string, string, (p: Record<string, Tensor>, x: Tensor) => Tensor, number][] = [
    ['linear', 'linear', 'mse', (p, x) => add(matmul(x, p.weight!), p.bias!), 0],
    ['linear', 'linear', 'huber', (p, x) => add(matmul(x, p.weight!), p.bias!), 0],
    ['logistic', 'logistic', 'bce', (p, x) => add(matmul(x, p.weight!), p.bias!), 2],
    ['softmax', 'softmax', 'ce', (p, x) => dense(x, p.weight!, p.bias!), 3],
    [
      'mlp:5,4 tanh',
      'mlp:5,4',
      'mse',
      (p, x) =>
        reshape(
          dense(
            tanh(
              dense(
                tanh(dense(x, p['layer1.weight']!, p['layer1.bias']!)),
                p['layer2.weight']!,
                p['layer2.bias']!,
              ),
            ),
            p['layer3.weight']!,
            p['layer3.bias']!,
          ),
          [x.shape[0]!],
        ),
      0,
    ],
  ];
  for (const [what, spec, lossName, forward, classes] of cases) {
    it(`${what} with ${lossName}: the fused gradient equals reverse mode through the same function to 1e-12`, () => {
      const r = Random.seeded(17);
      const n = 9;
      const x = Float64Array.from({ length: n * 2 }, () => r.uniform(-2, 2));
      const y = Float64Array.from({ length: n }, () => (classes === 0 ? r.uniform(-2, 2) : r.int(classes)));
      const labels = classes === 0 ? null : Array.from({ length: classes }, (_, k) => `c${k}`);
      const builtin = createModel(spec, {
        featureNames: ['u', 'v'],
        classes: labels,
        loss: lossName as 'mse',
        ...(spec.startsWith('mlp') && { activation: 'tanh' }),
      });
      const params = Float64Array.from({ length: builtin.layout.size }, () => r.uniform(-1, 1));
      const loss = createLoss(lossName as 'mse');
      const oracle = customModel({
        inputs: 2,
        task: classes === 0 ? 'regression' : 'classification',
        outputs: builtin.outputs,
        params: Object.fromEntries(
          builtin.layout.entries.map((e) => [
            e.name,
            nestArray(params.slice(e.offset, e.offset + e.size), e.shape),
          ]),
        ),
        forward: (p, t) => {
          const out = forward(p, t);
          return builtin.outputs === 1 ? reshape(out, [t.shape[0]!]) : out;
        },
      });
      const fused = new Float64Array(params.length);
      const reverse = new Float64Array(params.length);
      const v1 = builtin.trainer(loss).valueAndGradient(params, x, y, fused);
      const v2 = oracle.trainer(loss).valueAndGradient(params, x, y, reverse);
      expect(Math.abs(v1 - v2)).toBeLessThan(1e-12 * (1 + Math.abs(v2)));
      reverse.forEach((g, j) => {
        expect(Math.abs(fused[j]! - g)).toBeLessThan(1e-12 * (1 + Math.abs(g)));
      });
    });
  }
});

describe('minimize on a function of autodiff tensors', () => {
  // Rosenbrock (1 − x)² + 100(y − x²)², its coordinates read by dot products with unit vectors.
  const rosenbrock = (v: Tensor): Tensor => {
    const x = dot(v, tensor([1, 0]));
    const y = dot(v, tensor([0, 1]));
    return add(square(sub(1, x)), mul(100, square(sub(y, square(x)))));
  };

  it('has the closed-form gradient and Hessian', () => {
    const f = tensorObjective(rosenbrock, 2);
    const grad = new Float64Array(2);
    const value = f.valueAndGradient(Float64Array.of(-1.2, 1), grad);
    expect(value).toBeCloseTo(24.2, 12);
    // ∂x = −2(1 − x) − 400x(y − x²), ∂y = 200(y − x²); H = [[2 − 400(y − 3x²), −400x], [−400x, 200]].
    expect(grad[0]).toBeCloseTo(-2 * 2.2 - 400 * -1.2 * (1 - 1.44), 10);
    expect(grad[1]).toBeCloseTo(200 * (1 - 1.44), 10);
    const h = new Float64Array(4);
    f.hessian!(Float64Array.of(-1.2, 1), h);
    expect(Array.from(h).map((v) => Number(v.toFixed(9)))).toEqual([2 - 400 * (1 - 3 * 1.44), 480, 480, 200]);
  });

  it('is minimized by newton (Hessian by nesting) and lbfgs from the classic start', () => {
    for (const method of [createMethod('newton'), createMethod('lbfgs')]) {
      const run = minimize(rosenbrock, { start: Float64Array.of(-1.2, 1), method, maxIterations: 200 });
      expect(run.status).toBe('converged');
      expect(run.point[0]).toBeCloseTo(1, 6);
      expect(run.point[1]).toBeCloseTo(1, 6);
    }
  });

  it('needs a start, which gives the number of variables', () => {
    expect(() => minimize(rosenbrock)).toThrow(/needs a start/);
  });
});
