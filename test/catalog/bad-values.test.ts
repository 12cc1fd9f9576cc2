// Every setting in the catalog, given a bad value through a library call, throws an InputError with its key and no flag words.

import { describe, expect, it } from 'vitest';
import {
  compileExpression,
  createMethod,
  InputError,
  minimize,
  optimizerCatalog,
  optimizerNames,
  parseCsvText,
  type SettingKey,
  type SettingSpec,
  settingCatalog,
  fit as train,
} from '../../src/index.js';
import { loadData } from '../../src/node.js';

const csv = 'x,y\n0,1\n1,3\n2,5\n3,7\n';
const data = parseCsvText(csv, { target: 'y' });
const f = compileExpression('x^2');

/** Values of the wrong kind or outside the range, read off the spec: what every setting of its kind must refuse. */
function badValues(spec: SettingSpec): unknown[] {
  switch (spec.kind) {
    case 'number':
    case 'integer': {
      const values: unknown[] = [String(spec.default ?? 1), Number.NaN, Number.POSITIVE_INFINITY, true];
      if (spec.min !== undefined) values.push(spec.minExclusive ? spec.min : spec.min - 1);
      if (spec.max !== undefined) values.push(spec.maxExclusive ? spec.max : spec.max + 1);
      if (spec.kind === 'integer') values.push((spec.min ?? 0) + 1.5);
      return values;
    }
    case 'boolean':
      return ['yes', 1];
    case 'choice':
      return ['no-such-choice', spec.choices![0]!.toUpperCase(), 3];
    case 'text':
      return [5, { text: true }];
  }
}

/** The first optimizer that takes a setting. */
const takerOf = (key: SettingKey) =>
  optimizerNames.find((name) => (optimizerCatalog[name].settings as readonly string[]).includes(key));

/** How a setting reaches the library, and the bad values (besides the kind's) that only it can have. */
interface Route {
  readonly calls: readonly ((value: unknown) => unknown)[];
  readonly also?: readonly unknown[];
}

const any = (value: unknown) => value as never;
const fitWith = (settings: Record<string, unknown>) => () => train(data, any(settings));

/** Each key by the calls that take it; one key that no library call takes says why. */
const routes: { readonly [K in SettingKey]: Route | { readonly none: string } } = {
  optimizer: {
    calls: [(v) => createMethod(any(v)), (v) => fitWith({ optimizer: v })()],
    also: ['sgd', 'constructor', ''],
  },
  learningRate: { calls: [] },
  momentum: { calls: [] },
  b1: { calls: [] },
  b2: { calls: [] },
  eps: { calls: [] },
  rho: { calls: [] },
  weightDecay: { calls: [] },
  centered: { calls: [] },
  amsgrad: { calls: [] },
  momentumDecay: { calls: [] },
  lrDecay: { calls: [] },
  convention: { calls: [] },
  schedule: { calls: [], also: ['cosine', { kind: 'step', every: -1 }, { kind: 'nope' }] },
  lineSearch: { calls: [] },
  history: { calls: [] },
  clipValue: { calls: [] },
  clipNorm: { calls: [] },
  skipNonFinite: { calls: [] },
  start: {
    calls: [(v) => minimize(f, any({ start: v }))],
    also: [Float64Array.of(Number.NaN), Float64Array.of(1, 2), [Number.POSITIVE_INFINITY], 'x=1'],
  },
  maxIter: { calls: [(v) => minimize(f, any({ start: Float64Array.of(1), maxIterations: v }))] },
  tol: {
    calls: [(v) => minimize(f, any({ start: Float64Array.of(1), tol: v })), (v) => fitWith({ tol: v })()],
  },
  epochs: { calls: [(v) => fitWith({ epochs: v })()] },
  batchSize: { calls: [(v) => fitWith({ batchSize: v })()] },
  standardize: { calls: [(v) => fitWith({ standardize: v })()] },
  validation: { calls: [(v) => fitWith({ validation: v })()] },
  patience: { calls: [(v) => fitWith({ patience: v })()] },
  seed: { calls: [(v) => fitWith({ seed: v })()] },
  threads: { calls: [(v) => fitWith({ model: 'mlp:2', threads: v, epochs: 1 })()] },
  model: { calls: [(v) => fitWith({ model: v })()], also: ['bogus', 'mlp:0', 'poly:x', 'mlp:'] },
  formula: { calls: [(v) => fitWith({ formula: v })()], also: ['a*(', 'foo(x)', '', 'a*b', 'a*x + y'] },
  params: {
    calls: [(v) => fitWith({ formula: 'a*x + b', params: v })()],
    also: [{ zz: 1 }, { a: Number.NaN }, { x: 1 }, { a: '2' }, [1, 2]],
  },
  activation: { calls: [(v) => fitWith({ model: 'mlp:2', activation: v, epochs: 1 })()] },
  init: {
    calls: [(v) => fitWith({ model: 'mlp:2', init: v, epochs: 1 })()],
    also: ['weird', 'normal:-1', 'normal:'],
  },
  loss: { calls: [(v) => fitWith({ loss: v })()] },
  delta: { calls: [(v) => fitWith({ loss: 'huber', delta: v })()] },
  l2: { calls: [(v) => fitWith({ l2: v })()] },
  target: {
    calls: [(v) => parseCsvText(csv, any({ target: v })), (v) => loadData('@line', any({ target: v }))],
    also: ['nope'],
  },
  features: {
    calls: [
      (v) => parseCsvText(csv, any({ target: 'y', features: v })),
      (v) => loadData('@line', any({ features: v })),
    ],
    also: [['q'], 'x', [5], []],
  },
  memory: {
    none: 'read by the command line alone: `fit --memory` decides whether to stream a file; the library streams rows a window at a time (fitWindows) and takes no size',
  },
};

