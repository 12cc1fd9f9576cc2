// The nn mode's Web Worker: one network trained a slice at a time, so that a pause or a new network is heard between slices.
// A network large enough to pay for it trains on helper Web Workers too, where the page is cross-origin isolated.

import {
  type FitStepper,
  fitStepper,
  InputError,
  kernels,
  startWebThreads,
  type WebThreads,
} from '../../src/index.js';
import type { NnGrid, NnReply, NnRequest } from './nn-jobs.js';

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<NnRequest>) => void) | null;
  postMessage(message: NnReply, transfer?: Transferable[]): void;
};

// Milliseconds of training between two snapshots: short enough for a smooth picture, long enough to keep the cost of drawing small.
const slice = 40;

let run = 0;
let stepper: FitStepper | null = null;
let grid: Float64Array = new Float64Array(0);
let target = 0;
let reported = 0;
let timer: ReturnType<typeof setTimeout> | null = null;
/** Threads the run may train on (1 unless its batches are large enough and the page is isolated). */
let wanted = 1;
/** The helpers, started when a run on several threads trains and ended whenever it stops. */
let pool: WebThreads | null = null;

const isolated = (self as unknown as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;

/** The threads a network of `params` over batches of `rows` may train on here: every core when they may pay. */
function threadsFor(params: number, rows: number): number {
  if (!kernels.denseThreadsPay(params, rows)) return 1;
  return Math.max(1, navigator.hardwareConcurrency || 1);
}

/** Starts the helpers for a run on several threads (one thread, silently, where they cannot start). */
async function ready(): Promise<void> {
  if (wanted > 1 && pool === null) pool = await startWebThreads(wanted);
}

/** Ends the run's threads: the stepper lets its kernel go, and the helpers end with the pool. */
function release(): void {
  stepper?.close();
  pool?.close();
  pool = null;
}

function gridPoints(g: NnGrid): Float64Array {
  const out = new Float64Array(g.size * g.size * 2);
  for (let j = 0; j < g.size; j++) {
    const y = g.y[1] - ((j + 0.5) / g.size) * (g.y[1] - g.y[0]);
    for (let i = 0; i < g.size; i++) {
      out[2 * (j * g.size + i)] = g.x[0] + ((i + 0.5) / g.size) * (g.x[1] - g.x[0]);
      out[2 * (j * g.size + i) + 1] = y;
    }
  }
  return out;
}

function snapshot(training: boolean, rate: number, threads = pool?.threads ?? 1): void {
  const s = stepper!;
  const metrics = s.metrics() as { accuracy: number };
  const probabilities = s.probabilities(grid);
  scope.postMessage(
    {
      kind: 'snapshot',
      run,
      epoch: s.epoch,
      losses: s.losses.slice(reported),
      loss: s.loss(),
      accuracy: metrics.accuracy,
      health: s.health(),
      probabilities,
      diverged: s.diverged,
      training,
      rate,
      threads,
    },
    [probabilities.buffer],
  );
  reported = s.losses.length;
}

function stop(): void {
  if (timer !== null) clearTimeout(timer);
  timer = null;
}

function train(): void {
  timer = null;
  const s = stepper;
  if (s === null) return;
  const started = performance.now();
  const from = s.epoch;
  // A few epochs at a time until the slice is used up, so a large net still answers within a slice or so.
  while (s.epoch < target && s.stopped === null && performance.now() - started < slice) {
    s.step(Math.min(target - s.epoch, 5));
  }
  const seconds = (performance.now() - started) / 1000;
  const going = s.epoch < target && s.stopped === null;
  const threads = pool?.threads ?? 1;
  if (!going) release();
  snapshot(going, seconds > 0 ? (s.epoch - from) / seconds : 0, threads);
  if (going) timer = setTimeout(train, 0);
}

async function handle(request: NnRequest): Promise<void> {
  if (request.kind === 'close') {
    // Told to stop first, the helpers leave their loop at once; a worker ended mid-wait lingers for seconds.
    stop();
    release();
    self.close();
    return;
  }
  if (request.kind !== 'start' && request.run !== run) return;
  try {
    switch (request.kind) {
      case 'start': {
        stop();
        release();
        run = request.run;
        // Where threads may run, set up once to learn the network's size, then again with them if it is large enough.
        const rows = request.settings.batchSize ?? request.data.rows;
        wanted = isolated ? threadsFor(fitStepper(request.data, request.settings).params.length, rows) : 1;
        if (request.play) await ready();
        // On several threads, the stepper times them against one on the batches and runs the faster, as a
        // loaded machine can make the hand-offs cost more than the second thread gains.
        stepper = fitStepper(request.data, { ...request.settings, threads: wanted > 1 ? 'auto' : 1 });
        grid = gridPoints(request.grid);
        reported = 0;
        target = request.play ? request.epochs : 0;
        snapshot(request.play, 0);
        if (request.play) timer = setTimeout(train, 0);
        break;
      }
      case 'play':
        stop();
        target = request.epochs;
        await ready();
        train();
        break;
      case 'step':
        stop();
        target = (stepper?.epoch ?? 0) + request.epochs;
        await ready();
        train();
        stop();
        release();
        target = stepper?.epoch ?? 0;
        break;
      case 'pause':
        stop();
        release();
        target = stepper?.epoch ?? 0;
        if (stepper) snapshot(false, 0);
        break;
    }
  } catch (error) {
    stop();
    release();
    stepper = null;
    const input = error instanceof InputError;
    scope.postMessage({
      kind: 'error',
      run: request.run,
      message: error instanceof Error ? error.message : String(error),
      key: input ? ((error as { key?: string }).key ?? null) : null,
      input,
    });
  }
}

// One request at a time, in order: a start that waits for its helpers is not overtaken by a pause.
let queue: Promise<void> = Promise.resolve();
scope.onmessage = (event) => {
  const request = event.data;
  queue = queue.then(() => handle(request));
};
