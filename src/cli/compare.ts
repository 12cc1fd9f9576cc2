// `downhill compare EXPR`: every optimizer × learning-rate combination from one start, side by side.

import { InputError } from '../errors.js';
import { createMethod } from '../optim/registry.js';
import { compare } from '../train/compare.js';
import type { MinimizeResult } from '../train/run-result.js';
import { runSummary } from '../train/run-summary.js';
import { listFlag, numberListFlag, parseFlags } from './args.js';
import type { Command } from './command.js';
import { optimizerFlagHelp, readOptimizerOptions } from './optimizer-flags.js';
import { formatNumber, toJson } from './output.js';
import { readOutputs, readRun, runFlagHelp, runFlagSpec, writeOutputs } from './run-flags.js';
import { traceCsv } from './run-report.js';

export const compareCommand: Command = {
  name: 'compare',
  summary: 'run several optimizers or learning rates from the same start and compare them',
  help: `Usage: downhill compare EXPR [FLAGS]

The flags of minimize, but --optimizer and --lr take comma-separated lists; every combination runs
from the same start (optimizers outer, learning rates inner). --trace FILE.csv writes all runs with a
"run" column.

${runFlagHelp}

${optimizerFlagHelp}

Examples:
  downhill compare "x^2 - 4*x + 1" --start x=9 --lr 0.01,0.9,1.0,1.01 --max-iter 100
  downhill compare "x^2 - 4*x + 1" --start x=9 --lr 0.01,0.9,1.0,1.01 --max-iter 100 --plot race.gif
  downhill compare "(1-x)^2 + 100*(y-x^2)^2" --start x=-1.2,y=1 --optimizer gd,momentum,adam --lr 0.001 --json
`,
  run(argv) {
    const { values, positionals } = parseFlags(argv, runFlagSpec, { names: ['EXPR'] });
    const { f, options } = readRun(positionals[0]!, values);
    const names = listFlag(values, 'optimizer') ?? ['gd'];
    const rates: (number | undefined)[] = numberListFlag(values, 'lr', { min: 0, exclusiveMin: true }) ?? [
      undefined,
    ];
    const shared = readOptimizerOptions(values);
    const methods = names.flatMap((name) =>
      rates.map((lr) => createMethod(name, { ...shared, ...(lr !== undefined && { learningRate: lr }) })),
    );
    if (methods.length > 64) throw new InputError(`--optimizer × --lr: ${methods.length} runs, at most 64`);
    const outputs = readOutputs(values);
    const runs = compare(f, methods, { ...options, recordPath: outputs.recordPath });
    writeOutputs(outputs, f, runs, compareTraceCsv);
    if (values.json) {
      process.stdout.write(`${toJson({ runs: runs.map(runSummary) })}\n`);
      return;
    }
    const table = runs.map((run) => [
      run.optimizer.name,
      typeof run.optimizer.lr === 'number' ? formatNumber(run.optimizer.lr) : '',
      run.status,
      String(run.iterations),
      formatNumber(run.value, 6),
      run.variables.map((v, i) => `${v}=${formatNumber(run.point[i]!, 6)}`).join(' '),
      run.suggestedLr === null ? '' : formatNumber(run.suggestedLr, 4),
    ]);
    const header = ['optimizer', 'lr', 'status', 'iterations', 'value', 'point', 'suggested lr'];
    const widths = header.map((h, c) => Math.max(h.length, ...table.map((row) => row[c]!.length)));
    const line = (row: string[]): string =>
      row
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join('  ')
        .trimEnd();
    const out = [
      line(header),
      ...table.map(line),
      '',
      ...runs.map(
        (run, i) =>
          `${i + 1}. ${run.optimizer.name}${typeof run.optimizer.lr === 'number' ? ` lr ${formatNumber(run.optimizer.lr)}` : ''}: ${run.message}`,
      ),
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  },
};

/** All runs in one CSV, each row led by its run number, optimizer and learning rate. */
function compareTraceCsv(runs: MinimizeResult[]): string {
  const parts = runs.map((run, i) => {
    const [header, ...rows] = traceCsv(run).trimEnd().split('\n');
    return {
      header: `run,optimizer,lr,${header}`,
      rows: rows.map((r) => `${i + 1},${run.optimizer.name},${run.optimizer.lr ?? ''},${r}`),
    };
  });
  return `${[parts[0]!.header, ...parts.flatMap((p) => p.rows)].join('\n')}\n`;
}
