// Weight initialization: he, xavier or normal:STD, drawn from a seeded uniform source.

import { InputError } from '../errors.js';

/** How a layer's weights are drawn: a normal distribution with a standard deviation from its fans. */
export type InitScheme =
  | { readonly kind: 'he' }
  | { readonly kind: 'xavier' }
  | { readonly kind: 'normal'; readonly std: number };

/**
 * Reads `he`, `xavier` or `normal:STD`.
 *
 * @example
 * parseInit('normal:0.01'); // { kind: 'normal', std: 0.01 }
 */
export function parseInit(text: string): InitScheme {
  if (text === 'he' || text === 'xavier') return { kind: text };
  const match = /^normal:(.+)$/.exec(text);
  const std = match ? Number(match[1]) : Number.NaN;
  if (match && Number.isFinite(std) && std > 0) return { kind: 'normal', std };
  throw new InputError(
    (name) => `${name('init')}: expected he, xavier or normal:STD with STD > 0, got "${text}"`,
    { key: 'init' },
  );
}

/**
 * The standard deviation of a layer's weights: He et al. 2015 √(2/fanIn) for relu layers, Glorot &
 * Bengio 2010 √(2/(fanIn + fanOut)) (Glorot normal), or the given one.
 *
 * @example
 * initStd({ kind: 'he' }, 8, 4); // 0.5
 */
export function initStd(scheme: InitScheme, fanIn: number, fanOut: number): number {
  switch (scheme.kind) {
    case 'he':
      return Math.sqrt(2 / fanIn);
    case 'xavier':
      return Math.sqrt(2 / (fanIn + fanOut));
    case 'normal':
      return scheme.std;
  }
}

/**
 * Fills `out` with N(0, std²) draws made from `uniform` by the Box–Muller transform, two per pair of
 * uniforms, so a seeded source gives the same weights everywhere.
 *
 * @example
 * fillNormal(new Float64Array(4), 0.1, seededUniform);
 */
export function fillNormal(out: Float64Array, std: number, uniform: () => number): Float64Array {
  for (let i = 0; i < out.length; i += 2) {
    // 1 − u lies in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    out[i] = std * radius * Math.cos(angle);
    if (i + 1 < out.length) out[i + 1] = std * radius * Math.sin(angle);
  }
  return out;
}
