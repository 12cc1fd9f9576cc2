// Schedule: a learning rate (or any rate) as a function of the step count.

/** A rate that changes with the step: `step` counts updates from 0. */
export type Schedule = (step: number) => number;

/** Every rate accepts a fixed number or a schedule. */
export type Rate = number | Schedule;

/**
 * The value of a rate at a step.
 *
 * @example
 * rateAt(0.1, 7); // 0.1
 * rateAt((step) => 0.1 * 0.5 ** step, 2); // 0.025
 */
export function rateAt(rate: Rate, step: number): number {
  return typeof rate === 'number' ? rate : rate(step);
}
