// `downhill story`: seed 002's learning-rate story on x² − 4x + 1 from x = 9, told as a table.

import { compare, compileExpression, createMethod, formatNumber } from '../index.js';
import { parseFlags } from './args.js';
import type { Command } from './command.js';
import { columns } from './output.js';

const expression = 'x^2 - 4*x + 1';
const rates = [0.01, 0.9, 1.0, 1.01];
const shown = [0, 1, 2, 3, 4, 5, 10, 20, 50, 100];
const plain: Record<string, string> = {
  'max-iterations': 'too slow: still far from 2',
  converged: 'zig-zags in, but gets there',
  oscillating: 'bounces between 9 and −5 for ever',
  diverged: 'every bounce grows: diverges',
};

export const storyCommand: Command = {
  name: 'story',
  flagList: [],
  flags: {},
  summary: "play seed 002's story: x² − 4x + 1 from x = 9 at learning rates 0.01, 0.9, 1.0 and 1.01",
  help: `Usage: downhill story

Gradient descent on f(x) = x² − 4x + 1 (minimum f(2) = −3) from x = 9 for 100 iterations at learning
rates 0.01, 0.9, 1.0 and 1.01, shown as the iterate x after chosen steps, with each run's verdict.
The step is x ← x − lr·(2x − 4), so x − 2 is multiplied by (1 − 2·lr) every step: 0.98, −0.8, −1, −1.02.

Example:
  downhill story
`,
  run(argv) {
    parseFlags(argv, storyCommand.flags, { names: [] });
    const f = compileExpression(expression);
    const runs = compare(
      f,
      rates.map((lr) => createMethod('gd', { learningRate: lr })),
      { start: new Float64Array([9]), maxIterations: 100, recordPath: true },
    );
    const header = ['step', ...rates.map((lr) => `lr ${lr}`)];
    // A run that stopped early says so in the first row past its end (a blank cell read as a missing number).
    const rows = shown.map((k, row) => [
      String(k),
      ...runs.map((run) => {
        const recorded = run.path!.values.length;
        if (k < recorded) return formatNumber(run.path!.points[k]!, 7);
        return row > 0 && shown[row - 1]! < recorded ? `done at ${run.iterations}` : '';
      }),
    ]);
    const verdicts = ['', ...runs.map((run) => run.status)];
    const out = [
      `Gradient descent on f(x) = ${expression} from x = 9 (minimum at x = 2, f = −3)`,
      '',
      ...columns([header, ...rows, verdicts], 'right'),
      '',
      ...runs.map((run, i) => `lr ${rates[i]}: ${plain[run.status] ?? run.status} — ${run.message}`),
      '',
      'Try one yourself: npx downhill minimize "x^2 - 4*x + 1" --start x=9 --lr 0.5',
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  },
};
