// `downhill fit DATA`: trains a model on a CSV file or built-in dataset; prints a summary or CONTRACT's JSON.

import type cliProgress from 'cli-progress';
import type { NestedArray } from '../internal.js';
import {
  builtinDatasets,
  decodeCheckpoint,
  type EpochInfo,
  encodeCheckpoint,
  type FitCheckpoint,
  type FitResult,
  type FitSettings,
  findLr,
  fitInterruptibly,
  formatNumber,
  InputError,
  isClassifier,
  loadData,
  type OptimizerOptions,
  parseAssignments,
  type SettingKey,
  ThinnedRecord,
} from '../node.js';
import { type FlagValues, listFlag, parseFlags, stringFlag } from './args.js';
import { pointAt } from './caret.js';
import type { Command } from './command.js';
import { flagFor } from './flag-names.js';
import { cliFlags, type Flag, flagHelp, flagSpec, readSettings } from './flags.js';
import { checkpointedRun, Interrupted, sayInterrupted, sigintSignal } from './interrupt.js';
import { labelList } from './label-list.js';
import { optimizerFlagHelp, optimizerFlags, readOptimizerFlags } from './optimizer-flags.js';
import { checkWritable, readResumeFile, toJson } from './output.js';
import { readPlotFlags } from './plot-format.js';
import { metricsText, optimizerText } from './run-report.js';
import { drawsOnStderr } from './terminal.js';
import { timeLeftText } from './time-left.js';

/** The settings of the data and the model, by key. */
const modelKeys = [
  'model',
  'formula',
  'params',
  'activation',
  'init',
  'loss',
  'delta',
  'l2',
] as const satisfies readonly SettingKey[];
/** The settings of training, by key. */
const trainingKeys = [
  'epochs',
  'batchSize',
  'tol',
  'standardize',
  'validation',
  'patience',
  'seed',
  'threads',
] as const satisfies readonly SettingKey[];
const dataFlags: readonly Flag[] = ['target', 'features', ...modelKeys];
const trainingFlags: readonly Flag[] = [
  ...trainingKeys.map(
    (key): Flag =>
      key === 'tol'
        ? {
            setting: 'tol',
            summary:
              "stop when an epoch's step or the gradient norm falls below it, or with mini-batches the relative change of the epoch's loss (0 turns it off)",
          }
        : key,
  ),
  cliFlags.checkpoint,
  cliFlags.resume,
  cliFlags.findLr,
  cliFlags.json,
  'memory',
  cliFlags.fitPlot,
  cliFlags.size,
  cliFlags.surface,
];
const flagList: readonly Flag[] = [...dataFlags, ...trainingFlags, ...optimizerFlags];
const flagTable = flagSpec(flagList);

export const fitCommand: Command = {
  name: 'fit',
  flagList,
  flags: flagTable,
  summary: 'train a model (linear, poly, logistic, softmax, mlp) on a CSV file or built-in dataset',
  help: `Usage: downhill fit DATA [FLAGS]

Trains a model on DATA — a CSV file with a header row, or @NAME for a built-in dataset (see
\`downhill datasets\`) — by gradient descent on the mean loss, and says how the run went.

Data and model:
${flagHelp(dataFlags)}

Training:
${flagHelp(trainingFlags)}

${optimizerFlagHelp}

Examples:
  downhill fit @line --lr 0.1
  downhill fit house.csv --target price --features area,rooms --standardize --json
  downhill fit @iris --model softmax --standardize --optimizer adam --batch-size 16 --epochs 300
  downhill fit @spiral --model mlp:32,32 --activation tanh --optimizer adam --lr 0.01 --epochs 2000
  downhill fit decay.csv --target y --formula "a*exp(-b*t) + c" --params a=2,b=0.5 --optimizer lm
  downhill fit @xor --model mlp:8 --loss bce --checkpoint run.ckpt
  downhill fit @xor --resume run.ckpt --epochs 4000
  downhill fit data.csv --standardize --find-lr
  downhill fit @line --lr 0.05 --epochs 60 --plot line.gif
  downhill fit @line --lr 0.05 --epochs 60 --plot bowl.png --surface
`,
  async run(argv) {
    const { values, positionals } = parseFlags(argv, flagTable, { names: ['DATA'] });
    const formula = stringFlag(values, 'formula');
    try {
      await fitData(positionals[0]!, values);
    } catch (error) {
      // The formula's syntax errors name their column: a caret under it shows where.
      throw formula !== undefined && error instanceof InputError && error.key === 'formula'
        ? pointAt(error, formula)
        : error;
    }
  },
};

