// The page's state as one typed, versioned record, read from and written to the URL query (CONTRACT keys).

import { optimizerEntry } from './catalog.js';
import { tourIds } from './tours/list.js';

/** The playback's speeds, in steps a frame (a frame is 1/60 s): 0.1× is six steps a second. */
export const speeds: readonly number[] = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100];

export const stateVersion = 1;

export const modeIds = ['1d', '2d', 'fit', 'nn', 'direction'] as const;
export type ModeId = (typeof modeIds)[number];

/** One racing run: an optimizer, its learning rate (null for those without one) and its other settings. */
export interface RunSpec {
  optimizer: string;
  lr: number | null;
  settings: Record<string, number>;
}

/** Everything a link reproduces. Null means "the mode's default". */
export interface PageState {
  mode: ModeId;
  f: string | null;
  runs: RunSpec[] | null;
  start: string | null;
  domain: string | null;
  iter: number | null;
  tol: number | null;
  /** direction mode: the point θ and the angle β shown. */
  at: string | null;
  angle: number | null;
  /** fit mode: the model (`linear`, `poly:D`, `formula`), the points, the epochs. */
  model: string | null;
  /** fit mode: a formula model's formula and its parameters' starts (`a=2,b=0.5`). */
  formula: string | null;
  params: string | null;
  points: [number, number][] | null;
  epochs: number | null;
  speed: number | null;
  hide: string[];
  /** nn mode: its own keys (nnKeys) as typed in the link; the mode checks them and notes what it ignores. */
  nn: Partial<Record<NnKey, string>>;
  /** Issue 10's keys, kept so that a link with them survives a round trip. */
  tour: string | null;
  step: number | null;
}

export const emptyState = (mode: ModeId = '1d'): PageState => ({
  mode,
  f: null,
  runs: null,
  start: null,
  domain: null,
  iter: null,
  tol: null,
  at: null,
  angle: null,
  model: null,
  formula: null,
  params: null,
  points: null,
  epochs: null,
  speed: null,
  hide: [],
  nn: {},
  tour: null,
  step: null,
});

/** The nn mode's URL keys: the data set, its seed, the hidden layers, activation, init, batch size, placed points. */
export const nnKeys = ['data', 'seed', 'layers', 'act', 'init', 'batch', 'cpts'] as const;
export type NnKey = (typeof nnKeys)[number];

/** Names of the controls a teacher may hide with `hide=`. */
export const hideable = [
  'modes',
  'expr',
  'presets',
  'optimizers',
  'lr',
  'start',
  'domain',
  'iterations',
  'playback',
  'fair-race',
  'surface',
  'verdict',
  'export',
  'share',
  'data',
  'model',
  'health',
] as const;

const known = new Set([
  'v',
  'mode',
  'f',
  'opt',
  'lr',
  'start',
  'domain',
  'iter',
  'tol',
  'at',
  'angle',
  'model',
  'formula',
  'params',
  'pts',
  'epochs',
  'speed',
  'hide',
  'tour',
  'step',
  'hp',
  ...nnKeys,
]);

