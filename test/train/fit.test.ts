// fit(): agreement with closed-form and independent optima, classifiers that learn, and its stopping rules.

import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../../src/data/csv-text.js';
import { generateDataset } from '../../src/data/generators.js';
import { Random } from '../../src/data/random.js';
import { gradientHealth } from '../../src/diagnose/gradient-health.js';
import { InputError } from '../../src/errors.js';
import { findLr } from '../../src/train/find-lr.js';
import { fit as train } from '../../src/train/fit.js';
import { expectClose } from '../models/numeric.js';
import { dataset, irls, leastSquares, linearData } from './fit-helpers.js';

const reported = (parameters: Record<string, unknown>, names: string[]) => [
  ...names.map((n) => parameters[n] as number),
  parameters.intercept as number,
];

describe('linear regression by gradient descent equals least squares', () => {
  it('one feature, from slope 1 and intercept 0 (seed 001)', () => {
    const data = linearData(60, [2], 1, 1);
    const run = train(data, { optimizerOptions: { learningRate: 0.1 }, epochs: 3000, tol: 0 });
    expectClose(reported(run.parameters, ['x1']), leastSquares(data), 1e-8);
    expect(run.status).toBe('max-iterations');
    expect(run.history.loss[0]).toBeGreaterThan(run.loss);
    expect(run.metrics).toMatchObject({ mse: run.loss });
  });

  it('three features', () => {
    const data = linearData(120, [2, -1, 0.5], 3, 2, 0.5, 1);
    const run = train(data, { optimizerOptions: { learningRate: 0.1 }, epochs: 5000, tol: 0 });
    expectClose(reported(run.parameters, ['x1', 'x2', 'x3']), leastSquares(data), 1e-8);
  });

  it('with --standardize the parameters are still those of the original units', () => {
    const data = linearData(100, [3, -2], 50, 3, 40, 10);
    const run = train(data, {
      standardize: true,
      optimizerOptions: { learningRate: 0.5 },
      epochs: 500,
      tol: 0,
    });
    expectClose(reported(run.parameters, ['x1', 'x2']), leastSquares(data), 1e-8);
    expectClose(
      run.predict(data.features.subarray(0, 2)),
      [
        data.features[0]! * (run.parameters.x1 as number) +
          data.features[1]! * (run.parameters.x2 as number) +
          (run.parameters.intercept as number),
      ],
      1e-10,
    );
  });

  it('newton lands on the optimum in one step', () => {
    const data = linearData(50, [1.5, 4], -2, 4);
    const run = train(data, { optimizer: 'newton', epochs: 3 });
    expectClose(reported(run.parameters, ['x1', 'x2']), leastSquares(data), 1e-10);
    expect(run.status).toBe('converged');
  });

  it('on rows enough for the bound kernel (600 × 8), each step is the textbook one to 1e-12', () => {
    const weights = [2, -1, 0.5, 3, -2, 1, 0.25, -0.75];
    const data = linearData(600, weights, 1, 6, 0.5, 1);
    const [rows, cols, lr] = [600, weights.length, 0.05];
    const run = train(data, { optimizerOptions: { learningRate: lr }, epochs: 40, tol: 0 });
    // θ ← θ − η·(2/n)·Σ rᵢ[xᵢ, 1] from slopes 1 and intercept 0, one row at a time.
    const theta = [...weights.map(() => 1), 0];
    const losses: number[] = [];
    for (let epoch = 0; epoch < 40; epoch++) {
      const grad = theta.map(() => 0);
      let sse = 0;
      for (let i = 0; i < rows; i++) {
        const row = [...data.features.subarray(i * cols, (i + 1) * cols), 1];
        const r = row.reduce((z, v, j) => z + v * theta[j]!, 0) - data.target[i]!;
        sse += r * r;
        for (let j = 0; j <= cols; j++) grad[j] = grad[j]! + (2 / rows) * r * row[j]!;
      }
      losses.push(sse / rows);
      for (let j = 0; j <= cols; j++) theta[j] = theta[j]! - lr * grad[j]!;
    }
    expectClose(run.params, theta, 1e-12);
    expectClose(run.history.loss, losses, 1e-12);
  });

  it('the converged stop fires by the tolerance and says so', () => {
    const run = train(linearData(40, [2], 1, 5), {
      optimizerOptions: { learningRate: 0.1 },
      epochs: 100_000,
    });
    expect(run.status).toBe('converged');
    expect(run.epochs).toBeLessThan(100_000);
    expect(run.message).toMatch(/after \d+ epochs/);
  });
});

