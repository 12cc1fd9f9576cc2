// The first steps of every named optimizer, worked out by hand (tfjs-core's *_test.ts style), plus tfjs's published vectors.

import { describe, expect, it } from 'vitest';
import { adadelta } from '../../src/optim/adadelta.js';
import { adagrad } from '../../src/optim/adagrad.js';
import { adam } from '../../src/optim/adam.js';
import { adamax } from '../../src/optim/adamax.js';
import { adamw } from '../../src/optim/adamw.js';
import { amsgrad } from '../../src/optim/amsgrad.js';
import { gd } from '../../src/optim/gd.js';
import { momentum } from '../../src/optim/momentum.js';
import { nadam } from '../../src/optim/nadam.js';
import { nesterov } from '../../src/optim/nesterov.js';
import { rmsprop } from '../../src/optim/rmsprop.js';
import { applyUpdates, type GradientTransformation } from '../../src/optim/transform.js';

/** Steps on f = Σx² (∇f = 2x), returning every iterate after the start. */
function iterates(opt: GradientTransformation<unknown>, start: number[], steps: number): number[][] {
  let x: Float64Array = Float64Array.from(start);
  let state = opt.init(x);
  const out: number[][] = [];
  for (let t = 0; t < steps; t++) {
    const grads = x.map((v) => 2 * v);
    const [updates, next] = opt.update(grads, state, x);
    x = applyUpdates(x, updates);
    state = next;
    out.push([...x]);
  }
  return out;
}

function close(actual: number[], expected: number[], tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    expect(Math.abs(a - expected[i]!)).toBeLessThanOrEqual(tolerance);
  });
}

describe('TensorFlow.js published vectors on f = Σx²', () => {
  it('momentum lr .1, m .5 from [1, 2]', () => {
    // g = [2, 4], b = [2, 4], x = [1, 2] − .1·[2, 4] = [.8, 1.6]
    // g = [1.6, 3.2], b = .5·[2, 4] + g = [2.6, 5.2], x = [.8, 1.6] − [.26, .52] = [.54, 1.08]
    const [x1, x2] = iterates(momentum(0.1, { momentum: 0.5 }), [1, 2], 2);
    close(x1!, [0.8, 1.6], 1e-15);
    close(x2!, [0.54, 1.08], 1e-15);
  });

  it('nesterov lr .1, m .5 from [1, 2]', () => {
    // g = [2, 4], b = [2, 4], update g + .5b = [3, 6], x = [.7, 1.4]
    // g = [1.4, 2.8], b = [1 + 1.4, 2 + 2.8] = [2.4, 4.8], update [1.4 + 1.2, 2.8 + 2.4] = [2.6, 5.2], x = [.44, .88]
    const [x1, x2] = iterates(nesterov(0.1, { momentum: 0.5 }), [1, 2], 2);
    close(x1!, [0.7, 1.4], 1e-15);
    close(x2!, [0.44, 0.88], 1e-15);
  });

  it('adam lr .1, b1 .8, b2 .9 from [2, 4]', () => {
    // g = [4, 8], m = .2g = [.8, 1.6], v = .1g² = [1.6, 6.4], m̂ = m/.2 = [4, 8], v̂ = v/.1 = [16, 64]
    // update m̂/√v̂ = [1, 1], x = [1.9, 3.9]
    // g = [3.8, 7.8], m = .8·[.8, 1.6] + .2·[3.8, 7.8] = [1.4, 2.84]
    // v = .9·[1.6, 6.4] + .1·[14.44, 60.84] = [2.884, 11.844], m̂ = m/.36, v̂ = v/.19
    // x = [1.9 − .1·3.8889/3.8960, 3.9 − .1·7.8889/7.8954] = [1.8001830, 3.8000821]
    const [x1, x2] = iterates(adam(0.1, { b1: 0.8, b2: 0.9 }), [2, 4], 2);
    close(x1!, [1.9, 3.9], 1e-8);
    close(x2!, [1.800183, 3.8000821], 1e-7);
  });

  it('rmsprop (tfjs convention) lr .1, rho .95, momentum .1 from [1, 2]', () => {
    // v = .05·[4, 16] = [.2, .8], b = .1·g/√(v + ε) = [.2/√.2, .4/√.8] = [.4472136, .4472136]
    // x = [.5527864, 1.5527864]; tfjs-core's rmsprop_optimizer_test gives [.5527865, 1.5527864] → [.2874418, 1.2294267]
    const [x1, x2] = iterates(rmsprop(0.1, { rho: 0.95, momentum: 0.1, convention: 'tfjs' }), [1, 2], 2);
    close(x1!, [0.5527865, 1.5527864], 1e-6);
    close(x2!, [0.2874418, 1.2294267], 1e-6);
  });

  it('centered rmsprop (tfjs convention) from [1, 2]', () => {
    // ḡ = .05·[2, 4] = [.1, .2], b = .1·2/√(.2 − .01 + ε) = .4588315, x = [.5411685, 1.5411685]
    const [x1, x2] = iterates(
      rmsprop(0.1, { rho: 0.95, momentum: 0.1, centered: true, convention: 'tfjs' }),
      [1, 2],
      2,
    );
    close(x1!, [0.5411684, 1.5411685], 1e-6);
    close(x2!, [0.2677834, 1.2035918], 1e-6);
  });

  it('adadelta (tfjs convention) lr .1, rho .95 from [1, 2]', () => {
    // The old averages are 0, so Δ = √(0 + ε)/√(0 + ε)·g = g: x = [1, 2] − .1·[2, 4] = [.8, 1.6]
    // u = .05·g² = v before the second step, so again Δ = g: x = [.8, 1.6] − .1·[1.6, 3.2] = [.64, 1.28]
    const [x1, x2] = iterates(adadelta(0.1, { rho: 0.95, convention: 'tfjs' }), [1, 2], 2);
    close(x1!, [0.8, 1.6], 1e-12);
    close(x2!, [0.64, 1.28], 1e-12);
  });
});

