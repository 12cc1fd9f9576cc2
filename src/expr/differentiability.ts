// differentiabilityAt: why an expression's gradient at a point is not an ordinary number — the rule that failed, where.

import { formatNumber } from '../numeric/format.js';
import type { Differentiability, DifferentiabilityKind } from '../record/differentiability.js';
import { constantValue, type ExprNode, variablesOf } from './node.js';
import { formatExpression } from './print.js';
import { FUNCTION_RULES } from './rules.js';

/** A node whose derivative rule met a non-finite value from finite inputs: the start of an explanation. */
interface Site {
  readonly node: ExprNode;
  readonly rule: Differentiability['rule'];
  /** Why, in words, without the point: "sqrt'(0) is unbounded". */
  readonly why: string;
  /** True when a product of finite numbers overflowed rather than a rule meeting a singular value. */
  readonly overflow: boolean;
  /** The argument (a power's base) that sits at the rule's singular value. */
  readonly arg?: ExprNode;
}

/** w·log(p), 0 when w is 0 — as the compiled gradient takes it. */
function xlog(w: number, p: number): number {
  return w === 0 ? 0 : w * Math.log(p);
}

/** a·b, 0 when either is 0 — as the compiled gradient takes it (no 0·∞ at removable singularities). */
function mul0(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : a * b;
}

const text = (node: ExprNode): string => formatExpression(node);

/**
 * Every node's value at x, and which nodes have variables under them.
 *
 * @example
 * const tree = parseExpression('abs(x) ^ 1.5');
 * evaluate(tree, ['x'], Float64Array.of(-4)).values.get(tree); // → 8
 */
export function evaluate(root: ExprNode, variables: readonly string[], x: Float64Array) {
  const values = new Map<ExprNode, number>();
  const varying = new Set<ExprNode>();
  const visit = (node: ExprNode): number => {
    let v: number;
    switch (node.kind) {
      case 'number':
        v = node.value;
        break;
      case 'constant':
        v = constantValue(node.name);
        break;
      case 'variable':
        v = x[variables.indexOf(node.name)]!;
        varying.add(node);
        break;
      case 'negate':
        v = -visit(node.arg);
        if (varying.has(node.arg)) varying.add(node);
        break;
      case 'call':
        v = FUNCTION_RULES[node.fn].value(visit(node.arg));
        if (varying.has(node.arg)) varying.add(node);
        break;
      case 'binary': {
        const p = visit(node.left);
        const q = visit(node.right);
        v =
          node.op === '+'
            ? p + q
            : node.op === '-'
              ? p - q
              : node.op === '*'
                ? p * q
                : node.op === '/'
                  ? p / q
                  : node.right.kind === 'number' && node.right.value === 0
                    ? 1
                    : p ** q;
        if (varying.has(node.left) || varying.has(node.right)) varying.add(node);
        break;
      }
    }
    values.set(node, v);
    return v;
  };
  visit(root);
  return { values, varying };
}

/** The innermost node whose value is not finite although its children's are: where f stops being defined. */
function undefinedSite(root: ExprNode, values: Map<ExprNode, number>): ExprNode {
  const children = (node: ExprNode): ExprNode[] =>
    node.kind === 'binary'
      ? [node.left, node.right]
      : node.kind === 'negate' || node.kind === 'call'
        ? [node.arg]
        : [];
  let node = root;
  for (;;) {
    const bad = children(node).find((c) => !Number.isFinite(values.get(c)!));
    if (bad === undefined) return node;
    node = bad;
  }
}

/**
 * Whether a node that is ±∞ got there from finite operands by a rule that is finite at them — its true
 * value is a real number too large for float64 (x ^ 2 at 1e155, exp(800), a product of two 1e200s) —
 * rather than at a pole (1 / 0, log(0), 0 ^ −1).
 */
function overflows(node: ExprNode, values: Map<ExprNode, number>): boolean {
  const v = values.get(node)!;
  if (Number.isNaN(v) || Number.isFinite(v)) return false;
  // Of the functions, only exp grows past float64 from a finite argument (log, tan and the rest stay finite).
  if (node.kind === 'call') return node.fn === 'exp' && Number.isFinite(values.get(node.arg)!);
  if (node.kind !== 'binary') return false;
  const a = values.get(node.left)!;
  const b = values.get(node.right)!;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  // A 0 that is only an underflow (exp(−800), 1e-200 ^ 2) makes 1 / 0 an overflow, not a pole.
  if (node.op === '/') return b !== 0 || underflows(node.right, values);
  if (node.op === '^') return a !== 0 || underflows(node.left, values);
  return true;
}

