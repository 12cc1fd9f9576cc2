// Debian's Chromium for the browser tests, launched headless with the flags this machine's closed network needs.

import { type Browser, chromium } from 'playwright-core';

/** Starts /usr/bin/chromium headless (never a browser download of its own). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}
