// Formulas on the page: KaTeX, with plain text where KaTeX cannot set the input.

import katex from 'katex';
import { h, replace } from './dom.js';

/** KaTeX into a node; a formula KaTeX cannot set falls back to plain text. */
export function renderMath(node: HTMLElement, tex: string): void {
  try {
    katex.render(tex, node, { throwOnError: true, displayMode: false, output: 'htmlAndMathml' });
  } catch {
    node.textContent = tex;
  }
}

/**
 * Several formulas into one node, each set on its own so that a narrow column wraps between them
 * (an aligned block or array cannot wrap, and ran past the column's edge). `flow` lets pieces share
 * a line where they fit; `lines` gives each a line, a piece that begins with = indented as the next
 * line of a derivation. A piece wider than the column still breaks after = or an operator.
 *
 * @example
 * renderMathPieces(node, ['f(x) = x^2', '\\frac{\\partial f}{\\partial x} = 2x'], 'flow');
 */
export function renderMathPieces(
  node: HTMLElement,
  pieces: readonly string[],
  layout: 'flow' | 'lines' = 'flow',
): void {
  node.classList.remove(layout === 'flow' ? 'lines' : 'flow');
  node.classList.add('math-pieces', layout);
  const spans = pieces.map((tex) => {
    const span = h('span', { class: /^\s*=/.test(tex) ? 'math-piece next' : 'math-piece' });
    renderMath(span, tex);
    return span;
  });
  replace(node, ...spans);
}