/** The whole fit of the data `source` names, as the flags ask. */
async function fitData(source: string, values: FlagValues): Promise<void> {
  const resumeFile = stringFlag(values, 'resume');
  const memoryText = stringFlag(values, 'memory');
  // With --memory the checkpoint may be a streamed run's: fit-stream.ts reads it first.
  let resume = resumeFile === undefined || memoryText !== undefined ? undefined : readCheckpoint(resumeFile);
  const settings = readFitSettings(values);
  if (values['find-lr'] === true && values.lr !== undefined)
    throw new InputError(
      '--find-lr sweeps the learning rate itself: leave out --lr (run with the rate it suggests)',
    );
  // Every output is checked before the data is read, so a bad path costs no training and writes nothing.
  const { plot, size } = readPlotFlags(values);
  const checkpointFile = stringFlag(values, 'checkpoint');
  const outputs: [string | undefined, string][] = [
    [checkpointFile, '--checkpoint'],
    [plot, '--plot'],
  ];
  if (checkpointFile !== undefined && checkpointFile === plot)
    throw new InputError(`--checkpoint: "${checkpointFile}" is also the --plot file`);
  for (const [file, flag] of outputs) if (file !== undefined) checkWritable(file, flag);

  if (memoryText !== undefined) {
    const streaming = await import('./fit-stream.js');
    const memory = streaming.parseMemory(memoryText);
    const options = (saved?: SavedRun) => dataOptions(values, settings, saved);
    if (await streaming.fitStreamed(source, values, memory, settings, settings.epochs, options)) return;
    if (resumeFile !== undefined) resume = readCheckpoint(resumeFile);
  }

  refuseNumericClasses(source, settings, resume);
  const loadStart = performance.now();
  const data = await loadData(source, dataOptions(values, settings, resume)).catch((error: unknown) => {
    throw builtinColumnsError(
      resume === undefined ? error : resumedColumnsError(error, resume, values),
      source,
      values,
    );
  });
  const loadSeconds = (performance.now() - loadStart) / 1000;
  // Pictures and the progress bar load only when asked for, so a plain fit starts at once.
  const plotting = plot === undefined && values.surface !== true ? null : await import('./fit-plot.js');
  const isLineFit = (model: string): boolean => plotting?.isLineFit(data, model) ?? false;
  if (values.surface === true && !isLineFit(settings.model ?? resume?.config.model ?? 'linear')) {
    throw new InputError(
      '--surface: the cost surface E(m, c) is drawn for a linear model of one feature only',
    );
  }
  if (values.surface === true && values.plot === undefined)
    throw new InputError('--surface goes with --plot FILE');

  if (values['find-lr'] === true) {
    const sweep = findLr(data, settings);
    process.stdout.write(`${toJson(sweep)}\n`);
    return;
  }

  // Only a line fit draws its params epoch by epoch; they are kept thinned, in bounded memory.
  const lineFit = plot !== undefined && isLineFit(settings.model ?? resume?.config.model ?? 'linear');
  const path = lineFit ? new ThinnedRecord(2) : null;
  const progress =
    values.json === true || !drawsOnStderr() ? null : progressBar((await import('cli-progress')).default);
  const onEpoch = (info: EpochInfo): void => {
    path?.push(info.epoch, info.params);
    progress?.update(info);
  };
  // Ctrl-C stops between two steps and writes the whole state to the checkpoint first (exit 130).
  const result = await checkpointedRun(checkpointFile, encodeCheckpoint, progress, (signal, onCheckpoint) =>
    fitInterruptibly(
      data,
      {
        ...settings,
        ...(resume !== undefined && { resume }),
        ...(onCheckpoint !== undefined && { onCheckpoint }),
        onEpoch,
        settingNames: flagFor,
        ...(path !== null && { onStart: (params: Float64Array) => path.push(0, params) }),
      },
      signal,
    ),
  );
  if (result === null) return;
  if (plot !== undefined && plotting !== null) {
    // A GIF's frames take seconds: Ctrl-C stops them, says so and leaves no --plot file (exit 130).
    const drawing = sigintSignal();
    try {
      await plotting.writeFitPlot(
        plot,
        data,
        result,
        path?.state() ?? null,
        { ...(size && { size }), surface: values.surface === true },
        drawing.signal,
      );
    } catch (error) {
      if (!(error instanceof Interrupted)) throw error;
      const kept =
        checkpointFile === undefined ? '' : `; the checkpoint "${checkpointFile}" holds the result`;
      sayInterrupted([
        `while drawing the --plot file "${plot}", after the fit ended (${result.status} after ${result.epochs} epoch${result.epochs === 1 ? '' : 's'}); no --plot file was written${kept}`,
      ]);
      return;
    } finally {
      drawing.stop();
    }
  }
  const report = fitReport(result, loadSeconds);
  process.stdout.write(values.json === true ? `${toJson(report)}\n` : fitText(result, loadSeconds));
}

