// Test helpers: read PNG and GIF headers byte by byte, and check that an SVG is well-formed XML.

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
export function pngSize(bytes: Uint8Array): [number, number] {
  const signature = [137, 80, 78, 71, 13, 10, 26, 10];
  signature.forEach((b, i) => {
    if (bytes[i] !== b) throw new Error('not a PNG');
  });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') throw new Error('no IHDR first');
  return [view.getUint32(16), view.getUint32(20)];
}

export interface GifInfo {
  width: number;
  height: number;
  /** Image descriptors: one per frame. */
  frames: number;
  /** Graphic Control Extension delays, in hundredths of a second. */
  delays: number[];
  loops: boolean;
}

/** Walks a GIF's blocks (GIF89a spec): screen size, frames and delays. */
export function readGif(bytes: Uint8Array): GifInfo {
  if (String.fromCharCode(...bytes.subarray(0, 6)) !== 'GIF89a') throw new Error('not a GIF89a');
  const u16 = (i: number): number => bytes[i]! | (bytes[i + 1]! << 8);
  const info: GifInfo = { width: u16(6), height: u16(8), frames: 0, delays: [], loops: false };
  const tableSize = (packed: number): number => (packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0);
  let i = 13 + tableSize(bytes[10]!);
  const skipSubBlocks = (): void => {
    while (bytes[i] !== 0) i += bytes[i]! + 1;
    i++;
  };
  for (;;) {
    const b = bytes[i];
    if (b === 0x3b) return info;
    if (b === 0x21) {
      const label = bytes[i + 1];
      if (label === 0xf9) info.delays.push(u16(i + 4));
      if (label === 0xff && String.fromCharCode(...bytes.subarray(i + 3, i + 14)) === 'NETSCAPE2.0')
        info.loops = true;
      i += 2;
      skipSubBlocks();
    } else if (b === 0x2c) {
      info.frames++;
      i += 10 + tableSize(bytes[i + 9]!) + 1;
      skipSubBlocks();
    } else {
      throw new Error(`unexpected block 0x${b?.toString(16)} at byte ${i}`);
    }
  }
}

/** Throws unless every tag closes in order and no attribute is unquoted: enough to catch broken SVG strings. */
export function assertWellFormed(xml: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(xml); m !== null; m = tag.exec(xml)) {
    if (/[<>]/.test(xml.slice(last, m.index))) throw new Error(`stray < or > before ${m.index}`);
    last = tag.lastIndex;
    const [, closing, name, , selfClosing] = m;
    if (selfClosing) continue;
    if (closing) {
      if (stack.pop() !== name) throw new Error(`</${name}> closes the wrong element at ${m.index}`);
    } else {
      stack.push(name!);
    }
  }
  if (/[<>]/.test(xml.slice(last))) throw new Error('stray < or > at the end');
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
}