/**
 * Whether a node that is 0 is so only because its true value is below float64's smallest number:
 * exp and sigmoid of a finite argument are never 0, nor a product, quotient or power of numbers that
 * are not 0 (exp(−800), 1e-200 · 1e-200, 1e-200 ^ 2).
 */
function underflows(node: ExprNode, values: Map<ExprNode, number>): boolean {
  if (values.get(node) !== 0) return false;
  if (node.kind === 'negate') return underflows(node.arg, values);
  if (node.kind === 'call')
    return (node.fn === 'exp' || node.fn === 'sigmoid') && Number.isFinite(values.get(node.arg)!);
  if (node.kind !== 'binary') return false;
  const a = values.get(node.left)!;
  const b = values.get(node.right)!;
  const nonzero = (x: number, child: ExprNode): boolean =>
    Number.isFinite(x) && (x !== 0 || underflows(child, values));
  if (node.op === '*') return nonzero(a, node.left) && nonzero(b, node.right);
  if (node.op === '/') return nonzero(a, node.left) && Number.isFinite(b);
  if (node.op === '^') return nonzero(a, node.left) && Number.isFinite(b);
  return false;
}

/**
 * Whether an overflow at `site` makes f's own true value beyond float64's range too: every node from
 * the root down to it keeps at least the size of the child on the path — a negation, a sum with a
 * number far below float64's limit, a product with a factor of size ≥ 1, a quotient by one of size
 * ≤ 1, a power ≥ 1 of it, exp of +∞. sqrt(exp(800)) is e^400, in range, and exp(x)·exp(−x) is 1.
 */
function overflowReachesRoot(root: ExprNode, site: ExprNode, values: Map<ExprNode, number>): boolean {
  let node = root;
  while (node !== site) {
    const v = values.get(node)!;
    if (Number.isFinite(v) || Number.isNaN(v)) return false;
    if (node.kind === 'negate') {
      node = node.arg;
    } else if (node.kind === 'call') {
      if (node.fn !== 'exp' || values.get(node.arg) !== Number.POSITIVE_INFINITY) return false;
      node = node.arg;
    } else if (node.kind === 'binary') {
      const a = values.get(node.left)!;
      const b = values.get(node.right)!;
      const leftBad = !Number.isFinite(a);
      if (leftBad === !Number.isFinite(b)) return false;
      const other = leftBad ? b : a;
      const keeps =
        node.op === '+' || node.op === '-'
          ? Math.abs(other) < 1e300
          : node.op === '*'
            ? Math.abs(other) >= 1
            : node.op === '/'
              ? leftBad && Math.abs(b) <= 1 && b !== 0
              : leftBad && b >= 1;
      if (!keeps) return false;
      node = leftBad ? node.left : node.right;
    } else {
      return false;
    }
  }
  return true;
}

/**
 * Reverse mode over the tree, as the compiled gradient runs it, noting each node where a finite
 * adjoint met a local partial that is not finite (a rule at a singular value) or overflowed in the
 * product, and each `abs` met at its kink by a non-zero adjoint (its rule picks slope 0 there).
 * `near` counts one node as met at its singular value even when rounding left its argument a hair
 * away from it (a root found by bisection).
 */
