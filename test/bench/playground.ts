// Benchmark: the built playground in Debian's Chromium — first load, frame times of a five-optimizer race, bundle sizes, axe and phone checks.

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { launchChromium } from '../chromium.js';
import type { Bench, BenchRow } from './bench.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const web = join(repo, 'dist/web');
const loads = 7;
const frames = 300;

const types: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.woff2': 'font/woff2',
};

const p95 = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!;
};
const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const round = (v: number): number => Number(v.toFixed(2));
const done = 'document.querySelector("[data-testid=status]")?.getAttribute("data-state") === "done"';

/**
 * Each built script and style sheet, gzip -9 bytes: initial when the 2d page fetched it before its
 * first race was drawn (the entry, the mode's chunk and what they import), lazy otherwise (other
 * modes, 3-D, exports, tours, and the worker, which loads beside the page and is listed on its own).
 */
function bundle(loaded: ReadonlySet<string>): {
  initialGzip: number;
  initial: Record<string, number>;
  beside: Record<string, number>;
  lazy: Record<string, number>;
} {
  const assets = join(web, 'assets');
  const initial: Record<string, number> = {};
  const beside: Record<string, number> = {};
  const lazy: Record<string, number> = {};
  const files = readdirSync(assets).filter((f) => /\.(js|css)$/.test(f));
  const plain = (file: string): string => file.replace(/-[\w-]{8}\./, '.');
  for (const file of files) {
    const gzip = gzipSync(readFileSync(join(assets, file)), { level: 9 }).length;
    const worker = /^(nn-)?worker-/.test(file);
    const bucket = !loaded.has(file) ? lazy : worker ? beside : initial;
    // Two chunks may share a name (the bundler names a shared chunk after one of its modules): keep the hash then.
    const twins = files.filter((f) => plain(f) === plain(file)).length > 1;
    bucket[twins ? file : plain(file)] = gzip;
  }
  return { initialGzip: Object.values(initial).reduce((a, b) => a + b, 0), initial, beside, lazy };
}

/**
 * Five optimizers racing on Rosenbrock's contours (the 2d preset), one iteration a frame. In each
 * animation frame the page's own callbacks are timed (script). The frame's script + render time runs
 * from the start of its first animation-frame callback, whichever that is (the page's or this
 * script's), to a message posted from the frame, which arrives after that frame's style, layout,
 * paint and commit. Headless Chromium paces requestAnimationFrame by its own clock (and throttles it
 * on a loaded machine), so the rAF interval is reported beside, not as the frame time.
 */
async function raceFrames(
  page: Page,
): Promise<{ work: number[]; total: number[]; interval: number[]; long: number }> {
  await page.selectOption('[data-testid=speed]', '1');
  // Plain script text: it runs in the page, which the test build has no DOM types for.
  const script = `new Promise((resolve) => {
    const work = [], total = [], interval = [];
    let long = 0;
    new PerformanceObserver((list) => { long += list.getEntries().length; })
      .observe({ type: 'long-animation-frame', buffered: false });
    const original = window.requestAnimationFrame.bind(window);
    const channel = new MessageChannel();
    // Every callback of one frame gets the same timestamp: the first to run marks the frame's start.
    let frameTime = -1;
    let frameStart = 0;
    const begin = (t) => {
      if (t !== frameTime) {
        frameTime = t;
        frameStart = performance.now();
      }
    };
    channel.port1.onmessage = () => total.push(performance.now() - frameStart);
    window.requestAnimationFrame = (callback) => original((t) => {
      begin(t);
      const start = performance.now();
      callback(t);
      work.push(performance.now() - start);
    });
    let last = 0;
    const tick = (t) => {
      begin(t);
      channel.port2.postMessage(0);
      if (last !== 0) interval.push(t - last);
      last = t;
      if (interval.length < ${frames}) original(tick);
      else setTimeout(() => resolve({ work, total, interval, long }), 50);
    };
    document.querySelector('[data-testid=reset-button]').click();
    document.querySelector('[data-testid=play-button]').click();
    original(tick);
  })`;
  return page.evaluate(script) as Promise<{
    work: number[];
    total: number[];
    interval: number[];
    long: number;
  }>;
}

/**
 * Each frame's main-thread CPU time from a Chromium trace: the thread time of the renderer's
 * BeginMainFrame tasks, which hold a frame's animation callbacks, style, layout, paint and commit.
 */
function frameCpu(trace: Buffer): number[] {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (main === undefined) throw new Error('playground: the trace has no renderer main thread');
  const frames = events
    .filter(
      (e) =>
        e.pid === main.pid &&
        e.tid === main.tid &&
        e.ph === 'X' &&
        e.name === 'ProxyMain::BeginMainFrame' &&
        e.tdur !== undefined,
    )
    .map((e) => e.tdur! / 1000);
  if (frames.length === 0)
    throw new Error('playground: the trace holds no BeginMainFrame with a thread time');
  return frames;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  tdur?: number;
  args?: { name?: string };
}

