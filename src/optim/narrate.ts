// narrateStep: one step of a named optimizer with each sub-step of its rule — words, equation and the value read from the real state.

import { InputError } from '../errors.js';
import { formatNumber } from '../numeric/format.js';
import { isOptimizerName, optimizerCatalog } from './catalog.js';
import type { Method, Objective } from './method.js';
import type { OptimizerRule, RuleStep, RuleValue, StepView } from './rule.js';
import type { GradientTransformation } from './transform.js';

/**
 * One sub-step of a narrated step: the rule's words and equation with this step's value.
 *
 * @example
 * const f = compileExpression('x^2 + 10*y^2');
 * const [first] = narrateSteps(createMethod('adam', { learningRate: 0.1 }), f, Float64Array.of(1, 1), 1);
 * const m: NarratedQuantity | undefined = first?.quantities.find((q) => q.quantity === 'm');
 * m?.value; // → [0.2, 2]
 * m?.previous; // → [0, 0]
 */
export interface NarratedQuantity {
  readonly quantity: string;
  readonly symbol: string;
  readonly words: string;
  readonly latex: string;
  readonly numbers?: string;
  /** Its value after this step. */
  readonly value: RuleValue;
  /** For a state quantity (m, v, b, s, …), its value before this step; else null. */
  readonly previous: RuleValue | null;
}

/**
 * A step of an optimizer, told sub-step by sub-step.
 *
 * @example
 * const f = compileExpression('x^2 - 4*x + 1');
 * const [step]: NarratedStep[] = narrateSteps(createMethod('gd', { learningRate: 0.1 }), f, Float64Array.of(9), 1);
 * [step!.value, step!.grad[0], step!.next[0]]; // → [46, 14, 7.6]
 */
export interface NarratedStep {
  /** The step's number, from 1. */
  readonly t: number;
  readonly theta: Float64Array;
  readonly value: number;
  readonly grad: Float64Array;
  /** η this step used, or null (newton, lbfgs, lm). */
  readonly learningRate: number | null;
  /** The optimizer's whole rule in LaTeX. */
  readonly rule: string;
  /** The sub-steps that apply to this run (weight decay, momentum, centering, amsgrad only when on), in order. */
  readonly quantities: readonly NarratedQuantity[];
  /** The values by quantity name. */
  readonly values: Readonly<Record<string, RuleValue>>;
  /** The settings a rule's numbers substitute (b1, b2, eps, momentum, rho, weightDecay, …). */
  readonly settings: Readonly<Record<string, number>>;
  /** The displacement and the new point θ′ = θ + step, exactly as the method returned them. */
  readonly step: Float64Array;
  readonly next: Float64Array;
  /** The method's state after the step: pass it to the next narrateStep. */
  readonly state: unknown;
}

/** A function with exact derivatives: an Objective, a compiled Expression. */
export type Differentiable = Pick<Objective, 'value' | 'valueAndGradient' | 'hessian' | 'leastSquares'> & {
  readonly dimension?: number;
};

type PartRecord = { readonly state: unknown; readonly output: Float64Array };

/**
 * Feeds the gradient through each part of a transformation as chain does, keeping every named part's
 * state before and after and the updates it passed on. The parts are pure, so these are the values
 * the method's own step computed.
 */
function walk(
  transform: GradientTransformation<unknown>,
  grads: Float64Array,
  state: unknown,
  params: Float64Array,
  value: number,
  after: Map<string, PartRecord>,
  before: Map<string, PartRecord>,
): Float64Array {
  if (transform.parts !== undefined) {
    const states = state as unknown[];
    let updates = grads;
    transform.parts.forEach((part, i) => {
      updates = walk(part, updates, states[i], params, value, after, before);
    });
    return updates;
  }
  const [output, next] = transform.update(grads, state, params, value);
  if (transform.name !== undefined && !after.has(transform.name)) {
    after.set(transform.name, { state: next, output });
    before.set(transform.name, { state, output: grads });
  }
  return output;
}

