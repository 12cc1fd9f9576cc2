// heldRows: which rows a streamed fit holds out for validation, decided row by row in the file's order.

import { InputError } from '../errors.js';
import { Random } from './random.js';

/**
 * The validation rows of a streamed fit as a bitmap (bit `i % 8` of byte `i >> 3` set when row `i` is
 * held out): exactly round(fraction × rows) of them, as splitValidation holds out, chosen by Knuth's
 * selection sampling (TAOCP vol. 2, 3.4.2, Algorithm S) — row i, in the file's order, is held with
 * probability (rows still to hold) / (rows still to come), so every subset of that size is equally
 * likely and the decision needs only the row's position. The draws come from a generator of their own,
 * seeded from `seed` (its state is the first four words of Random.seeded(seed)), so the training run's
 * generator draws the initial params and batch orders exactly as a fit of the training rows alone
 * with the same seed would. The rows differ from the in-memory split's (a Fisher–Yates shuffle of all
 * rows from the run's generator); the count is the same. Memory: one bit a row.
 *
 * @example
 * const held = heldRows(10, 0.3, 1);
 * let count = 0;
 * for (let i = 0; i < 10; i++) count += (held[i >> 3]! >> (i & 7)) & 1;
 * count; // → 3
 */
export function heldRows(rows: number, fraction: number, seed: number): Uint8Array {
  if (!(fraction > 0 && fraction < 1)) {
    throw new InputError(
      (name) => `${name('validation')}: the fraction must be between 0 and 1 (exclusive), got ${fraction}`,
      { key: 'validation' },
    );
  }
  const held = Math.round(fraction * rows);
  if (held < 1 || held > rows - 1) {
    throw new InputError(
      (name) =>
        `${name('validation')}: ${fraction} of ${rows} rows leaves ${held === 0 ? 'no validation' : 'no training'} rows`,
      { key: 'validation' },
    );
  }
  const seeded = Random.seeded(seed);
  const words: [number, number, number, number] = [
    seeded.nextUint32(),
    seeded.nextUint32(),
    seeded.nextUint32(),
    seeded.nextUint32(),
  ];
  const rng = Random.fromState({
    algorithm: 'xoshiro128**',
    words: words.some((w) => w !== 0) ? words : [1, 0, 0, 0],
  });
  const bits = new Uint8Array(Math.ceil(rows / 8));
  let left = held;
  for (let i = 0; i < rows && left > 0; i++) {
    if (rng.next() * (rows - i) < left) {
      bits[i >> 3]! |= 1 << (i & 7);
      left--;
    }
  }
  return bits;
}
