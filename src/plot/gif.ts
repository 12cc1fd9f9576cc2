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
  for (const frame of frames) checkFrame(frame, width, height);
  const writer = gifWriter(
    width,
    height,
    paletteFrames(frames.length).map((k) => frames[k]!),
  );
  for (const frame of frames) writer.add(frame);
  return writer.finish();
}

/**
 * encodeGif's GIF, byte for byte, from `count` frames that `render(k)` draws when asked (a Node
 * renderer or a browser canvas, either may be async): each frame is encoded and dropped, so memory
 * holds the few palette frames and two index images rather than every frame — a 100-frame 800 × 600
 * race is 2 MB of pixels a frame, 200 MB all together. The palette frames are drawn first and kept
 * until their turn, so no frame is drawn twice.
 *
 * @example
 * const gray = (k: number) => ({ rgba: new Uint8Array(16).fill(k * 80), delay: 100 });
 * const gif = await encodeGifFrames(3, 2, 2, gray);
 * String.fromCharCode(...gif.subarray(0, 6)); // → 'GIF89a'
 */
export async function encodeGifFrames(
  count: number,
  width: number,
  height: number,
  render: (index: number) => RasterFrame | Promise<RasterFrame>,
): Promise<Uint8Array> {
  if (count === 0) throw new Error('encodeGif needs at least one frame');
  const held = new Map<number, RasterFrame>();
  for (const k of paletteFrames(count)) held.set(k, checkFrame(await render(k), width, height));
  const writer = gifWriter(width, height, [...held.values()]);
  for (let k = 0; k < count; k++) {
    const frame = held.get(k) ?? checkFrame(await render(k), width, height);
    held.delete(k);
    writer.add(frame);
  }
  return writer.finish();
}

/** The frames the palette is learnt from: the first, the last and some evenly between. */
function paletteFrames(count: number): number[] {
  return Array.from(
    new Set(
      Array.from({ length: Math.min(paletteSamples, count) }, (_, i) =>
        Math.round((i * (count - 1)) / Math.max(1, paletteSamples - 1)),
      ),
    ),
  );
}

/** A GIF under way: the palette quantized from `samples`, then the frames added one at a time. */
function gifWriter(width: number, height: number, samples: readonly RasterFrame[]) {
  const pixels = width * height * 4;
  const sample = new Uint8Array(samples.length * pixels);
  samples.forEach((frame, i) => {
    sample.set(frame.rgba, i * pixels);
  });
  // 255 colours leave the last index of the 256-entry table for "unchanged".
  const palette = gifenc.quantize(sample, 255);
  const transparent = palette.length;
  const table = [...palette, [255, 255, 255]];
  const encoder = gifenc.GIFEncoder();
  const delta = new Uint8Array(width * height);
  let previous: Uint8Array | null = null;
  return {
    add(frame: RasterFrame): void {
      const index = gifenc.applyPalette(frame.rgba, palette);
      if (previous === null) {
        encoder.writeFrame(index, width, height, {
          palette: table,
          delay: frame.delay,
          repeat: 0,
          dispose: 1,
        });
      } else {
        for (let i = 0; i < index.length; i++) delta[i] = index[i] === previous[i] ? transparent : index[i]!;
        encoder.writeFrame(delta, width, height, {
          delay: frame.delay,
          transparent: true,
          transparentIndex: transparent,
          dispose: 1,
        });
      }
      previous = index;
    },
    finish(): Uint8Array {
      encoder.finish();
      return encoder.bytes();
    },
  };
}

function checkFrame(frame: RasterFrame, width: number, height: number): RasterFrame {
  const pixels = width * height * 4;
  if (frame.rgba.length !== pixels)
    throw new Error(`a frame has ${frame.rgba.length} bytes, ${width}×${height} needs ${pixels}`);
  return frame;
}
