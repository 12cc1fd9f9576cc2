// simplifyTree: canonical sums and products — like terms collected, powers of one base merged, exact numbers folded.

import type { ExprNode, FunctionName } from './node.js';
import * as q from './rational.js';

type Rational = q.Rational;

/**
 * The canonical form: sums and products are flat lists (so a chain of 2,500 terms is one node, not
 * 2,500 levels), numbers are exact where they can be, and `id` is equal exactly when two forms are
 * (ids are interned keys, so comparing subtrees costs nothing).
 */
type Form =
  | { readonly t: 'num'; readonly id: number; readonly q: Rational }
  | { readonly t: 'leaf'; readonly id: number; readonly node: ExprNode }
  | { readonly t: 'call'; readonly id: number; readonly fn: FunctionName; readonly arg: Form }
  | { readonly t: 'pow'; readonly id: number; readonly base: Form; readonly exp: Form }
  | { readonly t: 'mul'; readonly id: number; readonly coef: Rational; readonly factors: readonly Form[] }
  | { readonly t: 'add'; readonly id: number; readonly constant: Rational; readonly terms: readonly Form[] };

/**
 * Thrown inside when a simplification has done more work than it may, or would fold numbers past
 * the doubles (1e300 · 1e300); the tree is then shown unsimplified.
 */
class GiveUp extends Error {}

/** Work units (interned forms) one simplification may use: far above any expression a person types. */
const DEFAULT_BUDGET = 200_000;

class Simplifier {
  private readonly ids = new Map<string, number>();
  private readonly forms = new Map<ExprNode, Form>();
  private readonly trees = new Map<Form, ExprNode>();
  private work = 0;

  constructor(private readonly budget: number) {}

