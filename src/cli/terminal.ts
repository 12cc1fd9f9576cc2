// Whether downhill may draw on the terminal: a progress bar redraws its line with \r and cursor codes.

/**
 * True when stderr is an interactive terminal that has not asked for plain output: not a pipe or a
 * file, no `NO_COLOR` (https://no-color.org: set and not empty), and `TERM` is not `dumb`. Anything
 * else gets plain lines only, with no escape codes and no carriage returns.
 *
 * @example
 * const bar = values.json === true || !drawsOnStderr() ? null : progressBar(bars);
 */
export function drawsOnStderr(env: NodeJS.ProcessEnv = process.env): boolean {
  return process.stderr.isTTY === true && (env.NO_COLOR ?? '') === '' && env.TERM !== 'dumb';
}