/** The settings the flags give, read and checked by the catalog; those left out stay out, so a resumed run takes the checkpoint's. */
function readFitSettings(values: FlagValues): FitSettings & { epochs?: number } {
  const { optimizer, options } = readOptimizerFlags(values);
  const { params, ...settings } = readSettings(values, [...modelKeys, ...trainingKeys]) as FitSettings & {
    epochs?: number;
    params?: string;
  };
  const optimizerOptions: OptimizerOptions = options;
  return {
    ...settings,
    ...(params !== undefined && { params: parseAssignments(params, '--params') }),
    ...(optimizer !== undefined && { optimizer }),
    ...(Object.keys(optimizerOptions).length > 0 && { optimizerOptions }),
  };
}

/** What dataOptions reads of a checkpoint, a run's in memory or a streamed one's. */
export type SavedRun = Pick<FitCheckpoint, 'config'> & {
  readonly data: Pick<FitCheckpoint['data'], 'targetName' | 'featureNames'>;
};

/** Which columns to read and how to read the target: labels for classifiers, else numbers where they are numbers. */
function dataOptions(values: FlagValues, settings: FitSettings, resume: SavedRun | undefined) {
  const chosenTarget = stringFlag(values, 'target');
  const chosenFeatures = listFlag(values, 'features');
  if (resume !== undefined) {
    // A resumed run continues the checkpoint's model, which reads its own columns: other ones would
    // only be found out as "other data" once the file was read.
    const { targetName, featureNames } = resume.data;
    if (chosenTarget !== undefined && chosenTarget !== targetName)
      throw new InputError(
        `--target: the checkpoint was trained to predict "${targetName}", not "${chosenTarget}" (leave --target out to continue it)`,
      );
    if (chosenFeatures !== undefined && chosenFeatures.join(',') !== featureNames.join(','))
      throw new InputError(
        `--features: the checkpoint was trained on ${featureNames.join(',')}, not ${chosenFeatures.join(',')} (leave --features out to continue it)`,
      );
  }
  const target = chosenTarget ?? resume?.data.targetName;
  const features = chosenFeatures ?? resume?.data.featureNames;
  const { model, loss } = modelAndLoss(settings, resume);
  const seed = settings.seed ?? resume?.config.seed;
  return {
    targetKind: isClassifier(model, loss) ? ('categorical' as const) : ('auto' as const),
    ...(target !== undefined && { target }),
    ...(features !== undefined && { features }),
    ...(seed !== undefined && { seed }),
  };
}

