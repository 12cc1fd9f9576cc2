// lbfgs: limited-memory BFGS — a quasi-Newton direction from the last few steps, with a strong Wolfe search.

import { dot } from '../numeric/vector.js';
import { type LineSearchName, lineSearch, needsSearch } from './line-search.js';
import type { Method } from './method.js';
import { defineOptimizer } from './optimizer-spec.js';
import { displacementStep, gradientStep, newPointStep, type OptimizerRule } from './rule.js';

/**
 * scipy's L-BFGS-B keeps 10 pairs (maxcor) — PyTorch's LBFGS keeps 100, sized for networks — and a
 * strong Wolfe search, which keeps sᵀy > 0.
 */
export const lbfgsDefaults = { history: 100, lineSearch: 'strong-wolfe' } as const;

/**
 * L-BFGS's settings: how many (s, y) pairs it keeps and its line search.
 *
 * @example
 * const options: LbfgsOptions = { history: 5, lineSearch: 'armijo' };
 * minimize(compileExpression('(x - 1)^2 + 10*(y - 2)^2'), { method: lbfgs(options) }).point; // → [1.0000, 2.0000]
 */
export interface LbfgsOptions {
  /** Pairs (s, y) kept (default lbfgsDefaults.history). */
  history?: number;
  /** The search along the quasi-Newton direction (default lbfgsDefaults.lineSearch). */
  lineSearch?: LineSearchName;
}

export interface LbfgsState {
  /** The last steps sₖ = xₖ₊₁ − xₖ, oldest first. */
  readonly s: Float64Array[];
  /** The matching gradient changes yₖ = ∇fₖ₊₁ − ∇fₖ. */
  readonly y: Float64Array[];
  /** The last search direction d = −H·∇f; zeros before the first step. */
  readonly direction: Float64Array;
  /** The step α the line search took along d (0 before the first step). */
  readonly stepSize: number;
}

/**
 * L-BFGS (Nocedal & Wright, Algorithm 7.4 and 7.5; Liu & Nocedal 1989): the two-loop recursion
 * applies the inverse-Hessian estimate built from the last `history` pairs to −∇f, with initial
 * scaling γ = sᵀy/yᵀy (eq. 7.20). The search starts at α = 1, except on the first step — and after a
 * reset — where the direction is −∇f and α starts at min(1, 1/‖∇f‖) as in L-BFGS-B. A pair with
 * sᵀy ≤ ε·yᵀy is not stored, so the estimate stays positive definite; a direction that is not
 * downhill, or a failed search, clears the memory and retries along −∇f.
 *
 * @example
 * const method = lbfgs({ history: 5 });
 * minimize(compileExpression('(1 - x)^2 + 100*(y - x^2)^2'), { start: Float64Array.of(-1, 1), method }).point; // → [1.0000, 1.0000]
 */
export function lbfgs({
  history = lbfgsDefaults.history,
  lineSearch: search = lbfgsDefaults.lineSearch,
}: LbfgsOptions = {}): Method<LbfgsState> {
  return {
    info: { name: 'lbfgs', history, lineSearch: search },
    init: (x) => ({ s: [], y: [], direction: new Float64Array(x.length), stepSize: 0 }),
    step(x, value, grad, state, objective) {
      let memory: Memory = state;
      let direction = twoLoop(memory, grad);
      if (!(dot(grad, direction) < 0)) {
        memory = { s: [], y: [] };
        direction = twoLoop(memory, grad);
      }
      let result = lineSearch(search, objective, x, value, grad, direction, firstStep(memory, grad));
      if (result.step === 0 && memory.s.length > 0) {
        memory = { s: [], y: [] };
        direction = twoLoop(memory, grad);
        result = lineSearch(search, objective, x, value, grad, direction, firstStep(memory, grad));
      }
      const n = x.length;
      const displacement = new Float64Array(n);
      for (let i = 0; i < n; i++) displacement[i] = result.step * direction[i]!;
      const change = new Float64Array(n);
      for (let i = 0; i < n; i++) change[i] = result.grad[i]! - grad[i]!;
      const sy = dot(displacement, change);
      const searched = { direction, stepSize: result.step };
      if (!(sy > Number.EPSILON * dot(change, change)))
        return [displacement, { s: memory.s, y: memory.y, ...searched }];
      const keep = memory.s.length >= history ? 1 : 0;
      return [
        displacement,
        {
          s: [...memory.s.slice(keep), displacement],
          y: [...memory.y.slice(keep), change],
          ...searched,
        },
      ];
    },
  };
}

