// compileTree: a checked tree turned into nested closures for the value, the gradient and the Hessian.

import type { CompiledFunction } from './function.js';
import { type BinaryOp, constantValue, type ExprNode } from './node.js';
import { FUNCTION_RULES, type FunctionRule } from './rules.js';

// Closures rather than a switch-driven instruction tape over registers: V8 inlines small closure trees,
// and where it does not a call still beats an opcode dispatch (measured on Rosenbrock's value and
// gradient: ~7 ns against ~60 ns for the tape). `value` and `back` take the point and the gradient as
// arguments rather than reading them from the Env: once inlined, V8 then sees one array throughout
// and loads its backing store once, which cut Rosenbrock's value and gradient from ~8.3 to ~6.9 ns.

/** The mutable context every closure of one compiled function reads: where the point is, where results go. */
class Env {
  /** What values remember for the derivatives: Float64Array slots, because a double kept in a closure variable is boxed on every store. */
  readonly s: Float64Array;
  private used = 0;
  hess: Float64Array = EMPTY;
  /** The Hessian column being computed: the variable the tangents follow. */
  dir = 0;
  /** Whether a leaf of each variable has been built: reverse mode meets leaves in build order. */
  seen: boolean[];
  /**
   * The slope a kink (abs at 0) takes in the Hessian's passes: one side's, +1 or −1, the same for the
   * tangents and the adjoints, so that a squared slope there is 1 as on both sides (|x|² has curvature 2
   * at 0, |x|^1.5 an unbounded one) where the gradient's slope 0 would make it 0.
   */
  side = 1;
  /** Whether the Hessian's passes met a kink: they then run from the other side too, and the two are averaged. */
  kinked = false;
  /** The other side's Hessian, allocated when a rule with a kink is compiled. */
  spare: Float64Array = EMPTY;
  constructor(
    readonly n: number,
    slots: number,
  ) {
    this.s = new Float64Array(slots);
    this.seen = new Array<boolean>(n).fill(false);
  }

  /** The index of the first of `count` fresh slots. */
  take(count: number): number {
    this.used += count;
    return this.used - count;
  }
}

const EMPTY = new Float64Array(0);

/**
 * One compiled node. `value` (at the point x) must run before the others: it remembers what they
 * need. `back` adds d·∂node/∂x into the gradient g (reverse mode); `tangent` is the derivative along
 * variable `dir`; `back2` is reverse mode over those tangents (forward-over-reverse), adding into column `dir` of the
 * Hessian. Each node has one parent, so a tree needs no tape.
 */
interface Piece {
  /** The value of a subtree without variables, folded once at compile time; otherwise null. */
  readonly constant: number | null;
  readonly value: (x: Float64Array) => number;
  readonly back: (d: number, g: Float64Array) => void;
  readonly tangent: () => number;
  readonly back2: (d: number, dd: number) => void;
}

const NOOP = (): void => {};
const ZERO = (): number => 0;

/** w·log(p), taken as 0 when w is 0 so that 0^y and its kin do not turn 0·(−∞) into NaN. */
function xlog(w: number, p: number): number {
  return w === 0 ? 0 : w * Math.log(p);
}

/**
 * a·b for the derivative passes, 0 when either is 0 whatever the other (∞ or NaN). A zero adjoint or
 * tangent means nothing flows along that edge, and a zero partial means the edge is flat: the chain
 * rule's 0·∞ at a removable singularity is 0, as the limit is — exp(−1/x²) has slope 0 at 0 (exp′ = 0
 * meets (−1/x²)′ = ∞), and so has tanh(eˣ) at x = 710 (tanh′ = 0 meets eˣ = ∞).
 */
function mul0(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : a * b;
}

function constant(c: number): Piece {
  return { constant: c, value: () => c, back: NOOP, tangent: ZERO, back2: NOOP };
}

/**
 * Reverse mode visits leaves in the order they are built, so the first leaf of each variable stores
 * into the gradient and only later ones add: no zeroing pass, and one typed-array access instead of
 * two for most leaves. Those accesses are what a small expression's gradient costs, the more so once
 * any ArrayBuffer in the realm has been detached (as under Node's module-loader thread): V8 then
 * checks every access for detachment.
 */
