// amsgrad: Adam with a non-decreasing second moment (PyTorch Adam with amsgrad=True).

import { type AdamOptions, adamChain, adamDefaults, adamFamilySettings, adamRule } from './adam.js';
import { defineOptimizer } from './optimizer-spec.js';
import type { Rate } from './schedule.js';
import type { GradientTransformation } from './transform.js';

/**
 * torch.optim.Adam with `amsgrad=True` (Reddi, Kale & Kumar 2018): g ← g + λθ, then
 * θ ← θ − η·m̂/(√(vᵐᵃˣ/(1−b2ᵗ)) + ε) with vᵐᵃˣ the running maximum of v (see scaleByAmsgrad).
 * Defaults as adam. Optax `amsgrad`.
 *
 * Hand-worked, f = Σx², x₀ = [1, 2], η = 0.1: the first step equals Adam's, m̂/√v̂ = [1, 1],
 * x₁ = [0.9, 1.9]; they differ once v would shrink.
 *
 * @example
 * const opt = amsgrad(0.001);
 * const [updates] = opt.update(Float64Array.of(3), opt.init(Float64Array.of(0)), Float64Array.of(0));
 * updates[0]; // → -0.001
 */
export function amsgrad(learningRate: Rate, options: AdamOptions = {}): GradientTransformation<unknown[]> {
  return adamChain(learningRate, options, true);
}

export const amsgradSpec = defineOptimizer({
  name: 'amsgrad',
  summary: "AMSGrad: Adam whose second moment never decreases (PyTorch's Adam with amsgrad)",
  settings: [...adamFamilySettings, 'amsgrad'],
  defaults: adamDefaults,
  usesLearningRate: true,
  fullBatchOnly: false,
  rule: {
    ...adamRule,
    latex:
      'v^{\\max}_t = \\max(v^{\\max}_{t-1}, v_t),\\qquad \\theta_t = \\theta_{t-1} - \\eta\\,\\frac{m_t/(1-\\beta_1^t)}{\\sqrt{v^{\\max}_t/(1-\\beta_2^t)} + \\epsilon}',
  },
  transform: (rate, settings) => amsgrad(rate, settings),
});
