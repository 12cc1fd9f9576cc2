// `downhill fit` as a user runs it: CONTRACT's JSON, the summary, find-lr, checkpoints that survive kill -9, bad input.

import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatValue } from '../../src/plot/format.js';
import { decodeCheckpoint } from '../../src/train/checkpoint.js';
import { cliPath, runCli } from './run-cli.js';
import { tempFolder } from './temp-folder.js';

const folder = tempFolder('fit');
const file = (name: string, text: string): string => {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
};

// y = 3 + 2·area − 0.5·rooms exactly, on inputs of very different scales.
const house = file(
  'house.csv',
  `area,rooms,price\n${Array.from({ length: 30 }, (_, i) => {
    const area = 50 + 7 * i;
    const rooms = 1 + ((i * 5) % 7);
    return `${area},${rooms},${3 + 2 * area - 0.5 * rooms}`;
  }).join('\n')}\n`,
);

const json = (args: string[]) => {
  const run = runCli(['fit', ...args, '--json']);
  // stderr says only which files it wrote: the checkpoint, then the picture.
  const written = ['--checkpoint', '--plot'].filter((flag) => args.includes(flag));
  expect(run.stderr).toBe(written.map((flag) => `wrote ${args[args.indexOf(flag) + 1]}\n`).join(''));
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
};

describe('downhill fit', () => {
  it('prints CONTRACT JSON for a linear fit of a built-in dataset', () => {
    const result = json(['@line', '--lr', '0.05', '--epochs', '5000']);
    expect(Object.keys(result)).toEqual(
      expect.arrayContaining([
        'status',
        'message',
        'model',
        'parameters',
        'loss',
        'epochs',
        'metrics',
        'validation',
        'timing',
      ]),
    );
    expect(result.status).toBe('converged');
    expect(result.model).toBe('linear');
    expect(Object.keys(result.parameters)).toEqual(['intercept', 'x']);
    expect(result.parameters.x).toBeCloseTo(2, 0);
    expect(result.parameters.intercept).toBeCloseTo(1, 0);
    expect(result.metrics.mse).toBeCloseTo(result.loss, 12);
    expect(result.metrics.r2).toBeGreaterThan(0.9);
    expect(result.validation).toBeNull();
    expect(result.timing.loadSeconds).toBeGreaterThanOrEqual(0);
    expect(result.timing.trainSeconds).toBeGreaterThan(0);
  });

  it('reports parameters by column in original units with --standardize', () => {
    const result = json([
      house,
      '--target',
      'price',
      '--standardize',
      '--lr',
      '0.3',
      '--epochs',
      '3000',
      '--tol',
      '0',
    ]);
    expect(result.parameters.intercept).toBeCloseTo(3, 6);
    expect(result.parameters.area).toBeCloseTo(2, 8);
    expect(result.parameters.rooms).toBeCloseTo(-0.5, 7);
  });

  it('classifies string labels with logistic, softmax and an mlp, with validation and gradient health', () => {
    const labels = file(
      'labels.csv',
      `u,v,kind\n${Array.from({ length: 60 }, (_, i) => `${(i % 2 ? 1 : -1) * (1 + (i % 5) / 4)},${(i % 7) / 7},${i % 2 ? 'cat' : 'dog'}`).join('\n')}\n`,
    );
    const logistic = json([labels, '--model', 'logistic', '--epochs', '300']);
    expect(Object.keys(logistic.parameters)).toEqual(['intercept', 'u', 'v']);
    expect(logistic.metrics.accuracy).toBe(1);
    expect(logistic.classes).toEqual(['cat', 'dog']);
    const softmax = json([labels, '--model', 'softmax', '--epochs', '300']);
    expect(softmax.parameters.weight).toHaveLength(2);
    const mlp = json([
      '@xor',
      '--model',
      'mlp:8',
      '--activation',
      'tanh',
      '--optimizer',
      'adam',
      '--lr',
      '0.05',
      '--standardize',
      '--epochs',
      '200',
      '--validation',
      '0.2',
      '--seed',
      '1',
    ]);
    expect(mlp.gradientHealth.map((h: { layer: string }) => h.layer)).toEqual(['layer1', 'layer2']);
    expect(['ok', 'vanishing', 'exploding']).toContain(mlp.gradientHealth[0].verdict);
    expect(mlp.validation.accuracy).toBeGreaterThan(0.9);
    expect(mlp.parameters['layer1.weight']).toHaveLength(8);
  });

  it('prints a readable summary by default, and nothing on stderr when it is not a terminal', () => {
    const { code, stdout, stderr } = runCli(['fit', '@line', '--epochs', '50']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^status {5}/);
    expect(stdout).toMatch(/parameters +intercept = .*, x = /);
    expect(stdout).toMatch(/why +/);
  });

  it('says r² is undefined where the target does not vary, not "not a number"', () => {
    const flat = file('flat.csv', 'x,y\n1,2\n2,2\n3,2\n');
    const { code, stdout } = runCli(['fit', flat, '--optimizer', 'lbfgs']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/\ntraining {4}mse [^,]+, r² undefined \(the target does not vary\)\n/);
    expect(json([flat, '--optimizer', 'lbfgs']).metrics.r2).toBeNull();
  });

  it('--find-lr trains nothing and prints the sweep and its suggestion', () => {
    const result = json([house, '--target', 'price', '--standardize', '--find-lr']);
    expect(Object.keys(result)).toEqual(['suggestedLr', 'sweep']);
    expect(result.suggestedLr).toBeGreaterThan(0);
    expect(result.sweep[0]).toEqual({ lr: expect.any(Number), loss: expect.any(Number) });
  });
});

