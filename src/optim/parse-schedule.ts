// parseSchedule: the text of a --schedule flag (e.g. "warmup:100,cosine:1000") into a Schedule.

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

/** What `--schedule` accepts, for help text and error messages. */
export const scheduleSyntax =
  'constant | step:N[:F] | exp:F | inv:R[:N] | poly:T[:P[:END]] | cosine:T[:MIN] | ' +
  'cosine-restarts:T[:MULT[:MIN]] | onecycle:T[:PCT[:DIV[:FINAL]]] | warmup:W[,SCHEDULE] | plateau[:PATIENCE[:FACTOR]]';

/**
 * Parses a `--schedule` value into a schedule of *multipliers* of the base learning rate (its value
 * at step 0 is 1, except where a warm-up or one-cycle starts lower), so `--lr 0.1 --schedule exp:0.99`
 * means 0.1·0.99ˢᵗᵉᵖ. The syntax, steps counted from 0:
 * - `constant` — 1 throughout.
 * - `step:N[:F]` — F^⌊step/N⌋, F defaults to 0.1 (StepLR).
 * - `exp:F` — Fˢᵗᵉᵖ (ExponentialLR).
 * - `inv:R[:N]` — 1/(1 + R·step/N), N defaults to 1 (inverse-time decay).
 * - `poly:T[:P[:END]]` — (1 − END)(1 − step/T)^P + END, P defaults to 1, END to 0; END after T.
 * - `cosine:T[:MIN]` — cosine from 1 to MIN (default 0) over T steps, MIN after.
 * - `cosine-restarts:T[:MULT[:MIN]]` — the cosine restarting every T steps, each period MULT
 *   (default 1) times the last (SGDR).
 * - `onecycle:T[:PCT[:DIV[:FINAL]]]` — OneCycleLR over T steps peaking at 1 (defaults 0.3, 25, 1e4).
 * - `warmup:W[,SCHEDULE]` — linear warm-up over W steps, then SCHEDULE (default constant).
 * - `plateau[:PATIENCE[:FACTOR]]` — reduce on plateau; it needs the loss, so it is not a Schedule:
 *   parsePlateau reads it and createMethod accepts it.
 * Anything else throws an InputError whose message starts with `--schedule:`.
 *
 * @example
 * const factor = parseSchedule('warmup:100,cosine:1000');
 * factor(49); // 0.5
 */
export function parseSchedule(text: string): Schedule {
  const spec = text.trim();
  if (spec === '') fail('is empty', text);
  const comma = spec.indexOf(',');
  const head = comma < 0 ? spec : spec.slice(0, comma);
  const [name, ...args] = head.split(':').map((part) => part.trim());
  if (name === 'warmup') {
    expectArgs(name, args, 1, 1, text);
    const steps = count(args[0]!, 'warmup', text);
    const rest = comma < 0 ? constantSchedule(1) : parseSchedule(spec.slice(comma + 1));
    return linearWarmup(steps, rest);
  }
  if (comma >= 0) fail(`only warmup can be followed by ",": "${head}" is`, text);
  switch (name) {
    case 'constant':
      expectArgs(name, args, 0, 0, text);
      return constantSchedule(1);
    case 'step':
      expectArgs(name, args, 1, 2, text);
      return stepDecay(
        1,
        count(args[0]!, name, text),
        args[1] === undefined ? 0.1 : positive(args[1], name, text),
      );
    case 'exp':
      expectArgs(name, args, 1, 1, text);
      return exponentialDecay(1, positive(args[0]!, name, text));
    case 'inv':
      expectArgs(name, args, 1, 2, text);
      return inverseTimeDecay(
        1,
        nonNegative(args[0]!, name, text),
        args[1] === undefined ? 1 : count(args[1], name, text),
      );
    case 'poly':
      expectArgs(name, args, 1, 3, text);
      return polynomialDecay(
        1,
        args[2] === undefined ? 0 : fraction(args[2], name, text),
        count(args[0]!, name, text),
        args[1] === undefined ? 1 : positive(args[1], name, text),
      );
    case 'cosine':
      expectArgs(name, args, 1, 2, text);
      return cosineDecay(
        1,
        count(args[0]!, name, text),
        args[1] === undefined ? 0 : fraction(args[1], name, text),
      );
    case 'cosine-restarts': {
      expectArgs(name, args, 1, 3, text);
      const mult = args[1] === undefined ? 1 : positive(args[1], name, text);
      if (mult < 1) fail(`"${name}" needs MULT ≥ 1, got "${args[1]}"`, text);
      return cosineWarmRestarts(
        1,
        count(args[0]!, name, text),
        mult,
        args[2] === undefined ? 0 : fraction(args[2], name, text),
      );
    }
    case 'onecycle': {
      expectArgs(name, args, 1, 4, text);
      const total = count(args[0]!, name, text);
      const pctStart = args[1] === undefined ? 0.3 : fraction(args[1], name, text);
      if (pctStart * total < 2 || pctStart >= 1) {
        fail(`"${name}" needs PCT·T ≥ 2 steps of rise and PCT < 1, got PCT ${pctStart} of ${total}`, text);
      }
      return oneCycle(1, total, {
        pctStart,
        divFactor: args[2] === undefined ? 25 : positive(args[2], name, text),
        finalDivFactor: args[3] === undefined ? 1e4 : positive(args[3], name, text),
      });
    }
    case 'plateau':
      return fail('plateau adapts to the loss, so it is not a function of the step; use parsePlateau', text);
    default:
      return fail(`unknown schedule "${name}"; expected ${scheduleSyntax}`, text);
  }
}

