// `downhill compare EXPR`: every optimizer × learning-rate combination from one start, side by side.

import {
  checkSetting,
  createMethod,
  formatNumber,
  givenOptions,
  InputError,
  isOptimizerName,
  type Method,
  type MinimizeResult,
  minimize,
  type OptimizerOptions,
  type OptimizerSettingKey,
  optimizerCatalog,
  runSummary,
  settingCatalog,
} from '../index.js';
import { listFlag, numberListFlag, parseFlags } from './args.js';
import type { Command } from './command.js';
import { flagFor } from './flag-names.js';
import { Interrupted, InterruptedDrawing, sayInterrupted, stopOnSigint } from './interrupt.js';
import { checkRunOptimizer, optimizerFlagHelp, readOptimizerFlags } from './optimizer-flags.js';
import { columns, toJson } from './output.js';
import {
  drawingText,
  LastIterate,
  readOutputs,
  readRun,
  runFlagHelp,
  runFlagList,
  runFlagSpec,
  runWithOutputs,
  unwrittenText,
} from './run-flags.js';
import { traceHeader } from './run-report.js';

export const compareCommand: Command = {
  name: 'compare',
  flagList: runFlagList,
  flags: runFlagSpec,
  summary: 'run several optimizers or learning rates from the same start and compare them',
  help: `Usage: downhill compare EXPR [FLAGS]

The flags of minimize, but --optimizer and --lr take comma-separated lists; every combination runs
from the same start (optimizers outer, learning rates inner). newton and lbfgs have no learning rate
and run once. Every other flag goes to the optimizers that take it; a flag that none of them takes is
bad input. --trace FILE.csv writes all runs with a "run" column.

${runFlagHelp}

${optimizerFlagHelp}

Examples:
  downhill compare "x^2 - 4*x + 1" --start x=9 --lr 0.01,0.9,1.0,1.01 --max-iter 100
  downhill compare "x^2 - 4*x + 1" --start x=9 --lr 0.01,0.9,1.0,1.01 --max-iter 100 --plot race.gif
  downhill compare "(1-x)^2 + 100*(y-x^2)^2" --start x=-1.2,y=1 --optimizer gd,momentum,adam --lr 0.001 --json
`,
  async run(argv) {
    const { values, positionals } = parseFlags(argv, runFlagSpec, { names: ['EXPR'] });
    const { f, options } = readRun(positionals[0]!, values);
    const names = listFlag(values, 'optimizer') ?? [settingCatalog.optimizer.default];
    for (const name of names) checkRunOptimizer(name);
    const rates = numberListFlag(values, 'lr')?.map((lr) => checkSetting(settingCatalog.learningRate, lr));
    const shared = readOptimizerFlags(values, ['optimizer', 'learningRate']).options;
    const methods = createMethods(names, rates, shared);
    if (methods.length > 64) throw new InputError(`--optimizer × --lr: ${methods.length} runs, at most 64`);
    const outputs = readOutputs(values);
    // compare() run by run, so that each run's trace rows stream out under its number and Ctrl-C knows its run.
    const finished: MinimizeResult[] = [];
    // Each run its own: a run stopped before its first iterate has got nowhere, not to the last run's end.
    const lasts = methods.map(() => new LastIterate(f.variables));
    let runs: MinimizeResult[];
    try {
      runs = await runWithOutputs(outputs, f, (trace) => {
        trace?.write(`run,optimizer,lr,${traceHeader(f.variables)}\n`);
        return stopOnSigint(() => {
          for (const [i, method] of methods.entries()) {
            const lead = `${i + 1},${method.info.name},${method.info.lr ?? ''},`;
            const onIterate = lasts[i]!.listener(trace, lead);
            finished.push(minimize(f, { ...options, method, recordPath: outputs.recordPath, onIterate }));
          }
          return finished;
        });
      });
    } catch (error) {
      if (!(error instanceof Interrupted)) throw error;
      const i = finished.length;
      // Ctrl-C may come once every run has ended: while the picture is drawn, or as the loop returns.
      const where =
        error instanceof InterruptedDrawing
          ? drawingText(outputs, `after all ${methods.length} runs ended`)
          : i === methods.length
            ? `after all ${methods.length} runs ended${unwrittenText(outputs)}`
            : `in run ${i + 1} of ${methods.length} (${runName(methods[i]!.info)}) ${lasts[i]!.text()}${unwrittenText(outputs)}`;
      sayInterrupted([
        where,
        ...finished.map(
          (run, k) =>
            `${k + 1}. ${runName(run.optimizer)}: ${run.status}, f = ${formatNumber(run.value, 10)} — ${run.message}`,
        ),
      ]);
      return;
    }
    if (values.json) {
      process.stdout.write(`${toJson({ runs: runs.map(runSummary) })}\n`);
      return;
    }
    const table = runs.map((run) => [
      run.optimizer.name,
      typeof run.optimizer.lr === 'number' ? formatNumber(run.optimizer.lr, 10) : '',
      run.status,
      String(run.iterations),
      formatNumber(run.value, 6),
      run.variables.map((v, i) => `${v}=${formatNumber(run.point[i]!, 6)}`).join(' '),
      run.suggestedLr === null ? '' : formatNumber(run.suggestedLr, 4),
    ]);
    const header = ['optimizer', 'lr', 'status', 'iterations', 'value', 'point', 'suggested lr'];
    const out = [
      ...columns([header, ...table]),
      '',
      ...runs.map((run, i) => `${i + 1}. ${runName(run.optimizer)}: ${run.message}`),
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  },
};

/** A run as compare's lists name it: `adam lr 0.01`, or `lbfgs`. */
function runName(info: Method['info']): string {
  return `${info.name}${typeof info.lr === 'number' ? ` lr ${formatNumber(info.lr, 10)}` : ''}`;
}

/**
 * One method per optimizer and learning rate, in that order; an optimizer without a learning rate
 * once. Each optimizer gets the options it takes, and an option that none takes is bad input.
 */
function createMethods(
  names: readonly string[],
  rates: readonly number[] | undefined,
  shared: OptimizerOptions,
): Method[] {
  const given: OptimizerSettingKey[] = [
    ...givenOptions(shared),
    ...(rates === undefined ? [] : ['learningRate' as const]),
  ];
  const used = new Set<OptimizerSettingKey>();
  const methods = names.flatMap((name) => {
    const taken: readonly string[] = isOptimizerName(name) ? optimizerCatalog[name].settings : [];
    const own: OptimizerOptions = {};
    for (const key of given) {
      if (!taken.includes(key)) continue;
      used.add(key);
      if (key !== 'learningRate') Object.assign(own, { [key]: shared[key] });
    }
    const optimizer = name as keyof typeof optimizerCatalog;
    return rates === undefined || !taken.includes('learningRate')
      ? [createMethod(optimizer, own)]
      : rates.map((lr) => createMethod(optimizer, { ...own, learningRate: lr }));
  });
  const unused = given.find((key) => !used.has(key));
  if (unused !== undefined) {
    const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
    throw new InputError(`${flagFor(unused)} does not apply to ${list}`, { key: unused });
  }
  return methods;
}
