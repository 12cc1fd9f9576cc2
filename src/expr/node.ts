// ExprNode: the checked expression tree — the only shapes an expression can take once parsed.

/** The functions an expression may call, each with exactly one argument (`log` is the natural log). */
export const FUNCTION_NAMES = ['sin', 'cos', 'tan', 'exp', 'log', 'sqrt', 'abs', 'tanh', 'sigmoid'] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** The named constants; every other identifier is a variable. */
export const CONSTANT_NAMES = ['pi', 'e'] as const;
export type ConstantName = (typeof CONSTANT_NAMES)[number];

export type BinaryOp = '+' | '-' | '*' | '/' | '^';

/** A node of a checked expression. Number values are finite and never negative (a sign is a `negate`). */
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
