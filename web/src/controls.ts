// The page's controls: labelled fields, the expression box, learning rates (typed and log slider), the run list, playback.

import { runColor } from '../../src/index.js';
import { type Control, type OptimizerEntry, optimizerEntry, optimizers } from './catalog.js';
import { h, num, replace, uid } from './dom.js';
import type { ModeContext } from './modes/mode.js';
import { type RunSpec, speeds } from './state.js';

/** A labelled control wrapped so that `hide=NAME` can hide it. */
export function field(
  name: string,
  label: string,
  input: HTMLElement,
  ...extra: (HTMLElement | null)[]
): HTMLElement {
  const id = input.id || uid(name);
  input.id = id;
  return h('div', { class: 'field', 'data-control': name }, h('label', { for: id }, label), input, ...extra);
}

/** An error line under an input, announced politely; the input points at it. */
export function errorLine(
  input: HTMLElement,
  testid?: string,
): { node: HTMLElement; show(message: string | null): void } {
  const id = uid('error');
  const node = h('p', { class: 'error', id, role: 'status', 'data-testid': testid, hidden: true });
  input.setAttribute('aria-describedby', id);
  return {
    node,
    show(message) {
      node.textContent = message ?? '';
      node.hidden = message === null;
      if (message === null) input.removeAttribute('aria-invalid');
      else input.setAttribute('aria-invalid', 'true');
    },
  };
}

/** A log-scale slider between 10^lo and 10^hi, 40 stops a decade, bound to a number input. */
export function logSlider(
  label: string,
  value: number,
  lo: number,
  hi: number,
  onInput: (v: number) => void,
): HTMLInputElement {
  const stops = 40;
  const slider = h('input', {
    type: 'range',
    min: lo * stops,
    max: hi * stops,
    step: 1,
    value: Math.round(Math.log10(value) * stops),
    'aria-label': label,
    class: 'log-slider',
  });
  slider.addEventListener('input', () =>
    onInput(Number((10 ** (Number(slider.value) / stops)).toPrecision(3))),
  );
  return slider;
}

/** Reads a number a person typed: the value, or the words that say what is wrong with it. */
export function readNumber(
  text: string,
  control: Pick<Control, 'label' | 'min' | 'max' | 'minExclusive' | 'maxExclusive' | 'kind'>,
): { ok: true; value: number } | { ok: false; message: string } {
  const t = text.trim();
  const v = t === '' ? Number.NaN : Number(t);
  if (!Number.isFinite(v))
    return { ok: false, message: `The ${control.label} must be a number, not "${text}".` };
  if (control.kind === 'integer' && !Number.isInteger(v))
    return { ok: false, message: `The ${control.label} must be a whole number.` };
  if (control.min !== undefined && (control.minExclusive ? v <= control.min : v < control.min))
    return {
      ok: false,
      message: `The ${control.label} must be ${control.minExclusive ? 'above' : 'at least'} ${control.min}.`,
    };
  if (control.max !== undefined && (control.maxExclusive ? v >= control.max : v > control.max))
    return {
      ok: false,
      message: `The ${control.label} must be ${control.maxExclusive ? 'below' : 'at most'} ${control.max}.`,
    };
  return { ok: true, value: v };
}

// Slider ends for a log-scale setting: its range from the catalog, clipped to something a hand can use.
function logEnds(control: Control): [number, number] {
  const lo = control.min !== undefined && control.min > 0 ? Math.log10(control.min) : -5;
  const hi = control.max !== undefined && Number.isFinite(control.max) ? Math.log10(control.max) : 1;
  return [Math.max(-6, Math.floor(lo)), Math.min(3, Math.ceil(hi))];
}

/**
 * One setting of one run: a typed number and, for log-scale settings, a slider; an error line under
 * it in the control's own words. `onChange` hears only valid values. A setting with no value and no
 * default (clip value, clip norm) is off: its field is empty, says "off", and emptying it turns it off.
 */