/** A value as a note quotes it: in quotes, cut to 60 characters. */
export const quote = (text: string): string =>
  JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}…` : text);

function finiteNumber(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

/**
 * Reads a query string into a state; every value that is unknown or malformed is left at its default
 * and explained in `notes` (never fatal). Checks here are those that need no expression: the mode, the
 * optimizer names, numbers and ranges; the start is checked against the function by the mode.
 *
 * @example
 * readState('?mode=2d&opt=gd,adam&lr=0.01,0.02').state.runs; // [{ optimizer: 'gd', lr: 0.01, … }, { optimizer: 'adam', lr: 0.02, … }]
 */
export function readState(search: string): { state: PageState; notes: string[] } {
  const params = new URLSearchParams(search);
  const notes: string[] = [];
  const state = emptyState();
  const version = params.get('v');
  if (version !== null && version !== String(stateVersion)) {
    const v = finiteNumber(version);
    notes.push(
      v !== null && v > stateVersion
        ? `This link was made by a newer playground (version ${version}); it is read as version ${stateVersion}.`
        : `Link version ${quote(version)} is unknown; it is read as version ${stateVersion}.`,
    );
  }
  for (const key of new Set(params.keys())) {
    if (!known.has(key)) notes.push(`Ignored ${quote(key)}: not a setting this page knows.`);
  }

  const mode = params.get('mode');
  if (mode !== null) {
    if ((modeIds as readonly string[]).includes(mode)) state.mode = mode as ModeId;
    else notes.push(`Ignored mode ${quote(mode)}: the modes are ${modeIds.join(', ')}.`);
  }

  const f = params.get('f');
  if (f !== null) {
    if (f.trim() === '') notes.push('Ignored an empty function (f).');
    else if (f.length > 2000) notes.push('Ignored the function (f): longer than 2000 characters.');
    else state.f = f;
  }

  state.runs = readRuns(params, notes);

  for (const key of ['start', 'domain', 'at'] as const) {
    const text = params.get(key);
    if (text === null) continue;
    if (text.length > 500) notes.push(`Ignored ${key}: longer than 500 characters.`);
    else state[key] = text;
  }

  const integer = (key: string, min: number, max: number): number | null => {
    const text = params.get(key);
    if (text === null) return null;
    const v = finiteNumber(text);
    if (v === null || !Number.isInteger(v) || v < min || v > max) {
      notes.push(`Ignored ${key}=${quote(text)}: expected a whole number from ${min} to ${max}.`);
      return null;
    }
    return v;
  };
  state.iter = integer('iter', 0, 100000);
  state.epochs = integer('epochs', 0, 100000);
  state.step = integer('step', 1, 1000);
  const speedText = params.get('speed');
  if (speedText !== null) {
    const v = finiteNumber(speedText);
    if (v !== null && speeds.includes(v)) state.speed = v;
    else notes.push(`Ignored speed=${quote(speedText)}: expected one of ${speeds.join(', ')}.`);
  }

  const tol = params.get('tol');
  if (tol !== null) {
    const v = finiteNumber(tol);
    if (v === null || v < 0) notes.push(`Ignored tol=${quote(tol)}: expected a number ≥ 0.`);
    else state.tol = v;
  }
  const angle = params.get('angle');
  if (angle !== null) {
    const v = finiteNumber(angle);
    if (v === null) notes.push(`Ignored angle=${quote(angle)}: expected degrees.`);
    else state.angle = ((Math.round(v) % 360) + 360) % 360;
  }

  const model = params.get('model');
  if (model !== null) {
    if (model === 'linear' || model === 'formula' || /^poly:[1-9]$/.test(model)) state.model = model;
    else
      notes.push(
        `Ignored model=${quote(model)}: the models here are linear, poly:D (D from 1 to 9) and formula.`,
      );
  }
  // The formula and its starts are checked against the data by the fit mode.
  for (const key of ['formula', 'params'] as const) {
    const text = params.get(key);
    if (text === null) continue;
    if (text.length > 500) notes.push(`Ignored ${key}: longer than 500 characters.`);
    else state[key] = text;
  }

  const pts = params.get('pts');
  if (pts !== null) {
    const points: [number, number][] = [];
    let bad = 0;
    for (const pair of pts.split(',')) {
      const [a, b, extra] = pair.split(':');
      const x = a === undefined ? null : finiteNumber(a);
      const y = b === undefined ? null : finiteNumber(b);
      if (x === null || y === null || extra !== undefined) bad++;
      else points.push([x, y]);
    }
    if (bad > 0) notes.push(`Ignored ${bad} malformed point${bad === 1 ? '' : 's'} in pts (each is x:y).`);
    if (points.length > 0) state.points = points.slice(0, 2000);
  }

  for (const key of nnKeys) {
    const text = params.get(key);
    if (text === null) continue;
    if (text.length > 20000) notes.push(`Ignored ${key}: longer than 20000 characters.`);
    else state.nn[key] = text;
  }

  const hide = params.get('hide');
  if (hide !== null) {
    for (const name of hide.split(',').filter((n) => n !== '')) {
      if ((hideable as readonly string[]).includes(name)) state.hide.push(name);
      else
        notes.push(
          `Ignored hide=${quote(name)}: the controls that can be hidden are ${hideable.join(', ')}.`,
        );
    }
  }

  const tour = params.get('tour');
  if (tour !== null) {
    if (tourIds.includes(tour)) state.tour = tour;
    else notes.push(`Ignored tour=${quote(tour)}: the tours are ${tourIds.join(', ')}.`);
  }
  if (state.step !== null && state.tour === null) {
    notes.push(`Ignored step=${state.step}: a step belongs to a tour (add tour=${tourIds[0]}).`);
    state.step = null;
  }
  return { state, notes };
}

function readRuns(params: URLSearchParams, notes: string[]): RunSpec[] | null {
  const optText = params.get('opt');
  const lrText = params.get('lr');
  const hpText = params.get('hp');
  if (optText === null && lrText === null) {
    if (hpText !== null) notes.push('Ignored hp: it needs opt or lr to say which runs it sets.');
    return null;
  }
  // Names and rates keep their places, so that a bad entry costs only itself: opt=foo,adam&lr=abc,0.1
  // drops foo's run (and abc with it) and keeps adam at 0.1; an empty entry (opt=adam,,gd) is a place too.
  const given = optText === null ? [] : optText.split(',');
  const blank = given.flatMap((n, i) => (n.trim() === '' ? [i + 1] : []));
  const unknown = given.filter((n) => n.trim() !== '' && optimizerEntry(n) === undefined);
  if (unknown.length > 0) {
    notes.push(
      `Ignored optimizer${unknown.length === 1 ? '' : 's'} ${unknown.map(quote).join(', ')}: not in the catalog.`,
    );
  }
  if (optText !== null && given.every((n) => optimizerEntry(n) === undefined)) {
    if (blank.length === given.length)
      notes.push('Ignored an empty opt: it names no optimizer, so the mode runs its own.');
    return null;
  }
  if (blank.length > 0) {
    notes.push(
      `Ignored the empty entr${blank.length === 1 ? 'y' : 'ies'} ${blank.join(', ')} of opt: no optimizer named there, so no run; the others keep their places.`,
    );
  }
  let rates: (number | null)[] | null = null;
  if (lrText !== null) {
    // '-' is the page's own mark for a run that takes no rate; an empty entry is a slip in the link.
    const empty: number[] = [];
    let refused = 0;
    rates = lrText.split(',').map((t, i) => {
      if (t.trim() === '-') return null;
      if (t.trim() === '') {
        empty.push(i + 1);
        return null;
      }
      const v = finiteNumber(t);
      if (v === null || v <= 0) {
        notes.push(`Ignored lr=${quote(t)}: a learning rate is a number above 0.`);
        refused++;
        return null;
      }
      return v;
    });
    if (empty.length > 0) {
      notes.push(
        `Ignored the empty entr${empty.length === 1 ? 'y' : 'ies'} ${empty.join(', ')} of lr: ${empty.length === 1 ? 'that run takes its' : 'those runs take their'} optimizer's default rate.`,
      );
    }
    // A link whose every rate is unusable and that names no optimizer says nothing the mode can use.
    if (optText === null && rates.every((r) => r === null) && (refused > 0 || empty.length > 0)) return null;
  }
  const names = optText === null ? ['gd'] : given;
  // One optimizer races every rate, one rate goes to every optimizer; lists of both pair up by position.
  const pairs: [string, number | null][] =
    names.length === 1
      ? (rates ?? [null]).map((lr) => [names[0]!, lr])
      : rates === null || rates.length === 1
        ? names.map((name) => [name, rates?.[0] ?? null])
        : names.slice(0, rates.length).map((name, i) => [name, rates[i]!]);
  const usable = pairs.filter(([name]) => optimizerEntry(name) !== undefined);
  if (names.length > 1 && rates !== null && rates.length > 1 && rates.length !== names.length) {
    notes.push(
      `opt has ${names.length} optimizers and lr ${rates.length} rates: they pair up by position, so ${usable.length} ${usable.length === 1 ? 'run is' : 'runs are'} kept.`,
    );
  }
  if (usable.length > 12) notes.push(`Only the first 12 of ${usable.length} runs are kept.`);
  const runs: RunSpec[] = [];
  // hp's run numbers are places in the link's lists, as the rates' are: a dropped run keeps its number.
  const places: (RunSpec | undefined)[] = [];
  for (const [optimizer, lr] of pairs) {
    const entry = optimizerEntry(optimizer);
    if (entry === undefined || runs.length === 12) {
      places.push(undefined);
      continue;
    }
    if (lr !== null && !entry.usesLearningRate) {
      notes.push(
        `Ignored the learning rate of run ${runs.length + 1}: ${optimizer} takes none (it line-searches).`,
      );
    }
    const run: RunSpec = { optimizer, lr: entry.usesLearningRate ? lr : null, settings: {} };
    runs.push(run);
    places.push(run);
  }
  if (hpText !== null) {
    for (const part of hpText.split(',').filter((p) => p !== '')) {
      const match = /^(\d+)\.([A-Za-z][A-Za-z0-9]*):(.+)$/.exec(part);
      const run = match ? places[Number(match[1]) - 1] : undefined;
      const value = match ? finiteNumber(match[3]!) : null;
      const key = match?.[2];
      const entry = run ? optimizerEntry(run.optimizer) : undefined;
      const takes = key !== undefined && entry?.settings.some((c) => c.key === key && key !== 'learningRate');
      if (!match || !run || value === null || !takes) {
        notes.push(
          `Ignored hp ${quote(part)}: expected RUN.SETTING:VALUE for a setting that run's optimizer takes.`,
        );
        continue;
      }
      run.settings[key!] = value;
    }
  }
  return runs;
}