  private intern(key: string): number {
    this.work += 1;
    if (this.work > this.budget) throw new GiveUp();
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
    }
    return id;
  }

  num(value: Rational): Form {
    if (!Number.isFinite(q.toNumber(value))) throw new GiveUp();
    return { t: 'num', id: this.intern(`#${q.keyOf(value)}`), q: value };
  }

  leaf(node: Extract<ExprNode, { kind: 'variable' | 'constant' }>): Form {
    return { t: 'leaf', id: this.intern(`${node.kind === 'variable' ? 'v' : 'c'}${node.name}`), node };
  }

  call(fn: FunctionName, arg: Form): Form {
    if (fn === 'sqrt') return this.pow(arg, this.num(q.HALF));
    if (arg.t === 'num') {
      const folded = exactCall(fn, arg.q);
      if (folded !== null) return this.num(folded);
    }
    if (fn === 'log' && arg.t === 'leaf' && arg.node.kind === 'constant' && arg.node.name === 'e')
      return this.num(q.ONE);
    // |−a| = |a|: the sign of a coefficient never matters inside abs.
    if (fn === 'abs' && arg.t === 'mul' && arg.coef.n < 0)
      return this.call(fn, this.mul([this.num(q.negate(arg.coef)), ...arg.factors]));
    return { t: 'call', id: this.intern(`${fn}(${arg.id})`), fn, arg };
  }

  pow(base: Form, exp: Form): Form {
    if (exp.t === 'num') {
      const e = exp.q;
      if (q.isZero(e)) return this.num(q.ONE);
      if (q.isOne(e)) return base;
      // |u|^(2k) = u^(2k) for every real u: one form, so 3·|x|⁴ − 2·x⁴ collects to x⁴ and x³/|x|² to x.
      if (base.t === 'call' && base.fn === 'abs' && q.isInteger(e) && e.n % 2 === 0)
        return this.pow(base.arg, exp);
      if (base.t === 'num') {
        const folded = q.isInteger(e)
          ? q.power(base.q, e.n)
          : e.n === 1 && e.d === 2
            ? q.squareRoot(base.q)
            : null;
        if (folded !== null) return this.num(folded);
      }
      // (a^b)^k = a^(b·k) and (a·b)^k = a^k·b^k for an integer k, which hold for every real a and b.
      if (q.isInteger(e) && base.t === 'pow') return this.pow(base.base, this.mul([base.exp, exp]));
      if (q.isInteger(e) && base.t === 'mul') {
        const coef = q.power(base.coef, e.n);
        return this.mul([
          coef === null ? this.raw(this.num(base.coef), exp) : this.num(coef),
          ...base.factors.map((f) => this.pow(f, exp)),
        ]);
      }
    }
    if (base.t === 'num' && q.isOne(base.q)) return base;
    return this.raw(base, exp);
  }

  private raw(base: Form, exp: Form): Form {
    return { t: 'pow', id: this.intern(`(${base.id})^(${exp.id})`), base, exp };
  }

  mul(items: readonly Form[]): Form {
    let coef = q.ONE;
    const groups = new Map<number, { base: Form; exps: Form[] }>();
    const group = (base: Form, exp: Form): void => {
      const found = groups.get(base.id);
      if (found === undefined) groups.set(base.id, { base, exps: [exp] });
      else found.exps.push(exp);
    };
    const one = this.num(q.ONE);
    const visit = (item: Form): void => {
      if (item.t === 'num') coef = q.multiply(coef, item.q);
      else if (item.t === 'mul') {
        coef = q.multiply(coef, item.coef);
        for (const f of item.factors) visit(f);
      } else if (item.t === 'add') {
        // A sum's numeric content joins the coefficient: 100 · (2·y − 2·x²) · x is 200 · (y − x²) · x.
        const [content, primitive] = this.contentOf(item);
        coef = q.multiply(coef, content);
        group(primitive, one);
      } else if (
        item.t === 'pow' &&
        item.base.t === 'add' &&
        item.exp.t === 'num' &&
        q.isInteger(item.exp.q)
      ) {
        const [content, primitive] = this.contentOf(item.base);
        const scale = q.power(content, item.exp.q.n);
        if (scale === null) group(item.base, item.exp);
        else {
          coef = q.multiply(coef, scale);
          group(primitive, item.exp);
        }
      } else if (item.t === 'pow') group(item.base, item.exp);
      else group(item, one);
    };
    for (const item of items) visit(item);
    if (q.isZero(coef)) return this.num(q.ZERO);
    // u^(2k) = |u|^(2k) for every real u, so an even power of u joins the powers of |u|: x²/|x|^1.5 is
    // |x|^0.5; of an odd power all but one u does: x³/|x| is x·|x|.
    for (const g of [...groups.values()]) {
      if (g.base.t !== 'call' || g.base.fn !== 'abs') continue;
      const inner = groups.get(g.base.arg.id);
      if (inner === undefined) continue;
      const e = inner.exps.length === 1 ? inner.exps[0]! : this.add(inner.exps);
      if (e.t !== 'num' || !q.isInteger(e.q)) continue;
      const odd = e.q.n % 2 !== 0;
      g.exps.push(odd ? this.num(q.add(e.q, q.negate(q.ONE))) : e);
      if (odd) inner.exps = [one];
      else groups.delete(g.base.arg.id);
    }
    const factors: Form[] = [];
    for (const { base, exps } of groups.values()) {
      const f = this.pow(base, exps.length === 1 ? exps[0]! : this.add(exps));
      if (f.t === 'num') coef = q.multiply(coef, f.q);
      else if (f.t === 'mul') {
        coef = q.multiply(coef, f.coef);
        factors.push(...f.factors);
      } else factors.push(f);
    }
    if (q.isZero(coef) || factors.length === 0) return this.num(coef);
    if (factors.length === 1 && q.isOne(coef)) return factors[0]!;
    // Factors without variables lead, as coefficients do: log(2) * 2 ^ x, 2 * pi * x.
    factors.sort((a, b) => Number(hasVariables(a)) - Number(hasVariables(b)));
    // A number times one sum is distributed, as sympy does: 2·(x + 1) is 2·x + 2, so terms can collect.
    const only = factors[0]!;
    if (factors.length === 1 && only.t === 'add') {
      const c = this.num(coef);
      return this.add([
        ...only.terms.map((t) => this.mul([c, t])),
        this.num(q.multiply(coef, only.constant)),
      ]);
    }
    return this.product(coef, factors);
  }

  /** A sum as c · (its primitive part): c the positive gcd of its exact coefficients, 1 when any is inexact. */
  private contentOf(sum: Extract<Form, { t: 'add' }>): [Rational, Form] {
    const coefs = [...sum.terms.map((t) => (t.t === 'mul' ? t.coef : q.ONE)), sum.constant].filter(
      (c) => !q.isZero(c),
    );
    if (!coefs.every(q.isExact)) return [q.ONE, sum];
    let n = 0;
    let d = 1;
    for (const c of coefs) {
      n = gcd(n, c.n);
      d = lcm(d, c.d);
      if (!Number.isSafeInteger(d)) return [q.ONE, sum];
    }
    const content: Rational = { n, d };
    if (q.isOne(content)) return [q.ONE, sum];
    const inverse = this.num(q.reciprocal(content)!);
    return [
      content,
      this.add([
        ...sum.terms.map((t) => this.mul([inverse, t])),
        this.mul([inverse, this.num(sum.constant)]),
      ]),
    ];
  }

  private product(coef: Rational, factors: readonly Form[]): Form {
    const key = `*${q.keyOf(coef)}[${factors
      .map((f) => f.id)
      .sort((a, b) => a - b)
      .join(',')}]`;
    return { t: 'mul', id: this.intern(key), coef, factors };
  }

  add(items: readonly Form[]): Form {
    let constant = q.ZERO;
    const groups = new Map<number, { rest: Form; coef: Rational }>();
    const term = (coef: Rational, rest: Form): void => {
      const found = groups.get(rest.id);
      if (found === undefined) groups.set(rest.id, { rest, coef });
      else found.coef = q.add(found.coef, coef);
    };
    const visit = (item: Form): void => {
      if (item.t === 'num') constant = q.add(constant, item.q);
      else if (item.t === 'add') {
        constant = q.add(constant, item.constant);
        for (const t of item.terms) visit(t);
      } else if (item.t === 'mul') {
        term(item.coef, item.factors.length === 1 ? item.factors[0]! : this.product(q.ONE, item.factors));
      } else term(q.ONE, item);
    };
    for (const item of items) visit(item);
    const terms: Form[] = [];
    for (const { rest, coef } of groups.values()) {
      if (q.isZero(coef)) continue;
      if (q.isOne(coef)) terms.push(rest);
      else terms.push(this.product(coef, rest.t === 'mul' ? rest.factors : [rest]));
    }
    if (terms.length === 0) return this.num(constant);
    if (terms.length === 1 && q.isZero(constant)) return terms[0]!;
    const key = `+${q.keyOf(constant)}[${terms
      .map((t) => t.id)
      .sort((a, b) => a - b)
      .join(',')}]`;
    return { t: 'add', id: this.intern(key), constant, terms };
  }

  /** The form of a tree, each shared subtree converted once, without recursion (trees may be chains thousands deep). */
  formOf(root: ExprNode): Form {
    const stack: ExprNode[] = [root];
    while (stack.length > 0) {
      const node = stack.at(-1)!;
      if (this.forms.has(node)) {
        stack.pop();
        continue;
      }
      const children =
        node.kind === 'binary'
          ? [node.left, node.right]
          : node.kind === 'negate' || node.kind === 'call'
            ? [node.arg]
            : [];
      const pending = children.filter((c) => !this.forms.has(c));
      if (pending.length > 0) {
        stack.push(...pending);
        continue;
      }
      stack.pop();
      this.forms.set(node, this.convert(node));
    }
    return this.forms.get(root)!;
  }

  private convert(node: ExprNode): Form {
    const form = (n: ExprNode): Form => this.forms.get(n)!;
    switch (node.kind) {
      case 'number':
        return this.num(q.rationalOf(node.value));
      case 'constant':
      case 'variable':
        return this.leaf(node);
      case 'negate':
        return this.mul([this.num(q.MINUS_ONE), form(node.arg)]);
      case 'call':
        return this.call(node.fn, form(node.arg));
      case 'binary': {
        const a = form(node.left);
        const b = form(node.right);
        switch (node.op) {
          case '+':
            return this.add([a, b]);
          case '-':
            return this.add([a, this.mul([this.num(q.MINUS_ONE), b])]);
          case '*':
            return this.mul([a, b]);
          case '/':
            return this.mul([a, this.pow(b, this.num(q.MINUS_ONE))]);
          case '^':
            return this.pow(a, b);
        }
      }
    }
  }

  /** The form back as a tree of the grammar: sums with subtraction, products with division, √ for ^(1/2). */
  treeOf(form: Form): ExprNode {
    const known = this.trees.get(form);
    if (known !== undefined) return known;
    let tree: ExprNode;
    switch (form.t) {
      case 'num':
        tree = numberTree(form.q);
        break;
      case 'leaf':
        tree = form.node;
        break;
      case 'call':
        tree = { kind: 'call', fn: form.fn, arg: this.treeOf(form.arg) };
        break;
      case 'pow':
        tree = this.productTree(q.ONE, [form]);
        break;
      case 'mul':
        tree = this.productTree(form.coef, form.factors);
        break;
      case 'add':
        tree = this.sumTree(form);
        break;
    }
    this.trees.set(form, tree);
    return tree;
  }

  /** base^e for e > 0 written plainly: √ for 1/2, the base alone for 1. */
  private powerTree(base: Form, exp: Form): ExprNode {
    if (exp.t === 'num' && q.isOne(exp.q)) return this.treeOf(base);
    if (exp.t === 'num' && exp.q.n === 1 && exp.q.d === 2)
      return { kind: 'call', fn: 'sqrt', arg: this.treeOf(base) };
    return { kind: 'binary', op: '^', left: this.treeOf(base), right: this.treeOf(exp) };
  }

  /** coef · factors, factors with a negative number exponent below a fraction bar, the sign on the first factor. */
  private productTree(coef: Rational, factors: readonly Form[]): ExprNode {
    const over: ExprNode[] = [];
    const under: ExprNode[] = [];
    for (const f of factors) {
      if (f.t === 'pow' && f.exp.t === 'num' && q.toNumber(f.exp.q) < 0)
        under.push(this.powerTree(f.base, this.num(q.negate(f.exp.q))));
      else if (f.t === 'pow') over.push(this.powerTree(f.base, f.exp));
      else over.push(this.treeOf(f));
    }
    const negative = q.toNumber(coef) < 0;
    const size = negative ? q.negate(coef) : coef;
    if (q.isExact(size)) {
      if (size.d !== 1) under.unshift(numberTree({ n: size.d, d: 1 }));
      if (size.n !== 1 || over.length === 0) over.unshift(numberTree({ n: size.n, d: 1 }));
    } else over.unshift(numberTree(size));
    if (negative) over[0] = { kind: 'negate', arg: over[0]! };
    const numerator = chain('*', over);
    return under.length === 0
      ? numerator
      : { kind: 'binary', op: '/', left: numerator, right: chain('*', under) };
  }

  private sumTree(form: Extract<Form, { t: 'add' }>): ExprNode {
    const parts: { negative: boolean; tree: ExprNode }[] = form.terms.map((t) => {
      if (t.t === 'mul' && q.toNumber(t.coef) < 0)
        return { negative: true, tree: this.productTree(q.negate(t.coef), t.factors) };
      return { negative: false, tree: this.treeOf(t) };
    });
    if (!q.isZero(form.constant)) {
      const negative = q.toNumber(form.constant) < 0;
      parts.push({ negative, tree: numberTree(negative ? q.negate(form.constant) : form.constant) });
    }
    // A sum reads better from a positive part: 1 - tanh(x) ^ 2, not -tanh(x) ^ 2 + 1.
    const positive = parts.findIndex((p) => !p.negative);
    if (positive > 0) parts.unshift(...parts.splice(positive, 1));
    const first = parts[0]!;
    let tree: ExprNode = first.negative ? negateFirst(first.tree) : first.tree;
    for (const part of parts.slice(1)) {
      tree = { kind: 'binary', op: part.negative ? '-' : '+', left: tree, right: part.tree };
    }
    return tree;
  }
}

