// GIF export: the race animated through the library's encoder, loaded only when a GIF is asked for.

import { animationFrames, encodeGif, type Figure } from '../../src/index.js';
import { raster } from './export.js';

/** The race as an animated GIF through the library's encoder (one global palette, changed pixels only). */
export async function figureGif(figure: Figure): Promise<Blob> {
  const frames = animationFrames(figure, { maxFrames: 80 });
  const rasters = [];
  for (const frame of frames) {
    const context = await raster(frame.svg, figure.width, figure.height);
    rasters.push({ rgba: context.getImageData(0, 0, figure.width, figure.height).data, delay: frame.delay });
  }
  const bytes = encodeGif(rasters, figure.width, figure.height);
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/gif' });
}
