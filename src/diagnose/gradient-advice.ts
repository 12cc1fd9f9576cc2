// Gradient advice: gradient health in words — what each layer's verdict means and what to change.

import { formatNumber } from '../numeric/format.js';
import { type GradientVerdict, type LayerHealth, vanishingRatio } from './gradient-health.js';

/** One layer's reading with its share of the output layer's gradient and a sentence on it. */
export interface LayerAdvice extends LayerHealth {
  /** This layer's gradient norm over the output layer's (NaN when the output layer's is 0 or not finite). */
  readonly ratio: number;
  readonly text: string;
}

/**
 * The network's reading: the worst verdict, one paragraph with the remedy, and each layer's.
 *
 * @example
 * const advice: GradientAdvice = gradientAdvice([{ layer: 'layer1', norm: 0.2, verdict: 'ok' }], { activation: 'tanh' });
 * advice.message; // 'Every layer gets a gradient of a healthy size: …'
 */
export interface GradientAdvice {
  readonly verdict: GradientVerdict;
  readonly message: string;
  readonly layers: readonly LayerAdvice[];
}

/** What the advice needs to know of the network besides its gradients. */
export interface AdviceContext {
  /** The hidden activation: relu, tanh or sigmoid. */
  readonly activation: string;
  /** The init setting (`he`, `xavier`, `normal:STD`), or null for the activation's default. */
  readonly init?: string | null;
}

const list = (names: readonly string[]): string =>
  names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

function vanishingRemedy(activation: string): string {
  if (activation === 'sigmoid')
    return "sigmoid's slope is at most 0.25, so every sigmoid layer passes back at most a quarter of the gradient it receives. Try tanh or relu, fewer layers, or an adaptive optimizer such as adam, which rescales each weight's step";
  if (activation === 'tanh')
    return 'saturated tanh units (|z| large) pass back almost nothing. Try fewer layers, xavier init, relu, or an adaptive optimizer such as adam';
  return 'ReLUs that are below 0 on every row pass back nothing (dead units). Try a smaller learning rate, he init, another seed, or tanh';
}

/** Which vanishing layers are under the ratio themselves and which only sit below such layers. */
function whyVanishing(layers: readonly LayerAdvice[]): string {
  const vanishing = layers.filter((l) => l.verdict === 'vanishing');
  const below = vanishing.filter((l) => l.ratio < vanishingRatio).map((l) => l.layer);
  const through = vanishing.filter((l) => !(l.ratio < vanishingRatio)).map((l) => l.layer);
  if (through.length === 0) return "under 10⁻⁴ of the output layer's";
  if (below.length === 0) return 'each gets its error signal only through a vanishing layer above it';
  const are = below.length === 1 ? 'is' : 'are';
  const gets = through.length === 1 ? 'gets' : 'get';
  return `${list(below)} ${are} under 10⁻⁴ of the output layer's, and ${list(through)} ${gets} the error signal only through ${below.length === 1 ? 'it' : 'them'}`;
}

function explodingRemedy(init: string | null | undefined, activation: string): string {
  const scale = init?.startsWith('normal:')
    ? `the weights start with standard deviation ${init.slice(7)}, so each layer multiplies the signal and the gradient by far more than 1. Start from ${activation === 'relu' ? 'he' : 'xavier'} init (which keeps that factor near 1),`
    : 'the weights have grown so large that each layer multiplies the gradient on its way down. Try';
  return `${scale} a smaller learning rate, or clip the gradient (clipByGlobalNorm)`;
}

/**
 * Puts gradientHealth into words for a learner (seed 002's vanishing and exploding gradients): each
 * layer's share of the output layer's gradient, the worst verdict, and a remedy that fits the
 * activation and the init — tanh or relu for a deep sigmoid net whose first layers vanish, a smaller
 * init scale or learning rate, or clipping, for one that explodes.
 *
 * @example
 * const advice = gradientAdvice(
 *   [{ layer: 'layer1', norm: 2e-9, verdict: 'vanishing' }, { layer: 'layer2', norm: 0.3, verdict: 'ok' }],
 *   { activation: 'sigmoid' },
 * );
 * advice.verdict;          // 'vanishing'
 * advice.layers[0]!.text;  // 'layer1: 6.7e-9 of the output layer's gradient — it has all but stopped learning'
 */
export function gradientAdvice(health: readonly LayerHealth[], context: AdviceContext): GradientAdvice {
  const top = health.at(-1)?.norm ?? Number.NaN;
  const layers: LayerAdvice[] = health.map((h) => {
    const ratio = top > 0 && Number.isFinite(top) ? h.norm / top : Number.NaN;
    const share = Number.isFinite(ratio) ? `${formatNumber(ratio, 2)} of the output layer's gradient` : '';
    const norm = Number.isFinite(h.norm) ? `gradient norm ${formatNumber(h.norm, 3)}` : 'gradient not finite';
    const inherited = h.verdict === 'vanishing' && !(ratio < vanishingRatio);
    const text =
      h.verdict === 'vanishing'
        ? `${h.layer}: ${share}${inherited ? ', and its error signal comes only through vanishing layers above it' : ''} — it has all but stopped learning`
        : h.verdict === 'exploding'
          ? `${h.layer}: ${norm}${share === '' ? '' : `, ${share}`} — its steps overshoot`
          : `${h.layer}: ${norm} — a healthy size`;
    return { ...h, ratio, text };
  });
  const vanishing = health.filter((h) => h.verdict === 'vanishing').map((h) => h.layer);
  const exploding = health.filter((h) => h.verdict === 'exploding').map((h) => h.layer);
  if (exploding.length > 0) {
    return {
      verdict: 'exploding',
      message: `Exploding gradients in ${list(exploding)}: backpropagation multiplies the gradient layer by layer on its way from the output down, and here it grows — ${explodingRemedy(context.init, context.activation)}.`,
      layers,
    };
  }
  if (vanishing.length > 0) {
    return {
      verdict: 'vanishing',
      message: `Vanishing gradients in ${list(vanishing)}: ${whyVanishing(layers)}, so these first layers barely change while the top ones learn. Backpropagation multiplies the gradient by each layer's weights and activation slope on its way down — ${vanishingRemedy(context.activation)}.`,
      layers,
    };
  }
  return {
    verdict: 'ok',
    message:
      top === 0
        ? 'Every gradient is 0: the network sits at a stationary point, so no layer is judged vanishing.'
        : 'Every layer gets a gradient of a healthy size: none under 10⁻⁴ of the output layer’s, none above 10³.',
    layers,
  };
}
