// How a minimization run is shown: the readable summary and the --trace CSV.

import { formatNumber, type MinimizeResult } from '../index.js';

const point = (names: readonly string[], values: Float64Array): string =>
  names.length === 0
    ? '(no variables)'
    : names.map((name, i) => `${name} = ${formatNumber(values[i]!, 10)}`).join(', ');

/** An optimizer and its settings in a summary's words: `adam, lr 0.05, b1 0.9, …` (minimize, compare and fit). */
export function optimizerText(info: MinimizeResult['optimizer']): string {
  const settings = Object.entries(info)
    .filter(([key]) => key !== 'name')
    .map(([key, v]) => `${key} ${typeof v === 'number' ? formatNumber(v, 10) : String(v)}`);
  return [info.name, ...settings].join(', ');
}

/**
 * A fit's training or validation metrics in a summary's words. r² is undefined where the target does
 * not vary (its sum of squares is 0: one row, or equal values), and says so.
 */
export function metricsText(
  metrics: { accuracy: number; logLoss: number } | { mse: number; r2: number },
): string {
  if ('accuracy' in metrics)
    return `accuracy ${formatNumber(metrics.accuracy * 100, 4)}%, log loss ${formatNumber(metrics.logLoss, 4)}`;
  const flat = Number.isNaN(metrics.r2) && Number.isFinite(metrics.mse);
  const r2 = flat ? 'undefined (the target does not vary)' : formatNumber(metrics.r2, 6);
  return `mse ${formatNumber(metrics.mse, 6)}, r² ${r2}`;
}

/** The summary a person reads: status, point, value, iterations and the message. */
export function runText(result: MinimizeResult): string {
  const e = result.evaluations;
  const rows: [string, string][] = [
    ['status', result.status],
    ['point', point(result.variables, result.point)],
    ['value', formatNumber(result.value, 10)],
    [
      'gradient',
      `${point(result.variables, result.gradient)} (norm ${formatNumber(result.gradientNorm, 4)})`,
    ],
    [
      'iterations',
      `${result.iterations} (${e.value} value, ${e.gradient} gradient${e.hessian > 0 ? `, ${e.hessian} Hessian` : ''} evaluations)`,
    ],
    ['optimizer', optimizerText(result.optimizer)],
  ];
  if (result.suggestedLr !== null) rows.push(['suggested lr', formatNumber(result.suggestedLr, 4)]);
  rows.push(['why', result.message]);
  return `${rows.map(([k, v]) => `${k.padEnd(12)} ${v}`).join('\n')}\n`;
}

/** The --trace CSV header: iteration, the variables, value, gradient norm. */
export const traceHeader = (variables: readonly string[]): string =>
  ['iteration', ...variables, 'value', 'gradientNorm'].join(',');

/** One --trace row, as minimize's onIterate hears an iterate. */
export function traceRow(iteration: number, x: Float64Array, value: number, gradientNorm: number): string {
  let row = String(iteration);
  for (let i = 0; i < x.length; i++) row += `,${x[i]}`;
  return `${row},${value},${gradientNorm}`;
}