/** An Objective of dimension n over f (an Expression's methods stay bound to it). */
function objectiveOf(f: Differentiable, n: number): Objective {
  return {
    dimension: n,
    value: (x) => f.value(x),
    valueAndGradient: (x, grad) => f.valueAndGradient(x, grad),
    ...(f.hessian && { hessian: (x: Float64Array, out: Float64Array) => f.hessian!(x, out) }),
    ...(f.leastSquares && { leastSquares: f.leastSquares }),
  };
}

const ruleOf = (method: Method): OptimizerRule => {
  const name = method.info.name;
  if (typeof name !== 'string' || !isOptimizerName(name)) {
    throw new InputError(
      (n) => `${n('optimizer')}: only the catalog's optimizers have a rule to narrate, not "${String(name)}"`,
      { key: 'optimizer' },
    );
  }
  return optimizerCatalog[name].rule;
};

/**
 * Takes one step of `method` (built by createMethod) from θ with its state, and tells it sub-step
 * by sub-step from the optimizer's catalog rule: the gradient, the momentum buffer, the
 * squared-gradient accumulator, the bias corrections, the step, θ′. θ′ and the state are the
 * method's own; the sub-steps' values are read from its transformation's parts (state and updates)
 * as the step computed them — m and v are scaleByAdam's state, d is what it passed on — not from a
 * second copy of the formulas. `t` is the step's number from 1 (a schedule's η and the bias
 * corrections depend on it); pass `state` from the previous NarratedStep, or method.init's.
 *
 * @example
 * const f = compileExpression('x^2 + 10*y^2');
 * const method = createMethod('adam', { learningRate: 0.1 });
 * const [first] = narrateSteps(method, f, Float64Array.of(1, 1), 1);
 * first!.values.m; // → [0.2, 2]
 * first!.quantities.map((q) => q.quantity); // → ['g', 'm', 'v', 'mHat', 'vHat', 'd', 'step', 'theta']
 * const second = narrateStep(method, f, first!.next, first!.state, 2);
 * second.t; // → 2
 */
export function narrateStep(
  method: Method,
  f: Differentiable,
  theta: Float64Array,
  state: unknown,
  t: number,
): NarratedStep {
  const rule = ruleOf(method);
  const n = theta.length;
  const objective = objectiveOf(f, n);
  const grad = new Float64Array(n);
  const value = objective.valueAndGradient(theta, grad);
  const x = Float64Array.from(theta);
  const learningRate = method.learningRate?.(t - 1, state) ?? null;
  const [step, nextState] = method.step(x, value, Float64Array.from(grad), state, objective);
  const next = new Float64Array(n);
  for (let i = 0; i < n; i++) next[i] = theta[i]! + step[i]!;

  const after = new Map<string, PartRecord>();
  const before = new Map<string, PartRecord>();
  if (method.transform !== undefined) walk(method.transform, grad, state, theta, value, after, before);
  const view = (parts: Map<string, PartRecord>, methodState: unknown): StepView => ({
    t,
    theta,
    value,
    grad,
    learningRate,
    info: method.info,
    step,
    next,
    state: methodState,
    part: (name) => parts.get(name) ?? null,
    objective,
  });
  const now = view(after, nextState);
  const then = view(before, state);

  const quantities: NarratedQuantity[] = [];
  const values: Record<string, RuleValue> = {};
  const read = (s: RuleStep): void => {
    const v = s.read(now);
    if (v === null || s.quantity in values) return;
    values[s.quantity] = v;
    quantities.push({
      quantity: s.quantity,
      symbol: s.symbol,
      words: s.words,
      latex: s.latex,
      ...(s.numbers !== undefined && { numbers: s.numbers }),
      value: v,
      previous: s.state === true ? s.read(then) : null,
    });
  };
  rule.steps.forEach(read);
  const settings: Record<string, number> = {};
  for (const [key, v] of Object.entries(method.info)) if (typeof v === 'number') settings[key] = v;
  return {
    t,
    theta,
    value,
    grad,
    learningRate,
    rule: rule.latex,
    quantities,
    values,
    settings,
    step,
    next,
    state: nextState,
  };
}

