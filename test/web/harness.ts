// The built playground served from a temporary folder to Debian's Chromium, for browser tests of the page.

import { createReadStream, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
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

/** A built page, its server, a browser and one page in it; `errors` collects uncaught page errors. */
export interface Playground {
  base: string;
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
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const file = normalize(join(out, path === '/' ? 'index.html' : path));
    if (!file.startsWith(out) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
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
    browser,
    page,
    errors,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Waits until the mode has finished its run (status done or error) and returns the status text. */
export async function settled(page: Page): Promise<string> {
  const status = page.getByTestId('status');
  await expect
    .poll(async () => status.getAttribute('data-state'), { timeout: 30_000 })
    .toMatch(/^(done|error)$/);
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
