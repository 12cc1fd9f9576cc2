// ScheduleSpec: a learning-rate schedule as plain data — checked, turned into a Schedule, and written as text.

import { InputError } from '../errors.js';
import type { ReduceOnPlateauOptions } from './reduce-on-plateau.js';
import type { Schedule } from './schedule.js';
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
} from './schedules.js';

/**
 * A schedule of *multipliers* of the base learning rate (1 at step 0, except where a warm-up or
 * one-cycle starts lower), steps counted from 0, as data a checkpoint or a URL can carry:
 * - `constant` — 1 throughout;
 * - `step` — factor^⌊step/every⌋, factor 0.1 unless given (StepLR);
 * - `exp` — factorˢᵗᵉᵖ (ExponentialLR);
 * - `inv` — 1/(1 + rate·step/every), every 1 unless given (inverse-time decay);
 * - `poly` — (1 − end)(1 − step/steps)^power + end, power 1 and end 0 unless given;
 * - `cosine` — from 1 to min (0) over `steps`, min after;
 * - `cosine-restarts` — the cosine restarting every `period` steps, each period `mult` (1) times the last (SGDR);
 * - `onecycle` — OneCycleLR over `steps` peaking at 1 (pctStart 0.3, divFactor 25, finalDivFactor 1e4);
 * - `warmup` — linear warm-up over `steps`, then `next` (constant);
 * - `plateau` — reduce on plateau (patience 10, factor 0.1, as ReduceLROnPlateau): it follows the
 *   loss, not the step count.
 *
 * @example
 * const spec: ScheduleSpec = { kind: 'step', every: 30, factor: 0.5 };
 * formatSchedule(spec); // → 'step:30:0.5'
 * createMethod('gd', { learningRate: 0.1, schedule: spec }).info.schedule; // → 'step:30:0.5'
 */
export type ScheduleSpec =
  | { readonly kind: 'constant' }
  | { readonly kind: 'step'; readonly every: number; readonly factor?: number }
  | { readonly kind: 'exp'; readonly factor: number }
  | { readonly kind: 'inv'; readonly rate: number; readonly every?: number }
  | { readonly kind: 'poly'; readonly steps: number; readonly power?: number; readonly end?: number }
  | { readonly kind: 'cosine'; readonly steps: number; readonly min?: number }
  | {
      readonly kind: 'cosine-restarts';
      readonly period: number;
      readonly mult?: number;
      readonly min?: number;
    }
  | {
      readonly kind: 'onecycle';
      readonly steps: number;
      readonly pctStart?: number;
      readonly divFactor?: number;
      readonly finalDivFactor?: number;
    }
  | { readonly kind: 'warmup'; readonly steps: number; readonly next?: ScheduleSpec }
  | { readonly kind: 'plateau'; readonly patience?: number; readonly factor?: number };

/**
 * Every kind of schedule, in the order help text lists them.
 *
 * @example
 * scheduleKinds.includes('onecycle'); // → true
 * scheduleKinds.length; // → 10
 */
export const scheduleKinds = [
  'constant',
  'step',
  'exp',
  'inv',
  'poly',
  'cosine',
  'cosine-restarts',
  'onecycle',
  'warmup',
  'plateau',
] as const;

function fail(why: string): never {
  throw new InputError((name) => `${name('schedule')}: ${why}`, { key: 'schedule' });
}

function field(
  spec: object,
  name: string,
  rule: 'count' | 'count0' | 'positive' | 'nonNegative' | 'fraction',
): void {
  const value = (spec as Record<string, unknown>)[name];
  if (value === undefined) return;
  const kind = (spec as { kind: string }).kind;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (rule === 'count'
      ? Number.isInteger(value) && value >= 1
      : rule === 'count0'
        ? Number.isInteger(value) && value >= 0
        : rule === 'positive'
          ? value > 0
          : rule === 'nonNegative'
            ? value >= 0
            : value >= 0 && value <= 1);
  if (!ok) {
    const wanted = {
      count: 'a positive whole number of steps',
      count0: 'a whole number ≥ 0 of steps',
      positive: 'a positive number',
      nonNegative: 'a number ≥ 0',
      fraction: 'a fraction in [0, 1]',
    }[rule];
    fail(`${kind} needs ${name} to be ${wanted}, got ${String(value)}`);
  }
}

function required(spec: object, name: string): void {
  if ((spec as Record<string, unknown>)[name] === undefined) {
    fail(`${(spec as { kind: string }).kind} needs ${name}`);
  }
}

/**
 * Checks a schedule's fields; anything else is an InputError with key 'schedule'.
 *
 * @example
 * checkSchedule({ kind: 'step', every: 30, factor: 0.5 }); // fine
 * try {
 *   checkSchedule({ kind: 'step', every: 0 });
 * } catch (error) {
 *   console.log((error as Error).message); // schedule: step needs every to be a positive whole number of steps, got 0
 * }
 */
