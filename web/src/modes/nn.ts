// The nn mode: a small network learning a 2-D classification set in a worker, its decision map, loss, accuracy and per-layer gradient health.
//
// Links that open each preset (for tours and teachers; each trains on opening):
//   xor, a small tanh net:        ?mode=nn&data=xor&layers=8&act=tanh&opt=adam&lr=0.03&epochs=300
//   spiral, two tanh layers:      ?mode=nn&data=spiral&layers=16,16&act=tanh&opt=adam&lr=0.03&epochs=300
//   deep sigmoid, vanishing:      ?mode=nn&data=circle&layers=8,8,8,8,8,8,8,8,8,8&act=sigmoid&opt=gd&lr=0.01&epochs=300
//   huge initialization, exploding: ?mode=nn&data=circle&layers=16,16,16,16&act=relu&init=normal:3&opt=gd&lr=0.0001&epochs=100

import { flagFor } from '../../../src/cli/flag-names.js';
import {
  type Dataset,
  datasetGenerators,
  decisionMapFigure,
  type FitSettings,
  type GradientAdvice,
  generateDataset,
  gradientAdvice,
  parseCsvText,
  settingCatalog,
} from '../../../src/index.js';
import { optimizerEntry } from '../catalog.js';
import { shellWord } from '../commands.js';
import { errorLine, field, runName, runsEditor, waitsOnSetting } from '../controls.js';
import { h, num, replace } from '../dom.js';
import type { NnGrid, NnReply, NnRequest, NnSnapshot } from '../nn-jobs.js';
import { LineChart, rangeOf } from '../plots/curve.js';
import { classColor, classMark, DecisionMap } from '../plots/heatmap.js';
import type { NnKey, RunSpec } from '../state.js';
import type { ModeDefinition, ModeView } from './mode.js';

interface Preset {
  id: string;
  label: string;
  hint: string;
  data: string;
  layers: string;
  act: string;
  init: string | null;
  run: RunSpec;
  epochs: number;
}

const presets: readonly Preset[] = [
  {
    id: 'xor',
    label: 'xor: one tanh layer',
    hint: 'eight tanh units learn the four quadrants',
    data: 'xor',
    layers: '8',
    act: 'tanh',
    init: null,
    run: { optimizer: 'adam', lr: 0.03, settings: {} },
    epochs: 300,
  },
  {
    id: 'spiral',
    label: 'spiral: two tanh layers',
    hint: 'two layers of sixteen untangle the arms',
    data: 'spiral',
    layers: '16,16',
    act: 'tanh',
    init: null,
    run: { optimizer: 'adam', lr: 0.03, settings: {} },
    epochs: 300,
  },
  {
    id: 'vanishing',
    label: 'Deep sigmoid net: vanishing gradients',
    hint: 'ten sigmoid layers: the first ones stop learning',
    data: 'circle',
    layers: '8,8,8,8,8,8,8,8,8,8',
    act: 'sigmoid',
    init: null,
    run: { optimizer: 'gd', lr: 0.01, settings: {} },
    epochs: 300,
  },
  {
    id: 'exploding',
    label: 'Huge initialization: exploding gradients',
    hint: 'weights drawn with standard deviation 3 blow the gradient up',
    data: 'circle',
    layers: '16,16,16,16',
    act: 'relu',
    init: 'normal:3',
    run: { optimizer: 'gd', lr: 0.0001, settings: {} },
    epochs: 100,
  },
];

const generators = datasetGenerators.filter((g) => g.classes !== null && g.featureNames.length === 2);
const activations = (settingCatalog.activation as { choices?: readonly string[] }).choices ?? ['relu'];
// Four classes at most for placed points, one palette slot (colour and shape) each.
const pointClasses = ['c1', 'c2', 'c3', 'c4'] as const;
const classWords = ['blue circles', 'orange squares', 'green diamonds', 'pink triangles'];
const maxWidth = 64;
const maxLayers = 12;
const gridSize = 64;
const maxEpochs = 100000;
const maxLossPoints = 600;
// Milliseconds between two drawings while the worker trains.
const drawEvery = 100;
const placedWindow: [number, number] = [-6, 6];

