// Ctrl-C during a long run: the run stops at its next safe point with its checkpoint written, and the command exits 130.

/** The reason a run stopped on Ctrl-C. */
export class Interrupted extends Error {}

/**
 * Runs `work` with a signal that Ctrl-C aborts (with an `Interrupted`). Returns its result, or null
 * once Ctrl-C has stopped it: then it has said on stderr what the checkpoint holds and set exit code 130.
 * `onStop` runs first whenever the work throws (to clear a progress bar).
 */
export async function untilInterrupted<T>(
  work: (signal: AbortSignal) => Promise<T>,
  checkpointFile: string | undefined,
  onStop?: () => void,
): Promise<T | null> {
  const interrupt = new AbortController();
  const onSignal = (): void => interrupt.abort(new Interrupted());
  process.once('SIGINT', onSignal);
  try {
    return await work(interrupt.signal);
  } catch (error) {
    onStop?.();
    if (!(error instanceof Interrupted)) throw error;
    const kept =
      checkpointFile === undefined
        ? ''
        : `; the checkpoint "${checkpointFile}" holds the state (continue with --resume)`;
    process.stderr.write(`downhill: interrupted${kept}\n`);
    process.exitCode = 130;
    return null;
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
}
