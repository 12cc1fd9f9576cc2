// The reverse walk: sort the graph topologically from the output, then hand each gradient back, summing.

import { add } from './primitives.js';
import { ones, type Tensor, zeros } from './tensor.js';

/**
 * The gradients of `output` with respect to each of `targets`, starting from the cotangent `seed`.
 * Only tensors that lead to a target are visited, so the walk stops at a nested grad's own variable
 * and never wanders into graphs outer derivatives are recording. Accumulation uses `add`, so when
 * recording is on the gradients are themselves differentiable.
 */
export function backward(
  output: Tensor,
  targets: readonly Tensor[],
  seed: Tensor = ones(output.shape),
): Tensor[] {
  const wanted = new Set(targets);
  // Post-order DFS without recursion (graphs of long loops are deep); `leads` remembers finished tensors.
  const leads = new Map<Tensor, boolean>();
  const order: Tensor[] = [];
  const stack = [{ t: output, next: 0, hit: wanted.has(output) }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const inputs = top.t.node?.inputs ?? [];
    if (top.next < inputs.length) {
      const input = inputs[top.next++]!;
      const known = leads.get(input);
      if (known === undefined) stack.push({ t: input, next: 0, hit: wanted.has(input) });
      else if (known) top.hit = true;
      continue;
    }
    stack.pop();
    leads.set(top.t, top.hit);
    if (!top.hit) continue;
    order.push(top.t);
    const parent = stack[stack.length - 1];
    if (parent !== undefined) parent.hit = true;
  }
  const grads = new Map<Tensor, Tensor>([[output, seed]]);
  for (let i = order.length - 1; i >= 0; i--) {
    const t = order[i]!;
    const g = grads.get(t);
    if (g === undefined || t.node === null) continue;
    if (!wanted.has(t)) grads.delete(t);
    t.node.inputs.forEach((input, k) => {
      if (!leads.get(input)) return;
      const share = t.node!.backward[k]!(g);
      const before = grads.get(input);
      grads.set(input, before === undefined ? share : add(before, share));
    });
  }
  return targets.map((t) => grads.get(t) ?? zeros(t.shape));
}
