// Picture outputs as flags name them: the format from a file's ending and a WIDTHxHEIGHT size; nothing heavy loads here.

import { InputError } from '../index.js';
import { type FlagValues, stringFlag } from './args.js';

/** The file formats figures are written in. */
export type PlotFormat = 'svg' | 'png' | 'gif';

/**
 * The format a file name asks for; any other ending is bad input naming the flag.
 *
 * @example
 * plotFormat('descent.GIF', '--plot'); // 'gif'
 */
export function plotFormat(file: string, flag: string): PlotFormat {
  const ending = /\.([A-Za-z0-9]+)$/.exec(file)?.[1]?.toLowerCase();
  if (ending === 'svg' || ending === 'png' || ending === 'gif') return ending;
  throw new InputError(`${flag}: "${file}" must end in .svg, .png or .gif`);
}

/**
 * A figure size from `WIDTHxHEIGHT` (`x`, `X` or `×`), each between 100 and 4000 pixels.
 *
 * @example
 * parseSize('1024x768'); // [1024, 768]
 */
export function parseSize(text: string, flag = '--size'): [number, number] {
  const match = /^\s*(\d+)\s*[xX×]\s*(\d+)\s*$/.exec(text);
  if (!match) throw new InputError(`${flag}: "${text}" is not WIDTHxHEIGHT in pixels, e.g. 800x600`);
  const width = Number(match[1]);
  const height = Number(match[2]);
  for (const side of [width, height]) {
    if (side < 100 || side > 4000)
      throw new InputError(`${flag}: each side must be 100 to 4000 pixels, got ${text}`);
  }
  return [width, height];
}

/** `--size WxH` as every picture-writing command takes it, or undefined when left out. */
export function readSizeFlag(values: FlagValues): [number, number] | undefined {
  const sizeText = stringFlag(values, 'size');
  return sizeText === undefined ? undefined : parseSize(sizeText);
}

/**
 * `--plot FILE` and `--size WxH` as minimize, compare and fit take them: the picture's format checked
 * now, before any work, and a size only with a picture.
 *
 * @example
 * readPlotFlags({ plot: 'path.png', size: '1200x900' }); // { plot: 'path.png', size: [1200, 900] }
 */
export function readPlotFlags(values: FlagValues): { plot?: string; size?: [number, number] } {
  const plot = stringFlag(values, 'plot');
  if (plot !== undefined) plotFormat(plot, '--plot');
  const size = readSizeFlag(values);
  if (size !== undefined && plot === undefined) throw new InputError('--size goes with --plot FILE');
  return { ...(plot !== undefined && { plot }), ...(size !== undefined && { size }) };
}
