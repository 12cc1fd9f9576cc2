// compileExpression: a typed expression checked, compiled, and able to show its derivatives.

import type { Differentiability } from '../record/differentiability.js';
import { compileTree } from './closures.js';
import { differentiate } from './derivative.js';
import { differentiabilityAt } from './differentiability.js';
import type { CompiledFunction } from './function.js';
import { formatLatex } from './latex.js';
import { type ExprNode, treeExtent, variablesOf } from './node.js';
import { parseExpression } from './parse.js';
import { formatExpression } from './print.js';
import { simplifyTree } from './simplify.js';

/** Derivatives larger than this many nodes written out are not shown: their text would run to megabytes. */
export const MAX_SHOWN_NODES = 4000;

/**
 * A compiled expression that can also show itself and its derivatives as text and LaTeX.
 *
 * @example
 * const f: Expression = compileExpression('x^2 - 4*x + 1');
 * f.gradientText(); // → { x: '2 * x - 4' }
 * f.latex; // → 'x^{2} - 4 \\cdot x + 1'
 */
export interface Expression extends CompiledFunction {
  /** The checked tree. */
  readonly tree: ExprNode;
  /** The expression as LaTeX. */
  readonly latex: string;
  /**
   * ∂f/∂v for each variable v, simplified, in the expression syntax (each re-parses); null for a
   * derivative too large to show (more than MAX_SHOWN_NODES nodes even after simplification).
   */
  gradientText(): Record<string, string | null>;
  /** The Hessian entries, simplified, as gradientText; rows and columns in `variables` order. */
  hessianText(): (string | null)[][];
  /** ∂f/∂v for each variable v as LaTeX; null where gradientText is. */
  gradientLatex(): Record<string, string | null>;
  /**
   * Why the gradient at x is not an ordinary number — f has a kink, an unbounded slope or a domain
   * edge there, is not defined there, or its slope overflows — or null where f is differentiable
   * (see differentiabilityAt).
   */
  differentiability(x: Float64Array): Differentiability | null;
}

/** A derivative tree for display, or null when it is too large to show. */
function shown(tree: ExprNode): ExprNode | null {
  return treeExtent(tree, MAX_SHOWN_NODES) === null ? null : tree;
}

/**
 * Parses, checks and compiles an expression (CONTRACT "Expressions"); throws an InputError naming
 * the column for anything outside the grammar. Multiplication is always written: `2x` and `2 cm`
 * are refused (`1/2x` would be ambiguous). Names other than the nine functions and `pi`/`e` are
 * variables, sorted by name. Values follow JavaScript arithmetic: log(−1), 0/0 and a negative base to
 * a non-integer power give NaN, 1/0 gives Infinity. Derivative texts are worked out on first request,
 * from the simplified expression (so x·x·x differentiates as x³), each within a bounded amount of
 * work: past it a text is shown unsimplified rather than late.
 *
 * @example
 * const f = compileExpression('x^2 - 4*x + 1');
 * f.value(new Float64Array([2])); // → -3
 * f.gradientText(); // → { x: '2 * x - 4' }
 * f.hessianText(); // → [['2']]
 */
export function compileExpression(source: string): Expression {
  const tree = parseExpression(source);
  const variables = variablesOf(tree);
  const compiled = compileTree(tree, source, variables);
  let gradient: (ExprNode | null)[] | undefined;
  let hessian: (string | null)[][] | undefined;
  const derivative = (of: ExprNode, name: string): ExprNode | null =>
    shown(simplifyTree(differentiate(of, name)));
  const gradientTrees = (): (ExprNode | null)[] => {
    if (gradient === undefined) {
      const simple = simplifyTree(tree);
      gradient = variables.map((v) => derivative(simple, v));
    }
    return gradient;
  };
  // Object.fromEntries defines own properties, so a variable named `__proto__` stays a plain key.
  const byVariable = (texts: (string | null)[]): Record<string, string | null> =>
    Object.fromEntries(variables.map((v, k) => [v, texts[k] ?? null]));
  const text = (t: ExprNode | null): string | null => (t === null ? null : formatExpression(t));
  const expression: Expression = {
    ...compiled,
    tree,
    latex: formatLatex(tree),
    gradientText: () => byVariable(gradientTrees().map(text)),
    gradientLatex: () => byVariable(gradientTrees().map((t) => (t === null ? null : formatLatex(t)))),
    hessianText() {
      if (hessian === undefined) {
        const rows = gradientTrees();
        const table = variables.map(() => new Array<string | null>(variables.length).fill(null));
        // Symmetric: work out the upper triangle and mirror it.
        for (let i = 0; i < variables.length; i++) {
          const row = rows[i];
          for (let j = i; j < variables.length; j++) {
            const entry = row === null || row === undefined ? null : text(derivative(row, variables[j]!));
            table[i]![j] = entry;
            table[j]![i] = entry;
          }
        }
        hessian = table;
      }
      return hessian.map((row) => [...row]);
    },
    differentiability: (x) => differentiabilityAt(expression, x),
  };
  return expression;
}
