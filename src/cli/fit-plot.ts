// `fit --plot FILE`: a one-feature fit over its data (a line, or a fitted curve), a line on its (m, c) cost surface, else the loss curves.

import {
  costSurfaceFigure,
  type Dataset,
  type Figure,
  type FitResult,
  fittedCurveFigure,
  type LossSeries,
  lineFitFigure,
  lossCurvesFigure,
  type Size,
  type ThinnedState,
} from '../index.js';
import { formatValue } from '../internal.js';
import { writeFigure } from './plot-file.js';

/** A line fit's flat params (slope, intercept) by epoch, the start first, thinned past a limit. */
export type ParamsPath = ThinnedState | null;

/**
 * A linear model of one feature is drawn as seed 001 draws it: the data and the line y = m·x + c,
 * the line of every epoch faint behind the last (a GIF plays them) — or, with `surface`, the path of
 * (m, c) on the 3-D cost surface E(m, c), seed 001's figure 3; any other regression of one feature
 * (a polynomial, a network, a formula) draws its fitted curve over the data; the rest show their
 * training (and validation) loss by epoch on a log scale. `signal` stops a GIF before its next frame.
 *
 * @example
 * await writeFitPlot('line.gif', data, result, paths);
 */
export function writeFitPlot(
  file: string,
  data: Dataset,
  result: FitResult,
  path: ParamsPath,
  options: { size?: Size; surface?: boolean },
  signal?: AbortSignal,
): Promise<void> {
  return writeFigure(file, fitFigure(data, result, path, options), '--plot', signal);
}

/** Whether a fit is seed 001's: a line y = m·x + c through one feature, so (m, c) can be drawn. */
export function isLineFit(data: Dataset, model: string): boolean {
  return model === 'linear' && data.featureNames.length === 1 && data.classes === null;
}

function fitFigure(
  data: Dataset,
  result: FitResult,
  path: ParamsPath,
  options: { size?: Size; surface?: boolean },
): Figure {
  const shared = options.size === undefined ? {} : { size: options.size };
  const feature = data.featureNames[0]!;
  if (isLineFit(data, result.config.model)) {
    const kept = path ?? { steps: new Float64Array([result.epochs]), rows: result.params, stride: 1 };
    const lines = Array.from(kept.steps, (_, i) => {
      const reported = result.model.report(kept.rows.subarray(2 * i, 2 * i + 2), result.scaling);
      // The entry that is not the feature's is the intercept, whatever name it had to take.
      const intercept = Object.keys(reported).find((name) => name !== feature)!;
      return [reported[feature] as number, reported[intercept] as number] as const;
    });
    const x = new Float64Array(data.rows);
    for (let i = 0; i < data.rows; i++) x[i] = data.features[i]!;
    if (options.surface) {
      return costSurfaceFigure({
        x,
        y: data.target,
        path: lines,
        iterations: kept.steps,
        title: `mean squared error E(m, c) of ${data.targetName} = m·${feature} + c (${data.name})`,
        ...shared,
      });
    }
    return lineFitFigure({
      x,
      y: data.target,
      path: lines,
      iterations: kept.steps,
      xLabel: feature,
      yLabel: data.targetName,
      title: `${data.targetName} = m·${feature} + c, fitted by ${result.optimizer.name} (${data.name})`,
      ...shared,
    });
  }
  if (data.featureNames.length === 1 && data.classes === null && result.classes === null) {
    const first = result.history.loss[0];
    const from = first === undefined ? '' : ` (from ${formatValue(first)})`;
    return fittedCurveFigure({
      x: data.features.subarray(0, data.rows),
      y: data.target,
      predict: (xs) => result.predict(xs),
      xLabel: feature,
      yLabel: data.targetName,
      fitLabel: `${result.config.model} fit of ${data.targetName}`,
      title: `${data.targetName} against ${feature}: ${result.config.model} fitted by ${result.optimizer.name} (${data.name})`,
      subtitle: `${result.status} after ${result.epochs} epochs, ${result.config.loss} loss ${formatValue(result.loss)}${from}`,
      ...shared,
    });
  }
  // An epoch's training loss is measured before its step, at epoch − 1 steps done; the curve ends at
  // the loss the fit reports (after the last step) unless validation restored earlier params.
  const { history } = result;
  const trainingSteps = Array.from(history.epochs, (e) => e - 1);
  const trainingValues = Array.from(history.loss);
  if (result.bestEpoch === null && result.epochs > (trainingSteps.at(-1) ?? -1)) {
    trainingSteps.push(result.epochs);
    trainingValues.push(result.loss);
  }
  const series: LossSeries[] = [
    { label: 'training loss', values: trainingValues, iterations: trainingSteps },
  ];
  if (history.validationLoss !== null) {
    series.push({ label: 'validation loss', values: history.validationLoss, iterations: history.epochs });
  }
  return lossCurvesFigure({
    series,
    valueName: `${result.config.loss} loss`,
    xLabel: 'epoch',
    title: `${result.config.model} on ${data.name}: ${result.status} after ${result.epochs} epochs`,
    ...shared,
  });
}