describe('verdicts and messages that say what happened', () => {
  // QA's 7-row file, y ≈ 1 + 2a + 1.5b; at the init (slopes 1, intercept 0) the residuals y − a − b are these.
  const qa = file('qa.csv', 'a,b,y\n1,2,5.1\n2,1,5.9\n3,4,11.2\n4,3,11.8\n5,7,18.9\n6,5,18.1\n7,8,24.2\n');
  const startResiduals = [2.1, 2.9, 4.2, 4.8, 6.9, 7.1, 9.2];
  const four = (v: number): string => String(Number(v.toPrecision(4)));

  it('the message goes from the start loss to the loss field', () => {
    const result = json([qa, '--epochs', '1', '--lr', '0.01']);
    const start = startResiduals.reduce((s, r) => s + r * r, 0) / 7;
    expect(result.message).toBe(
      `stopped at the epoch limit after 1 epoch: the training loss went from ${four(start)} to ${four(result.loss)}`,
    );
    expect(result.message).toContain('from 33.74 to 0.6888');
  });

  it('early stopping a run that blows up is diverged, not converged', () => {
    const result = json([qa, '--validation', '0.3', '--lr', '0.1']);
    expect(result.status).toBe('diverged');
    expect(result.metrics.r2).toBeLessThan(0);
    expect(result.message).toMatch(
      /^the training loss rose from \S+ to \S+ in \d+ epochs; lr 0\.1 is too large here/,
    );
    expect(result.message).toContain(
      `(training loss ${four(result.loss)}, validation loss ${four(result.validation.mse)})`,
    );
  });

  it('early stopping a spiral classifier at chance is stalled', () => {
    const result = json([
      '@spiral',
      '--model',
      'mlp:16,16',
      '--optimizer',
      'adam',
      '--lr',
      '0.01',
      '--epochs',
      '300',
      '--validation',
      '0.2',
    ]);
    expect(result.status).toBe('stalled');
    expect(result.metrics.logLoss).toBeGreaterThan(0.95 * Math.LN2);
    expect(result.message).toMatch(/before the model learned.*restored the params of epoch \d+/);
    expect(result.message).toContain(`training loss ${four(result.loss)}`);
  });

  it('a net whose ReLUs died is stalled; gradientHealth keeps CONTRACT’s shape', () => {
    const result = json(['@line', '--model', 'mlp:4', '--lr', '0.1', '--epochs', '200']);
    expect(result.status).toBe('stalled');
    expect(result.metrics.r2).toBeCloseTo(0, 10);
    expect(result.message).toMatch(/ReLUs have died.*--activation tanh/);
    expect(result.gradientHealth).toEqual([
      { layer: 'layer1', norm: 0, verdict: 'vanishing' },
      { layer: 'layer2', norm: expect.any(Number), verdict: 'ok' },
    ]);
  });

  it('--plot draws the loss by epoch when the data have more than one feature', () => {
    const picture = join(folder, 'loss.svg');
    json([
      '@circle',
      '--model',
      'mlp:4',
      '--loss',
      'bce',
      '--activation',
      'tanh',
      '--epochs',
      '20',
      '--plot',
      picture,
    ]);
    const svg = readFileSync(picture, 'utf8');
    expect(svg).toContain('class="axis-label">epoch</text>');
    expect(svg).not.toContain('>iteration<');
  });

  it('--plot draws a one-feature mlp or poly fit as its curve over the data', () => {
    for (const model of ['mlp:4', 'poly:3']) {
      const picture = join(folder, `curve-${model.replace(':', '')}.svg`);
      const extra = model.startsWith('mlp') ? ['--activation', 'tanh'] : [];
      const result = json([
        '@line',
        '--model',
        model,
        ...extra,
        '--standardize',
        '--epochs',
        '50',
        '--plot',
        picture,
      ]);
      const svg = readFileSync(picture, 'utf8');
      // The 50 points of @line as dots, and the curve as one path sampled across them.
      expect(svg.match(/<circle [^>]*fill-opacity="0.75"/g)).toHaveLength(50);
      expect(svg).toMatch(/<path d="M[^"]+" fill="none" stroke="#D55E00" stroke-width="2.5" class="fit"\/>/);
      expect(svg).toContain('class="axis-label">x</text>');
      expect(svg).toContain(`${model} fit of y`);
      expect(svg).toContain(`loss ${formatValue(result.loss as number)}`);
    }
  });
});

