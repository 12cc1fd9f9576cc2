// The nn mode on helper Web Workers in Debian's Chromium: a large network trains on every core of an isolated page with one thread's numbers, and no helper outlives its run.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Playground, startPlayground } from './harness.js';

let playground: Playground;
let page: Page;

beforeAll(async () => {
  playground = await startPlayground({ consoleErrors: true });
  ({ page } = playground);
}, 180_000);

afterAll(async () => {
  await playground?.close();
});

/** A network whose batches pay for a second thread: 8,642 params over 256-row chunks of the spiral. */
const large = '?mode=nn&data=spiral&layers=64,64,64&act=tanh&opt=adam&lr=0.01';

async function settled(): Promise<string> {
  const status = page.getByTestId('status');
  await expect
    .poll(async () => status.getAttribute('data-state'), { timeout: 90_000, interval: 100 })
    .toMatch(/^(done|error)$/);
  return (await status.textContent()) ?? '';
}

/** The helpers now: workers started from a Blob URL (the nn worker and the page's compute worker are files). */
const helpers = (): string[] =>
  page
    .workers()
    .filter((w) => w.url().startsWith('blob:'))
    .map((w) => w.url());

async function trained(base: string, query: string) {
  await page.goto(`${base}${query}`);
  const status = await settled();
  return {
    status,
    loss: await page.getByTestId('loss').getAttribute('data-value'),
    accuracy: await page.getByTestId('accuracy').getAttribute('data-value'),
  };
}

describe('the nn mode on several threads', () => {
  it('an isolated page trains a large network on every core, with the numbers of a page that is not', async () => {
    const cores = Number(await page.evaluate('navigator.hardwareConcurrency'));
    const isolated = await trained(playground.base, `${large}&epochs=40`);
    expect(await page.evaluate('crossOriginIsolated')).toBe(true);
    if (cores > 1)
      expect(isolated.status).toContain(`tanh · adam lr 0.01 · up to ${cores} threads: 40 epochs`);
    await expect.poll(() => helpers().length, { timeout: 10_000 }).toBe(0);
    const plain = await trained(playground.plainBase, `${large}&epochs=40`);
    expect(await page.evaluate('crossOriginIsolated')).toBe(false);
    expect(plain.status).not.toMatch(/threads/);
    expect(plain.status).toContain('tanh · adam lr 0.01: 40 epochs');
    // The loss is the shortest text that reads back as the same double: equal strings, equal bits.
    expect(isolated.loss).toBe(plain.loss);
    expect(isolated.accuracy).toBe(plain.accuracy);
    expect(Number(isolated.loss)).toBeGreaterThan(0);
  }, 180_000);

  it('a small preset stays on one thread and starts no helper', async () => {
    const run = await trained(
      playground.base,
      '?mode=nn&data=xor&layers=8&act=tanh&opt=adam&lr=0.03&epochs=300',
    );
    expect(run.status).toMatch(/^8 tanh · adam lr 0\.03: 300 epochs/);
    expect(helpers()).toEqual([]);
  }, 120_000);

  it('the helpers run while it trains and end when it is paused, when it finishes and when the mode is left', async () => {
    const cores = Number(await page.evaluate('navigator.hardwareConcurrency'));
    if (cores < 2) return;
    await page.goto(`${playground.base}${large}&epochs=100000`);
    await expect.poll(() => helpers().length, { timeout: 60_000 }).toBe(cores - 1);
    await expect.poll(async () => page.getByTestId('status').textContent()).toMatch(/on up to \d threads/);
    await page.getByTestId('run-button').click();
    await expect.poll(async () => page.getByTestId('status').getAttribute('data-state')).toBe('done');
    await expect.poll(() => helpers().length, { timeout: 10_000 }).toBe(0);
    // Playing on starts them again; a step of one epoch runs on them and ends them too.
    await page.getByTestId('run-button').click();
    await expect.poll(() => helpers().length, { timeout: 60_000 }).toBe(cores - 1);
    await page.getByTestId('run-button').click();
    await expect.poll(() => helpers().length, { timeout: 10_000 }).toBe(0);
    await page.getByTestId('step-button').click();
    await expect.poll(() => helpers().length, { timeout: 10_000 }).toBe(0);
    // Leaving the mode mid-run ends the nn worker and its helpers with it.
    await page.getByTestId('run-button').click();
    await expect.poll(() => helpers().length, { timeout: 60_000 }).toBe(cores - 1);
    await page.getByTestId('mode-2d').click();
    await expect.poll(() => helpers().length, { timeout: 10_000 }).toBe(0);
    await expect.poll(() => page.workers().filter((w) => w.url().includes('nn-worker')).length).toBe(0);
    expect(playground.errors).toEqual([]);
  }, 180_000);
});