/** The model and loss a fit will use: the flags', else the resumed checkpoint's, else a line. */
function modelAndLoss(settings: FitSettings, resume: SavedRun | undefined): { model: string; loss?: string } {
  const model =
    settings.model ??
    (settings.formula === undefined ? undefined : 'formula') ??
    resume?.config.model ??
    'linear';
  const loss = settings.loss ?? resume?.config.loss;
  return loss === undefined ? { model } : { model, loss };
}

/**
 * A classifier asked of a built-in set whose target holds numbers (`fit @line --model logistic`):
 * refused naming the flag that asked for classes, not the target, which is as it should be — or
 * --resume, when the checkpoint's model is the classifier.
 */
function refuseNumericClasses(source: string, settings: FitSettings, resume: SavedRun | undefined): void {
  const builtin = builtinDatasets.find((d) => `@${d.name}` === source);
  const { model, loss } = modelAndLoss(settings, resume);
  if (builtin?.targetKind !== 'numeric' || !isClassifier(model, loss)) return;
  const numbers = `${source}'s target "${builtin.targetName}" holds numbers, not class labels`;
  if (resume !== undefined && settings.model === undefined && settings.loss === undefined) {
    throw new InputError(
      `--resume: the checkpoint's ${model} model classifies "${resume.data.targetName}" from ${resume.data.featureNames.join(', ')}, but ${numbers}; resume it on the data it was trained on`,
      { key: 'resume' },
    );
  }
  if (isClassifier(model, undefined)) {
    throw new InputError(
      `--model ${model}: ${numbers} — logistic and softmax classify; fit numbers with linear, poly, formula or mlp`,
      { key: 'model' },
    );
  }
  throw new InputError(
    `--loss ${settings.loss}: ${numbers} — bce and ce are classification losses; fit numbers with mse, mae or huber`,
    { key: 'loss' },
  );
}

/**
 * A column a built-in set lacks, said of the flag that named it (`--target z: @line …`), since @NAME is no
 * file of the user's: a generated set predicts its own target alone, a shipped one any of its columns.
 */
function builtinColumnsError(error: unknown, source: string, values: FlagValues): unknown {
  if (!(error instanceof InputError) || (error.key !== 'target' && error.key !== 'features')) return error;
  const builtin = builtinDatasets.find((d) => `@${d.name}` === source);
  const given = stringFlag(values, error.key);
  if (builtin === undefined || given === undefined) return error;
  const names = [...builtin.featureNames, builtin.targetName];
  const columns = `its columns are ${names.join(', ')}`;
  if (error.key === 'target' && builtin.source === 'generated' && given !== builtin.targetName) {
    return new InputError(
      `--target ${given}: ${source} is generated to predict "${builtin.targetName}" alone (${columns}); leave --target out`,
      { key: 'target' },
    );
  }
  const missing = given.split(',').find((name) => !names.includes(name));
  if (missing === undefined) return error;
  return new InputError(`--${error.key} ${given}: ${source} has no column "${missing}" (${columns})`, {
    key: error.key,
  });
}

/** A column the checkpoint names that DATA lacks: said as the checkpoint's columns, which no flag typed here chose. */
function resumedColumnsError(error: unknown, resume: SavedRun, values: FlagValues): unknown {
  if (!(error instanceof InputError) || (error.key !== 'target' && error.key !== 'features')) return error;
  if (values[error.key] !== undefined) return error;
  const { targetName, featureNames } = resume.data;
  return new InputError(
    `--resume: the checkpoint was trained to predict "${targetName}" from ${featureNames.join(', ')}; ${error.message}`,
  );
}