describe('logistic regression equals the Newton (IRLS) optimum', () => {
  // Two overlapping clouds: not separable, so the optimum is finite.
  const rng = Random.seeded(8);
  const rows = 200;
  const features: number[] = [];
  const target: number[] = [];
  for (let i = 0; i < rows; i++) {
    const label = i % 2;
    features.push(rng.normal(label ? 1 : -0.5, 1.2), rng.normal(label ? 0.5 : 0, 1));
    target.push(label);
  }
  const data = dataset(['a', 'b'], features, target, ['no', 'yes']);
  const optimum = irls(data);

  // L-BFGS's line search stops where loss differences reach rounding (~1e-16), a few 1e-8 from the optimum.
  it.each([
    ['gd', { optimizer: 'gd', optimizerOptions: { learningRate: 2 }, epochs: 4000 }, 1e-8],
    ['newton', { optimizer: 'newton', epochs: 30 }, 1e-8],
    ['lbfgs', { optimizer: 'lbfgs', epochs: 100 }, 1e-6],
  ] as const)('%s', (_name, options, tol) => {
    const run = train(data, { model: 'logistic', tol: 0, ...options });
    expectClose(reported(run.parameters, ['a', 'b']), optimum, tol);
    expect(run.metrics).toHaveProperty('accuracy');
    expect(run.classes).toEqual(['no', 'yes']);
  });
});

describe('classifiers learn', () => {
  it('softmax separates three separable clusters (100 %)', () => {
    const rng = Random.seeded(2);
    const centres = [
      [0, 4],
      [-4, -2],
      [4, -2],
    ] as const;
    const features: number[] = [];
    const target: number[] = [];
    for (let i = 0; i < 150; i++) {
      const c = i % 3;
      features.push(centres[c]![0] + rng.normal(0, 0.7), centres[c]![1] + rng.normal(0, 0.7));
      target.push(c);
    }
    const run = train(dataset(['u', 'v'], features, target, ['a', 'b', 'c']), {
      model: 'softmax',
      optimizer: 'adam',
      batchSize: 16,
      epochs: 100,
      seed: 1,
    });
    expect(run.metrics).toMatchObject({ accuracy: 1 });
    expect(run.config.loss).toBe('ce');
    expect(run.parameters).toHaveProperty('weight');
  });

  it('an mlp learns xor', () => {
    const data = generateDataset('xor', { seed: 1, rows: 200 });
    const run = train(data, {
      model: 'mlp:8',
      activation: 'tanh',
      optimizer: 'adam',
      optimizerOptions: { learningRate: 0.05 },
      standardize: true,
      epochs: 300,
      seed: 1,
    });
    expect(run.config.loss).toBe('bce');
    expect((run.metrics as { accuracy: number }).accuracy).toBeGreaterThanOrEqual(0.95);
    expect(run.gradientHealth?.map((h) => h.layer)).toEqual(['layer1', 'layer2']);
  });

  it('an mlp learns the spiral (≥ 95 % with a fixed seed)', () => {
    const data = generateDataset('spiral', { seed: 1 });
    const run = train(data, {
      model: 'mlp:32,32',
      activation: 'tanh',
      loss: 'ce',
      optimizer: 'adam',
      optimizerOptions: { learningRate: 0.01 },
      batchSize: 32,
      standardize: true,
      epochs: 300,
      tol: 0,
      seed: 1,
    });
    expect((run.metrics as { accuracy: number }).accuracy).toBeGreaterThanOrEqual(0.95);
    expect(run.parameters['layer3.weight']).toHaveLength(2);
  });

  it('an mlp regresses a curve with every activation', () => {
    const xs = Array.from({ length: 80 }, (_, i) => -2 + (4 * i) / 79);
    const data = dataset(
      ['x'],
      xs,
      xs.map((x) => Math.sin(2 * x)),
    );
    for (const activation of ['relu', 'tanh', 'sigmoid']) {
      const run = train(data, {
        model: 'mlp:16,16',
        activation,
        optimizer: 'adam',
        optimizerOptions: { learningRate: 0.01 },
        epochs: 1500,
        seed: 2,
      });
      expect((run.metrics as { r2: number }).r2, activation).toBeGreaterThan(0.9);
    }
  });
});

