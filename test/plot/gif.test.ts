// GIF encoding: frames drawn one at a time give the bytes of the whole list, and each frame is drawn once, in turn.

import { describe, expect, it } from 'vitest';
import { encodeGif, encodeGifFrames, type RasterFrame } from '../../src/plot/gif.js';
import { readGif } from './decode.js';

const width = 12;
const height = 8;

/** Frame k: a gray field with a red 3×3 square that moves one pixel right per frame over a blue bar. */
function frame(k: number): RasterFrame {
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = 4 * (y * width + x);
      const square = x >= k % width && x < (k % width) + 3 && y >= 2 && y < 5;
      const bar = y === 6;
      rgba.set(square ? [230, 20, 20, 255] : bar ? [20, 40, 220, 255] : [200, 200, 200, 255], o);
    }
  }
  return { rgba, delay: k === 11 ? 2000 : 80 };
}

describe('encodeGifFrames', () => {
  it('gives encodeGif’s bytes exactly, for one frame and for many', async () => {
    for (const count of [1, 2, 5, 12]) {
      const frames = Array.from({ length: count }, (_, k) => frame(k));
      const whole = encodeGif(frames, width, height);
      const streamed = await encodeGifFrames(count, width, height, (k) => frame(k));
      expect(streamed).toEqual(whole);
      const gif = readGif(streamed);
      expect(gif.frames).toBe(count);
      expect([gif.width, gif.height]).toEqual([width, height]);
    }
  });

  it('draws the palette frames first, then every other frame once, in order', async () => {
    const drawn: number[] = [];
    await encodeGifFrames(12, width, height, async (k) => {
      drawn.push(k);
      await Promise.resolve();
      return frame(k);
    });
    // Five palette samples: the first, the last and three evenly between (round(i·11/4)).
    expect(drawn).toEqual([0, 3, 6, 8, 11, 1, 2, 4, 5, 7, 9, 10]);
  });

  it('refuses a frame of the wrong size and no frames at all', async () => {
    await expect(
      encodeGifFrames(2, width, height, (k) => (k === 1 ? { rgba: new Uint8Array(4), delay: 80 } : frame(k))),
    ).rejects.toThrow('a frame has 4 bytes, 12×8 needs 384');
    await expect(encodeGifFrames(0, width, height, frame)).rejects.toThrow('at least one frame');
  });
});