function sites(
  root: ExprNode,
  values: Map<ExprNode, number>,
  varying: Set<ExprNode>,
  near?: ExprNode,
): Site[] {
  const found: Site[] = [];
  const val = (n: ExprNode): number => values.get(n)!;
  // A partial that is not finite is a site whatever flows into it (0·sqrt(x) is still undefined left
  // of 0; the side readings decide); an overflow only where a finite adjoint became infinite.
  const flow = (child: ExprNode, d: number, partial: number, site: () => Omit<Site, 'overflow'>): void => {
    if (!varying.has(child)) return;
    const out = mul0(d, partial);
    if (!Number.isFinite(partial)) found.push({ ...site(), overflow: false });
    else if (Number.isFinite(d) && !Number.isFinite(out)) found.push({ ...site(), overflow: true });
    back(child, out);
  };
  const back = (node: ExprNode, d: number): void => {
    if (node === near && (node.kind === 'call' || node.kind === 'binary')) {
      const arg = node.kind === 'call' ? node.arg : node.left;
      found.push({ node, rule: ruleOf(node), why: singularWhy(node, 0), overflow: false, arg });
    }
    switch (node.kind) {
      case 'negate':
        back(node.arg, -d);
        return;
      case 'call': {
        const p = val(node.arg);
        const rule = FUNCTION_RULES[node.fn];
        const partial = rule.first(p, val(node));
        if (rule.kink !== undefined && p === rule.kink && varying.has(node.arg) && node !== near) {
          found.push({ node, rule: node.fn, why: singularWhy(node, p), overflow: false, arg: node.arg });
        }
        flow(node.arg, d, partial, () => ({
          node,
          rule: node.fn,
          arg: node.arg,
          why: Number.isNaN(partial)
            ? `${node.fn}'(${formatNumber(p)}) is not a number`
            : singularWhy(node, p),
        }));
        return;
      }
      case 'binary': {
        const p = val(node.left);
        const q = val(node.right);
        const r = val(node);
        const { op, left, right } = node;
        const overflows = () => ({
          node,
          rule: op,
          why: `the chain rule's product overflows at ${text(node)}`,
        });
        switch (op) {
          case '+':
          case '-':
            back(left, d);
            back(right, op === '+' ? d : -d);
            return;
          case '*':
            flow(left, d, q, overflows);
            flow(right, d, p, overflows);
            return;
          case '/': {
            const u = mul0(d, 1 / q);
            flow(left, d, 1 / q, overflows);
            flow(right, u, -r, overflows);
            return;
          }
          case '^': {
            if (right.kind === 'number' && right.value === 0) return;
            const base = mul0(q, p ** (q - 1));
            flow(left, d, base, () =>
              Number.isFinite(base) ? overflows() : { node, rule: op, why: singularWhy(node, p), arg: left },
            );
            const exponent = xlog(r, p);
            flow(right, d, exponent, () => ({
              node,
              rule: op,
              why: Number.isFinite(exponent)
                ? `the chain rule's product overflows at ${text(node)}`
                : Number.isNaN(exponent)
                  ? `${text(node)} is not a real number for ${text(right)} near ${formatNumber(q)}: its base ${
                      varying.has(left) ? `${text(left)} = ${formatNumber(p)}` : text(left)
                    } is negative`
                  : `the slope of ${text(node)} in ${text(right)} is unbounded where ${text(left)} = ${formatNumber(p)}`,
            }));
            return;
          }
        }
        return;
      }
      default:
        return;
    }
  };
  back(root, 1);
  return found;
}

function ruleOf(node: ExprNode): Differentiability['rule'] {
  return node.kind === 'call' ? node.fn : node.kind === 'binary' ? node.op : 'variable';
}

/**
 * Why a function call or a power fails to have a slope when its argument (the base) is `p`: a kink
 * for abs, otherwise the rule's slope is unbounded there ("sqrt'(0) is unbounded").
 */
function singularWhy(node: ExprNode, p: number): string {
  if (node.kind === 'call') {
    const kink = FUNCTION_RULES[node.fn].kink;
    if (kink !== undefined) return `${node.fn} has a kink where ${text(node.arg)} = ${formatNumber(kink)}`;
    return `${node.fn}'(${formatNumber(p)}) is unbounded${node.arg.kind === 'variable' ? '' : ` (in ${text(node)})`}`;
  }
  if (node.kind === 'binary' && node.op === '^') {
    return `the slope of ${text(node)} is unbounded where ${text(node.left)} = ${formatNumber(p)}`;
  }
  return `the slope of ${text(node)} is unbounded`;
}

/** The directions the one-sided slopes are read along: each variable's axis (at most 16 of them). */
const AXES = 16;
/** Relative steps for one-sided difference quotients: the larger shows a trend, the smaller the limit. */
const STEPS = [1e-4, 1e-6] as const;

interface SideReading {
  kink: { variable: string; left: number; right: number } | null;
  unbounded: boolean;
  /** f is not finite just to one side along some variable (`one`), or to both (`both`). */
  edge: 'one' | 'both' | null;
  rises: boolean;
}

/**
 * One-sided difference quotients along each axis, at two step sizes. A kink shows as slopes on the
 * two sides that differ by the same amount at both steps (a smooth function's differ in proportion
 * to the step); an unbounded slope as quotients that grow as the step shrinks (√h/h grows tenfold per
 * hundredfold step); an edge as f not finite just to one side.
 */