describe('validation and early stopping', () => {
  it('restores the best weights: the validation loss at the returned params is the best recorded', () => {
    // Few noisy rows and a wide net: it overfits, so the validation loss turns up.
    const rng = Random.seeded(4);
    const xs = Array.from({ length: 40 }, () => rng.uniform(-2, 2));
    const data = dataset(
      ['x'],
      xs,
      xs.map((x) => x + rng.normal(0, 0.8)),
    );
    const run = train(data, {
      model: 'mlp:64,64',
      optimizer: 'adam',
      optimizerOptions: { learningRate: 0.02 },
      validation: 0.3,
      patience: 20,
      epochs: 3000,
      tol: 0,
      seed: 3,
    });
    const history = run.history.validationLoss!;
    const best = Math.min(...history);
    expect(run.status).toBe('converged');
    expect(run.message).toMatch(
      /^early stopping after \d+ epochs: the validation loss did not improve for 20 epochs/,
    );
    expect(run.message).toContain(
      `restored the params of epoch ${run.bestEpoch}, the best on validation (training loss ${String(Number(run.loss.toPrecision(4)))}, validation loss ${String(Number(best.toPrecision(4)))})`,
    );
    expect(run.bestEpoch).toBe(history.indexOf(best) + 1);
    expect(run.epochs).toBe(run.bestEpoch! + 20);
    expect((run.validation as { mse: number }).mse).toBeCloseTo(best, 12);
  });

  it('without early stopping it still returns the best params', () => {
    const run = train(linearData(50, [3], 2, 6), {
      validation: 0.2,
      optimizerOptions: { learningRate: 0.01 },
      epochs: 30,
      tol: 0,
    });
    expect(run.status).toBe('max-iterations');
    // Epoch 30 is the best, and the last: nothing was restored, and the message says so.
    expect(run.bestEpoch).toBe(30);
    const best = Math.min(...run.history.validationLoss!);
    expect(run.message).toContain(
      `; the last epoch was the best on validation (validation loss ${String(Number(best.toPrecision(4)))})`,
    );
    expect(run.message).not.toMatch(/restored/);
    expect(run.validation).toHaveProperty('r2');
  });
});

