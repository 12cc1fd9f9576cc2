// The Web Worker: races and fits run here so that long runs never freeze the page.

import {
  compare,
  compileExpression,
  createMethod,
  fit,
  InputError,
  type OptimizerName,
  parseCsvText,
  runSummary,
  tuneLearningRate,
  unflattenParams,
} from '../../src/index.js';
import type { FitJob, FitOutcome, Job, RaceJob, RaceOutcome, Reply, RunOutcome } from './jobs.js';

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<{ id: number; job: Job }>) => void) | null;
  postMessage(message: Reply, transfer?: Transferable[]): void;
};

const optionsOf = (spec: RaceJob['runs'][number], lr: number | null) => ({
  ...spec.settings,
  ...(lr !== null && { learningRate: lr }),
});

function race(job: RaceJob): RaceOutcome {
  const started = performance.now();
  const f = compileExpression(job.f);
  const start = Float64Array.from(job.start);
  const limits = { start, maxIterations: job.maxIterations, tol: job.tol };
  const tuned = job.runs.map((spec) =>
    job.fair && spec.lr !== null
      ? tuneLearningRate(f, spec.optimizer as OptimizerName, { ...limits, settings: spec.settings })
      : null,
  );
  const methods = job.runs.map((spec, i) =>
    createMethod(spec.optimizer as OptimizerName, optionsOf(spec, tuned[i]?.learningRate ?? spec.lr)),
  );
  // Every iterate is kept (the page caps iterations at 100000), so step k on screen is iteration k.
  const results = compare(f, methods, { ...limits, recordPath: true, pathLimit: job.maxIterations + 1 });
  const runs: RunOutcome[] = results.map((result, i) => {
    const spec = job.runs[i]!;
    const tune = tuned[i];
    return {
      spec: tune?.learningRate != null ? { ...spec, lr: tune.learningRate } : spec,
      summary: runSummary(result),
      points: result.path!.points,
      values: result.path!.values,
      tuned: tune?.learningRate != null ? { lr: tune.learningRate, tried: tune.tried.length } : null,
    };
  });
  return { kind: 'race', runs, seconds: (performance.now() - started) / 1000 };
}

// At most this many frames of the line are kept, evenly spread over the epochs.
const maxFrames = 240;

function fitLine(job: FitJob): FitOutcome {
  const started = performance.now();
  const data = parseCsvText(job.csv, job.target === null ? {} : { target: job.target }, job.source);
  const every = Math.max(1, Math.ceil(job.epochs / maxFrames));
  const recorded: { epoch: number; params: Float64Array }[] = [];
  const result = fit(data, {
    ...(job.formula === null
      ? { model: job.model }
      : { formula: job.formula, ...(job.params !== null && { params: job.params }) }),
    optimizer: job.run.optimizer as OptimizerName,
    optimizerOptions: optionsOf(job.run, job.run.lr),
    epochs: job.epochs,
    tol: job.tol,
    onStart: (params) => recorded.push({ epoch: 0, params: Float64Array.from(params) }),
    onEpoch: (info) => {
      if (info.epoch % every === 0 || info.epoch === info.epochs)
        recorded.push({ epoch: info.epoch, params: Float64Array.from(info.params) });
    },
  });
  const last = recorded.at(-1);
  if (last === undefined || last.epoch !== result.epochs)
    recorded.push({ epoch: result.epochs, params: result.params });
  const grid = Float64Array.from(job.grid);
  const curves =
    data.featureNames.length === 1
      ? recorded.map(({ params }) => result.model.apply(unflattenParams(params, result.model.layout), grid))
      : [];
  return {
    kind: 'fit',
    status: result.status,
    message: result.message,
    summary: {
      status: result.status,
      message: result.message,
      model: result.config.model,
      parameters: result.parameters,
      loss: result.loss,
      epochs: result.epochs,
      metrics: result.metrics,
      optimizer: result.optimizer,
    },
    parameters: recorded.map(
      ({ params }) => result.model.report(params, result.scaling) as Record<string, unknown>,
    ),
    loss: result.history.loss,
    curves,
    epochs: recorded.map((r) => r.epoch),
    featureNames: [...data.featureNames],
    targetName: data.targetName,
    seconds: (performance.now() - started) / 1000,
  };
}

scope.onmessage = (event) => {
  const { id, job } = event.data;
  try {
    const outcome = job.kind === 'race' ? race(job) : fitLine(job);
    scope.postMessage({ id, ok: true, outcome });
  } catch (error) {
    const input = error instanceof InputError;
    const key = input ? ((error as { key?: string }).key ?? null) : null;
    scope.postMessage({
      id,
      ok: false,
      message: error instanceof Error ? error.message : String(error),
      key,
      input,
    });
  }
};