function readSides(
  value: (x: Float64Array) => number,
  variables: readonly string[],
  x: Float64Array,
  f0: number,
): SideReading {
  const reading: SideReading = { kink: null, unbounded: false, edge: null, rises: true };
  const scale = 1 + Math.max(0, ...Array.from(x, Math.abs));
  const probe = Float64Array.from(x);
  const at = (i: number, h: number): number => {
    probe[i] = x[i]! + h;
    const v = value(probe);
    probe[i] = x[i]!;
    return v;
  };
  const noise = (h: number): number => (1e4 * Number.EPSILON * (1 + Math.abs(f0))) / h;
  for (let i = 0; i < Math.min(x.length, AXES); i++) {
    const [h1, h2] = STEPS.map((s) => s * scale) as [number, number];
    const right = [(at(i, h1) - f0) / h1, (at(i, h2) - f0) / h2] as const;
    const left = [(f0 - at(i, -h1)) / h1, (f0 - at(i, -h2)) / h2] as const;
    const rightOk = right.every(Number.isFinite);
    const leftOk = left.every(Number.isFinite);
    if (rightOk !== leftOk) reading.edge ??= 'one';
    else if (!rightOk) reading.edge = 'both';
    if (rightOk && right[1] < -noise(h2)) reading.rises = false;
    if (leftOk && left[1] > noise(h2)) reading.rises = false;
    const grows = (q: readonly [number, number]): boolean =>
      Number.isFinite(q[0]) &&
      Number.isFinite(q[1]) &&
      Math.abs(q[1]) > 3 * Math.abs(q[0]) &&
      Math.abs(q[1]) > 100;
    if (grows(right) || grows(left)) reading.unbounded = true;
    if (rightOk && leftOk && reading.kink === null) {
      const gap = [right[0] - left[0], right[1] - left[1]] as const;
      const tolerance = (k: 0 | 1, h: number): number =>
        1e-6 * (1 + Math.abs(right[k]) + Math.abs(left[k])) + noise(h);
      if (
        Math.abs(gap[0]) > tolerance(0, h1) &&
        Math.abs(gap[1]) > tolerance(1, h2) &&
        Math.abs(gap[1]) >= 0.5 * Math.abs(gap[0])
      ) {
        reading.kink = { variable: variables[i]!, left: left[1], right: right[1] };
      }
    }
  }
  return reading;
}

/** The point in words: `x = 0`, or `(x = 0, y = 1)` with several variables. */
function pointText(variables: readonly string[], x: Float64Array): string {
  const parts = variables.map((v, i) => `${v} = ${formatNumber(x[i]!, 6)}`);
  return parts.length === 1 ? parts[0]! : `(${parts.join(', ')})`;
}

/** A slope read from a difference quotient, rounded to what the quotient can tell. */
const slope = (v: number): string => formatNumber(Number(v.toPrecision(4)), 4);

/** What differentiabilityAt reads: the tree, the variables in point order and the compiled values. */
export interface DifferentiableSource {
  readonly tree: ExprNode;
  readonly variables: readonly string[];
  value(x: Float64Array): number;
  valueAndGradient(x: Float64Array, grad: Float64Array): number;
}

/**
 * Why f has no ordinary gradient at x, or null where it does. Works from the syntax tree: evaluates
 * every sub-expression, runs reverse mode as the compiled gradient does and notes where a derivative
 * rule met a value at which it is undefined or unbounded (sqrt at 0, u^c with c < 1 at u = 0), where
 * `abs` sat at its kink, or where a slope overflowed. One-sided difference quotients along each
 * variable then tell a real kink, cusp or domain edge from a removable one: abs(x²), sqrt(x⁴) and
 * x·abs(x) are differentiable at 0, and get null. A gradient that is not finite where f is finite
 * always gets a reason. `near` (for a root found by bisection, a hair off) names a call or power to
 * take as sitting at its singular value.
 *
 * @example
 * const f = compileExpression('sqrt(x)');
 * differentiabilityAt(f, Float64Array.of(0))?.reason;
 * // → "f is not differentiable at x = 0: sqrt'(0) is unbounded; f is undefined on one side of it"
 * differentiabilityAt(compileExpression('abs(x^2)'), Float64Array.of(0)); // → null
 */