function readCheckpoint(file: string): FitCheckpoint {
  const text = readResumeFile(file);
  try {
    return decodeCheckpoint(text);
  } catch (error) {
    throw new InputError(`--resume: "${file}" is ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * A progress bar on stderr (a terminal only), shown once a run has lasted more than a second; its
 * time estimate comes from this run's own rate (a resumed run's earlier epochs do not count).
 */
function progressBar(bars: typeof cliProgress): { update: (info: EpochInfo) => void; stop: () => void } {
  let bar: cliProgress.SingleBar | null = null;
  // The first report comes after this run's first epoch.
  let startDone: number | null = null;
  return {
    update(info) {
      startDone ??= info.epoch - 1;
      const payload = {
        loss: formatNumber(info.loss, 4),
        left: timeLeftText(info.epoch, info.epochs, info.seconds, startDone),
      };
      if (bar === null) {
        if (info.seconds < 1) return;
        bar = new bars.SingleBar(
          {
            format: 'epoch {value}/{total} [{bar}] loss {loss}{left}',
            hideCursor: true,
            clearOnComplete: true,
          },
          bars.Presets.shades_classic,
        );
        bar.start(info.epochs, info.epoch, payload);
      }
      bar.update(info.epoch, payload);
    },
    stop: () => bar?.stop(),
  };
}

/** CONTRACT's JSON object, with the optimizer and class labels besides. */
function fitReport(result: FitResult, loadSeconds: number) {
  return {
    status: result.status,
    message: result.message,
    model: result.config.model,
    parameters: result.parameters,
    loss: result.loss,
    epochs: result.epochs,
    metrics: result.metrics,
    validation: result.validation,
    gradientHealth: result.gradientHealth,
    ...(result.standardErrors !== null && { standardErrors: result.standardErrors }),
    ...(result.determination !== null && { determination: result.determination }),
    ...(result.evaluations !== null && { evaluations: result.evaluations }),
    ...(result.config.formula !== null && { formula: result.config.formula }),
    timing: { loadSeconds, trainSeconds: result.timing.trainSeconds },
    optimizer: result.optimizer,
    lossFunction: result.config.loss,
    classes: result.classes,
  };
}

function parameterText(name: string, value: number | NestedArray): string {
  if (typeof value === 'number') return `${name} = ${formatNumber(value, 6)}`;
  const shape: number[] = [];
  let inner: number | NestedArray = value;
  while (Array.isArray(inner)) {
    shape.push(inner.length);
    inner = inner[0] as number | NestedArray;
  }
  if (shape.length === 1 && shape[0]! <= 6) {
    return `${name} = [${(value as number[]).map((v) => formatNumber(v, 6)).join(', ')}]`;
  }
  return `${name} [${shape.join('×')}]`;
}

/** The summary a person reads. */
function fitText(result: FitResult, loadSeconds: number): string {
  const rows: [string, string][] = [
    ['status', result.status],
    [
      'model',
      `${result.config.model} with ${result.config.loss}${result.classes ? ` (classes ${labelList(result.classes)})` : ''}`,
    ],
    [
      'parameters',
      Object.entries(result.parameters)
        .map(([k, v]) => parameterText(k, v))
        .join(', '),
    ],
    ['loss', formatNumber(result.loss, 6)],
    ['epochs', String(result.epochs)],
  ];
  rows.push(['training', metricsText(result.metrics)]);
  if (result.validation !== null) rows.push(['validation', metricsText(result.validation)]);
  if (result.standardErrors !== null) {
    rows.push([
      'std errors',
      Object.entries(result.standardErrors)
        .map(([k, v]) => `${k} ± ${v === null ? 'none (not determined)' : formatNumber(v, 3)}`)
        .join(', '),
    ]);
  }
  if (result.evaluations !== null) {
    rows.push([
      'evaluations',
      `${result.evaluations.residual} residual, ${result.evaluations.jacobian} Jacobian`,
    ]);
  }
  if (result.gradientHealth !== null) {
    rows.push([
      'gradients',
      result.gradientHealth.map((h) => `${h.layer} ${formatNumber(h.norm, 3)} ${h.verdict}`).join(', '),
    ]);
  }
  rows.push(['optimizer', optimizerText(result.optimizer)]);
  rows.push([
    'time',
    `load ${formatNumber(loadSeconds, 3)} s, train ${formatNumber(result.timing.trainSeconds, 3)} s`,
  ]);
  rows.push(['why', result.message]);
  return `${rows.map(([k, v]) => `${k.padEnd(11)} ${v}`).join('\n')}\n`;
}