describe('hand-worked first steps, PyTorch rules, f = Σx² from [1, 2]', () => {
  it('gd lr .1: x = [1, 2] − .1·[2, 4] = [.8, 1.6]', () => {
    close(iterates(gd(0.1), [1, 2], 1)[0]!, [0.8, 1.6], 1e-15);
  });

  it('gd with weight decay .5: g + λθ = [2.5, 5], x = [.75, 1.5]', () => {
    close(iterates(gd(0.1, { weightDecay: 0.5 }), [1, 2], 1)[0]!, [0.75, 1.5], 1e-15);
  });

  it('adagrad lr .1: s = [4, 16], g/(√s + 1e-10) ≈ [1, 1], x ≈ [.9, 1.9]', () => {
    // Second step: g = [1.8, 3.8], s = [7.24, 30.44], g/√s = [.66896, .68875]
    const [x1, x2] = iterates(adagrad(0.1), [1, 2], 2);
    close(x1!, [0.9, 1.9], 1e-10);
    close(x2!, [0.9 - (0.1 * 1.8) / Math.sqrt(7.24), 1.9 - (0.1 * 3.8) / Math.sqrt(30.44)], 1e-10);
  });

  it('adagrad, tfjs convention: s₀ = .1, g/√(s + 1e-7)', () => {
    // s = .1 + [4, 16] = [4.1, 16.1], x = [1 − .2/√4.1000001, 2 − .4/√16.1000001]
    close(
      iterates(adagrad(0.1, { convention: 'tfjs' }), [1, 2], 1)[0]!,
      [1 - 0.2 / Math.sqrt(4.1000001), 2 - 0.4 / Math.sqrt(16.1000001)],
      1e-15,
    );
  });

  it('adadelta lr 1, rho .9, eps 1e-6: Δ = √1e-6/√(v + 1e-6)·g', () => {
    // v = .1·[4, 16] = [.4, 1.6], Δ = .001/√.400001·2 = .001/√1.600001·4 ≈ .0031623
    const x1 = iterates(adadelta(1), [1, 2], 1)[0]!;
    close(x1, [1 - (0.001 / Math.sqrt(0.400001)) * 2, 2 - (0.001 / Math.sqrt(1.600001)) * 4], 1e-15);
    close(x1, [0.9968377, 1.9968377], 1e-7);
  });

  it('rmsprop lr .01, rho .99: v = [.04, .16], g/(√v + 1e-8) ≈ [10, 10], x ≈ [.9, 1.9]', () => {
    close(iterates(rmsprop(0.01), [1, 2], 1)[0]!, [0.9, 1.9], 1e-8);
  });

  it('centered rmsprop lr .01: ḡ = [.02, .04], √(v − ḡ²) = [.19900, .39799], x = [1 − .01·2/.199, …]', () => {
    const x1 = iterates(rmsprop(0.01, { centered: true }), [1, 2], 1)[0]!;
    close(
      x1,
      [
        1 - (0.01 * 2) / (Math.sqrt(0.04 - 0.0004) + 1e-8),
        2 - (0.01 * 4) / (Math.sqrt(0.16 - 0.0016) + 1e-8),
      ],
      1e-15,
    );
  });

  it('adam lr .1: first step is ±lr per coordinate, x ≈ [.9, 1.9]', () => {
    close(iterates(adam(0.1), [1, 2], 1)[0]!, [0.9, 1.9], 1e-8);
  });

  it('amsgrad lr .1: the first step equals adam, x ≈ [.9, 1.9]', () => {
    close(iterates(amsgrad(0.1), [1, 2], 1)[0]!, [0.9, 1.9], 1e-8);
  });

  it('adamw lr .1, λ .01: θ − ηλθ − η·[1, 1] = [.899, 1.898]', () => {
    close(iterates(adamw(0.1, { weightDecay: 0.01 }), [1, 2], 1)[0]!, [0.899, 1.898], 1e-8);
  });

  it('adamax lr .1: m = [.2, .4], u = |g| + ε, m/((1 − .9)·u) ≈ [1, 1], x ≈ [.9, 1.9]', () => {
    const x1 = iterates(adamax(0.1), [1, 2], 1)[0]!;
    close(x1, [1 - (0.1 * 0.2) / (0.1 * (2 + 1e-8)), 2 - (0.1 * 0.4) / (0.1 * (4 + 1e-8))], 1e-15);
  });

  it('nadam lr .1: step (1 + .1·μ₂/(1 − μ₁μ₂))·sign(g)·η', () => {
    // μ₁ = .9(1 − ½·.96^.004) ≈ .4500735, μ₂ = .9(1 − ½·.96^.008) ≈ .4501470
    // m̂ = μ₂·m/(1 − μ₁μ₂) + (1 − μ₁)g/(1 − μ₁) with m = .1g, v̂ = g²: ratio = 1 + .1μ₂/(1 − μ₁μ₂)
    const mu1 = 0.9 * (1 - 0.5 * 0.96 ** 0.004);
    const mu2 = 0.9 * (1 - 0.5 * 0.96 ** 0.008);
    expect(mu1).toBeCloseTo(0.4500735, 7);
    expect(mu2).toBeCloseTo(0.450147, 6);
    const ratio = 1 + (0.1 * mu2) / (1 - mu1 * mu2);
    expect(ratio).toBeCloseTo(1.05645, 5);
    close(iterates(nadam(0.1), [1, 2], 1)[0]!, [1 - 0.1 * ratio, 2 - 0.1 * ratio], 1e-8);
  });
});

