// SVG as strings: elements, escaped text, and numbers that can never be NaN or Infinity.

/** Attribute values; `undefined` leaves the attribute out. */
export type Attributes = Record<string, string | number | undefined>;

/** A point in pixels. */
export type Pixel = readonly [number, number];

/**
 * A coordinate or length for an attribute, to 2 decimals. A non-finite number here is a bug in
 * the figure code (it must clip or drop such points first), so it throws rather than write "NaN".
 *
 * @example
 * svgNumber(1 / 3); // '0.33'
 */
export function svgNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`a non-finite number (${value}) reached the SVG`);
  const rounded = Math.round(value * 100) / 100;
  return String(rounded === 0 ? 0 : rounded);
}

/**
 * Text safe inside an element or a quoted attribute.
 *
 * @example
 * escapeXml('a < b & "c"'); // 'a &lt; b &amp; &quot;c&quot;'
 */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * One element; children are SVG strings already built.
 *
 * @example
 * element('circle', { cx: 10, cy: 20, r: 3, fill: '#0072B2' }); // '<circle cx="10" cy="20" r="3" fill="#0072B2"/>'
 */
export function element(tag: string, attributes: Attributes, ...children: string[]): string {
  const open = `<${tag}${attributeText(attributes)}`;
  return children.length === 0 ? `${open}/>` : `${open}>${children.join('')}</${tag}>`;
}

function attributeText(attributes: Attributes): string {
  let out = '';
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    out += ` ${name}="${typeof value === 'number' ? svgNumber(value) : escapeXml(value)}"`;
  }
  return out;
}

/**
 * A `<text>` element whose content is escaped.
 *
 * @example
 * text('f(x) < 1', { x: 5, y: 5 }); // '<text x="5" y="5">f(x) &lt; 1</text>'
 */
export function text(content: string, attributes: Attributes): string {
  return `<text${attributeText(attributes)}>${escapeXml(content)}</text>`;
}

/**
 * Path data for polylines, one `M … L …` run per piece (pieces of fewer than 2 points are skipped).
 *
 * @example
 * polylineData([[[0, 0], [10, 5]]]); // 'M0 0L10 5'
 */
export function polylineData(pieces: readonly (readonly Pixel[])[]): string {
  let d = '';
  for (const piece of pieces) {
    if (piece.length < 2) continue;
    piece.forEach(([x, y], i) => {
      d += `${i === 0 ? 'M' : 'L'}${svgNumber(x)} ${svgNumber(y)}`;
    });
  }
  return d;
}