describe('checkpoints', () => {
  it('a resumed run prints what an uninterrupted one does', () => {
    const checkpoint = join(folder, 'resume.ckpt');
    const args = [
      '@spiral',
      '--model',
      'mlp:8',
      '--optimizer',
      'adam',
      '--batch-size',
      '20',
      '--standardize',
      '--seed',
      '4',
    ];
    json([...args, '--epochs', '15', '--checkpoint', checkpoint]);
    const resumed = json(['@spiral', '--resume', checkpoint, '--epochs', '40']);
    const whole = json([...args, '--epochs', '40']);
    for (const key of ['status', 'message', 'parameters', 'loss', 'epochs', 'metrics'])
      expect(resumed[key]).toEqual(whole[key]);
  });

  it("resumed on data without the checkpoint's columns, says which columns the checkpoint wants", () => {
    const checkpoint = join(folder, 'xor.ckpt');
    json(['@xor', '--model', 'mlp:2', '--epochs', '2', '--checkpoint', checkpoint]);
    const other = runCli(['fit', '@line', '--resume', checkpoint]);
    expect(other.code).toBe(2);
    expect(other.stderr).toBe(
      'downhill: --resume: the checkpoint\'s mlp:2 model classifies "label" from x1, x2, but @line\'s target "y" holds numbers, not class labels; resume it on the data it was trained on\n',
    );
    // Columns typed here that are not the checkpoint's are refused as such, before the data are read.
    const typed = runCli(['fit', '@xor', '--resume', checkpoint, '--features', 'x3']);
    expect(typed.stderr).toBe(
      'downhill: --features: the checkpoint was trained on x1,x2, not x3 (leave --features out to continue it)\n',
    );
  });

  it('a run killed with SIGKILL leaves a whole checkpoint that resumes and completes', async () => {
    const checkpoint = join(folder, 'killed.ckpt');
    const args = [
      'fit',
      '@spiral',
      '--model',
      'mlp:64,64',
      '--optimizer',
      'adam',
      '--batch-size',
      '4',
      '--epochs',
      '100000',
      '--seed',
      '2',
    ];
    const child = spawn(process.execPath, [cliPath, ...args, '--checkpoint', checkpoint], {
      stdio: 'ignore',
    });
    const deadline = Date.now() + 30_000;
    while (!existsSync(checkpoint) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    // Let it run into later writes, so the kill may land in the middle of one.
    await new Promise((r) => setTimeout(r, 1700));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const saved = decodeCheckpoint(readFileSync(checkpoint, 'utf8'));
    expect(saved.epochs).toBe(100000);
    const more = String(saved.epoch + 2);
    const { code, stdout, stderr } = runCli([
      'fit',
      '@spiral',
      '--resume',
      checkpoint,
      '--epochs',
      more,
      '--json',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).epochs).toBe(Number(more));
  });
});

describe('bad input: exit 2 and one line naming what and where', () => {
  const ragged = file('ragged.csv', 'x,y\n1,2\n3\n');
  it.each([
    [[house, '--target', 'nope'], /nope/],
    [[house, '--features', 'area,floor', '--target', 'price'], /floor/],
    [[join(folder, 'missing.csv')], /missing\.csv.*no such file/],
    [[ragged], /line 3/],
    [['@line', '--model', 'mlp:'], /--model/],
    [['@line', '--model', 'tree'], /--model: "tree" is not a model/],
    [['@line', '--batch-size', '0'], /--batch-size/],
    [['@line', '--validation', '1.5'], /--validation/],
    [['@line', '--loss', 'hinge'], /--loss/],
    [['@line', '--optimizer', 'lbfgs', '--batch-size', '5'], /--batch-size/],
    [
      ['@line', '--model', 'logistic'],
      /^downhill: --model logistic: @line's target "y" holds numbers, not class labels/,
    ],
    [['@line', '--resume', join(folder, 'none.ckpt')], /--resume: cannot read/],
    [['@line', '--resume', ragged], /--resume: .* not a downhill checkpoint/],
    [['@line', '--epochs', '-3'], /--epochs/],
    [
      ['@line', '--delta', '1'],
      /^downhill: --delta is huber's threshold; it applies with --loss huber, not mse\n$/,
    ],
    [
      ['@line', '--patience', '3'],
      /^downhill: --patience stops a run whose validation loss has stopped improving; it needs --validation above 0\n$/,
    ],
    [
      ['@gaussians', '--features', 'x1,label'],
      /^downhill: @gaussians: "label" cannot be both the target and a feature\n$/,
    ],
    [['@line', '--resume', folder], /^downhill: --resume: cannot read ".*" \(it is a folder\)\n$/],
  ])('%j', (args, message) => {
    const { code, stdout, stderr } = runCli(['fit', ...args]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('writes no checkpoint when the run fails before training', () => {
    const checkpoint = join(folder, 'never.ckpt');
    expect(runCli(['fit', '@line', '--model', 'nope', '--checkpoint', checkpoint]).code).toBe(2);
    expect(existsSync(checkpoint)).toBe(false);
  });
});