describe('convention: pytorch and tfjs differ where documented', () => {
  it('rmsprop puts ε inside the root only for tfjs', () => {
    const eps = 0.01;
    const pt = iterates(rmsprop(0.1, { eps }), [1], 1)[0]!;
    const tf = iterates(rmsprop(0.1, { eps, convention: 'tfjs' }), [1], 1)[0]!;
    // v = .01·4 = .04: PyTorch 1 − .1·2/(.2 + .01), tfjs 1 − .1·2/√(.04 + .01)
    close(pt, [1 - 0.2 / 0.21], 1e-15);
    close(tf, [1 - 0.2 / Math.sqrt(0.05)], 1e-15);
  });

  it('adadelta divides by the new average in PyTorch, the old one in tfjs', () => {
    const pt = iterates(adadelta(1, { rho: 0.5, eps: 0.01 }), [1], 1)[0]!;
    const tf = iterates(adadelta(1, { rho: 0.5, eps: 0.01, convention: 'tfjs' }), [1], 1)[0]!;
    // g = 2, v = .5·4 = 2: PyTorch Δ = √.01/√2.01·2, tfjs Δ = √.01/√.01·2 = 2
    close(pt, [1 - (0.1 / Math.sqrt(2.01)) * 2], 1e-15);
    close(tf, [-1], 1e-15);
  });

  it('adamax adds ε inside the max for PyTorch, to the denominator for tfjs', () => {
    const pt = iterates(adamax(1, { eps: 0.5 }), [1], 1)[0]!;
    const tf = iterates(adamax(1, { eps: 0.5, convention: 'tfjs' }), [1], 1)[0]!;
    // m = .2, PyTorch u = max(0, 2 + .5) = 2.5 → 1 − .2/(.1·2.5); tfjs u = 2 → 1 − .2/(.1·2.5): same at t = 1
    close(pt, [1 - 0.2 / 0.25], 1e-15);
    close(tf, [1 - 0.2 / 0.25], 1e-15);
    // t = 2 from x = .2: g = .4, m = .9·.2 + .1·.4 = .22, 1 − .9² = .19
    // PyTorch u = max(.999·2.5, .9) = 2.4975 → .2 − .22/(.19·2.4975)
    // tfjs u = max(.999·2, .4) = 1.998 → .2 − .22/(.19·(1.998 + .5))
    const [, pt2] = iterates(adamax(1, { eps: 0.5 }), [1], 2);
    const [, tf2] = iterates(adamax(1, { eps: 0.5, convention: 'tfjs' }), [1], 2);
    close(pt2!, [0.2 - 0.22 / (0.19 * 2.4975)], 1e-12);
    close(tf2!, [0.2 - 0.22 / (0.19 * 2.498)], 1e-12);
  });

  it('the tfjs convention moves the default eps to 1e-7', () => {
    // adam from [1] with b2 such that v̂ = g²: update g/(|g| + ε); at g = 1e-7·2 the difference shows
    const tiny = 1e-7;
    const pt = iterates(adam(1), [tiny], 1)[0]!;
    const tf = iterates(adam(1, { convention: 'tfjs' }), [tiny], 1)[0]!;
    close(pt, [tiny - (2 * tiny) / (2 * tiny + 1e-8)], 1e-15);
    close(tf, [tiny - (2 * tiny) / (2 * tiny + 1e-7)], 1e-15);
  });
});
