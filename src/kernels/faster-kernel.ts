// fasterKernel: of two kernels that give the same numbers (one thread, several), the one that is faster now, re-measured as the load changes.

/** Batches a measurement takes on a kernel; its first is left out (code and memory warming up). */
const PROBE_BATCHES = 6;
/** Batches between two measurements of the kernel not chosen, at first; each confirmed choice doubles it. */
const FIRST_INTERVAL = 64;
/** At most this many batches (seconds, at a few milliseconds a batch) pass before the other kernel is tried again. */
const MAX_INTERVAL = 1024;

/**
 * Picks the kernel for each batch: a few batches on each, then the one with the lower time per row runs
 * for a while, after which the other is measured again — on a shared machine the threads' hand-offs cost
 * little when cores are free and a great deal when other processes hold them. Both kernels must give the
 * same numbers (the threaded dense kernel does, bit for bit), so the choice changes only the time.
 *
 * @example
 * const choice = fasterKernel(single, threaded);
 * const kernel = choice.next();
 * const start = performance.now();
 * // … one batch on kernel …
 * choice.report(performance.now() - start, rows);
 */
export function fasterKernel<K>(
  one: K,
  other: K,
): { next(): K; current(): K; report(ms: number, rows: number): void } {
  const kernels = [one, other] as const;
  /** Mean milliseconds a row of each kernel's latest measurement. */
  const perRow = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
  let chosen = 0;
  let running = 0;
  let left = PROBE_BATCHES;
  let interval = FIRST_INTERVAL;
  let sum = 0;
  let rowsSeen = 0;
  // Measure the first kernel, then the second, then run the faster; `measuring` says which is being timed.
  let measuring: number | null = 0;
  return {
    next: () => kernels[running]!,
    current: () => kernels[chosen]!,
    report(ms, rows) {
      left--;
      if (measuring !== null && left < PROBE_BATCHES - 1) {
        sum += ms;
        rowsSeen += rows;
      }
      if (left > 0) return;
      if (measuring !== null) {
        perRow[measuring] = sum / Math.max(1, rowsSeen);
        sum = 0;
        rowsSeen = 0;
        const unmeasured = perRow.findIndex((t) => t === Number.POSITIVE_INFINITY);
        if (unmeasured >= 0) {
          measuring = unmeasured;
          running = unmeasured;
          left = PROBE_BATCHES;
          return;
        }
        const faster = perRow[0]! <= perRow[1]! ? 0 : 1;
        interval = faster === chosen ? Math.min(MAX_INTERVAL, interval * 2) : FIRST_INTERVAL;
        chosen = faster;
        running = faster;
        measuring = null;
        left = interval;
        return;
      }
      // After a run on the chosen kernel: time it again, then the other, and choose anew.
      perRow[0] = Number.POSITIVE_INFINITY;
      perRow[1] = Number.POSITIVE_INFINITY;
      measuring = chosen;
      running = chosen;
      left = PROBE_BATCHES;
    },
  };
}
