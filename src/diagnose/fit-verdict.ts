// The verdict on a fit: its status, and a message that quotes the losses the verdict stands on.

import type { SettingNamer } from '../errors.js';
import { formatNumber } from '../numeric/format.js';
import type { Metrics } from '../record/metrics.js';
import type { RunStatus } from '../record/run-result.js';
import { frozenLayers, type LayerHealth } from './gradient-health.js';

export interface FitVerdict {
  readonly status: RunStatus;
  readonly message: string;
}

/** A fit that explains less than this share of its target (r² or pseudo-R²) has learned nothing worth the name. */
export const learnedShare = 0.05;

/** A training loss whose spread over the last `patience` epochs is within this fraction of its lowest value has levelled off. */
export const levelledOff = 0.01;

/** How much of its target a fit explains, and the words that say so. */
export interface Explained {
  /** 1 for a perfect fit, about 0 for one no better than a constant; NaN when there is nothing to explain. */
  readonly share: number;
  readonly text: string;
}

/**
 * The share of the target a fit explains on its rows: r² for regression; for a classifier McFadden's
 * pseudo-R² = 1 − logLoss/H, where H, the entropy of the class frequencies, is the log loss of always
 * predicting those frequencies — so two balanced classes at a log loss near ln 2 = 0.693 explain ~0.
 *
 * @example
 * explained({ accuracy: 0.6, logLoss: 0.6897 }, Float64Array.of(0, 1), 1).share; // 1 − 0.6897/ln 2 ≈ 0.005
 */
export function explained(metrics: Metrics, target: Float64Array, outputs: number): Explained {
  if ('r2' in metrics) return { share: metrics.r2, text: `r² ${formatNumber(metrics.r2, 4)}` };
  const counts = new Float64Array(Math.max(2, outputs));
  for (let i = 0; i < target.length; i++) counts[target[i]!] = counts[target[i]!]! + 1;
  let entropy = 0;
  for (const count of counts)
    if (count > 0) entropy -= (count / target.length) * Math.log(count / target.length);
  return {
    share: entropy > 0 ? 1 - metrics.logLoss / entropy : Number.NaN,
    text: `log loss ${formatNumber(metrics.logLoss, 4)}, against ${formatNumber(entropy, 4)} for always guessing the class frequencies`,
  };
}

/** The epoch whose params a validation split restores, with its training and validation loss. */
export interface BestEpoch {
  readonly epoch: number;
  readonly training: number;
  readonly validation: number;
}

const restored = (best: BestEpoch): string =>
  `restored the params of epoch ${best.epoch}, the best on validation (training loss ${formatNumber(best.training, 4)}, validation loss ${formatNumber(best.validation, 4)})`;

const epochsText = (n: number): string => `${n} epoch${n === 1 ? '' : 's'}`;

const byKey: SettingNamer = (key) => key;

/** What the early-stopping verdict looks at. Training losses are on the whole training set. */
export interface EarlyStop {
  /** Epochs run. */
  readonly epochs: number;
  readonly patience: number;
  /** The training loss at the initial params. */
  readonly start: number;
  /** The training loss at the params of the last epoch. */
  readonly end: number;
  /** The recorded training losses of the last `patience` + 1 epochs. */
  readonly recent: readonly number[];
  readonly best: BestEpoch;
  /** What the restored params explain of the training rows. */
  readonly learned: Explained;
  /** The hint for a run that blew up (empty when there is none). */
  readonly advice: string;
  /** How the message names settings (default: by key). */
  readonly name?: SettingNamer;
}

/**
 * The verdict when the validation loss has not improved for `patience` epochs. Early stopping must not
 * hide a failed run, so it is
 * - `diverged` when training made the training loss worse: `end` is above `start` (or not finite);
 * - `stalled` when the restored params explain less than 5 % of the target (see `explained`) while the
 *   training loss was still moving — its spread over the last `patience` epochs is above 1 % of its
 *   lowest value: the run was stopped before it learned, not after;
 * - `converged` otherwise: the model learned something, or the training loss had levelled off too
 *   (there was nothing more to learn).
 * The message names the best epoch with its training and validation loss; its training loss is the
 * fit's `loss`.
 *
 * @example
 * earlyStopVerdict({ epochs: 11, patience: 10, start: 2.2, end: 3e5, … }).status; // 'diverged'
 */
