// FitState: a training run between two steps as one plain value — what a step maps to the next and a checkpoint carries.

import type { RandomState } from '../data/random.js';
import type { Metrics } from '../record/metrics.js';
import type { RunStatus } from '../record/run-result.js';
import type { TallySums } from './epoch-tally.js';
import type { FitHistory } from './fit-history.js';

/**
 * Everything that changes as fit() trains, and nothing else: numbers, typed arrays and plain objects,
 * so it can be copied (`structuredClone`), written bit for bit (encodeCheckpoint) and handed back to
 * go on exactly — a resumed run replays the same batches and arithmetic. Between two steps it is either
 * between epochs (`batch` 0, `order` and `epochStart` null) or inside one (`batch` > 0, with that
 * epoch's row order). What does not change — the data, the settings, the epoch total — is the run's,
 * not the state's (a checkpoint's header holds it).
 *
 * @example
 * const data = await loadBuiltin('line');
 * const run = fitRun(data, { epochs: 10 });
 * const next = run.step(run.start); // one full-batch step: a whole epoch
 * [run.start.epoch, next.epoch]; // → [0, 1]
 * next.params === run.start.params; // → false
 */
export interface FitState {
  /** Epochs completed. */
  readonly epoch: number;
  /** Batches done in the epoch under way; 0 between epochs. */
  readonly batch: number;
  /** The row order of the epoch under way (null between epochs). */
  readonly order: Uint32Array | null;
  /** Σ batch loss × rows so far in the epoch under way. */
  readonly epochLossSum: number;
  /** The params when the epoch under way began (null between epochs). */
  readonly epochStart: Float64Array | null;
  /** The params, flat, as the model uses them. */
  readonly params: Float64Array;
  /** The optimizer's plain-data state. */
  readonly optimizerState: unknown;
  /** The generator after the last draw. */
  readonly rng: RandomState;
  /** Training loss per kept epoch and, with a validation set, validation loss. */
  readonly history: FitHistory;
  /**
   * With mini-batches, the loss and metric sums of the epoch under way over its batches so far, each
   * row scored by the params that stepped on it (EpochTally); null with full batches and between epochs.
   */
  readonly tally: TallySums | null;
  /** With mini-batches, the last completed epoch's sums: a mini-batch run's result `loss` and `metrics`. */
  readonly lastTally: TallySums | null;
  /**
   * The training loss the verdicts start from: at the initial params with full batches, the first
   * epoch's mean batch loss with mini-batches (as the end is the last epoch's); null until known.
   */
  readonly startLoss: number | null;
  /**
   * The best validation loss so far, its epoch and params, the validation metrics at those params and,
   * with mini-batches, the sums of that epoch's batches (null where unknown).
   */
  readonly best: {
    readonly epoch: number;
    readonly loss: number;
    readonly params: Float64Array;
    readonly metrics: Metrics | null;
    readonly tally: TallySums | null;
  } | null;
  /** Epochs since the validation loss last improved. */
  readonly badEpochs: number;
  /** How the run ended once a stopping rule fired — not the epoch limit, which a resumed run may raise; null while it goes on. */
  readonly stopped: { readonly status: RunStatus; readonly message: string } | null;
}

/** A state the training loop advances in place (its own copy: nobody else holds it). */
export type WorkingState = { -readonly [K in keyof FitState]: FitState[K] };

/**
 * Whether `value` has a FitState's fields of the right kinds, as read from a file; a history written
 * before thinning existed (no `epochs`, no `stride`) lists every epoch, and is filled in so.
 *
 * @example
 * readFitState(JSON.parse(text)); // the state, or null when fields are missing or of the wrong kind
 */
export function readFitState(value: unknown): FitState | null {
  const s = value as Partial<Record<keyof FitState, unknown>> | null;
  if (s === null || typeof s !== 'object') return null;
  const isF64 = (v: unknown): v is Float64Array => v instanceof Float64Array;
  const h = s.history as Partial<Record<keyof FitHistory, unknown>> | null | undefined;
  const best = s.best as { params?: unknown } | null | undefined;
  const ok =
    Number.isInteger(s.epoch) &&
    Number.isInteger(s.batch) &&
    (s.order === null || s.order instanceof Uint32Array) &&
    typeof s.epochLossSum === 'number' &&
    (s.epochStart === null || isF64(s.epochStart)) &&
    isF64(s.params) &&
    'optimizerState' in s &&
    typeof s.rng === 'object' &&
    s.rng !== null &&
    typeof h === 'object' &&
    h !== null &&
    isF64(h.loss) &&
    (h.validationLoss === null || isF64(h.validationLoss)) &&
    (h.epochs === undefined || (isF64(h.epochs) && h.epochs.length === h.loss.length)) &&
    (h.stride === undefined || (Number.isInteger(h.stride) && (h.stride as number) >= 1)) &&
    (best === null || (typeof best === 'object' && isF64(best.params))) &&
    Number.isInteger(s.badEpochs) &&
    s.stopped !== undefined;
  if (!ok) return null;
  const sums = (v: unknown): TallySums | null => (isF64(v) && v.length === 6 ? v : null);
  const loss = h.loss as Float64Array;
  const history: FitHistory = {
    loss,
    validationLoss: h.validationLoss as Float64Array | null,
    epochs:
      (h.epochs as Float64Array | undefined) ?? Float64Array.from({ length: loss.length }, (_, i) => i + 1),
    stride: (h.stride as number | undefined) ?? 1,
  };
  // A checkpoint written before tallies existed has none: its run's result takes one more pass instead.
  const b = s.best as (Partial<NonNullable<FitState['best']>> & { params: Float64Array }) | null;
  return {
    ...(s as FitState),
    history,
    tally: sums(s.tally),
    lastTally: sums(s.lastTally),
    startLoss: typeof s.startLoss === 'number' ? s.startLoss : null,
    best:
      b === null
        ? null
        : {
            epoch: b.epoch as number,
            loss: b.loss as number,
            params: b.params,
            metrics: typeof b.metrics === 'object' && b.metrics !== null ? b.metrics : null,
            tally: sums(b.tally),
          },
  };
}
