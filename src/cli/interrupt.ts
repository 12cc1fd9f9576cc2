// Ctrl-C during a long run: the run stops (fit at its next safe point, its checkpoint written), says where it got to, and the command exits 130.

import { Script } from 'node:vm';
import type { MinimizeResult } from '../index.js';
import { sayWritten, writeFileAtomic } from './output.js';

/** The reason a run stopped on Ctrl-C. */
export class Interrupted extends Error {}

/** Ctrl-C after a run's loop, while its --plot picture was drawn: `runs` are the finished runs. */
export class InterruptedDrawing extends Interrupted {
  constructor(readonly runs: readonly MinimizeResult[]) {
    super('interrupted while drawing');
  }
}

/**
 * A signal that Ctrl-C aborts (with an `Interrupted`) from now until `stop()`, for work that yields
 * to the event loop (a GIF's frames); a loop that never yields needs stopOnSigint instead. While
 * stopOnSigint runs, vm's watchdog hears Ctrl-C and this listener is set aside.
 */
export function sigintSignal(): { signal: AbortSignal; stop: () => void } {
  const controller = new AbortController();
  const onSignal = (): void => controller.abort(new Interrupted());
  process.on('SIGINT', onSignal);
  return { signal: controller.signal, stop: () => process.removeListener('SIGINT', onSignal) };
}

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

/**
 * A training run as fit runs one, in memory or streamed: `work` gets the Ctrl-C signal and, with
 * --checkpoint, a writer that saves each checkpoint quietly (`encode` makes its text); the bar is
 * stopped however the run ends, and the checkpoint announced once, at the end. Null once Ctrl-C stopped it.
 */
export async function checkpointedRun<C, T>(
  checkpointFile: string | undefined,
  encode: (checkpoint: C) => string,
  bar: { stop: () => void } | null,
  work: (signal: AbortSignal, onCheckpoint: ((checkpoint: C) => void) | undefined) => Promise<T>,
): Promise<T | null> {
  const onCheckpoint =
    checkpointFile === undefined
      ? undefined
      : (checkpoint: C) =>
          writeFileAtomic(checkpointFile, encode(checkpoint), '--checkpoint', { quiet: true });
  const result = await untilInterrupted(
    (signal) => work(signal, onCheckpoint),
    checkpointFile,
    () => bar?.stop(),
  );
  if (result === null) return null;
  bar?.stop();
  if (checkpointFile !== undefined) sayWritten(checkpointFile);
  return result;
}

/** Where stopOnSigint leaves the work for the script it runs under vm's SIGINT watchdog. */
const WORK = Symbol.for('downhill.interruptible');

/**
 * Runs the synchronous `work` (minimize's loop) so that Ctrl-C stops it at once, wherever it is, with
 * an `Interrupted`. A loop that never yields hears no SIGINT listener; vm's breakOnSigint (the REPL's
 * watchdog) has V8 end the script instead. Nothing is started unless a run is: no worker, no thread at start-up.
 */
export function stopOnSigint<T>(work: () => T): T {
  const slot = globalThis as { [WORK]?: () => T };
  slot[WORK] = work;
  try {
    return new Script(`globalThis[Symbol.for('downhill.interruptible')]()`).runInThisContext({
      breakOnSigint: true,
    }) as T;
  } catch (error) {
    if (error instanceof Error && (error as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED')
      throw new Interrupted();
    throw error;
  } finally {
    delete slot[WORK];
  }
}

/** Says on stderr where a run stopped by Ctrl-C had got to (`lines` after "interrupted"), and sets exit code 130. */
export function sayInterrupted(lines: readonly string[]): void {
  process.stderr.write(`downhill: interrupted ${lines.join('\n')}\n`);
  process.exitCode = 130;
}
