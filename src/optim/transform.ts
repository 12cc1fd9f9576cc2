// GradientTransformation: an optimizer as a pure pair init/update over a flat parameter vector (Optax).

/**
 * `init(params)` builds plain-data state; `update(grads, state, params, value)` returns the updates to
 * *add* to the parameters and the next state. Neither mutates its arguments, so state can be saved,
 * restored and inspected step by step; the updates are a new array that the caller owns (neither an
 * argument nor part of the state). `value` is the loss at `params`, for the few transforms that need it
 * (reduceOnPlateau); chain passes it along and the rest ignore it — Optax's "extra args".
 *
 * @example
 * // The loop minimize and fit run, by hand: f(x) = x², gradient 2x
 * const opt: GradientTransformation = chain(scaleByAdam({ b1: 0.9, b2: 0.999, eps: 1e-8 }), scaleByLearningRate(0.1));
 * let params: Float64Array = Float64Array.of(1);
 * let state = opt.init(params);
 * for (let step = 0; step < 200; step++) {
 *   const [updates, next] = opt.update(Float64Array.of(2 * params[0]!), state, params);
 *   params = applyUpdates(params, updates);
 *   state = next;
 * }
 * Math.abs(params[0]!) < 0.01; // → true
 */
export interface GradientTransformation<S = unknown> {
  init(params: Float64Array): S;
  update(
    grads: Float64Array,
    state: S,
    params: Float64Array,
    value?: number,
  ): [updates: Float64Array, state: S];
  /**
   * `update` writing the updates into `out` — which may be `grads` itself — instead of a new array, and
   * returning the next state; `state` and `params` are still left alone. chain hands each part after the
   * first the array the part before it returned, so a chain allocates one array of updates a step, not one
   * a part. Present on transformations built with `transformation`.
   */
  updateInto?(grads: Float64Array, state: S, params: Float64Array, out: Float64Array, value?: number): S;
  /** The factory that made it (`'scaleByAdam'`), so a step-by-step view can find its part of a chain. */
  readonly name?: string;
  /** A chain's parts, in order. */
  readonly parts?: readonly GradientTransformation<unknown>[];
}

/**
 * A transformation from its in-place form: `update` allocates the updates and calls `updateInto`, whose
 * loop must read grads[i] before it writes out[i] (they may be one array). `name` is the factory's.
 *
 * @example
 * const negate = transformation(
 *   () => ({}),
 *   (grads, state, _params, out) => {
 *     for (let i = 0; i < grads.length; i++) out[i] = -grads[i]!;
 *     return state;
 *   },
 * );
 */
export function transformation<S>(
  init: (params: Float64Array) => S,
  updateInto: (grads: Float64Array, state: S, params: Float64Array, out: Float64Array, value?: number) => S,
  name?: string,
): GradientTransformation<S> {
  return {
    ...(name !== undefined && { name }),
    init,
    update(grads, state, params, value) {
      const out = new Float64Array(grads.length);
      return [out, updateInto(grads, state, params, out, value)];
    },
    updateInto,
  };
}

/**
 * params + updates, into a new array.
 *
 * @example
 * applyUpdates(Float64Array.of(1, 2), Float64Array.of(-0.5, 0.5)); // → [0.5, 2.5]
 */
export function applyUpdates(params: Float64Array, updates: Float64Array): Float64Array {
  const out = new Float64Array(params.length);
  for (let i = 0; i < params.length; i++) out[i] = params[i]! + updates[i]!;
  return out;
}
