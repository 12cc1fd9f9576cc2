// Schedules against their closed forms, schedules as data, and the --schedule text with its refusals.

import { describe, expect, it } from 'vitest';
import { flagFor } from '../../src/cli/flag-names.js';
import { parseScheduleText } from '../../src/cli/schedule-text.js';
import { InputError } from '../../src/errors.js';
import { formatSchedule, type ScheduleSpec, scheduleFactor } from '../../src/optim/schedule-spec.js';
import {
  constantSchedule,
  cosineDecay,
  cosineWarmRestarts,
  exponentialDecay,
  inverseTimeDecay,
  linearWarmup,
  oneCycle,
  polynomialDecay,
  stepDecay,
} from '../../src/optim/schedules.js';

describe('schedules match their closed forms', () => {
  it('constant', () => {
    expect(constantSchedule(0.3)(0)).toBe(0.3);
    expect(constantSchedule(0.3)(1e6)).toBe(0.3);
  });

  it('step: 0.1 · 0.5^⌊t/30⌋', () => {
    const s = stepDecay(0.1, 30, 0.5);
    expect(s(0)).toBe(0.1);
    expect(s(29)).toBe(0.1);
    expect(s(30)).toBe(0.05);
    expect(s(95)).toBeCloseTo(0.0125, 15);
  });

  it('exponential: 0.1 · 0.99ᵗ', () => {
    expect(exponentialDecay(0.1, 0.99)(2)).toBeCloseTo(0.09801, 15);
    expect(exponentialDecay(0.1, 0.99)(100)).toBeCloseTo(0.1 * 0.99 ** 100, 15);
  });

  it('inverse time: 0.1/(1 + 0.5t/2)', () => {
    expect(inverseTimeDecay(0.1, 0.5, 2)(4)).toBeCloseTo(0.05, 15);
    expect(inverseTimeDecay(0.1, 0.5)(4)).toBeCloseTo(0.1 / 3, 15);
  });

  it('polynomial: (1 − 0.1)(1 − t/100)² + 0.1, held after 100', () => {
    const s = polynomialDecay(1, 0.1, 100, 2);
    expect(s(0)).toBe(1);
    expect(s(50)).toBeCloseTo(0.9 * 0.25 + 0.1, 15);
    expect(s(100)).toBeCloseTo(0.1, 15);
    expect(s(150)).toBeCloseTo(0.1, 15);
  });

  it('cosine: half-way is the mean of the ends, the end is the floor', () => {
    const s = cosineDecay(0.1, 1000, 0.01);
    expect(s(0)).toBeCloseTo(0.1, 15);
    expect(s(500)).toBeCloseTo(0.055, 15);
    expect(s(250)).toBeCloseTo(0.01 + (0.09 * (1 + Math.cos(Math.PI / 4))) / 2, 15);
    expect(s(1000)).toBeCloseTo(0.01, 15);
    expect(s(2000)).toBeCloseTo(0.01, 15);
  });

  it('cosine with warm restarts: periods 10, 20, 40 (SGDR)', () => {
    const s = cosineWarmRestarts(1, 10, 2);
    expect(s(0)).toBe(1);
    expect(s(5)).toBeCloseTo(0.5, 15);
    expect(s(10)).toBe(1);
    expect(s(20)).toBeCloseTo(0.5, 15); // 10 steps into a period of 20
    expect(s(30)).toBe(1);
    expect(s(70)).toBe(1);
    expect(s(69)).toBeCloseTo((1 + Math.cos((Math.PI * 39) / 40)) / 2, 15);
    const fixed = cosineWarmRestarts(1, 10);
    expect(fixed(25)).toBeCloseTo(0.5, 15);
    // Period 1, tripling: boundaries 1, 4, 13, 40 — where floating-point logarithms land near integers.
    const triple = cosineWarmRestarts(1, 1, 3);
    for (const start of [1, 4, 13, 40, 121]) expect(triple(start)).toBe(1);
  });

  it('linear warm-up ramps to the schedule it precedes, then runs it from its step 0', () => {
    const s = linearWarmup(100, cosineDecay(0.1, 1000));
    expect(s(0)).toBeCloseTo(0.001, 15);
    expect(s(49)).toBeCloseTo(0.05, 15);
    expect(s(99)).toBeCloseTo(0.1, 15);
    expect(s(100)).toBeCloseTo(0.1, 15);
    expect(s(600)).toBeCloseTo(0.05, 15);
  });

  it('one-cycle: PyTorch OneCycleLR, two cosine phases', () => {
    const s = oneCycle(1, 100);
    // Rise from 1/25 to 1 over steps 0…29, fall to 1/25/1e4 over steps 29…99.
    expect(s(0)).toBeCloseTo(0.04, 15);
    expect(s(29)).toBeCloseTo(1, 15);
    expect(s(14.5)).toBeCloseTo(0.52, 15);
    expect(s(64)).toBeCloseTo(4e-6 + (1 - 4e-6) / 2, 12);
    expect(s(99)).toBeCloseTo(4e-6, 15);
    expect(s(200)).toBeCloseTo(4e-6, 15);
  });
});

