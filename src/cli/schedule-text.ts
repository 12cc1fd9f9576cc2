// The text of --schedule (e.g. "warmup:100,cosine:1000") read into the library's ScheduleSpec.

import { checkSchedule, InputError, type ScheduleSpec, scheduleFields, scheduleKinds } from '../index.js';

/** What --schedule accepts, for help text and messages. */
export const scheduleSyntax =
  'constant | step:N[:F] | exp:F | inv:R[:N] | poly:T[:P[:END]] | cosine:T[:MIN] | ' +
  'cosine-restarts:T[:MULT[:MIN]] | onecycle:T[:PCT[:DIV[:FINAL]]] | warmup:W[,SCHEDULE] | plateau[:PATIENCE[:FACTOR]]';

function fail(why: string, text: string): never {
  throw new InputError((name) => `${name('schedule')}: ${why} (in "${text}")`, { key: 'schedule' });
}

/**
 * Reads a --schedule value: a kind, then its numbers `:`-separated in scheduleFields' order (an
 * empty one is left out), and after `warmup:W` optionally `,` and the schedule that follows. The
 * numbers' ranges are the library's to check (checkSchedule).
 *
 * @example
 * parseScheduleText('step:30:0.5'); // { kind: 'step', every: 30, factor: 0.5 }
 * parseScheduleText('warmup:100,cosine:1000'); // { kind: 'warmup', steps: 100, next: { kind: 'cosine', steps: 1000 } }
 */
export function parseScheduleText(text: string): ScheduleSpec {
  return checkSchedule(read(text.trim(), text));
}

function read(spec: string, text: string): ScheduleSpec {
  if (spec === '') fail('is empty', text);
  const comma = spec.indexOf(',');
  const head = comma < 0 ? spec : spec.slice(0, comma);
  const [kind = '', ...args] = head.split(':').map((part) => part.trim());
  if (!(scheduleKinds as readonly string[]).includes(kind)) {
    fail(`unknown schedule "${kind}"; expected ${scheduleSyntax}`, text);
  }
  const names: readonly string[] = scheduleFields[kind as ScheduleSpec['kind']];
  const least = kind === 'plateau' ? 0 : Math.min(1, names.length);
  if (args.length > names.length || args.length < least) {
    const wanted = least === names.length ? `${least}` : `${least} to ${names.length}`;
    fail(
      `"${kind}" takes ${wanted} number${names.length === 1 ? '' : 's'} after it, got ${args.length}`,
      text,
    );
  }
  const result: Record<string, unknown> = { kind };
  args.forEach((arg, i) => {
    if (arg === '' && i > 0) return;
    const value = arg === '' ? Number.NaN : Number(arg);
    if (!Number.isFinite(value)) fail(`"${kind}" needs numbers, got "${arg}"`, text);
    result[names[i]!] = value;
  });
  if (comma >= 0) {
    if (kind !== 'warmup') fail(`only warmup can be followed by ",": "${head}" is`, text);
    result.next = read(spec.slice(comma + 1).trim(), text);
  }
  return result as ScheduleSpec;
}
