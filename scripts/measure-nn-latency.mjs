// Measures how the nn mode answers input while its worker trains: real key presses and pointer moves sent by
// Chromium's input pipeline, timed from the event's timestamp to its handler and to the next frame (p50, p95, max).
// Run `npm run build:web` first; prints one JSON object. Timing lives here, never in a pass/fail test.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = 5300 + Math.floor(Math.random() * 500);
const server = spawn(process.execPath, [join(root, 'scripts/serve-web.mjs')], {
  env: { ...process.env, PORT: String(port) },
});
await new Promise((resolve) => server.stdout.once('data', resolve));

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const samples = 80;

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const summary = (values) => ({
  p50: Number(quantile(values, 0.5).toFixed(2)),
  p95: Number(quantile(values, 0.95).toFixed(2)),
  max: Number(Math.max(...values).toFixed(2)),
});

/** Sends real key presses and pointer moves and reads back each one's delay to its handler and to the next frame. */
async function measure() {
  await page.evaluate(() => {
    window.__latency = [];
    const record = (event) => {
      const handler = performance.now();
      requestAnimationFrame(() =>
        window.__latency.push({
          kind: event.type,
          toHandler: handler - event.timeStamp,
          toFrame: performance.now() - event.timeStamp,
        }),
      );
    };
    document.addEventListener('keydown', record);
    document.querySelector('[data-testid=plot] svg').addEventListener('pointermove', record);
  });
  const box = await page.getByTestId('plot').locator('svg').boundingBox();
  for (let i = 0; i < samples; i++) {
    if (i % 2 === 0) await page.keyboard.press('Shift');
    else await page.mouse.move(box.x + box.width * (0.3 + 0.4 * Math.random()), box.y + box.height / 2);
    await page.waitForTimeout(40);
  }
  await page.waitForTimeout(200);
  const got = await page.evaluate(() => window.__latency);
  return {
    events: got.length,
    toHandlerMs: summary(got.map((g) => g.toHandler)),
    toNextFrameMs: summary(got.map((g) => g.toFrame)),
  };
}

// A network big enough that the worker never runs out of epochs while we measure: spiral, three layers of 32.
await page.goto(
  `http://localhost:${port}/?mode=nn&data=spiral&layers=32,32,32&act=tanh&opt=adam&lr=0.01&epochs=100000`,
);
await page.waitForFunction(
  () => document.querySelector('[data-testid=status]')?.getAttribute('data-state') === 'running',
);
await page.waitForTimeout(1000);
const epochAtStart = await page.evaluate(
  () => document.querySelector('[data-testid=nn-readout]')?.textContent,
);
const training = await measure();
const readout = await page.evaluate(() => document.querySelector('[data-testid=nn-readout]')?.textContent);
const stillTraining = await page.evaluate(
  () => document.querySelector('[data-testid=status]')?.getAttribute('data-state') === 'running',
);

// The same page at rest, for comparison.
await page.getByTestId('run-button').click();
await page.waitForFunction(
  () => document.querySelector('[data-testid=status]')?.getAttribute('data-state') === 'done',
);
const idle = await measure();

console.log(
  JSON.stringify(
    {
      page: 'nn mode, spiral, mlp:32,32,32 tanh, adam, training in the Web Worker',
      whileTraining: { ...training, stillTraining, from: epochAtStart, to: readout },
      idle,
      machine: {
        cores: (await import('node:os')).cpus().length,
        load: (await import('node:os')).loadavg()[0],
      },
    },
    null,
    2,
  ),
);
await browser.close();
server.kill();