describe('stopping rules and verdicts', () => {
  it('a learning rate far too large diverges, and the message suggests a smaller one', () => {
    const run = train(linearData(30, [2], 1, 7), { optimizerOptions: { learningRate: 5 }, epochs: 2000 });
    expect(run.status).toBe('diverged');
    expect(run.message).toMatch(/try 0\.5/);
  });

  it('a loss already infinite at the start blames no learning rate, and says what may help', () => {
    const data = parseCsvText('x,y\n1e300,1\n-1e300,2\n1e300,3\n', { target: 'y' });
    for (const batchSize of [undefined, 1]) {
      const run = train(data, batchSize === undefined ? {} : { batchSize });
      expect(run.status).toBe('diverged');
      expect(run.message).toBe(
        "the loss is ∞ at the initial params, before any step, so no learning rate is to blame — the data's numbers may be too large to square: try standardize",
      );
    }
    // Standardized, the same rows train.
    expect(train(data, { standardize: true }).status).not.toBe('diverged');
    // An mlp and a formula score their start on every row first, full batch: the same words, not an lr's blame.
    for (const model of ['mlp:2', 'formula'] as const) {
      const run = train(data, model === 'formula' ? { model, formula: 'a*x + b' } : { model, seed: 1 });
      expect(run.status).toBe('diverged');
      expect(run.message).toMatch(
        /^the loss is (∞|not a number) at the initial params, before any step, so no learning rate is to blame/,
      );
    }
  });

  it('newton and lbfgs refuse mini-batches, naming batchSize', () => {
    const data = linearData(30, [2], 1, 7);
    for (const optimizer of ['newton', 'lbfgs'] as const) {
      expect(() => train(data, { optimizer, batchSize: 5 })).toThrow(/^batchSize: .* leave batchSize out$/);
    }
  });

  it('every first-order optimizer trains with mini-batches and with batch 1', () => {
    const data = linearData(40, [2], 1, 9);
    for (const optimizer of ['gd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw'] as const) {
      for (const batchSize of [8, 1]) {
        const run = train(data, {
          optimizer,
          optimizerOptions: { learningRate: 0.01 },
          batchSize,
          epochs: 40,
          standardize: true,
          seed: 1,
        });
        expect(run.loss, `${optimizer} batch ${batchSize}`).toBeLessThan(run.history.loss[0]!);
      }
    }
  });

  it('bad settings are bad input carrying their key, with no command-line words', () => {
    const data = linearData(10, [1], 0, 1);
    const cases: [Parameters<typeof train>[1], string, RegExp][] = [
      [{ batchSize: 0 }, 'batchSize', /^batchSize: must be a whole number in \[1, 4294967296\], got 0$/],
      [{ validation: 1.5 }, 'validation', /^validation: must be in \[0, 1\), got 1.5$/],
      [{ model: 'mlp:' }, 'model', /^model: /],
      [{ epochs: -1 }, 'epochs', /^epochs: must be a whole number in \[0, 1000000000\], got -1$/],
      [{ optimizerOptions: { learningRate: -1 } }, 'learningRate', /^learningRate: must be above 0, got -1$/],
      [{ optimizer: 'adam', optimizerOptions: { rho: 0.9 } }, 'rho', /^rho does not apply to adam/],
      // A misspelt or misplaced option, which JavaScript would let through.
      [
        { epoch: 3 } as never,
        'epoch',
        /^fit does not take epoch \(the epoch limit is epochs\); it takes model, /,
      ],
      [
        { learningRate: 0.1 } as never,
        'learningRate',
        /^fit does not take learningRate \(an optimizer's learningRate goes in optimizerOptions\); /,
      ],
      // Settings that would silently do nothing: huber's threshold under mse, patience without validation.
      [{ delta: 2 }, 'delta', /^delta is huber's threshold; it applies with loss huber, not mse$/],
      [
        { patience: 3 },
        'patience',
        /^patience stops a run whose validation loss has stopped improving; it needs validation above 0$/,
      ],
    ];
    for (const [settings, key, message] of cases) {
      let error: unknown;
      try {
        train(data, settings);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).key).toBe(key);
      expect((error as InputError).message).toMatch(message);
      expect((error as InputError).message).not.toMatch(/--/);
    }
  });
});

describe('gradient health', () => {
  it('flags a layer whose gradient is 10⁻⁴ of the output layer’s as vanishing, and huge ones as exploding', () => {
    const layers = [
      { name: 'layer1', offset: 0, size: 2 },
      { name: 'layer2', offset: 2, size: 2 },
      { name: 'layer3', offset: 4, size: 1 },
    ];
    expect(gradientHealth(Float64Array.of(3e-6, 4e-6, 3, 4, 1), layers).map((h) => h.verdict)).toEqual([
      'vanishing',
      'ok',
      'ok',
    ]);
    expect(gradientHealth(Float64Array.of(3e4, 4e4, 0.3, 0.4, 1), layers).map((h) => h.verdict)).toEqual([
      'exploding',
      'ok',
      'ok',
    ]);
    expect(gradientHealth(Float64Array.of(0, 0, 0, 0, 0), layers).every((h) => h.verdict === 'ok')).toBe(
      true,
    );
    expect(gradientHealth(Float64Array.of(3e-6, 4e-6, 3, 4, 1), layers)[0]!.norm).toBeCloseTo(5e-6, 18);
  });

  it('calls a layer below a vanishing one vanishing too, though its inputs lift its gradient over the ratio', () => {
    const layers = [
      { name: 'layer1', offset: 0, size: 1 },
      { name: 'layer2', offset: 1, size: 1 },
      { name: 'layer3', offset: 2, size: 1 },
    ];
    expect(gradientHealth(Float64Array.of(2e-4, 1e-5, 1), layers).map((h) => h.verdict)).toEqual([
      'vanishing',
      'vanishing',
      'ok',
    ]);
    expect(gradientHealth(Float64Array.of(5e3, 1e-5, 1), layers).map((h) => h.verdict)).toEqual([
      'exploding',
      'vanishing',
      'ok',
    ]);
  });

  it('a deep sigmoid net with a tiny init has vanishing gradients in its first layers', () => {
    const data = linearData(50, [1, 1], 0, 3);
    // At the start (0 epochs) the output layer's gradient is large: the net predicts about 0 for targets near 2.
    const run = train(data, {
      model: 'mlp:16,16,16,16',
      activation: 'sigmoid',
      init: 'normal:0.01',
      epochs: 0,
    });
    expect(run.gradientHealth![0]!.verdict).toBe('vanishing');
    expect(run.gradientHealth![4]!.verdict).toBe('ok');
  });
});

describe('find-lr', () => {
  it('sweeps rising rates from the same init and suggests one where the loss falls fastest', () => {
    const data = linearData(100, [2, -1], 1, 10);
    const { suggestedLr, sweep } = findLr(data, { standardize: true });
    expect(sweep.length).toBeGreaterThan(50);
    for (let k = 1; k < sweep.length; k++) expect(sweep[k]!.lr).toBeGreaterThan(sweep[k - 1]!.lr);
    // With standardized inputs the curvature of the mse is about 2, so gd is stable below 1.
    expect(suggestedLr).toBeGreaterThan(0.01);
    expect(suggestedLr).toBeLessThan(1);
    const run = train(data, {
      standardize: true,
      optimizerOptions: { learningRate: suggestedLr! },
      epochs: 2000,
    });
    expect(run.status).toBe('converged');
  });

  it('refuses optimizers without a learning rate', () => {
    expect(() => findLr(linearData(10, [1], 0, 1), { optimizer: 'lbfgs' })).toThrow(/no learning rate/);
  });
});
