// The expression toolkit's public names: parse and check, compile, differentiate, print, read points.

export { differentiate } from './derivative.js';
export { type DifferentiableSource, differentiabilityAt } from './differentiability.js';
export { compileExpression, type Expression } from './expression.js';
export type { CompiledFunction } from './function.js';
export { formatLatex } from './latex.js';
export {
  type BinaryOp,
  CONSTANT_NAMES,
  type ConstantName,
  type ExprNode,
  FUNCTION_NAMES,
  type FunctionName,
  variablesOf,
} from './node.js';
export { parseExpression } from './parse.js';
export { DEFAULT_DOMAIN, parseAssignments, parseDomain, parsePoint } from './point.js';
export { formatExpression } from './print.js';
export { simplifyTree } from './simplify.js';
