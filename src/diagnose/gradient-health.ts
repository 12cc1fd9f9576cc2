// Gradient health: per-layer gradient norms of a network and whether they vanish or explode.

import type { LayerSlice } from '../models/model.js';

export type GradientVerdict = 'ok' | 'vanishing' | 'exploding';

/**
 * One layer's gradient reading: its name, the norm of its params' gradient, and the verdict.
 *
 * @example
 * const reading: LayerHealth = { layer: 'layer1', norm: 2e-9, verdict: 'vanishing' };
 */
export interface LayerHealth {
  readonly layer: string;
  readonly norm: number;
  readonly verdict: GradientVerdict;
}

/** A layer whose gradient norm is below this fraction of the output layer's is vanishing. */
export const vanishingRatio = 1e-4;
/** A layer whose gradient norm is above this multiple of the output layer's is exploding… */
export const explodingRatio = 1e4;
/**
 * …and so is any layer whose gradient norm is above this, or not finite.
 *
 * @example
 * const layers = [{ name: 'layer1', offset: 0, size: 1 }, { name: 'layer2', offset: 1, size: 1 }];
 * gradientHealth(Float64Array.of(2 * explodingNorm, 900), layers).map((h) => h.verdict); // → ['exploding', 'ok']
 */
export const explodingNorm = 1e3;

/**
 * Judges each layer's gradient against the output layer's, since backpropagation shrinks or grows the
 * gradient layer by layer from the output down (seed 002's vanishing and exploding gradients):
 * `exploding` when the norm is not finite, above 10³, or above 10⁴ × the output layer's; `vanishing`
 * when below 10⁻⁴ × the output layer's (a layer that is all but frozen while the top still learns),
 * and so is every layer below a vanishing one that is not exploding; `ok` otherwise. When the output
 * layer's own gradient is 0, the net sits at a stationary point and no lower layer is called vanishing.
 *
 * @example
 * const layers = [{ name: 'layer1', offset: 0, size: 2 }, { name: 'layer2', offset: 2, size: 1 }];
 * gradientHealth(Float64Array.of(3e-9, 4e-9, 0.5), layers);
 * // [{ layer: 'layer1', norm: 5e-9, verdict: 'vanishing' }, { layer: 'layer2', norm: 0.5, verdict: 'ok' }]
 */
export function gradientHealth(grad: Float64Array, layers: readonly LayerSlice[]): LayerHealth[] {
  const norms = layers.map((layer) => {
    let sum = 0;
    for (let k = layer.offset; k < layer.offset + layer.size; k++) sum += grad[k]! * grad[k]!;
    return Math.sqrt(sum);
  });
  const top = norms[norms.length - 1] ?? 0;
  const verdicts = norms.map((norm): GradientVerdict => {
    if (!Number.isFinite(norm) || norm > explodingNorm || (top > 0 && norm > explodingRatio * top))
      return 'exploding';
    return top > 0 && norm < vanishingRatio * top ? 'vanishing' : 'ok';
  });
  // The error signal reaches a layer only through every layer above it, so below a vanishing layer
  // the signal has vanished too, even where large inputs (the data, at the first layer) lift the
  // weights' gradient back over the ratio.
  for (let l = verdicts.length - 2; l >= 0; l--)
    if (verdicts[l + 1] === 'vanishing' && verdicts[l] === 'ok') verdicts[l] = 'vanishing';
  return layers.map((layer, l) => ({ layer: layer.name, norm: norms[l]!, verdict: verdicts[l]! }));
}

/**
 * The hidden layers (all but the output layer) whose gradient is at most 10⁻⁴ of the output layer's —
 * zero included, so a net whose every gradient is 0 has all its hidden layers frozen, where
 * gradientHealth, judging from the output layer, calls none of them vanishing. A frozen first layer
 * means the net no longer learns from its inputs: dead ReLUs (every row reaches them below 0) or
 * saturated sigmoid/tanh units.
 *
 * @example
 * frozenLayers(gradientHealth(grad, model.layers)); // [{ layer: 'layer1', norm: 0, verdict: 'vanishing' }]
 */
export function frozenLayers(health: readonly LayerHealth[]): LayerHealth[] {
  const top = health[health.length - 1]?.norm ?? 0;
  return health.slice(0, -1).filter((h) => h.norm <= vanishingRatio * top);
}
