// Trajectories against independent scalar re-implementations of torch.optim's documented update rules.

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

// A gradient with curvature, coupling and sign changes, so every state variable matters:
// f = (x₀ − 1)⁴ + 3x₀·sin x₁ + x₂²·e^(0.1x₀).
function gradient(x: readonly number[]): number[] {
  const [a, b, c] = x as [number, number, number];
  return [
    4 * (a - 1) ** 3 + 3 * Math.sin(b) + 0.1 * c * c * Math.exp(0.1 * a),
    3 * a * Math.cos(b),
    2 * c * Math.exp(0.1 * a),
  ];
}

const start = [0.3, -1.7, 2.2];
const steps = 25;

/** The library's trajectory. */
function library(opt: GradientTransformation<unknown>): number[][] {
  let x: Float64Array = Float64Array.from(start);
  let state = opt.init(x);
  const out: number[][] = [];
  for (let t = 0; t < steps; t++) {
    const [u, next] = opt.update(Float64Array.from(gradient([...x])), state, x);
    x = applyUpdates(x, u);
    state = next;
    out.push([...x]);
  }
  return out;
}

/** A reference: one PyTorch step over plain arrays, mutating θ and its state, with t counted from 1. */
type Reference = (theta: number[], g: number[], t: number) => void;

function reference(step: Reference): number[][] {
  const theta = [...start];
  const out: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    step(theta, gradient(theta), t);
    out.push([...theta]);
  }
  return out;
}

function same(actual: number[][], expected: number[][]): void {
  for (let t = 0; t < expected.length; t++) {
    for (let i = 0; i < expected[t]!.length; i++) {
      const a = actual[t]![i]!;
      const e = expected[t]![i]!;
      expect(Math.abs(a - e), `step ${t + 1}, coordinate ${i}: ${a} vs ${e}`).toBeLessThanOrEqual(
        1e-12 * Math.abs(e) + 1e-300,
      );
    }
  }
}

const zeros = () => start.map(() => 0);

