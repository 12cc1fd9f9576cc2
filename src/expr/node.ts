// ExprNode: the checked expression tree — the only shapes an expression can take once parsed.

/** The functions an expression may call, each with exactly one argument (`log` is the natural log). */
export const FUNCTION_NAMES = ['sin', 'cos', 'tan', 'exp', 'log', 'sqrt', 'abs', 'tanh', 'sigmoid'] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** The named constants; every other identifier is a variable. */
export const CONSTANT_NAMES = ['pi', 'e'] as const;
export type ConstantName = (typeof CONSTANT_NAMES)[number];

export type BinaryOp = '+' | '-' | '*' | '/' | '^';

/**
 * A node of a checked expression. Number values are finite and never negative (a sign is a `negate`).
 *
 * @example
 * const tree: ExprNode = parseExpression('2*x');
 * tree.kind; // → 'binary'
 * const size = (n: ExprNode): number =>
 *   n.kind === 'binary' ? 1 + size(n.left) + size(n.right) : n.kind === 'negate' || n.kind === 'call' ? 1 + size(n.arg) : 1;
 * size(parseExpression('sin(x) + 2*x')); // → 6
 */
export type ExprNode =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'constant'; readonly name: ConstantName }
  | { readonly kind: 'variable'; readonly name: string }
  | { readonly kind: 'negate'; readonly arg: ExprNode }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: ExprNode; readonly right: ExprNode }
  | { readonly kind: 'call'; readonly fn: FunctionName; readonly arg: ExprNode };

/**
 * Whether `name` is one of the allowed functions. A plain list lookup, so names such as
 * `constructor` or `__proto__` can never match something inherited.
 *
 * @example
 * isFunctionName('sigmoid'); // true
 */
export function isFunctionName(name: string): name is FunctionName {
  return (FUNCTION_NAMES as readonly string[]).includes(name);
}

/**
 * Whether `name` is `pi` or `e`.
 *
 * @example
 * isConstantName('pi'); // true
 */
export function isConstantName(name: string): name is ConstantName {
  return (CONSTANT_NAMES as readonly string[]).includes(name);
}

/**
 * The value of a named constant.
 *
 * @example
 * constantValue('e'); // 2.718281828459045
 */
export function constantValue(name: ConstantName): number {
  return name === 'pi' ? Math.PI : Math.E;
}

/**
 * The variables a tree uses, sorted by name: the order of points.
 *
 * @example
 * variablesOf(parseExpression('y * x + pi')); // ['x', 'y']
 */
export function variablesOf(node: ExprNode): string[] {
  const names = new Set<string>();
  const visit = (n: ExprNode): void => {
    if (n.kind === 'variable') names.add(n.name);
    else if (n.kind === 'negate' || n.kind === 'call') visit(n.arg);
    else if (n.kind === 'binary') {
      visit(n.left);
      visit(n.right);
    }
  };
  visit(node);
  return [...names].sort();
}

/**
 * The number of nodes of a tree written out (a subtree shared by several parents counted each time)
 * and its depth, or null once the size passes `limit`. Iterative, each shared subtree visited once: a
 * derivative's tree may be a chain thousands deep whose written size dwarfs its node count.
 *
 * @example
 * treeExtent(parseExpression('x * (y + 1)'), 100); // { size: 5, depth: 3 }
 */
export function treeExtent(root: ExprNode, limit: number): { size: number; depth: number } | null {
  const known = new Map<ExprNode, { size: number; depth: number }>();
  const stack: ExprNode[] = [root];
  while (stack.length > 0) {
    const node = stack.at(-1)!;
    const children =
      node.kind === 'binary'
        ? [node.left, node.right]
        : node.kind === 'negate' || node.kind === 'call'
          ? [node.arg]
          : [];
    const pending = children.filter((c) => !known.has(c));
    if (pending.length > 0) {
      stack.push(...pending);
      continue;
    }
    stack.pop();
    let size = 1;
    let depth = 0;
    for (const c of children) {
      const extent = known.get(c)!;
      size += extent.size;
      depth = Math.max(depth, extent.depth);
    }
    if (size > limit) return null;
    known.set(node, { size, depth: depth + 1 });
  }
  return known.get(root)!;
}