/**
 * Reads `plateau[:PATIENCE[:FACTOR]]` (defaults 10 and 0.1, as ReduceLROnPlateau).
 *
 * @example
 * parsePlateau('plateau:5:0.5'); // { patience: 5, factor: 0.5 }
 */
export function parsePlateau(text: string): ReduceOnPlateauOptions {
  const [name, ...args] = text
    .trim()
    .split(':')
    .map((part) => part.trim());
  if (name !== 'plateau') fail(`expected plateau[:PATIENCE[:FACTOR]]`, text);
  expectArgs('plateau', args, 0, 2, text);
  const options: ReduceOnPlateauOptions = {};
  if (args[0] !== undefined) options.patience = count(args[0], 'plateau', text, true);
  if (args[1] !== undefined) {
    const factor = positive(args[1], 'plateau', text);
    if (factor >= 1) fail(`"plateau" needs FACTOR below 1, got "${args[1]}"`, text);
    options.factor = factor;
  }
  return options;
}

/** True when `--schedule` text asks for reduce-on-plateau rather than a step schedule. */
export function isPlateau(text: string): boolean {
  return /^\s*plateau\s*(:|$)/.test(text);
}

function fail(why: string, text: string): never {
  throw new InputError(`--schedule: ${why} (in "${text}")`);
}

function expectArgs(name: string, args: string[], min: number, max: number, text: string): void {
  if (args.length < min || args.length > max) {
    const wanted = min === max ? `${min}` : `${min} to ${max}`;
    fail(`"${name}" takes ${wanted} number${max === 1 ? '' : 's'} after it, got ${args.length}`, text);
  }
}

function number(arg: string, name: string, text: string): number {
  const value = arg === '' ? Number.NaN : Number(arg);
  if (!Number.isFinite(value)) fail(`"${name}" needs numbers, got "${arg}"`, text);
  return value;
}

function positive(arg: string, name: string, text: string): number {
  const value = number(arg, name, text);
  if (value <= 0) fail(`"${name}" needs a positive number, got "${arg}"`, text);
  return value;
}

function nonNegative(arg: string, name: string, text: string): number {
  const value = number(arg, name, text);
  if (value < 0) fail(`"${name}" needs a number ≥ 0, got "${arg}"`, text);
  return value;
}

function fraction(arg: string, name: string, text: string): number {
  const value = number(arg, name, text);
  if (value < 0 || value > 1) fail(`"${name}" needs a fraction in [0, 1], got "${arg}"`, text);
  return value;
}

function count(arg: string, name: string, text: string, zeroAllowed = false): number {
  const value = number(arg, name, text);
  if (!Number.isInteger(value) || value < (zeroAllowed ? 0 : 1)) {
    fail(
      `"${name}" needs a ${zeroAllowed ? 'whole number ≥ 0' : 'positive whole number'} of steps, got "${arg}"`,
      text,
    );
  }
  return value;
}