export function settingInput(
  control: Control,
  value: number | null,
  onChange: (v: number | null) => void,
  options: { testid?: string; run: number; onInvalid?: () => void } = { run: 1 },
): HTMLElement {
  const input = h('input', {
    type: 'text',
    inputmode: 'decimal',
    value: value === null ? '' : String(value),
    placeholder: value === null ? 'off' : undefined,
    class: 'number',
    'data-testid': options.testid,
    'data-setting': control.key,
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const optional = value === null;
  const error = errorLine(input);
  const label = `${control.label} of run ${options.run}`;
  const slider =
    control.scale === 'log' && value !== null
      ? logSlider(`${label} (log scale)`, value, ...logEnds(control), (v) => {
          input.value = String(v);
          error.show(null);
          onChange(v);
        })
      : null;
  input.addEventListener('change', () => {
    if (optional && input.value.trim() === '') {
      error.show(null);
      onChange(null);
      return;
    }
    const read = readNumber(input.value, control);
    if (!read.ok) {
      error.show(optional ? `${read.message} Leave it empty for off.` : read.message);
      options.onInvalid?.();
      return;
    }
    error.show(null);
    if (slider) slider.value = String(Math.round(Math.log10(read.value) * 40));
    onChange(read.value);
  });
  const id = uid('setting');
  input.id = id;
  return h(
    'div',
    { class: 'setting', 'data-control': control.key === 'learningRate' ? 'lr' : 'optimizers' },
    h('label', { for: id, 'data-run': options.run }, control.label),
    h('div', { class: 'setting-inputs' }, input, slider),
    error.node,
  );
}

// Settings that wrap any first-order rule or guard its arithmetic: most races leave them alone.
const rarelyChanged = new Set(['weightDecay', 'clipValue', 'clipNorm', 'eps', 'lrDecay', 'momentumDecay']);

/** The value a run uses for a setting: its own, else the optimizer's default. */
export function settingValue(run: RunSpec, entry: OptimizerEntry, key: string): number | null {
  if (key === 'learningRate') return run.lr ?? (entry.defaults.learningRate as number | undefined) ?? null;
  const own = run.settings[key];
  if (own !== undefined) return own;
  const d = entry.defaults[key];
  return typeof d === 'number' ? d : null;
}

/**
 * The list of racing runs: each row an optimizer picker and its settings from the catalog, with a
 * colour swatch matching its path; rows can be added and removed. `onInvalid` hears a setting
 * typed that cannot be used (waitsOnSetting then names it).
 */
export function runsEditor(
  runs: RunSpec[],
  onChange: (runs: RunSpec[]) => void,
  options: { max?: number; fixedOptimizer?: boolean; onInvalid?: () => void } = {},
): HTMLElement {
  const list = h('ol', { class: 'runs' });
  const add = h('button', { type: 'button', class: 'secondary' }, '+ add a run');
  const root = h('div', { class: 'runs-editor', 'data-control': 'optimizers' }, list, add);
  const render = (): void => {
    replace(list, ...runs.map((run, i) => runRow(run, i)));
    add.hidden = runs.length >= (options.max ?? 8);
  };
  const runRow = (run: RunSpec, i: number): HTMLElement => {
    const entry = optimizerEntry(run.optimizer)!;
    const select = h(
      'select',
      { 'aria-label': `optimizer of run ${i + 1}`, 'data-testid': `optimizer-${i + 1}` },
      ...optimizers.map((o) => h('option', { value: o.name, selected: o.name === run.optimizer }, o.name)),
    );
    select.disabled = options.fixedOptimizer === true && i > 0;
    select.addEventListener('change', () => {
      const next = optimizerEntry(select.value)!;
      runs[i] = { optimizer: next.name, lr: next.usesLearningRate ? (run.lr ?? null) : null, settings: {} };
      onChange(runs);
      render();
    });
    const input = (control: Control): HTMLElement =>
      settingInput(
        control,
        settingValue(run, entry, control.key),
        (v) => {
          if (control.key === 'learningRate') run.lr = v;
          else if (v === null) delete run.settings[control.key];
          else run.settings[control.key] = v;
          onChange(runs);
        },
        {
          run: i + 1,
          ...(i === 0 && control.key === 'learningRate' && { testid: 'lr-input' }),
          ...(options.onInvalid && { onInvalid: options.onInvalid }),
        },
      );
    const main = entry.settings.filter((c) => !rarelyChanged.has(c.key));
    const more = entry.settings.filter((c) => rarelyChanged.has(c.key));
    // Folded away unless this run already sets one of them, so a race of five fits on a screen.
    const moreBox =
      more.length === 0
        ? null
        : h(
            'details',
            { class: 'more-settings', open: more.some((c) => run.settings[c.key] !== undefined) },
            h('summary', {}, `more: ${more.map((c) => c.label).join(', ')}`),
            ...more.map(input),
          );
    const settings = [...main.map(input), moreBox];
    const remove = h('button', { type: 'button', class: 'icon', 'aria-label': `remove run ${i + 1}` }, '×');
    remove.disabled = runs.length <= 1;
    remove.addEventListener('click', () => {
      runs.splice(i, 1);
      onChange(runs);
      render();
    });
    const note = entry.usesLearningRate
      ? null
      : h('p', { class: 'hint' }, `${entry.name} sizes its steps by a line search.`);
    return h(
      'li',
      { class: 'run' },
      h(
        'div',
        { class: 'run-head' },
        h('span', { class: 'swatch', style: `background:${runColor(i)}`, 'aria-hidden': 'true' }),
        select,
        remove,
      ),
      h('div', { class: 'run-settings' }, ...settings, note),
    );
  };
  add.addEventListener('click', () => {
    const last = runs[runs.length - 1];
    const used = new Set(runs.map((r) => r.optimizer));
    const next = options.fixedOptimizer
      ? last?.optimizer
      : (optimizers.find((o) => !used.has(o.name))?.name ?? 'gd');
    const entry = optimizerEntry(next ?? 'gd')!;
    runs.push({
      optimizer: entry.name,
      lr: entry.usesLearningRate ? (last?.lr ?? 0.01) : null,
      settings: {},
    });
    onChange(runs);
    render();
  });
  render();
  return root;
}

/**
 * Whether a runs editor holds a setting whose field has a value that cannot be used; if so the mode
 * waits on it, saying which ("waiting for an epsilon of run 2 that can be used"), and does not run.
 */
export function waitsOnSetting(editor: ParentNode, context: Pick<ModeContext, 'setStatus'>): boolean {
  const unusable = unusableSetting(editor);
  if (unusable !== null) context.setStatus(unusable, 'waiting');
  return unusable !== null;
}

/** The status naming a setting of a runs editor that cannot be used, or null: the runs then are as shown. */
function unusableSetting(editor: ParentNode): string | null {
  const input = editor.querySelector<HTMLInputElement>('.setting input[aria-invalid="true"]');
  const label = input === null ? null : editor.querySelector(`label[for="${input.id}"]`);
  if (label === null) return null;
  const words = label.textContent ?? '';
  const article = /^[aeiou]/i.test(words) ? 'an' : 'a';
  return `waiting for ${article} ${words} of run ${label.getAttribute('data-run')} that can be used`;
}

/** A run's name in legends and statuses: `gd lr 0.01`. */
export const runName = (run: RunSpec): string =>
  `${run.optimizer}${run.lr === null ? '' : ` lr ${num(run.lr, 6)}`}`;

export interface Playback {
  readonly node: HTMLElement;
  /** A new path of `steps` steps: back to the end (the whole path shown) or the start. */
  load(steps: number, from?: 'start' | 'end'): void;
  readonly step: number;
  play(): void;
  pause(): void;
}

/**
 * Play, pause, step, reset, speed and a scrub slider; `onStep(k, live)` redraws at step k, `live`
 * while playing with more frames to come (so slow panels may skip it), false for the frame that
 * stays on screen. Speed is iterations per animation frame (log-spaced presets, `speeds`): below 1
 * a step lasts several frames, slow enough to follow each bounce of a rate that is too large.
 */
export function playback(
  onStep: (k: number, live: boolean) => void,
  speed: number,
  onSpeed: (v: number) => void,
): Playback {
  let steps = 0;
  let k = 0;
  let timer: number | null = null;
  let rate = speed;
  // Where the playback is between two steps, at a speed below one step a frame.
  let position = 0;
  const play = h('button', { type: 'button', 'data-testid': 'play-button', 'aria-pressed': 'false' }, 'Play');
  const stepButton = h('button', { type: 'button', 'data-testid': 'step-button' }, 'Step');
  const reset = h('button', { type: 'button', 'data-testid': 'reset-button' }, 'Reset');
  const speedSelect = h(
    'select',
    { 'aria-label': 'speed: steps per frame', 'data-testid': 'speed' },
    ...speeds.map((v) => h('option', { value: v, selected: v === rate }, `${v}×`)),
  );
  const scrub = h('input', {
    type: 'range',
    min: 0,
    max: 0,
    value: 0,
    step: 1,
    'aria-label': 'step shown',
    'data-testid': 'scrub',
  });
  // Text nodes written in place: a playing frame changes characters, not elements.
  const shown = document.createTextNode('0');
  const total = document.createTextNode('0');
  const counter = h('output', { class: 'counter', 'aria-live': 'off' }, 'step ', shown, ' / ', total);
  const show = (next: number, live = false): void => {
    k = Math.max(0, Math.min(steps, next));
    scrub.value = String(k);
    shown.data = String(k);
    onStep(k, live);
  };
  const stop = (): void => {
    if (timer !== null) cancelAnimationFrame(timer);
    timer = null;
    play.textContent = 'Play';
    play.setAttribute('aria-pressed', 'false');
  };
  const tick = (): void => {
    position = Math.min(steps, position + rate);
    const next = Math.floor(position);
    if (next !== k) show(next, next < steps);
    if (next < steps) timer = requestAnimationFrame(tick);
    else stop();
  };
  const start = (): void => {
    if (k >= steps) show(0);
    position = k;
    play.textContent = 'Pause';
    play.setAttribute('aria-pressed', 'true');
    timer = requestAnimationFrame(tick);
  };
  play.addEventListener('click', () => {
    if (timer === null) start();
    else {
      stop();
      onStep(k, false);
    }
  });
  stepButton.addEventListener('click', () => {
    stop();
    show(k + 1);
  });
  reset.addEventListener('click', () => {
    stop();
    show(0);
  });
  speedSelect.addEventListener('change', () => {
    rate = Number(speedSelect.value);
    onSpeed(rate);
  });
  scrub.addEventListener('input', () => {
    stop();
    show(Number(scrub.value));
  });
  const node = h(
    'div',
    { class: 'playback', 'data-control': 'playback', role: 'group', 'aria-label': 'playback' },
    play,
    stepButton,
    reset,
    speedSelect,
    scrub,
    counter,
  );
  return {
    node,
    load(n, from = 'end') {
      stop();
      steps = n;
      scrub.max = String(n);
      total.data = String(n);
      show(from === 'end' ? n : 0);
    },
    get step() {
      return k;
    },
    play: start,
    pause: stop,
  };
}