// Every optimizer setting goes through createMethod for an optimizer that takes it, and through fit's optimizerOptions.
for (const key of Object.keys(settingCatalog) as SettingKey[]) {
  const route = routes[key];
  const taker = takerOf(key);
  if (key === 'optimizer' || taker === undefined || 'none' in route || route.calls.length > 0) continue;
  (routes as Record<string, Route>)[key] = {
    ...route,
    calls: [
      (v) => createMethod(taker, any({ [key]: v })),
      (v) => fitWith({ optimizer: taker, optimizerOptions: { [key]: v }, epochs: 1 })(),
    ],
  };
}

/** The error a call throws for a value, sync or async; null when it accepts it. */
async function refusal(call: (value: unknown) => unknown, value: unknown): Promise<unknown> {
  try {
    await call(value);
  } catch (error) {
    return error;
  }
  return null;
}

const show = (value: unknown): string =>
  value instanceof Float64Array ? `Float64Array [${[...value]}]` : (JSON.stringify(value) ?? String(value));

describe('a bad value of every setting', () => {
  it('covers every key of settingCatalog, each with a library call or the reason it has none', () => {
    const keys = Object.keys(settingCatalog) as SettingKey[];
    expect(Object.keys(routes).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      const route = routes[key];
      if ('none' in route) expect(route.none.length).toBeGreaterThan(20);
      else expect(route.calls.length, key).toBeGreaterThan(0);
    }
  });

  for (const key of Object.keys(settingCatalog) as SettingKey[]) {
    const route = routes[key];
    if ('none' in route) continue;
    it(`${key}: an InputError with key '${key}' and no --flag words, from every call that takes it`, async () => {
      const values = [...badValues(settingCatalog[key]), ...(route.also ?? [])];
      const wrong: string[] = [];
      for (const [c, call] of route.calls.entries()) {
        for (const value of values) {
          const error = await refusal(call, value);
          const where = `call ${c + 1} with ${show(value)}`;
          if (error === null) wrong.push(`${where}: accepted`);
          else if (!(error instanceof InputError)) wrong.push(`${where}: ${String(error)}`);
          else if (error.key !== key) wrong.push(`${where}: key ${error.key} (${error.message})`);
          else if (error.message.includes('--')) wrong.push(`${where}: says ${error.message}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }
});