/** The multiplier a --schedule text gives, as the command line reads it. */
const parseSchedule = (text: string) =>
  scheduleFactor(parseScheduleText(text) as Exclude<ScheduleSpec, { kind: 'plateau' }>);

describe('--schedule text', () => {
  it('reads each form as multipliers of the base rate', () => {
    expect(parseSchedule('constant')(500)).toBe(1);
    expect(parseSchedule('step:30:0.1')(65)).toBeCloseTo(0.01, 15);
    expect(parseSchedule('step:30')(30)).toBeCloseTo(0.1, 15);
    expect(parseSchedule('exp:0.99')(2)).toBeCloseTo(0.9801, 15);
    expect(parseSchedule('inv:0.5')(4)).toBeCloseTo(1 / 3, 15);
    expect(parseSchedule('inv:0.5:2')(4)).toBeCloseTo(0.5, 15);
    expect(parseSchedule('poly:100:2')(50)).toBeCloseTo(0.25, 15);
    expect(parseSchedule('poly:100:1:0.2')(100)).toBeCloseTo(0.2, 15);
    expect(parseSchedule('cosine:1000')(500)).toBeCloseTo(0.5, 15);
    expect(parseSchedule('cosine:1000:0.1')(1000)).toBeCloseTo(0.1, 15);
    expect(parseSchedule('cosine-restarts:10:2')(10)).toBe(1);
    expect(parseSchedule('onecycle:100')(29)).toBeCloseTo(1, 15);
    expect(parseSchedule('onecycle:100:0.5:10:100')(0)).toBeCloseTo(0.1, 15);
    expect(parseSchedule(' warmup:100 , cosine:1000 ')(49)).toBeCloseTo(0.5, 15);
    expect(parseSchedule('warmup:100,cosine:1000')(600)).toBeCloseTo(0.5, 15);
    expect(parseSchedule('warmup:10')(4)).toBeCloseTo(0.5, 15);
    // Step 21: past the first warm-up (21 − 10 = 11), past the second (11 − 10 = 1), 0.5¹.
    expect(parseSchedule('warmup:10,warmup:10,exp:0.5')(21)).toBeCloseTo(0.5, 15);
  });

  const refusals: [string, RegExp][] = [
    ['', /is empty/],
    ['   ', /is empty/],
    ['linear:10', /unknown schedule "linear"/],
    ['step', /takes 1 to 2 numbers/],
    ['step:0', /positive whole number/],
    ['step:2.5', /positive whole number/],
    ['step:30:0', /positive number/],
    ['step:30:0.1:3', /takes 1 to 2 numbers/],
    ['exp:fast', /needs numbers, got "fast"/],
    ['exp:', /needs numbers/],
    ['exp:-1', /positive number/],
    ['exp:Infinity', /needs numbers/],
    ['inv:-1', /≥ 0/],
    ['cosine:1000:2', /fraction in \[0, 1\]/],
    ['cosine-restarts:10:0.5', /mult ≥ 1/],
    ['onecycle:3', /pctStart·steps ≥ 2/],
    ['constant:1', /takes 0 numbers/],
    ['cosine:100,exp:0.9', /only warmup can be followed by ","/],
    ['warmup:10,', /is empty/],
    ['warmup:10,nope', /unknown schedule "nope"/],
    ['plateau:5:2', /plateau needs factor below 1/],
    ['plateau:x', /needs numbers/],
  ];
  for (const [text, why] of refusals) {
    it(`refuses ${JSON.stringify(text)}`, () => {
      let error: unknown;
      try {
        parseScheduleText(text);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).key).toBe('schedule');
      expect((error as InputError).message.startsWith('schedule:')).toBe(true);
      expect((error as InputError).describe(flagFor).startsWith('--schedule:')).toBe(true);
      expect((error as Error).message).toMatch(why);
    });
  }

  it('plateau is data like the rest', () => {
    expect(parseScheduleText('plateau')).toEqual({ kind: 'plateau' });
    expect(parseScheduleText('plateau:5:0.5')).toEqual({ kind: 'plateau', patience: 5, factor: 0.5 });
  });

  it('reads back what formatSchedule writes', () => {
    for (const text of [
      'constant',
      'step:30:0.5',
      'inv:0.5:2',
      'poly:100::0.2',
      'warmup:10,cosine:100:0.1',
      'plateau:3',
    ]) {
      expect(formatSchedule(parseScheduleText(text))).toBe(text);
    }
  });
});
