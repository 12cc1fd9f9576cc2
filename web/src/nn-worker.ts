// The nn mode's Web Worker: one network trained a slice at a time, so that a pause or a new network is heard between slices.

import { type FitStepper, fitStepper, InputError } from '../../src/index.js';
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

function snapshot(training: boolean, rate: number): void {
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
  snapshot(going, seconds > 0 ? (s.epoch - from) / seconds : 0);
  if (going) timer = setTimeout(train, 0);
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request.kind !== 'start' && request.run !== run) return;
  try {
    switch (request.kind) {
      case 'start':
        stop();
        run = request.run;
        stepper = fitStepper(request.data, request.settings);
        grid = gridPoints(request.grid);
        reported = 0;
        target = request.play ? request.epochs : 0;
        snapshot(request.play, 0);
        if (request.play) timer = setTimeout(train, 0);
        break;
      case 'play':
        stop();
        target = request.epochs;
        train();
        break;
      case 'step':
        stop();
        target = (stepper?.epoch ?? 0) + request.epochs;
        train();
        stop();
        target = stepper?.epoch ?? 0;
        break;
      case 'pause':
        stop();
        target = stepper?.epoch ?? 0;
        if (stepper) snapshot(false, 0);
        break;
    }
  } catch (error) {
    stop();
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
};
