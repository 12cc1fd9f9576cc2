// Validation splits and mini-batches: sizes, disjointness, determinism, and batches gathered without allocation.

import { describe, expect, it } from 'vitest';
import { batchCount, batchOrder, createBatchBuffer, gatherBatch } from '../../src/data/batches.js';
import type { Dataset } from '../../src/data/dataset.js';
import { Random } from '../../src/data/random.js';
import { splitValidation, takeRows } from '../../src/data/split.js';
import { InputError } from '../../src/errors.js';

/** Row i has features (i, 10i) and target 100i, so every copied row shows where it came from. */
function numbered(rows: number): Dataset {
  const features = new Float64Array(rows * 2);
  const target = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    features[2 * i] = i;
    features[2 * i + 1] = 10 * i;
    target[i] = 100 * i;
  }
  return {
    name: 'numbered',
    featureNames: ['i', 'ten'],
    targetName: 'hundred',
    rows,
    features,
    target,
    classes: null,
  };
}

const rowsOf = (d: Dataset): number[] => Array.from(d.target, (t) => t / 100);

describe('splitValidation', () => {
  it('holds out round(fraction × rows) rows, disjoint from the training rows, together all of them', () => {
    const data = numbered(150);
    const { train, validation } = splitValidation(data, 0.2, Random.seeded(1));
    expect([train.rows, validation.rows]).toEqual([120, 30]);
    const all = [...rowsOf(train), ...rowsOf(validation)].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 150 }, (_, i) => i));
    // Rows stay whole: features and target move together, and each part keeps file order.
    for (const part of [train, validation]) {
      for (let k = 0; k < part.rows; k++) {
        expect([part.features[2 * k], part.features[2 * k + 1]]).toEqual([
          part.target[k]! / 100,
          part.target[k]! / 10,
        ]);
      }
      expect(rowsOf(part)).toEqual([...rowsOf(part)].sort((a, b) => a - b));
    }
    expect(train.featureNames).toEqual(['i', 'ten']);
  });

  it('is the same for the same seed and differs for another', () => {
    const data = numbered(50);
    const pick = (seed: number) => rowsOf(splitValidation(data, 0.3, Random.seeded(seed)).validation);
    expect(pick(7)).toEqual(pick(7));
    expect(pick(7)).not.toEqual(pick(8));
    expect(pick(7)).toHaveLength(15);
  });

  it('rejects fractions that leave a part empty', () => {
    const data = numbered(10);
    for (const fraction of [0, 1, -0.1, 1.5, Number.NaN, 0.01, 0.99]) {
      expect(() => splitValidation(data, fraction, Random.seeded(1))).toThrow(InputError);
    }
  });

  it('takes rows in the order given', () => {
    expect(rowsOf(takeRows(numbered(5), Uint32Array.of(4, 0, 4)))).toEqual([4, 0, 4]);
  });
});

describe('mini-batches', () => {
  it('counts batches, the last one short', () => {
    expect([batchCount(10, 4), batchCount(8, 4), batchCount(3, 10)]).toEqual([3, 2, 1]);
  });

  it('shuffles a permutation per epoch, replayable from the generator state', () => {
    const rng = Random.seeded(11);
    const saved = rng.getState();
    const first = Array.from(batchOrder(100, 10, rng));
    const second = Array.from(batchOrder(100, 10, rng));
    expect([...first].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(first).not.toEqual(second);
    const resumed = Random.fromState(saved);
    expect(Array.from(batchOrder(100, 10, resumed))).toEqual(first);
    // Reusing an array restarts from 0…n−1, so the order does not depend on the previous epoch.
    const into = new Uint32Array(100);
    const again = Random.fromState(saved);
    expect(batchOrder(100, 10, again, into)).toBe(into);
    expect(Array.from(batchOrder(100, 10, again, into))).toEqual(second);
  });

  it('keeps file order and draws nothing when one batch holds every row', () => {
    const rng = Random.seeded(4);
    const before = rng.getState();
    expect(Array.from(batchOrder(5, 5, rng))).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(batchOrder(5, 64, rng))).toEqual([0, 1, 2, 3, 4]);
    expect(rng.getState()).toEqual(before);
  });

  it('gathers each batch into the same preallocated arrays', () => {
    const data = numbered(10);
    const order = Uint32Array.of(3, 1, 4, 0, 5, 9, 2, 6, 8, 7);
    const buffer = createBatchBuffer(data, 4);
    const seen: number[][] = [];
    const views = new Set<Float64Array>();
    for (let b = 0; b < batchCount(data.rows, 4); b++) {
      const batch = gatherBatch(data, order, b, buffer);
      views.add(batch.features);
      expect(batch.features).toHaveLength(batch.rows * 2);
      expect(Array.from(batch.features.filter((_, k) => k % 2 === 1))).toEqual(
        Array.from(batch.target, (t) => t / 10),
      );
      seen.push(Array.from(batch.target, (t) => t / 100));
    }
    expect(seen).toEqual([
      [3, 1, 4, 0],
      [5, 9, 2, 6],
      [8, 7],
    ]);
    // Two views made up front (full and last) and reused: nothing is allocated per batch.
    expect(views.size).toBe(2);
    expect(gatherBatch(data, order, 0, buffer)).toBe(buffer.full);
    expect(gatherBatch(data, order, 2, buffer)).toBe(buffer.last);
    expect(buffer.last.features.buffer).toBe(buffer.full.features.buffer);
  });

  it('sizes the buffer to the data when the batch is larger', () => {
    const buffer = createBatchBuffer(numbered(3), 100);
    expect(buffer.full.rows).toBe(3);
    expect(Array.from(gatherBatch(numbered(3), Uint32Array.of(2, 0, 1), 0, buffer).target)).toEqual([
      200, 0, 100,
    ]);
  });
});
