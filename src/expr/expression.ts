// compileExpression: a typed expression checked, compiled, and able to show its derivatives.

import { compileTree } from './closures.js';
import { differentiate } from './derivative.js';
import type { CompiledFunction } from './function.js';
import { formatLatex } from './latex.js';
import { type ExprNode, variablesOf } from './node.js';
import { parseExpression } from './parse.js';
import { formatExpression } from './print.js';
import { simplifyTree } from './simplify.js';

/** A compiled expression that can also show itself and its derivatives as text and LaTeX. */
export interface Expression extends CompiledFunction {
  /** The checked tree. */
  readonly tree: ExprNode;
  /** The expression as LaTeX. */
  readonly latex: string;
  /** ∂f/∂v for each variable v, simplified, in the expression syntax (each re-parses). */
  gradientText(): Record<string, string>;
  /** The Hessian entries, simplified, in the expression syntax; rows and columns in `variables` order. */
  hessianText(): string[][];
  /** ∂f/∂v for each variable v as LaTeX. */
  gradientLatex(): Record<string, string>;
}

/**
 * Parses, checks and compiles an expression (CONTRACT "Expressions"); throws an InputError naming
 * the column for anything outside the grammar. Multiplication is always written: `2x` and `2 cm`
 * are refused (mathjs would read a unit, and `1/2x` as (1/2)·x). Names other than the nine functions
 * and `pi`/`e` are variables, sorted by name. Values follow JavaScript arithmetic: log(−1), 0/0 and
 * a negative base to a non-integer power give NaN, 1/0 gives Infinity. Derivative texts are worked
 * out on first request.
 *
 * @example
 * const f = compileExpression('x^2 - 4*x + 1');
 * f.value(new Float64Array([2])); // -3
 * f.gradientText(); // { x: '2 * x - 4' }
 * f.hessianText(); // [['2']]
 */
export function compileExpression(source: string): Expression {
  const tree = parseExpression(source);
  const variables = variablesOf(tree);
  const compiled = compileTree(tree, source, variables);
  let gradient: ExprNode[] | undefined;
  let hessian: string[][] | undefined;
  const gradientTrees = (): ExprNode[] => {
    gradient ??= variables.map((v) => simplifyTree(differentiate(tree, v)));
    return gradient;
  };
  // Object.fromEntries defines own properties, so a variable named `__proto__` stays a plain key.
  const byVariable = (texts: string[]): Record<string, string> =>
    Object.fromEntries(variables.map((v, k) => [v, texts[k]!]));
  return {
    ...compiled,
    tree,
    latex: formatLatex(tree),
    gradientText: () => byVariable(gradientTrees().map(formatExpression)),
    gradientLatex: () => byVariable(gradientTrees().map(formatLatex)),
    hessianText() {
      if (hessian === undefined) {
        const rows = gradientTrees();
        const table = variables.map(() => new Array<string>(variables.length).fill(''));
        // Symmetric: work out the upper triangle and mirror it.
        for (let i = 0; i < variables.length; i++) {
          for (let j = i; j < variables.length; j++) {
            const text = formatExpression(simplifyTree(differentiate(rows[i]!, variables[j]!)));
            table[i]![j] = text;
            table[j]![i] = text;
          }
        }
        hessian = table;
      }
      return hessian.map((row) => [...row]);
    },
  };
}
