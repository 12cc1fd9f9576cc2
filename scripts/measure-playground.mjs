// Measures the built playground in Debian's Chromium: first load, frame times of a five-optimizer race, bundle sizes.
// Run `npm run build:web` first; prints one JSON object. Timing lives here, never in a pass/fail test.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const assets = join(root, 'dist/web/assets');
const port = 5300 + Math.floor(Math.random() * 500);
const server = spawn(process.execPath, [join(root, 'scripts/serve-web.mjs')], {
  env: { ...process.env, PORT: String(port) },
});
await new Promise((resolve) => server.stdout.once('data', resolve));

const gz = (file) => gzipSync(readFileSync(join(assets, file)), { level: 9 }).length;
const html = readFileSync(join(root, 'dist/web/index.html'), 'utf8');
const files = readdirSync(assets).filter((f) => /\.(js|css)$/.test(f));
const initial = files.filter((f) => html.includes(f));
const bundle = Object.fromEntries(
  files.map((f) => [
    f.replace(/-[\w-]{8}\./, '.'),
    { bytes: readFileSync(join(assets, f)).length, gzip: gz(f), initial: initial.includes(f) },
  ]),
);

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
const loads = [];
for (let i = 0; i < 5; i++) {
  const t0 = Date.now();
  await page.goto(`http://localhost:${port}/?mode=2d`, { waitUntil: 'load' });
  const loaded = Date.now() - t0;
  await page.waitForFunction(
    () => document.querySelector('[data-testid=status]')?.getAttribute('data-state') === 'done',
  );
  const ran = Date.now() - t0;
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0];
    return { domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd };
  });
  loads.push({
    loadEvent: Math.round(nav.load),
    domContentLoaded: Math.round(nav.domContentLoaded),
    wall: loaded,
    firstRaceDone: ran,
  });
}
// Five optimizers on Rosenbrock's contours (the 2d preset), played at one iteration per frame.
await page.selectOption('[data-testid=speed]', '1');
const frames = await page.evaluate(
  () =>
    new Promise((resolve) => {
      const deltas = [];
      const work = [];
      let last = performance.now();
      const original = window.requestAnimationFrame.bind(window);
      window.requestAnimationFrame = (callback) =>
        original((t) => {
          const start = performance.now();
          callback(t);
          work.push(performance.now() - start);
        });
      const tick = (t) => {
        deltas.push(t - last);
        last = t;
        if (deltas.length < 400) original(tick);
        else resolve({ deltas: deltas.slice(5), work });
      };
      document.querySelector('[data-testid=reset-button]').click();
      document.querySelector('[data-testid=play-button]').click();
      original(tick);
    }),
);
const p95 = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return Number(s[Math.floor(s.length * 0.95)].toFixed(2));
};
console.log(
  JSON.stringify(
    {
      loads,
      frameIntervalP95ms: p95(frames.deltas),
      frameWorkP95ms: p95(frames.work),
      frameWorkMaxMs: Number(Math.max(...frames.work).toFixed(2)),
      framesMeasured: frames.work.length,
      bundle,
    },
    null,
    2,
  ),
);
await browser.close();
server.kill();