function variable(env: Env, k: number): Piece {
  const first = !env.seen[k];
  env.seen[k] = true;
  return {
    constant: null,
    value: (x) => x[k]!,
    back: first
      ? (d, g) => {
          g[k] = d;
        }
      : (d, g) => {
          g[k]! += d;
        },
    tangent: () => (k === env.dir ? 1 : 0),
    back2: (_d, dd) => {
      env.hess[k * env.n + env.dir]! += dd;
    },
  };
}

function negate({ value: av, back: ab, tangent: at, back2: ab2 }: Piece): Piece {
  return {
    constant: null,
    value: (x) => -av(x),
    back: (d, g) => ab(-d, g),
    tangent: () => -at(),
    back2: (d, dd) => ab2(-d, -dd),
  };
}

function add(a: Piece, b: Piece): Piece {
  const { value: av, back: ab, tangent: at, back2: ab2 } = a;
  const { value: bv, back: bb, tangent: bt, back2: bb2 } = b;
  return {
    constant: null,
    value: (x) => av(x) + bv(x),
    back: (d, g) => {
      ab(d, g);
      bb(d, g);
    },
    tangent: () => at() + bt(),
    back2: (d, dd) => {
      ab2(d, dd);
      bb2(d, dd);
    },
  };
}

function subtract(a: Piece, b: Piece): Piece {
  const { value: av, back: ab, tangent: at, back2: ab2 } = a;
  const { value: bv, back: bb, tangent: bt, back2: bb2 } = b;
  return {
    constant: null,
    value: (x) => av(x) - bv(x),
    back: (d, g) => {
      ab(d, g);
      bb(-d, g);
    },
    tangent: () => at() - bt(),
    back2: (d, dd) => {
      ab2(d, dd);
      bb2(-d, -dd);
    },
  };
}

function multiply(env: Env, a: Piece, b: Piece): Piece {
  const { value: av, back: ab, tangent: at, back2: ab2 } = a;
  const { value: bv, back: bb, tangent: bt, back2: bb2 } = b;
  const s = env.s;
  const P = env.take(4);
  const Q = P + 1;
  const TP = P + 2;
  const TQ = P + 3;
  return {
    constant: null,
    value: (x) => {
      const p = av(x);
      const q = bv(x);
      s[P] = p;
      s[Q] = q;
      return p * q;
    },
    back: (d, g) => {
      ab(mul0(d, s[Q]!), g);
      bb(mul0(d, s[P]!), g);
    },
    tangent: () => {
      const tp = at();
      const tq = bt();
      s[TP] = tp;
      s[TQ] = tq;
      return mul0(tp, s[Q]!) + mul0(s[P]!, tq);
    },
    back2: (d, dd) => {
      const p = s[P]!;
      const q = s[Q]!;
      ab2(mul0(d, q), mul0(dd, q) + mul0(d, s[TQ]!));
      bb2(mul0(d, p), mul0(dd, p) + mul0(d, s[TP]!));
    },
  };
}

function divide(env: Env, a: Piece, b: Piece): Piece {
  const { value: av, back: ab, tangent: at, back2: ab2 } = a;
  const { value: bv, back: bb, tangent: bt, back2: bb2 } = b;
  const s = env.s;
  const Q = env.take(4);
  const R = Q + 1;
  const TQ = Q + 2;
  const TR = Q + 3;
  return {
    constant: null,
    value: (x) => {
      const p = av(x);
      const q = bv(x);
      const r = p / q;
      s[Q] = q;
      s[R] = r;
      return r;
    },
    back: (d, g) => {
      const u = mul0(d, 1 / s[Q]!);
      ab(u, g);
      bb(-mul0(u, s[R]!), g);
    },
    tangent: () => {
      const tp = at();
      const tq = bt();
      const tr = mul0(tp - mul0(s[R]!, tq), 1 / s[Q]!);
      s[TQ] = tq;
      s[TR] = tr;
      return tr;
    },
    back2: (d, dd) => {
      const q = s[Q]!;
      const r = s[R]!;
      const u = mul0(d, 1 / q);
      const du = mul0(dd - mul0(u, s[TQ]!), 1 / q);
      ab2(u, du);
      bb2(-mul0(u, r), -(mul0(du, r) + mul0(u, s[TR]!)));
    },
  };
}

