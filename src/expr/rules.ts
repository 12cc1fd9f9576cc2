// The numeric rule of each allowed function: its value and its first and second derivatives, side by side.

import type { FunctionName } from './node.js';

/** One function's rule; the derivatives see the argument `p` and the value `r` = f(p), whichever is cheaper. */
export interface FunctionRule {
  value(p: number): number;
  first(p: number, r: number): number;
  second(p: number, r: number): number;
  /** Where the slope jumps (abs at 0): the rules give one side's slope there, so differentiability must look. */
  kink?: number;
}

/**
 * Every allowed function's rule, in one table. Domain errors give NaN or ±Infinity, never a throw.
 *
 * @example
 * FUNCTION_RULES.tanh.first(0, Math.tanh(0)); // 1
 */
export const FUNCTION_RULES: Readonly<Record<FunctionName, FunctionRule>> = {
  sin: { value: Math.sin, first: (p) => Math.cos(p), second: (_p, r) => -r },
  cos: { value: Math.cos, first: (p) => -Math.sin(p), second: (_p, r) => -r },
  tan: { value: Math.tan, first: (_p, r) => 1 + r * r, second: (_p, r) => 2 * r * (1 + r * r) },
  exp: { value: Math.exp, first: (_p, r) => r, second: (_p, r) => r },
  log: { value: Math.log, first: (p) => 1 / p, second: (p) => -1 / (p * p) },
  sqrt: { value: Math.sqrt, first: (_p, r) => 0.5 / r, second: (_p, r) => -0.25 / (r * r * r) },
  // The kink at 0 gets slope 0 and curvature 0, as autodiff frameworks give it.
  abs: { value: Math.abs, first: (p) => Math.sign(p), second: () => 0, kink: 0 },
  tanh: { value: Math.tanh, first: (_p, r) => 1 - r * r, second: (_p, r) => -2 * r * (1 - r * r) },
  sigmoid: {
    value: (p) => 1 / (1 + Math.exp(-p)),
    first: (_p, r) => r * (1 - r),
    second: (_p, r) => r * (1 - r) * (1 - 2 * r),
  },
};
