// skipNonFinite: a step whose gradient holds NaN or ±Infinity is skipped and counted, not applied.

import type { GradientTransformation } from './transform.js';

export interface SkipNonFiniteState<S> {
  /** Non-finite gradients in a row, up to now (0 after a finite one). */
  readonly notFiniteCount: number;
  /** Non-finite gradients over the whole run. */
  readonly totalNotFinite: number;
  /** The wrapped transformation's state, untouched by skipped steps. */
  readonly inner: S;
}

/**
 * Wraps `inner` so that gradients holding NaN or ±Infinity give zero updates and leave `inner`'s
 * state as it was — moment estimates are not poisoned — while the skip is counted (Optax
 * `apply_if_finite`, without its give-up threshold: a run that never recovers shows as stalled).
 *
 * @example
 * // A gradient holding NaN or ±∞ is skipped: the update is zero and the inner state stays as it was
 * const opt = skipNonFinite(gd(0.1));
 * const [updates] = opt.update(Float64Array.of(Number.NaN, 1), opt.init(Float64Array.of(0, 0)), Float64Array.of(0, 0));
 * [...updates]; // → [0, 0]
 */
export function skipNonFinite<S>(
  inner: GradientTransformation<S>,
): GradientTransformation<SkipNonFiniteState<S>> {
  const { updateInto } = inner;
  return {
    init: (params) => ({ notFiniteCount: 0, totalNotFinite: 0, inner: inner.init(params) }),
    update(grads, state, params, value) {
      if (grads.every(Number.isFinite)) {
        const [updates, next] = inner.update(grads, state.inner, params, value);
        return [updates, { notFiniteCount: 0, totalNotFinite: state.totalNotFinite, inner: next }];
      }
      return [
        new Float64Array(grads.length),
        {
          notFiniteCount: state.notFiniteCount + 1,
          totalNotFinite: state.totalNotFinite + 1,
          inner: state.inner,
        },
      ];
    },
    ...(updateInto !== undefined && {
      updateInto(
        grads: Float64Array,
        state: SkipNonFiniteState<S>,
        params: Float64Array,
        out: Float64Array,
        value?: number,
      ) {
        if (grads.every(Number.isFinite)) {
          const next = updateInto.call(inner, grads, state.inner, params, out, value);
          return { notFiniteCount: 0, totalNotFinite: state.totalNotFinite, inner: next };
        }
        out.fill(0);
        return {
          notFiniteCount: state.notFiniteCount + 1,
          totalNotFinite: state.totalNotFinite + 1,
          inner: state.inner,
        };
      },
    }),
  };
}
