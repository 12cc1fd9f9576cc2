// Formulas on the page: KaTeX, with plain text where KaTeX cannot set the input.

import katex from 'katex';

/** KaTeX into a node; a formula KaTeX cannot set falls back to plain text. */
export function renderMath(node: HTMLElement, tex: string): void {
  try {
    katex.render(tex, node, { throwOnError: true, displayMode: false, output: 'htmlAndMathml' });
  } catch {
    node.textContent = tex;
  }
}