export function checkSchedule(spec: ScheduleSpec): ScheduleSpec {
  if (
    spec === null ||
    typeof spec !== 'object' ||
    !(scheduleKinds as readonly string[]).includes(spec.kind)
  ) {
    fail(
      `expected one of the kinds ${scheduleKinds.join(', ')}, got ${JSON.stringify((spec as { kind?: unknown } | null)?.kind ?? spec)}`,
    );
  }
  switch (spec.kind) {
    case 'constant':
      break;
    case 'step':
      required(spec, 'every');
      field(spec, 'every', 'count');
      field(spec, 'factor', 'positive');
      break;
    case 'exp':
      required(spec, 'factor');
      field(spec, 'factor', 'positive');
      break;
    case 'inv':
      required(spec, 'rate');
      field(spec, 'rate', 'nonNegative');
      field(spec, 'every', 'count');
      break;
    case 'poly':
      required(spec, 'steps');
      field(spec, 'steps', 'count');
      field(spec, 'power', 'positive');
      field(spec, 'end', 'fraction');
      break;
    case 'cosine':
      required(spec, 'steps');
      field(spec, 'steps', 'count');
      field(spec, 'min', 'fraction');
      break;
    case 'cosine-restarts':
      required(spec, 'period');
      field(spec, 'period', 'count');
      field(spec, 'mult', 'positive');
      field(spec, 'min', 'fraction');
      if (spec.mult !== undefined && spec.mult < 1) fail(`cosine-restarts needs mult ≥ 1, got ${spec.mult}`);
      break;
    case 'onecycle': {
      required(spec, 'steps');
      field(spec, 'steps', 'count');
      field(spec, 'pctStart', 'fraction');
      field(spec, 'divFactor', 'positive');
      field(spec, 'finalDivFactor', 'positive');
      const pct = spec.pctStart ?? 0.3;
      if (pct * spec.steps < 2 || pct >= 1) {
        fail(`onecycle needs pctStart·steps ≥ 2 steps of rise and pctStart < 1, got ${pct} of ${spec.steps}`);
      }
      break;
    }
    case 'warmup':
      required(spec, 'steps');
      field(spec, 'steps', 'count');
      if (spec.next !== undefined) {
        if (spec.next.kind === 'plateau') fail('warmup cannot be followed by plateau');
        checkSchedule(spec.next);
      }
      break;
    case 'plateau':
      field(spec, 'patience', 'count0');
      field(spec, 'factor', 'positive');
      if (spec.factor !== undefined && spec.factor >= 1)
        fail(`plateau needs factor below 1, got ${spec.factor}`);
      break;
  }
  return spec;
}

/**
 * The multiplier of the learning rate at each step; plateau is no function of the step (see plateauOptions).
 *
 * @example
 * scheduleFactor({ kind: 'warmup', steps: 100, next: { kind: 'cosine', steps: 1000 } })(49); // 0.5
 */
export function scheduleFactor(spec: Exclude<ScheduleSpec, { kind: 'plateau' }>): Schedule {
  switch (spec.kind) {
    case 'constant':
      return constantSchedule(1);
    case 'step':
      return stepDecay(1, spec.every, spec.factor ?? 0.1);
    case 'exp':
      return exponentialDecay(1, spec.factor);
    case 'inv':
      return inverseTimeDecay(1, spec.rate, spec.every ?? 1);
    case 'poly':
      return polynomialDecay(1, spec.end ?? 0, spec.steps, spec.power ?? 1);
    case 'cosine':
      return cosineDecay(1, spec.steps, spec.min ?? 0);
    case 'cosine-restarts':
      return cosineWarmRestarts(1, spec.period, spec.mult ?? 1, spec.min ?? 0);
    case 'onecycle':
      return oneCycle(1, spec.steps, {
        ...(spec.pctStart !== undefined && { pctStart: spec.pctStart }),
        ...(spec.divFactor !== undefined && { divFactor: spec.divFactor }),
        ...(spec.finalDivFactor !== undefined && { finalDivFactor: spec.finalDivFactor }),
      });
    case 'warmup': {
      const next = spec.next;
      const rest = next === undefined || next.kind === 'plateau' ? constantSchedule(1) : scheduleFactor(next);
      return linearWarmup(spec.steps, rest);
    }
  }
}

/**
 * reduceOnPlateau's options from a plateau spec.
 *
 * @example
 * plateauOptions({ kind: 'plateau', patience: 5 }); // { patience: 5 }
 */
export function plateauOptions(spec: Extract<ScheduleSpec, { kind: 'plateau' }>): ReduceOnPlateauOptions {
  return {
    ...(spec.patience !== undefined && { patience: spec.patience }),
    ...(spec.factor !== undefined && { factor: spec.factor }),
  };
}

/**
 * The numbers of each kind of schedule in their written order: `step:30:0.5` is every 30, factor 0.5.
 * A warm-up's follower comes after a comma.
 *
 * @example
 * scheduleFields.step; // → ['every', 'factor']
 * scheduleFields.cosine; // → ['steps', 'min']
 */
export const scheduleFields = {
  constant: [],
  step: ['every', 'factor'],
  exp: ['factor'],
  inv: ['rate', 'every'],
  poly: ['steps', 'power', 'end'],
  cosine: ['steps', 'min'],
  'cosine-restarts': ['period', 'mult', 'min'],
  onecycle: ['steps', 'pctStart', 'divFactor', 'finalDivFactor'],
  warmup: ['steps'],
  plateau: ['patience', 'factor'],
} as const satisfies { readonly [K in ScheduleSpec['kind']]: readonly string[] };

/**
 * The schedule in its short written form — the kind, then its numbers in scheduleFields' order,
 * `:`-separated (a number left out inside the list is empty), a warm-up's follower after a comma
 * (`warmup:100,cosine:1000`); results report a schedule so.
 *
 * @example
 * formatSchedule({ kind: 'step', every: 30, factor: 0.5 }); // → 'step:30:0.5'
 */
export function formatSchedule(spec: ScheduleSpec): string {
  const record = spec as unknown as Record<string, number | undefined>;
  const values = scheduleFields[spec.kind].map((name: string) => record[name]);
  while (values.length > 0 && values[values.length - 1] === undefined) values.pop();
  const head = [spec.kind, ...values.map((v) => (v === undefined ? '' : String(v)))].join(':');
  return spec.kind === 'warmup' && spec.next !== undefined ? `${head},${formatSchedule(spec.next)}` : head;
}
