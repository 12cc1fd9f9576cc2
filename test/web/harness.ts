// The built playground served from a temporary folder to Debian's Chromium, for browser tests of the page.

import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { expect } from 'vitest';
import { launchChromium } from '../chromium.js';

export const repo = fileURLToPath(new URL('../..', import.meta.url));

const types: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

/** The headers `npm start` sends (scripts/serve-web.mjs): the page is cross-origin isolated. */
const isolation = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};

/**
 * A built page, its servers, a browser and one page in it; `errors` collects uncaught page errors. `base`
 * serves the page cross-origin isolated, as `npm start` does; `plainBase` the same files without the
 * isolation headers, as a plain static host would.
 */
export interface Playground {
  base: string;
  plainBase: string;
  browser: Browser;
  page: Page;
  errors: string[];
  close(): Promise<void>;
}

/**
 * Builds web/ into a temporary folder, serves it on a free port and opens Chromium at 1280×900;
 * with `consoleErrors`, errors logged to the console count as page errors too.
 */
export async function startPlayground({ consoleErrors = false } = {}): Promise<Playground> {
  const out = mkdtempSync(join(tmpdir(), 'downhill-web-'));
  await build({
    configFile: join(repo, 'web/vite.config.ts'),
    logLevel: 'silent',
    build: { outDir: out, emptyOutDir: true },
  });
  const serve = async (headers: Record<string, string>): Promise<{ server: Server; base: string }> => {
    const server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://x').pathname;
      const file = normalize(join(out, path === '/' ? 'index.html' : path));
      if (!file.startsWith(out) || !existsSync(file) || !statSync(file).isFile()) {
        response.writeHead(404, headers).end();
        return;
      }
      response.writeHead(200, {
        'content-type': types[extname(file)] ?? 'application/octet-stream',
        ...headers,
      });
      createReadStream(file).pipe(response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
  };
  const isolated = await serve(isolation);
  const plain = await serve({});
  const servers = [isolated, plain];
  const { base } = isolated;
  const plainBase = plain.base;
  const browser = await launchChromium();
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  if (consoleErrors)
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
  return {
    base,
    plainBase,
    browser,
    page,
    errors,
    async close() {
      await browser.close();
      for (const { server } of servers) await new Promise((resolve) => server.close(resolve));
      rmSync(out, { recursive: true, force: true });
    },
  };
}

/** Waits until the mode has finished its run (status done or error, or waiting on a field) and returns the status text. */
export async function settled(page: Page): Promise<string> {
  const status = page.getByTestId('status');
  await expect
    .poll(async () => status.getAttribute('data-state'), { timeout: 30_000 })
    .toMatch(/^(done|error|waiting)$/);
  return (await status.textContent()) ?? '';
}

/** Clicks a download button and returns the file's bytes. */
export async function download(page: Page, testid: string): Promise<Buffer> {
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByTestId(testid).click(),
  ]);
  return readFileSync((await file.path())!);
}

/**
 * What runs past the page's right edge or scrolls sideways inside it: each visible element whose box
 * ends beyond the viewport (the page's body hides sideways overflow, so the page's own scroll width
 * cannot show it), and each element that scrolls sideways (a formula line wider than its column).
 * SVG shapes (clipped by their plot) and KaTeX's hidden MathML are not boxes a reader sees.
 */
export async function sideways(page: Page): Promise<string[]> {
  return (await page.evaluate(`(() => {
    const width = document.documentElement.clientWidth;
    const found = [];
    const name = (el) =>
      el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.dataset?.testid ? '[' + el.dataset.testid + ']' : '') +
      (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
      ' "' + (el.textContent ?? '').trim().slice(0, 30) + '"';
    for (const el of document.querySelectorAll('body *')) {
      if (el instanceof SVGElement && el.ownerSVGElement !== null) continue;
      if (el.closest('.katex-mathml') !== null) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (box.right > width + 1) found.push(name(el) + ' ends at ' + Math.round(box.right) + ' > ' + width);
      const overflowX = getComputedStyle(el).overflowX;
      if ((overflowX === 'auto' || overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1)
        found.push(name(el) + ' scrolls: ' + el.scrollWidth + ' > ' + el.clientWidth);
    }
    return found;
  })()`)) as string[];
}
