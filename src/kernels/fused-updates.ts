// Fused optimizer updates: gd, momentum and Adam applied to a flat parameter vector in one pass, in place.

/**
 * θ ← θ + (−η·(g + λθ)), the weight decay term left out when λ is 0 — each entry computed as
 * addDecayedWeights, scaleByLearningRate and the loop's θ + Δθ do it one after another, so the result is
 * theirs bit for bit, without the updates array between them.
 *
 * @example
 * const params = Float64Array.of(1, 2);
 * kernels.gdUpdate(params, Float64Array.of(10, -10), 0.1, 0);
 * [...params]; // → [0, 3]
 */
export function gdUpdate(params: Float64Array, grad: Float64Array, eta: number, lambda: number): void {
  const n = params.length;
  // Four entries a turn, each computed alone as before: V8 runs the loop about a quarter faster so (an mlp's
  // 100,000 params are updated after every batch, while a second thread waits).
  let i = 0;
  if (lambda === 0) {
    for (; i + 3 < n; i += 4) {
      const p0 = params[i]! + -eta * grad[i]!;
      const p1 = params[i + 1]! + -eta * grad[i + 1]!;
      const p2 = params[i + 2]! + -eta * grad[i + 2]!;
      const p3 = params[i + 3]! + -eta * grad[i + 3]!;
      params[i] = p0;
      params[i + 1] = p1;
      params[i + 2] = p2;
      params[i + 3] = p3;
    }
    for (; i < n; i++) params[i] = params[i]! + -eta * grad[i]!;
    return;
  }
  for (; i + 3 < n; i += 4) {
    const p0 = params[i]!;
    const p1 = params[i + 1]!;
    const p2 = params[i + 2]!;
    const p3 = params[i + 3]!;
    params[i] = p0 + -eta * (grad[i]! + lambda * p0);
    params[i + 1] = p1 + -eta * (grad[i + 1]! + lambda * p1);
    params[i + 2] = p2 + -eta * (grad[i + 2]! + lambda * p2);
    params[i + 3] = p3 + -eta * (grad[i + 3]! + lambda * p3);
  }
  for (; i < n; i++) {
    const p = params[i]!;
    params[i] = p + -eta * (grad[i]! + lambda * p);
  }
}

/**
 * Heavy-ball momentum in place: u = g + λθ (λ ≠ 0), b ← μ·b + u, then θ ← θ + (−η·b), or with
 * Nesterov's look-ahead θ ← θ + (−η·(u + μ·b)) — trace's and scaleByLearningRate's arithmetic entry by
 * entry. `trace` (the buffer b) is overwritten with its next value.
 *
 * @example
 * const params = Float64Array.of(1);
 * const trace = Float64Array.of(2);
 * kernels.momentumUpdate(params, trace, Float64Array.of(1), 0.5, 0.9, false, 0);
 * [...trace]; // → [2.8]
 * [...params]; // → [-0.4]
 */
export function momentumUpdate(
  params: Float64Array,
  trace: Float64Array,
  grad: Float64Array,
  eta: number,
  mu: number,
  nesterov: boolean,
  lambda: number,
): void {
  const n = params.length;
  for (let i = 0; i < n; i++) {
    const p = params[i]!;
    const g = lambda === 0 ? grad[i]! : grad[i]! + lambda * p;
    const b = mu * trace[i]! + g;
    trace[i] = b;
    params[i] = p + -eta * (nesterov ? g + mu * b : b);
  }
}

/**
 * Adam in place: u = g + λθ (λ ≠ 0), m ← β₁m + (1 − β₁)u, v ← β₂v + (1 − β₂)u², then
 * θ ← θ + (−η·(m / c₁ / (√(v / c₂) + ε))) with the bias corrections c₁ = 1 − β₁ᵗ, c₂ = 1 − β₂ᵗ given —
 * scaleByAdam's and scaleByLearningRate's arithmetic entry by entry. `mu` and `nu` are overwritten.
 *
 * @example
 * const params = Float64Array.of(1);
 * const [mu, nu] = [new Float64Array(1), new Float64Array(1)];
 * kernels.adamUpdate(params, mu, nu, Float64Array.of(4), 0.1, 0.9, 0.999, 1e-8, 1 - 0.9, 1 - 0.999, 0);
 * [...params]; // → [0.9]
 */
export function adamUpdate(
  params: Float64Array,
  mu: Float64Array,
  nu: Float64Array,
  grad: Float64Array,
  eta: number,
  b1: number,
  b2: number,
  eps: number,
  correction1: number,
  correction2: number,
  lambda: number,
): void {
  const n = params.length;
  for (let i = 0; i < n; i++) {
    const p = params[i]!;
    const g = lambda === 0 ? grad[i]! : grad[i]! + lambda * p;
    const m = b1 * mu[i]! + (1 - b1) * g;
    const v = b2 * nu[i]! + (1 - b2) * g * g;
    mu[i] = m;
    nu[i] = v;
    params[i] = p + -eta * (m / correction1 / (Math.sqrt(v / correction2) + eps));
  }
}