export function earlyStopVerdict(stop: EarlyStop): FitVerdict {
  const name = stop.name ?? byKey;
  const kept = restored(stop.best);
  if (!(stop.end <= stop.start)) {
    return {
      status: 'diverged',
      message: `the training loss rose from ${formatNumber(stop.start, 4)} to ${formatNumber(stop.end, 4)} in ${epochsText(stop.epochs)}${stop.advice}; early stopping ${kept}`,
    };
  }
  const waited = `the validation loss did not improve for ${epochsText(stop.patience)}`;
  const low = Math.min(...stop.recent);
  const high = Math.max(...stop.recent);
  if (stop.learned.share < learnedShare && high - low > levelledOff * Math.abs(low)) {
    return {
      status: 'stalled',
      message: `early stopping after ${epochsText(stop.epochs)}, before the model learned: ${waited} while the training loss still moved between ${formatNumber(low, 4)} and ${formatNumber(high, 4)}, and the best params explain almost nothing (${stop.learned.text}); ${kept} — try a larger ${name('patience')} or a smaller ${name('learningRate')}`,
    };
  }
  return {
    status: 'converged',
    message: `early stopping after ${epochsText(stop.epochs)}: ${waited} (the training loss went from ${formatNumber(stop.start, 4)} to ${formatNumber(stop.end, 4)}); ${kept}`,
  };
}

/** What the verdict on a run that used up its epochs looks at. */
export interface EpochLimit {
  readonly limit: number;
  /** Epochs run (default: the history's length). */
  readonly epochs?: number;
  /** The recorded training loss of every epoch, or of an evenly thinned set of epochs in a long run. */
  readonly history: ArrayLike<number>;
  /** The training loss at the initial params and at the params of the last epoch. */
  readonly start: number;
  readonly end: number;
  /** The epoch restored as best on validation, or null without a validation split. */
  readonly best: BestEpoch | null;
  readonly advice: string;
}

/**
 * The verdict on a run that used up its epochs: `diverged` when the loss rose in at least 80 % of the
 * epochs of the last half (at least 4) and ended above where it began, else `max-iterations`. The
 * message quotes the training loss at the start and at the end (the fit's `loss`, or with a
 * validation split the restored epoch's).
 *
 * @example
 * epochLimitVerdict({ limit: 1, history: [33.74], start: 33.74, end: 0.6888, best: null, advice: '' }).message;
 * // 'stopped at the epoch limit after 1 epoch: the training loss went from 33.74 to 0.6888'
 */
export function epochLimitVerdict(run: EpochLimit): FitVerdict {
  const h = run.history;
  const done = run.epochs ?? h.length;
  if (done === 0) return { status: 'max-iterations', message: `no epochs run (the limit is ${run.limit})` };
  const kept =
    run.best === null
      ? ''
      : run.best.epoch === done
        ? `; the last epoch was the best on validation (validation loss ${formatNumber(run.best.validation, 4)})`
        : `; ${restored(run.best)}`;
  const held = h.length;
  const window = Math.min(Math.max(4, Math.floor(held / 2)), held - 1);
  let rises = 0;
  for (let k = held - window; k < held; k++) if (h[k]! > h[k - 1]!) rises++;
  if (done > 4 && rises >= 0.8 * window && !(run.end <= run.start)) {
    const which =
      held === done ? `the last ${window} epochs` : `${window} evenly spread epochs of the last half`;
    return {
      status: 'diverged',
      message: `the training loss rose in ${rises} of ${which}, from ${formatNumber(run.start, 4)} to ${formatNumber(run.end, 4)}${run.advice}${kept}`,
    };
  }
  return {
    status: 'max-iterations',
    message: `stopped at the epoch limit after ${epochsText(done)}: the training loss went from ${formatNumber(run.start, 4)} to ${formatNumber(run.end, 4)}${kept}`,
  };
}

/**
 * A network that stopped (converged or at the epoch limit) explaining less than 5 % of its target while
 * the gradient of a hidden layer is gone (frozenLayers) did not find a minimum: it is stuck. Such a
 * run is `stalled`, and the message says why — dead ReLUs, or saturated units with another activation —
 * and what to try. Any other verdict is returned as it is.
 *
 * @example
 * networkVerdict({ status: 'converged', message: 'step size fell below 1e-8 after 88 epochs' }, learned, health, 'relu');
 * // { status: 'stalled', message: 'step size fell below 1e-8 after 88 epochs, yet … dead ReLUs …' }
 */
export function networkVerdict(
  verdict: FitVerdict,
  learned: Explained,
  health: readonly LayerHealth[],
  activation: string,
  name: SettingNamer = byKey,
): FitVerdict {
  if (verdict.status !== 'converged' && verdict.status !== 'max-iterations') return verdict;
  const frozen = frozenLayers(health);
  if (!(learned.share < learnedShare) || frozen.length === 0) return verdict;
  const layers = frozen.map((h) => `${h.layer} (norm ${formatNumber(h.norm, 4)})`).join(', ');
  const why =
    activation === 'relu'
      ? `its ReLUs have died: they output 0 on the training rows and so pass back no gradient; try ${name('activation')} tanh, a smaller ${name('learningRate')} or another ${name('seed')}`
      : `its ${activation} units are saturated; try a smaller ${name('learningRate')}, another ${name('init')} or another ${name('seed')}`;
  return {
    status: 'stalled',
    message: `${verdict.message}, yet the fit explains almost nothing (${learned.text}) and the gradient vanished in ${layers} — ${why}`,
  };
}