function power(env: Env, a: Piece, b: Piece): Piece {
  const { value: av, back: ab, tangent: at, back2: ab2 } = a;
  const { value: bv, back: bb, tangent: bt, back2: bb2 } = b;
  const s = env.s;
  const P = env.take(6);
  const Q = P + 1;
  const R = P + 2;
  const TP = P + 3;
  const TQ = P + 4;
  const TR = P + 5;
  return {
    constant: null,
    value: (x) => {
      const p = av(x);
      const q = bv(x);
      const r = p ** q;
      s[P] = p;
      s[Q] = q;
      s[R] = r;
      return r;
    },
    back: (d, g) => {
      const p = s[P]!;
      const q = s[Q]!;
      ab(mul0(d, mul0(q, p ** (q - 1))), g);
      bb(mul0(d, xlog(s[R]!, p)), g);
    },
    tangent: () => {
      const p = s[P]!;
      const q = s[Q]!;
      const tp = at();
      const tq = bt();
      const tr = mul0(mul0(q, p ** (q - 1)), tp) + mul0(xlog(s[R]!, p), tq);
      s[TP] = tp;
      s[TQ] = tq;
      s[TR] = tr;
      return tr;
    },
    back2: (d, dd) => {
      // ∂/∂p = q·m and ∂/∂q = r·log p with m = p^(q−1) = r/p; du, dw are their tangents.
      const p = s[P]!;
      const q = s[Q]!;
      const tp = s[TP]!;
      const tq = s[TQ]!;
      const m = p ** (q - 1);
      const u = mul0(q, m);
      const w = xlog(s[R]!, p);
      const du = mul0(tq, m) + mul0(q, mul0(mul0(q - 1, p ** (q - 2)), tp) + mul0(xlog(m, p), tq));
      const dw = xlog(s[TR]!, p) + mul0(m, tp);
      ab2(mul0(d, u), mul0(dd, u) + mul0(d, du));
      bb2(mul0(d, w), mul0(dd, w) + mul0(d, dw));
    },
  };
}

function square(env: Env, { value: av, back: ab, tangent: at, back2: ab2 }: Piece): Piece {
  const s = env.s;
  const P = env.take(2);
  const TP = P + 1;
  return {
    constant: null,
    value: (x) => {
      const p = av(x);
      s[P] = p;
      return p * p;
    },
    back: (d, g) => ab(2 * mul0(d, s[P]!), g),
    tangent: () => {
      const tp = at();
      s[TP] = tp;
      return 2 * mul0(s[P]!, tp);
    },
    back2: (d, dd) => {
      const p = s[P]!;
      ab2(2 * mul0(d, p), 2 * (mul0(dd, p) + mul0(d, s[TP]!)));
    },
  };
}

/** a^c for a constant c other than 0, 1 and 2. */
function powerOf(env: Env, { value: av, back: ab, tangent: at, back2: ab2 }: Piece, c: number): Piece {
  const s = env.s;
  const P = env.take(2);
  const TP = P + 1;
  return {
    constant: null,
    value: (x) => {
      const p = av(x);
      s[P] = p;
      return p ** c;
    },
    back: (d, g) => ab(mul0(d, c * s[P]! ** (c - 1)), g),
    tangent: () => {
      const tp = at();
      s[TP] = tp;
      return mul0(c * s[P]! ** (c - 1), tp);
    },
    back2: (d, dd) => {
      const p = s[P]!;
      const u = c * p ** (c - 1);
      ab2(mul0(d, u), mul0(dd, u) + mul0(mul0(d, c * (c - 1) * p ** (c - 2)), s[TP]!));
    },
  };
}

/** c^b for a constant c. */
function exponential(env: Env, c: number, { value: bv, back: bb, tangent: bt, back2: bb2 }: Piece): Piece {
  const s = env.s;
  const R = env.take(2);
  const TR = R + 1;
  return {
    constant: null,
    value: (x) => {
      const r = c ** bv(x);
      s[R] = r;
      return r;
    },
    back: (d, g) => bb(mul0(d, xlog(s[R]!, c)), g),
    tangent: () => {
      const tr = mul0(xlog(s[R]!, c), bt());
      s[TR] = tr;
      return tr;
    },
    back2: (d, dd) => {
      const w = xlog(s[R]!, c);
      bb2(mul0(d, w), mul0(dd, w) + mul0(d, xlog(s[TR]!, c)));
    },
  };
}