// Each reference below transcribes the pseudocode of torch.optim's documentation for that class.
describe('PyTorch reference trajectories (25 steps, 1e-12 relative)', () => {
  it('SGD: θ ← θ − γ(g + λθ)', () => {
    const [lr, wd] = [0.02, 0.1];
    same(
      library(gd(lr, { weightDecay: wd })),
      reference((p, g) => {
        for (let i = 0; i < p.length; i++) p[i] = p[i]! - lr * (g[i]! + wd * p[i]!);
      }),
    );
  });

  for (const nest of [false, true]) {
    it(`SGD momentum${nest ? ', nesterov' : ''}: b ← μb + g (b₁ = g), θ ← θ − γ(${nest ? 'g + μb' : 'b'})`, () => {
      const [lr, mu, wd] = [0.01, 0.8, 0.05];
      const b = zeros();
      const expected = reference((p, grad, t) => {
        for (let i = 0; i < p.length; i++) {
          let g = grad[i]! + wd * p[i]!;
          b[i] = t > 1 ? mu * b[i]! + g : g;
          g = nest ? g + mu * b[i]! : b[i]!;
          p[i] = p[i]! - lr * g;
        }
      });
      const opt = (nest ? nesterov : momentum)(lr, { momentum: mu, weightDecay: wd });
      same(library(opt), expected);
    });
  }

  it('Adagrad: γ̃ = γ/(1 + (t−1)η), s ← s + g², θ ← θ − γ̃g/(√s + ε)', () => {
    const [lr, lrDecay, wd, eps, init] = [0.3, 0.05, 0.01, 1e-10, 0.2];
    const s = start.map(() => init);
    const expected = reference((p, grad, t) => {
      const clr = lr / (1 + (t - 1) * lrDecay);
      for (let i = 0; i < p.length; i++) {
        const g = grad[i]! + wd * p[i]!;
        s[i] = s[i]! + g * g;
        p[i] = p[i]! - (clr * g) / (Math.sqrt(s[i]!) + eps);
      }
    });
    same(library(adagrad(lr, { lrDecay, weightDecay: wd, eps, initialAccumulatorValue: init })), expected);
  });

  it('Adadelta: v ← ρv + (1−ρ)g², Δ = √(u+ε)/√(v+ε)·g, u ← ρu + (1−ρ)Δ², θ ← θ − γΔ', () => {
    const [lr, rho, eps, wd] = [1.0, 0.9, 1e-6, 0.02];
    const v = zeros();
    const u = zeros();
    const expected = reference((p, grad) => {
      for (let i = 0; i < p.length; i++) {
        const g = grad[i]! + wd * p[i]!;
        v[i] = rho * v[i]! + (1 - rho) * g * g;
        const delta = (Math.sqrt(u[i]! + eps) / Math.sqrt(v[i]! + eps)) * g;
        u[i] = rho * u[i]! + (1 - rho) * delta * delta;
        p[i] = p[i]! - lr * delta;
      }
    });
    same(library(adadelta(lr, { rho, eps, weightDecay: wd })), expected);
  });

  for (const centered of [false, true]) {
    for (const mu of [0, 0.7]) {
      it(`RMSprop centered=${centered} momentum=${mu}`, () => {
        const [lr, alpha, eps, wd] = [0.01, 0.95, 1e-8, 0.03];
        const v = zeros();
        const gAve = zeros();
        const b = zeros();
        const expected = reference((p, grad) => {
          for (let i = 0; i < p.length; i++) {
            const g = grad[i]! + wd * p[i]!;
            v[i] = alpha * v[i]! + (1 - alpha) * g * g;
            let vTilde = v[i]!;
            if (centered) {
              gAve[i] = alpha * gAve[i]! + (1 - alpha) * g;
              vTilde = vTilde - gAve[i]! * gAve[i]!;
            }
            if (mu > 0) {
              b[i] = mu * b[i]! + g / (Math.sqrt(vTilde) + eps);
              p[i] = p[i]! - lr * b[i]!;
            } else {
              p[i] = p[i]! - (lr * g) / (Math.sqrt(vTilde) + eps);
            }
          }
        });
        same(library(rmsprop(lr, { rho: alpha, eps, momentum: mu, centered, weightDecay: wd })), expected);
      });
    }
  }

  for (const ams of [false, true]) {
    it(`Adam${ams ? ' (amsgrad)' : ''}: m̂/(√v̂ + ε) with L2 weight decay`, () => {
      const [lr, b1, b2, eps, wd] = [0.05, 0.85, 0.99, 1e-8, 0.01];
      const m = zeros();
      const v = zeros();
      const vMax = zeros();
      const expected = reference((p, grad, t) => {
        for (let i = 0; i < p.length; i++) {
          const g = grad[i]! + wd * p[i]!;
          m[i] = b1 * m[i]! + (1 - b1) * g;
          v[i] = b2 * v[i]! + (1 - b2) * g * g;
          const mHat = m[i]! / (1 - b1 ** t);
          let vHat: number;
          if (ams) {
            vMax[i] = Math.max(vMax[i]!, v[i]!);
            vHat = vMax[i]! / (1 - b2 ** t);
          } else {
            vHat = v[i]! / (1 - b2 ** t);
          }
          p[i] = p[i]! - (lr * mHat) / (Math.sqrt(vHat) + eps);
        }
      });
      same(library((ams ? amsgrad : adam)(lr, { b1, b2, eps, weightDecay: wd })), expected);
    });
  }

  it('AdamW: θ ← θ − γλθ, then Adam on the raw gradient', () => {
    const [lr, b1, b2, eps, wd] = [0.05, 0.9, 0.999, 1e-8, 0.1];
    const m = zeros();
    const v = zeros();
    const expected = reference((p, grad, t) => {
      for (let i = 0; i < p.length; i++) {
        const g = grad[i]!;
        p[i] = p[i]! - lr * wd * p[i]!;
        m[i] = b1 * m[i]! + (1 - b1) * g;
        v[i] = b2 * v[i]! + (1 - b2) * g * g;
        const mHat = m[i]! / (1 - b1 ** t);
        const vHat = v[i]! / (1 - b2 ** t);
        p[i] = p[i]! - (lr * mHat) / (Math.sqrt(vHat) + eps);
      }
    });
    same(library(adamw(lr, { b1, b2, eps, weightDecay: wd })), expected);
  });

  it('Adamax: u ← max(β₂u, |g| + ε), θ ← θ − γm/((1 − β₁ᵗ)u)', () => {
    const [lr, b1, b2, eps, wd] = [0.02, 0.9, 0.999, 1e-8, 0.01];
    const m = zeros();
    const u = zeros();
    const expected = reference((p, grad, t) => {
      for (let i = 0; i < p.length; i++) {
        const g = grad[i]! + wd * p[i]!;
        m[i] = b1 * m[i]! + (1 - b1) * g;
        u[i] = Math.max(b2 * u[i]!, Math.abs(g) + eps);
        p[i] = p[i]! - (lr * m[i]!) / ((1 - b1 ** t) * u[i]!);
      }
    });
    same(library(adamax(lr, { b1, b2, eps, weightDecay: wd })), expected);
  });

  it('NAdam: μₜ = β₁(1 − ½·0.96^(tψ)), m̂ = μₜ₊₁m/(1 − ∏μ to t+1) + (1 − μₜ)g/(1 − ∏μ to t)', () => {
    const [lr, b1, b2, eps, wd, psi] = [0.02, 0.9, 0.999, 1e-8, 0.01, 4e-3];
    const m = zeros();
    const v = zeros();
    let product = 1;
    const expected = reference((p, grad, t) => {
      const muT = b1 * (1 - 0.5 * 0.96 ** (t * psi));
      const muNext = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * psi));
      product *= muT;
      for (let i = 0; i < p.length; i++) {
        const g = grad[i]! + wd * p[i]!;
        m[i] = b1 * m[i]! + (1 - b1) * g;
        v[i] = b2 * v[i]! + (1 - b2) * g * g;
        const mHat = (muNext * m[i]!) / (1 - product * muNext) + ((1 - muT) * g) / (1 - product);
        const vHat = v[i]! / (1 - b2 ** t);
        p[i] = p[i]! - (lr * mHat) / (Math.sqrt(vHat) + eps);
      }
    });
    same(library(nadam(lr, { b1, b2, eps, weightDecay: wd, momentumDecay: psi })), expected);
  });
});
