// The progress bar's time estimate: none until the run has a rate to go by, and never "0s" while work remains.

/**
 * How long the rest of a run will take at the rate so far, as `12s`, `3m 05s` or `1h 02m`; `<1s`
 * when under a second remains; '' when nothing has been done yet in this run (no rate to go by) or
 * nothing is left. `startDone` is the work done before this run began (a resumed fit's epochs).
 *
 * @example
 * timeLeft(7, 100, 1.2, 0); // '16s'
 * timeLeft(0, 100, 1.2, 0); // ''
 * timeLeft(99, 100, 50, 0); // '<1s'
 */
export function timeLeft(done: number, total: number, seconds: number, startDone: number): string {
  const progressed = done - startDone;
  const remaining = total - done;
  if (!(progressed > 0) || !(seconds > 0) || !(remaining > 0)) return '';
  const left = (seconds / progressed) * remaining;
  if (!Number.isFinite(left)) return '';
  if (left < 1) return '<1s';
  if (left < 60) return `${Math.ceil(left)}s`;
  const whole = Math.ceil(left);
  if (whole < 3600) return `${Math.floor(whole / 60)}m ${String(whole % 60).padStart(2, '0')}s`;
  const minutes = Math.ceil(whole / 60);
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** The bar's tail: ` | 12s left`, or nothing while there is no estimate. */
export const timeLeftText = (done: number, total: number, seconds: number, startDone: number): string => {
  const left = timeLeft(done, total, seconds, startDone);
  return left === '' ? '' : ` | ${left} left`;
};
