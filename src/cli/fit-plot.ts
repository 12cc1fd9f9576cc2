// `fit --plot FILE`: a one-feature line fit over its data or on its (m, c) cost surface, else the loss curves.

import type { Dataset } from '../data/dataset.js';
import { costSurfaceFigure } from '../plot/cost-surface.js';
import type { Figure } from '../plot/figure.js';
import type { Size } from '../plot/layout.js';
import { lineFitFigure } from '../plot/line-fit.js';
import { lossCurvesFigure } from '../plot/loss-curves.js';
import type { FitResult } from '../train/fit-result.js';
import { writeFigure } from './plot-file.js';

/** The flat params after each epoch, the start first, as fit's onEpoch hands them out. */
export type ParamsPath = readonly Float64Array[];

/**
 * A linear model of one feature is drawn as seed 001 draws it: the data and the line y = m·x + c,
 * the line of every epoch faint behind the last (a GIF plays them) — or, with `surface`, the path of
 * (m, c) on the 3-D cost surface E(m, c), seed 001's figure 3; any other model shows its
 * training (and validation) loss by epoch on a log scale.
 *
 * @example
 * writeFitPlot('line.gif', data, result, paths);
 */
export function writeFitPlot(
  file: string,
  data: Dataset,
  result: FitResult,
  path: ParamsPath,
  options: { size?: Size; surface?: boolean },
): void {
  writeFigure(file, fitFigure(data, result, path, options), '--plot');
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
    const lines = path.map((params) => {
      const reported = result.model.report(params, result.scaling);
      return [reported[feature] as number, reported.intercept as number] as const;
    });
    const x = new Float64Array(data.rows);
    for (let i = 0; i < data.rows; i++) x[i] = data.features[i]!;
    if (options.surface) {
      return costSurfaceFigure({
        x,
        y: data.target,
        path: lines,
        title: `mean squared error E(m, c) of ${data.targetName} = m·${feature} + c (${data.name})`,
        ...shared,
      });
    }
    return lineFitFigure({
      x,
      y: data.target,
      path: lines,
      xLabel: feature,
      yLabel: data.targetName,
      title: `${data.targetName} = m·${feature} + c, fitted by ${result.optimizer.name} (${data.name})`,
      ...shared,
    });
  }
  const series = [{ label: 'training loss', values: result.history.loss }];
  if (result.history.validationLoss !== null) {
    series.push({ label: 'validation loss', values: result.history.validationLoss });
  }
  return lossCurvesFigure({
    series,
    valueName: `${result.config.loss} loss`,
    xLabel: 'epoch',
    title: `${result.config.model} on ${data.name}: ${result.status} after ${result.epochs} epochs`,
    ...shared,
  });
}
