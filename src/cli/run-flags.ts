// The flags minimize and compare share: the start, the iteration limit, the tolerance and outputs.

import { compileExpression } from '../expr/index.js';
import { parsePoint } from '../expr/point.js';
import type { MinimizeOptions } from '../train/minimize.js';
import { type FlagSpec, type FlagValues, numberFlag, stringFlag } from './args.js';
import { optimizerFlagSpec } from './optimizer-flags.js';

export const runFlagSpec: FlagSpec = {
  ...optimizerFlagSpec,
  start: { type: 'string' },
  'max-iter': { type: 'string' },
  tol: { type: 'string' },
  json: { type: 'boolean' },
  trace: { type: 'string' },
};

export const runFlagHelp = `Run flags:
  --start x=1,y=2      starting point (a variable left out starts at 0)
  --max-iter N         iteration limit (default 1000; 0 evaluates the start only)
  --tol ε              stop when the step or the gradient norm falls below ε (default 1e-8; 0 = off)
  --json               print one JSON object instead of the summary
  --trace FILE.csv     write every iterate, the start included`;

/** The compiled expression and the loop options the flags describe. */
export function readRun(source: string, values: FlagValues) {
  const f = compileExpression(source);
  const startText = stringFlag(values, 'start');
  const start = startText === undefined ? new Float64Array(f.variables.length) : parsePoint(startText, f.variables, '--start');
  const options: MinimizeOptions = {
    start,
    maxIterations: numberFlag(values, 'max-iter', { min: 0, integer: true, max: 1e9 }) ?? 1000,
    tol: numberFlag(values, 'tol', { min: 0 }) ?? 1e-8,
  };
  return { f, options };
}