async function measure(): Promise<BenchRow[]> {
  const build = spawnSync('npm', ['run', 'build:web', '--silent'], { cwd: repo, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`playground: the web build failed: ${build.stderr.slice(0, 400)}`);
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const file = normalize(join(web, path === '/' ? 'index.html' : path));
    try {
      const body = readFileSync(file);
      response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // First load to a usable page: navigation start to the controls being there, and to the first race drawn.
    const controls: number[] = [];
    const firstRun: number[] = [];
    let transferred = 0;
    // The built files the page fetched before its first race was drawn.
    const loaded = new Set<string>();
    for (let i = 0; i < loads; i++) {
      let bytes = 0;
      const count = (r: { request(): { sizes(): Promise<{ responseBodySize: number }> } }) =>
        void r
          .request()
          .sizes()
          .then((s) => {
            bytes += s.responseBodySize;
          });
      page.on('response', count);
      await page.goto(`${base}?mode=2d`);
      await page.waitForFunction(done);
      const times = (await page.evaluate(
        'Object.fromEntries(performance.getEntriesByType("mark").map((m) => [m.name, m.startTime]))',
      )) as Record<string, number>;
      controls.push(times['playground:controls']!);
      firstRun.push(times['playground:first-run']!);
      const fetched = (await page.evaluate(
        `performance.getEntriesByType("resource").filter((r) => r.startTime < ${times['playground:first-run']!}).map((r) => r.name.replace(/.*\\//, ""))`,
      )) as string[];
      for (const file of fetched) loaded.add(file);
      page.off('response', count);
      if (i === loads - 1) transferred = bytes;
    }
    // The same race under Chromium's tracing, for each frame's main-thread CPU time: on a loaded
    // machine a frame's wall time also counts the time other processes held the core.
    await browser.startTracing(page, { categories: ['devtools.timeline', 'cc'] });
    const race = await raceFrames(page);
    const cpu = frameCpu(await browser.stopTracing());
    // axe-core on every mode (all impacts counted), and the widest page at a 375 px phone width.
    const axe = readFileSync(join(repo, 'node_modules/axe-core/axe.min.js'), 'utf8');
    const axeCounts: Record<string, string> = {};
    const phone: Record<string, number> = {};
    for (const mode of ['1d', '2d', 'fit', 'nn', 'direction']) {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${base}?mode=${mode}`);
      await page.waitForFunction(done);
      await page.addScriptTag({ content: axe });
      const impacts = (await page.evaluate(
        'axe.run(document).then((r) => r.violations.map((v) => v.impact + " " + v.id))',
      )) as string[];
      axeCounts[`axe ${mode}`] =
        impacts.length === 0 ? '0 violations' : `${impacts.length}: ${impacts.join(', ')}`;
      await page.setViewportSize({ width: 375, height: 800 });
      await page.waitForTimeout(200);
      phone[`375px scrollWidth ${mode}`] = (await page.evaluate(
        'document.documentElement.scrollWidth',
      )) as number;
    }
    const sizes = bundle(loaded);
    const initialNotes = Object.fromEntries([
      ...Object.entries(sizes.initial).map(([k, v]) => [`initial ${k} (gzip bytes)`, v]),
      ...Object.entries(sizes.beside).map(([k, v]) => [
        `worker ${k}, fetched beside the page (gzip bytes)`,
        v,
      ]),
    ]);
    const lazyNotes = Object.fromEntries(
      Object.entries(sizes.lazy).map(([k, v]) => [`lazy ${k} (gzip bytes)`, v]),
    );
    return [
      {
        name: 'playground-load',
        downhill: median(firstRun) / 1000,
        peers: {},
        bound: null,
        notes: {
          'controls on screen, median ms': round(median(controls)),
          'first race drawn, median ms': round(median(firstRun)),
          'first race drawn, worst ms': round(Math.max(...firstRun)),
          loads,
          'bytes transferred (uncompressed, localhost)': transferred,
          'initial bundle (gzip bytes)': sizes.initialGzip,
          ...initialNotes,
          ...lazyNotes,
          peers: 'none in the same run: TensorFlow Playground needs the network to load',
        },
      },
      {
        name: 'playground-frame',
        downhill: p95(race.total) / 1000,
        peers: {},
        bound: 1 / 60,
        notes: {
          'script + render p95 ms': round(p95(race.total)),
          'script p95 ms': round(p95(race.work)),
          'script max ms': round(Math.max(...race.work)),
          'main-thread CPU a frame, p50 ms (trace)': round(median(cpu)),
          'main-thread CPU a frame, p95 ms (trace)': round(p95(cpu)),
          'main-thread CPU a frame, max ms (trace)': round(Math.max(...cpu)),
          'rAF interval p95 ms (headless pacing)': round(p95(race.interval)),
          'long animation frames (> 50 ms)': race.long,
          frames: race.total.length,
          race: 'Rosenbrock, gd, momentum, nesterov, adam and lbfgs, one iteration a frame, 1280×900',
          ...axeCounts,
          ...phone,
        },
      },
    ];
  } finally {
    await browser.close();
    server.close();
  }
}

export const bench: Bench = { name: 'playground', run: measure };
