// Schedule: a learning rate (or any rate) as a function of the step count.

/**
 * A rate that changes with the step: `step` counts updates from 0.
 *
 * @example
 * const warm: Schedule = linearWarmup(10, constantSchedule(0.1));
 * [warm(0), warm(4), warm(20)]; // → [0.01, 0.05, 0.1]
 */
export type Schedule = (step: number) => number;

/**
 * Every rate accepts a fixed number or a schedule.
 *
 * @example
 * const fixed: Rate = 0.1;
 * const halving: Rate = (step) => 0.1 * 0.5 ** step;
 * [rateAt(fixed, 3), rateAt(halving, 3)]; // → [0.1, 0.0125]
 */
export type Rate = number | Schedule;

/**
 * The value of a rate at a step.
 *
 * @example
 * rateAt(0.1, 7); // → 0.1
 * rateAt((step) => 0.1 * 0.5 ** step, 2); // → 0.025
 */
export function rateAt(rate: Rate, step: number): number {
  return typeof rate === 'number' ? rate : rate(step);
}