/**
 * `steps` narrated steps of `method` from `start`, each from the last one's θ′ and state.
 *
 * @example
 * const f = compileExpression('x^2 - 4*x + 1');
 * const steps = narrateSteps(createMethod('gd', { learningRate: 0.1 }), f, Float64Array.of(9), 3);
 * steps[0]!.values.step; // → [-1.4]
 * steps.map((s) => s.next[0]); // → [7.6, 6.48, 5.584]
 */
export function narrateSteps(
  method: Method,
  f: Differentiable,
  start: Float64Array,
  steps: number,
): NarratedStep[] {
  const objective = objectiveOf(f, start.length);
  let theta: Float64Array = Float64Array.from(start);
  let state = method.init(theta, objective);
  const out: NarratedStep[] = [];
  for (let t = 1; t <= steps; t++) {
    const narrated = narrateStep(method, objective, theta, state, t);
    out.push(narrated);
    theta = narrated.next;
    state = narrated.state;
  }
  return out;
}

/** A number for LaTeX: formatNumber's digits, exponents as ×10ⁿ, negatives in parentheses. */
function latexNumber(v: number, digits: number, bracket: boolean): string {
  const text = formatNumber(v, digits);
  if (text === 'not a number') return '\\text{NaN}';
  if (text === '∞' || text === '-∞') return text === '∞' ? '\\infty' : '(-\\infty)';
  const [mantissa, exponent] = text.split('e');
  // Braced, the exponent form is one atom: KaTeX breaks a long line after = or ·, never inside a number.
  const body = exponent === undefined ? mantissa! : `{${mantissa}\\times 10^{${exponent}}}`;
  return bracket && (v < 0 || exponent !== undefined) ? `(${body})` : body;
}

/**
 * A narrated quantity's equation with this step's numbers in it, for coordinate `i`: the rule's
 * `numbers` template filled from the step's values, the state before it (`[[m-]]`, `[[theta-]]`),
 * the settings, η (`[[eta]]`) and t; then `= value`. Null when the sub-step has no template.
 *
 * @example
 * const f = compileExpression('x^2 - 4*x + 1');
 * const [first] = narrateSteps(createMethod('momentum', { learningRate: 0.1 }), f, Float64Array.of(9), 1);
 * substituteNumbers(first!, first!.quantities[1]!, 0); // → 'b_t = 0.9 \\cdot 0 + 14 = 14'
 */
export function substituteNumbers(
  step: NarratedStep,
  quantity: NarratedQuantity,
  i: number,
  digits = 5,
): string | null {
  if (quantity.numbers === undefined) return null;
  const at = (v: RuleValue | null | undefined): number | null =>
    v === null || v === undefined ? null : typeof v === 'number' ? v : (v[i] ?? null);
  const previous = (name: string): number | null => {
    if (name === 'theta') return step.theta[i] ?? null;
    const q = step.quantities.find((x) => x.quantity === name);
    return at(q?.previous);
  };
  const lookup = (name: string): number | null => {
    if (name.endsWith('-')) return previous(name.slice(0, -1));
    if (name === 'eta') return step.learningRate;
    if (name === 't') return step.t;
    if (name === 'grad') return at(step.values.gDecayed ?? step.values.g);
    if (name === 'dir') return at(step.values.dDecayed ?? step.values.d);
    if (name in step.values) return at(step.values[name]);
    return step.settings[name] ?? null;
  };
  let complete = true;
  const filled = quantity.numbers.replace(/\[\[([A-Za-z][A-Za-z0-9]*-?)\]\]/g, (_, name: string) => {
    const v = lookup(name);
    if (v === null) {
      complete = false;
      return '?';
    }
    return latexNumber(v, digits, true);
  });
  if (!complete) return null;
  const result = at(quantity.value);
  return `${quantity.symbol} = ${filled}${result === null ? '' : ` = ${latexNumber(result, digits, false)}`}`;
}
