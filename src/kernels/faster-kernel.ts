// fasterKernel: of two kernels that give the same numbers (one thread, several), the one that is faster now, re-measured as the load changes.

/** Timed batches a measurement of a kernel takes, after its first (left out: code, caches and sleeping threads warming up). */
const PROBE_BATCHES = 3;
/** The running kernel's latest batches, whose median time a row is its time now. */
const RECENT = 9;
/** At most this share of the time goes to measuring the kernel not chosen (its batches' whole time). */
const PROBE_SHARE = 0.02;
/**
 * Batches a kernel must have run before a lost measurement of it waits the usual time: until then it may still be
 * warming up (its threads starting, their code compiled while they run).
 */
const WARM_BATCHES = 8;
/** The kernel not chosen takes over only when its median is below this share of the running one's. */
const SWITCH_BELOW = 0.95;
/** A measurement ends early once a batch of it takes this many times the running kernel's median. */
const HOPELESS = 2;
/** …or its warm-up batch this many times (threads woken from sleep cost little; a busy machine a lot). */
const HOPELESS_WARM_UP = 3;
/** The running kernel's median this many times its median when chosen: the load changed, measure the other now. */
const SLOWED = 1.5;

/** The median of `values`, sorted in `scratch` (at least as long) so that a batch allocates nothing. */
function median(values: readonly number[], scratch: Float64Array): number {
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    let j = i;
    for (; j > 0 && scratch[j - 1]! > v; j--) scratch[j] = scratch[j - 1]!;
    scratch[j] = v;
  }
  const mid = n >> 1;
  return n % 2 === 1 ? scratch[mid]! : (scratch[mid - 1]! + scratch[mid]!) / 2;
}

/**
 * Picks the kernel for each batch. Both are timed on the batches themselves (the caller reports each
 * batch's milliseconds and rows): the first for a warm-up batch and PROBE_BATCHES more, then the second the
 * same way, and the one with the lower median time a row runs. Its own batches keep its median current;
 * the other is measured again once the time since its last measurement is enough that measuring takes at
 * most PROBE_SHARE of the time (by time, not batches: the slower it was, the longer it waits), or
 * at once when the running kernel has become SLOWED times slower than when it was chosen — on a shared
 * machine the threads' hand-offs cost little when cores are free and a great deal when other processes
 * hold them. A measurement stops after one batch that cannot win (HOPELESS); the other kernel takes over
 * only when clearly faster (SWITCH_BELOW) than the chosen both before and right after it was timed (the
 * chosen is timed again then, as a burst of load just before would flatter the other), so one noisy batch
 * neither switches nor lingers. Time is
 * the sum of the reported batches, so the rule needs no clock of its own. Both kernels must give the same
 * numbers (the threaded dense kernel does, bit for bit), so the choice changes only the time.
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
  const scratch = new Float64Array(RECENT);
  /** The kernel chosen, its latest times a row (at most RECENT), and their median when last compared. */
  let chosen = 0;
  const recent: number[] = [];
  let chosenAt = 0;
  let sinceProbe = 0;
  /**
   * What the batches are for: timing the first kernel before any choice, timing the other, timing the chosen
   * again after the other seemed faster (a burst of load on it just before would have flattered the other),
   * or running the chosen.
   */
  let phase: 'first' | 'probe' | 'confirm' | 'run' = 'first';
  /** The current measurement's batches, the times a row of those timed, and their milliseconds. */
  let batches = 0;
  const timed: number[] = [];
  const timedMs: number[] = [];
  /** The other kernel's timed batches, their median time a row, and their cost, while the chosen is timed again. */
  const probeTimes: number[] = [];
  let probed = 0;
  let probeCost = 0;
  /** The rule's clock, the sum of every reported batch's milliseconds, and when the other is measured next. */
  let clock = 0;
  let probeAt = 0;
  /**
   * Whether each kernel has been measured, and the batches it has run (its very first includes compiling and
   * starting threads): its first measurement, and any before
   * it has run WARM_BATCHES, still pays for warming up (threads just started, code not yet optimized), so one
   * that loses it is measured again after RECENT batches, not after the time a warm measurement would earn.
   * An mlp's threads lost their first at 9.8 ms a batch against 3.2, then waited 448 batches, an epoch, though
   * they ran 2.45 ms a batch after; cut short after one timed batch twice running (7.1 and 10.4 ms, their
   * batches 2 and 4, against 3.2), they waited 360.
   */
  const measured = [false, false];
  const ran = [0, 0];
  let soon = 0;

  const running = (): number => (phase === 'probe' ? 1 - chosen : chosen);
  const measure = (next: typeof phase): void => {
    phase = next;
    batches = 0;
    timed.length = 0;
    timedMs.length = 0;
  };
  /** Runs the chosen kernel, after `cost` ms of measuring the other: the next measurement once that is PROBE_SHARE of the time since. */
  const run = (cost: number): void => {
    const other = 1 - chosen;
    soon = measured[other] && ran[other]! >= WARM_BATCHES ? 0 : RECENT;
    measured[other] = true;
    phase = 'run';
    chosenAt = median(recent, scratch);
    sinceProbe = 0;
    probeAt = clock + cost / PROBE_SHARE;
  };
  const keep = (values: readonly number[]): void => {
    for (const v of values) recent.push(v);
    while (recent.length > RECENT) recent.shift();
  };

  return {
    next: () => kernels[running()]!,
    current: () => kernels[chosen]!,
    report(ms, rows) {
      clock += ms;
      const perRow = ms / Math.max(1, rows);
      const kernel = running();
      const first = ran[kernel] === 0;
      ran[kernel]!++;
      batches++;
      if (phase === 'run') {
        keep([perRow]);
        sinceProbe++;
        const slowed = sinceProbe >= RECENT && median(recent, scratch) > SLOWED * chosenAt;
        const again = soon > 0 && --soon === 0;
        if (clock >= probeAt || slowed || again) measure('probe');
        return;
      }
      if (phase === 'confirm') {
        // Every batch counts: the median of four shrugs off one warm-up batch.
        timed.push(perRow);
        if (batches < PROBE_BATCHES + 1) return;
        const now = median(timed, scratch);
        const before = median(recent, scratch);
        measured[chosen] = true;
        keep(timed);
        if (probed < SWITCH_BELOW * Math.min(now, before)) {
          chosen = 1 - chosen;
          recent.length = 0;
          keep(probeTimes);
          run((PROBE_BATCHES + 1) * now * rows);
        } else run(probeCost);
        return;
      }
      const baseline = phase === 'probe' ? median(recent, scratch) : null;
      if (batches === 1) {
        if (baseline !== null && !first && perRow > HOPELESS_WARM_UP * baseline) run(ms);
        return;
      }
      timed.push(perRow);
      timedMs.push(ms);
      if (baseline !== null && perRow > HOPELESS * baseline) {
        run(batches * median(timedMs, scratch));
        return;
      }
      if (timed.length < PROBE_BATCHES) return;
      if (baseline === null) {
        measured[chosen] = true;
        keep(timed);
        measure('probe');
        return;
      }
      const cost = batches * median(timedMs, scratch);
      if (median(timed, scratch) < SWITCH_BELOW * baseline) {
        probeTimes.length = 0;
        for (const v of timed) probeTimes.push(v);
        probed = median(timed, scratch);
        probeCost = cost;
        measure('confirm');
      } else run(cost);
    },
  };
}
