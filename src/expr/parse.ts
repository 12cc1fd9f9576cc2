// parseExpression: source text to the checked tree — tokens and grammar first, then mathjs for precedence.

import { parse } from 'mathjs';
import { fromMathNode } from './from-mathjs.js';
import { checkGrammar } from './grammar.js';
import { type ExprNode, isConstantName } from './node.js';
import { tokenize } from './tokens.js';

/**
 * Parses an expression of the CONTRACT grammar into a checked tree, or throws an InputError naming
 * the column. Names other than the functions and `pi`/`e` are variables, whatever they mean to
 * mathjs or JavaScript (`i`, `constructor`): the tree holds only names, nothing is ever looked up.
 *
 * @example
 * parseExpression('x**2 - 4*x + 1'); // { kind: 'binary', op: '+', … }
 */
export function parseExpression(source: string): ExprNode {
  const tokens = tokenize(source);
  checkGrammar(tokens);
  // Rebuilt from the tokens alone: `**` becomes `^ ` (mathjs has no `**`) and every gap one space
  // (a newline would start a second mathjs statement), so columns stay those of the source.
  const chars = new Array<string>(source.length).fill(' ');
  for (const token of tokens) {
    const text = token.text === '**' ? '^ ' : token.text;
    for (let k = 0; k < text.length; k++) chars[token.column - 1 + k] = text[k]!;
  }
  const tree = fromMathNode(parse(chars.join('')), (name) =>
    isConstantName(name) ? { kind: 'constant', name } : { kind: 'variable', name },
  );
  if (tree === null) throw new Error(`expression: mathjs read ${JSON.stringify(source)} outside the grammar`);
  return tree;
}
