// Tensor creation and reading back, and the forward values of the ops, worked out by hand.

import { describe, expect, it } from 'vitest';
import {
  abs,
  add,
  broadcastTo,
  div,
  matmul,
  mean,
  mul,
  ones,
  relu,
  reshape,
  sigmoid,
  sign,
  step,
  sub,
  sum,
  sumTo,
  Tensor,
  tanh,
  tensor,
  transpose,
  zeros,
} from '../../src/autodiff/index.js';

describe('Tensor', () => {
  it('is made from numbers, nested arrays and Float64Arrays', () => {
    expect(tensor(2).shape).toEqual([]);
    expect(tensor(2).item()).toBe(2);
    expect(tensor([1, 2, 3]).shape).toEqual([3]);
    expect(tensor([[1, 2, 3]]).shape).toEqual([1, 3]);
    expect(tensor([[1], [2]]).toArray()).toEqual([[1], [2]]);
    expect(tensor(Float64Array.of(1, 2, 3, 4, 5, 6), [3, 2]).toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(tensor([1, 2, 3, 4], [2, 2]).toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(tensor(5).toArray()).toBe(5);
    expect(tensor([]).shape).toEqual([0]);
    expect(zeros([2, 1]).toArray()).toEqual([[0], [0]]);
    expect(ones([2]).toArray()).toEqual([1, 1]);
  });

  it('copies a Float64Array it is given and freezes its shape', () => {
    const data = Float64Array.of(1, 2);
    const t = tensor(data);
    data[0] = 9;
    expect(t.toArray()).toEqual([1, 2]);
    expect(Object.isFrozen(t.shape)).toBe(true);
  });

  it('rejects ragged arrays, wrong sizes and bad shapes', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(/rectangular/);
    expect(() => tensor([[1, 2], 3] as unknown as number[][])).toThrow(/rectangular/);
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow(/\[2, 2\] needs 4 numbers, got 3/);
    expect(() => new Tensor(new Float64Array(2), [-2])).toThrow(/non-negative integers/);
    expect(() => tensor([1, 2]).item()).toThrow(/size 1, got shape \[2\]/);
  });
});

describe('forward values', () => {
  const m = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);

  it('broadcast elementwise ops', () => {
    expect(add(m, tensor([10, 20, 30])).toArray()).toEqual([
      [11, 22, 33],
      [14, 25, 36],
    ]);
    expect(mul(tensor([[1], [2]]), tensor([1, 10, 100])).toArray()).toEqual([
      [1, 10, 100],
      [2, 20, 200],
    ]);
    expect(sub(1, m).toArray()).toEqual([
      [0, -1, -2],
      [-3, -4, -5],
    ]);
    expect(div(m, 2).toArray()).toEqual([
      [0.5, 1, 1.5],
      [2, 2.5, 3],
    ]);
    expect(broadcastTo(tensor(7), [2]).toArray()).toEqual([7, 7]);
  });

  it('reduce and reshape', () => {
    expect(sum(m).item()).toBe(21);
    expect(sum(m, 0).toArray()).toEqual([5, 7, 9]);
    expect(sum(m, 1).toArray()).toEqual([6, 15]);
    expect(sum(m, -1).toArray()).toEqual([6, 15]);
    expect(mean(m).item()).toBe(3.5);
    expect(mean(m, 0).toArray()).toEqual([2.5, 3.5, 4.5]);
    expect(sumTo(m, [2, 1]).toArray()).toEqual([[6], [15]]);
    expect(transpose(m).toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(reshape(m, [3, 2]).toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
  });

  it('matmul in its four forms', () => {
    // [[1,2,3],[4,5,6]] · [[1,0],[0,1],[1,1]] = [[1+3, 2+3], [4+6, 5+6]].
    const b = tensor([
      [1, 0],
      [0, 1],
      [1, 1],
    ]);
    expect(matmul(m, b).toArray()).toEqual([
      [4, 5],
      [10, 11],
    ]);
    expect(matmul(m, tensor([1, 1, 1])).toArray()).toEqual([6, 15]);
    expect(matmul(tensor([1, -1]), m).toArray()).toEqual([-3, -3, -3]);
    expect(matmul(tensor([1, 2, 3]), tensor([4, 5, 6])).toArray()).toBe(32);
  });

  it('kinks give 0 at 0 and saturating functions stay finite', () => {
    const x = tensor([-2, 0, 3]);
    expect(step(x).toArray()).toEqual([0, 0, 1]);
    expect(sign(x).toArray()).toEqual([-1, 0, 1]);
    expect(abs(x).toArray()).toEqual([2, 0, 3]);
    expect(relu(x).toArray()).toEqual([0, 0, 3]);
    expect(sigmoid(tensor([-1000, 0, 1000])).toArray()).toEqual([0, 0.5, 1]);
    expect(tanh(tensor([-1000, 1000])).toArray()).toEqual([-1, 1]);
  });
});

describe('shape errors name both shapes', () => {
  it.each([
    ['add', () => add(tensor([1, 2]), tensor([1, 2, 3])), /\[2\] and \[3\]/],
    ['row of the wrong length', () => mul(zeros([2, 3]), tensor([1, 2])), /\[2, 3\] and \[2\]/],
    ['matmul', () => matmul(zeros([2, 3]), zeros([2, 3])), /\[2, 3\] and \[2, 3\]/],
    ['matmul rank', () => matmul(tensor(1), zeros([2])), /\[\] and \[2\]/],
    ['reshape', () => reshape(zeros([2, 3]), [4]), /\[2, 3\].*\[4\]/],
    ['broadcastTo', () => broadcastTo(zeros([3]), [3, 2]), /\[3\] to \[3, 2\]/],
    ['sumTo', () => sumTo(zeros([3]), [2]), /\[2\] to \[3\]/],
    ['sum axis', () => sum(zeros([2, 3]), 2), /axis 2 .*\[2, 3\]/],
    ['transpose rank 3', () => transpose(zeros([1, 2, 3])), /\[1, 2, 3\]/],
  ])('%s', (_, run, message) => {
    expect(run).toThrow(message);
  });
});
