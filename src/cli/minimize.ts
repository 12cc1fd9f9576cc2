// `downhill minimize EXPR`: one optimizer run on a typed function, as a summary or CONTRACT's JSON.

import { createMethod, type MinimizeResult, minimize, runSummary, settingCatalog } from '../index.js';
import { parseFlags, stringFlag } from './args.js';
import type { Command } from './command.js';
import { Interrupted, InterruptedDrawing, sayInterrupted, stopOnSigint } from './interrupt.js';
import { checkRunOptimizer, optimizerFlagHelp, readOptimizerFlags } from './optimizer-flags.js';
import { printOut, toJson } from './output.js';
import {
  drawingText,
  iterationsText,
  LastIterate,
  readOutputs,
  readRun,
  runFlagHelp,
  runFlagList,
  runFlagSpec,
  runWithOutputs,
  unwrittenText,
} from './run-flags.js';
import { runText, traceHeader } from './run-report.js';

export const minimizeCommand: Command = {
  name: 'minimize',
  flagList: runFlagList,
  flags: runFlagSpec,
  summary: 'minimize a function you type, with exact derivatives',
  help: `Usage: downhill minimize EXPR [FLAGS]

Runs an optimizer on EXPR from a start point until the step or the gradient falls below --tol or the
iteration limit is reached, then says how the run went: converged, max-iterations, diverged,
oscillating or stalled — and why.

${runFlagHelp}

${optimizerFlagHelp}

Examples:
  downhill minimize "x^2 - 4*x + 1" --start x=9 --lr 0.1
  downhill minimize "x^2 - 4*x + 1" --start x=9 --lr 1.0 --max-iter 100     # oscillates
  downhill minimize "(1-x)^2 + 100*(y-x^2)^2" --start x=-1.2,y=1 --optimizer adam --lr 0.02 --json
  downhill minimize "x^2 + 10*y^2" --start x=3,y=1 --trace path.csv
  downhill minimize "x^2 + 10*y^2" --start x=3,y=1 --lr 0.09 --plot zigzag.png
`,
  async run(argv) {
    const { values, positionals } = parseFlags(argv, runFlagSpec, { names: ['EXPR'] });
    const { f, options } = readRun(positionals[0]!, values);
    const named = stringFlag(values, 'optimizer');
    if (named !== undefined) checkRunOptimizer(named);
    const { optimizer, options: optimizerOptions } = readOptimizerFlags(values);
    const method = createMethod(optimizer ?? settingCatalog.optimizer.default, optimizerOptions);
    const outputs = readOutputs(values);
    const last = new LastIterate(f.variables);
    let runs: MinimizeResult[];
    try {
      runs = await runWithOutputs(outputs, f, (trace) => {
        trace?.write(`${traceHeader(f.variables)}\n`);
        const onIterate = last.listener(trace);
        // Ctrl-C stops the loop where it is: the run says where it got to (exit 130).
        return [
          stopOnSigint(() => minimize(f, { ...options, method, recordPath: outputs.recordPath, onIterate })),
        ];
      });
    } catch (error) {
      if (!(error instanceof Interrupted)) throw error;
      if (error instanceof InterruptedDrawing) {
        const ended = error.runs[0]!;
        sayInterrupted([
          drawingText(
            outputs,
            `after the run ended (${ended.status} after ${iterationsText(ended.iterations)})`,
          ),
        ]);
      } else sayInterrupted([`${last.text()}${unwrittenText(outputs)}`]);
      return;
    }
    const result = runs[0]!;
    printOut(values.json ? `${toJson(runSummary(result))}\n` : runText(result));
  },
};
