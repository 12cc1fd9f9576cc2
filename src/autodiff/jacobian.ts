// jacobianColumns: the Jacobian of a tensor with respect to variables, one column per input number, by reverse over reverse.

import { backward } from './backward.js';
import { variable, withoutGraph } from './graph.js';
import { Tensor, zeros } from './tensor.js';

/**
 * The Jacobian of `output` (built from the tracked `inputs`, each a `variable`) with respect to the
 * inputs flattened in order, handed over one column at a time: `column(j, values)` gets
 * ∂output/∂(input number j) as `output.size` numbers (a view, valid during the call). Forward mode
 * from reverse mode (JAX's autodiff cookbook): one reverse walk seeded with a tracked cotangent u
 * records Jᵀu as a graph in u — every backward rule is linear in its cotangent and built from
 * tensor ops — and one reverse walk of that graph per input number gives J·eⱼ. So it costs about
 * one walk per parameter rather than one per output, the right trade for a few parameters and many
 * rows (Levenberg–Marquardt's Jacobian).
 *
 * @example
 * const x = variable(tensor([1, 2]));
 * const y = mul(x, x); // J = diag(2x)
 * jacobianColumns(y, [x], (j, values) => console.log(j, [...values])); // 0 [2, 0], then 1 [0, 4]
 */
export function jacobianColumns(
  output: Tensor,
  inputs: readonly Tensor[],
  column: (j: number, values: Float64Array) => void,
): void {
  // The cotangent's value is never read: Jᵀu is linear in u, so only its graph matters.
  const u = variable(zeros(output.shape));
  const transposed = backward(output, inputs, u);
  let j = 0;
  for (const g of transposed) {
    const unit = new Float64Array(g.size);
    for (let e = 0; e < g.size; e++) {
      unit.fill(0);
      unit[e] = 1;
      const [values] = withoutGraph(() => backward(g, [u], new Tensor(unit, g.shape)));
      column(j++, values!.data);
    }
  }
}