/** a + c (and a − c as a + (−c), which IEEE arithmetic makes identical). */
function shift({ value: av, back, tangent, back2 }: Piece, c: number): Piece {
  return { constant: null, value: (x) => av(x) + c, back, tangent, back2 };
}

/** c − a. */
function subtractFrom(c: number, { value: av, back: ab, tangent: at, back2: ab2 }: Piece): Piece {
  return {
    constant: null,
    value: (x) => c - av(x),
    back: (d, g) => ab(-d, g),
    tangent: () => -at(),
    back2: (d, dd) => ab2(-d, -dd),
  };
}

/** c·a. */
function scale(c: number, { value: av, back: ab, tangent: at, back2: ab2 }: Piece): Piece {
  return {
    constant: null,
    value: (x) => c * av(x),
    back: (d, g) => ab(mul0(c, d), g),
    tangent: () => mul0(c, at()),
    back2: (d, dd) => ab2(mul0(c, d), mul0(c, dd)),
  };
}

/** a / c. */
function divideBy({ value: av, back: ab, tangent: at, back2: ab2 }: Piece, c: number): Piece {
  return {
    constant: null,
    value: (x) => av(x) / c,
    back: (d, g) => ab(d / c, g),
    tangent: () => at() / c,
    back2: (d, dd) => ab2(d / c, dd / c),
  };
}

/** c / b. */
function reciprocal(env: Env, c: number, { value: bv, back: bb, tangent: bt, back2: bb2 }: Piece): Piece {
  const s = env.s;
  const Q = env.take(3);
  const R = Q + 1;
  const TQ = Q + 2;
  return {
    constant: null,
    value: (x) => {
      const q = bv(x);
      const r = c / q;
      s[Q] = q;
      s[R] = r;
      return r;
    },
    back: (d, g) => bb(mul0(d, -s[R]! / s[Q]!), g),
    tangent: () => {
      const tq = bt();
      s[TQ] = tq;
      return mul0(-s[R]! / s[Q]!, tq);
    },
    back2: (d, dd) => {
      // u = −c/q², du = −2·u·tq/q.
      const q = s[Q]!;
      const u = -s[R]! / q;
      bb2(mul0(d, u), mul0(dd, u) - 2 * mul0(mul0(d, u), s[TQ]! / q));
    },
  };
}

function call(env: Env, rule: FunctionRule, { value: av, back: ab, tangent: at, back2: ab2 }: Piece): Piece {
  const { value: f, second, kink } = rule;
  // The Hessian's passes take a kink's slope from env.side; the gradient keeps the rule's (0 for abs).
  const first =
    kink === undefined
      ? rule.first
      : (p: number, r: number): number => {
          if (p !== kink) return rule.first(p, r);
          env.kinked = true;
          return env.side;
        };
  const s = env.s;
  const P = env.take(3);
  const R = P + 1;
  const TP = P + 2;
  return {
    constant: null,
    value: (x) => {
      const p = av(x);
      const r = f(p);
      s[P] = p;
      s[R] = r;
      return r;
    },
    back: (d, g) => ab(mul0(d, rule.first(s[P]!, s[R]!)), g),
    tangent: () => {
      const tp = at();
      s[TP] = tp;
      return mul0(first(s[P]!, s[R]!), tp);
    },
    back2: (d, dd) => {
      const p = s[P]!;
      const r = s[R]!;
      const u = first(p, r);
      ab2(mul0(d, u), mul0(dd, u) + mul0(mul0(d, second(p, r)), s[TP]!));
    },
  };
}

function binary(env: Env, op: BinaryOp, a: Piece, b: Piece): Piece {
  const ca = a.constant;
  const cb = b.constant;
  if (ca !== null && cb !== null) return constant(arithmetic(op, ca, cb));
  switch (op) {
    case '+':
      return cb !== null ? shift(a, cb) : ca !== null ? shift(b, ca) : add(a, b);
    case '-':
      return cb !== null ? shift(a, -cb) : ca !== null ? subtractFrom(ca, b) : subtract(a, b);
    case '*':
      return cb !== null ? scale(cb, a) : ca !== null ? scale(ca, b) : multiply(env, a, b);
    case '/':
      return cb !== null ? divideBy(a, cb) : ca !== null ? reciprocal(env, ca, b) : divide(env, a, b);
    case '^':
      // a^0 is 1 even for NaN, and a^1 is a, exactly as Math.pow gives them.
      if (cb === 0) return constant(1);
      if (cb === 1) return a;
      if (cb === 2) return square(env, a);
      return cb !== null ? powerOf(env, a, cb) : ca !== null ? exponential(env, ca, b) : power(env, a, b);
  }
}

