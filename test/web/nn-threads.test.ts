// The nn mode on helper Web Workers in Debian's Chromium: a large network trains on every core of an isolated page with one thread's numbers, and no helper outlives its run.

import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Playground, startPlayground } from './harness.js';

let playground: Playground;
let page: Page;

/**
 * Every helper the page has started, in order, and the moment each ended: counted from Playwright's
 * worker events as they happen, so a check waits for the helpers a run started (or finds it started
 * none) instead of reading the list of live workers at a moment that may come before they start or
 * after they end.
 */
const started: Worker[] = [];
/** The nn workers (one a page load of the nn mode), counted the same way. */
const trainers: Worker[] = [];
const ends = new Map<Worker, Promise<void>>();

beforeAll(async () => {
  playground = await startPlayground({ consoleErrors: true });
  ({ page } = playground);
  page.on('worker', (worker) => {
    const helper = worker.url().startsWith('blob:');
    if (!helper && !worker.url().includes('nn-worker')) return;
    (helper ? started : trainers).push(worker);
    ends.set(worker, new Promise((resolve) => worker.once('close', () => resolve())));
  });
}, 180_000);

/** Resolves once each of these helpers has ended. */
async function ended(workers: readonly Worker[]): Promise<void> {
  await Promise.all(workers.map((worker) => ends.get(worker)));
}

/**
 * Whether a worker still runs script: it answers an evaluate within 20 s. One that has ended rejects it, or never
 * answers where Playwright has not heard of its end (under load a CI run once went a minute without that event).
 */
async function answers(worker: Worker): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      worker.evaluate('1').then(
        () => true,
        () => false,
      ),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), 20_000);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The helpers started since `from` (an index into `started`), once there are `count` of them. */
async function startedSince(from: number, count: number): Promise<Worker[]> {
  await expect.poll(() => started.length - from, { timeout: 60_000 }).toBe(count);
  return started.slice(from);
}

/** The epoch count the status gives once a run has stopped. */
async function stoppedAt(): Promise<number> {
  const status = page.getByTestId('status');
  await expect.poll(async () => status.getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
  return Number(/: (\d+) epochs?,/.exec((await status.textContent()) ?? '')?.[1]);
}

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
    const from = started.length;
    const run = await trained(
      playground.base,
      '?mode=nn&data=xor&layers=8&act=tanh&opt=adam&lr=0.03&epochs=300',
    );
    expect(run.status).toMatch(/^8 tanh · adam lr 0\.03: 300 epochs/);
    // A run starts its helpers before its first epoch, so one that has settled has started all it will.
    expect(started.length).toBe(from);
  }, 120_000);

  it('the helpers run while it trains and end when it is paused, when it finishes and when the mode is left', async () => {
    const cores = Number(await page.evaluate('navigator.hardwareConcurrency'));
    if (cores < 2) return;
    let from = started.length;
    const trainerFrom = trainers.length;
    await page.goto(`${playground.base}${large}&epochs=100000`);
    let running = await startedSince(from, cores - 1);
    // This load's nn worker, asked whether it still runs after the mode is left (see answers()).
    await expect.poll(() => trainers.length - trainerFrom, { timeout: 60_000 }).toBeGreaterThan(0);
    const trainer = trainers.at(-1)!;
    await expect
      .poll(async () => page.getByTestId('status').textContent(), { timeout: 60_000 })
      .toMatch(/on up to \d threads/);
    await page.getByTestId('run-button').click();
    const paused = await stoppedAt();
    await ended(running);
    expect(helpers()).toEqual([]);
    // Playing on starts them again; a step of one epoch runs on them and ends them too.
    from = started.length;
    await page.getByTestId('run-button').click();
    running = await startedSince(from, cores - 1);
    // Paused only once it has trained on them: until then the status still reads the last pause.
    await expect
      .poll(async () => page.getByTestId('status').getAttribute('data-state'), { timeout: 60_000 })
      .toBe('running');
    await page.getByTestId('run-button').click();
    const playedTo = await stoppedAt();
    expect(playedTo).toBeGreaterThan(paused);
    await ended(running);
    from = started.length;
    await page.getByTestId('step-button').click();
    await expect.poll(stoppedAt, { timeout: 60_000 }).toBe(playedTo + 1);
    await ended(await startedSince(from, cores - 1));
    expect(helpers()).toEqual([]);
    // Leaving the mode mid-run ends the nn worker and its helpers with it.
    from = started.length;
    await page.getByTestId('run-button').click();
    running = await startedSince(from, cores - 1);
    await expect.poll(() => answers(trainer), { timeout: 60_000 }).toBe(true);
    await page.getByTestId('mode-2d').click();
    await ended(running);
    expect(helpers()).toEqual([]);
    await expect.poll(() => answers(trainer), { timeout: 60_000 }).toBe(false);
    expect(playground.errors).toEqual([]);
  }, 180_000);
});
