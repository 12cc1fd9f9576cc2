// The nn mode in Debian's Chromium: it learns xor and the spiral, flags seed 002's two failures, and its links, CSV and command hold.

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath } from '../cli/run-cli.js';
import { tempFolder } from '../cli/temp-folder.js';
import { type Playground, repo, startPlayground } from './harness.js';

/** The files the tests write, removed once they have run. */
const files = tempFolder('web');

let playground: Playground;
let base: string;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  playground = await startPlayground({ consoleErrors: true });
  ({ base, page, errors: pageErrors } = playground);
});

afterAll(async () => {
  await playground?.close();
});

/** Waits until the network has trained (or failed, or waits on a field) and returns the status line. */
async function settled(): Promise<string> {
  const status = page.getByTestId('status');
  await expect
    .poll(async () => status.getAttribute('data-state'), { timeout: 90_000, interval: 200 })
    .toMatch(/^(done|error|waiting)$/);
  return (await status.textContent()) ?? '';
}

async function open(query: string): Promise<string> {
  await page.goto(`${base}${query}`);
  return settled();
}

const accuracy = async (): Promise<number> =>
  Number(await page.getByTestId('accuracy').getAttribute('data-value'));

const verdicts = async (): Promise<string[]> =>
  page.getByTestId('health-bar').evaluateAll((bars) => bars.map((b) => b.getAttribute('data-verdict') ?? ''));

