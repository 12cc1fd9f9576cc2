// simplifyTree: tidies a checked tree with mathjs's simplify, keeping the result inside the grammar.

import { parse, simplify } from 'mathjs';
import { fromMathNode } from './from-mathjs.js';
import { type ExprNode, isConstantName, variablesOf } from './node.js';
import { formatExpression } from './print.js';

/** Past this many characters simplify takes seconds; the lightly folded tree is shown as it is. */
const MAX_TEXT = 2000;

function rename(node: ExprNode, to: ReadonlyMap<string, string>): ExprNode {
  switch (node.kind) {
    case 'variable':
      return { kind: 'variable', name: to.get(node.name)! };
    case 'negate':
    case 'call':
      return { ...node, arg: rename(node.arg, to) };
    case 'binary':
      return { ...node, left: rename(node.left, to), right: rename(node.right, to) };
    default:
      return node;
  }
}

/**
 * The tree after mathjs's `simplify` (collected terms, folded constants), read back through the
 * grammar; the tree itself when simplify fails, takes too long or answers with something outside the
 * grammar. Variables are renamed to `v_0`, `v_1`, … on the way, so that a variable called `i`, `E` or
 * `cm` is never taken for mathjs's imaginary unit, constant or unit.
 *
 * @example
 * formatExpression(simplifyTree(parseExpression('2 * x ^ 1 * 1 - 4 * 1 + 0'))); // '2 * x - 4'
 */
export function simplifyTree(node: ExprNode): ExprNode {
  const names = variablesOf(node);
  const text = formatExpression(rename(node, new Map(names.map((name, k) => [name, `v_${k}`]))));
  if (text.length > MAX_TEXT) return node;
  let simplified: ReturnType<typeof simplify>;
  try {
    simplified = simplify(parse(text));
  } catch {
    // simplify gives up on some inputs (deep recursion, rules it cannot apply); tidying is optional.
    return node;
  }
  const back = fromMathNode(simplified, (name) => {
    if (isConstantName(name)) return { kind: 'constant', name };
    const k = /^v_(\d+)$/.exec(name);
    const original = k === null ? undefined : names[Number(k[1])];
    return original === undefined ? null : { kind: 'variable', name: original };
  });
  return back ?? node;
}