/** The pairs the estimate is built from. */
type Memory = Pick<LbfgsState, 's' | 'y'>;

/** −H·g for the L-BFGS inverse-Hessian estimate H; −g when the memory is empty. */
function twoLoop({ s, y }: Memory, grad: Float64Array): Float64Array {
  const m = s.length;
  const q = Float64Array.from(grad);
  const alpha = new Float64Array(m);
  const rho = new Float64Array(m);
  for (let k = m - 1; k >= 0; k--) {
    rho[k] = 1 / dot(y[k]!, s[k]!);
    alpha[k] = rho[k]! * dot(s[k]!, q);
    for (let i = 0; i < q.length; i++) q[i] = q[i]! - alpha[k]! * y[k]![i]!;
  }
  const gamma = m === 0 ? 1 : dot(s[m - 1]!, y[m - 1]!) / dot(y[m - 1]!, y[m - 1]!);
  for (let i = 0; i < q.length; i++) q[i] = gamma * q[i]!;
  for (let k = 0; k < m; k++) {
    const beta = rho[k]! * dot(y[k]!, q);
    for (let i = 0; i < q.length; i++) q[i] = q[i]! + s[k]![i]! * (alpha[k]! - beta);
  }
  for (let i = 0; i < q.length; i++) q[i] = -q[i]!;
  return q;
}

/** The first trial step: 1 with curvature information, else min(1, 1/‖g‖). */
function firstStep(memory: Memory, grad: Float64Array): number {
  return memory.s.length > 0 ? 1 : Math.min(1, 1 / Math.sqrt(dot(grad, grad)));
}

/** L-BFGS's rule: a quasi-Newton direction from the remembered pairs, then a line search. */
export const lbfgsRule: OptimizerRule = {
  latex:
    '\\theta_t = \\theta_{t-1} - \\alpha_t\\, H_t\\,\\nabla L(\\theta_{t-1}),\\quad H_t \\approx \\nabla^2 L^{-1} \\text{ from the last pairs } (s_k, y_k)',
  steps: [
    gradientStep,
    {
      quantity: 'd',
      symbol: 'd_t',
      words:
        'The quasi-Newton direction: the last few steps s and gradient changes y say how the slope bends; the two-loop recursion turns them into an inverse-curvature estimate H and applies it to −g (with no pairs yet, d = −g).',
      latex: 'd_t = -H_t\\, g_t',
      read: (view) => (view.state as LbfgsState).direction,
    },
    {
      quantity: 'alpha',
      symbol: '\\alpha_t',
      words:
        'The line search (strong Wolfe): a step α along d that lowers the loss and flattens the slope enough.',
      latex: '\\alpha_t > 0',
      read: (view) => (view.state as LbfgsState).stepSize,
    },
    displacementStep('The step: α times d.', '\\Delta\\theta_t = \\alpha_t\\, d_t', '[[alpha]] \\cdot [[d]]'),
    {
      quantity: 'pairs',
      symbol: 'k',
      words:
        'Remember the pair (s, y) = (the step, the change of gradient) for the next direction, keeping the last few.',
      latex: 'k = \\text{pairs remembered}',
      read: (view) => (view.state as LbfgsState).s.length,
    },
    newPointStep,
  ],
};

export const lbfgsSpec = defineOptimizer({
  name: 'lbfgs',
  summary: 'L-BFGS: a quasi-Newton direction from the last few steps, with a line search',
  settings: ['lineSearch', 'history'],
  defaults: lbfgsDefaults,
  usesLearningRate: false,
  fullBatchOnly: true,
  rule: lbfgsRule,
  method: ({ lineSearch, history }) => lbfgs({ history, lineSearch: needsSearch('lbfgs', lineSearch) }),
});
