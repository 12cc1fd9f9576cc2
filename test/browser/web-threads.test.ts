// startWebThreads in Chromium: an isolated page's worker trains an mlp on helper Web Workers, bit for bit one thread's; elsewhere one thread.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../chromium.js';

/**
 * The job a page's worker runs: fit() and fitStepper on 1 and 2 threads, with what the pool held meanwhile.
 * Plain JavaScript, loaded beside the bundle with importScripts.
 */
const JOB = `
importScripts('downhill.js');
const d = self.downhill;
// The params' bytes as two FNV-1a hashes and a count: equal digests mean equal bits, and a failure prints short.
const hex = (params) => {
  const bytes = new Uint8Array(params.buffer, params.byteOffset, params.byteLength);
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < bytes.length; i++) {
    a = Math.imul(a ^ bytes[i], 0x01000193) >>> 0;
    b = Math.imul(b ^ bytes[bytes.length - 1 - i], 0x811c9dc5) >>> 0;
  }
  return params.length + ':' + a.toString(16) + b.toString(16);
};
onmessage = async () => {
  try {
    const data = d.generateDataset('spiral', { seed: 1 });
    const settings = { model: 'mlp:64,64,64', loss: 'ce', activation: 'tanh', optimizer: 'adam',
      optimizerOptions: { learningRate: 0.01 }, batchSize: 200, seed: 3, tol: 0 };
    const pool = await d.startWebThreads(2);
    const one = d.fit(data, { ...settings, epochs: 4, threads: 1 });
    const two = d.fit(data, { ...settings, epochs: 4, threads: 2 });
    const stepper = d.fitStepper(data, { ...settings, threads: 2 });
    stepper.step(2);
    const busyWhileHeld = pool.busy;
    stepper.step(2);
    stepper.close();
    const busyAfterClose = pool.busy;
    pool.close();
    postMessage({
      isolated: self.crossOriginIsolated === true,
      threads: pool.threads,
      busyWhileHeld,
      busyAfterClose,
      one: hex(one.params), oneLoss: one.loss,
      two: hex(two.params), twoLoss: two.loss,
      stepped: hex(stepper.params),
    });
  } catch (error) {
    postMessage({ error: String(error && error.stack || error) });
  }
};
`;

const isolation = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};

let browser: Browser;
const servers: Server[] = [];
let isolatedBase: string;
let plainBase: string;

async function serve(bundle: string, headers: Record<string, string>): Promise<string> {
  const files: Record<string, [string, string]> = {
    '/': ['text/html', '<!doctype html><html><body>threads</body></html>'],
    '/downhill.js': ['text/javascript', bundle],
    '/job.js': ['text/javascript', JOB],
  };
  const server = createServer((request, response) => {
    const file = files[new URL(request.url ?? '/', 'http://x').pathname];
    if (file === undefined) {
      response.writeHead(404, headers).end();
      return;
    }
    response.writeHead(200, { 'content-type': file[0], ...headers }).end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

beforeAll(async () => {
  const out = await build({
    entryPoints: [fileURLToPath(new URL('../../src/index.ts', import.meta.url))],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'downhill',
    write: false,
    logLevel: 'silent',
  });
  const bundle = out.outputFiles[0]!.text;
  isolatedBase = await serve(bundle, isolation);
  plainBase = await serve(bundle, {});
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
});

interface JobResult {
  error?: string;
  isolated: boolean;
  threads: number;
  busyWhileHeld: number;
  busyAfterClose: number;
  one: string;
  oneLoss: number;
  two: string;
  twoLoss: number;
  stepped: string;
}

/** Opens `base` and runs the job in a worker of that page. */
async function runJob(base: string): Promise<{ result: JobResult; page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(base);
  // A string, so that the DOM's Worker need not be typed here.
  const result = (await page.evaluate(`new Promise((resolve) => {
    const worker = new Worker('job.js');
    worker.onmessage = (event) => {
      worker.terminate();
      resolve(event.data);
    };
    worker.postMessage('go');
  })`)) as JobResult;
  return { result, page, errors };
}

describe('startWebThreads in Chromium', () => {
  it('an isolated page: the worker trains on two threads, and fit and the stepper equal one thread bit for bit', async () => {
    const { result, page, errors } = await runJob(isolatedBase);
    expect(result.error).toBeUndefined();
    expect(result.isolated).toBe(true);
    expect(result.threads).toBe(2);
    // The stepper held the helper between its steps and let it go on close().
    expect(result.busyWhileHeld).toBe(1);
    expect(result.busyAfterClose).toBe(0);
    expect(result.two).toBe(result.one);
    expect(result.twoLoss).toBe(result.oneLoss);
    expect(result.stepped).toBe(result.one);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('a page not isolated: one thread, silently, and the same numbers', async () => {
    const isolated = await runJob(isolatedBase);
    const { result, page, errors } = await runJob(plainBase);
    expect(result.error).toBeUndefined();
    expect(result.isolated).toBe(false);
    expect(result.threads).toBe(1);
    expect(result.busyWhileHeld).toBe(0);
    expect(result.two).toBe(result.one);
    expect(result.one).toBe(isolated.result.one);
    expect(errors).toEqual([]);
    await Promise.all([page.close(), isolated.page.close()]);
  }, 120_000);

  it('a page’s main thread, which may not block: one thread, and fit still runs', async () => {
    const page = await browser.newPage();
    await page.goto(isolatedBase);
    await page.addScriptTag({ url: 'downhill.js' });
    const result = await page.evaluate(async () => {
      // biome-ignore lint/suspicious/noExplicitAny: the bundle's global, typed only inside Node.
      const d = (globalThis as any).downhill;
      const pool = await d.startWebThreads(2);
      const run = d.fit(d.generateDataset('xor', { seed: 0 }), {
        model: 'mlp:8',
        loss: 'ce',
        epochs: 3,
        threads: 2,
      });
      return {
        isolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated,
        threads: pool.threads,
        epochs: run.epochs,
      };
    });
    expect(result).toEqual({ isolated: true, threads: 1, epochs: 3 });
    await page.close();
  }, 60_000);
});
