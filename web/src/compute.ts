// The page's side of the worker: one job at a time per caller, a newer job making older answers stale.

import type { Job, Outcome, Reply } from './jobs.js';

/** A failed job: bad input (shown next to its control) or a fault. */
export class JobError extends Error {
  constructor(
    message: string,
    readonly key: string | null,
    readonly input: boolean,
  ) {
    super(message);
  }
}

let worker: Worker | null = null;
let nextId = 0;
const waiting = new Map<number, { resolve: (o: Outcome) => void; reject: (e: Error) => void }>();

function ensureWorker(): Worker {
  if (worker !== null) return worker;
  worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (event: MessageEvent<Reply>) => {
    const reply = event.data;
    const entry = waiting.get(reply.id);
    if (!entry) return;
    waiting.delete(reply.id);
    if (reply.ok) entry.resolve(reply.outcome);
    else entry.reject(new JobError(reply.message, reply.key, reply.input));
  };
  worker.onerror = (event) => {
    event.preventDefault();
    for (const entry of waiting.values())
      entry.reject(new JobError(`the worker failed: ${event.message}`, null, false));
    waiting.clear();
    worker?.terminate();
    worker = null;
  };
  return worker;
}

/**
 * Starts the worker now, so that fetching and compiling its script overlaps the page's own start
 * instead of waiting for the first job.
 */
export function warmWorker(): void {
  ensureWorker();
}

/** Runs a job in the worker. */
export function compute(job: Job): Promise<Outcome> {
  const id = ++nextId;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    ensureWorker().postMessage({ id, job });
  });
}

/**
 * A caller that only cares about its latest job: an answer to an older job resolves to null.
 *
 * @example
 * const latest = latestOnly(); const outcome = await latest(job); if (outcome) draw(outcome);
 */
export function latestOnly(): (job: Job) => Promise<Outcome | null> {
  let generation = 0;
  return async (job) => {
    const mine = ++generation;
    const outcome = await compute(job);
    return mine === generation ? outcome : null;
  };
}
