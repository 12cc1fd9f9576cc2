// Every optimizer's defaults are PyTorch's documented ones: a table written from torch.optim's documentation, not from the catalog.

import { describe, expect, it } from 'vitest';
import { optimizerCatalog, optimizerNames, type SettingKey, settingCatalog } from '../../src/catalog.js';
import type { OptimizerName } from '../../src/index.js';

/**
 * torch.optim's signatures (pytorch.org/docs, 2.x), in downhill's words: lr → learningRate, betas →
 * b1/b2, alpha (RMSprop) → rho, lr_decay → lrDecay, momentum_decay → momentumDecay, weight_decay →
 * weightDecay, history_size → history. Where PyTorch names no default, the row says what the catalog
 * chose and why (`chosen`).
 */
const pytorch: Record<OptimizerName, { values: Partial<Record<SettingKey, unknown>>; chosen?: string }> = {
  // SGD(lr=1e-3 in 2.x, "required" before; momentum=0, weight_decay=0).
  gd: { values: { learningRate: 1e-3, weightDecay: 0 } },
  // SGD's momentum defaults to 0, which is gd itself: the momentum optimizers take 0.9, the value its docs' example uses.
  momentum: { values: { learningRate: 1e-3, momentum: 0.9, weightDecay: 0 }, chosen: 'momentum 0.9' },
  nesterov: { values: { learningRate: 1e-3, momentum: 0.9, weightDecay: 0 }, chosen: 'momentum 0.9' },
  // Adagrad(lr=1e-2, lr_decay=0, weight_decay=0, eps=1e-10).
  adagrad: { values: { learningRate: 1e-2, lrDecay: 0, weightDecay: 0, eps: 1e-10 } },
  // Adadelta(lr=1.0, rho=0.9, eps=1e-6, weight_decay=0).
  adadelta: { values: { learningRate: 1.0, rho: 0.9, eps: 1e-6, weightDecay: 0 } },
  // RMSprop(lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False).
  rmsprop: {
    values: { learningRate: 1e-2, rho: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false },
  },
  // Adam(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False).
  adam: { values: { learningRate: 1e-3, b1: 0.9, b2: 0.999, eps: 1e-8, weightDecay: 0, amsgrad: false } },
  // Adamax(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0).
  adamax: { values: { learningRate: 2e-3, b1: 0.9, b2: 0.999, eps: 1e-8, weightDecay: 0 } },
  // NAdam(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3).
  nadam: {
    values: { learningRate: 2e-3, b1: 0.9, b2: 0.999, eps: 1e-8, weightDecay: 0, momentumDecay: 4e-3 },
  },
  // Adam(amsgrad=True): Adam's defaults otherwise.
  amsgrad: { values: { learningRate: 1e-3, b1: 0.9, b2: 0.999, eps: 1e-8, weightDecay: 0 } },
  // AdamW(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False).
  adamw: { values: { learningRate: 1e-3, b1: 0.9, b2: 0.999, eps: 1e-8, weightDecay: 1e-2, amsgrad: false } },
  // torch.optim has no Newton's method: an Armijo line search keeps its full steps safe far from a minimum.
  newton: { values: { lineSearch: 'armijo' }, chosen: 'lineSearch armijo' },
  // LBFGS(lr=1, history_size=100, line_search_fn=None). downhill's lbfgs takes no rate: a strong-Wolfe
  // line search (PyTorch's one option) chooses each step, which the rate 1 only scales.
  lbfgs: { values: { history: 100, lineSearch: 'strong-wolfe' }, chosen: 'lineSearch strong-wolfe' },
  // torch.optim has no Levenberg–Marquardt: lm follows MINPACK's lmder, whose tolerances fit's tol sets.
  lm: { values: {}, chosen: 'MINPACK lmder' },
};

/** A setting's value when the caller gives none: the optimizer's own default, else the setting's. */
const effective = (name: OptimizerName, key: SettingKey): unknown =>
  (optimizerCatalog[name].defaults as Partial<Record<SettingKey, unknown>>)[key] ??
  (settingCatalog[key] as { default?: unknown }).default;

describe('PyTorch defaults', () => {
  it('the table covers every optimizer', () => {
    expect(Object.keys(pytorch).sort()).toEqual([...optimizerNames].sort());
  });

  for (const name of optimizerNames) {
    it(`${name}: ${Object.keys(pytorch[name].values).join(', ') || 'no settings of PyTorch'}`, () => {
      const { values } = pytorch[name];
      for (const [key, value] of Object.entries(values) as [SettingKey, unknown][]) {
        expect(optimizerCatalog[name].settings, `${name} takes ${key}`).toContain(key);
        expect(effective(name, key), `${name}.${key}`).toBe(value);
      }
    });
  }

  it('the built methods report the same rates', async () => {
    const { createMethod } = await import('../../src/optim/create-method.js');
    for (const name of optimizerNames) {
      const lr = pytorch[name].values.learningRate;
      if (lr !== undefined) expect(createMethod(name).info.lr, name).toBe(lr);
    }
  });
});
