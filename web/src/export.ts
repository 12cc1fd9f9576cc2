// PNG export of the library's figures, rasterized by the browser; loaded only when asked for.

import type { Figure } from '../../src/index.js';

/** A figure's SVG drawn on a white canvas of its size. */
export async function raster(svg: string, width: number, height: number): Promise<CanvasRenderingContext2D> {
  const image = new Image(width, height);
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  context.drawImage(image, 0, 0, width, height);
  return context;
}

/** The figure as a PNG, as the CLI's `--plot FILE.png` draws it. */
export async function figurePng(figure: Figure): Promise<Blob> {
  const context = await raster(figure.svg(), figure.width, figure.height);
  return new Promise((resolve, reject) =>
    context.canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('the browser made no PNG'))),
      'image/png',
    ),
  );
}
