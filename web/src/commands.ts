// "Copy as command" and "copy as code": the downhill command line and the TypeScript that reproduce a view exactly.

import { flagFor } from '../../src/cli/flag-names.js';
import { optimizerEntry } from './catalog.js';
import type { RunSpec } from './state.js';

/** A word for a POSIX shell: bare when safe, else in single quotes. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_./:=,@+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A number as the CLI reads it back to the same double. */
const n = (v: number): string => String(v);

export interface RaceCommand {
  f: string;
  variables: readonly string[];
  start: ArrayLike<number>;
  runs: readonly RunSpec[];
  maxIterations: number;
  tol: number;
}

const pointText = (variables: readonly string[], values: ArrayLike<number>): string =>
  variables.map((v, i) => `${v}=${n(values[i]!)}`).join(',');

/**
 * The runs as one `downhill compare` when they have its shape (optimizers outer, the same rates inner,
 * each other setting the same wherever it applies), else one `downhill minimize` per run.
 *
 * @example
 * raceCommand({ f: 'x^2', variables: ['x'], start: [9], runs: [{ optimizer: 'gd', lr: 0.1, settings: {} }], maxIterations: 100, tol: 1e-8 });
 * // "downhill minimize 'x^2' --start x=9 --optimizer gd --lr 0.1 --max-iter 100 --json"
 */
export function raceCommand(c: RaceCommand): string {
  const shared = [
    ...(c.variables.length > 0 ? ['--start', pointText(c.variables, c.start)] : []),
    '--max-iter',
    String(c.maxIterations),
    ...(c.tol === 1e-8 ? [] : ['--tol', n(c.tol)]),
  ];
  const settingFlags = (settings: Record<string, number>): string[] =>
    Object.entries(settings).flatMap(([k, v]) => [flagFor(k), n(v)]);
  const compare = compareShape(c.runs);
  if (c.runs.length === 1) {
    const run = c.runs[0]!;
    const words = ['downhill', 'minimize', c.f, ...shared, '--optimizer', run.optimizer];
    if (run.lr !== null) words.push('--lr', n(run.lr));
    return [...words, ...settingFlags(run.settings), '--json']
      .map(shellWord)
      .join(' ')
      .replace(/^'downhill'/, 'downhill');
  }
  if (compare !== null) {
    const words = ['downhill', 'compare', c.f, ...shared, '--optimizer', compare.optimizers.join(',')];
    if (compare.rates.length > 0) words.push('--lr', compare.rates.map(n).join(','));
    return [...words, ...settingFlags(compare.settings), '--json'].map(shellWord).join(' ');
  }
  return c.runs
    .map((run) =>
      [
        'downhill',
        'minimize',
        c.f,
        ...shared,
        '--optimizer',
        run.optimizer,
        ...(run.lr === null ? [] : ['--lr', n(run.lr)]),
        ...settingFlags(run.settings),
        '--json',
      ]
        .map(shellWord)
        .join(' '),
    )
    .join('\n');
}

/** The compare flags that give exactly these runs in this order, or null when compare cannot. */
function compareShape(
  runs: readonly RunSpec[],
): { optimizers: string[]; rates: number[]; settings: Record<string, number> } | null {
  const optimizers: string[] = [];
  for (const run of runs) if (optimizers.at(-1) !== run.optimizer) optimizers.push(run.optimizer);
  if (new Set(optimizers).size !== optimizers.length) return null;
  let rates: number[] | null = null;
  const settings: Record<string, number> = {};
  for (const name of optimizers) {
    const group = runs.filter((r) => r.optimizer === name);
    const entry = optimizerEntry(name)!;
    if (!entry.usesLearningRate) {
      if (group.length !== 1) return null;
    } else {
      const mine = group.map((r) => r.lr);
      if (mine.some((v) => v === null)) return null;
      if (rates === null) rates = mine as number[];
      else if (rates.length !== mine.length || rates.some((v, i) => v !== mine[i])) return null;
    }
    for (const run of group) {
      for (const [k, v] of Object.entries(run.settings)) {
        if (settings[k] !== undefined && settings[k] !== v) return null;
        settings[k] = v;
      }
    }
  }
  // compare hands a setting to every optimizer that takes it: each such run must have it.
  for (const [k] of Object.entries(settings)) {
    for (const run of runs) {
      const takes = optimizerEntry(run.optimizer)!.settings.some((s) => s.key === k);
      if (takes && run.settings[k] === undefined) return null;
    }
  }
  return { optimizers, rates: rates ?? [], settings };
}

const optionsCode = (run: RunSpec): string => {
  const entries = [
    ...(run.lr === null ? [] : [`learningRate: ${n(run.lr)}`]),
    ...Object.entries(run.settings).map(([k, v]) => `${k}: ${n(v)}`),
  ];
  return entries.length === 0 ? '' : `, { ${entries.join(', ')} }`;
};