const quote = (text: string): string => JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}…` : text);

/** Reads `x:y:c` triples (c = 1…4) as placed points; malformed ones are counted. */
function readPoints(text: string): { points: [number, number, number][]; bad: number } {
  const points: [number, number, number][] = [];
  let bad = 0;
  for (const part of text.split(',').filter((p) => p !== '')) {
    const [a, b, c, extra] = part.split(':');
    const x = Number(a);
    const y = Number(b);
    const k = Number(c);
    if (
      extra !== undefined ||
      !Number.isFinite(x) ||
      !Number.isFinite(y) ||
      !Number.isInteger(k) ||
      k < 1 ||
      k > 4 ||
      a === '' ||
      b === ''
    )
      bad++;
    else points.push([x, y, k - 1]);
  }
  return { points: points.slice(0, 2000), bad };
}

const pointsCsv = (points: readonly [number, number, number][]): string =>
  `x1,x2,label\n${points.map(([x, y, c]) => `${x},${y},${pointClasses[c]}`).join('\n')}\n`;

export const nnMode: ModeDefinition = {
  id: 'nn',
  create(context): ModeView {
    const { state } = context;
    const nn = state.nn;

    // The link's own keys, checked here: anything unusable is noted and left at its default.
    const drop = (key: NnKey, why: string): void => {
      context.note(`Ignored ${key}=${quote(nn[key]!)}: ${why}.`);
      delete nn[key];
    };
    const dataNames = [...generators.map((g) => g.name), 'points'];
    if (nn.data === 'csv') {
      context.note(
        'This link was made with an uploaded CSV, which a link cannot carry: upload the file again.',
      );
      delete nn.data;
    } else if (nn.data !== undefined && !dataNames.includes(nn.data))
      drop('data', `the data sets are ${dataNames.join(', ')}`);
    if (nn.seed !== undefined && !/^\d{1,9}$/.test(nn.seed)) drop('seed', 'expected a whole number ≥ 0');
    if (nn.layers !== undefined) {
      const widths = /^\d+(,\d+)*$/.test(nn.layers) ? nn.layers.split(',').map(Number) : [];
      if (widths.length === 0 || widths.length > maxLayers || widths.some((w) => w < 1 || w > maxWidth))
        drop('layers', `expected 1 to ${maxLayers} hidden widths from 1 to ${maxWidth}, e.g. 8,8`);
    }
    if (nn.act !== undefined && !activations.includes(nn.act))
      drop('act', `the activations are ${activations.join(', ')}`);
    if (nn.init !== undefined) {
      const std = /^normal:(.+)$/.exec(nn.init)?.[1];
      const ok =
        nn.init === 'he' ||
        nn.init === 'xavier' ||
        (std !== undefined && Number(std) > 0 && Number(std) <= 100);
      if (!ok) drop('init', 'expected he, xavier or normal:STD with STD from above 0 to 100');
    }
    if (nn.batch !== undefined && !/^[1-9]\d{0,5}$/.test(nn.batch))
      drop('batch', 'expected a whole number of rows ≥ 1');
    let placed: [number, number, number][] = [];
    if (nn.cpts !== undefined) {
      const read = readPoints(nn.cpts);
      if (read.bad > 0)
        context.note(
          `Ignored ${read.bad} malformed point${read.bad === 1 ? '' : 's'} in cpts (each is x:y:class, class 1 to 4).`,
        );
      placed = read.points;
    }
    if (state.runs !== null && state.runs.length > 1) {
      context.note(`The neural net trains one optimizer at a time: ${runName(state.runs[0]!)} is kept.`);
    }
    if (state.epochs !== null && state.epochs < 1) {
      context.note('Ignored epochs=0: the network trains at least 1 epoch.');
      state.epochs = null;
    }
    const first = presets[0]!;
    nn.data ??= first.data;
    nn.layers ??= first.layers;
    nn.act ??= first.act;
    state.runs = (state.runs ?? [{ ...first.run }]).slice(0, 1);
    state.epochs ??= first.epochs;
    const runs = state.runs;

    let uploaded: { name: string; text: string } | null = null;

    // ——— controls ———
    const presetButtons = presets.map((p) =>
      h(
        'button',
        {
          type: 'button',
          class: p.id === 'vanishing' || p.id === 'exploding' ? 'secondary preset warn' : 'secondary preset',
          'data-testid': `preset-${p.id}`,
          title: p.hint,
        },
        p.label,
      ),
    );
    const dataSelect = h(
      'select',
      { 'data-testid': 'nn-dataset' },
      ...generators.map((g) => h('option', { value: g.name }, g.name)),
      h('option', { value: 'points' }, 'points you place'),
      h('option', { value: 'csv' }, 'a CSV you upload'),
    );
    const seedInput = h('input', {
      type: 'number',
      min: 0,
      step: 1,
      class: 'number',
      'data-testid': 'nn-seed',
      value: nn.seed ?? '0',
    });
    const seedError = errorLine(seedInput);
    const usableSeed = /^\d{1,9}$/;
    const classSelect = h(
      'select',
      { 'data-testid': 'nn-class' },
      ...pointClasses.map((_, i) => h('option', { value: i }, `class ${i + 1}: ${classWords[i]}`)),
    );
    const clearButton = h('button', { type: 'button', class: 'secondary small' }, 'Clear the points');
    const undoButton = h('button', { type: 'button', class: 'secondary small' }, 'Undo the last point');
    const pointsBox = h(
      'div',
      { class: 'sub' },
      field('data', 'class of the next point', classSelect),
      h(
        'p',
        { class: 'hint' },
        'Click the map to add a point of this class; shift-click adds one of the next class.',
      ),
      h('div', { class: 'button-row' }, undoButton, clearButton),
    );
    const upload = h('input', { type: 'file', accept: '.csv,text/csv', 'data-testid': 'csv-upload' });
    const csvError = errorLine(upload, 'csv-error');
    const uploadBox = h(
      'div',
      { class: 'sub' },
      field('data', 'CSV with two feature columns and a label column (the last)', upload, csvError.node),
    );
    const downloadButton = h(
      'button',
      { type: 'button', class: 'secondary small', 'data-testid': 'download-data' },
      'Download the data as CSV',
    );
    const layersInput = h('input', {
      type: 'text',
      class: 'number',
      'data-testid': 'nn-layers',
      value: nn.layers,
      spellcheck: 'false',
      autocomplete: 'off',
    });
    const layersError = errorLine(layersInput);
    const actSelect = h(
      'select',
      { 'data-testid': 'nn-activation' },
      ...activations.map((a) => h('option', { value: a, selected: a === nn.act }, a)),
    );
    const initSelect = h(
      'select',
      { 'data-testid': 'nn-init' },
      h('option', { value: '' }, 'default: he for relu, else xavier'),
      h('option', { value: 'he' }, 'he: √(2 / fan-in)'),
      h('option', { value: 'xavier' }, 'xavier: √(2 / (fan-in + fan-out))'),
      h('option', { value: 'normal' }, 'normal with the scale below'),
    );
    const scaleInput = h('input', {
      type: 'text',
      inputmode: 'decimal',
      class: 'number',
      'data-testid': 'nn-init-scale',
      value: '1',
    });
    const scaleError = errorLine(scaleInput);
    // In a box of its own: the shell shows every data-control node that a teacher has not hidden.
    const scaleField = h(
      'div',
      {},
      field('model', 'initialization scale (standard deviation)', scaleInput, scaleError.node),
    );
    const editorHolder = h('div');
    const epochsInput = h('input', {
      type: 'number',
      min: 1,
      max: maxEpochs,
      class: 'number',
      'data-testid': 'iter-input',
      value: state.epochs,
    });
    const epochsError = errorLine(epochsInput);
    const batchInput = h('input', {
      type: 'text',
      inputmode: 'numeric',
      class: 'number',
      'data-testid': 'nn-batch',
      placeholder: 'all rows',
      value: nn.batch ?? '',
    });
    const batchError = errorLine(batchInput);
    const trainButton = h(
      'button',
      { type: 'button', class: 'primary', 'data-testid': 'run-button' },
      'Train',
    );
    const stepButton = h('button', { type: 'button', 'data-testid': 'step-button' }, 'Step one epoch');
    const resetButton = h('button', { type: 'button', 'data-testid': 'reset-button' }, 'New network');

    context.controls.append(
      h(
        'fieldset',
        { class: 'group', 'data-control': 'presets' },
        h('legend', {}, 'try'),
        h('div', { class: 'preset-list' }, ...presetButtons),
      ),
      h(
        'fieldset',
        { class: 'group', 'data-control': 'data' },
        h('legend', {}, 'data'),
        field('data', 'data set', dataSelect),
        field('data', 'seed (the data and the first weights)', seedInput, seedError.node),
        pointsBox,
        uploadBox,
        downloadButton,
      ),
      h(
        'fieldset',
        { class: 'group', 'data-control': 'model' },
        h('legend', {}, 'network'),
        field('model', 'hidden layer widths, first first (e.g. 8,8)', layersInput, layersError.node),
        field('model', 'activation', actSelect),
        field('model', 'initialization', initSelect),
        scaleField,
        h(
          'p',
          { class: 'hint' },
          'The output layer has one unit per class; softmax and cross-entropy read it.',
        ),
      ),
      h(
        'fieldset',
        { class: 'group', 'data-control': 'optimizers' },
        h('legend', {}, 'optimizer'),
        editorHolder,
      ),
      field('iterations', 'epochs to train', epochsInput, epochsError.node),
      field('iterations', 'batch size (empty: every row)', batchInput, batchError.node),
      h('div', { class: 'actions' }, trainButton, stepButton, resetButton),
    );

    // ——— plots ———
    const mapHolder = h('div', { class: 'plot', 'data-testid': 'plot' });
    const legend = h('ul', { class: 'class-legend', 'aria-label': 'classes' });
    const readout = h(
      'p',
      { class: 'readout nn-readout', 'data-testid': 'nn-readout', 'aria-live': 'off' },
      'epoch 0',
    );
    const lossHolder = h('div', { class: 'plot' }, h('h2', {}, 'Cross-entropy loss by epoch (log scale)'));
    const healthList = h('ol', { class: 'health-list', 'data-testid': 'health' });
    const healthAdvice = h('p', { class: 'health-advice', 'data-testid': 'health-advice' });
    const healthStart = h('p', { class: 'hint', 'data-testid': 'health-start' });
    const healthBox = h(
      'section',
      { class: 'plot health', 'data-control': 'health', 'aria-label': 'gradient health by layer' },
      h('h2', {}, 'Gradient health by layer (norm of each layer’s gradient, log scale)'),
      healthList,
      healthAdvice,
      healthStart,
    );
    context.plots.append(
      h(
        'div',
        { class: 'pair nn-pair' },
        h('div', {}, mapHolder, legend, readout),
        h('div', {}, healthBox, lossHolder),
      ),
    );
    const map = new DecisionMap(mapHolder, {
      label:
        'decision map: the class the network predicts over the plane, paler where it is unsure, with the data',
      xLabel: 'x1',
      yLabel: 'x2',
    });
    const lossChart = new LineChart(lossHolder, {
      xLabel: 'epoch',
      yLabel: 'log₁₀ of the loss',
      label: 'training loss by epoch, log scale',
      aspect: 0.55,
      maxHeight: 260,
      minHeight: 180,
    });

    // ——— the run ———
    let data: Dataset | null = null;
    let bounds: { x: [number, number]; y: [number, number] } = { x: placedWindow, y: placedWindow };
    let losses: number[] = [];
    let last: NnSnapshot | null = null;
    let startHealth: GradientAdvice | null = null;
    let settings: FitSettings | null = null;
    let runId = 0;
    let pending: NnSnapshot | null = null;
    let frame: number | null = null;
    let training = false;
    let lastDraw = 0;

    const worker = new Worker(new URL('../nn-worker.ts', import.meta.url), { type: 'module' });
    const send = (request: NnRequest): void => worker.postMessage(request);
    worker.onmessage = (event: MessageEvent<NnReply>) => {
      const reply = event.data;
      if (reply.run !== runId) return;
      if (reply.kind === 'error') {
        training = false;
        setTraining(false);
        context.setStatus(`could not train: ${reply.message}`, 'error');
        if (reply.key === 'model' || reply.key === 'activation' || reply.key === 'init')
          layersError.show(reply.message);
        else context.note(reply.message);
        return;
      }
      losses.push(...reply.losses);
      // Kept apart from drawing, which may skip the first snapshot when the next comes within a frame.
      if (reply.epoch === 0)
        startHealth = gradientAdvice(reply.health, { activation: nn.act!, init: nn.init ?? null });
      pending = reply;
      // Draw at most once a frame, and while training at most every drawEvery ms, so that input keeps the main thread.
      if (frame !== null) return;
      const wait = reply.training ? Math.max(0, lastDraw + drawEvery - performance.now()) : 0;
      frame = window.setTimeout(() => {
        requestAnimationFrame(() => {
          frame = null;
          lastDraw = performance.now();
          if (pending) draw(pending);
          pending = null;
        });
      }, wait);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      context.setStatus(`the training worker failed: ${event.message}`, 'error');
    };

    const setTraining = (on: boolean): void => {
      trainButton.textContent = on ? 'Pause' : 'Train';
      trainButton.setAttribute('aria-pressed', String(on));
    };

    function draw(s: NnSnapshot): void {
      last = s;
      const k = data?.classes?.length ?? 2;
      map.setProbabilities(s.probabilities, gridSize, k);
      const advice = gradientAdvice(s.health, { activation: nn.act!, init: nn.init ?? null });
      drawHealth(advice);
      drawLoss(s.training);
      const accuracy = `${num(100 * s.accuracy, 4)} %`;
      replace(
        readout,
        h('strong', {}, `epoch ${s.epoch}`),
        '  ·  loss ',
        h('span', { 'data-testid': 'loss', 'data-value': s.loss }, num(s.loss)),
        '  ·  accuracy ',
        h('strong', { 'data-testid': 'accuracy', 'data-value': s.accuracy }, accuracy),
        s.training && s.rate > 0 ? `  ·  ${num(s.rate, 3)} epochs/s` : '',
      );
      training = s.training;
      setTraining(s.training);
      const about = `${nn.layers} ${nn.act} · ${runName(runs[0]!)}${s.threads > 1 ? ` · up to ${s.threads} threads` : ''}`;
      if (s.diverged !== null) {
        context.setStatus(`${about}: diverged — ${s.diverged}`, 'error');
      } else if (s.training) {
        context.setStatus(
          `training… epoch ${s.epoch} of ${state.epochs}${s.threads > 1 ? ` on up to ${s.threads} threads` : ''}, accuracy ${accuracy}`,
          'running',
        );
      } else {
        context.setStatus(
          `${about}: ${s.epoch} epoch${s.epoch === 1 ? '' : 's'}, accuracy ${accuracy}, loss ${num(s.loss)}; gradients ${advice.verdict}`,
          'done',
        );
      }
      if (!s.training)
        context.setVerdicts([
          {
            about: `the network after ${s.epoch} epoch${s.epoch === 1 ? '' : 's'}`,
            status: advice.verdict,
            message: advice.message,
            suggestedLr: null,
          },
        ]);
    }

    // The loss spans orders of magnitude (an exploding net starts in the tens of thousands): drawn as log₁₀,
    // thinned to at most maxLossPoints, its window widened only when a value leaves it.
    let lossWindow: { x: [number, number]; y: [number, number] } | null = null;
    function drawLoss(going: boolean): void {
      const every = Math.max(1, Math.ceil(losses.length / maxLossPoints));
      const x: number[] = [];
      const y: number[] = [];
      for (let i = 0; i < losses.length; i += every) {
        x.push(i + 1);
        y.push(Math.log10(losses[i]!));
      }
      if (losses.length > 0 && x.at(-1) !== losses.length) {
        x.push(losses.length);
        y.push(Math.log10(losses.at(-1)!));
      }
      const series = [{ color: classColor(0), label: 'loss', x, y, width: 2 }];
      const [lo, hi] = rangeOf(y, 0.08);
      const epochs = going ? Math.max(state.epochs!, losses.length) : Math.max(1, losses.length);
      const w = lossWindow;
      if (w === null || lo < w.y[0] || hi > w.y[1] || epochs > w.x[1] || (!going && epochs < w.x[1])) {
        lossWindow = { x: [0, epochs], y: [Math.min(lo, w?.y[0] ?? lo), Math.max(hi, w?.y[1] ?? hi)] };
        lossChart.set(series, lossWindow.x, lossWindow.y);
      } else lossChart.update(series);
    }

    function drawHealth(advice: GradientAdvice): void {
      // Bars on a log scale from 10⁻¹² to 10⁶: a vanishing layer shows as a short bar, an exploding one runs off the end.
      const lo = -12;
      const hi = 6;
      // The rows are built once per network and then only changed, so that a drawing during training is cheap.
      if (healthList.children.length !== advice.layers.length) {
        replace(
          healthList,
          ...advice.layers.map((layer, i) =>
            h(
              'li',
              { class: 'health-row', 'data-testid': 'health-bar', 'data-layer': layer.layer },
              h(
                'span',
                { class: 'health-name' },
                i === advice.layers.length - 1 ? `${layer.layer} (output)` : layer.layer,
              ),
              h(
                'span',
                { class: 'health-track', 'aria-hidden': 'true' },
                h('span', { class: 'health-fill' }),
              ),
              h('span', { class: 'health-value' }),
              h('span', { class: 'visually-hidden' }),
            ),
          ),
        );
      }
      advice.layers.forEach((layer, i) => {
        const row = healthList.children[i] as HTMLElement;
        const exponent = layer.norm > 0 ? Math.log10(layer.norm) : lo;
        const width = Number.isFinite(layer.norm)
          ? Math.max(1, Math.min(100, ((exponent - lo) / (hi - lo)) * 100))
          : 100;
        row.className = `health-row ${layer.verdict}`;
        row.dataset.verdict = layer.verdict;
        (row.children[1]!.firstChild as HTMLElement).style.width = `${width}%`;
        row.children[2]!.textContent = `${num(layer.norm, 2)} ${layer.verdict}`;
        row.children[3]!.textContent = layer.text;
      });
      if (healthAdvice.textContent !== advice.message) healthAdvice.textContent = advice.message;
      healthAdvice.className = `health-advice ${advice.verdict}`;
      healthStart.textContent =
        startHealth === null || last?.epoch === 0
          ? ''
          : `At epoch 0 the gradients were ${startHealth.verdict}${
              startHealth.verdict === 'ok'
                ? ''
                : ` (${startHealth.layers
                    .filter((l) => l.verdict !== 'ok')
                    .map((l) => l.layer)
                    .join(', ')})`
            }.`;
    }

    /** The data the network trains on, read with the library (a CSV with the same reader and messages as `downhill fit`). */
    function readData(): Dataset | null {
      const kind = dataSelect.value;
      csvError.show(null);
      if (kind === 'csv') {
        if (uploaded === null) {
          context.setStatus('waiting for a CSV file: choose one above', 'waiting');
          return null;
        }
        try {
          const read = parseCsvText(uploaded.text, { targetKind: 'categorical' }, uploaded.name);
          if (read.featureNames.length !== 2)
            throw new Error(
              `${uploaded.name}: the map has two axes, so the file needs two feature columns besides the label; it has ${read.featureNames.length} (${read.featureNames.join(', ')})`,
            );
          if ((read.classes?.length ?? 0) < 2 || (read.classes?.length ?? 0) > 8)
            throw new Error(
              `${uploaded.name}: the label column "${read.targetName}" needs 2 to 8 classes; it has ${read.classes?.length ?? 0}`,
            );
          return read;
        } catch (error) {
          csvError.show((error as Error).message);
          context.setStatus('waiting for a CSV file that can be read', 'waiting');
          return null;
        }
      }
      if (kind === 'points') {
        const used = new Set(placed.map((p) => p[2]));
        if (used.size < 2) {
          map.slots = [0, 1, 2, 3];
          context.setStatus(
            'waiting for points of at least two classes: click the map to place them',
            'waiting',
          );
          return null;
        }
        return parseCsvText(pointsCsv(placed), { target: 'label', targetKind: 'categorical' }, 'the points');
      }
      // A seed that cannot be used draws no data; readSettings marks its field.
      if (!usableSeed.test(seedInput.value)) return null;
      return generateDataset(kind, { seed: Number(seedInput.value) });
    }

    function readSettings(): FitSettings | null {
      let ok = true;
      const text = layersInput.value.replace(/\s+/g, '');
      const widths = /^\d+(,\d+)*$/.test(text) ? text.split(',').map(Number) : [];
      if (widths.length === 0 || widths.length > maxLayers || widths.some((w) => w < 1 || w > maxWidth)) {
        layersError.show(
          `Type 1 to ${maxLayers} hidden widths from 1 to ${maxWidth}, separated by commas, e.g. 8,8.`,
        );
        ok = false;
      } else layersError.show(null);
      let init: string | null = initSelect.value === '' ? null : initSelect.value;
      if (init === 'normal') {
        const std = Number(scaleInput.value);
        if (!(std > 0 && std <= 100)) {
          scaleError.show('The scale must be a number above 0 and at most 100.');
          ok = false;
        } else {
          scaleError.show(null);
          init = `normal:${std}`;
        }
      }
      const epochs = Number(epochsInput.value);
      if (!(Number.isInteger(epochs) && epochs >= 1 && epochs <= maxEpochs)) {
        epochsError.show(`The epochs must be a whole number from 1 to ${maxEpochs}.`);
        ok = false;
      } else epochsError.show(null);
      const batchText = batchInput.value.trim();
      const batch = batchText === '' ? null : Number(batchText);
      if (batch !== null && !(Number.isInteger(batch) && batch >= 1)) {
        batchError.show('The batch size must be a whole number of rows ≥ 1, or empty for every row.');
        ok = false;
      } else batchError.show(null);
      if (!usableSeed.test(seedInput.value)) {
        seedError.show('The seed must be a whole number from 0 to 999999999.');
        ok = false;
      } else seedError.show(null);
      if (!ok) return null;
      nn.layers = widths.join(',');
      nn.act = actSelect.value;
      if (init === null) delete nn.init;
      else nn.init = init;
      if (batch === null) delete nn.batch;
      else nn.batch = String(batch);
      nn.seed = seedInput.value;
      if (nn.seed === '0') delete nn.seed;
      state.epochs = epochs;
      const run = runs[0]!;
      const entry = optimizerEntry(run.optimizer)!;
      return {
        model: `mlp:${nn.layers}`,
        loss: 'ce',
        activation: nn.act,
        ...(init !== null && { init }),
        optimizer: run.optimizer as FitSettings['optimizer'] & string,
        optimizerOptions: {
          ...run.settings,
          ...(entry.usesLearningRate && run.lr !== null && { learningRate: run.lr }),
        },
        ...(batch !== null && { batchSize: batch }),
        seed: Number(seedInput.value),
      };
    }

    function showData(): void {
      const kind = dataSelect.value;
      pointsBox.hidden = kind !== 'points';
      uploadBox.hidden = kind !== 'csv';
      nn.data = kind === 'csv' ? 'csv' : kind;
      if (kind === 'points') nn.cpts = placed.map(([x, y, c]) => `${x}:${y}:${c + 1}`).join(',');
      else delete nn.cpts;
      if (kind === 'points' && nn.cpts === '') delete nn.cpts;
    }

    function setUpData(d: Dataset | null): void {
      data = d;
      const kind = dataSelect.value;
      if (d === null) {
        map.setProbabilities(null, 0, 2);
        map.setPoints(
          placed.flatMap((p) => [p[0], p[1]]),
          placed.map((p) => p[2]),
        );
        map.setWindow(placedWindow, placedWindow);
        replace(legend);
        return;
      }
      const classes = d.classes ?? [];
      map.slots =
        kind === 'points'
          ? classes.map((c) => pointClasses.indexOf(c as (typeof pointClasses)[number]))
          : classes.map((_, i) => i);
      if (kind === 'points') bounds = { x: placedWindow, y: placedWindow };
      else {
        const xs: number[] = [];
        const ys: number[] = [];
        for (let i = 0; i < d.rows; i++) {
          xs.push(d.features[2 * i]!);
          ys.push(d.features[2 * i + 1]!);
        }
        bounds = { x: rangeOf(xs, 0.08), y: rangeOf(ys, 0.08) };
      }
      map.frame.options.xLabel = d.featureNames[0]!;
      map.frame.options.yLabel = d.featureNames[1]!;
      map.setWindow(bounds.x, bounds.y);
      map.setPoints(d.features, d.target);
      replace(
        legend,
        ...classes.map((name, i) => {
          const slot = map.slots[i] ?? i;
          const icon = h('span', { class: 'class-icon', 'aria-hidden': 'true' });
          const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
          svg.setAttribute('width', '14');
          svg.setAttribute('height', '14');
          svg.append(classMark(slot, 7, 7, 5));
          icon.append(svg);
          return h('li', {}, icon, kind === 'points' ? `class ${slot + 1}` : name);
        }),
      );
    }

    let timer: number | null = null;
    function schedule(delay = 200, play = true): void {
      if (timer !== null) clearTimeout(timer);
      timer = window.setTimeout(() => start(play), delay);
    }

    /** A fresh network on the data as the controls say; it trains right away when `play`. */
    function start(play: boolean): void {
      timer = null;
      showData();
      const next = readSettings();
      const d = readData();
      context.save();
      setUpData(d);
      runId++;
      losses = [];
      lossWindow = null;
      last = null;
      context.setVerdicts([]);
      startHealth = null;
      // A run's setting that cannot be used (its field marked) holds the training too, and the status names it.
      if (next === null || d === null || waitsOnSetting(editorHolder, context)) {
        settings = null;
        training = false;
        setTraining(false);
        if (next === null)
          context.setStatus('waiting for settings that can be used (marked above)', 'waiting');
        return;
      }
      settings = next;
      const grid: NnGrid = { x: bounds.x, y: bounds.y, size: gridSize };
      context.setStatus(play ? 'training…' : 'ready', play ? 'running' : 'idle');
      send({ kind: 'start', run: runId, data: d, settings: next, grid, epochs: state.epochs!, play });
    }

    function applyPreset(p: Preset): void {
      dataSelect.value = p.data;
      seedInput.value = '0';
      layersInput.value = p.layers;
      actSelect.value = p.act;
      if (p.init === null) initSelect.value = '';
      else if (p.init.startsWith('normal:')) {
        initSelect.value = 'normal';
        scaleInput.value = p.init.slice(7);
      } else initSelect.value = p.init;
      scaleField.hidden = initSelect.value !== 'normal';
      runs[0] = { ...p.run, settings: { ...p.run.settings } };
      renderEditor();
      epochsInput.value = String(p.epochs);
      batchInput.value = '';
      schedule(0);
    }

    const renderEditor = (): void =>
      replace(
        editorHolder,
        runsEditor(runs, () => schedule(), { max: 1, onInvalid: () => schedule(0) }),
      );

    // ——— initial values from the link ———
    dataSelect.value = nn.data;
    if (nn.init === undefined) initSelect.value = '';
    else if (nn.init.startsWith('normal:')) {
      initSelect.value = 'normal';
      scaleInput.value = nn.init.slice(7);
    } else initSelect.value = nn.init;
    scaleField.hidden = initSelect.value !== 'normal';
    renderEditor();

    // ——— events ———
    presets.forEach((p, i) => {
      presetButtons[i]!.addEventListener('click', () => applyPreset(p));
    });
    dataSelect.addEventListener('change', () => schedule(0));
    for (const input of [seedInput, layersInput, scaleInput, epochsInput, batchInput])
      input.addEventListener('change', () => schedule(0));
    actSelect.addEventListener('change', () => schedule(0));
    initSelect.addEventListener('change', () => {
      scaleField.hidden = initSelect.value !== 'normal';
      schedule(0);
    });
    trainButton.addEventListener('click', () => {
      if (settings === null || last === null) {
        schedule(0);
        return;
      }
      if (training) {
        send({ kind: 'pause', run: runId });
        return;
      }
      // Trained to the end already: go on for as many epochs again, which the field and the link then say,
      // so that a link copied after it opens on the run as far as it went.
      const target = Math.min(
        maxEpochs,
        last.epoch >= state.epochs! ? last.epoch + state.epochs! : state.epochs!,
      );
      if (target !== state.epochs) {
        state.epochs = target;
        epochsInput.value = String(target);
        context.save();
      }
      training = true;
      setTraining(true);
      context.setStatus('training…', 'running');
      send({ kind: 'play', run: runId, epochs: target });
    });
    stepButton.addEventListener('click', () => {
      if (settings === null) return;
      send({ kind: 'step', run: runId, epochs: 1 });
    });
    resetButton.addEventListener('click', () => schedule(0, false));
    upload.addEventListener('change', async () => {
      const file = upload.files?.[0];
      if (!file) return;
      uploaded = { name: file.name, text: await file.text() };
      dataSelect.value = 'csv';
      schedule(0);
    });
    const addPoint = (event: MouseEvent): void => {
      if (dataSelect.value !== 'points') return;
      const at = map.frame.dataAt(event);
      if (!at) return;
      const chosen = Number(classSelect.value);
      const c = event.shiftKey ? (chosen + 1) % pointClasses.length : chosen;
      placed.push([Number(at[0].toPrecision(3)), Number(at[1].toPrecision(3)), c]);
      schedule(150);
    };
    map.frame.svg.addEventListener('click', addPoint);
    undoButton.addEventListener('click', () => {
      placed.pop();
      schedule(0);
    });
    clearButton.addEventListener('click', () => {
      placed = [];
      schedule(0);
    });
    downloadButton.addEventListener('click', () => {
      const text = csvText();
      if (text === null) return;
      const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
      const a = h('a', { href: url, download: 'data.csv' });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    });
    map.frame.hover = (x, y) => {
      if (last === null) return `x1 = ${num(x)}, x2 = ${num(y)}`;
      const i = Math.min(
        gridSize - 1,
        Math.max(0, Math.floor(((x - bounds.x[0]) / (bounds.x[1] - bounds.x[0])) * gridSize)),
      );
      const j = Math.min(
        gridSize - 1,
        Math.max(0, Math.floor(((bounds.y[1] - y) / (bounds.y[1] - bounds.y[0])) * gridSize)),
      );
      const k = data?.classes?.length ?? 2;
      const p = Array.from({ length: k }, (_, c) => last!.probabilities[(j * gridSize + i) * k + c]!);
      const names = data?.classes ?? [];
      return `x1 = ${num(x)}, x2 = ${num(y)}: ${p.map((v, c) => `${names[c] ?? c} ${num(100 * v, 3)} %`).join(', ')}`;
    };

    /** The training data as CSV text (what `downhill fit data.csv` reads), or null for a generated set. */
    function csvText(): string | null {
      if (dataSelect.value === 'csv') return uploaded?.text ?? null;
      if (dataSelect.value === 'points') return pointsCsv(placed);
      if (data === null) return null;
      const rows = Array.from(
        { length: data.rows },
        (_, i) => `${data!.features[2 * i]},${data!.features[2 * i + 1]},${data!.classes![data!.target[i]!]}`,
      );
      return `${data.featureNames.join(',')},${data.targetName}\n${rows.join('\n')}\n`;
    }

    schedule(0);

    const epochsShown = (): number => last?.epoch ?? 0;
    return {
      figure() {
        if (last === null || data === null) return null;
        // The map as on screen, classes in their on-screen colours and shapes.
        const k = data.classes?.length ?? 2;
        const slots = map.slots.slice(0, k);
        const width = Math.max(2, ...slots.map((v) => v + 1));
        const names = Array.from({ length: width }, () => '');
        slots.forEach((slot, c) => {
          names[slot] = dataSelect.value === 'points' ? `class ${slot + 1}` : data!.classes![c]!;
        });
        const probabilities = new Float64Array(gridSize * gridSize * width);
        for (let cell = 0; cell < gridSize * gridSize; cell++)
          for (let c = 0; c < k; c++)
            probabilities[cell * width + slots[c]!] = last.probabilities[cell * k + c]!;
        return decisionMapFigure({
          probabilities,
          grid: gridSize,
          classes: names,
          x: bounds.x,
          y: bounds.y,
          points: { features: data.features, labels: Array.from(data.target, (c) => slots[c] ?? c) },
          xLabel: data.featureNames[0]!,
          yLabel: data.featureNames[1]!,
          title: `mlp:${nn.layers} (${nn.act}) on ${dataSelect.value} after ${last.epoch} epochs: accuracy ${num(100 * last.accuracy, 4)} %`,
          subtitle: `${runName(runs[0]!)}, cross-entropy; paler where the network is unsure`,
        });
      },
      json() {
        return {
          mode: 'nn',
          data: dataSelect.value,
          settings,
          epoch: epochsShown(),
          loss: last?.loss ?? null,
          accuracy: last?.accuracy ?? null,
          losses,
          gradientHealth: last?.health ?? [],
          classes: data?.classes ?? null,
        };
      },
      command() {
        if (settings === null || last === null) return null;
        const generated = generators.some((g) => g.name === dataSelect.value);
        const run = runs[0]!;
        const entry = optimizerEntry(run.optimizer)!;
        const words = [
          'downhill',
          'fit',
          generated ? `@${dataSelect.value}` : 'data.csv',
          ...(generated ? [] : ['--target', data?.targetName ?? 'label']),
          '--model',
          `mlp:${nn.layers}`,
          '--activation',
          nn.act!,
          ...(nn.init === undefined ? [] : ['--init', nn.init]),
          '--loss',
          'ce',
          '--optimizer',
          run.optimizer,
          ...(entry.usesLearningRate && run.lr !== null ? ['--lr', String(run.lr)] : []),
          ...Object.entries(run.settings).flatMap(([k, v]) => [flagFor(k), String(v)]),
          ...(nn.batch === undefined ? [] : ['--batch-size', nn.batch]),
          '--epochs',
          String(Math.max(1, last.epoch)),
          '--tol',
          '0',
          '--seed',
          seedInput.value,
          '--json',
        ];
        const line = words.map(shellWord).join(' ');
        return generated ? line : `${line}    # data.csv: the "Download the data as CSV" button`;
      },
      code() {
        if (settings === null || last === null) return null;
        const generated = generators.some((g) => g.name === dataSelect.value);
        return [
          `import { fitStepper, ${generated ? 'generateDataset' : 'parseCsvText'} } from 'downhill';`,
          '',
          generated
            ? `const data = generateDataset(${JSON.stringify(dataSelect.value)}, { seed: ${seedInput.value} });`
            : `const data = parseCsvText(${JSON.stringify(csvText() ?? '')}, { targetKind: 'categorical' });`,
          `const run = fitStepper(data, ${JSON.stringify(settings)});`,
          `run.step(${Math.max(1, last.epoch)});`,
          'console.log(run.metrics(), run.health());',
          '',
        ].join('\n');
      },
      destroy() {
        if (timer !== null) clearTimeout(timer);
        if (frame !== null) clearTimeout(frame);
        // The worker ends its helpers and then itself; terminated later all the same, should it hang.
        worker.onmessage = null;
        send({ kind: 'close' });
        setTimeout(() => worker.terminate(), 2000);
      },
    };
  },
};