const mentionsVariables = new WeakMap<Form, boolean>();

/** Whether a form mentions a variable; forms are shallow (sums and products are flat), so recursion is safe. */
function hasVariables(form: Form): boolean {
  let known = mentionsVariables.get(form);
  if (known === undefined) {
    switch (form.t) {
      case 'num':
        known = false;
        break;
      case 'leaf':
        known = form.node.kind === 'variable';
        break;
      case 'call':
        known = hasVariables(form.arg);
        break;
      case 'pow':
        known = hasVariables(form.base) || hasVariables(form.exp);
        break;
      case 'mul':
        known = form.factors.some(hasVariables);
        break;
      case 'add':
        known = form.terms.some(hasVariables);
        break;
    }
    mentionsVariables.set(form, known);
  }
  return known;
}

function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

function lcm(a: number, b: number): number {
  return (a / gcd(a, b)) * b;
}

/** −t with the sign on its leading factor, so −2·x reads `-2 * x` rather than `-(2 * x)`. */
function negateFirst(tree: ExprNode): ExprNode {
  if (tree.kind === 'binary' && (tree.op === '*' || tree.op === '/'))
    return { ...tree, left: negateFirst(tree.left) };
  return { kind: 'negate', arg: tree };
}

function chain(op: '*', items: readonly ExprNode[]): ExprNode {
  return items.slice(1).reduce<ExprNode>((left, right) => ({ kind: 'binary', op, left, right }), items[0]!);
}

