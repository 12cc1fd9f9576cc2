// Animated GIF encoding with gifenc: one global palette for every frame, unchanged pixels left transparent.

import * as gifencModule from 'gifenc';

// Bundlers and Vitest load gifenc's ES build, with named exports; Node loads its CommonJS build, whose
// exports all arrive as the default export.
const gifenc: Pick<typeof gifencModule, 'GIFEncoder' | 'quantize' | 'applyPalette'> =
  typeof gifencModule.quantize === 'function' ? gifencModule : (gifencModule.default as typeof gifencModule);

/** One rendered frame: RGBA pixels, row by row, and how long it is shown in milliseconds. */
export interface RasterFrame {
  readonly rgba: Uint8Array | Uint8ClampedArray;
  readonly delay: number;
}

// How many frames the palette is learnt from: the first, the last and some between.
const paletteSamples = 5;

/**
 * An animated GIF that loops forever. The palette is quantized once, from a few frames, so every
 * frame shares the global colour table; each frame after the first keeps only the pixels that
 * changed and marks the rest transparent over the previous frame, which keeps a 100-frame
 * 800 × 600 animation well under 2 MB. Pure JavaScript: the playground can use it too.
 *
 * @example
 * // Two 2×2 frames, red then blue. The SVG frames of animationFrames go the same way once rasterized to RGBA.
 * const red = Uint8Array.from({ length: 16 }, (_, i) => [255, 0, 0, 255][i % 4]!);
 * const blue = Uint8Array.from({ length: 16 }, (_, i) => [0, 0, 255, 255][i % 4]!);
 * const gif = encodeGif([{ rgba: red, delay: 500 }, { rgba: blue, delay: 500 }], 2, 2);
 * String.fromCharCode(...gif.subarray(0, 6)); // → 'GIF89a'
 */
export function encodeGif(frames: readonly RasterFrame[], width: number, height: number): Uint8Array {
  if (frames.length === 0) throw new Error('encodeGif needs at least one frame');
  const pixels = width * height * 4;
  for (const frame of frames) {
    if (frame.rgba.length !== pixels)
      throw new Error(`a frame has ${frame.rgba.length} bytes, ${width}×${height} needs ${pixels}`);
  }
  const picks = Array.from(
    new Set(
      Array.from({ length: Math.min(paletteSamples, frames.length) }, (_, i) =>
        Math.round((i * (frames.length - 1)) / Math.max(1, paletteSamples - 1)),
      ),
    ),
  );
  const sample = new Uint8Array(picks.length * pixels);
  picks.forEach((k, i) => {
    sample.set(frames[k]!.rgba, i * pixels);
  });
  // 255 colours leave the last index of the 256-entry table for "unchanged".
  const palette = gifenc.quantize(sample, 255);
  const transparent = palette.length;
  const table = [...palette, [255, 255, 255]];
  const encoder = gifenc.GIFEncoder();
  let previous: Uint8Array | null = null;
  for (const frame of frames) {
    const index = gifenc.applyPalette(frame.rgba, palette);
    if (previous === null) {
      encoder.writeFrame(index, width, height, { palette: table, delay: frame.delay, repeat: 0, dispose: 1 });
    } else {
      const delta = new Uint8Array(index.length);
      for (let i = 0; i < index.length; i++) delta[i] = index[i] === previous[i] ? transparent : index[i]!;
      encoder.writeFrame(delta, width, height, {
        delay: frame.delay,
        transparent: true,
        transparentIndex: transparent,
        dispose: 1,
      });
    }
    previous = index;
  }
  encoder.finish();
  return encoder.bytes();
}
