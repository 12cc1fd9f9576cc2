// WindowCheckpoint: a streamed run between two windows — its header and state — and its bit-exact text form.

import type { RandomState } from '../data/random.js';
import { InputError } from '../errors.js';
import type { RunStatus } from '../record/run-result.js';
import { checkpointJson } from './checkpoint.js';
import type { TallySums } from './epoch-tally.js';
import { encodeExactJson } from './exact-json.js';
import type { FitConfig } from './fit-config.js';

/** The rows a streamed run was trained on, and the window it read them in. */
export interface WindowData {
  readonly rows: number;
  readonly window: number;
  readonly featureNames: readonly string[];
  readonly targetName: string;
  readonly classes: readonly string[] | null;
  /** FNV-1a over the 32-bit words of each window's features, then its target, window after window (8 hex digits). */
  readonly hash: string;
}

/**
 * Everything that changes as fitWindows trains, between two windows: plain data, so a checkpoint
 * holds it bit for bit and a resumed run replays the same batches.
 */
export interface WindowFitState {
  /** Epochs completed. */
  readonly epoch: number;
  /** Windows done in the epoch under way; 0 between epochs. */
  readonly window: number;
  readonly params: Float64Array;
  readonly optimizerState: unknown;
  readonly rng: RandomState;
  /** Σ batch loss × rows so far in the epoch under way. */
  readonly epochLossSum: number;
  /** The params when the epoch under way began (null between epochs). */
  readonly epochStart: Float64Array | null;
  /** With full batches, the epoch's gradient summed over the windows done (null otherwise, and between epochs). */
  readonly gradSum: Float64Array | null;
  /** Rows shuffled in but not yet stepped on: the start of the next batch (features row-major, and targets). */
  readonly carryFeatures: Float64Array;
  readonly carryTarget: Float64Array;
  /** Rows stepped on, over every epoch. */
  readonly rowsDone: number;
  /** The last epoch's mean batch loss. */
  readonly previous: number | null;
  /** The training losses of the last patience + 1 epochs. */
  readonly recent: readonly number[];
  readonly best: {
    readonly epoch: number;
    readonly loss: number;
    readonly params: Float64Array;
    /** With mini-batches, that epoch's tally (EpochTally); absent in checkpoints written before tallies. */
    readonly tally?: TallySums | null;
  } | null;
  readonly badEpochs: number;
  readonly stopped: { readonly status: RunStatus; readonly message: string } | null;
  /** With mini-batches, the tally of the epoch under way and of the last epoch, and the first epoch's loss (absent before tallies). */
  readonly tally?: TallySums | null;
  readonly lastTally?: TallySums | null;
  readonly startLoss?: number | null;
}

/**
 * A streamed run's checkpoint: the config, the data it streamed, the epoch total and the state.
 *
 * @example
 * let saved: WindowCheckpoint | undefined;
 * fitWindows(windows, { batchSize: 64, epochs: 2, onCheckpoint: (c) => { saved = c; } });
 * const again = decodeWindowCheckpoint(encodeWindowCheckpoint(saved!));
 * again.epoch; // → 2
 */
export interface WindowCheckpoint extends WindowFitState {
  readonly format: 'downhill-stream-checkpoint';
  readonly version: 1;
  readonly config: FitConfig;
  readonly data: WindowData;
  /** The epoch total of the run that wrote it. */
  readonly epochs: number;
}

/**
 * A running FNV-1a hash of the rows as they stream by.
 *
 * @example
 * const digest = windowHash();
 * digest.add(Float64Array.of(1, 2), Float64Array.of(3));
 * digest.hex().length; // → 8
 */
export function windowHash(): { add(features: Float64Array, target: Float64Array): void; hex(): string } {
  let hash = 0x811c9dc5;
  return {
    add(features, target) {
      for (const values of [features, target]) {
        const words = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
        for (let i = 0; i < words.length; i++) hash = Math.imul(hash ^ words[i]!, 0x01000193);
      }
    },
    hex: () => (hash >>> 0).toString(16).padStart(8, '0'),
  };
}

/**
 * The checkpoint as text: exact JSON, every double bit for bit.
 *
 * @example
 * writeFileSync('run.ckpt', encodeWindowCheckpoint(checkpoint));
 */
export function encodeWindowCheckpoint(checkpoint: WindowCheckpoint): string {
  return encodeExactJson(checkpoint);
}

/**
 * Reads what encodeWindowCheckpoint wrote; text that is not one is bad input saying so.
 *
 * @example
 * const checkpoint = decodeWindowCheckpoint(readFileSync('run.ckpt', 'utf8'));
 */
export function decodeWindowCheckpoint(text: string): WindowCheckpoint {
  const value = checkpointJson(text);
  const c = value as Partial<Record<keyof WindowCheckpoint, unknown>> | null;
  if (c !== null && typeof c === 'object' && c.format === 'downhill-fit-checkpoint')
    throw new InputError(
      'a checkpoint of a run in memory, not of a streamed one: resume it with the data loaded (no memory limit), or stream it afresh',
    );
  const f64 = (v: unknown): v is Float64Array => v instanceof Float64Array;
  const data = c?.data as Partial<Record<keyof WindowData, unknown>> | null | undefined;
  const best = c?.best as { params?: unknown } | null | undefined;
  const ok =
    c !== null &&
    typeof c === 'object' &&
    c.format === 'downhill-stream-checkpoint' &&
    typeof c.config === 'object' &&
    c.config !== null &&
    typeof data === 'object' &&
    data !== null &&
    Number.isInteger(data.rows) &&
    Number.isInteger(data.window) &&
    Array.isArray(data.featureNames) &&
    typeof data.hash === 'string' &&
    Number.isInteger(c.epochs) &&
    Number.isInteger(c.epoch) &&
    Number.isInteger(c.window) &&
    f64(c.params) &&
    'optimizerState' in c &&
    typeof c.rng === 'object' &&
    c.rng !== null &&
    typeof c.epochLossSum === 'number' &&
    (c.epochStart === null || f64(c.epochStart)) &&
    (c.gradSum === null || f64(c.gradSum)) &&
    f64(c.carryFeatures) &&
    f64(c.carryTarget) &&
    typeof c.rowsDone === 'number' &&
    (c.previous === null || typeof c.previous === 'number') &&
    Array.isArray(c.recent) &&
    (best === null || (typeof best === 'object' && f64(best.params))) &&
    Number.isInteger(c.badEpochs) &&
    c.stopped !== undefined;
  if (!ok) throw new InputError('not a downhill checkpoint (fields missing or of the wrong kind)');
  if (c.version !== 1)
    throw new InputError(`checkpoint version ${String(c.version)} is not supported (this downhill reads 1)`);
  return c as unknown as WindowCheckpoint;
}
