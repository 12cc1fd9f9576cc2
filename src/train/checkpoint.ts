// FitCheckpoint: the whole state of a training run, and its bit-exact text form.

import type { Dataset } from '../data/dataset.js';
import type { RandomState } from '../data/random.js';
import { InputError } from '../errors.js';
import type { RunStatus } from '../record/run-result.js';
import { decodeExactJson, encodeExactJson } from './exact-json.js';
import type { FitConfig } from './fit-config.js';

/** Which data a checkpoint was trained on: its shape, names and a hash of every number. */
export interface DataFingerprint {
  readonly rows: number;
  readonly featureNames: readonly string[];
  readonly targetName: string;
  readonly classes: readonly string[] | null;
  /** FNV-1a over the 32-bit words of the features and the target, as 8 hex digits. */
  readonly hash: string;
}

/**
 * Everything a run needs to continue exactly where it was: a resumed run replays the same batches
 * and arithmetic, so its result equals an uninterrupted run's bit for bit. Written between steps —
 * at an epoch's end (`batch` 0) or inside one (`batch` > 0, with that epoch's row order).
 *
 * @example
 * let last: FitCheckpoint | undefined;
 * const data = await loadBuiltin('line');
 * fit(data, { epochs: 20, onCheckpoint: (c) => { last = c; } });
 * last?.epoch; // → 20
 * last?.config.model; // → 'linear'
 */
export interface FitCheckpoint {
  readonly format: 'downhill-fit-checkpoint';
  readonly version: 1;
  readonly config: FitConfig;
  readonly data: DataFingerprint;
  /** The epoch total of the run that wrote it. */
  readonly epochs: number;
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
  readonly params: Float64Array;
  /** The optimizer's plain-data state. */
  readonly optimizerState: unknown;
  /** The generator after the last draw. */
  readonly rng: RandomState;
  /**
   * Training loss per kept epoch and, with a validation set, validation loss; `epochs` (1-based) and
   * `stride` say which epochs were kept once the history was thinned (left out: every epoch).
   */
  readonly history: {
    readonly loss: Float64Array;
    readonly validationLoss: Float64Array | null;
    readonly epochs?: Float64Array;
    readonly stride?: number;
  };
  /** The best validation loss so far, its epoch and params. */
  readonly best: { readonly epoch: number; readonly loss: number; readonly params: Float64Array } | null;
  /** Epochs since the validation loss last improved. */
  readonly badEpochs: number;
  /** How the run ended once a stopping rule fired — not the epoch limit, which a resumed run may raise; null while it goes on. */
  readonly stopped: { readonly status: RunStatus; readonly message: string } | null;
}

/**
 * A fingerprint of a dataset, so a checkpoint is never resumed on other data by mistake.
 *
 * @example
 * fingerprint(data).hash; // e.g. '9f0c2a1b'
 */
export function fingerprint(data: Dataset): DataFingerprint {
  let hash = 0x811c9dc5;
  for (const values of [data.features, data.target]) {
    // Word by word rather than byte by byte: a quarter of the work on a dataset of millions of numbers.
    const words = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
    for (let i = 0; i < words.length; i++) hash = Math.imul(hash ^ words[i]!, 0x01000193);
  }
  return {
    rows: data.rows,
    featureNames: [...data.featureNames],
    targetName: data.targetName,
    classes: data.classes === null ? null : [...data.classes],
    hash: (hash >>> 0).toString(16).padStart(8, '0'),
  };
}

/**
 * The checkpoint as text: JSON with every array and double kept bit for bit (encodeExactJson).
 *
 * @example
 * import { readFileSync, writeFileSync } from 'node:fs';
 * const data = await loadBuiltin('line');
 * let text = '';
 * fit(data, { epochs: 10, onCheckpoint: (c) => { text = encodeCheckpoint(c); } });
 * writeFileSync('run.ckpt', text); // plain text: a header line, then the state
 * const resumed = fit(data, { epochs: 20, resume: decodeCheckpoint(readFileSync('run.ckpt', 'utf8')) });
 * resumed.epochs; // → 20
 */
export function encodeCheckpoint(checkpoint: FitCheckpoint): string {
  return encodeExactJson(checkpoint);
}

/**
 * Reads a checkpoint back; text that is not one (truncated, edited, another file) is bad input.
 *
 * @example
 * const data = await loadBuiltin('line');
 * let text = '';
 * fit(data, { epochs: 10, onCheckpoint: (c) => { text = encodeCheckpoint(c); } });
 * const checkpoint = decodeCheckpoint(text);
 * checkpoint.epoch; // → 10
 * fit(data, { epochs: 30, resume: checkpoint }).epochs; // → 30
 */
export function decodeCheckpoint(text: string): FitCheckpoint {
  let value: unknown;
  try {
    value = decodeExactJson(text);
  } catch (error) {
    // JSON.parse quotes the text it failed on, which may span lines; the kind of failure is enough.
    throw new InputError(
      `not a downhill checkpoint (${error instanceof SyntaxError ? 'not JSON' : String((error as Error).message)})`,
    );
  }
  const c = value as Partial<FitCheckpoint> | null;
  const isF64 = (v: unknown): boolean => v instanceof Float64Array;
  const ok =
    c !== null &&
    typeof c === 'object' &&
    c.format === 'downhill-fit-checkpoint' &&
    typeof c.config === 'object' &&
    typeof c.data === 'object' &&
    Number.isInteger(c.epochs) &&
    Number.isInteger(c.epoch) &&
    Number.isInteger(c.batch) &&
    (c.order === null || c.order instanceof Uint32Array) &&
    typeof c.epochLossSum === 'number' &&
    (c.epochStart === null || isF64(c.epochStart)) &&
    isF64(c.params) &&
    typeof c.rng === 'object' &&
    typeof c.history === 'object' &&
    c.history !== null &&
    isF64(c.history.loss) &&
    (c.history.validationLoss === null || isF64(c.history.validationLoss)) &&
    (c.history.epochs === undefined ||
      (isF64(c.history.epochs) && c.history.epochs.length === c.history.loss.length)) &&
    (c.history.stride === undefined || (Number.isInteger(c.history.stride) && c.history.stride >= 1)) &&
    (c.best === null || (typeof c.best === 'object' && isF64(c.best?.params))) &&
    Number.isInteger(c.badEpochs) &&
    c.stopped !== undefined;
  if (!ok) throw new InputError('not a downhill checkpoint (fields missing or of the wrong kind)');
  if (c.version !== 1)
    throw new InputError(`checkpoint version ${String(c.version)} is not supported (this downhill reads 1)`);
  return c as FitCheckpoint;
}