function arithmetic(op: BinaryOp, x: number, y: number): number {
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return x / y;
    case '^':
      return x ** y;
  }
}

/** The number of nodes: no node takes more than 6 slots. */
function size(node: ExprNode): number {
  switch (node.kind) {
    case 'negate':
    case 'call':
      return 1 + size(node.arg);
    case 'binary':
      return 1 + size(node.left) + size(node.right);
    default:
      return 1;
  }
}

function build(env: Env, variables: readonly string[], node: ExprNode): Piece {
  switch (node.kind) {
    case 'number':
      return constant(node.value);
    case 'constant':
      return constant(constantValue(node.name));
    case 'variable':
      return variable(env, variables.indexOf(node.name));
    case 'negate': {
      const a = build(env, variables, node.arg);
      return a.constant !== null ? constant(-a.constant) : negate(a);
    }
    case 'binary': {
      const seen = [...env.seen];
      const piece = binary(env, node.op, build(env, variables, node.left), build(env, variables, node.right));
      // x^0 drops the leaves just built: the next leaf of x is again the first that reverse mode meets.
      if (piece.constant !== null) env.seen = seen;
      return piece;
    }
    case 'call': {
      const a = build(env, variables, node.arg);
      const rule = FUNCTION_RULES[node.fn];
      if (a.constant !== null) return constant(rule.value(a.constant));
      if (rule.kink !== undefined && env.spare === EMPTY) env.spare = new Float64Array(env.n * env.n);
      return call(env, rule, a);
    }
  }
}

/**
 * Compiles a checked tree over `variables` (every variable of the tree, in point order) into a
 * CompiledFunction. The value is computed with the same IEEE operations, in the same order, as
 * mathjs evaluates the expression; the gradient is reverse mode and the Hessian forward-over-reverse,
 * both exact. Nothing allocates per call; the functions are not re-entrant (one shared scratch).
 *
 * @example
 * const f = compileTree(parseExpression('x^2 * y'), 'x^2 * y', ['x', 'y']);
 * const grad = new Float64Array(2);
 * f.valueAndGradient(new Float64Array([3, 2]), grad); // 18, and grad is [12, 9]
 */
export function compileTree(tree: ExprNode, source: string, variables: readonly string[]): CompiledFunction {
  const n = variables.length;
  const env = new Env(n, 6 * size(tree));
  const { value, back, tangent, back2 } = build(env, variables, tree);
  const leafless = variables.flatMap((_, k) => (env.seen[k] ? [] : [k]));
  /** Forward-over-reverse into h, column by column, with a kink's slope taken from `side`. */
  const columns = (side: number, h: Float64Array): void => {
    env.hess = h;
    env.side = side;
    h.fill(0, 0, n * n);
    for (let j = 0; j < n; j++) {
      env.dir = j;
      tangent();
      back2(1, 0);
    }
  };
  return {
    source,
    variables,
    value(x) {
      return value(x);
    },
    valueAndGradient(x, grad) {
      for (let i = 0; i < leafless.length; i++) grad[leafless[i]!] = 0;
      const f = value(x);
      back(1, grad);
      return f;
    },
    hessian(x, out) {
      value(x);
      env.kinked = false;
      columns(1, out);
      if (env.kinked) {
        // At a kink each side has its own second derivatives: where they agree that is the entry,
        // where they differ (x·|x|: 2 and −2) the mean, as the gradient's slope 0 is abs's.
        const other = env.spare;
        columns(-1, other);
        for (let k = 0; k < n * n; k++) out[k] = out[k] === other[k] ? out[k]! : (out[k]! + other[k]!) / 2;
      }
      // Forward-over-reverse gives column j; the two halves agree up to rounding, so average them.
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const h = (out[i * n + j]! + out[j * n + i]!) / 2;
          out[i * n + j] = h;
          out[j * n + i] = h;
        }
      }
    },
  };
}