// encodeURIComponent, with the separators the keys use left readable.
const encode = (text: string): string =>
  encodeURIComponent(text)
    .replace(/%2C/g, ',')
    .replace(/%3A/g, ':')
    .replace(/%3D/g, '=')
    .replace(/%2F/g, '/');

/**
 * The query string for a state: version first, then only what differs from the defaults.
 *
 * @example
 * writeState({ ...emptyState('2d'), f: 'x^2 + y^2' }); // '?v=1&mode=2d&f=x%5E2%20%2B%20y%5E2'
 */
export function writeState(state: PageState): string {
  const parts: [string, string][] = [
    ['v', String(stateVersion)],
    ['mode', state.mode],
  ];
  if (state.f !== null) parts.push(['f', state.f]);
  if (state.runs !== null && state.runs.length > 0) {
    parts.push(['opt', state.runs.map((r) => r.optimizer).join(',')]);
    if (state.runs.some((r) => r.lr !== null))
      parts.push(['lr', state.runs.map((r) => (r.lr === null ? '-' : String(r.lr))).join(',')]);
    const hp = state.runs.flatMap((r, i) => Object.entries(r.settings).map(([k, v]) => `${i + 1}.${k}:${v}`));
    if (hp.length > 0) parts.push(['hp', hp.join(',')]);
  }
  for (const key of ['start', 'domain', 'at'] as const) {
    const v = state[key];
    if (v !== null) parts.push([key, v]);
  }
  if (state.angle !== null) parts.push(['angle', String(state.angle)]);
  if (state.iter !== null) parts.push(['iter', String(state.iter)]);
  if (state.tol !== null) parts.push(['tol', String(state.tol)]);
  if (state.model !== null) parts.push(['model', state.model]);
  if (state.formula !== null) parts.push(['formula', state.formula]);
  if (state.params !== null) parts.push(['params', state.params]);
  if (state.points !== null) parts.push(['pts', state.points.map(([x, y]) => `${x}:${y}`).join(',')]);
  if (state.epochs !== null) parts.push(['epochs', String(state.epochs)]);
  if (state.speed !== null) parts.push(['speed', String(state.speed)]);
  for (const key of nnKeys) {
    const v = state.nn[key];
    if (v !== undefined) parts.push([key, v]);
  }
  if (state.hide.length > 0) parts.push(['hide', state.hide.join(',')]);
  if (state.tour !== null) parts.push(['tour', state.tour]);
  if (state.step !== null) parts.push(['step', String(state.step)]);
  return `?${parts.map(([k, v]) => `${k}=${encode(v)}`).join('&')}`;
}