/**
 * The TypeScript that runs the same race with the library.
 *
 * @example
 * raceCode({ f: 'x^2', variables: ['x'], start: [9], runs, maxIterations: 100, tol: 1e-8 });
 */
export function raceCode(c: RaceCommand): string {
  return [
    "import { compare, compileExpression, createMethod } from 'downhill';",
    '',
    `const f = compileExpression(${JSON.stringify(c.f)});`,
    'const methods = [',
    ...c.runs.map((run) => `  createMethod(${JSON.stringify(run.optimizer)}${optionsCode(run)}),`),
    '];',
    `const runs = compare(f, methods, {`,
    `  start: Float64Array.of(${Array.from(c.start, n).join(', ')}),`,
    `  maxIterations: ${c.maxIterations},`,
    `  tol: ${n(c.tol)},`,
    '});',
    'for (const run of runs) console.log(run.optimizer.name, run.optimizer.lr, run.status, run.point, run.value);',
    '',
  ].join('\n');
}

export interface FitCommand {
  file: string;
  target: string;
  model: string;
  /** A formula model's formula and its parameters' starts as typed (`a=2,b=0.5`), else null and ''. */
  formula: string | null;
  params: string;
  run: RunSpec;
  epochs: number;
  tol: number;
}

/**
 * A shell here-document that writes `text` to `file`, so that the data travel in the command itself:
 * quoted delimiter, so nothing in the data expands, chosen so that no line of the data is it.
 *
 * @example
 * fileCommand('data.csv', 'x,y\n1,2\n'); // "cat > data.csv <<'CSV'\nx,y\n1,2\nCSV"
 */
export function fileCommand(file: string, text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  let end = 'CSV';
  while (lines.includes(end)) end = `${end}_END`;
  return [`cat > ${shellWord(file)} <<'${end}'`, ...lines, end].join('\n');
}

/** `downhill fit` on a data file: the model by name, or a formula with its parameters' starts. */
export function fitCommand(c: FitCommand): string {
  return [
    'downhill',
    'fit',
    c.file,
    '--target',
    c.target,
    ...(c.formula === null
      ? ['--model', c.model]
      : ['--formula', c.formula, ...(c.params === '' ? [] : ['--params', c.params])]),
    '--optimizer',
    c.run.optimizer,
    ...(c.run.lr === null ? [] : ['--lr', n(c.run.lr)]),
    ...Object.entries(c.run.settings).flatMap(([k, v]) => [flagFor(k), n(v)]),
    '--epochs',
    String(c.epochs),
    ...(c.tol === 1e-8 ? [] : ['--tol', n(c.tol)]),
    '--json',
  ]
    .map(shellWord)
    .join(' ');
}

export function fitCode(c: FitCommand & { csv: string }): string {
  const options = [
    ...(c.formula === null
      ? [`model: ${JSON.stringify(c.model)}`]
      : [
          `formula: ${JSON.stringify(c.formula)}`,
          ...(c.params === '' ? [] : [`params: parseAssignments(${JSON.stringify(c.params)}, 'params')`]),
        ]),
    `optimizer: ${JSON.stringify(c.run.optimizer)}`,
    `optimizerOptions: {${optionsCode(c.run).replace(/^, \{|\}$/g, '')}}`,
    `epochs: ${c.epochs}`,
    `tol: ${n(c.tol)}`,
  ];
  return [
    `import { fit, ${c.formula !== null && c.params !== '' ? 'parseAssignments, ' : ''}parseCsvText } from 'downhill';`,
    '',
    `const data = parseCsvText(${JSON.stringify(c.csv)}, { target: ${JSON.stringify(c.target)} });`,
    `const result = fit(data, { ${options.join(', ')} });`,
    'console.log(JSON.stringify({ status: result.status, parameters: result.parameters, loss: result.loss }));',
    '',
  ].join('\n');
}

export interface DirectionCommand {
  f: string;
  variables: readonly string[];
  at: ArrayLike<number>;
  eta: number;
}

export function directionCommand(c: DirectionCommand): string {
  return [
    'downhill',
    'analyze',
    c.f,
    '--at',
    pointText(c.variables, c.at),
    '--directions',
    '--lr',
    n(c.eta),
    '--json',
  ]
    .map(shellWord)
    .join(' ');
}

export function directionCode(c: DirectionCommand): string {
  return [
    "import { compileExpression, directions } from 'downhill';",
    '',
    `const f = compileExpression(${JSON.stringify(c.f)});`,
    `const d = directions(f, Float64Array.of(${Array.from(c.at, n).join(', ')}), { learningRate: ${n(c.eta)} });`,
    'for (const { angle, firstOrder, actual } of d.directions) console.log(angle, firstOrder, actual);',
    '',
  ].join('\n');
}
