// formatLatex: a checked tree as LaTeX for display (KaTeX), with fractions, powers and Greek names.

import type { ExprNode, FunctionName } from './node.js';
import { needsParentheses, precedence } from './print.js';

const GREEK = new Set([
  'alpha',
  'beta',
  'gamma',
  'delta',
  'epsilon',
  'zeta',
  'eta',
  'theta',
  'iota',
  'kappa',
  'lambda',
  'mu',
  'nu',
  'xi',
  'rho',
  'sigma',
  'tau',
  'upsilon',
  'phi',
  'chi',
  'psi',
  'omega',
  'Gamma',
  'Delta',
  'Theta',
  'Lambda',
  'Xi',
  'Sigma',
  'Upsilon',
  'Phi',
  'Psi',
  'Omega',
]);

const FUNCTIONS: Readonly<Record<FunctionName, string>> = {
  sin: '\\sin',
  cos: '\\cos',
  tan: '\\tan',
  exp: '\\exp',
  log: '\\ln',
  sqrt: '\\sqrt',
  abs: '',
  tanh: '\\tanh',
  sigmoid: '\\sigma',
};

/** `theta1` → `\theta_{1}`, `x_2` → `x_{2}`, `rate` → `\mathrm{rate}`. */
function name(text: string): string {
  const match = /^([A-Za-z]+?)_?(\d+)$/.exec(text) ?? /^([A-Za-z]+)_(\w+)$/.exec(text);
  const [base, sub] = match === null ? [text, ''] : [match[1]!, match[2]!];
  const head = GREEK.has(base)
    ? `\\${base}`
    : base.length === 1
      ? base
      : `\\mathrm{${base.replaceAll('_', '\\_')}}`;
  return sub === '' ? head : `${head}_{${sub.replaceAll('_', '\\_')}}`;
}

function number(value: number): string {
  const [mantissa, exponent] = String(value).split('e');
  return exponent === undefined ? mantissa! : `${mantissa} \\times 10^{${Number(exponent)}}`;
}

/**
 * The tree as LaTeX: `/` as `\frac`, `^` as a superscript, `abs` as bars, `log` as `\ln`,
 * `sigmoid` as `\sigma`.
 *
 * @example
 * formatLatex(parseExpression('x^2 / 2 + sigmoid(theta1)')); // → '\\frac{x^{2}}{2} + \\sigma\\left(\\theta_{1}\\right)'
 */
export function formatLatex(node: ExprNode): string {
  switch (node.kind) {
    case 'number':
      return number(node.value);
    case 'constant':
      return node.name === 'pi' ? '\\pi' : 'e';
    case 'variable':
      return name(node.name);
    case 'negate': {
      const arg = formatLatex(node.arg);
      return precedence(node.arg) <= 3 ? `-\\left(${arg}\\right)` : `-${arg}`;
    }
    case 'call': {
      const arg = formatLatex(node.arg);
      if (node.fn === 'abs') return `\\left|${arg}\\right|`;
      if (node.fn === 'sqrt') return `\\sqrt{${arg}}`;
      return `${FUNCTIONS[node.fn]}\\left(${arg}\\right)`;
    }
    case 'binary': {
      const left = formatLatex(node.left);
      const right = formatLatex(node.right);
      switch (node.op) {
        case '/':
          return `\\frac{${left}}{${right}}`;
        case '^': {
          // A fraction or a function call as a base reads badly without parentheses.
          const bare =
            node.left.kind !== 'binary' && node.left.kind !== 'negate' && node.left.kind !== 'call';
          return `${bare ? left : `\\left(${left}\\right)`}^{${right}}`;
        }
        default: {
          // A fraction is a block of its own and never needs parentheses.
          const op = node.op;
          const wrap = (child: ExprNode, side: 'left' | 'right'): boolean =>
            !(child.kind === 'binary' && child.op === '/') && needsParentheses(op, child, side);
          const l = wrap(node.left, 'left') ? `\\left(${left}\\right)` : left;
          const r = wrap(node.right, 'right') ? `\\left(${right}\\right)` : right;
          return `${l} ${node.op === '*' ? '\\cdot' : node.op} ${r}`;
        }
      }
    }
  }
}
