// The bandwidth probe's buffer size: four times the largest cache Linux reports, within a shared memory's pages.

import { describe, expect, it } from 'vitest';
import { probeBytes, probeSize } from './bandwidth.js';

/** A /sys stand-in: the cache sizes by index, a missing index ends the list as on Linux. */
function caches(...sizes: string[]): (path: string) => string {
  return (path) => {
    const index = Number(/index(\d+)/.exec(path)?.[1]);
    if (!(index < sizes.length)) throw new Error(`ENOENT: ${path}`);
    return `${sizes[index]}\n`;
  };
}

describe('the bandwidth probe buffer', () => {
  it('is four times a 480 MiB L3: 1,920 MiB', () => {
    expect(probeBytes(caches('48K', '32K', '2048K', '491520K'))).toBe(1920 * 2 ** 20);
    expect(probeSize(1920 * 2 ** 20)).toBe('1,920 MiB');
  });

  it('is at least 1.5 GiB, where the L3 is small or no size can be read', () => {
    expect(probeBytes(caches('32K', '32K', '1024K', '32768K'))).toBe(1536 * 2 ** 20);
    expect(probeBytes(caches())).toBe(1536 * 2 ** 20);
  });

  it('reads sizes in M and G, and stays a page below a shared memory’s 4 GiB', () => {
    expect(probeBytes(caches('32K', '600M'))).toBe(2400 * 2 ** 20);
    expect(probeBytes(caches('32K', '2G'))).toBe(65535 * 65536);
  });

  it('is whole 64 KiB pages', () => {
    expect(probeBytes(caches('32K', '400001K')) % 65536).toBe(0);
    expect(probeBytes(caches('32K', '400001K'))).toBeGreaterThanOrEqual(4 * 400001 * 1024);
  });
});
