// FitCheckpoint: a header naming the run plus its FitState, and their bit-exact text form.

import type { Dataset } from '../data/dataset.js';
import { InputError } from '../errors.js';
import { decodeExactJson, encodeExactJson } from './exact-json.js';
import type { FitConfig } from './fit-config.js';
import { type FitState, readFitState } from './fit-state.js';

/**
 * Which data a checkpoint was trained on: its shape, names and a hash of every number.
 *
 * @example
 * const data = await loadBuiltin('line');
 * const { rows, featureNames, targetName } = fit(data, { epochs: 1 }).checkpoint.data;
 * [rows, featureNames, targetName]; // → [50, ['x'], 'y']
 */
export interface DataFingerprint {
  readonly rows: number;
  readonly featureNames: readonly string[];
  readonly targetName: string;
  readonly classes: readonly string[] | null;
  /** FNV-1a over the 32-bit words of the features and the target, as 8 hex digits. */
  readonly hash: string;
}

/**
 * What a checkpoint says about the run it belongs to: its format, settings, data and epoch total.
 *
 * @example
 * const data = await loadBuiltin('line');
 * const { format, version, epochs } = fit(data, { epochs: 20 }).checkpoint;
 * [format, version, epochs]; // → ['downhill-fit-checkpoint', 1, 20]
 */
export interface CheckpointHeader {
  readonly format: 'downhill-fit-checkpoint';
  readonly version: 1;
  readonly config: FitConfig;
  readonly data: DataFingerprint;
  /** The epoch total of the run that wrote it. */
  readonly epochs: number;
}

/**
 * A training run saved between two steps: the header, then the run's state itself (FitState, the value
 * each step maps to the next). A resumed run replays the same batches and arithmetic, so its result
 * equals an uninterrupted run's bit for bit.
 *
 * @example
 * let last: FitCheckpoint | undefined;
 * const data = await loadBuiltin('line');
 * fit(data, { epochs: 20, onCheckpoint: (c) => { last = c; } });
 * last?.epoch; // → 20
 * last?.config.model; // → 'linear'
 */
export type FitCheckpoint = CheckpointHeader & FitState;

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
  const value = checkpointJson(text);
  const c = value as Partial<CheckpointHeader> | null;
  const state = readFitState(value);
  const ok =
    state !== null &&
    c !== null &&
    c.format === 'downhill-fit-checkpoint' &&
    typeof c.config === 'object' &&
    c.config !== null &&
    typeof c.data === 'object' &&
    c.data !== null &&
    Number.isInteger(c.epochs);
  if (!ok) throw new InputError('not a downhill checkpoint (fields missing or of the wrong kind)');
  if (c.version !== 1)
    throw new InputError(`checkpoint version ${String(c.version)} is not supported (this downhill reads 1)`);
  return { ...(c as CheckpointHeader), ...state };
}

/** A checkpoint file's exact JSON, in memory or streamed; text that is not JSON is bad input saying so. */
export function checkpointJson(text: string): unknown {
  try {
    return decodeExactJson(text);
  } catch (error) {
    // JSON.parse quotes the text it failed on, which may span lines; the kind of failure is enough.
    throw new InputError(
      `not a downhill checkpoint (${error instanceof SyntaxError ? 'not JSON' : String((error as Error).message)})`,
    );
  }
}
