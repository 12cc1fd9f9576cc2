// GradientTransformation: an optimizer as a pure pair init/update over a flat parameter vector (Optax).

/**
 * `init(params)` builds plain-data state; `update(grads, state, params)` returns the updates to
 * *add* to the parameters and the next state. Neither mutates its arguments, so state can be saved,
 * restored and inspected step by step.
 */
export interface GradientTransformation<S = unknown> {
  init(params: Float64Array): S;
  update(grads: Float64Array, state: S, params: Float64Array): [updates: Float64Array, state: S];
}

/** params + updates, into a new array. */
export function applyUpdates(params: Float64Array, updates: Float64Array): Float64Array {
  const out = new Float64Array(params.length);
  for (let i = 0; i < params.length; i++) out[i] = params[i]! + updates[i]!;
  return out;
}