/** A number as a tree: integers and short decimals as one number, other fractions as n / d. */
function numberTree(value: Rational): ExprNode {
  const negative = q.toNumber(value) < 0;
  const size = negative ? q.negate(value) : value;
  let tree: ExprNode;
  if (!q.isExact(size) || size.d === 1 || isShortDecimal(size))
    tree = { kind: 'number', value: q.toNumber(size) };
  else
    tree = {
      kind: 'binary',
      op: '/',
      left: { kind: 'number', value: size.n },
      right: { kind: 'number', value: size.d },
    };
  return negative ? { kind: 'negate', arg: tree } : tree;
}

/** Whether n/d is a decimal with at most twelve places (1/4 = 0.25, 1e-7, but not 1/3). */
function isShortDecimal(value: Rational): boolean {
  for (let places = 1; places <= 12; places++) if (10 ** places % value.d === 0) return true;
  return false;
}

/** fn at an exact number, when the result is exact: sin 0 = 0, cos 0 = 1, log 1 = 0, σ(0) = 1/2, |−3| = 3. */
function exactCall(fn: FunctionName, value: Rational): Rational | null {
  if (fn === 'abs') return value.n < 0 ? q.negate(value) : value;
  if (!q.isZero(value)) return fn === 'log' && q.isOne(value) ? q.ZERO : null;
  switch (fn) {
    case 'sin':
    case 'tan':
    case 'tanh':
      return q.ZERO;
    case 'cos':
    case 'exp':
      return q.ONE;
    case 'sigmoid':
      return q.HALF;
    default:
      return null;
  }
}

/**
 * The tree in canonical form, for display: like terms collected (x + x is 2 * x), powers of one base
 * merged (x * x^2 is x ^ 3, cos(x) / cos(x) ^ 4 is 1 / cos(x) ^ 3), numbers folded exactly (1/3 + 1/6
 * is 1 / 2; log(2) stays log(2)), a number times a sum distributed, sqrt as a power of 1/2 (so
 * sqrt(x) ^ 2 is x). It may cancel a factor and with it a point where the tree is undefined (x / x
 * is 1), so it is for showing, never for analysis. When the work would exceed `budget` steps, the
 * tree comes back as it is: display may degrade, never hang.
 *
 * @example
 * formatExpression(simplifyTree(parseExpression('2 * x ^ 1 * 1 - 4 * 1 + 0'))); // '2 * x - 4'
 */
export function simplifyTree(node: ExprNode, budget = DEFAULT_BUDGET): ExprNode {
  const simplifier = new Simplifier(budget);
  try {
    return simplifier.treeOf(simplifier.formOf(node));
  } catch (error) {
    if (error instanceof GiveUp) return node;
    throw error;
  }
}