describe('the nn mode', () => {
  it('opens from its tab and learns xor to at least 95 %', async () => {
    await page.goto(`${base}?mode=1d`);
    await page.getByTestId('mode-nn').click();
    expect(await settled()).toMatch(/300 epochs, accuracy/);
    expect(page.url()).toContain('mode=nn');
    expect(await accuracy()).toBeGreaterThanOrEqual(0.95);
    expect(await verdicts()).toEqual(['ok', 'ok']);
  });

  it('trains on for as many epochs again, and the field and the link then say the count it went to', async () => {
    expect(await open('?mode=nn&data=xor&layers=8&act=tanh&opt=adam&lr=0.03&epochs=20')).toMatch(/20 epochs/);
    await page.getByTestId('run-button').click();
    expect(await settled()).toMatch(/40 epochs/);
    expect(await page.getByTestId('iter-input').inputValue()).toBe('40');
    expect(new URL(page.url()).searchParams.get('epochs')).toBe('40');
  });

  it('learns the spiral to at least 95 % from its preset', async () => {
    await page.getByTestId('preset-spiral').click();
    await expect.poll(() => page.url()).toContain('data=spiral');
    expect(await settled()).toMatch(/16,16 tanh · adam lr 0\.03: 300 epochs/);
    expect(await accuracy()).toBeGreaterThanOrEqual(0.95);
  });

  it('flags the deep sigmoid net as vanishing, in red and in words', async () => {
    await page.getByTestId('preset-vanishing').click();
    await expect.poll(() => page.url()).toContain('act=sigmoid');
    expect(await settled()).toMatch(/gradients vanishing/);
    const bars = await verdicts();
    expect(bars).toHaveLength(11);
    // The first layer too: its error signal comes through the vanishing layers above it.
    expect(bars.slice(0, 4)).toEqual(['vanishing', 'vanishing', 'vanishing', 'vanishing']);
    expect(bars.at(-1)).toBe('ok');
    const color = await page.evaluate(
      'getComputedStyle(document.querySelector("[data-testid=health-bar][data-verdict=vanishing] .health-fill")).backgroundColor',
    );
    expect(color).toBe('rgb(179, 38, 30)');
    const advice = (await page.getByTestId('health-advice').textContent()) ?? '';
    expect(advice).toMatch(/^Vanishing gradients in layer1, layer2, layer3 and layer4/);
    expect(advice).toMatch(/layer1 gets the error signal only through them/);
    expect(advice).toMatch(/sigmoid's slope is at most 0\.25.*Try tanh or relu/);
    expect(await page.getByTestId('health-start').textContent()).toMatch(
      /At epoch 0 the gradients were vanishing \(layer1, layer2, layer3, layer4\)/,
    );
    expect(await page.getByTestId('verdict').textContent()).toMatch(/vanishing/);
    // It never learns the circle: the first layers are stuck.
    expect(await accuracy()).toBeLessThan(0.7);
  });

  it('flags the huge initialization as exploding, in red and in words', async () => {
    await page.getByTestId('preset-exploding').click();
    await expect.poll(() => page.url()).toContain('init=normal:3');
    expect(await settled()).toMatch(/gradients exploding/);
    const bars = await verdicts();
    expect(bars).toHaveLength(5);
    expect(bars.filter((v) => v === 'exploding').length).toBeGreaterThanOrEqual(3);
    const advice = (await page.getByTestId('health-advice').textContent()) ?? '';
    expect(advice).toMatch(/^Exploding gradients in /);
    expect(advice).toMatch(/standard deviation 3.*he init.*smaller learning rate.*clip/);
    expect(await page.getByTestId('health-start').textContent()).toMatch(
      /At epoch 0 the gradients were exploding/,
    );
  });

  it('reproduces a view from its link, and notes what it cannot use', async () => {
    const query =
      '?mode=nn&data=gaussians&seed=4&layers=5,3&act=relu&init=he&opt=momentum&lr=0.05&hp=1.momentum:0.8&epochs=40&batch=50';
    const status = await open(query);
    expect(status).toMatch(/^5,3 relu · momentum lr 0\.05: 40 epochs/);
    expect(await page.getByTestId('nn-dataset').inputValue()).toBe('gaussians');
    expect(await page.getByTestId('nn-seed').inputValue()).toBe('4');
    expect(await page.getByTestId('nn-layers').inputValue()).toBe('5,3');
    expect(await page.getByTestId('nn-activation').inputValue()).toBe('relu');
    expect(await page.getByTestId('nn-init').inputValue()).toBe('he');
    expect(await page.getByTestId('nn-batch').inputValue()).toBe('50');
    const link = page.url();
    const readout = await page.getByTestId('nn-readout').textContent();
    for (const key of [
      'data=gaussians',
      'seed=4',
      'layers=5,3',
      'act=relu',
      'init=he',
      'batch=50',
      'epochs=40',
    ])
      expect(link).toContain(key);
    expect(await open(link.slice(base.length))).toBe(status);
    expect(await page.getByTestId('nn-readout').textContent()).toBe(readout);

    await open('?mode=nn&layers=8,x&act=swish&init=normal:-1&data=moons&cpts=1:2:9,3:4:1&batch=0');
    const notes = (await page.getByTestId('url-note').textContent()) ?? '';
    for (const key of ['layers=', 'act=', 'init=', 'data=', 'batch='])
      expect(notes).toContain(`Ignored ${key}`);
    expect(notes).toContain('1 malformed point');
    expect(await page.getByTestId('nn-layers').inputValue()).toBe('8');
  });

  it('a learning rate or seed that cannot be used holds the training and the status names it; a usable one trains again', async () => {
    expect(await open('?mode=nn&data=xor&layers=4&act=tanh&opt=adam&lr=0.05&epochs=50')).toMatch(
      /^4 tanh · adam lr 0\.05: 50 epochs/,
    );
    const status = page.getByTestId('status');
    await page.getByTestId('lr-input').fill('-1');
    await page.getByTestId('lr-input').press('Tab');
    await expect
      .poll(() => status.textContent())
      .toBe('waiting for a learning rate of run 1 that can be used');
    expect(await status.getAttribute('data-state')).toBe('waiting');
    // Train asks again and waits again: no network trains on the last usable rate meanwhile.
    await page.getByTestId('run-button').click();
    await expect
      .poll(() => status.textContent())
      .toBe('waiting for a learning rate of run 1 that can be used');
    expect(page.url()).toContain('lr=0.05');
    await page.getByTestId('lr-input').fill('0.02');
    await page.getByTestId('lr-input').press('Tab');
    // The status still says 'waiting' until the scheduled start: wait for the new run's own line.
    await expect
      .poll(() => status.textContent(), { timeout: 90_000, interval: 200 })
      .toMatch(/^4 tanh · adam lr 0\.02: 50 epochs/);
    await page.getByTestId('nn-seed').fill('-3');
    await page.getByTestId('nn-seed').press('Tab');
    await expect
      .poll(() => status.textContent())
      .toBe('waiting for settings that can be used (marked above)');
    expect(await page.getByText('The seed must be a whole number from 0 to 999999999.').isVisible()).toBe(
      true,
    );
  });

  it('trains on points placed by clicking, the class from the control or shift', async () => {
    await page.goto(`${base}?mode=nn&data=points&layers=6&act=tanh&opt=adam&lr=0.05&epochs=200`);
    await expect
      .poll(() => page.getByTestId('status').textContent())
      .toBe('waiting for points of at least two classes: click the map to place them');
    expect(await page.getByTestId('status').getAttribute('data-state')).toBe('waiting');
    const svg = page.getByTestId('plot').locator('svg.plot-svg');
    const box = (await svg.boundingBox())!;
    // Class 1 on the left, class 2 (shift-click) on the right.
    for (let i = 0; i < 5; i++) {
      await svg.click({ position: { x: box.width * 0.25, y: box.height * (0.2 + 0.12 * i) } });
      await svg.click({
        position: { x: box.width * 0.8, y: box.height * (0.2 + 0.12 * i) },
        modifiers: ['Shift'],
      });
    }
    await expect.poll(() => page.url(), { timeout: 10_000 }).toMatch(/cpts=([^&]*:1,){1,}.*:2/);
    expect(await settled()).toMatch(/200 epochs/);
    expect(await accuracy()).toBe(1);
    expect(await page.locator('.class-legend li').allTextContents()).toEqual(['class 1', 'class 2']);
  });

  it('keeps markup in an uploaded CSV inert and shows the reader’s messages beside the upload', async () => {
    await open('?mode=nn');
    // Before a file is chosen, and with a setting that cannot be used, the page waits as the other modes do.
    const status = page.getByTestId('status');
    await page.getByTestId('nn-dataset').selectOption('csv');
    await expect.poll(() => status.textContent()).toBe('waiting for a CSV file: choose one above');
    expect(await status.getAttribute('data-state')).toBe('waiting');
    const dir = files;
    const good = join(dir, 'labels.csv');
    const cell = '<img src=x onerror=window.__pwned=1>';
    const rows = Array.from(
      { length: 40 },
      (_, i) =>
        `${i % 2 === 0 ? -1 - i / 40 : 1 + i / 40},${i / 20},${i % 2 === 0 ? cell : '<b id=bold>b</b>'}`,
    );
    writeFileSync(good, `x,y,label\n${rows.join('\n')}\n`);
    await page.getByTestId('csv-upload').setInputFiles(good);
    await expect.poll(() => page.getByTestId('nn-dataset').inputValue()).toBe('csv');
    await expect.poll(() => page.locator('.class-legend').textContent(), { timeout: 10_000 }).toContain(cell);
    expect(await settled()).toMatch(/accuracy/);
    expect(await page.locator('.class-legend').textContent()).toContain(cell);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `x,y,label\n1,2,a\n${cell},3,b\n`);
    await page.getByTestId('csv-upload').setInputFiles(bad);
    await expect
      .poll(() => page.getByTestId('csv-error').textContent(), { timeout: 10_000 })
      .toMatch(/bad\.csv line 3, column 1 "x": .*is not a number/);
    expect(await status.textContent()).toBe('waiting for a CSV file that can be read');
    expect(await status.getAttribute('data-state')).toBe('waiting');
    expect(await page.getByTestId('csv-error').textContent()).toContain('<img');
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('#bold').count()).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
  });

  it('"copy as command" run in the CLI gives the page’s loss and accuracy', async () => {
    await open('?mode=nn&data=xor&seed=2&layers=6,4&act=tanh&opt=adam&lr=0.02&epochs=120');
    await page.getByTestId('copy-command').click();
    const command = (await page.getByTestId('share-output').textContent()) ?? '';
    expect(command).toMatch(
      /^downhill fit @xor --model mlp:6,4 --activation tanh --loss ce --optimizer adam --lr 0.02 --epochs 120 --tol 0 --seed 2 --json$/,
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-json').click(),
    ]);
    const mine = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(mine.mode).toBe('nn');
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
    const bytes = readFileSync((await png.path())!);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const cli = spawnSync(process.execPath, [cliPath, ...command.split(' ').slice(1)], { encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(0);
    const result = JSON.parse(cli.stdout);
    expect(result.epochs).toBe(mine.epoch);
    expect(result.metrics.accuracy).toBe(mine.accuracy);
    expect(Math.abs(result.loss - mine.loss)).toBeLessThanOrEqual(1e-9 * Math.abs(result.loss));
    expect(result.gradientHealth.map((h: { verdict: string }) => h.verdict)).toEqual(
      mine.gradientHealth.map((h: { verdict: string }) => h.verdict),
    );
  });

  it('has no serious or critical axe-core violations, fits a phone, and threw nothing', async () => {
    const axe = readFileSync(join(repo, 'node_modules/axe-core/axe.min.js'), 'utf8');
    for (const query of [
      '?mode=nn',
      '?mode=nn&data=circle&layers=8,8,8,8,8,8,8,8,8,8&act=sigmoid&opt=gd&lr=0.01&epochs=300',
    ]) {
      await open(query);
      await page.addScriptTag({ content: axe });
      const violations = (await page.evaluate(
        'axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id + ": " + v.nodes.length + " " + v.nodes[0].target.join(" ")))',
      )) as string[];
      expect(violations, query).toEqual([]);
    }
    await page.setViewportSize({ width: 375, height: 800 });
    try {
      await open('?mode=nn');
      const widths = (await page.evaluate(
        '[document.documentElement.scrollWidth, window.innerWidth]',
      )) as number[];
      expect(widths[0]).toBeLessThanOrEqual(375);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
    expect(pageErrors).toEqual([]);
  });
});
