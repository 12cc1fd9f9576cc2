// fasterKernel: times two interchangeable kernels on the batches themselves and runs the faster, measuring again as the load changes.

import { describe, expect, it } from 'vitest';
import { fasterKernel } from '../../src/kernels/faster-kernel.js';

/** Runs `batches` batches of 100 rows, `cost(kernel, batch)` ms each; returns which kernel ran each batch. */
function drive(cost: (kernel: string, batch: number) => number, batches: number): string[] {
  const choice = fasterKernel('one', 'two');
  const ran: string[] = [];
  for (let b = 0; b < batches; b++) {
    const kernel = choice.next();
    ran.push(kernel);
    choice.report(cost(kernel, b), 100);
  }
  return ran;
}

const share = (ran: string[], kernel: string, from = 0, to = ran.length): number =>
  ran.slice(from, to).filter((k) => k === kernel).length / (to - from);

describe('fasterKernel', () => {
  it('measures each kernel, then runs the faster nearly always', () => {
    const ran = drive((k) => (k === 'two' ? 1 : 2), 5000);
    expect(ran.slice(0, 6).every((k) => k === 'one')).toBe(true);
    expect(ran.slice(6, 12).every((k) => k === 'two')).toBe(true);
    expect(share(ran, 'two', 12)).toBeGreaterThan(0.98);
    const slow = drive((k) => (k === 'two' ? 3 : 1), 5000);
    expect(share(slow, 'one', 12)).toBeGreaterThan(0.98);
  });

  it('leaves the first batch of a measurement out, where code and memory warm up', () => {
    // 'two' is slow only on its first batch of each measurement: it still wins.
    let last = '';
    const ran = drive((k) => {
      const first = k !== last;
      last = k;
      return k === 'two' ? (first ? 1000 : 1) : 2;
    }, 400);
    expect(share(ran, 'two', 12)).toBeGreaterThan(0.9);
  });

  it('switches when the load changes which is faster, and back', () => {
    // Threads win until batch 2000 (an idle machine), lose until 4000 (a busy one), then win again.
    const ran = drive((k, b) => {
      const busy = b >= 2000 && b < 4000;
      return k === 'two' ? (busy ? 8 : 1) : 2;
    }, 6000);
    expect(share(ran, 'two', 100, 2000)).toBeGreaterThan(0.95);
    expect(share(ran, 'one', 2000 + 1100, 4000)).toBeGreaterThan(0.95);
    expect(share(ran, 'two', 4000 + 1100, 6000)).toBeGreaterThan(0.95);
  });

  it('current() is the chosen kernel, for passes that are not timed', () => {
    const choice = fasterKernel('one', 'two');
    for (let b = 0; b < 12; b++) choice.report(choice.next() === 'two' ? 1 : 5, 10);
    expect(choice.current()).toBe('two');
    expect(choice.next()).toBe('two');
  });
});