export function differentiabilityAt(
  f: DifferentiableSource,
  x: Float64Array,
  near?: ExprNode,
): Differentiability | null {
  const { tree, variables } = f;
  const { values, varying } = evaluate(tree, variables, x);
  const point = Object.fromEntries(variables.map((v, i) => [v, x[i]!]));
  const where = pointText(variables, x);
  const f0 = values.get(tree)!;
  if (!Number.isFinite(f0)) {
    const node = undefinedSite(tree, values);
    const v = values.get(node)!;
    const overflow = overflows(node, values);
    const what = Number.isNaN(v)
      ? `${text(node)} is not a number there`
      : overflow
        ? `${text(node)} overflows float64 there`
        : `${text(node)} is ${formatNumber(v)} there`;
    // An overflow on the way that f's own value may not share (sqrt(exp(800)) = e^400).
    const beyond = overflow && overflowReachesRoot(tree, node, values);
    return {
      differentiable: overflow,
      kind: 'undefined',
      point,
      at: text(node),
      rule: ruleOf(node),
      risesAlongEachVariable: null,
      // A finite true value beyond float64 (x² at 1e155) is no point where f is undefined.
      reason: beyond
        ? `f's value at ${where} is beyond float64's range (about 1.8e308): ${what}`
        : overflow
          ? `f cannot be computed at ${where} in float64: ${what}, though f's own value may be in range`
          : `f is not defined at ${where}: ${what}`,
      cause: what,
    };
  }
  const gradient = new Float64Array(variables.length);
  f.valueAndGradient(x, gradient);
  const finiteGradient = gradient.every(Number.isFinite);
  const found = sites(tree, values, varying, near);
  const singular = found.filter((s) => !s.overflow);
  if (singular.length === 0) {
    if (finiteGradient) return null;
    const site = found[0];
    const cause = site === undefined ? 'a sum of its slopes overflows' : site.why;
    return {
      differentiable: true,
      kind: 'overflow',
      point,
      at: site === undefined ? text(tree) : text(site.node),
      rule: site === undefined ? 'variable' : site.rule,
      risesAlongEachVariable: null,
      reason: `f is differentiable at ${where}, but its slope is beyond float64's range (about 1.8e308): ${cause}`,
      cause,
    };
  }
  const sides = readSides((p) => f.value(p), variables, x, f0);
  const kind: DifferentiabilityKind | null = sides.unbounded
    ? 'unbounded'
    : sides.edge !== null
      ? 'edge'
      : !finiteGradient
        ? 'unbounded'
        : sides.kink !== null
          ? 'kink'
          : null;
  if (kind === null) return null;
  // The site that explains the kind: for a kink the innermost abs (abs(abs(y)) kinks at y = 0 through
  // the inner one), otherwise the outermost rule that met an unbounded slope (sqrt(abs(x)) is a cusp).
  const isKink = (s: Site): boolean => s.node.kind === 'call' && FUNCTION_RULES[s.node.fn].kink !== undefined;
  // With several kinks at the point (abs(x) + abs(y) at the origin), the one along the variable whose slopes are read.
  const kinks = singular.filter(isKink);
  const along = sides.kink?.variable;
  const alongKinks =
    along === undefined
      ? kinks
      : kinks.filter((s) => s.arg !== undefined && variablesOf(s.arg).includes(along));
  const site =
    (kind === 'kink' ? (alongKinks.at(-1) ?? kinks.at(-1)) : singular.find((s) => !isKink(s))) ??
    singular[0]!;
  let why = site.why;
  if (kind === 'kink' && sides.kink !== null) {
    if (site.arg !== undefined && !why.includes('kink')) {
      why = `${text(site.node)} has a kink where ${text(site.arg)} = ${formatNumber(values.get(site.arg)!)}`;
    }
    why += ` — along ${sides.kink.variable} its slope is ${slope(sides.kink.left)} to the left and ${slope(sides.kink.right)} to the right`;
  }
  if (kind === 'edge') {
    why =
      sides.edge === 'both'
        ? `f is not defined on either side of it — ${why}`
        : `f is defined on one side of it only — ${why}`;
  } else if (sides.edge !== null) {
    why +=
      sides.edge === 'both'
        ? '; f is not defined on either side of it'
        : '; f is undefined on one side of it';
  }
  return {
    differentiable: false,
    kind,
    point,
    at: text(site.node),
    rule: site.rule,
    risesAlongEachVariable: sides.rises,
    reason: `f is not differentiable at ${where}: ${why}`,
    cause: why,
  };
}
